"""The shipped recipe since the recorded speakers: the earlier model, trained on.

The model shipped before (era D of docs/trigger-experiments.md: 10,000 clips of espeak-ng
and flite, 14 epochs; kept as `BASE_FILE`) never heard MBROLA, Pico or a sentence. It is
trained on for a few epochs on fresh clips of every training voice, the recorded speakers of
one of `make_clips.SPEAKER_DRAWS` and the training sentences among the negatives, and the
weights of its last epochs are averaged. Starting from it rather than from scratch costs a
third of the epochs, which is what a 2-core CPU allows; it is honest for every held-out
score, since the base heard none of the held-out voices, speakers or sentences either.
The recipes measured: docs/trigger-experiments.md, records P1-P5.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from core.trigger import make_clips, model, training

BASE_FILE = "trigger/trigger_model_base.npz"  # the model shipped before (era D)
N_CLIPS, EPOCHS = 1500, 3  # fresh clips, and epochs trained on from the base (record P1)
LEARNING_RATE = 0.001  # the cosine's start (the base's own schedule began at 0.004)
AVERAGE_LAST = 2  # the weights of the last 2 epochs averaged (E8 lifted 2 of 3 runs)
SENTENCE_WEIGHT = 2  # each training sentence this many times among the negatives


def training_clips(draw: int = 0, synths=make_clips.TRAIN_SYNTHS, left_out: str | None = None):
    """(positives, negatives) of the training voices of `synths` in `draw`, near misses
    NEAR_MISS_WEIGHT times and sentences SENTENCE_WEIGHT times among the negatives."""
    pos, words = training.load_clips("train", synths, training.NEAR_MISS_WEIGHT, left_out,
                                     draw=draw, sentences=False)  # fmt: skip
    rows = training._rows("train", synths, left_out, False, draw)
    said = [training.read_clip(r) for r in rows if training.is_sentence(r)]
    return pos, words + said * SENTENCE_WEIGHT


def base_weights() -> dict[str, np.ndarray]:
    from core import assets
    from core.trigger import detect

    return detect.load_weights(assets.resolve(BASE_FILE))


def fit_on(weights, x, y, epochs: int | None = None, seed: int = 0,
           on_epoch: Callable | None = None, learning_rate: float | None = None,
           average_last: int | None = None):  # fmt: skip
    """`weights` trained on (x, y) for `epochs` (None: EPOCHS) on a cosine from
    `learning_rate` (LEARNING_RATE; BatchNorm frozen at its folded values, as in
    fine-tuning); the mean of the last `average_last` (AVERAGE_LAST) epochs' weights."""
    import keras

    epochs = EPOCHS if epochs is None else epochs
    learning_rate = LEARNING_RATE if learning_rate is None else learning_rate
    average_last = min(AVERAGE_LAST if average_last is None else average_last, epochs)

    net = training.keras_from_weights(weights)
    batches = training._batches(x, y, training.BATCH_SIZE, seed)
    lr = keras.optimizers.schedules.CosineDecay(learning_rate, epochs * len(batches), alpha=0.05)
    net.compile(optimizer=keras.optimizers.Adam(lr), loss="binary_crossentropy")
    kept: list[dict[str, np.ndarray]] = []

    def end_of_epoch(epoch, logs):
        if epoch >= epochs - average_last:
            kept.append(model.weights_from_keras(net))
        if on_epoch:
            on_epoch(epoch, logs)

    callback = keras.callbacks.LambdaCallback(on_epoch_end=end_of_epoch)
    net.fit(batches, epochs=epochs, verbose=0, callbacks=[callback])
    return {k: np.mean([w[k] for w in kept], axis=0).astype(np.float32) for k in kept[0]}


def train(draw: int = 0, seed: int = 0, n_clips: int | None = None, epochs: int | None = None,
          synths=make_clips.TRAIN_SYNTHS, left_out: str | None = None, base=None,
          log=print) -> dict[str, np.ndarray]:  # fmt: skip
    """The recipe: `base` (None: BASE_FILE) trained on `n_clips` (N_CLIPS) fresh clips of
    `synths`' training voices in `draw` for `epochs` (EPOCHS). Returns the averaged weights."""
    start = time.perf_counter()
    n_clips = N_CLIPS if n_clips is None else n_clips
    pos, neg = training_clips(draw, synths, left_out)
    x, y = training.training_set(pos, neg, n_clips, 1000 * (draw + 1) + seed)
    log(f"  {len(pos)} positive / {len(neg)} negative clips → {n_clips} examples "
        f"({time.perf_counter() - start:.0f} s)", flush=True)  # fmt: skip
    return fit_on(
        base_weights() if base is None else base, x, y, epochs, seed,
        on_epoch=lambda e, logs: log(f"  epoch {e + 1}: {logs['loss']:.4f} "
                                     f"({time.perf_counter() - start:.0f} s)", flush=True),
    )  # fmt: skip
