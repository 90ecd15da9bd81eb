"""Gradient flow through time for RNN, GRU and LSTM cells, in numpy.

Course: Sequence Models, week 1 — "Vanishing gradients with RNNs": ∂L/∂a⟨t⟩ is a
product of step Jacobians ∂a⟨t⟩/∂a⟨t−1⟩ = diag(1 − a⟨t⟩²)·Waa for the vanilla RNN,
which shrinks or grows geometrically with the distance from the loss; the gates of
GRU and LSTM add a path that can carry it unchanged (Hochreiter 1991; Pascanu,
Mikolov & Bengio 2013, "On the difficulty of training recurrent neural networks").

`backward` is the vector–Jacobian product of `cells.forward` for every cell, so one
pass gives ∂L/∂a⟨t⟩ at every t (no loop over units); tests check it against
tf.GradientTape and finite differences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.rnn import activations, bptt, cells

Array = npt.NDArray[np.float64]
_D = {  # g'(z) from the output y = g(z)
    "tanh": lambda y: 1.0 - y * y,
    "sigmoid": lambda y: y * (1.0 - y),
    "relu": lambda y: (y > 0).astype(np.float64),
    "linear": np.ones_like,
}


@dataclass(frozen=True)
class Backward:
    """∂L/∂a⟨t⟩ (total) and ∂L/∂(input pre-activations) at every step."""

    da: Array  # (m, T, n_a)
    dz_in: Array  # (m, T, k·n_a): gradient of x⟨t⟩·W, so dW = Σ_t x⟨t⟩ᵀ dz_in⟨t⟩


def derivative(name: str):
    """g′ as a function of the activation's output y = g(z), for tanh, sigmoid, relu, linear."""
    if name not in _D:
        raise ValueError(
            f"argument `activation` expected one of {sorted(_D)} for gradients, got {name!r}"
        )
    return _D[name]


def _gru_vjp(p, a_prev, step, delta):
    """One GRU step backwards: returns (∂L/∂a⟨t−1⟩ from this step, dz of the input projection)."""
    n = p.units
    keep, reset, cand = 1.0 - step["update"], step["reset"], step["candidate"]
    ds, dg = derivative(p.recurrent_activation), derivative(p.activation)
    _, b_rec = cells.bias_parts(p)
    d_keep = delta * (a_prev - cand) * ds(keep)
    d_h = delta * (1.0 - keep) * dg(cand)  # gradient of the candidate's pre-activation
    if p.reset_after:
        q = a_prev @ p.U[:, 2 * n :] + b_rec[2 * n :]
        d_reset = d_h * q * ds(reset)
        da_prev = (d_h * reset) @ p.U[:, 2 * n :].T
    else:
        d_ra = d_h @ p.U[:, 2 * n :].T
        d_reset = d_ra * a_prev * ds(reset)
        da_prev = d_ra * reset
    da_prev = da_prev + delta * keep + d_keep @ p.U[:, :n].T + d_reset @ p.U[:, n : 2 * n].T
    return da_prev, np.concatenate([d_keep, d_reset, d_h], axis=-1)


def _lstm_vjp(p, a_prev, c_prev, step, delta, delta_c):
    """One LSTM step backwards: (∂L/∂a⟨t−1⟩, ∂L/∂c⟨t−1⟩, dz of the 4 gate pre-activations)."""
    ds, dg = derivative(p.recurrent_activation), derivative(p.activation)
    g_c = activations.get(p.activation)(step["c"])
    d_c = delta_c + delta * step["output"] * dg(g_c)
    dz = np.concatenate(
        [
            d_c * step["candidate"] * ds(step["input"]),
            d_c * c_prev * ds(step["forget"]),
            d_c * step["input"] * dg(step["candidate"]),
            delta * g_c * ds(step["output"]),
        ],
        axis=-1,
    )
    return dz @ p.U.T, d_c * step["forget"], dz


