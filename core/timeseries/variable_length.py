"""Sequences of different lengths in one batch: padding, truncation, masks and buckets.

Course: "Sequence models for time series" — the variable-length problem. Padding and
truncation follow keras.utils.pad_sequences (tests check it); `masking_experiment`
trains the same GRU with and without a Masking layer to show what padding teaches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Padded:
    values: Array  # (batch, maxlen) padded values
    mask: npt.NDArray[np.bool_]  # (batch, maxlen) True where a real value sits
    lengths: npt.NDArray[np.int64]  # (batch,) lengths before truncation


def pad(
    seqs: list[npt.ArrayLike],
    maxlen: int | None = None,
    padding: str = "pre",
    truncating: str = "pre",
    value: float = 0.0,
) -> Padded:
    """Pad (and truncate) to a rectangle, as keras.utils.pad_sequences does."""
    if padding not in ("pre", "post") or truncating not in ("pre", "post"):
        raise ValueError(
            f"`padding` and `truncating` expected 'pre' or 'post', got {padding!r}, {truncating!r}"
        )
    if not seqs:
        raise ValueError("argument `seqs` expected at least one sequence, got none")
    lengths = np.array([len(s) for s in seqs], dtype=np.int64)
    width = int(lengths.max()) if maxlen is None else maxlen
    if width < 1:
        raise ValueError(f"argument `maxlen` expected a positive integer, got {maxlen}")
    values = np.full((len(seqs), width), value, dtype=np.float64)
    mask = np.zeros((len(seqs), width), dtype=bool)
    for i, s in enumerate(seqs):
        s = np.asarray(s, dtype=np.float64)
        s = s[-width:] if truncating == "pre" else s[:width]
        if len(s) == 0:
            continue
        cols = slice(width - len(s), width) if padding == "pre" else slice(0, len(s))
        values[i, cols], mask[i, cols] = s, True
    return Padded(values, mask, lengths)


def padding_fraction(lengths: npt.ArrayLike, bucket_size: int | None = None) -> float:
    """Share of padded cells when batches are formed in order (None: one batch) or by length
    buckets of `bucket_size` sequences (sorted by length first)."""
    lengths = np.asarray(lengths, dtype=np.int64)
    if bucket_size is None:
        groups = [lengths]
    else:
        ordered = np.sort(lengths)
        groups = [ordered[i : i + bucket_size] for i in range(0, len(ordered), bucket_size)]
    cells_total = sum(len(g) * g.max() for g in groups)
    return float(1 - lengths.sum() / cells_total)


def random_sequences(n: int, min_len: int, max_len: int, seed: int = 0) -> list[Array]:
    """Noisy sine snippets of random lengths (values never exactly 0, so padding stands out)."""
    if not 1 <= min_len <= max_len:
        raise ValueError(f"lengths expected 1 <= min_len <= max_len, got {min_len}, {max_len}")
    rng = np.random.default_rng(seed)
    out = []
    for length in rng.integers(min_len, max_len + 1, n):
        t = np.arange(length)
        wave = np.sin(2 * np.pi * t / rng.uniform(6, 20) + rng.uniform(0, 6.3)) + 1.5
        out.append(wave + 0.1 * rng.standard_normal(length))
    return out


def masking_experiment(
    n: int = 1500, min_len: int = 3, max_len: int = 30, epochs: int = 8, seed: int = 0
) -> dict:
    """Predict each sequence's last real value from a post-padded batch, with and without masking.

    Returns {"lengths": test lengths, "masked": abs errors, "unmasked": abs errors,
    "mae": {"masked": .., "unmasked": ..}}.
    """
    import keras

    seqs = random_sequences(n, min_len, max_len, seed)
    batch = pad(seqs, max_len, padding="post")
    x = batch.values[..., None].astype("float32")
    y = np.array([s[-1] for s in seqs], dtype="float32")
    cut = int(0.8 * n)
    result = {"lengths": batch.lengths[cut:].tolist()}
    for masked in (True, False):
        keras.utils.set_random_seed(seed)
        front = [keras.layers.Masking(0.0)] if masked else []
        model = keras.Sequential(
            [keras.Input((max_len, 1)), *front, keras.layers.GRU(16), keras.layers.Dense(1)]
        )
        model.compile(keras.optimizers.Adam(0.01), "mse")
        model.fit(x[:cut], y[:cut], epochs=epochs, batch_size=64, verbose=0)
        err = np.abs(np.asarray(model(x[cut:], training=False))[:, 0] - y[cut:])
        result["masked" if masked else "unmasked"] = err.tolist()
    result["mae"] = {k: float(np.mean(result[k])) for k in ("masked", "unmasked")}
    return result
