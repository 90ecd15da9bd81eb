"""Ordinary speech without the trigger: the sentences every voice reads.

A classroom's false alarms come from sentences, not from isolated words: espeak-ng's
"hello there, how are you today" made the earlier model fire at its end. So each voice also
reads some of these, with no "activate" (or any "activ-" word) in them: everyday phrases
written here, and sentences from Python's own documentation (`pydoc_data.topics`, which
ships with the interpreter). Training hears the TRAIN texts, every score the TEST ones.
"""

from __future__ import annotations

import random
import re

# Everyday and classroom phrases; the greeting the issue found firing is a test text, its
# neighbours train.
TRAIN_PHRASES = (
    "hi there, how is it going",
    "hello everyone, how was your weekend",
    "good morning, please take a seat",
    "can everybody hear me at the back",
    "let's open the books at page twelve",
    "thank you very much, that was a good answer",
    "could you close the window, please",
    "we will have a short break in ten minutes",
    "what did you have for lunch today",
    "the weather is lovely this afternoon",
    "please switch off your phones",
    "does anyone have a question about the homework",
)
TEST_PHRASES = (
    "hello there, how are you today",
    "good afternoon, nice to see you all",
    "how are you doing this morning",
    "please write your name at the top of the page",
    "I think we should start with the second exercise",
    "see you all next week, have a nice evening",
    "who would like to read the next paragraph",
    "turn on the lights and open the door, please",
)
N_PYTHON = 60  # documentation sentences drawn, half for training and half for scores


def python_sentences(n: int = N_PYTHON, seed: int = 0) -> list[str]:
    """`n` plain sentences of 7-16 words from `pydoc_data.topics`: letters, commas and
    apostrophes only, ending in a full stop, none with "activ" in it."""
    from pydoc_data.topics import topics

    text = " ".join(topics[k] for k in sorted(topics))
    found = []
    for s in re.split(r"(?<=[.!?])\s+", text):
        s = " ".join(s.split())
        plain = re.fullmatch(r"[A-Z][a-z ,']+[a-z]\.", s)
        if plain and 7 <= len(s.split()) <= 16 and "activ" not in s.lower():
            found.append(s)
    found = sorted(set(found))
    return random.Random(seed).sample(found, min(n, len(found)))


def texts() -> tuple[list[str], list[str]]:
    """(training texts, test texts): the phrases and half the documentation sentences each."""
    python = python_sentences()
    half = len(python) // 2
    return [*TRAIN_PHRASES, *python[:half]], [*TEST_PHRASES, *python[half:]]
