"""Recurrent cells in numpy, in the course's notation, checked against Keras.

Course: Sequence Models, week 1 — "Recurrent Neural Network Model", "Gated
Recurrent Unit (GRU)", "Long Short Term Memory (LSTM)", and the assignment
"Building your Recurrent Neural Network — Step by Step". Cho et al. 2014 (GRU),
Hochreiter & Schmidhuber 1997 (LSTM).

Weights keep Keras' layout: `W` is the input kernel (n_x, k·n_a) and `U` the
recurrent kernel (n_a, k·n_a), gate blocks in Keras' order (GRU: z, r, h;
LSTM: i, f, c, o). The course writes the transposes: Wax = Wᵀ, Waa = Uᵀ.
`*_step()` does one time step and returns every intermediate; `forward()` loops.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from core.rnn import activations

Array = npt.NDArray[np.float64]
KINDS = ("rnn", "gru", "lstm")
GATES = {
    "rnn": (),
    "gru": ("update", "reset", "candidate"),
    "lstm": ("forget", "input", "output", "candidate"),
}


@dataclass(frozen=True)
class CellParams:
    """The weights and settings of one recurrent layer, as plain arrays."""

    kind: str  # "rnn", "gru" or "lstm"
    W: Array  # (n_x, k·n_a) input kernel; k = 1, 3, 4
    U: Array  # (n_a, k·n_a) recurrent kernel
    b: Array | None  # (k·n_a,), or (2, 3·n_a) for a GRU with reset_after
    activation: str = "tanh"  # g of a⟨t⟩ (RNN) or of c̃⟨t⟩ (GRU, LSTM)
    recurrent_activation: str = "sigmoid"  # σ of the gates
    reset_after: bool = True  # GRU only: Keras' default; False is the course's formula
    go_backwards: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"argument `kind` expected one of {KINDS}, got {self.kind!r}")
        k = {"rnn": 1, "gru": 3, "lstm": 4}[self.kind]
        if self.U.shape != (self.units, k * self.units) or self.W.shape[1] != k * self.units:
            raise ValueError(
                f"{self.kind} weights expected W (n_x, {k}·n_a) and U (n_a, {k}·n_a), "
                f"got W {self.W.shape} and U {self.U.shape}"
            )

    @property
    def units(self) -> int:
        """n_a, the size of a⟨t⟩."""
        return self.U.shape[0]

    @property
    def n_x(self) -> int:
        return self.W.shape[0]


@dataclass(frozen=True)
class Trace:
    """Everything a recurrent layer computed on a batch.

    `h[:, t]` is a⟨t+1⟩ in the course's 1-based notation. Arrays are in the order the
    layer processed the input (reversed for `go_backwards`), as Keras returns them;
    a Bidirectional trace re-aligns its backward half in time, as Keras does.
    """

    kind: str
    h: Array  # (batch, T, n_a) hidden states a⟨t⟩ (merged for Bidirectional)
    c: Array | None  # (batch, T, n_a) LSTM cell states c⟨t⟩, else None
    gates: dict[str, Array] = field(default_factory=dict)  # each (batch, T, n_a)
    h_T: Array | None = None  # (batch, n_a) final hidden state, as `return_state` gives
    c_T: Array | None = None  # (batch, n_a) final LSTM cell state
    directions: tuple[Trace, ...] = ()  # Bidirectional: (forward, backward), time-aligned


def _act(name: str):
    return activations.get(name)


def bias_parts(p: CellParams) -> tuple[Array, Array]:
    """(input bias, recurrent bias), zeros where the layer has none (Keras' GRU keeps two)."""
    k_units = p.W.shape[1]
    if p.b is None:
        return np.zeros(k_units), np.zeros(k_units)
    if p.b.ndim == 2:
        return p.b[0], p.b[1]
    return p.b, np.zeros(k_units)


def rnn_step(p: CellParams, x_t: Array, a_prev: Array) -> dict[str, Array]:
    """a⟨t⟩ = g(Waa a⟨t−1⟩ + Wax x⟨t⟩ + ba). Shapes: x_t (m, n_x), a_prev (m, n_a)."""
    b_in, _ = bias_parts(p)
    z = x_t @ p.W + a_prev @ p.U + b_in
    return {"a": _act(p.activation)(z), "z": z}


def gru_step(p: CellParams, x_t: Array, a_prev: Array) -> dict[str, Array]:
    """One GRU step; `update` is the course's Γu, so a⟨t⟩ = Γu·c̃⟨t⟩ + (1 − Γu)·a⟨t−1⟩.

    Keras names the gate z = 1 − Γu ("keep"). With reset_after=False the candidate
    is the course's c̃⟨t⟩ = tanh(Wc[Γr ∗ a⟨t−1⟩, x⟨t⟩] + bc); Keras' default applies
    Γr after the recurrent product: tanh(Wx x + Γr ∗ (Wa a⟨t−1⟩ + b_rec)).
    """
    n = p.units
    sigma, g = _act(p.recurrent_activation), _act(p.activation)
    b_in, b_rec = bias_parts(p)
    x_proj = x_t @ p.W + b_in  # (m, 3n)
    h_proj = a_prev @ p.U[:, : 2 * n] + b_rec[: 2 * n]  # (m, 2n)
    keep = sigma(x_proj[:, :n] + h_proj[:, :n])
    reset = sigma(x_proj[:, n : 2 * n] + h_proj[:, n:])
    if p.reset_after:
        recurrent = reset * (a_prev @ p.U[:, 2 * n :] + b_rec[2 * n :])
    else:
        recurrent = (reset * a_prev) @ p.U[:, 2 * n :]
    candidate = g(x_proj[:, 2 * n :] + recurrent)
    a = keep * a_prev + (1.0 - keep) * candidate
    return {"a": a, "update": 1.0 - keep, "reset": reset, "candidate": candidate}


def lstm_step(p: CellParams, x_t: Array, a_prev: Array, c_prev: Array) -> dict[str, Array]:
    """One LSTM step: c⟨t⟩ = Γf ∗ c⟨t−1⟩ + Γi ∗ c̃⟨t⟩, a⟨t⟩ = Γo ∗ g(c⟨t⟩).

    The course calls the input gate Γu; Keras orders the blocks i, f, c, o.
    """
    n = p.units
    sigma, g = _act(p.recurrent_activation), _act(p.activation)
    b_in, _ = bias_parts(p)
    z = x_t @ p.W + a_prev @ p.U + b_in  # (m, 4n)
    gate_in, forget = sigma(z[:, :n]), sigma(z[:, n : 2 * n])
    candidate, out = g(z[:, 2 * n : 3 * n]), sigma(z[:, 3 * n :])
    c = forget * c_prev + gate_in * candidate
    return {
        "a": out * g(c),
        "c": c,
        "forget": forget,
        "input": gate_in,
        "output": out,
        "candidate": candidate,
    }


def forward(
    p: CellParams, x: npt.ArrayLike, a0: Array | None = None, c0: Array | None = None
) -> Trace:
    """Run the cell over a batch. Shapes: x (m, T_x, n_x) -> Trace with (m, T_x, n_a) arrays."""
    x = _check_batch(x, p.n_x)
    m, steps = x.shape[0], x.shape[1]
    a = np.zeros((m, p.units)) if a0 is None else np.asarray(a0, dtype=np.float64)
    c = np.zeros((m, p.units)) if c0 is None else np.asarray(c0, dtype=np.float64)
    order = range(steps - 1, -1, -1) if p.go_backwards else range(steps)
    records: list[dict[str, Array]] = []
    for t in order:
        if p.kind == "rnn":
            rec = rnn_step(p, x[:, t], a)
        elif p.kind == "gru":
            rec = gru_step(p, x[:, t], a)
        else:
            rec = lstm_step(p, x[:, t], a, c)
            c = rec["c"]
        a = rec["a"]
        records.append(rec)
    stack = lambda key: np.stack([r[key] for r in records], axis=1)  # noqa: E731
    cells = stack("c") if p.kind == "lstm" else None
    return Trace(
        p.kind,
        stack("a"),
        cells,
        {g: stack(g) for g in GATES[p.kind]},
        h_T=a,
        c_T=c if p.kind == "lstm" else None,
    )


def _check_batch(x: npt.ArrayLike, n_x: int) -> Array:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3 or x.shape[2] != n_x or x.shape[1] < 1:
        raise ValueError(
            f"argument `x` expected shape (batch, T, {n_x}) with T >= 1, got {x.shape}"
        )
    return x


# ----------------------------------------------------------------------------- Keras bridge


def params_from_layer(layer: Any) -> CellParams:
    """Read a Keras SimpleRNN, GRU or LSTM layer's weights and settings."""
    import keras

    kinds = {
        keras.layers.SimpleRNNCell: "rnn",
        keras.layers.GRUCell: "gru",
        keras.layers.LSTMCell: "lstm",
    }
    cell = getattr(layer, "cell", None)
    kind = next((k for cls, k in kinds.items() if isinstance(cell, cls)), None)
    if kind is None:
        raise ValueError(
            "argument `layer` expected a Keras SimpleRNN, GRU, LSTM or "
            f"Bidirectional layer, got {type(layer).__name__}"
        )
    numpy = lambda v: np.asarray(keras.ops.convert_to_numpy(v), np.float64)  # noqa: E731
    recurrent = getattr(cell, "recurrent_activation", None)
    return CellParams(
        kind,
        numpy(cell.kernel),
        numpy(cell.recurrent_kernel),
        numpy(cell.bias) if cell.use_bias else None,
        activation=_activation_name(cell.activation),
        recurrent_activation=_activation_name(recurrent) if recurrent else "sigmoid",
        reset_after=bool(getattr(cell, "reset_after", False)),
        go_backwards=bool(layer.go_backwards),
    )


def _activation_name(fn: Any) -> str:
    """The `keras.activations` name of a layer's activation function."""
    import keras

    try:
        return str(keras.activations.serialize(fn))
    except ValueError:  # a plain callable: its own name, checked when the trace runs
        return getattr(fn, "__name__", repr(fn))


def trace(layer: Any, x: npt.ArrayLike) -> Trace:
    """Numpy re-run of a Keras recurrent layer (or its Bidirectional wrapper) on `x`.

    Args:
        layer: `keras.layers.SimpleRNN`, `GRU`, `LSTM` or `Bidirectional` of one of them,
            trained or not; an unbuilt layer is built for `x`'s shape.
        x: (batch, T, n_x) inputs.

    Returns:
        A `Trace`: `h` matches the layer's `return_sequences=True` output and `h_T`/`c_T`
        its final states.
    """
    import keras

    x = np.asarray(x, dtype=np.float64)
    if not layer.built:
        layer.build(x.shape)
    if isinstance(layer, keras.layers.Bidirectional):
        return _bidirectional(layer, x)
    return forward(params_from_layer(layer), x)


def _bidirectional(layer: Any, x: Array) -> Trace:
    fwd = trace(layer.forward_layer, x)
    bwd = _flip_time(trace(layer.backward_layer, x))
    mode = layer.merge_mode
    if mode in ("concat", None):
        merge = lambda f, b: np.concatenate([f, b], axis=-1)  # noqa: E731
    elif mode in ("sum", "mul", "ave"):
        merge = {"sum": np.add, "mul": np.multiply, "ave": lambda f, b: (f + b) / 2}[mode]
    else:
        raise ValueError(
            f"Bidirectional merge_mode expected concat, sum, mul, ave or None, got {mode!r}"
        )
    join = lambda f, b: np.concatenate([f, b], axis=-1)  # noqa: E731
    return Trace(
        fwd.kind,
        merge(fwd.h, bwd.h),
        None if fwd.c is None else join(fwd.c, bwd.c),
        {g: join(fwd.gates[g], bwd.gates[g]) for g in fwd.gates},
        h_T=join(fwd.h_T, bwd.h_T),
        c_T=None if fwd.c_T is None else join(fwd.c_T, bwd.c_T),
        directions=(fwd, bwd),
    )


def _flip_time(tr: Trace) -> Trace:
    flip = lambda a: None if a is None else a[:, ::-1]  # noqa: E731
    return replace(tr, h=flip(tr.h), c=flip(tr.c), gates={k: flip(v) for k, v in tr.gates.items()})


def trace_stack(layers: list[Any], x: npt.ArrayLike) -> list[Trace]:
    """Trace a deep RNN: layer l reads the sequence of hidden states a[l−1]⟨t⟩ of layer l − 1."""
    traces = []
    for layer in layers:
        traces.append(trace(layer, x))
        x = traces[-1].h
    return traces
