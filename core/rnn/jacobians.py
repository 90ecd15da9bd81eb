"""Recurrent weights by spectral radius, and the vanilla RNN's Jacobian products.

Course: Sequence Models, week 1, "Vanishing gradients with RNNs". For
a⟨t⟩ = g(Waa a⟨t−1⟩ + Wax x⟨t⟩ + ba), ∂a⟨t⟩/∂a⟨t−1⟩ = diag(g′)·Waa, and
‖∏ over k steps‖ ≈ ρ(Waa)^k · (mean g′)^k: below 1 it vanishes, above 1 it can explode.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from core.rnn.cells import CellParams, Trace

Array = npt.NDArray[np.float64]
GATE_BIAS_BLOCK = {"gru": 0, "lstm": 1}  # Keras blocks: GRU z (keep) first; LSTM i, f, c, o


def spectral_radius(M: npt.ArrayLike) -> float:
    """max |λ| over the eigenvalues of a square matrix."""
    return float(np.abs(np.linalg.eigvals(np.asarray(M, dtype=np.float64))).max())


def with_radius(M: npt.ArrayLike, radius: float) -> Array:
    """M rescaled so that its spectral radius is `radius`."""
    M = np.asarray(M, dtype=np.float64)
    current = spectral_radius(M)
    if current == 0:
        raise ValueError("argument `M` has spectral radius 0 and cannot be rescaled")
    return M * (radius / current)


def random_cell(
    kind: str,
    n_x: int,
    n_a: int,
    radius: float = 1.0,
    init_scale: float = 1.0,
    activation: str = "tanh",
    gate_bias: float = 0.0,
    seed: int = 0,
) -> CellParams:
    """Random weights: each recurrent block has spectral radius `radius`.

    Args:
        init_scale: std of the input weights times √n_x (how hard x⟨t⟩ drives the cell).
        gate_bias: bias of the memory gate — LSTM forget gate Γf, GRU "keep" (1 − Γu) —
            so a positive value keeps a⟨t−1⟩ / c⟨t−1⟩ flowing, as a trained cell learns to.
    """
    k = {"rnn": 1, "gru": 3, "lstm": 4}[kind]
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n_x, k * n_a)) * init_scale / np.sqrt(n_x)
    U = np.concatenate(
        [with_radius(rng.standard_normal((n_a, n_a)), radius) for _ in range(k)], axis=1
    )
    b = np.zeros(k * n_a)
    if kind in GATE_BIAS_BLOCK:
        block = GATE_BIAS_BLOCK[kind]
        b[block * n_a : (block + 1) * n_a] = gate_bias
    if kind == "gru":
        b = np.stack([b, np.zeros_like(b)])  # Keras' reset_after keeps input and recurrent biases
    return CellParams(kind, W, U, b, activation=activation)


def rnn_jacobian_norms(p: CellParams, tr: Trace, sample: int = 0) -> Array:
    """‖∂a⟨T⟩/∂a⟨T−k⟩‖₂ for k = 1..T: the product of the last k step Jacobians.

    Each step Jacobian is diag(g′(a⟨t⟩))·Waa with Waa = Uᵀ (the course's orientation).
    Returns shape (T,); inf where the product overflows.
    """
    if p.kind != "rnn":
        raise ValueError(f"rnn_jacobian_norms expected a vanilla RNN, got {p.kind!r}")
    from core.rnn.gradients import derivative

    g_prime = derivative(p.activation)(tr.h[sample])  # (T, n_a)
    waa = p.U.T
    product = np.eye(p.units)
    norms = np.empty(len(g_prime))
    with np.errstate(over="ignore", invalid="ignore"):
        for k, d in enumerate(g_prime[::-1]):
            product = product @ (d[:, None] * waa)
            finite = np.isfinite(product).all()
            norms[k] = np.linalg.norm(product, 2) if finite else np.inf
    return norms
