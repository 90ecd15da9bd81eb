"""Forecasting a series from a window of its past: splits, scaling, models, baselines, metrics.

Course: Google's "Sequence models for time series" — windowed datasets, linear, DNN,
CNN and RNN forecasters, deep RNNs, the sequence-to-sequence ("predict at every
step") loss, and real weather. Splits are by time and never shuffled across, and
the scaler is fitted on the training part only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.sequences import make_windows

Array = npt.NDArray[np.float64]
MODELS = ("linear", "dnn", "cnn", "rnn", "gru", "lstm", "deep_lstm", "every_step_lstm")
LABELS = {
    "linear": "Linear",
    "dnn": "DNN",
    "cnn": "CNN (Conv1D)",
    "rnn": "SimpleRNN",
    "gru": "GRU",
    "lstm": "LSTM",
    "deep_lstm": "Deep LSTM (2 layers)",
    "every_step_lstm": "LSTM, loss at every step",
}


@dataclass(frozen=True)
class Split:
    """Index ranges [0, train) [train, valid) [valid, n) of a series, in time order."""

    n: int
    train: int
    valid: int


def split_by_time(n: int, train: float = 0.7, valid: float = 0.15) -> Split:
    if not (0 < train < 1 and 0 <= valid < 1 and train + valid < 1):
        raise ValueError(f"fractions expected 0 < train, train + valid < 1; got {train}, {valid}")
    return Split(n, int(n * train), int(n * (train + valid)))


@dataclass(frozen=True)
class Scaler:
    """z = (x − mean) / std, with mean and std of the training part only."""

    mean: float
    std: float

    @classmethod
    def fit(cls, train: npt.ArrayLike) -> Scaler:
        train = np.asarray(train, dtype=np.float64)
        if train.size < 2 or not np.isfinite(train).all():
            raise ValueError("The training part needs at least 2 finite values.")
        std = float(train.std())
        if std == 0:
            raise ValueError(
                "The series is constant on its training part (zero variance): "
                "there is nothing to forecast; pick a series that varies."
            )
        return cls(float(train.mean()), std)

    def __call__(self, x: npt.ArrayLike) -> Array:
        return (np.asarray(x, dtype=np.float64) - self.mean) / self.std

    def inverse(self, z: npt.ArrayLike) -> Array:
        return np.asarray(z, dtype=np.float64) * self.std + self.mean


@dataclass(frozen=True)
class Dataset:
    """Windows whose targets fall in one part of the split (inputs may reach back before it)."""

    X: Array  # (n, window) scaled inputs
    Y: Array  # (n, horizon) scaled targets
    target_start: npt.NDArray[np.int64]  # (n,) series index of each first target


def windows(z: npt.ArrayLike, window: int, horizon: int, start: int, stop: int) -> Dataset:
    """All (window, horizon) pairs of the scaled series z with targets inside [start, stop)."""
    z = np.asarray(z, dtype=np.float64)
    first = max(start - window, 0)
    if stop - first < window + horizon:
        raise ValueError(
            f"Window {window} + horizon {horizon} = {window + horizon} steps do not "
            f"fit in this part of the series ({stop - first} steps): shorten them."
        )
    pairs = make_windows(z[first:stop], window, horizon)
    target_start = pairs.starts + first + window
    keep = target_start >= start
    return Dataset(
        pairs.inputs[keep].astype(np.float64),
        pairs.targets[keep].astype(np.float64),
        target_start[keep],
    )


@dataclass(frozen=True)
class Prepared:
    """A series split by time, scaled on its training part, cut into windows per part."""

    z: Array  # the scaled series
    scaler: Scaler
    split: Split
    train: Dataset
    valid: Dataset
    test: Dataset


def prepare(
    values: npt.ArrayLike, window: int, horizon: int, first_target: int | None = None
) -> Prepared:
    """Split, scale and window a series in one step.

    Args:
        first_target: earliest index a training target may have (default `window`; more
            leaves history for a seasonal baseline).

    Raises:
        ValueError: from Scaler.fit (constant series) or windows (window too long).
    """
    values = np.asarray(values, dtype=np.float64)
    split = split_by_time(len(values))
    scaler = Scaler.fit(values[: split.train])
    z = scaler(values)
    start = window if first_target is None else first_target
    return Prepared(
        z,
        scaler,
        split,
        windows(z, window, horizon, start, split.train),
        windows(z, window, horizon, split.train, split.valid),
        windows(z, window, horizon, split.valid, split.n),
    )


def persistence(X: Array, horizon: int) -> Array:
    """Every future value = the last observed one. (n, horizon)."""
    return np.repeat(X[:, -1:], horizon, axis=1)


def seasonal_naive(z: Array, target_start: npt.NDArray, horizon: int, period: int) -> Array:
    """Each target = the value one period earlier (same hour yesterday for period 24)."""
    idx = target_start[:, None] + np.arange(horizon)[None] - period
    if idx.min() < 0:
        raise ValueError(f"seasonal naive needs {period} steps of history before the first target")
    return z[idx]


def mae_rmse(y_true: npt.ArrayLike, y_pred: npt.ArrayLike, axis=None) -> tuple:
    err = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return np.abs(err).mean(axis=axis), np.sqrt((err**2).mean(axis=axis))


def every_step_targets(z: Array, ds: Dataset, window: int, horizon: int) -> Array:
    """Every-step loss targets: after each input step, the next `horizon` values.

    Shape (n, window, horizon).
    """
    base = ds.target_start[:, None, None] - window + 1 + np.arange(window)[None, :, None]
    return z[base + np.arange(horizon)[None, None, :]]


def build(name: str, window: int, horizon: int, units: int = 32):
    """A Keras forecaster: input (window, 1) → output (horizon,) (every-step: (window, horizon)).

    Every model is residual: ŷ = last input value + f(window), so it starts as persistence.
    """
    import keras
    from keras import layers

    if name not in MODELS:
        raise ValueError(f"argument `name` expected one of {MODELS}, got {name!r}")
    body = {
        "linear": [layers.Flatten()],
        "dnn": [
            layers.Flatten(),
            layers.Dense(units, activation="relu"),
            layers.Dense(units, activation="relu"),
        ],
        "cnn": [
            layers.Conv1D(units, 5, padding="causal", activation="relu"),
            layers.Conv1D(units, 5, strides=2, activation="relu"),
            layers.Flatten(),
        ],
        "rnn": [layers.SimpleRNN(units)],
        "gru": [layers.GRU(units)],
        "lstm": [layers.LSTM(units)],
        "deep_lstm": [layers.LSTM(units, return_sequences=True), layers.LSTM(units)],
        "every_step_lstm": [layers.LSTM(units, return_sequences=True)],
    }[name]
    inputs = keras.Input((window, 1))
    hidden = inputs
    for layer in body:
        hidden = layer(hidden)
    # Residual: the network predicts the change from the last value(s) it saw and starts as
    # persistence (zero-initialised output), as in TensorFlow's time-series tutorial.
    change = layers.Dense(horizon, kernel_initializer="zeros", name="change")(hidden)
    if name == "every_step_lstm":
        base = inputs if horizon == 1 else layers.Concatenate()([inputs] * horizon)
    else:
        last = layers.Cropping1D((window - 1, 0))(inputs)  # (batch, 1, 1)
        base = layers.Flatten()(layers.RepeatVector(horizon)(layers.Flatten()(last)))
    model = keras.Model(inputs, layers.Add()([base, change]), name=name)
    model.compile(keras.optimizers.Adam(1e-2, clipnorm=1.0), loss="mse")
    return model


def fit(
    name: str,
    train: Dataset,
    valid: Dataset,
    z: Array,
    window: int,
    horizon: int,
    epochs: int = 20,
    seed: int = 0,
    on_epoch: Callable[[int, dict], None] | None = None,
):
    """Train one forecaster; returns (model, {"loss": [...], "val_loss": [...]}) in scaled units.

    Stops early when the validation loss has not improved for 4 epochs, keeping the best.
    """
    import keras

    keras.utils.set_random_seed(seed)
    model = build(name, window, horizon)  # no Lambda layers: shipped .keras files load safely
    ys = (
        (
            every_step_targets(z, train, window, horizon),
            every_step_targets(z, valid, window, horizon),
        )
        if name == "every_step_lstm"
        else (train.Y, valid.Y)
    )
    last_step: list[float] = []  # comparable across losses: MSE of the forecast after step T

    def track(epoch: int, logs: dict) -> None:
        last_step.append(float(np.mean((predict(model, name, valid.X) - valid.Y) ** 2)))
        logs["val_last_step"] = last_step[-1]

    callbacks = [
        keras.callbacks.LambdaCallback(on_epoch_end=track),
        keras.callbacks.EarlyStopping(patience=4, restore_best_weights=True),
    ]
    if on_epoch:
        callbacks.append(keras.callbacks.LambdaCallback(on_epoch_end=on_epoch))
    history = model.fit(
        train.X[..., None],
        ys[0],
        validation_data=(valid.X[..., None], ys[1]),
        epochs=epochs,
        batch_size=64,
        verbose=0,
        shuffle=True,
        callbacks=callbacks,
    )
    hist = {k: [float(v) for v in vals] for k, vals in history.history.items()}
    return model, hist | {"val_last_step": last_step}


def predict(model, name: str, X: Array) -> Array:
    """(n, horizon) forecasts; the every-step model is read at its last step."""
    import keras

    out = keras.ops.convert_to_numpy(model(X[..., None].astype("float32"), training=False))
    return np.asarray(out[:, -1] if name == "every_step_lstm" else out, dtype=np.float64)


def linear_lstsq(train: Dataset, valid: Dataset, ridge: float = 1e-6) -> tuple[Array, float]:
    """The optimal linear forecaster (least squares with a bias): (weights, validation RMSE).

    It is what the Keras "linear" model converges to; cheap enough to sweep the window.
    """
    A = np.c_[train.X, np.ones(len(train.X))]
    W = np.linalg.solve(A.T @ A + ridge * np.eye(A.shape[1]), A.T @ train.Y)
    pred = np.c_[valid.X, np.ones(len(valid.X))] @ W
    return W, float(np.sqrt(np.mean((pred - valid.Y) ** 2)))
