"""Train and evaluate the trigger-word model on synthesised 10 s clips.

`python -m core.train trigger` ships the model trained on both synthesisers and
writes the leave-one-synthesiser-out results next to it.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.trigger import audio, detect, features, make_clips, model, synth

TOLERANCE_S = 1.0  # an event counts if it fires within 1 s after the word ends
N_TRAIN, EPOCHS = 2500, 30  # the shipped model
LOO_TRAIN, LOO_EPOCHS = 2000, 15  # each leave-one-synthesiser-out measurement


def clip_index() -> list[dict[str, str]]:
    """The rows of assets/trigger/clips.csv (file, word, synth, voice, …, split)."""
    with open(make_clips.INDEX, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_clip(row: dict[str, str]) -> np.ndarray:
    return audio.read(make_clips.CLIPS_DIR / row["file"])[0]


def load_clips(split: str | None = None, synths: tuple[str, ...] = ("espeak-ng", "flite")):
    """(positives, negatives): lists of 16 kHz waveforms from assets/trigger/clips.csv."""
    pos, neg = [], []
    for row in clip_index():
        if (split and row["split"] != split) or row["synth"] not in synths:
            continue
        (pos if row["word"] == make_clips.TRIGGER else neg).append(read_clip(row))
    return pos, neg


def dataset(pos, neg, n: int, seed: int, augmentation: bool = True, n_pos=(1, 4)):
    """X (n, frames, N_MELS), Y (n, T_y, 1) and the examples themselves."""
    rng = np.random.default_rng(seed)
    examples = [synth.make_example(pos, neg, rng, n_pos=n_pos, augmentation=augmentation)
                for _ in range(n)]  # fmt: skip
    x = np.stack([features.log_mel(e.wave) for e in examples])
    ty = model.output_steps(x.shape[1])
    y = np.stack([synth.labels(e.positives, ty, len(e.wave)) for e in examples])
    return x, y[..., None], examples


def fit(x, y, epochs: int, seed: int = 0, on_epoch: Callable | None = None):
    import keras

    net = model.build_keras(seed)
    callbacks = [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch)] if on_epoch else []
    net.fit(x, y, epochs=epochs, batch_size=32, shuffle=True, verbose=0, callbacks=callbacks)
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


def match(fired: tuple[float, ...], ends: list[float]) -> tuple[int, int, int]:
    """(tp, fp, fn): each word end matches at most one event within TOLERANCE_S after it."""
    unused = sorted(fired)
    tp = 0
    for end in sorted(ends):
        hit = next((t for t in unused if end - 0.1 <= t <= end + TOLERANCE_S), None)
        if hit is not None:
            unused.remove(hit)
            tp += 1
    return tp, len(unused), len(ends) - tp


def evaluate(
    runner: model.Runner, pos, neg, n: int = 120, n_quiet: int = 60, seed: int = 99
) -> Score:
    """F1 on n clips with 1-4 triggers; false alarms on n_quiet clips of negatives only."""
    rng = np.random.default_rng(seed)
    tp = fp = fn = 0
    for _ in range(n):
        e = synth.make_example(pos, neg, rng, augmentation=False)
        d = detect.detect(e.wave, audio.RATE, runner)
        a, b, c = match(d.times, [end / audio.RATE for _, end in e.positives])
        tp, fp, fn = tp + a, fp + b, fn + c
    alarms = 0
    for _ in range(n_quiet):
        e = synth.make_example(pos, neg, rng, n_pos=(0, 0), n_neg=(1, 5), augmentation=False)
        alarms += len(detect.detect(e.wave, audio.RATE, runner).times)
    minutes = n_quiet * synth.CLIP_SECONDS / 60
    return Score(tp, fp, fn, alarms / minutes * 10)


def train_and_score(
    train_synths, test_synths, test_split, n_train=N_TRAIN, epochs=EPOCHS, seed=0, log=print
):
    start = time.perf_counter()
    pos, neg = load_clips("train", train_synths)
    x, y, _ = dataset(pos, neg, n_train, seed)
    log(
        f"  {len(pos)} positive / {len(neg)} negative clips → {n_train} examples "
        f"({time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    weights = fit(
        x,
        y,
        epochs,
        seed,
        on_epoch=lambda e, logs: log(f"  epoch {e + 1}: {logs['loss']:.4f}", flush=True),
    )
    runner = model.Runner(weights)
    tpos, tneg = load_clips(test_split, test_synths)
    return weights, evaluate(runner, tpos, tneg), time.perf_counter() - start


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


def fine_tune(
    weights: dict[str, np.ndarray], samples: list[np.ndarray], negatives: list[np.ndarray],
    n_examples: int = 160, epochs: int = 3, seed: int = 0, on_epoch: Callable | None = None,
) -> dict[str, np.ndarray]:  # fmt: skip
    """Adapt the shipped model to one speaker: their samples as positives, synthesised negatives."""
    import keras

    if len(samples) < 1:
        raise ValueError("fine-tuning needs at least one recorded sample of the trigger word")
    clean = [audio.trim_silence(s) for s in samples]
    x, y, _ = dataset(clean, negatives, n_examples, seed)
    net = keras_from_weights(weights)
    net.compile(optimizer=keras.optimizers.Adam(5e-4), loss="binary_crossentropy")
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
