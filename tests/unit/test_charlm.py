"""core.rnn.charlm: corpora, the numpy model against Keras, sampling, beam search, quality."""

import importlib.util

import numpy as np
import pytest

from core import assets
from core.rnn import cells, charlm
from core.translation import beam

TEXT = "abc\nbca\ncab\naabbcc\nabcabc\n"


def random_model(kind: str, chars: str = "\nabcdefgh", units: int = 6, seed: int = 0):
    """A numpy CharLM with random weights (no Keras needed)."""
    rng = np.random.default_rng(seed)
    k = {"gru": 3, "lstm": 4}[kind]
    n_x = len(chars)
    b = rng.normal(0, 0.5, (2, k * units) if kind == "gru" else (k * units,))
    params = cells.CellParams(
        kind, rng.normal(0, 1, (n_x, k * units)), rng.normal(0, 0.5, (units, k * units)), b
    )
    wy, by = rng.normal(0, 2, (units, n_x)), rng.normal(0, 1, n_x)
    return charlm.CharLM(charlm.Vocab(chars), params, wy, by, {"max_len": 12})


@pytest.fixture(params=charlm.KINDS)
def model(request):
    return random_model(request.param)


# ----------------------------------------------------------------------------- data


def test_dataset_follows_the_course_convention():
    vocab = charlm.Vocab("\nab")
    x, y, mask = charlm.make_dataset(["ab", "b?a"], vocab, window=10)
    assert x.shape == y.shape == mask.shape == (2, 4)
    assert list(x[0, :3]) == [vocab.bos, 1, 2] and list(y[0, :3]) == [1, 2, 0]  # x⟨t⟩ = y⟨t−1⟩
    assert list(mask[0]) == [1, 1, 1, 0]
    # "?" is unknown: read as the zero input, not scored as a target
    assert list(x[1]) == [vocab.bos, 2, vocab.bos, 1] and list(mask[1]) == [1, 0, 1, 1]
    x, y, mask = charlm.make_dataset(["abab"], vocab, window=2)  # long sequences are chunked
    assert x.tolist() == [[vocab.bos, 1], [2, 1], [2, vocab.bos]] and mask[-1].tolist() == [1, 0]


def test_split_is_fixed_disjoint_and_ninety_ten():
    words = [f"w{i}" for i in range(200)]
    train, valid = charlm.split(words)
    assert (train, valid) == charlm.split(list(reversed(words)) + words[:5])
    assert len(valid) == 20 and not set(train) & set(valid)
    assert set(train) | set(valid) == set(words)


def test_dinosaurs_come_from_assets_with_a_fixed_split():
    corpus = charlm.load_corpus("dinosaurs")
    lines = assets.resolve(charlm.DINOSAUR_FILE).read_text(encoding="utf-8").split()
    assert len(corpus.train) + len(corpus.valid) == len(set(lines)) == 1600
    assert len(corpus.valid) == 160
    assert corpus.vocab.chars == "\n" + "".join(sorted(set("".join(lines))))


def test_names_are_folded_deduplicated_letters():
    corpus = charlm.load_corpus("names")
    everything = corpus.train + corpus.valid
    assert len(everything) > 2000 and len(set(everything)) == len(everything)
    assert set("".join(everything)) <= set("abcdefghijklmnopqrstuvwxyz-")
    assert charlm.fold("José-María") == "jose-maria"
    vocab = corpus.vocab  # typed names are folded the same way before encoding
    assert vocab.encode("JOSÉ").tolist() == vocab.encode("jose").tolist()
    assert (vocab.encode("jose") > 0).all()


def test_split_abc_keeps_meter_length_key_and_notes():
    text = (
        "X: 1\nT: A Tune\nM: 6/8\nL: 1/8\nR: jig\nK:D\n"
        '"D"ABc d2e | % comment\nfed cBA \\\nK:G\nG3 G3 ||\n\nX: 2\nT: Empty\nK:C\n'
    )
    assert charlm.split_abc(text) == ["[M:6/8][L:1/8][K:D]ABc d2e | fed cBA [K:G] G3 G3 ||"]


@pytest.mark.skipif(importlib.util.find_spec("music21") is None, reason="music21 not installed")
def test_tunes_are_one_line_abc():
    corpus = charlm.load_corpus("tunes")
    assert len(corpus.train) + len(corpus.valid) > 2500
    assert all("\n" not in t and "[K:" in t for t in corpus.train[:200])


def test_tunes_without_music21_say_how_to_install_it(monkeypatch):
    monkeypatch.setattr(charlm.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="pip install music21"):
        charlm.music21_corpus_dir()


def test_corpus_from_text_splits_lines_and_keeps_a_vocabulary():
    corpus = charlm.corpus_from_text(TEXT.encode())
    assert sorted(corpus.train + corpus.valid) == sorted(TEXT.split())
    assert corpus.vocab.chars == "\nabc" and len(corpus.valid) == 1


