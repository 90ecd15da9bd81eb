"""Text corpora that ship with Python itself, so nothing is downloaded.

`python_doc_words` reads the English prose of Python's own documentation
(`pydoc_data.topics`, installed with every CPython) and keeps its distinct
lower-case words: a real English spelling corpus of about 2,900 words.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

END = "\n"  # the course's <EOS> for character models: the end of a word
LETTERS = "abcdefghijklmnopqrstuvwxyz"
CHARS = END + LETTERS  # index 0 is the end-of-word character


@lru_cache(maxsize=4)
def python_doc_words(min_len: int = 3, max_len: int = 12) -> tuple[str, ...]:
    """Distinct lower-case a–z words of Python's documentation, sorted."""
    from pydoc_data.topics import topics

    text = " ".join(topics[key] for key in sorted(topics)).lower()
    words = {w for w in re.findall(r"[a-z]+", text) if min_len <= len(w) <= max_len}
    return tuple(sorted(words))


def split_words(words: tuple[str, ...], valid_fraction: float = 0.1) -> tuple[list, list]:
    """A fixed train/validation split by a hash of each word (independent of the list order)."""
    cut = int(valid_fraction * 1000)
    valid = [w for w in words if zlib.crc32(w.encode()) % 1000 < cut]
    train = [w for w in words if zlib.crc32(w.encode()) % 1000 >= cut]
    return train, valid
