"""Music generation with an LSTM: Irish folk tunes as note events, improvised in numpy.

Course: Sequence Models, week 1 — the assignment "Improvise a Jazz Solo with an LSTM
Network" (one-to-many: the same cell fed its own output), on tunes that ship offline.

Tokenisation: one token per *event* = (MIDI pitch or rest, duration), not ABC characters
as folk-rnn (Sturm et al. 2016) did. An event is the unit a listener hears and a piano
roll draws, so each step's probability colours exactly one note; sequences are ~3× shorter
than the ABC text (a 64-step improvisation is 64 notes); and every sample is playable —
a character model can emit ABC that does not parse. The cost is a larger vocabulary
(pitch × duration pairs), kept small by transposing every tune to a common key
(its key signature moved to no sharps or flats: C major, A minor, D dorian …) and by
mapping the rare pairs to the nearest kept one.

A tune is [meter token, events…, END]; the model reads x⟨1⟩ = 0⃗, then y⟨t−1⟩ (one-hot).
music21 (a slow import) parses the ABC only in `parse_books`, run by
`python -m core.train music`; the parsed events ship as assets/music_events.npz, so
pages never import it. Keras trains (`fit`, lazy); inference is numpy (core.rnn.cells).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt

from core import assets
from core.rnn import cells
from core.rnn.activations import softmax
from core.rnn.charlm import TUNE_BOOKS, music21_corpus_dir

Array = npt.NDArray[np.float64]
Events = npt.NDArray[np.int64]  # (n, 2): MIDI pitch (REST = −1), duration in TICKS
TICKS = 12  # per quarter note: eighths (6), sixteenths (3) and triplet eighths (4)
REST = -1
MAX_PER_BOOK = 400  # tunes parsed per book (music21 needs ~0.15 s a tune)
MAX_STEPS = 512  # the most events one `improvise` call draws
MIN_COUNT = 3  # an event seen fewer times in training maps to the nearest kept one
SPLIT_SEED, VALID_FRACTION = 0, 0.1
EVENTS_FILE, MODEL_FILE = "music_events.npz", "music_lstm.npz"


# ----------------------------------------------------------------------------- parsing (music21)


@dataclass(frozen=True)
class TuneSet:
    """Parsed tunes in the common key: events, meter, original key; 10% held out."""

    titles: tuple[str, ...]
    meters: tuple[str, ...]  # "6/8"
    keys: tuple[str, ...]  # the key before transposition, "G major"
    events: tuple[Events, ...]
    valid: npt.NDArray[np.bool_]  # (n_tunes,) held out
    skipped: int = 0  # tunes that failed to parse
    note: str = ""  # why tunes were skipped (e.g. music21 missing)

    def split(self, held_out: bool) -> list[int]:
        return [i for i in range(len(self.titles)) if bool(self.valid[i]) == held_out]


def abc_blocks(text: str) -> list[str]:
    """The tunes of an ABC file, each "X:…" up to the next."""
    return ["X:" + block for block in re.split(r"(?m)^X:", text)[1:] if block.strip()]


def parse_tune(abc: str) -> tuple[Events, str, str, str]:
    """(events, meter, original key, title) of one ABC tune, in the common key.

    Grace notes are dropped, a chord keeps its top note, durations round to 1/TICKS.
    Raises ValueError (or music21's errors) when the tune has no notes.
    """
    import music21

    score = music21.converter.parse(abc, format="abc")
    flat = score.flatten()
    sig = next(iter(flat.getElementsByClass("KeySignature")), None)
    sharps = sig.sharps if sig is not None else 0
    shift = -((sharps * 7) % 12)  # semitones that move the signature to 0 sharps
    shift += 12 if shift < -6 else 0
    out = []
    for n in flat.notesAndRests:
        ticks = round(float(n.duration.quarterLength) * TICKS)
        if n.duration.isGrace or ticks <= 0:
            continue
        pitch = REST if n.isRest else max(p.midi for p in n.pitches) + shift
        if out and pitch == REST and out[-1][0] == REST:
            out[-1][1] += ticks
        else:
            out.append([pitch, ticks])
    if not any(p != REST for p, _ in out):
        raise ValueError("the tune has no notes")
    head = lambda f, default: next(iter(re.findall(rf"(?m)^{f}:\s*(.+?)\s*$", abc)), default)  # noqa: E731
    meter = {"C": "4/4", "C|": "2/2"}.get(head("M", "4/4"), head("M", "4/4"))
    meter = meter if re.fullmatch(r"\d+/\d+", meter) else "4/4"
    return np.array(out, np.int64), meter, head("K", "C"), head("T", "untitled")


def parse_books(
    max_per_book: int = MAX_PER_BOOK, on_tune: Callable[[int, int], None] | None = None
) -> TuneSet:
    """The first `max_per_book` tunes of each of TUNE_BOOKS; failures are counted, not raised."""
    try:
        import music21  # noqa: F401

        root = music21_corpus_dir()
    except Exception as err:
        return TuneSet((), (), (), (), np.zeros(0, bool), 0, f"music21 unavailable: {err}")
    blocks = []
    for book in TUNE_BOOKS:
        found = [b for p in sorted((root / book).glob("*.abc"))
                 for b in abc_blocks(p.read_text(encoding="utf-8", errors="replace"))]  # fmt: skip
        blocks += found[:max_per_book]
    return parse_abc(blocks, on_tune)


def parse_abc(blocks: list[str], on_tune: Callable[[int, int], None] | None = None) -> TuneSet:
    """Parse ABC tunes, skipping (and counting) those music21 cannot read; split 90/10."""
    parsed, skipped = [], 0
    for i, block in enumerate(blocks):
        try:
            parsed.append(parse_tune(block))
        except Exception:
            skipped += 1
        if on_tune is not None:
            on_tune(i + 1, len(blocks))
    valid = np.zeros(len(parsed), bool)
    order = np.random.default_rng(SPLIT_SEED).permutation(len(parsed))
    valid[order[: max(1, round(VALID_FRACTION * len(parsed))) if parsed else 0]] = True
    note = f"{skipped} of {len(blocks)} tunes failed to parse and were skipped" if skipped else ""
    return TuneSet(tuple(t for _, _, _, t in parsed), tuple(m for _, m, _, _ in parsed),
                   tuple(k for _, _, k, _ in parsed), tuple(e for e, _, _, _ in parsed),
                   valid, skipped, note)  # fmt: skip


def save_tunes(tunes: TuneSet, path: Path) -> None:
    """One .npz: concatenated events with offsets, and a JSON header (no pickles)."""
    lengths = [len(e) for e in tunes.events]
    header = {"titles": tunes.titles, "meters": tunes.meters, "keys": tunes.keys,
              "skipped": tunes.skipped, "note": tunes.note}  # fmt: skip
    flat = np.concatenate(tunes.events) if tunes.events else np.zeros((0, 2), np.int64)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, header=np.array(json.dumps(header)), events=flat.astype(np.int16),
                            offsets=np.cumsum([0, *lengths]), valid=tunes.valid)  # fmt: skip


def load_tunes(path: Path | None = None) -> TuneSet:
    """Inverse of `save_tunes`; default: the shipped assets/music_events.npz."""
    with np.load(path or assets.resolve(EVENTS_FILE), allow_pickle=False) as data:
        h = json.loads(str(data["header"]))
        flat, off = data["events"].astype(np.int64), data["offsets"]
        events = tuple(flat[a:b] for a, b in itertools.pairwise(off))
        return TuneSet(tuple(h["titles"]), tuple(h["meters"]), tuple(h["keys"]), events,
                       data["valid"].astype(bool), h["skipped"], h["note"])  # fmt: skip


# ----------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Vocab:
    """Token ids: 0 = END, then one per meter, then one per (pitch, ticks) event."""

    meters: tuple[str, ...]
    events: tuple[tuple[int, int], ...]

    @property
    def size(self) -> int:
        return 1 + len(self.meters) + len(self.events)

    @property
    def bos(self) -> int:
        """The start input x⟨1⟩ = 0⃗ (not a token)."""
        return self.size

    @property
    def first_event(self) -> int:
        return 1 + len(self.meters)

    def meter_id(self, meter: str) -> int:
        return 1 + (self.meters.index(meter) if meter in self.meters else 0)

    def encode(self, events: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Event ids; an unseen event maps to the nearest kept (pitch first, then duration)."""
        ev = np.asarray(events, np.int64).reshape(-1, 2)
        table = np.array(self.events, np.int64)  # (k, 2)
        cost = 1000 * np.abs(ev[:, None, 0] - table[None, :, 0]) + np.abs(
            ev[:, None, 1] - table[None, :, 1]
        )  # (n, k); rests (−1) are far from every pitch
        return self.first_event + np.argmin(cost, axis=1)

    def decode(self, ids: npt.ArrayLike) -> Events:
        """(n, 2) events of event ids (END and meters are not events)."""
        table = np.array(self.events, np.int64)
        return table[np.asarray(ids, np.int64).ravel() - self.first_event].reshape(-1, 2)

    @classmethod
    def from_tunes(cls, tunes: TuneSet, indices: list[int]) -> Vocab:
        counts = Counter(tuple(int(v) for v in e) for i in indices for e in tunes.events[i])
        kept = sorted(e for e, n in counts.items() if n >= MIN_COUNT)
        return cls(tuple(sorted({tunes.meters[i] for i in indices})), tuple(kept))


def sequences(tunes: TuneSet, vocab: Vocab, held_out: bool) -> list[npt.NDArray[np.int64]]:
    """Token ids [meter, events…, END] of the training or held-out tunes."""
    return [np.concatenate([[vocab.meter_id(tunes.meters[i])], vocab.encode(tunes.events[i]),
                            [0]]) for i in tunes.split(held_out)]  # fmt: skip


# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class MusicLM:
    """The LSTM as plain arrays: ŷ⟨t⟩ = softmax(Wy a⟨t⟩ + by)."""

    vocab: Vocab
    params: cells.CellParams
    Wy: Array  # (n_a, n_y)
    by: Array  # (n_y,)
    meta: dict = field(default_factory=dict, compare=False)


def save(model: MusicLM, path: Path) -> None:
    """One .npz, float32 weights and a JSON header (no pickles)."""
    p = model.params
    header = {"meters": model.vocab.meters, "events": model.vocab.events, "meta": model.meta}
    arrays = {"W": p.W, "U": p.U, "b": p.b, "Wy": model.Wy, "by": model.by}
    with open(path, "wb") as fh:
        floats = {k: np.asarray(v, np.float32) for k, v in arrays.items()}
        np.savez_compressed(fh, header=np.array(json.dumps(header)), **floats)


def load(path: Path | None = None) -> MusicLM:
    """Inverse of `save`; default: the shipped assets/music_lstm.npz."""
    with np.load(path or assets.resolve(MODEL_FILE), allow_pickle=False) as data:
        h = json.loads(str(data["header"]))
        g = lambda k: data[k].astype(np.float64)  # noqa: E731
        vocab = Vocab(tuple(h["meters"]), tuple((int(p), int(t)) for p, t in h["events"]))
        params = cells.CellParams("lstm", g("W"), g("U"), g("b"))
        return MusicLM(vocab, params, g("Wy"), g("by"), h["meta"])


def step(model: MusicLM, x_id: int, a: Array, c: Array) -> tuple[Array, Array, Array]:
    """One step from input id `x_id` (bos = 0⃗): (logits (n_y,), a⟨t⟩, c⟨t⟩)."""
    x = np.zeros((1, model.vocab.size))
    if 0 <= x_id < model.vocab.size:
        x[0, x_id] = 1.0
    rec = cells.lstm_step(model.params, x, a, c)
    return (rec["a"] @ model.Wy + model.by)[0], rec["a"], rec["c"]


def log_probs(model: MusicLM, ids: npt.ArrayLike) -> Array:
    """log ŷ⟨t⟩ for the inputs [bos, ids…] (teacher forcing). Shape (len(ids) + 1, n_y)."""
    x_ids = np.concatenate([[model.vocab.bos], np.asarray(ids, np.int64)])
    x = (x_ids[:, None] == np.arange(model.vocab.size)).astype(np.float64)[None]
    z = cells.forward(model.params, x).h[0] @ model.Wy + model.by  # (T, n_y)
    z -= z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def evaluate(model: MusicLM, seqs: list[npt.NDArray[np.int64]]) -> dict[str, float]:
    """Cross-entropy (nats/event), perplexity and top-1 accuracy over events and END."""
    nll, hits, n = 0.0, 0, 0
    for s in seqs:
        lp = log_probs(model, s[:-1])[1:]  # predictions after the meter token
        target = s[1:]
        nll -= float(lp[np.arange(len(target)), target].sum())
        hits += int((lp.argmax(axis=1) == target).sum())
        n += len(target)
    return {"xent": nll / n, "perplexity": float(np.exp(nll / n)), "accuracy": hits / n}


def baselines(train: list, valid: list, size: int) -> dict[str, float]:
    """Add-one unigram and bigram cross-entropy (nats/event) on the held-out tunes."""
    uni = np.ones(size)
    bi = np.ones((size, size))
    for s in train:
        np.add.at(uni, s[1:], 1)
        np.add.at(bi, (s[:-1], s[1:]), 1)
    uni /= uni.sum()
    bi /= bi.sum(axis=1, keepdims=True)
    pairs = [(p, t) for s in valid for p, t in itertools.pairwise(s)]
    prev, target = np.array(pairs).T
    return {"unigram_xent": float(-np.log(uni[target]).mean()),
            "bigram_xent": float(-np.log(bi[prev, target]).mean()),
            "bigram_accuracy": float((bi[prev].argmax(axis=1) == target).mean())}  # fmt: skip


# ----------------------------------------------------------------------------- improvising


@dataclass(frozen=True)
class Tune:
    """A seed and its improvised continuation: events, per-step probabilities."""

    events: Events  # (n, 2) seed events then drawn ones
    probs: Array  # (n,) P(event) it was drawn with; NaN for the seed
    n_seed: int
    meter: str
    temperature: float


def improvise(
    weights: MusicLM,
    seed_events: npt.ArrayLike,
    n_steps: int,
    temperature: float = 1.0,
    seed: int | None = None,
    meter: str = "6/8",
) -> Tune:
    """Read [meter, seed events…], then draw `n_steps` events from ŷ⟨t⟩^(1/T).

    END and meter tokens are never drawn (the tune has the length asked for); T = 0 is
    greedy. Seed events outside the vocabulary are read as the nearest kept event.
    """
    if not (np.isfinite(temperature) and temperature >= 0):
        raise ValueError(f"argument `temperature` expected a number ≥ 0, got {temperature}")
    if not 0 <= int(n_steps) <= MAX_STEPS:
        raise ValueError(f"argument `n_steps` expected 0…{MAX_STEPS}, got {n_steps}")
    vocab, rng = weights.vocab, np.random.default_rng(seed)
    seed_ev = np.asarray(seed_events, np.int64).reshape(-1, 2)
    ids = [vocab.meter_id(meter), *vocab.encode(seed_ev)] if len(seed_ev) else [
        vocab.meter_id(meter)]  # fmt: skip
    a = c = np.zeros((1, weights.params.units))
    x_id = vocab.bos
    for i in ids:
        _, a, c = step(weights, x_id, a, c)
        x_id = int(i)
    drawn, probs = [], []
    for _ in range(int(n_steps)):
        logits, a, c = step(weights, x_id, a, c)
        logits[: vocab.first_event] = -np.inf  # only events
        if temperature == 0:
            p = (logits == logits.max()).astype(float)
            p /= p.sum()
            x_id = int(np.argmax(logits))
        else:
            p = softmax(logits / temperature)
            x_id = min(int(np.searchsorted(np.cumsum(p), rng.random() * p.sum())), p.size - 1)
        drawn.append(x_id)
        probs.append(float(p[x_id]))
    events = np.concatenate([seed_ev, vocab.decode(drawn)]) if drawn else seed_ev
    all_probs = np.concatenate([np.full(len(seed_ev), np.nan), probs])
    return Tune(events, all_probs, len(seed_ev), meter, float(temperature))


def random_seed_events(vocab: Vocab, n: int, seed: int | None = None) -> Events:
    """`n` events drawn uniformly from the vocabulary's notes (no rests)."""
    notes = [e for e in vocab.events if e[0] != REST]
    rng = np.random.default_rng(seed)
    return np.array([notes[i] for i in rng.integers(0, len(notes), n)], np.int64).reshape(-1, 2)


def opening(events: Events, meter: str, bars: int) -> Events:
    """The events of a tune's first `bars` bars (a pickup counts as part of bar 1)."""
    end = bar_ticks(meter) * bars
    starts = np.concatenate([[0], np.cumsum(events[:, 1])[:-1]])
    return events[starts < end]


def bar_ticks(meter: str) -> int:
    num, den = (int(v) for v in meter.split("/")) if re.fullmatch(r"\d+/\d+", meter) else (4, 4)
    return max(1, num * 4 * TICKS // max(den, 1))


# ----------------------------------------------------------------------------- training (Keras)


@dataclass(frozen=True)
class TrainConfig:
    units: int = 128
    epochs: int = 24
    batch_size: int = 32
    learning_rate: float = 0.005
    window: int = 128
    seed: int = 0


def make_dataset(seqs: list, vocab: Vocab, window: int):
    """x = [bos, s…], y = [s…]; the meter target (given at generation) has mask 0."""
    xs, ys, ms = [], [], []
    for s in seqs:
        x, y = np.concatenate([[vocab.bos], s[:-1]]), s
        m = np.ones(len(y), np.float32)
        m[0] = 0
        for a in range(0, len(y), window):
            xs.append(x[a : a + window]), ys.append(y[a : a + window]), ms.append(m[a : a + window])
    steps = max(len(r) for r in ys)
    out = np.full((len(xs), steps), vocab.bos), np.zeros((len(xs), steps), np.int64)
    mask = np.zeros((len(xs), steps), np.float32)
    for i, (x, y, m) in enumerate(zip(xs, ys, ms, strict=True)):
        out[0][i, : len(x)], out[1][i, : len(y)], mask[i, : len(m)] = x, y, m
    return out[0], out[1], mask


def build(units: int, vocab_size: int):
    """One-hot (a frozen [I; 0⃗] embedding) → LSTM(units) → Dense logits."""
    import keras

    table = np.vstack([np.eye(vocab_size), np.zeros((1, vocab_size))])
    return keras.Sequential([
        keras.Input((None,), dtype="int32"),
        keras.layers.Embedding(vocab_size + 1, vocab_size, trainable=False, name="x",
                               embeddings_initializer=keras.initializers.Constant(table)),
        keras.layers.LSTM(units, return_sequences=True, name="recurrent"),
        keras.layers.Dense(vocab_size, name="y"),
    ])  # fmt: skip


def to_music_lm(net, vocab: Vocab, meta: dict | None = None) -> MusicLM:
    Wy, by = (np.asarray(v, np.float64) for v in net.get_layer("y").get_weights())
    return MusicLM(vocab, cells.params_from_layer(net.get_layer("recurrent")), Wy, by, meta or {})


def fit(
    tunes: TuneSet,
    config: TrainConfig | None = None,
    on_epoch: Callable[[int, dict], None] | None = None,
) -> MusicLM:
    """Train on the training tunes (Adam, fixed seeds); `on_epoch(epoch, logs)` reports."""
    import keras
    import tensorflow as tf

    config = config or TrainConfig()
    keras.utils.set_random_seed(config.seed)
    tf.config.experimental.enable_op_determinism()
    vocab = Vocab.from_tunes(tunes, tunes.split(False))
    x, y, m = make_dataset(sequences(tunes, vocab, False), vocab, config.window)
    xv, yv, mv = make_dataset(sequences(tunes, vocab, True), vocab, config.window)
    net = build(config.units, vocab.size)
    net.compile(optimizer=keras.optimizers.Adam(config.learning_rate, clipnorm=5.0),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                weighted_metrics=[keras.metrics.SparseCategoricalCrossentropy(
                    from_logits=True, name="xent")])  # fmt: skip
    start = time.perf_counter()

    class Report(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if on_epoch is not None:
                on_epoch(epoch, {"xent": logs["xent"], "val_xent": logs["val_xent"],
                                 "seconds": time.perf_counter() - start})  # fmt: skip

    net.fit(x, y, sample_weight=m, validation_data=(xv, yv, mv), epochs=config.epochs,
            batch_size=config.batch_size, shuffle=True, verbose=0,
            callbacks=[Report()])  # fmt: skip
    meta = {"config": config.__dict__, "train_seconds": round(time.perf_counter() - start, 1)}
    return to_music_lm(net, vocab, meta)


# ----------------------------------------------------------------------------- audio, MIDI, ABC

SAMPLE_RATE = 22_050
HARMONICS = np.array([1.0, 0.5, 0.28, 0.14, 0.08, 0.04])  # a soft, flute-like timbre


def midi_hz(pitch: npt.ArrayLike) -> Array:
    """f = 440 · 2^((p − 69)/12)."""
    return 440.0 * 2.0 ** ((np.asarray(pitch, np.float64) - 69) / 12)


def synthesize(events: npt.ArrayLike, tempo_qpm: float = 120.0, rate: int = SAMPLE_RATE) -> Array:
    """Additive synthesis: each note sums HARMONICS under an attack/decay/release envelope.

    Returns float samples in [−1, 1], shape (n_samples,), with 0.3 s of tail.
    """
    ev = np.asarray(events, np.int64).reshape(-1, 2)
    sec_per_tick = 60.0 / tempo_qpm / TICKS
    starts = np.concatenate([[0], np.cumsum(ev[:, 1])[:-1]]) * sec_per_tick
    total = (ev[:, 1].sum() * sec_per_tick if len(ev) else 0.0) + 0.3
    out = np.zeros(int(total * rate) + 1)
    rendered: dict[tuple[int, int], Array] = {}  # a tune repeats its notes: render each once
    for (pitch, ticks), start in zip(ev.tolist(), starts, strict=True):
        if pitch == REST:
            continue
        if (pitch, ticks) not in rendered:
            rendered[pitch, ticks] = _note(pitch, ticks * sec_per_tick, rate)
        note, i = rendered[pitch, ticks], int(start * rate)
        out[i : i + len(note)] += note[: len(out) - i]
    peak = np.abs(out).max()
    return out / peak * 0.8 if peak > 0.8 else out


def _note(pitch: int, dur: float, rate: int) -> Array:
    """One note: HARMONICS of f under a 10 ms attack, a gentle decay and an 80 ms release."""
    t = np.arange(int((dur + 0.08) * rate)) / rate
    env = np.minimum(t / 0.01, 1.0) * np.exp(-2.5 * t)
    env *= np.clip((dur + 0.08 - t) / 0.08, 0.0, 1.0)
    f = midi_hz(pitch) * np.arange(1, len(HARMONICS) + 1)  # (k,) partials below Nyquist
    wave = (HARMONICS[f < rate / 2, None] * np.sin(2 * np.pi * f[f < rate / 2, None] * t)).sum(0)
    return 0.25 * env * wave


def wav_bytes(samples: npt.ArrayLike, rate: int = SAMPLE_RATE) -> bytes:
    """16-bit mono PCM WAV of float samples in [−1, 1]."""
    import io
    import wave

    pcm = (np.clip(np.asarray(samples, np.float64), -1, 1) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def _vlq(n: int) -> bytes:
    """MIDI variable-length quantity: 7 bits a byte, high bit set on all but the last."""
    out = [n & 0x7F]
    while n > 0x7F:
        n >>= 7
        out.append((n & 0x7F) | 0x80)
    return bytes(reversed(out))


def midi_bytes(events: npt.ArrayLike, tempo_qpm: float = 120.0, program: int = 73) -> bytes:
    """A Standard MIDI File (format 0, one track, TICKS per quarter; program 73 = flute)."""
    ev = np.asarray(events, np.int64).reshape(-1, 2)
    usec = round(60_000_000 / tempo_qpm)
    track = b"\x00\xff\x51\x03" + usec.to_bytes(3, "big") + bytes([0, 0xC0, program & 0x7F])
    wait = 0
    for pitch, ticks in ev:
        if pitch == REST:
            wait += int(ticks)
            continue
        p = int(np.clip(pitch, 0, 127))
        track += _vlq(wait) + bytes([0x90, p, 80]) + _vlq(int(ticks)) + bytes([0x80, p, 0])
        wait = 0
    track += _vlq(wait) + b"\xff\x2f\x00"
    head = b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big")
    return head + TICKS.to_bytes(2, "big") + b"MTrk" + len(track).to_bytes(4, "big") + track


def abc_text(events: npt.ArrayLike, meter: str = "6/8", title: str = "Improvised") -> str:
    """ABC notation (L:1/8, K:C, the common key) with a bar line every `bar_ticks(meter)`."""
    names = ["C", "^C", "D", "^D", "E", "F", "^F", "G", "^G", "A", "^A", "B"]
    ev, bar, body, pos = np.asarray(events, np.int64).reshape(-1, 2), bar_ticks(meter), [], 0
    for pitch, ticks in ev:
        if pitch == REST:
            note = "z"
        else:
            octave, name = divmod(int(pitch), 12)
            note = names[name]
            note = note.lower() + "'" * (octave - 6) if octave >= 6 else note + "," * (5 - octave)
        f = Fraction(int(ticks), 6)  # in eighths (L:1/8): 1, 2, /2, 3/2, 2/3
        num = "" if f.numerator == 1 and f.denominator > 1 else str(f.numerator)
        length = "" if f == 1 else num + (f"/{f.denominator}" if f.denominator > 1 else "")
        body.append(note + length)
        pos += int(ticks)
        if pos % bar == 0 or pos // bar != (pos - int(ticks)) // bar:
            body.append("|" + ("\n" if (pos // bar) % 4 == 0 else " "))
    return f"X:1\nT:{title}\nM:{meter}\nL:1/8\nK:C\n" + " ".join(body).replace(" |", "|")