@pytest.mark.parametrize(
    "bad, message",
    [
        ("", "0 distinct non-empty line"),
        ("   \n\t\n", "0 distinct non-empty line"),
        ("only one line", "1 distinct non-empty line"),
        ("brontosaurus\n" * 1000, "1 distinct non-empty line"),  # nothing left to train on
        (b"caf\xe9\nabc\n", "not valid UTF-8"),
        (b"\x00\x01\x02binary\nfile", "looks binary"),
        ("ab\n" * 400_000, "too large"),
        ("é" * 600_000 + "\nx", "too large"),  # 1.2 MB in UTF-8
    ],
)
def test_corpus_from_text_rejects_bad_input_naming_what_is_accepted(bad, message):
    with pytest.raises(ValueError, match=message) as err:
        charlm.corpus_from_text(bad)
    assert "UTF-8 text (.txt) up to 1 MB" in str(err.value)


# ----------------------------------------------------------------------------- numpy vs Keras


@pytest.mark.parametrize("kind", charlm.KINDS)
def test_numpy_softmax_equals_keras_at_every_step(kind):
    keras = pytest.importorskip("keras")
    vocab = charlm.Vocab("\nabcdefgh")
    net = charlm.build(kind, 7, vocab.size)
    rng = np.random.default_rng(1)
    net.build((None, None))
    for layer in ("recurrent", "y"):  # random biases too, not Keras' zeros
        lay = net.get_layer(layer)
        lay.set_weights([rng.normal(0, 0.6, w.shape) for w in lay.get_weights()])
    model = charlm.to_charlm(net, vocab)
    for text in ("abcabc", "hgfedcbaabcdefgh", "a?b", ""):
        x, _, _ = charlm.make_dataset([text], vocab, window=100)
        expected = keras.ops.convert_to_numpy(keras.activations.softmax(net(x)))[0]
        got = charlm.read(model, text).probs
        np.testing.assert_allclose(got, expected, atol=1e-5)


def test_saved_model_loads_without_pickle_and_predicts_the_same(model, tmp_path):
    path = tmp_path / "m.npz"
    charlm.save(model, path)
    back = charlm.load(path)
    assert back.vocab == model.vocab and back.kind == model.kind and back.meta == model.meta
    np.testing.assert_allclose(
        charlm.read(back, "abcd").probs, charlm.read(model, "abcd").probs, atol=1e-5
    )


def test_read_gives_every_gate_and_bits(model):
    reading = charlm.read(model, "ab?c")
    assert reading.chars == "ab\ufffdc\n" and reading.probs.shape == (5, model.vocab.size)
    assert set(reading.trace.gates) == set(cells.GATES[model.kind])
    assert np.isnan(reading.bits[2]) and np.isfinite(np.delete(reading.bits, 2)).all()
    np.testing.assert_allclose(reading.probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(charlm.bits_per_char(model, "ab?c"), reading.bits)


def test_corpus_bits_per_char_equals_the_mean_of_per_character_bits(model):
    words = ["abc", "hgfedcbaab", "e", "ab?"]
    bits = np.concatenate([charlm.bits_per_char(model, w) for w in words])
    assert charlm.corpus_bits_per_char(model, words) == pytest.approx(np.nanmean(bits))


def test_bigram_baseline_by_hand():
    corpus = charlm.Corpus("t", ("ab",), ("ab",), charlm.Vocab("\nab"), "test")
    # counts + 1 per row: bos → a: 2/4; a → b: 2/4; b → END: 2/4
    assert charlm.bigram_bits_per_char(corpus) == pytest.approx(1.0)


# ----------------------------------------------------------------------------- sampling


def test_temperature_zero_is_argmax_at_every_step(model):
    s = charlm.sample(model, prefix="ab", temperature=0.0)
    probs = charlm.read(model, s.text).probs[2:]
    drawn = model.vocab.encode(s.text[2:]).tolist() + ([0] if s.ended else [])
    assert drawn == probs.argmax(axis=1)[: len(drawn)].tolist()
    for row, top in zip(probs, s.top, strict=False):  # T = 0 shows the softmax at T = 1
        assert top[0][1] == pytest.approx(row.max())


def test_top_is_the_sorted_distribution_drawn_from(model):
    s = charlm.sample(model, temperature=1.5, seed=3)
    assert len(s.top) == len(s.chosen) == len(s.text) + s.ended
    for top, p in zip(s.top, s.chosen, strict=True):
        probs = [q for _, q in top]
        assert len(top) <= 10 and probs == sorted(probs, reverse=True) and sum(probs) <= 1 + 1e-9
        assert p > 0
    probs = charlm.read(model, s.text).probs
    z = np.log(probs[0]) / 1.5
    expected = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert s.top[0][0][1] == pytest.approx(expected.max())


def test_top_k_cuts_and_zero_or_large_k_does_not(model):
    s = charlm.sample(model, top_k=3, seed=1)
    assert all(len(top) <= 3 for top in s.top)
    assert all(c in [ch for ch, _ in top] for c, top in zip(s.text, s.top, strict=False))
    base = charlm.sample(model, seed=5)
    for k in (0, model.vocab.size, 1000):
        assert charlm.sample(model, top_k=k, seed=5) == base
    assert charlm.sample(model, top_k=1, seed=7).text == charlm.sample(model, temperature=0).text


def test_same_seed_same_sample_and_seeds_differ(model):
    assert charlm.sample(model, seed=11) == charlm.sample(model, seed=11)
    assert len({charlm.sample(model, seed=i).text for i in range(20)}) > 1


def test_max_len_limits_the_text_and_long_prefixes_are_refused(model):
    s = charlm.sample(model, prefix="abc", max_len=5, seed=0)
    assert len(s.text) <= 5 and s.text.startswith("abc")
    assert charlm.sample(model, prefix="abcde", max_len=5).text == "abcde"
    with pytest.raises(ValueError, match="more than `max_len` = 5"):
        charlm.sample(model, prefix="abcdef", max_len=5)


def test_unknown_prefix_characters_are_shown_not_fatal(model):
    s = charlm.sample(model, prefix="a☃\nB", seed=0)
    assert s.prefix == "a\ufffd\ufffd\ufffd" and s.text.startswith(s.prefix)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"temperature": -0.1}, "temperature"),
        ({"temperature": float("nan")}, "temperature"),
        ({"top_k": -1}, "top_k"),
        ({"top_k": 2.5}, "top_k"),
        ({"max_len": 0}, "max_len"),
    ],
)
def test_bad_sampling_arguments_name_the_argument(model, kwargs, message):
    with pytest.raises(ValueError, match=message):
        charlm.sample(model, **kwargs)


