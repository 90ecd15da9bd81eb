"""Sequence data: notation, tokenisation, one-hot vectors and windowing.

Course: Sequence Models, week 1, "Notation" — x⟨t⟩ is the t-th element of the
input, T_x its length; words are one-hot vectors over a vocabulary with an
<unk> token. Time-series module: a series is cut into (input window, target)
pairs by a sliding window.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

UNK = "<unk>"
EOS = "<eos>"
MAX_TEXT_CHARS = 20_000
CHAR_ALPHABET = tuple(string.ascii_lowercase + string.digits + " .,;:!?'\"-()")
_WORD_RE = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Vocabulary:
    """An ordered list of tokens; index 0 is always <unk>."""

    tokens: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.tokens or self.tokens[0] != UNK:
            raise ValueError(f"argument `tokens` expected <unk> first, got {self.tokens[:1]}")

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, tokens: list[str]) -> npt.NDArray[np.int64]:
        """Indices of `tokens`; tokens outside the vocabulary map to <unk> (0). Shape (T,)."""
        index = {tok: i for i, tok in enumerate(self.tokens)}
        return np.array([index.get(tok, 0) for tok in tokens], dtype=np.int64)


@dataclass(frozen=True)
class TokenisedText:
    """A text as the course writes it: x⟨1⟩ ... x⟨T_x⟩, indices and one-hot vectors."""

    tokens: tuple[str, ...]  # x⟨t⟩ for t = 1..T_x
    ids: npt.NDArray[np.int64]  # (T_x,)
    one_hot: npt.NDArray[np.float32]  # (T_x, V)
    vocab: Vocabulary
    total_tokens: int  # tokens in the whole text, before truncation to `max_steps`

    @property
    def T_x(self) -> int:  # the course's name
        return len(self.tokens)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Tokens of the text that the vocabulary maps to <unk>, in order of first use."""
        return tuple(dict.fromkeys(t for t, i in zip(self.tokens, self.ids, strict=True) if i == 0))


def check_text(text: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Return `text` stripped, or raise ValueError saying what is accepted."""
    if not isinstance(text, str):
        raise ValueError(f"argument `text` expected a string, got {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise ValueError("The text is empty: type a sentence, e.g. 'Harry Potter and Hermione'.")
    if len(stripped) > max_chars:
        raise ValueError(
            f"The text has {len(stripped):,} characters; at most {max_chars:,} are accepted."
        )
    return stripped


def tokenise(text: str, level: str = "word", lowercase: bool = True) -> list[str]:
    """Split `text` into words and punctuation marks, or into characters.

    Args:
        text: any Unicode text.
        level: "word" or "char".
        lowercase: fold case first, as the course's vocabularies do.
    """
    if level not in ("word", "char"):
        raise ValueError(f"argument `level` expected 'word' or 'char', got {level!r}")
    if level == "char":
        text = re.sub(r"\s+", " ", text.strip())
        return list(text.lower() if lowercase else text)
    # Case is folded per token, so the cased and folded token lists always align.
    return [tok.lower() if lowercase else tok for tok in _WORD_RE.findall(text)]


def word_vocabulary(tokens: list[str], max_size: int) -> Vocabulary:
    """<unk>, <eos>, then the `max_size - 2` most frequent tokens (ties alphabetical)."""
    if max_size < 3:
        raise ValueError(f"argument `max_size` expected an integer >= 3, got {max_size}")
    counts = Counter(tokens)
    ranked = sorted(counts, key=lambda tok: (-counts[tok], tok))[: max_size - 2]
    return Vocabulary((UNK, EOS, *sorted(ranked)))


def char_vocabulary() -> Vocabulary:
    """<unk> then lowercase ASCII letters, digits, space and common punctuation."""
    return Vocabulary((UNK, *CHAR_ALPHABET))


def one_hot(ids: npt.ArrayLike, vocab_size: int) -> npt.NDArray[np.float32]:
    """One-hot rows for integer ids. Shape (T,) -> (T, vocab_size)."""
    ids = np.asarray(ids, dtype=np.int64)
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(
            f"argument `ids` expected values in [0, {vocab_size}), got {ids.min()}..{ids.max()}"
        )
    out = np.zeros((ids.size, vocab_size), dtype=np.float32)
    out[np.arange(ids.size), ids] = 1.0
    return out


def encode_text(
    text: str,
    level: str = "word",
    vocab_size: int = 30,
    max_steps: int = 40,
    lowercase: bool = True,
) -> TokenisedText:
    """Tokenise `text`, build its vocabulary and one-hot encode the first `max_steps` tokens.

    The word vocabulary is built from the text itself (its `vocab_size - 2` most
    frequent words), so rare words become <unk> as in a real 10,000-word vocabulary.
    """
    tokens = tokenise(check_text(text), level, lowercase)
    vocab = char_vocabulary() if level == "char" else word_vocabulary(tokens, vocab_size)
    shown = tokens[:max_steps]
    ids = vocab.encode(shown)
    return TokenisedText(tuple(shown), ids, one_hot(ids, len(vocab)), vocab, len(tokens))


def sine_wave(
    length: int = 200,
    period: float = 40.0,
    amplitude: float = 1.0,
    phase: float = 0.0,
    noise: float = 0.0,
    trend: float = 0.0,
    seed: int = 0,
) -> npt.NDArray[np.float32]:
    """y(t) = A·sin(2πt/period + phase) + trend·t + noise·ε, ε ~ N(0, 1). Shape (length,)."""
    if length < 2:
        raise ValueError(f"argument `length` expected an integer >= 2, got {length}")
    if period <= 0:
        raise ValueError(f"argument `period` expected a positive number, got {period}")
    t = np.arange(length, dtype=np.float64)
    eps = np.random.default_rng(seed).standard_normal(length)
    y = amplitude * np.sin(2 * np.pi * t / period + phase) + trend * t + noise * eps
    return y.astype(np.float32)


@dataclass(frozen=True)
class Windows:
    """Sliding-window (input, target) pairs cut from one series."""

    inputs: npt.NDArray[np.float32]  # (n, window): x⟨1⟩..x⟨N⟩ of each pair
    targets: npt.NDArray[np.float32]  # (n, horizon): the next `horizon` values
    starts: npt.NDArray[np.int64]  # (n,): index of each window's first step in the series


def make_windows(series: npt.ArrayLike, window: int, horizon: int = 1, stride: int = 1) -> Windows:
    """Cut `series` into (input window, target) pairs.

    Pair i takes series[s : s + window] as input and series[s + window : s + window + horizon]
    as target, with s = i * stride.

    Shapes: series (L,) -> inputs (n, window), targets (n, horizon),
    n = (L - window - horizon) // stride + 1.
    """
    series = np.asarray(series, dtype=np.float32)
    for name, value in (("window", window), ("horizon", horizon), ("stride", stride)):
        if int(value) != value or value < 1:
            raise ValueError(f"argument `{name}` expected a positive integer, got {value}")
    if series.ndim != 1:
        raise ValueError(f"argument `series` expected a 1-D array, got shape {series.shape}")
    span = window + horizon
    if series.size < span:
        raise ValueError(
            f"The series has {series.size} steps; window {window} + horizon {horizon} "
            f"needs at least {span}."
        )
    starts = np.arange(0, series.size - span + 1, stride, dtype=np.int64)
    idx = starts[:, None] + np.arange(span)[None, :]  # (n, window + horizon)
    pairs = series[idx]
    return Windows(pairs[:, :window], pairs[:, window:], starts)
