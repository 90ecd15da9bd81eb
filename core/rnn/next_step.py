"""Small next-step predictors for the "RNN unrolled" lesson, trained with Keras.

Two many-to-many tasks, as in the course's language model (x⟨t⟩ = y⟨t−1⟩):
- "word": the next character of an English word (27 classes: a–z and end-of-word);
  x⟨1⟩ is the zero vector, ŷ⟨t⟩ = softmax(Wya a⟨t⟩ + by).
- "sine": the next value of a noisy sine wave; ŷ⟨t⟩ = Wya a⟨t⟩ + by.
Each is trained for the three cells and several hidden sizes; the weights are
stored as plain arrays, and `predict` re-runs them with core.rnn.cells in numpy.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from core.corpora import CHARS, END, LETTERS
from core.rnn import cells
from core.rnn.activations import softmax

Array = npt.NDArray[np.float64]
TASKS = ("word", "sine")
KINDS = ("rnn", "gru", "lstm")
UNITS = (4, 8, 16, 32, 64)
MAX_WORD = 30
SINE_PERIODS = (8.0, 60.0)


@dataclass(frozen=True)
class NextStepModel:
    """A recurrent layer plus its read-out ŷ⟨t⟩ = Wya a⟨t⟩ + by (softmax for "word")."""

    task: str
    params: cells.CellParams
    Wy: Array  # (n_a, n_y)
    by: Array  # (n_y,)


@dataclass(frozen=True)
class Prediction:
    trace: cells.Trace
    y_hat: Array  # (T, n_y): probabilities ("word") or the predicted next value ("sine")


def clean_word(text: str) -> tuple[str, tuple[str, ...]]:
    """Lower-case `text`, strip accents (é → e) and keep a–z; returns (word, dropped chars)."""
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    kept = "".join(ch for ch in folded if ch in LETTERS)
    dropped = tuple(
        dict.fromkeys(
            ch
            for ch in text.strip().lower()
            if not unicodedata.combining(ch)
            and not set(unicodedata.normalize("NFKD", ch)) & set(LETTERS)
        )
    )
    return kept[:MAX_WORD], dropped


def encode_word(word: str) -> tuple[Array, npt.NDArray[np.int64]]:
    """x⟨1⟩ = 0, x⟨t⟩ = one-hot(word[t−2]); targets are word's characters then END.

    Shapes: x (T, 27), targets (T,) with T = len(word) + 1.
    """
    ids = np.array([CHARS.index(ch) for ch in word], dtype=np.int64)
    x = np.zeros((len(word) + 1, len(CHARS)))
    x[np.arange(1, len(word) + 1), ids] = 1.0
    return x, np.append(ids, CHARS.index(END))


def sine_series(
    steps: int, period: float, noise: float = 0.0, phase: float = 0.0, seed: int = 0
) -> Array:
    """steps + 1 values of sin(2πt/period + phase) + noise: the inputs and their next values."""
    t = np.arange(steps + 1)
    rng = np.random.default_rng(seed)
    return np.sin(2 * np.pi * t / period + phase) + noise * rng.standard_normal(steps + 1)


def predict(model: NextStepModel, x: npt.ArrayLike) -> Prediction:
    """Run one sequence x (T, n_x) through the model, in numpy."""
    tr = cells.forward(model.params, np.asarray(x, dtype=np.float64)[None])
    logits = tr.h[0] @ model.Wy + model.by
    return Prediction(tr, softmax(logits) if model.task == "word" else logits)


WORD_BOS = len(CHARS)  # the start token of beam search over the word model (x⟨1⟩ = 0)


def word_log_prob_fn(model: NextStepModel):
    """`log_prob_fn` for core.translation.beam over the "word" model: one batched forward per call.

    Prefixes are [WORD_BOS, ids…]; a beam's prefixes have equal length, so they run as
    one batch through the cell (x⟨1⟩ = 0, x⟨t⟩ = one-hot of the previous character).
    """

    def log_prob_fn(prefixes: list[list[int]]) -> Array:
        out = np.empty((len(prefixes), len(CHARS)))
        by_length: dict[int, list[int]] = {}
        for i, prefix in enumerate(prefixes):
            by_length.setdefault(len(prefix), []).append(i)
        for length, rows in by_length.items():
            x = np.zeros((len(rows), length, len(CHARS)))
            for r, i in enumerate(rows):
                x[r, np.arange(1, length), prefixes[i][1:]] = 1.0
            h = cells.forward(model.params, x).h[:, -1]  # (m, n_a)
            logits = h @ model.Wy + model.by
            logits -= logits.max(axis=1, keepdims=True)
            out[rows] = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return out

    return log_prob_fn


# ----------------------------------------------------------------------------- storage


def save_bundle(models: dict[tuple[str, int], NextStepModel], meta: dict, path: Path) -> None:
    """One .npz for all (cell, units) models of a task, plus a JSON metadata string."""
    arrays = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for (kind, units), m in sorted(models.items()):
        prefix = f"{kind}-{units}/"
        arrays |= {
            prefix + "W": m.params.W,
            prefix + "U": m.params.U,
            prefix + "b": m.params.b,
            prefix + "Wy": m.Wy,
            prefix + "by": m.by,
        }
    with open(path, "wb") as fh:
        np.savez_compressed(
            fh, **{k: np.asarray(v, np.float32) if k != "meta" else v for k, v in arrays.items()}
        )


def load_bundle(path: Path) -> tuple[dict[tuple[str, int], NextStepModel], dict]:
    """Inverse of `save_bundle`: ({(cell, units): model}, metadata)."""
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
        models = {}
        for kind in KINDS:
            for units in meta["units"]:
                g = lambda k, p=f"{kind}-{units}/": data[p + k].astype(np.float64)  # noqa: E731
                params = cells.CellParams(kind, g("W"), g("U"), g("b"))
                models[(kind, units)] = NextStepModel(meta["task"], params, g("Wy"), g("by"))
    return models, meta
