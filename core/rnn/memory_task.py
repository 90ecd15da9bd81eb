"""A long-range memory task: recall the first symbol after T steps (many-to-one).

Course: Sequence Models, week 1 — vanishing gradients make "the cat, which …, was"
hard for a basic RNN. Here x⟨1⟩ is one of K cue symbols and x⟨2⟩ … x⟨T⟩ are
distractors; the class at step T is the cue. Each cell is trained with Keras; after
every epoch the per-step contribution of x⟨t⟩ to ∂L/∂Wax is recorded (RNNbow:
Cashman et al. 2017, "RNNbow: Visualizing Learning via Backpropagation Gradients").
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
import numpy.typing as npt

from core.rnn import cells, gradients
from core.rnn.activations import softmax

K = 4  # cue symbols; distractors use K more symbols
KINDS = ("rnn", "gru", "lstm")
DEFAULT_LAGS = (10, 30, 60)


@dataclass(frozen=True)
class MemoryConfig:
    lags: tuple[int, ...] = DEFAULT_LAGS
    kinds: tuple[str, ...] = KINDS
    epochs: int = 25
    units: int = 16
    radius: float = 0.9  # spectral radius of the random recurrent initialisation
    n_train: int = 2048
    seed: int = 0


@dataclass
class MemoryResult:
    config: MemoryConfig
    accuracy: dict[str, list[float]] = field(default_factory=dict)  # kind -> per lag
    rnnbow: dict[str, list[list[float]]] = field(default_factory=dict)  # "kind-lag" -> epochs×T
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> MemoryResult:
        raw = json.loads(text)
        config = MemoryConfig(
            **{k: tuple(v) if isinstance(v, list) else v for k, v in raw.pop("config").items()}
        )
        return cls(config, **raw)


def make_data(n: int, lag: int, seed: int = 0) -> tuple[npt.NDArray, npt.NDArray]:
    """x (n, lag, 2K) one-hot: a cue in {0..K−1} then distractors in {K..2K−1}; y (n,) = cue."""
    if lag < 1:
        raise ValueError(f"argument `lag` expected a positive integer, got {lag}")
    rng = np.random.default_rng(seed)
    symbols = rng.integers(K, 2 * K, (n, lag))
    symbols[:, 0] = rng.integers(0, K, n)
    return np.eye(2 * K, dtype=np.float32)[symbols], symbols[:, 0]


def input_weight_gradients(p: cells.CellParams, Wy, by, x, y) -> npt.NDArray:
    """x⟨t⟩ᵀ ∂L/∂z⟨t⟩ for every t, L the mean cross-entropy at step T of softmax(a⟨T⟩Wy + by).

    Their sum over t is ∂L/∂W (the input kernel). Shape (T, n_x, k·n_a).
    """
    tr = cells.forward(p, x)
    probs = softmax(tr.h[:, -1] @ Wy + by)
    probs[np.arange(len(y)), y] -= 1.0  # ∂L/∂logits, times m
    dL_da = np.zeros_like(tr.h)
    dL_da[:, -1] = probs @ Wy.T / len(y)
    dz = gradients.backward(p, x, dL_da, tr=tr).dz_in  # (m, T, k·n_a)
    return np.einsum("mti,mtj->tij", x, dz)


def step_contributions(p: cells.CellParams, Wy, by, x, y) -> npt.NDArray:
    """‖x⟨t⟩ᵀ ∂L/∂z⟨t⟩‖ for every t: how much each step's input adds to ∂L/∂Wax. Shape (T,)."""
    per_step = input_weight_gradients(p, Wy, by, x, y)
    return np.sqrt((per_step**2).sum(axis=(1, 2)))


def _keep_gate_bias(shape, dtype=None):
    """GRU bias with the "keep" gate z (Keras' first block; z = 1 − Γu) at +1, the rest 0.

    The GRU's counterpart of Keras' `unit_forget_bias=True` for the LSTM: both gated cells
    start with their memory gate leaning open (σ(1) ≈ 0.73) instead of at 0.5, which would
    halve the gradient at every step before training has begun.
    """
    bias = np.zeros(shape, dtype="float32")
    n = shape[-1] // 3
    bias[..., :n] = 1.0
    return bias


def _model(kind: str, cfg: MemoryConfig):
    import keras

    layer = {"rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}
    init = keras.initializers.RandomNormal(stddev=cfg.radius / np.sqrt(cfg.units), seed=cfg.seed)
    extra = {"bias_initializer": _keep_gate_bias} if kind == "gru" else {}
    model = keras.Sequential(
        [
            keras.Input((None, 2 * K)),
            layer[kind](cfg.units, recurrent_initializer=init, name="rec", **extra),
            keras.layers.Dense(K, name="y"),
        ]
    )
    model.compile(
        keras.optimizers.Adam(0.01, clipnorm=1.0),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


def _fit_one(kind: str, lag: int, cfg: MemoryConfig, report: Callable[[int, str], None]):
    """Train one cell at one lag; returns (test accuracy, RNNbow rows: epochs × T)."""
    import keras

    keras.utils.set_random_seed(cfg.seed)
    x, y = make_data(cfg.n_train, lag, cfg.seed)
    x_test, y_test = make_data(512, lag, cfg.seed + 10_000)
    probe_x, probe_y = x_test[:64].astype(np.float64), y_test[:64]
    model, bow = _model(kind, cfg), []

    def epoch_end(epoch: int, logs: dict) -> None:
        Wy, by = (np.asarray(w, np.float64) for w in model.get_layer("y").get_weights())
        params = cells.params_from_layer(model.get_layer("rec"))
        bow.append(step_contributions(params, Wy, by, probe_x, probe_y).tolist())
        report(
            epoch + 1,
            f"{kind.upper()}, T = {lag}: epoch {epoch + 1}/{cfg.epochs}, loss {logs['loss']:.3f}",
        )

    model.fit(
        x,
        y,
        epochs=cfg.epochs,
        batch_size=128,
        verbose=0,
        callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=epoch_end)],
    )
    logits = np.asarray(model(x_test, training=False))
    return float((logits.argmax(1) == y_test).mean()), bow


def train(
    cfg: MemoryConfig = MemoryConfig(), on_step: Callable[[float, str], None] = lambda f, m: None
) -> MemoryResult:
    """Train every (cell, lag); report progress as on_step(fraction done, message)."""
    result, start = MemoryResult(cfg), time.perf_counter()
    runs = [(kind, lag) for kind in cfg.kinds for lag in cfg.lags]
    for i, (kind, lag) in enumerate(runs):
        acc, bow = _fit_one(
            kind,
            lag,
            cfg,
            lambda epoch, msg, i=i: on_step((i + epoch / cfg.epochs) / len(runs), msg),
        )
        result.accuracy.setdefault(kind, []).append(acc)
        result.rnnbow[f"{kind}-{lag}"] = bow
    result.seconds = time.perf_counter() - start
    return result