# ----------------------------------------------------------------------------- beam search


def test_log_prob_fn_drives_beam_search(model):
    fn = charlm.log_prob_fn(model)
    bos = model.vocab.bos
    scores = fn([[bos], [bos, 1, 2], [bos, 3, 3]])
    np.testing.assert_allclose(np.exp(scores).sum(axis=1), 1.0)
    result = beam.beam_search(fn, bos, 0, beam_width=1, max_len=model.max_len)
    assert list(result.best.tokens) == beam.greedy(fn, bos, 0, model.max_len)
    wide = beam.beam_search(fn, bos, 0, beam_width=4, max_len=model.max_len)
    assert wide.best.log_prob >= result.best.log_prob - 1e-9
    text = model.vocab.decode(wide.best.tokens).rstrip("\n")
    bits = charlm.bits_per_char(model, text)
    if wide.best.tokens[-1] == 0:  # ended: its log P is the sum over the characters and END
        assert wide.best.log_prob == pytest.approx(-bits.sum() * np.log(2))


# ----------------------------------------------------------------------------- training


def test_fit_reports_each_epoch_with_a_model_that_samples():
    pytest.importorskip("keras")
    corpus = charlm.corpus_from_text("\n".join(["abcd", "bcda", "cdab", "dabc"] * 10))
    seen = []
    config = charlm.TrainConfig(units=4, epochs=2, batch_size=8, clipvalue=0.5)
    result = charlm.fit(corpus, config, lambda e, logs, m: seen.append((e, logs, m)))
    assert [e for e, _, _ in seen] == [0, 1] and len(result.history["bits_per_char"]) == 2
    assert set(seen[0][1]) == {"bits_per_char", "val_bits_per_char", "seconds"}
    assert charlm.sample(seen[-1][2], seed=0).text is not None
    np.testing.assert_allclose(
        charlm.corpus_bits_per_char(result.model, corpus.valid),
        result.history["val_bits_per_char"][-1],
        rtol=1e-4,
    )
    for clips in ({"clipnorm": 1.0, "clipvalue": 0.5}, {"clipnorm": 0.0}, {"clipvalue": -1.0}):
        with pytest.raises(ValueError, match="at most one positive"):
            charlm.fit(corpus, charlm.TrainConfig(epochs=1, **clips))


# ----------------------------------------------------------------------------- shipped models


def _shipped_corpora():
    kept = ["dinosaurs", "names"]
    return kept + (["tunes"] if importlib.util.find_spec("music21") else [])


@pytest.mark.parametrize("kind", charlm.KINDS)
def test_shipped_dinosaur_model_invents_names(kind):
    model = charlm.load_shipped("dinosaurs", kind)
    corpus = charlm.load_corpus("dinosaurs")
    names = [charlm.sample(model, temperature=1.0, seed=i).text for i in range(100)]
    novel = sum(n not in set(corpus.train) for n in names)
    assert novel >= 80, names


@pytest.mark.parametrize("corpus_name", _shipped_corpora())
@pytest.mark.parametrize("kind", charlm.KINDS)
def test_shipped_models_beat_the_bigram_baseline(corpus_name, kind):
    model = charlm.load_shipped(corpus_name, kind)
    corpus = charlm.load_corpus(corpus_name)
    bits = charlm.corpus_bits_per_char(model, corpus.valid)
    baseline = charlm.bigram_bits_per_char(corpus)
    assert bits < baseline
    if model.meta["source"] == corpus.source:  # the package version it was trained on
        assert model.vocab == corpus.vocab
        assert model.meta["valid_bits_per_char"] == pytest.approx(bits, abs=1e-4)
        assert model.meta["bigram_bits_per_char"] == pytest.approx(baseline)
    assert assets.resolve(charlm.shipped_file(corpus_name, kind)).stat().st_size < 5_000_000
