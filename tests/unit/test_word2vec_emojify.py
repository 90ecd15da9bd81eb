"""word2vec's pieces by hand and in Keras; Emojify's numpy LSTM against Keras and its quality."""

import numpy as np
import pytest

from core import assets
from core.embeddings import emojify, emojify_data
from core.embeddings import word2vec as w2v
from core.embeddings.glove import Embeddings


@pytest.fixture(scope="module")
def emb():
    return Embeddings.load()


def test_sampling_distribution_is_the_three_quarter_power():
    counts = np.array([100, 10, 1])
    p = w2v.sampling_distribution(counts)
    assert p.sum() == pytest.approx(1.0)
    assert p[0] / p[1] == pytest.approx(10**0.75)


def test_skipgram_pairs_stay_within_the_window():
    ids = np.arange(50) % 7
    rng = np.random.default_rng(0)
    c, t = w2v.skipgram_pairs(ids, 2, rng, subsample=1.0)  # keeps every word
    assert len(c) == 2 * (49 + 48)
    positions = {
        (a, b) for i, a in enumerate(ids) for j, b in enumerate(ids) if 0 < abs(i - j) <= 2
    }
    assert set(zip(c.tolist(), t.tolist(), strict=True)) <= positions


def test_cooccurrence_counts_by_hand():
    ids = np.array([0, 1, 2, 0, 1])
    x = w2v.cooccurrence(ids, 3, window=1, weighted=False)
    assert x[0, 1] == x[1, 0] == 2 and x[1, 2] == 1 and x[2, 0] == 1 and x[0, 0] == 0
    np.testing.assert_allclose(w2v.glove_weight(np.array([0, 50, 100, 400])),
                               [0, 0.5**0.75, 1, 1])  # fmt: skip


def test_keras_skipgram_logits_are_dot_products():
    model = w2v.build_model(20, 4, seed=1)
    e = model.get_layer("embedding").get_weights()[0]
    theta = model.get_layer("theta").get_weights()[0]
    logits = model([np.array([3, 5]), np.array([[1, 2, 7], [4, 4, 0]])]).numpy()
    np.testing.assert_allclose(logits[0], theta[[1, 2, 7]] @ e[3], atol=1e-6)
    np.testing.assert_allclose(logits[1], theta[[4, 4, 0]] @ e[5], atol=1e-6)


def test_tiny_word2vec_training_lowers_the_loss():
    run = w2v.train(w2v.pydoc_text()[:60_000], dim=8, epochs=3, negatives=3, max_vocab=300)
    assert run.losses[-1] < run.losses[0]
    assert len(run.snapshots) == 4 and run.snapshots[-1][1].shape == (len(run.vocab.words), 8)
    with pytest.raises(ValueError, match="at least 10"):
        w2v.train("too short a text", epochs=1)


def test_dataset_is_large_balanced_and_split_without_overlap():
    pairs = emojify_data.make_dataset()
    assert len(pairs) >= 300 and len({s for s, _ in pairs}) == len(pairs)
    counts = np.bincount([y for _, y in pairs])
    assert counts.min() == counts.max()
    train, test = emojify_data.split(pairs)
    assert not {s for s, _ in train} & {s for s, _ in test}
    assert sum(" not " in f" {s} " for s, y in pairs if y in (2, 3)) > 20  # negations present


def test_numpy_lstm_matches_keras(emb):
    vocab = emojify.lstm_vocab(emb, ["i love you", "let us eat"])[:3000]
    matrix = emojify.embedding_matrix(emb, vocab)
    model = emojify.build_lstm(matrix, seed=2)  # random weights: nothing trained needed
    weights = {
        "avg_W": np.zeros((5, 50)),
        "avg_b": np.zeros(5),
        **emojify.weights_from_keras(model),
    }
    numpy_models = emojify.EmojiModels(weights, vocab, emb)
    sentences = ["i love you", "let us eat pizza now please", "zzzqx unknown words", "a"]
    index = {w: i for i, w in enumerate(vocab)}
    ids = np.stack([emojify.encode(s, index) for s in sentences])
    keras_probs = model(ids, training=False).numpy()
    ours = np.stack([p.probs for p in numpy_models.lstm_batch(sentences)])
    np.testing.assert_allclose(ours, keras_probs, atol=1e-5)


def test_shipped_models_quality_and_the_negation_lesson(emb):
    models, _ = emojify.load(assets.resolve(emojify.MODEL_FILE), emb)
    lines = assets.resolve(emojify.DATA_FILE).read_text(encoding="utf-8").splitlines()[1:]
    test = [(s, int(y)) for s, y, part in (ln.rsplit(",", 2) for ln in lines) if part == "test"]
    lstm = np.mean(
        [
            p.label == y
            for p, (_, y) in zip(models.lstm_batch([s for s, _ in test]), test, strict=True)
        ]
    )
    avg = np.mean([models.average_model(s).label == y for s, y in test])
    assert lstm >= 0.9 and avg >= 0.6 and lstm > avg
    sad = emojify_data.NAMES.index("sad")
    assert models.lstm_model("not feeling happy").label == sad
    assert models.average_model("not feeling happy").label != sad  # the course's failure
    assert models.lstm_model("i don't like this").label == sad  # contractions in training
    p = models.average_model("i love you")
    np.testing.assert_allclose(
        p.contributions.sum(axis=0) + models.w["avg_b"], np.log(p.probs) - np.log(p.probs).mean()
        + (p.contributions.sum(axis=0) + models.w["avg_b"]).mean(), atol=1e-6,
    )  # fmt: skip


def test_tokens_keep_accented_words_whole():
    assert w2v.tokens("Le café et l'élève") == ["le", "café", "et", "l'élève"]


def test_a_corpus_without_content_words_is_refused_before_training():
    with pytest.raises(ValueError, match="stop words or shorter than 3 letters"):
        w2v.train("ab cd ef gh ij kl mn op qr st uv wx " * 6, epochs=1)


def test_reported_loss_is_the_courses_l_summed_over_k_plus_one_terms():
    text = w2v.pydoc_text()[:40_000]
    run = w2v.train(text, dim=8, negatives=4, epochs=1, seed=0)
    # At the start every σ(θ·e) ≈ 0.5, so each of the 1 + k terms costs about log 2:
    # L ≈ 5 log 2 = 3.47 in the first epoch, where the mean cross-entropy would be ≈ 0.69.
    assert run.losses[0] > 2.0, run.losses


def test_emojify_reads_contractions_and_punctuation_as_glove_words(emb):
    assert emojify.words_of("I don't like this!") == ["i", "do", "n't", "like", "this"]
    _, known, unknown = emojify.average(emb, "you! hungry? let's eat.")
    assert unknown == [] and known == ["you", "hungry", "let", "'s", "eat"]
