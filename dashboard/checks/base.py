"""What a check-yourself question is, and the one registry of them, keyed by page.

A `Question` is a function of a seeded random generator that returns a `Check`: the prompt
and the choices, cheap enough to build on every rerun, and a `reveal` that runs the page's own
model or computation (through the page's caches) only when the student asks for the answer.
No answer key is stored anywhere: the right answer is what the code computes for these inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Reveal:
    """What the model does: the right answer and why."""

    answer: str | float  # one of the options, or the number
    why: str  # markdown, with the numbers the computation produced
    tolerance: float = 0.0  # a number within it of `answer` counts as right


@dataclass(frozen=True)
class Check:
    """One question as asked: the prompt, how to answer it, and how to find out."""

    prompt: str  # markdown
    reveal: Callable[[], Reveal] = field(compare=False)
    options: tuple[str, ...] = ()  # a choice among these; empty: a number
    bounds: tuple[float, float, float] = (0.0, 100.0, 1.0)  # a number's min, max, step

    def __post_init__(self) -> None:
        if self.options and len(set(self.options)) != len(self.options):
            raise ValueError(f"argument `options` expected distinct options, got {self.options}")


@dataclass(frozen=True)
class Question:
    """A question registered for a page: `ask(rng)` builds its `Check`."""

    page: str  # the lesson's url_path
    name: str  # unique on its page
    ask: Callable[[np.random.Generator], Check]


QUESTIONS: dict[str, list[Question]] = {}


def question(page: str) -> Callable:
    """Register `ask(rng) -> Check` as a question of the page whose url_path is `page`."""

    def register(ask: Callable[[np.random.Generator], Check]):
        entries = QUESTIONS.setdefault(page, [])
        if any(q.name == ask.__name__ for q in entries):
            raise ValueError(f"page {page!r} already has a question named {ask.__name__!r}")
        entries.append(Question(page, ask.__name__, ask))
        return ask

    return register


def is_right(reveal: Reveal, given: str | float) -> bool:
    """The student's answer against the computed one."""
    if isinstance(reveal.answer, str):
        return given == reveal.answer
    return abs(float(given) - float(reveal.answer)) <= reveal.tolerance + 1e-9


def pick(rng: np.random.Generator, items):
    """One item of a sequence, drawn by the question's generator."""
    return items[int(rng.integers(len(items)))]
