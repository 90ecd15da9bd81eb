"""Self-attention stage by stage: every intermediate the Self-attention page draws.

Course: Sequence Models, week 4, "Self-attention": for each word, a query q⟨i⟩ = W_Q x⟨i⟩,
a key k⟨i⟩ = W_K x⟨i⟩ and a value v⟨i⟩ = W_V x⟨i⟩; the scores q⟨i⟩·k⟨j⟩ / √d_k, masked,
go through a softmax over j, and A⟨i⟩ = Σ_j α⟨i,j⟩ v⟨j⟩. Laid out as Transformer
Explainer (Cho et al., 2024) shows it, stage by stage, on a short sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.transformers.attention import softmax

MAX_WORDS = 10  # more would not fit the heatmaps with their numbers
PAD = "<pad>"


def tokenize(text: str, limit: int = MAX_WORDS) -> tuple[list[str], int]:
    """Lower-cased words and punctuation marks (GloVe's tokens), first `limit` kept.

    Returns:
        (tokens, how many were cut beyond `limit`). Unprintable characters are dropped.
    """
    tokens = [t for t in re.findall(r"\w+|[^\w\s]", str(text).lower()) if t.isprintable()]
    return tokens[:limit], max(0, len(tokens) - limit)


def random_vectors(tokens: list[str], d_model: int, seed: int) -> np.ndarray:
    """`(n, d_model)` random embeddings, one per distinct word (the same word, the same row)."""
    rng = np.random.default_rng(seed)
    table = {word: rng.normal(size=d_model) for word in dict.fromkeys(tokens)}
    return np.array([table[t] for t in tokens]).reshape(len(tokens), d_model)


@dataclass(frozen=True)
class Projections:
    """W_Q, W_K, W_V, each `(d_model, d_k)`."""

    W_q: np.ndarray
    W_k: np.ndarray
    W_v: np.ndarray


def random_projections(d_model: int, d_k: int, seed: int) -> Projections:
    """Glorot-scaled random projections (what a layer holds before training), seeded."""
    if d_model < 1 or d_k < 1:
        raise ValueError(
            f"arguments `d_model`, `d_k` expected positive integers, got {d_model}, {d_k}"
        )
    rng = np.random.default_rng(seed)
    scale = np.sqrt(2.0 / (d_model + d_k))
    return Projections(*(rng.normal(scale=scale, size=(d_model, d_k)) for _ in range(3)))


@dataclass(frozen=True)
class Stages:
    """Each stage of Attention(Q, K, V) for n tokens."""

    x: np.ndarray  # (n, d_model) the token vectors
    q: np.ndarray  # (n, d_k) queries
    k: np.ndarray  # (n, d_k) keys
    v: np.ndarray  # (n, d_k) values
    scores: np.ndarray  # (n, n) Q Kᵀ
    scaled: np.ndarray  # (n, n) Q Kᵀ / √d_k (or Q Kᵀ when not scaled)
    mask: np.ndarray  # (n, n) bool, True where query i may attend to key j
    weights: np.ndarray  # (n, n) softmax over the unmasked keys
    output: np.ndarray  # (n, d_k) Σ_j α⟨i,j⟩ v⟨j⟩
    divisor: float  # √d_k, or 1 when not scaled


def self_attention_stages(
    x: npt.ArrayLike,
    projections: Projections | None,
    mask: npt.ArrayLike | None = None,
    scale: bool = True,
) -> Stages:
    """Attention of `x` `(n, d_model)` on itself, keeping every stage.

    Args:
        projections: W_Q, W_K, W_V; None uses Q = K = V = x (no projection at all).
        mask: `(n, n)` bool (True: may attend); None attends everywhere.
        scale: divide the scores by √d_k.
    """
    x = np.asarray(x, dtype=np.float64)
    if projections is None:
        q = k = v = x
    else:
        q, k, v = x @ projections.W_q, x @ projections.W_k, x @ projections.W_v
    n, d_k = q.shape
    full = np.ones((n, n), dtype=bool) if mask is None else np.broadcast_to(mask, (n, n))
    scores = q @ k.T
    divisor = float(np.sqrt(d_k)) if scale else 1.0
    weights = softmax(scores / divisor, full)
    return Stages(x, q, k, v, scores, scores / divisor, full, weights, weights @ v, divisor)


def entropy_bits(weights: np.ndarray) -> np.ndarray:
    """Entropy of each row of attention weights in bits: 0 when one key takes everything."""
    w = np.asarray(weights)
    logs = np.log2(w, out=np.zeros_like(w, dtype=np.float64), where=w > 0)
    return -(w * logs).sum(axis=-1)
