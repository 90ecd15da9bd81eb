"""core.rnn.music: parsing, the numpy LSTM against Keras, improvising, WAV, MIDI, ABC."""

import importlib.util
import io
import time
import wave

import numpy as np
import pytest

from core import assets
from core.rnn import cells, music

HAS_MUSIC21 = importlib.util.find_spec("music21") is not None
TUNE = """X:1
T:Test Jig
M:6/8
L:1/8
K:G
GAB cde|d2B G2z|
"""


def small_vocab() -> music.Vocab:
    events = tuple((p, t) for p in (-1, 60, 62, 64, 65, 67, 69, 71, 72) for t in (3, 6, 12))
    return music.Vocab(("4/4", "6/8"), events)


def random_model(units: int = 6, seed: int = 0) -> music.MusicLM:
    """A numpy MusicLM with random weights (no Keras needed)."""
    rng = np.random.default_rng(seed)
    vocab = small_vocab()
    n_x = vocab.size
    params = cells.CellParams(
        "lstm",
        rng.normal(0, 1, (n_x, 4 * units)),
        rng.normal(0, 0.5, (units, 4 * units)),
        rng.normal(0, 0.5, 4 * units),
    )
    return music.MusicLM(vocab, params, rng.normal(0, 2, (units, n_x)), rng.normal(0, 1, n_x))


@pytest.fixture
def model():
    return random_model()


# ----------------------------------------------------------------------------- parsing


@pytest.mark.skipif(not HAS_MUSIC21, reason="music21 not installed")
def test_parse_transposes_to_the_common_key_and_skips_bad_tunes():
    tunes = music.parse_abc([TUNE, "X:2\nT:Empty\nK:C\n", "not abc at all"])
    assert tunes.skipped == 2 and "2 of 3" in tunes.note
    assert tunes.titles == ("Test Jig",) and tunes.meters == ("6/8",) and tunes.keys == ("G",)
    # G major → C major by the nearest shift, up 5: G4 A4 B4 c d e → c d e f g a
    pitch, ticks = tunes.events[0].T
    assert pitch[:6].tolist() == [72, 74, 76, 77, 79, 81]
    assert ticks[:6].tolist() == [6] * 6 and pitch[-1] == music.REST


def test_parse_without_music21_returns_an_empty_set_with_a_note(monkeypatch):
    def missing():
        raise ModuleNotFoundError("no music21")

    monkeypatch.setattr(music, "music21_corpus_dir", missing)
    tunes = music.parse_books(5)
    assert tunes.titles == () and "music21 unavailable" in tunes.note


def test_tunes_round_trip_and_the_split_is_ninety_ten(tmp_path):
    events = tuple(np.array([[60 + i, 6], [music.REST, 3]]) for i in range(20))
    tunes = music.TuneSet(
        tuple(f"t{i}" for i in range(20)), ("6/8",) * 20, ("D",) * 20, events,
        np.arange(20) < 2, 1, "1 skipped",
    )  # fmt: skip
    music.save_tunes(tunes, tmp_path / "e.npz")
    back = music.load_tunes(tmp_path / "e.npz")
    assert back.titles == tunes.titles and back.skipped == 1 and back.split(True) == [0, 1]
    assert all((a == b).all() for a, b in zip(back.events, events, strict=True))


def test_vocab_maps_unseen_events_to_the_nearest_kept():
    vocab = small_vocab()
    ids = vocab.encode([[60, 6], [61, 6], [60, 5], [-1, 7]])
    assert vocab.decode(ids).tolist() == [[60, 6], [60, 6], [60, 6], [-1, 6]]


# ----------------------------------------------------------------------------- numpy vs Keras


