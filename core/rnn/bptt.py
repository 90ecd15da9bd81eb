"""Backpropagation through time for the vanilla RNN, in numpy.

Course: Sequence Models, week 1, "Backpropagation through time" and the
assignment "Building your Recurrent Neural Network — Step by Step" (rnn_backward).
Gradients flow back from every ∂L/∂a⟨t⟩ the loss gives directly, plus what
a⟨t+1⟩ passes back through Waa.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.rnn.cells import CellParams, Trace, forward

Array = npt.NDArray[np.float64]

# g'(z) written with the output a = g(z), as the course does for tanh: 1 − a².
_DERIVATIVES = {
    "tanh": lambda a: 1.0 - a * a,
    "sigmoid": lambda a: a * (1.0 - a),
    "relu": lambda a: (a > 0).astype(np.float64),
    "linear": lambda a: np.ones_like(a),
}


@dataclass(frozen=True)
class RnnGradients:
    """Gradients of a loss L through a vanilla RNN, in Keras' weight layout.

    The course's matrices are the transposes: dWax = dW.T, dWaa = dU.T.
    """

    dW: Array  # (n_x, n_a)  ∂L/∂Wax, transposed
    dU: Array  # (n_a, n_a)  ∂L/∂Waa, transposed
    db: Array  # (n_a,)      ∂L/∂ba
    dx: Array  # (m, T, n_x) ∂L/∂x⟨t⟩
    da: Array  # (m, T, n_a) ∂L/∂a⟨t⟩: total, including what flows back from later steps
    da0: Array  # (m, n_a)   ∂L/∂a⟨0⟩


def rnn_backward(
    p: CellParams,
    x: npt.ArrayLike,
    dL_da: npt.ArrayLike,
    a0: Array | None = None,
    tr: Trace | None = None,
) -> RnnGradients:
    """Backward pass of `cells.forward` for a vanilla RNN.

    Args:
        p: a "rnn" CellParams with activation tanh, sigmoid, relu or linear; not go_backwards.
        x: (m, T, n_x) inputs.
        dL_da: (m, T, n_a) the loss's direct gradient w.r.t. each a⟨t⟩ (zero where the loss
            does not read a⟨t⟩; e.g. only the last step for a many-to-one loss).
        a0: (m, n_a) initial state, zeros by default.
        tr: the forward trace, if already computed.
    """
    if p.kind != "rnn" or p.go_backwards:
        raise ValueError(
            f"rnn_backward expected a forward vanilla RNN, got {p.kind!r}"
            f"{' going backwards' if p.go_backwards else ''}"
        )
    if p.activation not in _DERIVATIVES:
        raise ValueError(
            f"argument `activation` expected one of {sorted(_DERIVATIVES)} for "
            f"backpropagation, got {p.activation!r}"
        )
    x = np.asarray(x, dtype=np.float64)
    tr = tr or forward(p, x, a0)
    dL_da = np.asarray(dL_da, dtype=np.float64)
    if dL_da.shape != tr.h.shape:
        raise ValueError(f"argument `dL_da` expected shape {tr.h.shape}, got {dL_da.shape}")
    m, steps, _ = x.shape
    a_prev_all = np.concatenate(
        [np.zeros((m, 1, p.units)) if a0 is None else a0[:, None], tr.h[:, :-1]], axis=1
    )  # a⟨t−1⟩ for every t
    g_prime = _DERIVATIVES[p.activation]
    dW, dU, db = np.zeros_like(p.W), np.zeros_like(p.U), np.zeros(p.units)
    dx, da = np.zeros_like(x), np.zeros_like(tr.h)
    carry = np.zeros((m, p.units))  # ∂L/∂a⟨t⟩ arriving from step t+1
    for t in range(steps - 1, -1, -1):
        da[:, t] = dL_da[:, t] + carry
        dz = da[:, t] * g_prime(tr.h[:, t])  # (m, n_a)
        dW += x[:, t].T @ dz
        dU += a_prev_all[:, t].T @ dz
        db += dz.sum(axis=0)
        dx[:, t] = dz @ p.W.T
        carry = dz @ p.U.T
    return RnnGradients(dW, dU, db, dx, da, carry)
