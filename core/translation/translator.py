"""Translating one date with the shipped model: beam search over the attention decoder.

Course: Sequence Models, week 3, "Neural machine translation with attention" and
"Beam search". `translate` encodes the text (core.translation.data), runs the
decoder of core.translation.model one step per output character under
core.translation.beam, and keeps every step's softmax and attention α⟨t,t'⟩.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from core import assets
from core.translation import beam
from core.translation import model as date_model
from core.translation.data import MACHINE_VOCAB, TY, Encoded, decode_iso, encode, parse_iso

MODEL_FILE = "date_translator.npz"
LOW_CONFIDENCE = 0.9  # a step whose chosen symbol had P below this flags the output


@dataclass(frozen=True)
class Step:
    """One output character and the softmax it was chosen from."""

    char: str
    prob: float  # P(y⟨t⟩ | x, y⟨<t⟩) of the chosen character
    probs: np.ndarray  # (11,) the whole softmax over MACHINE_VOCAB


class Flags:
    """When a translated date deserves doubt; needs `.encoded`, `.confidence` and `.date`."""

    @property
    def names_a_year(self) -> bool:
        """A year takes at least two digits ("'79"); text with fewer cannot name one."""
        return sum(ch.isdigit() for ch in self.encoded.text) >= 2

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE or self.date is None or not self.names_a_year


@dataclass(frozen=True)
class Translation(Flags):
    encoded: Encoded
    output: str  # "YYYY-MM-DD" (not always a real date: check `.date`)
    tokens: tuple[int, ...]
    attention: np.ndarray  # (TY, TX) α⟨t,t'⟩
    energies: np.ndarray  # (TY, TX) e⟨t,t'⟩ before the softmax
    steps: tuple[Step, ...]
    log_prob: float  # log P(ŷ | x)
    beam: object  # core.translation.beam.BeamResult of the search that produced it

    @property
    def date(self) -> dt.date | None:
        return parse_iso(self.output)

    @property
    def confidence(self) -> float:
        """The smallest per-step probability: one unsure character is enough to doubt it."""
        return min(step.prob for step in self.steps)


def shipped_model():
    """The trained `DateModel` from assets/ (raises AssetError naming the rebuild command)."""
    return date_model.load(assets.resolve(MODEL_FILE))[0]


def translate(text: str, beam_width: int = 1, alpha: float = 0.0, model=None) -> Translation:
    """Translate one human date to "YYYY-MM-DD" with beam search (width 1 = greedy).

    Args:
        text: any string; it is normalised, cut to TX characters, unknown characters
            read as <unk> (reported on `.encoded`).
        beam_width: B in 1..∞; the whole beam is one batched decoder step.
        alpha: length normalisation (every output has TY characters, so it only
            rescales the score here).
        model: a `core.translation.model.DateModel`; the shipped one when None.
    """
    model = model if model is not None else _default_model()
    enc = encode(text)
    scorer = model.scorer(enc.ids)
    result = beam.beam_search(scorer, date_model.BOS, None, beam_width, TY, alpha)
    tokens = result.best.tokens
    prefix = (date_model.BOS, *tokens)
    states = [scorer.states[prefix[:t]] for t in range(1, TY + 1)]  # state t scored y⟨t⟩
    steps = []
    for token, state in zip(tokens, states, strict=True):
        probs = np.exp(state.log_probs[0])
        steps.append(Step(MACHINE_VOCAB[token], float(probs[token]), probs))
    return Translation(
        enc, decode_iso(tokens), tokens,
        np.concatenate([s.alpha for s in states]), np.concatenate([s.energies for s in states]),
        tuple(steps), result.best.log_prob, result,
    )  # fmt: skip


_MODEL = None


def _default_model():
    global _MODEL
    if _MODEL is None:
        _MODEL = shipped_model()
    return _MODEL
