"""Training and evaluation of the next-step predictors of core.rnn.next_step (Keras).

Reproducible: fixed seeds and TensorFlow's deterministic ops; reports progress
through an `on_step(message)` callback and knows nothing of any UI.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from core.corpora import CHARS, python_doc_words, split_words
from core.rnn import cells
from core.rnn.next_step import SINE_PERIODS, NextStepModel, encode_word, predict

LN2 = np.log(2.0)


def word_arrays(words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Padded batch: x (N, T, 27), targets (N, T), mask (N, T) of real steps."""
    steps = max(len(w) for w in words) + 1
    x = np.zeros((len(words), steps, len(CHARS)), np.float32)
    y = np.zeros((len(words), steps), np.int64)
    mask = np.zeros((len(words), steps), np.float32)
    for i, w in enumerate(words):
        xi, yi = encode_word(w)
        x[i, : len(yi)], y[i, : len(yi)], mask[i, : len(yi)] = xi, yi, 1.0
    return x, y, mask


def sine_arrays(n: int, steps: int = 40, noise: float = 0.05, seed: int = 0):
    """n noisy sine waves of random period and phase: x (n, T, 1), next values y (n, T, 1)."""
    rng = np.random.default_rng(seed)
    period = rng.uniform(*SINE_PERIODS, size=(n, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(n, 1))
    t = np.arange(steps + 1)[None]
    s = np.sin(2 * np.pi * t / period + phase) + noise * rng.standard_normal((n, steps + 1))
    return s[:, :-1, None].astype(np.float32), s[:, 1:, None].astype(np.float32)


def build(kind: str, units: int, n_x: int, n_y: int):
    import keras

    layer = {"rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}[
        kind
    ](units, return_sequences=True, name="recurrent")
    return keras.Sequential([keras.Input((None, n_x)), layer, keras.layers.Dense(n_y, name="y")])


def to_model(task: str, keras_model) -> NextStepModel:
    recurrent, dense = keras_model.get_layer("recurrent"), keras_model.get_layer("y")
    W, b = (np.asarray(v, np.float64) for v in dense.get_weights())
    return NextStepModel(task, cells.params_from_layer(recurrent), W, b)


def fit(
    task: str,
    kind: str,
    units: int,
    seed: int = 0,
    epochs: int | None = None,
    on_step: Callable[[str], None] = print,
) -> NextStepModel:
    """Train one model; returns it as plain arrays."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    if task == "word":
        train, _ = split_words(python_doc_words())
        x, y, mask = word_arrays(train)
        model = build(kind, units, len(CHARS), len(CHARS))
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        fit_kw = dict(sample_weight=mask, epochs=epochs or 60, batch_size=64)
    else:
        x, y = sine_arrays(2000, seed=seed)
        model, loss = build(kind, units, 1, 1), "mse"
        fit_kw = dict(epochs=epochs or 40, batch_size=64)
    model.compile(optimizer=keras.optimizers.Adam(0.01, clipnorm=1.0), loss=loss)
    report = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: on_step(
            f"{task} {kind}-{units} epoch {e + 1}: loss {logs['loss']:.4f}"
        )
    )
    model.fit(x, y, verbose=0, shuffle=True, callbacks=[report], **fit_kw)
    return to_model(task, model)


def word_bits_per_char(model: NextStepModel, words: list[str]) -> float:
    """Mean −log2 P(next char) over every step of `words` (end-of-word included)."""
    total, count = 0.0, 0
    for w in words:
        x, targets = encode_word(w)
        p = predict(model, x).y_hat
        total -= np.log(p[np.arange(len(targets)), targets]).sum()
        count += len(targets)
    return total / count / LN2


def ngram_bits_per_char(train: list[str], valid: list[str], order: int) -> float:
    """Add-one smoothed unigram (order 1) or bigram (order 2) baseline, in bits/char."""
    V = len(CHARS)
    counts = np.ones((V, V)) if order == 2 else np.ones((1, V))
    for w in train:
        _, targets = encode_word(w)
        prev = np.concatenate([[0], targets[:-1]]) if order == 2 else np.zeros_like(targets)
        np.add.at(counts, (prev, targets), 1)
    probs = counts / counts.sum(axis=1, keepdims=True)
    total, count = 0.0, 0
    for w in valid:
        _, targets = encode_word(w)
        prev = np.concatenate([[0], targets[:-1]]) if order == 2 else np.zeros_like(targets)
        total -= np.log(probs[prev, targets]).sum()
        count += len(targets)
    return total / count / LN2


def sine_rmse(model: NextStepModel, n: int = 200, seed: int = 12345) -> tuple[float, float]:
    """(model RMSE, persistence RMSE) on fresh held-out waves (a seed training never uses)."""
    x, y = sine_arrays(n, seed=seed)
    preds = np.stack([predict(model, xi).y_hat for xi in x])
    return float(np.sqrt(np.mean((preds - y) ** 2))), float(np.sqrt(np.mean((x - y) ** 2)))


def evaluate(task: str, models: dict[tuple[str, int], NextStepModel]) -> dict:
    """Held-out quality of every model, plus the baselines; a plain dict for the manifest."""
    if task == "word":
        train, valid = split_words(python_doc_words())
        scores = {f"{k}-{u}": word_bits_per_char(m, valid) for (k, u), m in models.items()}
        return {
            "valid_bits_per_char": scores,
            "unigram_bits_per_char": ngram_bits_per_char(train, valid, 1),
            "bigram_bits_per_char": ngram_bits_per_char(train, valid, 2),
        }
    rmse = {f"{k}-{u}": sine_rmse(m) for (k, u), m in models.items()}
    return {
        "valid_rmse": {k: v[0] for k, v in rmse.items()},
        "persistence_rmse": next(iter(rmse.values()))[1],
    }
