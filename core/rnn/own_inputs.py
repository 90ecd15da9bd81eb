"""Inputs for a student's own model: random, typed (one-hot or token ids), or from a file.

Course: Sequence Models, week 1 — x⟨t⟩ as a one-hot vector of the vocabulary ("Notation"),
or an index an Embedding looks up (week 2). Letters follow the course's character models:
a = 1 … z = 26 (0 is the end of a name). An uploaded array is read with
`np.load(allow_pickle=False)` or as CSV numbers: never unpickled.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.rnn.own_model import OwnModel

Array = npt.NDArray[np.float64]
MAX_FILE_STEPS = 10_000  # rows of an uploaded array; the pages draw the first few hundred
NUMBERS = re.compile(r"[\d\s,;]+")


@dataclass(frozen=True)
class Sequence:
    """One input sequence for the model, with a label per step for the figures."""

    values: npt.NDArray  # (T, n_x) floats, or (T,) token ids when the model reads ids
    labels: tuple[str, ...]  # (T,) what x⟨t⟩ is: "'a'", "7", "" (random or uploaded)
    dropped: tuple[str, ...] = ()  # typed characters outside the model's range
    left_out: int = 0  # steps after the first max_steps, not encoded

    @property
    def steps(self) -> int:
        return len(self.values)


def random_sequence(model: OwnModel, steps: int, seed: int) -> Sequence:
    """x⟨t⟩ ~ N(0, 1) per feature, or token ids drawn uniformly from 1 … n_x − 1."""
    if steps < 1:
        raise ValueError(f"argument `steps` expected a positive integer, got {steps}")
    rng = np.random.default_rng(seed)
    if model.reads_ids:
        ids = rng.integers(min(1, model.n_x - 1), model.n_x, size=steps)
        return Sequence(ids, tuple(str(i) for i in ids))
    return Sequence(rng.standard_normal((steps, model.n_x)), ("",) * steps)


def typed_sequence(model: OwnModel, text: str, max_steps: int | None = None) -> Sequence:
    """Letters (a = 1 … z = 26) or numbers ("3 1 4") as class indices; one-hot encoded to n_x
    for a model that reads vectors, kept as ids for one that starts with an Embedding. Only the
    first `max_steps` are encoded; `left_out` counts the rest."""
    text = text.strip()
    if NUMBERS.fullmatch(text):
        words = [tok for tok in re.split(r"[\s,;]+", text) if tok]
        tokens = [(tok, int(tok) if len(tok) < 10 else -1) for tok in words]
    else:
        tokens = [(ch, ord(ch) - ord("a") + 1 if "a" <= ch <= "z" else -1) for ch in text.lower()]
    kept = [(tok, i) for tok, i in tokens if 0 <= i < model.n_x]
    dropped = tuple(dict.fromkeys(tok for tok, i in tokens if not 0 <= i < model.n_x))
    left_out = max(0, len(kept) - max_steps) if max_steps is not None else 0
    kept = kept[: len(kept) - left_out]
    ids = np.array([i for _, i in kept], dtype=np.int64)
    labels = tuple(f"'{tok}'" if not tok.isdigit() else tok for tok, _ in kept)
    values = ids if model.reads_ids else _one_hot(ids, model.n_x)
    return Sequence(values, labels, dropped, left_out)


def _one_hot(ids: npt.NDArray, n_x: int) -> Array:
    values = np.zeros((len(ids), n_x))
    values[np.arange(len(ids)), ids] = 1.0
    return values


def sequence_from_file(model: OwnModel, name: str, data: bytes) -> Sequence:
    """An uploaded .npy or .csv of shape (T, n_x) (or (T,) token ids for an Embedding model).

    Raises:
        ValueError: saying what is accepted.
    """
    what = "(T,) token ids" if model.reads_ids else f"(T, {model.n_x}) numbers"
    lower = name.lower()
    try:
        if lower.endswith(".npy"):
            array = np.load(io.BytesIO(data), allow_pickle=False)
        elif lower.endswith(".csv"):
            array = _csv(data.decode("utf-8"))
        else:
            raise ValueError("the file must end in .npy or .csv")
    except (ValueError, OSError, EOFError, UnicodeDecodeError) as err:
        raise ValueError(
            f"{name} cannot be read ({err}); accepted: a .npy or .csv of {what}."
        ) from None
    return _checked(model, np.asarray(array), name, what)


def _csv(text: str) -> Array:
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and not re.fullmatch(r"[\d\s,.;eE+\-]+", lines[0]):
        lines = lines[1:]  # a header row
    return np.loadtxt(io.StringIO("\n".join(lines)), delimiter=",", ndmin=2)


def _checked(model: OwnModel, array: npt.NDArray, name: str, what: str) -> Sequence:
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} holds {array.dtype}, not numbers; accepted: {what}.")
    if (model.reads_ids and array.ndim == 2 and array.shape[1] == 1) or array.ndim == 1:
        array = array.reshape(-1) if model.reads_ids else array.reshape(-1, 1)
    expected = 1 if model.reads_ids else 2
    if array.ndim != expected or (not model.reads_ids and array.shape[1] != model.n_x):
        raise ValueError(f"{name} has shape {array.shape}; accepted: {what}.")
    if not 1 <= len(array) <= MAX_FILE_STEPS or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} needs 1 to {MAX_FILE_STEPS:,} finite rows; accepted: {what}.")
    if not model.reads_ids:
        return Sequence(array.astype(np.float64), ("",) * len(array))
    if np.any(array != np.round(array)) or array.min() < 0 or array.max() >= model.n_x:
        raise ValueError(f"{name}: token ids must be whole numbers in 0 … {model.n_x - 1}.")
    ids = array.astype(np.int64)
    return Sequence(ids, tuple(str(i) for i in ids))


def batch(seq: Sequence, steps: int | None = None) -> npt.NDArray:
    """(1, T, n_x) or (1, T): the sequence as the model reads it, cut to `steps`."""
    return seq.values[None, :steps]


def masked_steps(model: OwnModel, seq: Sequence) -> list[int]:
    """The 1-based steps Keras would mask (skip) on this input; here they are computed."""
    if model.mask is None:
        return []
    if model.reads_ids:
        hits = seq.values == 0 if model.mask_value is None else np.zeros(seq.steps, bool)
    else:
        hits = np.all(seq.values == model.mask_value, axis=-1)
    return [int(t) + 1 for t in np.flatnonzero(hits)]
