"""Word vectors projected to 2-D or 3-D: PCA, t-SNE and UMAP.

PCA is exact and linear (numpy SVD); t-SNE (van der Maaten & Hinton, 2008;
scikit-learn) and UMAP (McInnes et al., 2018; umap-learn) keep neighbourhoods
and bend distances. UMAP is imported only when asked for: its first call in a
process compiles with numba (cached on disk after; the times are in BENCHMARKS.md).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

METHODS = ("PCA", "t-SNE", "UMAP")
PRESETS_FILE = "projections.npz"
# Warm seconds of `project` at MEASURED_SIZES words, and the extra of a process's first call
# (import; numba's compilation for UMAP), from benchmarks/embeddings_bench.projection_lines:
# the page's time estimates come from here, and BENCHMARKS.md flags the table when it drifts.
MEASURED_SIZES = (40, 500, 2000)
ESTIMATE_S = {
    ("PCA", 2): (0.001, 0.01, 0.05),
    ("PCA", 3): (0.001, 0.01, 0.05),
    ("t-SNE", 2): (0.15, 2.5, 12.0),
    ("t-SNE", 3): (0.15, 4.1, 35.0),
    ("UMAP", 2): (0.08, 1.3, 9.5),
    ("UMAP", 3): (0.06, 1.0, 8.0),
}
FIRST_CALL_S = {"PCA": 0.0, "t-SNE": 1.0, "UMAP": 15.0}


def estimate_s(method: str, dims: int, n: int, first: bool = False) -> float:
    """Seconds `project` takes on n words: the measured table, linear between its sizes
    (and beyond the last); plus FIRST_CALL_S[method] for a process's first call."""
    seconds = float(np.interp(n, MEASURED_SIZES, ESTIMATE_S[method, dims]))
    if n > MEASURED_SIZES[-1]:
        seconds *= n / MEASURED_SIZES[-1]
    return seconds + (FIRST_CALL_S[method] if first else 0.0)


def loaded(method: str) -> bool:
    """Whether this process has already imported the library `method` needs."""
    import sys

    return method == "PCA" or {"t-SNE": "sklearn.manifold", "UMAP": "umap"}[method] in sys.modules


def pca(x: npt.ArrayLike, dims: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """(coordinates (n, dims), explained variance ratio (dims,)) of centred x (n, d).

    Signs are fixed so that each component's largest loading is positive, as
    scikit-learn's `svd_flip` does, so a projection is reproducible.
    """
    x = np.asarray(x, dtype=np.float64)
    centred = x - x.mean(axis=0)
    u, s, vt = np.linalg.svd(centred, full_matrices=False)
    signs = np.sign(u[np.abs(u).argmax(axis=0), range(u.shape[1])])
    u, vt = u * signs, vt * signs[:, None]
    coords = u[:, :dims] * s[:dims]
    variance = s**2 / max(float((s**2).sum()), 1e-12)
    return coords, variance[:dims]


def project(x: npt.ArrayLike, method: str, dims: int = 2, seed: int = 0) -> np.ndarray:
    """(n, dims) coordinates of the rows of x by `method` (one of METHODS)."""
    x = np.asarray(x, dtype=np.float32)
    if method not in METHODS:
        raise ValueError(f"argument `method` expected one of {METHODS}, got {method!r}")
    if dims not in (2, 3):
        raise ValueError(f"argument `dims` expected 2 or 3, got {dims}")
    if len(x) < dims + 2:
        raise ValueError(f"a projection needs at least {dims + 2} words, got {len(x)}")
    if method == "PCA":
        return pca(x, dims)[0]
    if method == "t-SNE":
        from sklearn.manifold import TSNE

        perplexity = float(min(30, (len(x) - 1) / 3))
        tsne = TSNE(dims, perplexity=perplexity, init="pca", metric="cosine", random_state=seed)
        return tsne.fit_transform(x)
    umap = import_umap()
    neighbours = int(min(15, len(x) - 1))
    reducer = umap.UMAP(
        n_components=dims, n_neighbors=neighbours, metric="cosine", random_state=seed
    )
    return reducer.fit_transform(x)


def import_umap():
    """umap-learn without its TensorFlow half, with numba's compilation cached on disk.

    umap's package imports ParametricUMAP, which imports TensorFlow (≈ 400 MB); marking
    that submodule absent makes umap skip it, as it does where TensorFlow is missing.
    """
    import os
    import sys
    from pathlib import Path

    os.environ.setdefault("NUMBA_CACHE_DIR", str(Path.home() / ".cache" / "seqlab-numba"))
    sys.modules.setdefault("umap.parametric_umap", None)
    import umap

    return umap


def custom_axes(x: npt.ArrayLike, a: npt.ArrayLike, b: npt.ArrayLike, c=None, d=None) -> np.ndarray:
    """The TensorFlow Projector's custom projection: x on (b − a) and, if given, (d − c).

    Each coordinate is the cosine of the word vector with the axis direction, so
    the axes read "towards word A (−) … towards word B (+)".
    """
    x = np.asarray(x, dtype=np.float64)
    unit = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    axes = [np.asarray(b, dtype=np.float64) - np.asarray(a, dtype=np.float64)]
    if c is not None and d is not None:
        axes.append(np.asarray(d, dtype=np.float64) - np.asarray(c, dtype=np.float64))
    cols = [unit @ (ax / max(np.linalg.norm(ax), 1e-12)) for ax in axes]
    return np.stack(cols, axis=1)


def load_presets(path) -> dict[str, np.ndarray]:
    """{"preset|method|dims": (n, dims) coordinates} as `python -m core.train projections` wrote."""
    import json

    with np.load(path) as data:
        keys = json.loads(str(data["keys"]))
        return {key: data[str(i)] for i, key in enumerate(keys)}
