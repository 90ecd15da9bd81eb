"""Scaled dot-product attention, its masks, multi-head attention and positional encoding.

Course: Sequence Models, week 4, "Self-attention", "Multi-head attention" and the
Transformer assignment (Vaswani et al., 2017, "Attention is all you need"):

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V

with the softmax over the keys, after the masked keys' scores are set to −∞ (so
their weights are exactly 0). Masks follow Keras' `MultiHeadAttention`: True (1)
where a query may attend to a key. Everything here is numpy; the tests check it
against `keras.layers.MultiHeadAttention` with the same projections.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.floating]


def positional_encoding(max_len: int, d_model: int) -> np.ndarray:
    """The sinusoidal encoding: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(…).

    Args:
        max_len: number of positions, pos = 0 … max_len − 1 (≥ 0).
        d_model: number of dimensions (≥ 0); an odd d_model ends on a sine.

    Returns:
        `(max_len, d_model)` float64 array with values in [−1, 1].
    """
    for name, value in (("max_len", max_len), ("d_model", d_model)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            raise ValueError(f"argument `{name}` expected a non-negative integer, got {value!r}")
    pos = np.arange(max_len)[:, None]  # (max_len, 1)
    i = np.arange(d_model)[None, :]  # (1, d_model)
    angles = pos / np.power(10000.0, (2 * (i // 2)) / max(d_model, 1))  # (max_len, d_model)
    return np.where(i % 2 == 0, np.sin(angles), np.cos(angles))


def padding_mask(tokens: npt.ArrayLike, pad_id: int) -> np.ndarray:
    """True where a key is a real token: `(m, T)` ids → `(m, 1, T)` bool, broadcast over queries."""
    tokens = np.asarray(tokens)
    if tokens.ndim != 2:
        raise ValueError(f"argument `tokens` expected shape (m, T), got {tokens.shape}")
    return (tokens != pad_id)[:, None, :]


def look_ahead_mask(n: int) -> np.ndarray:
    """`(n, n)` bool, True on and below the diagonal: query t sees keys 1 … t only."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
        raise ValueError(f"argument `n` expected a non-negative integer, got {n!r}")
    return np.tril(np.ones((n, n), dtype=bool))


def softmax(scores: Array, mask: npt.ArrayLike | None = None, axis: int = -1) -> np.ndarray:
    """Softmax over `axis`; masked entries (mask False) get exactly 0.

    A row whose every key is masked has no distribution: its weights are all 0.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    top = np.max(scores, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(scores - top)  # exp(−∞) = 0: masked keys are exactly 0
    total = e.sum(axis=axis, keepdims=True)
    return np.divide(e, total, out=np.zeros_like(e), where=total > 0)


def scaled_dot_product_attention(
    q: Array, k: Array, v: Array, mask: npt.ArrayLike | None = None, scale: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """softmax(Q Kᵀ / √d_k + mask) V.

    Args:
        q: `(..., T_q, d_k)` queries.
        k: `(..., T_k, d_k)` keys.
        v: `(..., T_k, d_v)` values.
        mask: bool, broadcastable to `(..., T_q, T_k)`; True where the query may attend.
        scale: divide the scores by √d_k (False shows why the course does it).

    Returns:
        `(output, weights)`: `(..., T_q, d_v)` and `(..., T_q, T_k)`; each row of weights
        sums to 1 over the unmasked keys, masked keys get exactly 0.
    """
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(
            f"arguments `q`, `k`, `v` expected shapes (…, T_q, d_k), (…, T_k, d_k), (…, T_k, d_v);"
            f" got {q.shape}, {k.shape}, {v.shape}"
        )
    scores = q @ np.swapaxes(k, -1, -2)  # (..., T_q, T_k)
    if scale:
        scores = scores / np.sqrt(q.shape[-1])
    weights = softmax(scores, mask)
    return weights @ v, weights


@dataclass(frozen=True)
class MHAWeights:
    """The projections of one multi-head attention layer, in Keras' shapes.

    `W_q`, `W_k`, `W_v`: `(d_model, h, d_k)`; `b_q`, `b_k`, `b_v`: `(h, d_k)`;
    `W_o`: `(h, d_k, d_model)`; `b_o`: `(d_model,)`.
    """

    W_q: np.ndarray
    b_q: np.ndarray
    W_k: np.ndarray
    b_k: np.ndarray
    W_v: np.ndarray
    b_v: np.ndarray
    W_o: np.ndarray
    b_o: np.ndarray

    @property
    def heads(self) -> int:
        return self.W_q.shape[1]

    @classmethod
    def from_list(cls, arrays) -> MHAWeights:
        """From `keras.layers.MultiHeadAttention.get_weights()` (q, k, v, output; kernel, bias)."""
        return cls(*(np.asarray(a, dtype=np.float64) for a in arrays))

    def to_list(self) -> list[np.ndarray]:
        return [self.W_q, self.b_q, self.W_k, self.b_k, self.W_v, self.b_v, self.W_o, self.b_o]


def multi_head_attention(
    w: MHAWeights, x_q: Array, x_kv: Array, mask: npt.ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """MultiHead(Q, K, V) = Concat(head_1 … head_h) W_O, head_i = Attention(Q W_Qi, K W_Ki, V W_Vi).

    Args:
        w: the layer's projections.
        x_q: `(m, T_q, d_model)` the sequence that asks (the decoder, or itself).
        x_kv: `(m, T_k, d_model)` the sequence attended to.
        mask: bool, broadcastable to `(m, T_q, T_k)` (the same for every head).

    Returns:
        `(output (m, T_q, d_model), weights (m, h, T_q, T_k))`.
    """
    q = _split_heads(x_q @ _flat(w.W_q) + w.b_q.ravel(), w.heads)  # (m, h, T_q, d_k)
    k = _split_heads(x_kv @ _flat(w.W_k) + w.b_k.ravel(), w.heads)  # (m, h, T_k, d_k)
    v = _split_heads(x_kv @ _flat(w.W_v) + w.b_v.ravel(), w.heads)  # (m, h, T_k, d_v)
    if mask is not None:
        mask = np.asarray(mask)[..., None, :, :] if np.ndim(mask) >= 3 else mask  # add the h axis
    heads, weights = scaled_dot_product_attention(q, k, v, mask)
    m, h, t_q, d_v = heads.shape
    concat = heads.transpose(0, 2, 1, 3).reshape(m, t_q, h * d_v)  # Concat(head_1 … head_h)
    return concat @ w.W_o.reshape(h * d_v, -1) + w.b_o, weights


def _flat(kernel: np.ndarray) -> np.ndarray:
    """(d_model, h, d_k) → (d_model, h·d_k): one matrix product for every head at once."""
    return kernel.reshape(kernel.shape[0], -1)


def _split_heads(x: np.ndarray, h: int) -> np.ndarray:
    """(m, T, h·d_k) → (m, h, T, d_k)."""
    m, t, _ = x.shape
    return x.reshape(m, t, h, -1).transpose(0, 2, 1, 3)
