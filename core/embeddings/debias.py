"""Debiasing word vectors by neutralising and equalising (Bolukbasi et al., 2016).

Course: Sequence Models, week 2, "Debiasing word embeddings". A bias direction g
is found from definitional pairs; gender-neutral words are projected off g
(neutralise), and each definitional pair is moved to be symmetric about the
plane orthogonal to g (equalise), so both words are equally far from any
neutral word. The course applies the formulas to raw GloVe vectors; so do we.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.embeddings.glove import Embeddings

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Axis:
    """A bias direction g and how it was found."""

    g: Array  # (d,)
    pairs: tuple[tuple[str, str], ...]
    method: str  # "difference" (one pair) or "pca" (first principal component)
    explained: float  # share of the pairs' variance along g (1.0 for one pair)


@dataclass(frozen=True)
class Pairs:
    """Typed definitional pairs sorted into usable, malformed and unknown."""

    usable: tuple[tuple[str, str], ...]
    malformed: tuple[str, ...]  # not exactly two different words, as typed
    unknown: tuple[tuple[tuple[str, str], str], ...]  # (pair, the first word GloVe lacks)


def parse_pairs(text: str, emb: Embeddings | None = None) -> Pairs:
    """Pairs separated by commas, two words each: `"man woman, he she"`.

    Empty entries (a doubled or trailing comma) are skipped; an entry that is not two
    different words is reported as typed, and a pair with a word `emb` lacks is set
    aside on its own, so one bad entry never drops the others.
    """
    usable, malformed, unknown = [], [], []
    for raw in text.split(","):
        words = [w.lower() for w in raw.split()]
        if not words:
            continue
        if len(words) != 2 or words[0] == words[1]:
            malformed.append(" ".join(words))
            continue
        pair = (words[0], words[1])
        missing = [w for w in pair if emb is not None and w not in emb]
        if missing:
            unknown.append((pair, missing[0]))
        else:
            usable.append(pair)
    return Pairs(tuple(usable), tuple(malformed), tuple(unknown))


def bias_axis(emb: Embeddings, pairs: Sequence[tuple[str, str]], method: str = "auto") -> Axis:
    """g = e_b − e_a for one pair, or the first principal component of several pairs.

    With several pairs, each pair is centred on its mean and the centred vectors of
    all pairs are stacked (Bolukbasi et al.); g's sign is set so that the pairs'
    second words project positively (e.g. woman − man).
    """
    pairs = tuple((a.strip().lower(), b.strip().lower()) for a, b in pairs)
    if not pairs:
        raise ValueError("argument `pairs` expected at least one (word, word) pair, got none")
    if method not in ("auto", "difference", "pca"):
        raise ValueError(
            f"argument `method` expected 'auto', 'difference' or 'pca', got {method!r}"
        )
    if method == "difference" or (method == "auto" and len(pairs) == 1):
        a, b = pairs[0]
        return Axis(_f64(emb.vector(b) - emb.vector(a)), pairs[:1], "difference", 1.0)
    centred = []
    for a, b in pairs:
        ea, eb = _f64(emb.vector(a)), _f64(emb.vector(b))
        mid = (ea + eb) / 2
        centred += [ea - mid, eb - mid]
    x = np.stack(centred)  # (2·pairs, d)
    _, s, vt = np.linalg.svd(x, full_matrices=False)
    g = vt[0]
    sign = np.sign(sum((_f64(emb.vector(b)) - _f64(emb.vector(a))) @ g for a, b in pairs))
    return Axis(g * (sign or 1.0), pairs, "pca", float(s[0] ** 2 / (s**2).sum()))


def projection(e: npt.ArrayLike, g: npt.ArrayLike) -> Array:
    """e_bias = (e·g / ‖g‖²) g."""
    e, g = _f64(e), _f64(g)
    return (e @ g) / (g @ g) * g


def cosine(u: npt.ArrayLike, v: npt.ArrayLike) -> float:
    u, v = _f64(u), _f64(v)
    return float(u @ v / max(np.linalg.norm(u) * np.linalg.norm(v), 1e-12))


def neutralize(e: npt.ArrayLike, g: npt.ArrayLike) -> Array:
    """e_debiased = e − e_bias: the component along g removed."""
    e = _f64(e)
    return e - projection(e, g)


def equalize(e1: npt.ArrayLike, e2: npt.ArrayLike, g: npt.ArrayLike) -> tuple[Array, Array]:
    """The course's equalisation of a pair about the axis g.

    μ = (e_w1 + e_w2) / 2,  μ_B = proj_g μ,  μ⊥ = μ − μ_B
    e_wiB = proj_g e_wi
    e_wiB' = sqrt(|1 − ‖μ⊥‖²|) · (e_wiB − μ_B) / ‖(e_wi − μ⊥) − μ_B‖
    e_i = e_wiB' + μ⊥
    """
    e1, e2, g = _f64(e1), _f64(e2), _f64(g)
    mu = (e1 + e2) / 2
    mu_b = projection(mu, g)
    mu_orth = mu - mu_b
    scale = np.sqrt(abs(1 - mu_orth @ mu_orth))
    out = []
    for e in (e1, e2):
        e_b = projection(e, g)
        out.append(scale * (e_b - mu_b) / np.linalg.norm((e - mu_orth) - mu_b) + mu_orth)
    return out[0], out[1]


def neutralize_word(emb: Embeddings, word: str, axis: Axis | npt.ArrayLike) -> Array:
    """`neutralize(word, axis)`: the debiased vector of a word."""
    return neutralize(emb.vector(word), _g(axis))


def equalize_pair(emb: Embeddings, pair: tuple[str, str], axis: Axis | npt.ArrayLike):
    """`equalize(pair, axis)`: the two new vectors of a definitional pair."""
    return equalize(emb.vector(pair[0]), emb.vector(pair[1]), _g(axis))


def before_after(
    emb: Embeddings, words: Sequence[str], axis: Axis | npt.ArrayLike
) -> dict[str, tuple[float, float]]:
    """{word: (cos(e_w, g) before, after neutralising)} for any word list."""
    g = _g(axis)
    return {w: (cosine(emb.vector(w), g), cosine(neutralize(emb.vector(w), g), g)) for w in words}


def _g(axis: Axis | npt.ArrayLike) -> Array:
    return axis.g if isinstance(axis, Axis) else _f64(axis)


def projections(emb: Embeddings, words: Sequence[str], g: npt.ArrayLike) -> dict[str, float]:
    """cos(e_w, g) for every known word: the bar heights of the debiasing lesson."""
    return {w: cosine(emb.vector(w), g) for w in words if w in emb}


def _f64(x: npt.ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)