def backward(
    p: cells.CellParams, x: npt.ArrayLike, dL_da: npt.ArrayLike, tr: cells.Trace | None = None
) -> Backward:
    """Backpropagation through time for any cell (forward direction, zero initial state).

    Args:
        p: the cell's weights; activations tanh, sigmoid, relu or linear.
        x: (m, T, n_x) inputs.
        dL_da: (m, T, n_a) the loss's direct gradient w.r.t. each a⟨t⟩.
        tr: the forward trace, if already computed.
    """
    if p.go_backwards:
        raise ValueError("argument `p` expected a forward-running cell, got go_backwards=True")
    x = np.asarray(x, dtype=np.float64)
    tr = tr or cells.forward(p, x)
    dL_da = np.asarray(dL_da, dtype=np.float64)
    if p.kind == "rnn":
        g = bptt.rnn_backward(p, x, dL_da, tr=tr)
        dz = g.da * derivative(p.activation)(tr.h)
        return Backward(g.da, dz)
    m, steps, n = tr.h.shape
    zeros = np.zeros((m, 1, n))
    a_prev_all = np.concatenate([zeros, tr.h[:, :-1]], axis=1)
    c_prev_all = np.concatenate([zeros, tr.c[:, :-1]], axis=1) if p.kind == "lstm" else None
    da = np.zeros_like(tr.h)
    dz_in = np.zeros((m, steps, p.W.shape[1]))
    carry, carry_c = np.zeros((m, n)), np.zeros((m, n))
    for t in range(steps - 1, -1, -1):
        da[:, t] = dL_da[:, t] + carry
        step = {k: v[:, t] for k, v in tr.gates.items()}
        if p.kind == "gru":
            carry, dz_in[:, t] = _gru_vjp(p, a_prev_all[:, t], step, da[:, t])
        else:
            step["c"] = tr.c[:, t]
            carry, carry_c, dz_in[:, t] = _lstm_vjp(
                p, a_prev_all[:, t], c_prev_all[:, t], step, da[:, t], carry_c
            )
    return Backward(da, dz_in)


@dataclass(frozen=True)
class Flow:
    """How ∂L/∂a⟨t⟩ changes with the distance from the loss."""

    norms: Array  # (T,) ‖∂L/∂a⟨t⟩‖, mean over the batch
    per_unit: Array  # (T, n_a) |∂L/∂a⟨t⟩| per unit, mean over the batch
    distance: Array  # (T,) T − t: steps between a⟨t⟩ and the last step
    decay_per_step: float  # geometric factor per step fitted on the finite norms (nan if none)


def gradient_flow(
    cell, x: npt.ArrayLike, loss_at: str = "last", weights: npt.ArrayLike | None = None
) -> Flow:
    """‖∂L/∂a⟨t⟩‖ for L = Σ_{t∈S} v·a⟨t⟩, with S the last step or every step.

    Args:
        cell: a CellParams, or a Keras SimpleRNN/GRU/LSTM layer.
        x: (m, T, n_x) inputs.
        loss_at: "last" (many-to-one) or "every" (many-to-many).
        weights: the read-out v (n_a,); by default all ones over √n_a.
    """
    p = cell if isinstance(cell, cells.CellParams) else cells.params_from_layer(cell)
    if loss_at not in ("last", "every"):
        raise ValueError(f"argument `loss_at` expected 'last' or 'every', got {loss_at!r}")
    x = np.asarray(x, dtype=np.float64)
    m, steps = x.shape[:2]
    v = np.ones(p.units) / np.sqrt(p.units) if weights is None else np.asarray(weights, float)
    dL_da = np.zeros((m, steps, p.units))
    if loss_at == "last":
        dL_da[:, -1] = v
    else:
        dL_da[:] = v
    with np.errstate(over="ignore", invalid="ignore"):
        da = backward(p, x, dL_da).da
        norms = np.sqrt((da**2).sum(axis=-1)).mean(axis=0)
    distance = np.arange(steps - 1, -1, -1, dtype=np.float64)
    return Flow(norms, np.abs(da).mean(axis=0), distance, _decay(norms, distance))


def _decay(norms: Array, distance: Array) -> float:
    ok = np.isfinite(norms) & (norms > 0)
    if ok.sum() < 2:
        return float("nan")
    slope = np.polyfit(distance[ok], np.log10(norms[ok]), 1)[0]
    return float(10**slope)
