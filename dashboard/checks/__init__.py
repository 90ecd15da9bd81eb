"""Check yourself: predict, then reveal — the questions of every page, computed live.

`base` defines a question and the registry (`QUESTIONS`, keyed by the lesson's url_path);
one module per part of the course registers its pages' questions; `ui` draws them on a
page (`ui.show(url_path)`) and the session's score on Home. Importing this package loads
every question module; none imports TensorFlow or a model until a question is revealed.
"""

from dashboard.checks import (
    applications,
    embeddings,
    foundations,
    rnn,
    transformers,
    translation,
)
from dashboard.checks.base import QUESTIONS, Check, Question, Reveal

__all__ = [
    "QUESTIONS", "Check", "Question", "Reveal",
    "applications", "embeddings", "foundations", "rnn", "transformers", "translation",
]  # fmt: skip
