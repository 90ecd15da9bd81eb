"""The shipped next-step models: exact re-runs of their Keras networks, and their quality."""

import numpy as np
import pytest

from core import assets
from core.corpora import CHARS, python_doc_words, split_words
from core.rnn import next_step


def test_clean_word_strips_accents_and_names_what_it_drops():
    assert next_step.clean_word("  Café ") == ("cafe", ())
    word, dropped = next_step.clean_word("naïve-2 日本")
    assert word == "naive" and dropped == ("-", "2", " ", "日", "本")
    assert next_step.clean_word("x" * 100)[0] == "x" * next_step.MAX_WORD


def test_encode_word_follows_the_course_convention():
    x, targets = next_step.encode_word("ab")
    assert x.shape == (3, len(CHARS)) and not x[0].any()  # x⟨1⟩ = 0⃗
    assert x[1].argmax() == CHARS.index("a") and x[2].argmax() == CHARS.index("b")
    assert [CHARS[i] for i in targets] == ["a", "b", "\n"]


@pytest.fixture(scope="module")
def word_models():
    return next_step.load_bundle(assets.resolve("next_step_word.npz"))


@pytest.fixture(scope="module")
def sine_models():
    return next_step.load_bundle(assets.resolve("next_step_sine.npz"))


def test_bundle_holds_every_cell_and_size(word_models, sine_models):
    for models, meta in (word_models, sine_models):
        assert set(models) == {(k, u) for k in next_step.KINDS for u in next_step.UNITS}
        assert meta["units"] == list(next_step.UNITS)


def test_numpy_prediction_equals_the_keras_network(word_models):
    keras = pytest.importorskip("keras")
    from core.rnn.next_step_fit import build

    model = word_models[0][("gru", 16)]
    net = build("gru", 16, len(CHARS), len(CHARS))
    net.set_weights([model.params.W, model.params.U, model.params.b, model.Wy, model.by])
    x, _ = next_step.encode_word("recurrent")
    logits = np.asarray(net(x[None].astype("float32")))[0]
    np.testing.assert_allclose(
        next_step.predict(model, x).y_hat,
        keras.ops.convert_to_numpy(keras.activations.softmax(logits)),
        atol=1e-5,
    )


def test_word_models_beat_the_bigram_baseline_on_held_out_words(word_models):
    from core.rnn.next_step_fit import ngram_bits_per_char, word_bits_per_char

    train, valid = split_words(python_doc_words())
    bigram = ngram_bits_per_char(train, valid, 2)
    for kind in next_step.KINDS:
        bits = word_bits_per_char(word_models[0][(kind, 32)], valid)
        assert bits < bigram, f"{kind}-32: {bits:.3f} bits/char vs bigram {bigram:.3f}"


def test_sine_models_beat_persistence_on_fresh_waves(sine_models):
    from core.rnn.next_step_fit import sine_rmse

    for kind in next_step.KINDS:
        rmse, persistence = sine_rmse(sine_models[0][(kind, 16)], n=60)
        assert rmse < 0.6 * persistence, f"{kind}-16: RMSE {rmse:.3f} vs {persistence:.3f}"


def test_probabilities_are_distributions(word_models):
    x, _ = next_step.encode_word("gradient")
    p = next_step.predict(word_models[0][("rnn", 4)], x).y_hat
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-9)
