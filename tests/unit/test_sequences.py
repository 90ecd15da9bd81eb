"""core.sequences against Keras' own utilities and small cases worked by hand."""

import numpy as np
import pytest

from core import sequences as seq


def test_tokenise_words_keeps_punctuation_and_folds_case_per_token():
    assert seq.tokenise("Harry Potter, and Hermione!") == [
        "harry",
        "potter",
        ",",
        "and",
        "hermione",
        "!",
    ]
    cased = seq.tokenise("İstanbul Café", lowercase=False)
    folded = seq.tokenise("İstanbul Café")
    assert cased == ["İstanbul", "Café"] and len(folded) == len(cased)


def test_tokenise_chars_collapses_whitespace():
    assert seq.tokenise("  Ab \n c ", level="char") == ["a", "b", " ", "c"]


def test_tokenise_rejects_unknown_level():
    with pytest.raises(ValueError, match="`level`"):
        seq.tokenise("a", level="bytes")


def test_word_vocabulary_keeps_most_frequent_and_maps_rest_to_unk():
    tokens = ["the", "cat", "saw", "the", "dog", "and", "the", "cat", "ran"]
    vocab = seq.word_vocabulary(tokens, max_size=4)  # <unk>, <eos> + 2 most frequent
    assert vocab.tokens == (seq.UNK, seq.EOS, "cat", "the")
    ids = vocab.encode(["the", "dog", "cat"])
    assert ids.tolist() == [3, 0, 2]


def test_one_hot_matches_keras_to_categorical():
    keras = pytest.importorskip("keras")
    ids = np.array([3, 0, 7, 7, 1])
    np.testing.assert_array_equal(seq.one_hot(ids, 9), keras.utils.to_categorical(ids, 9))


def test_one_hot_rejects_out_of_range_ids():
    with pytest.raises(ValueError, match=r"\[0, 4\)"):
        seq.one_hot([0, 4], 4)


def test_encode_text_truncates_but_counts_everything():
    enc = seq.encode_text("a b c d e f", level="word", vocab_size=10, max_steps=4)
    assert enc.T_x == 4 and enc.total_tokens == 6
    assert enc.one_hot.shape == (4, len(enc.vocab))
    np.testing.assert_array_equal(enc.one_hot.argmax(axis=1), enc.ids)


def test_encode_text_char_level_marks_non_ascii_as_unknown():
    enc = seq.encode_text("naïve 日本", level="char")
    assert enc.unknown == ("ï", "日", "本")
    assert enc.ids[enc.tokens.index("n")] == enc.vocab.tokens.index("n")


@pytest.mark.parametrize("bad", ["", "   \n\t", "x" * (seq.MAX_TEXT_CHARS + 1)])
def test_check_text_says_what_is_accepted(bad):
    with pytest.raises(ValueError, match=r"(empty|at most)"):
        seq.check_text(bad)


def test_sine_wave_is_seeded_and_shaped():
    a = seq.sine_wave(100, period=20, noise=0.3, seed=4)
    b = seq.sine_wave(100, period=20, noise=0.3, seed=4)
    c = seq.sine_wave(100, period=20, noise=0.3, seed=5)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (100,) and not np.allclose(a, c)
    clean = seq.sine_wave(41, period=40)
    assert clean[0] == pytest.approx(0.0, abs=1e-6) and clean[10] == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(
    ("window", "horizon", "stride"), [(5, 1, 1), (7, 3, 2), (1, 1, 5), (10, 4, 3)]
)
def test_make_windows_matches_keras_timeseries_dataset(window, horizon, stride):
    keras = pytest.importorskip("keras")
    series = np.random.default_rng(0).standard_normal(53).astype(np.float32)
    pairs = seq.make_windows(series, window, horizon, stride)
    # Keras pairs data[i : i + window] with targets[i]; shifting the targets by `window`
    # and taking `horizon` consecutive values per row reproduces our (input, target) pairs.
    n = len(pairs.starts)
    ds = keras.utils.timeseries_dataset_from_array(
        series[: n * stride - stride + window],
        None,
        sequence_length=window,
        sequence_stride=stride,
        batch_size=1000,
    )
    ref_inputs = np.concatenate([np.asarray(b) for b in ds])
    np.testing.assert_array_equal(pairs.inputs, ref_inputs)
    for k in range(horizon):
        np.testing.assert_array_equal(pairs.targets[:, k], series[pairs.starts + window + k])
    assert n == (series.size - window - horizon) // stride + 1


def test_make_windows_worked_by_hand():
    pairs = seq.make_windows(np.arange(7), window=3, horizon=2, stride=2)
    assert pairs.inputs.tolist() == [[0, 1, 2], [2, 3, 4]]
    assert pairs.targets.tolist() == [[3, 4], [5, 6]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(window=0), "`window` expected a positive integer, got 0"),
        (dict(window=3, horizon=-1), "`horizon`"),
        (dict(window=3, stride=1.5), "`stride`"),
        (dict(window=9, horizon=2), "needs at least 11"),
    ],
)
def test_make_windows_errors_name_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        seq.make_windows(np.arange(10), **kwargs)