def test_numpy_log_probs_equal_keras_at_every_step():
    keras = pytest.importorskip("keras")
    vocab = small_vocab()
    net = music.build(7, vocab.size)
    net.build((None, None))
    rng = np.random.default_rng(1)
    for layer in ("recurrent", "y"):
        lay = net.get_layer(layer)
        lay.set_weights([rng.normal(0, 0.6, w.shape) for w in lay.get_weights()])
    model = music.to_music_lm(net, vocab)
    seq = np.array([2, *vocab.encode([[60, 6], [62, 3], [-1, 12], [72, 6]]), 0])
    x, _, _ = music.make_dataset([seq], vocab, window=100)
    expected = keras.ops.convert_to_numpy(keras.activations.log_softmax(net(x)))[0]
    np.testing.assert_allclose(music.log_probs(model, seq[:-1]), expected, atol=1e-5)


def test_saved_model_loads_without_pickle(model, tmp_path):
    music.save(model, tmp_path / "m.npz")
    back = music.load(tmp_path / "m.npz")
    assert back.vocab == model.vocab
    np.testing.assert_allclose(music.log_probs(back, [1, 5, 6]), music.log_probs(model, [1, 5, 6]),
                               atol=1e-5)  # fmt: skip


# ----------------------------------------------------------------------------- improvising


def test_improvise_keeps_the_seed_and_draws_only_events(model):
    seed_events = np.array([[60, 6], [64, 6], [67, 12]])
    tune = music.improvise(model, seed_events, 40, 1.0, seed=3)
    assert tune.n_seed == 3 and len(tune.events) == 43 and len(tune.probs) == 43
    assert (tune.events[:3] == seed_events).all() and np.isnan(tune.probs[:3]).all()
    assert set(map(tuple, tune.events[3:].tolist())) <= set(model.vocab.events)
    assert ((tune.probs[3:] > 0) & (tune.probs[3:] <= 1)).all()


def test_same_seed_same_tune_and_seeds_differ(model):
    a = music.improvise(model, [[60, 6]], 30, 1.2, seed=7)
    b = music.improvise(model, [[60, 6]], 30, 1.2, seed=7)
    c = music.improvise(model, [[60, 6]], 30, 1.2, seed=8)
    assert (a.events == b.events).all() and np.array_equal(a.probs, b.probs, equal_nan=True)
    assert not (a.events == c.events).all()


def test_temperature_zero_is_greedy_whatever_the_seed(model):
    a = music.improvise(model, [[60, 6]], 20, 0.0, seed=1)
    b = music.improvise(model, [[60, 6]], 20, 0.0, seed=2)
    assert (a.events == b.events).all()


def test_zero_steps_and_empty_seed(model):
    assert len(music.improvise(model, [[60, 6]], 0).events) == 1
    assert len(music.improvise(model, np.zeros((0, 2)), 5, seed=0).events) == 5


