"""Gradient clipping, by value and by global norm, and one training step with and without it.

Course: Sequence Models, week 1 — exploding gradients are handled by clipping
(Pascanu, Mikolov & Bengio 2013). Semantics follow tf.clip_by_value and
tf.clip_by_global_norm; tests check both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.rnn import bptt, cells

Array = npt.NDArray[np.float64]


def global_norm(grads: dict[str, Array]) -> float:
    """√(Σ over tensors of Σ g²)."""
    return float(np.sqrt(sum(float((g.astype(np.float64) ** 2).sum()) for g in grads.values())))


def clip_by_value(grads: dict[str, Array], threshold: float) -> dict[str, Array]:
    """Every entry clamped to [−threshold, threshold]."""
    if not threshold > 0:
        raise ValueError(f"argument `threshold` expected a positive number, got {threshold}")
    return {k: np.clip(g, -threshold, threshold) for k, g in grads.items()}


def clip_by_global_norm(grads: dict[str, Array], threshold: float) -> dict[str, Array]:
    """All tensors scaled by threshold / max(global norm, threshold): direction kept."""
    if not threshold > 0:
        raise ValueError(f"argument `threshold` expected a positive number, got {threshold}")
    norm = global_norm(grads)
    if not np.isfinite(norm):
        return {k: np.full_like(g, np.nan) for k, g in grads.items()}  # as TensorFlow does
    scale = threshold / max(norm, threshold)
    return {k: g * scale for k, g in grads.items()}


@dataclass(frozen=True)
class ClipStep:
    """One SGD step on the same batch, with the raw and with the clipped gradient."""

    loss_before: float
    grad_norm: float  # global norm of the raw gradient
    clipped_norm: float
    update_norm: float  # ‖learning rate × raw gradient‖
    clipped_update_norm: float
    loss_after: float  # after the raw step
    clipped_loss_after: float  # after the clipped step
    per_tensor: dict[str, tuple[float, float]]  # name -> (raw norm, clipped norm)


def _loss_and_grads(p: cells.CellParams, x: Array, y: Array, v: Array):
    tr = cells.forward(p, x)
    err = tr.h[:, -1] @ v - y  # (m,)
    loss = 0.5 * float(np.mean(err**2))
    dL_da = np.zeros_like(tr.h)
    dL_da[:, -1] = err[:, None] * v[None] / len(y)
    g = bptt.rnn_backward(p, x, dL_da, tr=tr)
    return loss, {"Wax": g.dW, "Waa": g.dU, "ba": g.db}


def clipped_step(
    p: cells.CellParams,
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    mode: str,
    threshold: float,
    learning_rate: float = 0.1,
    seed: int = 0,
) -> ClipStep:
    """Many-to-one regression L = ½ mean((v·a⟨T⟩ − y)²) on a vanilla RNN; one step each way."""
    if mode not in ("value", "norm"):
        raise ValueError(f"argument `mode` expected 'value' or 'norm', got {mode!r}")
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    v = np.random.default_rng(seed).standard_normal(p.units)
    with np.errstate(all="ignore"):
        loss, grads = _loss_and_grads(p, x, y, v)
        clipped = (clip_by_value if mode == "value" else clip_by_global_norm)(grads, threshold)

        def after(g: dict[str, Array]) -> float:
            moved = cells.CellParams(
                p.kind,
                p.W - learning_rate * g["Wax"],
                p.U - learning_rate * g["Waa"],
                p.b - learning_rate * g["ba"],
                activation=p.activation,
            )
            return _loss_and_grads(moved, x, y, v)[0]

        norm = lambda g: float(np.sqrt((g**2).sum()))  # noqa: E731
        return ClipStep(
            loss,
            global_norm(grads),
            global_norm(clipped),
            learning_rate * global_norm(grads),
            learning_rate * global_norm(clipped),
            after(grads),
            after(clipped),
            {k: (norm(grads[k]), norm(clipped[k])) for k in grads},
        )
