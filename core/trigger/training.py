"""Train and evaluate the trigger-word model on synthesised 10 s clips.

`python -m core.train trigger` ships the model trained on both synthesisers and
writes the leave-one-synthesiser-out results next to it.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from core.trigger import audio, detect, features, make_clips, model, synth

TOLERANCE_S = 1.0  # an event counts if it fires within 1 s after the word ends
# The shipped recipe, one reason a choice. Every alternative measured, its scores and the
# command that reruns it: docs/trigger-experiments.md (ids such as S3 are its rows).
N_TRAIN, EPOCHS = 10000, 14  # the shipped model: 10,000 clips, 14 epochs of batches of BATCH_SIZE,
DECAY_EPOCHS = 30  # on a cosine schedule as long as 30 epochs, stopped at EPOCHS
BATCH_SIZE, LEARNING_RATE = 128, 0.004  # each run's batches and the schedule's starting rate
# 10,000 × 14 in batches of 128: the one scale-up that lifted the whole F1 / false-alarm curve;
# the cosine's end, more clips or more steps fit the training voices, not the word (S3-S6).
LOO_TRAIN, LOO_EPOCHS = 3000, 15  # each leave-one-synthesiser-out measurement
# quality.json's leave-one-out rows ran with RECIPE_BEFORE's batches and rate (D3).
OPERATING_POINTS = (0.3, 0.5, 0.7, 0.8, 0.9)  # thresholds every quality run is scored at
NEAR_MISS_WEIGHT = 3  # near misses drawn 3× as often as other negatives in training


def clip_index() -> list[dict[str, str]]:
    """The rows of assets/trigger/clips.csv (file, word, synth, voice, …, split)."""
    with open(make_clips.INDEX, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def row_split(row: dict[str, str], draw: int = 0) -> str:
    """A clip's split in one of `make_clips.SPEAKER_DRAWS`: a recorded speaker's clips are
    "heldout" in the draws that leave it out, whatever the index says (draw 0's split)."""
    if row["synth"] not in make_clips.SPEAKER_SYNTHS:
        return row["split"]
    if row["voice"] in make_clips.SPEAKER_DRAWS[draw]:
        return "heldout"
    return "heldout" if is_sentence(row) and row["word"] in _test_texts() else "train"


@lru_cache(maxsize=1)
def _test_texts() -> frozenset[str]:
    """The sentences only ever scored: those the other synthesisers' voices read held out."""
    return frozenset(r["word"] for r in clip_index() if is_sentence(r) and r["split"] == "heldout"
                     and r["synth"] not in make_clips.SPEAKER_SYNTHS)  # fmt: skip


def is_sentence(row: dict[str, str]) -> bool:
    return " " in row["word"]


def split_rows(split: str | None = None, draw: int = 0) -> list[dict[str, str]]:
    """The clip index rows of one split ("train", "heldout") or all (None), in `draw`.

    espeak-ng's en-gb ignores some variants, so a few held-out clips are byte for byte
    training clips: they are not held out, and are left out of the held-out split.
    """
    rows = clip_index()
    splits = [row_split(r, draw) for r in rows]
    trained = {r["sha256"] for r, s in zip(rows, splits, strict=True) if s == "train"}
    trained = trained if split == "heldout" else set()
    return [r for r, s in zip(rows, splits, strict=True)
            if (not split or s == split) and r["sha256"] not in trained]  # fmt: skip


def read_clip(row: dict[str, str]) -> np.ndarray:
    return audio.read(make_clips.CLIPS_DIR / row["file"])[0]


def load_clips(
    split: str | None = None, synths: tuple[str, ...] = ("espeak-ng", "flite"),
    near_miss_weight: int = 1, left_out: str | None = None, distinct: bool = False,
    draw: int = 0, sentences: bool = True,
):  # fmt: skip
    """(positives, negatives): lists of 16 kHz waveforms from assets/trigger/clips.csv.

    Near misses ("deactivate", "captivate", …) appear `near_miss_weight` times among the
    negatives, so training draws them that much more often. With `left_out` (a
    synthesiser), voices whose speaker that synthesiser also has are skipped. `distinct`:
    each recording once (clips with the same sha256 are one: flite's rms ignores the pitch
    setting, so its 9 "activate" clips are 3 recordings). `draw`: which recorded speakers
    are held out (`row_split`). `sentences`: the voices' sentences join the negatives (once
    each); without them the negatives are single words.
    """
    pos, neg = [], []
    for row in _rows(split, synths, left_out, distinct, draw):
        if row["word"] == make_clips.TRIGGER:
            pos.append(read_clip(row))
        elif is_sentence(row):
            neg += [read_clip(row)] if sentences else []
        else:
            near = row["word"] in make_clips.NEAR_MISSES
            neg += [read_clip(row)] * (near_miss_weight if near else 1)
    return pos, neg


def trigger_voices(
    split: str | None = None, synths: tuple[str, ...] = ("espeak-ng", "flite"),
    left_out: str | None = None, distinct: bool = False, draw: int = 0,
) -> list[str]:  # fmt: skip
    """The voice of each of `load_clips`' positives (the same arguments), in their order."""
    return [row["voice"] for row in _rows(split, synths, left_out, distinct, draw)
            if row["word"] == make_clips.TRIGGER]  # fmt: skip


def _rows(split, synths, left_out, distinct, draw=0):
    """The clip index rows `load_clips` reads, in order."""
    seen = set()
    for row in split_rows(split, draw):
        if row["synth"] not in synths or (distinct and row["sha256"] in seen):
            continue
        seen.add(row["sha256"])
        if left_out and make_clips.SHARES_SPEAKER_WITH.get(row["voice"]) == left_out:
            continue
        yield row


def _examples(
    pos, neg, n: int, seed, augmentation: bool, n_pos, background=None, babble_share=0.0,
    overlap=0.0, middles: bool = False, babble_words=None, quiet=None,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """X and Y of n clips; with `middles`, Y has a second channel: `word_middles`."""
    rng = np.random.default_rng(seed)
    kinds = [background] * n
    if babble_share and background is None:  # babble drawn this often, the others evenly
        others = [k for k in synth.BACKGROUNDS if k != "babble"]
        pick = np.random.default_rng([*np.atleast_1d(seed), 1])  # its own draw
        kinds = ["babble" if pick.random() < babble_share else str(pick.choice(others))
                 for _ in range(n)]  # fmt: skip
    examples = [synth.make_example(pos, neg, rng, n_pos=n_pos, augmentation=augmentation,
                                   background=kind, overlap=overlap, babble_words=babble_words,
                                   **(quiet or {}))
                for kind in kinds]  # fmt: skip
    x = np.stack([features.log_mel(e.wave) for e in examples])
    ty = model.output_steps(x.shape[1])
    y = np.stack([e.labels(ty) for e in examples])[..., None]
    if middles:  # time-warped with the labels, then taken off by `_batches`
        mid = [word_middles(e.positives + e.negatives, len(e.wave), ty) for e in examples]
        y = np.concatenate([y, np.stack(mid)[..., None]], axis=-1)
    return x, y


_POOL_CLIPS: tuple = ()


def _pool_init(pos, neg, babble_words=None, quiet=None) -> None:
    global _POOL_CLIPS
    _POOL_CLIPS = (pos, neg, babble_words, quiet)


def _pool_examples(args) -> tuple[np.ndarray, np.ndarray]:
    pos, neg, babble_words, quiet = _POOL_CLIPS
    return _examples(pos, neg, *args, babble_words=babble_words, quiet=quiet)


def dataset(
    pos, neg, n: int, seed: int, augmentation: bool = True, n_pos=(1, 4), workers: int = 1,
    background: str | None = None, babble_share: float = 0.0, overlap: float = 0.0,
    babble_words: list[np.ndarray] | None = None, quiet: dict | None = None,
    middles: bool = False,
):  # fmt: skip
    """X (n, frames, N_MELS) and Y (n, T_y, 1) of n synthesised clips (with `middles`,
    (n, T_y, 2): `word_middles` besides the labels) (`background`: one
    kind for every clip, or None for a random draw per clip: each of synth.BACKGROUNDS
    alike, or babble with probability `babble_share` and the others alike). Babble is made
    of `babble_words` (None: `neg`); `quiet`: `synth.make_example`'s quiet words and their
    levels, words further down in the babble.

    With `workers` > 1 the clips are made in that many processes, in chunks of 100,
    each with its own seed drawn from `seed`: the same data whatever the number of workers.
    """
    chunks = [(min(100, n - i), (seed, i), augmentation, n_pos, background, babble_share, overlap,
               middles) for i in range(0, n, 100)]  # fmt: skip
    if workers <= 1:
        parts = [_examples(pos, neg, *c, babble_words=babble_words, quiet=quiet) for c in chunks]
    else:
        import concurrent.futures
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # no fork of a process that may hold TF threads
        with concurrent.futures.ProcessPoolExecutor(
            workers,
            mp_context=ctx,
            initializer=_pool_init,
            initargs=(pos, neg, babble_words, quiet),
        ) as pool:
            parts = list(pool.map(_pool_examples, chunks))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


# Babble switches, each set as shipped; the other values measured and not kept: N1-N8.
# BABBLE_CLIPS: clips of babble with 0-4 other words and no "activate" (labels all 0, seed
# 7000 + the run's seed) that `training_set` adds to every training set; they trade recall
# for babble's false alarms.
BABBLE_CLIPS = 0
# BABBLE_SHARE > 0 draws babble behind that share of the recipe's clips, with triggers as any
# other (0: the five backgrounds alike): more babble does not hear more triggers in it.
BABBLE_SHARE = 0.0
# OVERLAP: the share of training triggers that another, quieter word runs into
# (`synth.overlapped`): babble's misses are mostly something else.
OVERLAP = 0.0
# BABBLE_NEAR_MISS_WEIGHT: how many times each near miss is among the words the training babble is
# made of (NEAR_MISS_WEIGHT: as among the inserted negatives, the shipped recipe; 0: none; 1:
# once, as in the held-out babble). Fewer hears more triggers in babble but fires on its near
# misses.
BABBLE_NEAR_MISS_WEIGHT = NEAR_MISS_WEIGHT
# QUIET_NEAR_MISSES_DB: when > 0, the training babble also gets near misses that are quieter than
# the clip's inserted words, QUIET_NEAR_MISSES_DB to 15 dB more below them (`synth.make_example`'s
# quiet words; about QUIET_NEAR_MISSES_PER_CLIP of them in each babble clip), besides the words
# BABBLE_NEAR_MISS_WEIGHT makes it of: a level cue, background speech is further away than the
# speaker. 0: none (the shipped recipe): with it the model takes loud activ-like babble for a
# trigger.
QUIET_NEAR_MISSES_DB = 0.0
QUIET_NEAR_MISSES_PER_CLIP = 4.0


def recipe() -> dict:
    """The training switches each quality run records beside its scores (a run recorded
    before a switch existed had it off: 0)."""
    return {
        "time_warp": TIME_WARP,
        "time_masks": TIME_MASKS,
        "word_masks": WORD_MASKS,
        "babble_clips": BABBLE_CLIPS,
        "babble_share": BABBLE_SHARE,
        "overlap": OVERLAP,
        "babble_near_miss_weight": BABBLE_NEAR_MISS_WEIGHT,
        "quiet_near_misses_db": QUIET_NEAR_MISSES_DB,
        "band_warp": BAND_WARP,
        "band_masks": list(BAND_MASKS),
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
    }


# What a quality run recorded before a switch existed was trained with (any other switch: 0).
RECIPE_BEFORE = {
    "babble_near_miss_weight": NEAR_MISS_WEIGHT,
    "batch_size": 32,
    "learning_rate": 0.002,
    "band_masks": [2, 6],
}


def training_set(pos, neg, n: int, seed: int, workers: int = 2, babble_words=None,
                 near_misses=None):  # fmt: skip
    """`dataset`'s n clips of the course's recipe, then BABBLE_CLIPS of babble with no trigger
    (babble made of `babble_words`, None: `neg`; with QUIET_NEAR_MISSES_DB, `near_misses` down
    in the first n's babble)."""
    quiet = None
    if QUIET_NEAR_MISSES_DB:
        levels = (QUIET_NEAR_MISSES_DB, QUIET_NEAR_MISSES_DB + 15.0)
        quiet = {"quiet_words": near_misses, "quiet_db": levels,
                 "quiet_count": QUIET_NEAR_MISSES_PER_CLIP}  # fmt: skip
    x, y = dataset(pos, neg, n, seed, workers=workers, babble_share=BABBLE_SHARE, overlap=OVERLAP,
                   babble_words=babble_words, quiet=quiet, middles=bool(WORD_MASKS))  # fmt: skip
    if not BABBLE_CLIPS:
        return x, y
    xb, yb = dataset(pos, neg, BABBLE_CLIPS, 7000 + seed, n_pos=(0, 0), workers=workers,
                     background="babble", babble_words=babble_words,
                     middles=bool(WORD_MASKS))  # fmt: skip
    return np.concatenate([x, xb]), np.concatenate([y, yb])


# Two thirds of the training clips are time-warped (`time_warp`): flite's held-out rms, for one,
# draws out the first vowel of "activate" and clips its "-vate", unlike the training voices;
# the leave-one-synthesiser-out runs gain most (A1; faster phone-scale warps: A2, A3).
TIME_WARP = 0.67
WARP_KNOT_FRAMES, WARP_RATES = 40, (0.7, 1.4)  # a new speed every 0.4 s, between ×0.7 and ×1.4


def _rows_at(x: np.ndarray, src: np.ndarray) -> np.ndarray:
    """x's rows at the fractional positions `src` (0 … len(x) - 1), linearly interpolated."""
    lo = np.floor(src).astype(int)
    hi, frac = np.minimum(lo + 1, len(x) - 1), (src - lo)[:, None]
    return ((1 - frac) * x[lo] + frac * x[hi]).astype(x.dtype)


def time_warp(x: np.ndarray, y: np.ndarray, rng: np.random.Generator,
              knot_frames: int = WARP_KNOT_FRAMES, low: float = WARP_RATES[0],
              high: float = WARP_RATES[1]) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(frames, labels) of one clip played at a speed that changes every `knot_frames`.

    The local rate, between `low` and `high`, is drawn at each knot and interpolated between
    them: the syllables of one word are stretched and squeezed differently, as voices time
    them differently. Labels follow the frames they belong to.
    """
    n = len(x)
    knots = np.exp(rng.uniform(np.log(low), np.log(high), n // knot_frames + 2))
    rate = np.interp(np.arange(n) / knot_frames, np.arange(len(knots)), knots)
    src = np.concatenate([[0.0], np.cumsum(rate)[:-1]])
    src *= (n - 1) / src[-1]  # the same length: the clip's average speed is kept
    warped = _rows_at(x, src)
    centre = np.arange(len(y)) * model.STRIDE + model.KERNEL // 2
    step = np.rint((np.interp(centre, np.arange(n), src) - model.KERNEL // 2) / model.STRIDE)
    return warped, y[np.clip(step.astype(int), 0, len(y) - 1)]


# TIME_MASKS: about this many spans of TIME_MASK_FRAMES frames in each training clip set to the
# clip's mean spectrum (SpecAugment's time masks), labels kept. 0: none (the shipped recipe):
# hiding any stretch also lets near misses one sound away from "activate" pass (A4, A5).
TIME_MASKS, TIME_MASK_FRAMES = 0, (3, 12)


def time_masks(clip: np.ndarray, rng: np.random.Generator, count: float | None = None,
               frames: tuple[int, int] = TIME_MASK_FRAMES) -> np.ndarray:  # fmt: skip
    """`clip` (frames, bands) with 0 to 2 × `count` (TIME_MASKS) random spans of `frames`
    frames set to its mean spectrum, in place."""
    count = TIME_MASKS if count is None else count
    mean = clip.mean(axis=0)
    for _ in range(rng.integers(0, int(2 * count) + 1)):
        width = int(rng.integers(frames[0], frames[1] + 1))
        lo = int(rng.integers(0, max(len(clip) - width, 1)))
        clip[lo : lo + width] = mean
    return clip


# WORD_MASKS: the chance that each inserted word, "activate" or another, gets 1-2 spans of
# TIME_MASK_FRAMES frames in its middle (WORD_MIDDLE of its length) set to the clip's mean
# spectrum, labels kept. TIME_MASKS hides spans anywhere, so it also hides the onset of an
# "activate" (which "captivate" and "motivate" change) or its "-ate" (which "active" and
# "activity" lack), and teaches the model to accept those near misses; here a word's edges are
# never hidden, and words of both labels are masked alike, so a gap says nothing of the label.
# 0.6: the first recipe that hears flite's rms, higher at every threshold on every draw (A6-A9).
WORD_MASKS, WORD_MIDDLE = 0.6, (0.25, 0.8)


def word_middles(words, n_samples: int, ty: int) -> np.ndarray:
    """(ty,) 1 on the output steps of each word's middle: WORD_MIDDLE of its (start, end)
    samples, on the steps `synth.labels` puts those samples on."""
    middle = np.zeros(ty, np.float32)
    for start, end in words:
        lo = start + WORD_MIDDLE[0] * (end - start)
        hi = start + WORD_MIDDLE[1] * (end - start)
        middle[int(np.ceil(lo / n_samples * ty)) : int(hi / n_samples * ty)] = 1.0
    return middle


def word_masks(clip: np.ndarray, middles: np.ndarray, rng: np.random.Generator,
               chance: float | None = None,
               frames: tuple[int, int] = TIME_MASK_FRAMES) -> np.ndarray:  # fmt: skip
    """`clip` (frames, bands) with, in each word's middle (`middles`: `word_middles` on its
    output steps), with probability `chance` (WORD_MASKS), 1-2 spans of `frames` frames (fewer
    where the middle is shorter) set to its mean spectrum, in place."""
    chance = WORD_MASKS if chance is None else chance
    mean = clip.mean(axis=0)
    n, ty = len(clip), len(middles)
    edges = np.diff(np.concatenate([[0], (middles > 0.5).astype(int), [0]]))
    for a, b in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True):
        if rng.random() >= chance:
            continue
        lo_frame, hi_frame = int(np.ceil(a * n / ty)), int(b * n / ty)
        for _ in range(rng.integers(1, 3)):
            width = min(int(rng.integers(frames[0], frames[1] + 1)), hi_frame - lo_frame)
            if width < 1:
                break
            lo = int(rng.integers(lo_frame, hi_frame - width + 1))
            clip[lo : lo + width] = mean
    return clip


# BAND_WARP: the share of training clips whose mel bands are warped afresh in every batch
# (`band_warp`, vocal-tract-length perturbation on the features: every formant moved by one
# factor in BAND_WARP_FACTORS), on top of the fixed `synth.formant_warp` each word got when its
# clip was made. 0: none (the shipped recipe): the model is already steady under such warps
# and it moves along the curve (A10).
BAND_WARP, BAND_WARP_FACTORS = 0.0, (0.85, 1.18)
# BAND_MASKS: (most masks, widest in bands) of the SpecAugment-style band masks of each
# training clip; (2, 6) is the shipped recipe: more loses rms, fewer or none lands on the
# same curve (A11-A13).
BAND_MASKS = (2, 6)


def band_warp(clip: np.ndarray, factor: float) -> np.ndarray:
    """`clip` (frames, N_MELS) as if every frequency were scaled by `factor`: band i takes
    the (interpolated) value at its centre frequency / `factor`, the edge bands past the end."""
    centres = features.band_edges()[1:-1]
    src = np.interp(features._hz_to_mel(centres / factor), features._hz_to_mel(centres),
                    np.arange(features.N_MELS))  # fmt: skip
    return _rows_at(clip.T, src).T


def _batches(x, y, batch_size: int, seed: int):
    """Shuffled batches, each clip with fresh band masks (SpecAugment-style), a level shift,
    for a TIME_WARP share of them a fresh `time_warp`, and `time_masks` / `word_masks` where
    switched on (`word_masks` where y carries the words' middles as a second channel)."""
    import keras

    class Batches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__()
            self.rng = np.random.default_rng(seed)
            self.warps = np.random.default_rng([seed, 2])  # its own draw: the rest stay as before
            self.order = self.rng.permutation(len(x))

        def __len__(self):
            return -(-len(x) // batch_size)

        def __getitem__(self, i):
            idx = self.order[i * batch_size : (i + 1) * batch_size]
            xb, yb = x[idx].copy(), y[idx]  # (y[idx], an index array's pick, is a copy too)
            if TIME_WARP:
                for k in np.nonzero(self.rng.random(len(idx)) < TIME_WARP)[0]:
                    xb[k], yb[k] = time_warp(xb[k], yb[k], self.rng)
            # ±9 dB; the model's mean normalisation now takes a constant level away exactly,
            # so this changes nothing the model sees: kept so that the measured runs are
            # reproduced draw for draw
            xb += self.rng.uniform(-0.3, 0.3, (len(idx), 1, 1)).astype(np.float32)
            if BAND_WARP:
                for k in np.nonzero(self.warps.random(len(idx)) < BAND_WARP)[0]:
                    xb[k] = band_warp(xb[k], np.exp(self.warps.uniform(*np.log(BAND_WARP_FACTORS))))
            for clip in xb:
                for _ in range(self.rng.integers(0, BAND_MASKS[0] + 1)):  # masked mel bands
                    width = self.rng.integers(1, BAND_MASKS[1] + 1)
                    lo = self.rng.integers(0, clip.shape[1] - width)
                    clip[:, lo : lo + width] = clip.mean()
                if TIME_MASKS:
                    time_masks(clip, self.rng)
            if yb.shape[-1] > 1:  # the words' middles (WORD_MASKS), not a label
                for clip, middles in zip(xb, yb[..., 1], strict=True):
                    word_masks(clip, middles, self.rng)
                yb = yb[..., :1]
            return xb, yb

        def on_epoch_end(self):
            self.order = self.rng.permutation(len(x))

    return Batches()


def fit(x, y, epochs: int, seed: int = 0, on_epoch: Callable | None = None,
        decay_epochs: int | None = None):  # fmt: skip
    """Train from `seed`'s initial weights for `epochs`, on a cosine schedule `decay_epochs`
    long (None: `epochs`; a longer one stops before its end)."""
    import keras

    net = model.build_keras(seed)
    batches = _batches(x, y, BATCH_SIZE, seed)
    steps = max(decay_epochs or epochs, epochs) * len(batches)
    lr = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, steps, alpha=0.05)
    net.compile(optimizer=keras.optimizers.Adam(lr), loss="binary_crossentropy")
    callbacks = [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch)] if on_epoch else []
    net.fit(batches, epochs=epochs, verbose=0, callbacks=callbacks)
    return model.weights_from_keras(net)


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    false_alarms_per_10_min: float

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + self.fp, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + self.fn, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / max(p + r, 1e-12)


def match(
    fired: tuple[float, ...], ends: list[float], counted: list[bool] | None = None
) -> tuple[int, int, int]:
    """(tp, fp, fn): each word end matches at most one event within TOLERANCE_S after it.

    `counted`: which of `ends` are scored (all if None). A word set apart is still matched,
    so the event it takes is neither a hit nor a false alarm, and missing it is no miss.
    """
    found = heard(fired, ends)
    counted = [True] * len(ends) if counted is None else counted
    tp = sum(f and c for f, c in zip(found, counted, strict=True))
    fn = sum(c and not f for f, c in zip(found, counted, strict=True))
    return tp, len(fired) - sum(found), fn


def heard(fired: tuple[float, ...], ends: list[float]) -> list[bool]:
    """Whether each of `ends` (in the order given) matched an event, as `match` counts them:
    earliest word first, each taking the earliest unused event within its window."""
    unused = sorted(fired)
    found = [False] * len(ends)
    for i in sorted(range(len(ends)), key=lambda i: ends[i]):
        hit = next((t for t in unused if ends[i] - 0.1 <= t <= ends[i] + TOLERANCE_S), None)
        if hit is not None:
            unused.remove(hit)
            found[i] = True
    return found


def evaluate(
    runner: model.Runner, pos, neg, n: int = 120, n_quiet: int = 60, seed: int = 99, **detect_args
) -> Score:
    """F1 on n clips with 1-4 triggers; false alarms on n_quiet clips of negatives only.

    `detect_args` (threshold, refractory, hold) are the detector's settings.
    """
    threshold = detect_args.pop("threshold", detect.THRESHOLD)
    return evaluate_thresholds(runner, pos, neg, (threshold,), n, n_quiet, seed, **detect_args)[0]


def evaluate_thresholds(
    runner: model.Runner, pos, neg, thresholds, n: int = 120, n_quiet: int = 60, seed: int = 99,
    refractory: float = 0.5, hold: int = detect.HOLD_STEPS,
) -> list[Score]:  # fmt: skip
    """`evaluate` at several thresholds: one pass of the model over the clips serves them all."""
    return score_draw(run_draw(runner, pos, neg, n, n_quiet, seed), thresholds, refractory, hold)


@dataclass(frozen=True)
class Draw:
    """One draw of `scoring_examples` run through a model once, so that every threshold and
    every way of counting is read off the same probabilities."""

    triggered: list[tuple[np.ndarray, np.ndarray, list[float], tuple[int, ...]]]
    """Each clip with triggers: probabilities, step times, word ends and `Example.sources`."""
    quiet: list[tuple[np.ndarray, np.ndarray]]
    """Each clip without a trigger: probabilities and step times."""


def run_draw(runner: model.Runner, pos, neg, n: int = 120, n_quiet: int = 60,
             seed: int = 99) -> Draw:  # fmt: skip
    with_triggers, only_others = scoring_examples(pos, neg, n, n_quiet, seed)
    triggered = []
    for e in with_triggers:
        d = detect.detect(e.wave, audio.RATE, runner)
        triggered.append((d.probabilities, d.frame_times, trigger_ends(e), e.sources))
    quiet = []
    for e in only_others:
        d = detect.detect(e.wave, audio.RATE, runner)
        quiet.append((d.probabilities, d.frame_times))
    return Draw(triggered, quiet)


def events(probs: np.ndarray, times: np.ndarray, threshold: float, refractory: float = 0.5,
           hold: int = detect.HOLD_STEPS) -> tuple[float, ...]:  # fmt: skip
    """The detector's events on probabilities already computed (as `detect.detect` fires)."""
    found = detect._Events(threshold, refractory, hold)
    found.feed(probs, times)
    return tuple(found.fired)


def score_draw(
    draw: Draw, thresholds, refractory: float = 0.5, hold: int = detect.HOLD_STEPS,
    apart: Callable[[int], bool] | None = None,
) -> list[Score]:  # fmt: skip
    """The draw's score at each threshold. `apart(source)`: triggers drawn from these clips of
    the positives are left out of the score (see `match`); the clips stay as drawn."""
    scores = []
    for threshold in thresholds:
        found = []
        for probs, times, ends, sources in draw.triggered:
            counted = None if apart is None else [not apart(i) for i in sources]
            found.append((events(probs, times, threshold, refractory, hold), ends, counted))
        quiet = [events(probs, times, threshold, refractory, hold) for probs, times in draw.quiet]
        scores.append(_tally(found, quiet))
    return scores


def trigger_ends(example: synth.Example) -> list[float]:
    """Where each of the clip's triggers ends, in seconds."""
    return [end / audio.RATE for _, end in example.positives]


def _tally(found, quiet) -> Score:
    """`found`: (event times, word ends) of each clip with triggers, or (event times, word
    ends, which ends are counted: see `match`); `quiet`: event times of each clip without any
    (false alarms per 10 minutes of those clips)."""
    tp = fp = fn = 0
    for fired, ends, *counted in found:
        a, b, c = match(fired, ends, *counted)
        tp, fp, fn = tp + a, fp + b, fn + c
    alarms = sum(len(fired) for fired in quiet)
    return Score(tp, fp, fn, alarms / (len(quiet) * synth.CLIP_SECONDS / 60) * 10)


def scoring_examples(pos, neg, n: int = 120, n_quiet: int = 60, seed: int = 99):
    """The clips `evaluate` scores: `n` with 1–4 triggers, then `n_quiet` without any."""
    rng = np.random.default_rng(seed)
    with_triggers = [synth.make_example(pos, neg, rng, augmentation=False) for _ in range(n)]
    quiet = [
        synth.make_example(pos, neg, rng, n_pos=(0, 0), n_neg=(1, 5), augmentation=False)
        for _ in range(n_quiet)
    ]
    return with_triggers, quiet


# Most false alarms are in babble (BENCHMARKS.md has the table); what was tried against them:
# docs/trigger-experiments.md, N1-N10.
def false_alarms_by_background(runner, neg, n: int = 60, seed: int = 98) -> dict[str, float]:
    """False alarms per 10 min on `n` clips of each background with 1–5 of `neg` on top (as
    `evaluate`'s clips without a trigger), and on `n` clips of babble alone."""
    rng = np.random.default_rng(seed)
    cases = [(kind, kind, (1, 5)) for kind in synth.BACKGROUNDS] + [
        ("babble alone", "babble", (0, 0))
    ]
    rates = {}
    for name, kind, n_neg in cases:
        clips = [synth.make_example([], neg, rng, n_pos=(0, 0), n_neg=n_neg, augmentation=False,
                                    background=kind) for _ in range(n)]  # fmt: skip
        fired = [detect.detect(e.wave, audio.RATE, runner).times for e in clips]
        rates[name] = _tally([], fired).false_alarms_per_10_min
    return rates


def score_detector(fired: Callable, pos, neg, **clips) -> Score:
    """Any detector (`fired(wave) -> event times`) on `scoring_examples`: to compare with others."""
    with_triggers, quiet = scoring_examples(pos, neg, **clips)
    found = [(fired(e.wave), trigger_ends(e)) for e in with_triggers]
    return _tally(found, [fired(e.wave) for e in quiet])


def word_alone(w: np.ndarray, rng: np.random.Generator, snr_db: float = 15.0,
               background: str = "pink", words: list[np.ndarray] | None = None):  # fmt: skip
    """(wave, end in s): the word 3 s into 6 s of `background` noise (one of
    synth.BACKGROUNDS; babble made of `words`) `snr_db` below it."""
    start = 3 * audio.RATE
    wave = np.zeros(6 * audio.RATE, np.float32)
    wave[start : start + len(w)] = w
    if background == "babble" and not words:
        raise ValueError("babble is made of words: pass the words it is made of")
    bg = synth.noise(background, len(wave), rng, words)
    bg *= np.sqrt(np.mean(w**2) / np.mean(bg**2)) * 10 ** (-snr_db / 20)
    return wave + bg, (start + len(w)) / audio.RATE


def single_word_hits(
    runner: model.Runner, clips, snr_db: float = 15.0, seed: int = 0, background: str = "pink",
    words: list[np.ndarray] | None = None,
) -> int:  # fmt: skip
    """How many of `clips` fire, each spoken alone (`word_alone`, over `background`)."""
    rng = np.random.default_rng(seed)
    hits = 0
    for w in clips:
        wave, end = word_alone(w, rng, snr_db, background, words)
        hits += match(detect.detect(wave, audio.RATE, runner).times, [end])[0]
    return hits


def train_and_score(
    train_synths, test_synths, test_split, n_train=N_TRAIN, epochs=EPOCHS, seed=0, log=print,
    also: tuple[str, ...] = (), left_out: str | None = None, thresholds=(detect.THRESHOLD,),
):  # fmt: skip
    """Train on `train_synths`' training voices; score on `test_synths`' `test_split` clips.

    Returns (weights, one Score per threshold in `thresholds`, seconds). `also`:
    synthesisers kept for testing (festival) whose every clip joins this training run.
    `left_out` names the synthesiser a leave-one-out run tests on: every voice that shares a
    speaker with it stays out of training, whatever synthesiser says it.
    """
    start = time.perf_counter()
    pos, neg = load_clips("train", train_synths, NEAR_MISS_WEIGHT, left_out)
    if also:
        more_pos, more_neg = load_clips(None, also, NEAR_MISS_WEIGHT, left_out)
        pos, neg = pos + more_pos, neg + more_neg
    babble = None  # the inserted negatives, unless BABBLE_NEAR_MISS_WEIGHT asks for other words
    if BABBLE_NEAR_MISS_WEIGHT != NEAR_MISS_WEIGHT:
        babble = load_clips("train", train_synths, BABBLE_NEAR_MISS_WEIGHT, left_out)[1]
        if also:
            babble += load_clips(None, also, BABBLE_NEAR_MISS_WEIGHT, left_out)[1]
    near = None  # the near misses QUIET_NEAR_MISSES_DB puts quietly into the babble
    if QUIET_NEAR_MISSES_DB:
        rows = [*_rows("train", train_synths, left_out, False), *_rows(None, also, left_out, False)]
        near = [read_clip(row) for row in rows if row["word"] in make_clips.NEAR_MISSES]
    x, y = training_set(pos, neg, n_train, seed, babble_words=babble, near_misses=near)
    extra = f" + {BABBLE_CLIPS} of babble without a trigger" if BABBLE_CLIPS else ""
    log(
        f"  {len(pos)} positive / {len(neg)} negative clips → {n_train} examples{extra} "
        f"({time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    weights = fit(
        x,
        y,
        epochs,
        seed,
        on_epoch=lambda e, logs: log(f"  epoch {e + 1}: {logs['loss']:.4f}", flush=True),
        decay_epochs=DECAY_EPOCHS if (n_train, epochs) == (N_TRAIN, EPOCHS) else None,
    )
    runner = model.Runner(weights)
    tpos, tneg = load_clips(test_split, test_synths)
    scores = evaluate_thresholds(runner, tpos, tneg, thresholds)
    return weights, scores, time.perf_counter() - start


def keras_from_weights(weights: dict[str, np.ndarray]):
    """A Keras model holding `weights`; BatchNorm layers carry the folded affine and are frozen."""
    net = model.build_keras()
    net.get_layer("conv").set_weights([weights["conv_W"], weights["conv_b"]])
    for name in ("bn0", "bn1", "bn2"):
        layer = net.get_layer(name)
        eps = layer.epsilon
        scale, shift = weights[f"{name}_scale"], weights[f"{name}_shift"]
        layer.set_weights([scale, shift, np.zeros_like(scale), np.full_like(scale, 1 - eps)])
        layer.trainable = False  # inference mode: the folded statistics stay as they are
    for name in ("gru1", "gru2"):
        net.get_layer(name).set_weights(
            [weights[f"{name}_W"], weights[f"{name}_U"], weights[f"{name}_b"]]
        )
    net.get_layer("out").layer.set_weights([weights["out_W"], weights["out_b"]])
    return net


def own_voice_negatives(samples: list[np.ndarray]) -> list[np.ndarray]:
    """Not-the-word in the speaker's own voice: each sample reversed, its first half, its last half.

    Without them a personal model learns "this voice" instead of "this word", and fires on
    anything the teacher says (measured in BENCHMARKS.md).
    """
    out = []
    for s in samples:
        half = len(s) // 2
        out += [s[::-1].copy(), s[: half + len(s) // 10], s[half - len(s) // 10 :]]
    return out


# a personal sample is one word ("activate" takes about 0.6-1.2 s), with what `trim_silence`
# leaves of a noisy room around it; a 10 s clip could not hold a sample of 10 s or more
MAX_SAMPLE_SECONDS = 5.0


def fine_tune(
    weights: dict[str, np.ndarray], samples: list[np.ndarray], negatives: list[np.ndarray],
    replay: list[np.ndarray] = (), n_examples: int = 160, learning_rate: float = 5e-4,
    epochs: int = 3, seed: int = 0, on_epoch: Callable | None = None,
) -> dict[str, np.ndarray]:  # fmt: skip
    """Adapt the shipped model to one speaker.

    Positives: their samples (and as many `replay` clips, the synthesised positives, so the
    model does not forget other voices). Negatives: `negatives` plus `own_voice_negatives`.
    """
    import keras

    if len(samples) < 1:
        raise ValueError("fine-tuning needs at least one recorded sample of the trigger word")
    clean = [audio.trim_silence(s) for s in samples]
    if max(len(s) for s in clean) > MAX_SAMPLE_SECONDS * audio.RATE:
        raise ValueError(
            f"a sample is longer than {MAX_SAMPLE_SECONDS:g} s after its silence is trimmed: "
            "each sample should be the one word"
        )
    own = own_voice_negatives(clean)
    pool = list(negatives) + own * max(1, len(negatives) // (3 * len(own)))  # a quarter own voice
    positives = clean * max(1, len(replay) // len(clean)) + list(replay)  # half theirs
    x, y = dataset(positives, pool, n_examples, seed)
    net = keras_from_weights(weights)
    net.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
    callbacks = [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch)] if on_epoch else []
    net.fit(x, y, epochs=epochs, batch_size=16, shuffle=True, verbose=0, callbacks=callbacks)
    tuned = model.weights_from_keras(net)
    for name in ("bn0", "bn1", "bn2"):  # frozen: keep the exact folded values
        tuned[f"{name}_scale"], tuned[f"{name}_shift"] = (
            weights[f"{name}_scale"],
            weights[f"{name}_shift"],
        )
    return tuned


def to_bytes(weights: dict[str, np.ndarray]) -> bytes:
    import io

    buf = io.BytesIO()
    np.savez_compressed(buf, **weights)
    return buf.getvalue()