@pytest.mark.parametrize(
    "kwargs, message",
    [({"temperature": -1}, "temperature"), ({"n_steps": music.MAX_STEPS + 1}, "n_steps"),
     ({"n_steps": -1}, "n_steps"), ({"temperature": float("nan")}, "temperature")],
)  # fmt: skip
def test_bad_arguments_name_the_argument(model, kwargs, message):
    args = {"weights": model, "seed_events": [[60, 6]], "n_steps": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        music.improvise(**args)


def test_opening_takes_whole_bars():
    ev = np.array([[60, 6]] * 20)  # eighths in 6/8: 6 a bar
    assert len(music.opening(ev, "6/8", 2)) == 12 and music.bar_ticks("3/4") == 36


# ----------------------------------------------------------------------------- audio, MIDI, ABC


def test_wav_is_22k_mono_16_bit_of_the_right_length_and_loudness():
    events = np.array([[69, 12], [music.REST, 12], [72, 24]])  # 4 quarters at 120 qpm = 2 s
    samples = music.synthesize(events, 120.0)
    assert abs(len(samples) / music.SAMPLE_RATE - 2.3) < 0.01  # + 0.3 s tail
    assert 0.05 < np.abs(samples).max() <= 0.8
    rest = samples[int(0.6 * music.SAMPLE_RATE) : int(1.0 * music.SAMPLE_RATE)]
    assert np.abs(rest).max() < 1e-3  # the rest is silent after the 80 ms release
    spectrum = np.abs(np.fft.rfft(samples[: music.SAMPLE_RATE // 2]))
    assert abs(np.argmax(spectrum) * 2 - 440) < 3  # the A4 fundamental dominates
    with wave.open(io.BytesIO(music.wav_bytes(samples))) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (22_050, 1, 2)
        assert w.getnframes() == len(samples)


def test_midi_round_trips_through_music21():
    music21 = pytest.importorskip("music21")
    events = np.array([[60, 6], [62, 3], [music.REST, 3], [67, 12], [72, 4], [71, 4], [69, 4]])
    data = music.midi_bytes(events, 100.0)
    assert data[:4] == b"MThd" and data[14:18] == b"MTrk"
    score = music21.converter.parseData(data, format="midi")
    notes = list(score.flatten().notes)
    assert [n.pitch.midi for n in notes] == [60, 62, 67, 72, 71, 69]
    got = [float(n.duration.quarterLength) for n in notes]
    np.testing.assert_allclose(got, [0.5, 0.25, 1.0, 1 / 3, 1 / 3, 1 / 3], atol=1e-6)
    assert float(notes[2].offset) == 1.0  # after the rest
    tempo = score.flatten().getElementsByClass("MetronomeMark")[0]
    assert tempo.number == pytest.approx(100.0)


def test_abc_text_by_hand():
    abc = music.abc_text([[60, 6], [72, 12], [84, 3], [48, 3], [61, 4], [-1, 8]], "3/4", "T")
    assert abc.splitlines()[:5] == ["X:1", "T:T", "M:3/4", "L:1/8", "K:C"]
    assert abc.splitlines()[5].startswith("C c2 c'/2 C,/2 ^C2/3 z4/3|")


@pytest.mark.skipif(not HAS_MUSIC21, reason="music21 not installed")
def test_abc_text_parses_back_with_music21():
    import music21

    events = np.array([[60, 6], [64, 6], [67, 6], [72, 18], [music.REST, 6], [71, 12]])
    score = music21.converter.parse(music.abc_text(events, "6/8"), format="abc")
    assert [n.pitch.midi for n in score.flatten().notes] == [60, 64, 67, 72, 71]


# ----------------------------------------------------------------------------- shipped


def _shipped():
    try:
        return music.load(), music.load_tunes()
    except assets.AssetError as err:
        pytest.skip(str(err))


def test_shipped_model_beats_the_baselines_and_is_small():
    model, tunes = _shipped()
    valid = music.sequences(tunes, model.vocab, True)
    quality = music.evaluate(model, valid)
    base = music.baselines(music.sequences(tunes, model.vocab, False), valid, model.vocab.size)
    assert quality["xent"] < base["bigram_xent"] < base["unigram_xent"]
    assert quality["xent"] == pytest.approx(model.meta["quality"]["xent"], abs=1e-4)
    assert assets.resolve(music.MODEL_FILE).stat().st_size < 10_000_000


def test_shipped_improvisation_stays_in_the_training_range_and_is_fast():
    model, tunes = _shipped()
    pitches = np.concatenate([tunes.events[i][:, 0] for i in tunes.split(False)])
    low, high = pitches[pitches >= 0].min(), pitches.max()
    i = tunes.split(True)[0]
    start = time.perf_counter()
    tune = music.improvise(model, music.opening(tunes.events[i], tunes.meters[i], 2), 64, 1.0, 0)
    music.wav_bytes(music.synthesize(tune.events))
    assert time.perf_counter() - start < 1.0  # the issue asks 300 ms; slack for busy CI
    notes = tune.events[tune.n_seed :, 0]
    assert ((notes == music.REST) | ((notes >= low) & (notes <= high))).all()
