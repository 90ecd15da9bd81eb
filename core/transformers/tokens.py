"""Words to token ids for the NER and QA encoders: whole words, digit shapes, characters.

Course: Sequence Models, week 4, the "Transformer network" labs (named-entity recognition
and extractive question answering), which use BERT's WordPiece. Here a smaller scheme
that never fails: a word the vocabulary knows is one token; an unknown number is read by
its shape ("1,234.56" → "0,000.00"); any other unknown word is spelled out in characters,
BERT-style: "Zyx" → "Z", "##y", "##x" (a character never seen in training is [UNK]).
Case is kept: capitals are the strongest hint that a word starts a name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

PAD, UNK, CLS, SEP = "[PAD]", "[UNK]", "[CLS]", "[SEP]"
SPECIALS = (PAD, UNK, CLS, SEP)
PAD_ID = 0
CONT = "##"  # marks a piece that continues the word before it
WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Word:
    """One word of the text and where it sits: `text[start:end]`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Pieces:
    """A text read as tokens.

    `ids`, `pieces`, `word`: `(n,)` one per token; `word[i]` is the index in `words` the
    token belongs to. `spelled`: the words the vocabulary lacks, read character by
    character (a character it lacks is [UNK]).
    """

    words: tuple[Word, ...]
    ids: tuple[int, ...]
    pieces: tuple[str, ...]
    word: tuple[int, ...]
    spelled: tuple[str, ...]

    def first_pieces(self) -> list[int]:
        """Index of each word's first token: where a word's tag is read (as BERT does)."""
        seen, out = set(), []
        for i, w in enumerate(self.word):
            if w >= 0 and w not in seen:
                seen.add(w)
                out.append(i)
        return out


def split_words(text: str) -> list[Word]:
    """Numbers, words (with inner apostrophes) and single punctuation marks, with offsets."""
    return [Word(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def shape(word: str) -> str:
    """Digits replaced by 0: "1,234.56" → "0,000.00"."""
    return re.sub(r"\d", "0", word)


class Vocab:
    """Token ↔ id: specials, every character (word-initial and "##" form), frequent words."""

    def __init__(self, tokens: Iterable[str]):
        self.tokens = tuple(tokens)
        if self.tokens[: len(SPECIALS)] != SPECIALS:
            raise ValueError(f"argument `tokens` must start with {SPECIALS}")
        self.index = {t: i for i, t in enumerate(self.tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    @classmethod
    def build(cls, texts: Iterable[str], min_count: int = 3) -> Vocab:
        """Words (and number shapes) seen at least `min_count` times, and every character."""
        counts, chars = Counter(), set()
        for text in texts:
            for w in split_words(text):
                counts[w.text] += 1
                if any(ch.isdigit() for ch in w.text):
                    counts[shape(w.text)] += 1
                chars.update(w.text)
        chars = sorted(chars)
        words = sorted(w for w, n in counts.items() if n >= min_count and len(w) > 1)
        return cls([*SPECIALS, *chars, *(CONT + c for c in chars), *words])

    def word_pieces(self, word: str) -> list[str]:
        """The tokens of one word: itself, its digit shape, or its characters."""
        if word in self.index:
            return [word]
        if shape(word) in self.index and shape(word) != word:
            return [shape(word)]
        return [ch if i == 0 else CONT + ch for i, ch in enumerate(word)]

    def id_of(self, piece: str) -> int:
        return self.index.get(piece, self.index[UNK])

    def encode(self, text: str, max_words: int | None = None) -> Pieces:
        """Every word of `text` (the first `max_words` of them) as tokens."""
        words = split_words(text)[:max_words]
        pieces, owner, spelled = [], [], []
        for i, w in enumerate(words):
            parts = self.word_pieces(w.text)
            if parts[0] not in self.index or len(parts) > 1:
                spelled.append(w.text)
            pieces += parts
            owner += [i] * len(parts)
        ids = tuple(self.id_of(p) for p in pieces)
        return Pieces(tuple(words), ids, tuple(pieces), tuple(owner), tuple(spelled))


def truncate(p: Pieces, max_tokens: int) -> tuple[Pieces, int]:
    """Keep whole words while they fit in `max_tokens`; returns (kept, words cut)."""
    if len(p.ids) <= max_tokens:
        return p, 0
    last = p.word[max_tokens]  # the word the cut falls in is dropped whole
    n = p.word.index(last)
    kept = Pieces(p.words[:last], p.ids[:n], p.pieces[:n], p.word[:n],
                  tuple(w for w in p.spelled if w in {x.text for x in p.words[:last]}))  # fmt: skip
    return kept, len(p.words) - last
