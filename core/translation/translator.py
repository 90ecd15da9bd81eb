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
    beam: object  # core.translation.beam.BeamResult of the search that produced it, or None

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


def translate(
    text: str, beam_width: int = 1, alpha: float = 0.0, model=None, forced: tuple[int, ...] = ()
) -> Translation:
    """Translate one human date to "YYYY-MM-DD" with beam search (width 1 = greedy).

    Args:
        text: any string; it is normalised, cut to TX characters, unknown characters
            read as <unk> (reported on `.encoded`).
        beam_width: B in 1..∞; the whole beam is one batched decoder step.
        alpha: length normalisation (every output has TY characters, so it only
            rescales the score here).
        model: a `core.translation.model.DateModel`; the shipped one when None.
        forced: output ids the search must start with (see `beam.beam_search`).
    """
    model = model if model is not None else _default_model()
    enc = encode(text)
    scorer = model.scorer(enc.ids)
    result = beam.beam_search(scorer, date_model.BOS, None, beam_width, TY, alpha, forced)
    tokens = result.best.tokens
    prefix = (date_model.BOS, *tokens)
    states = [scorer.states[prefix[:t]] for t in range(1, TY + 1)]  # state t scored y⟨t⟩
    return _translation(enc, tokens, states, result.best.log_prob, result)


def moved_attention(alpha: np.ndarray, target: int, mass: float) -> np.ndarray:
    """α′ = (1 − m) α + m·e_j: a share m of a row of weights moved to position j (still a
    distribution: non-negative, summing to 1)."""
    if not 0.0 <= mass <= 1.0:
        raise ValueError(f"argument `mass` expected a number in [0, 1], got {mass}")
    row = (1.0 - mass) * np.asarray(alpha, dtype=np.float64)
    row[target] += mass
    return row


def with_attention(text: str, step: int, alpha_row: np.ndarray, model=None) -> Translation:
    """Greedy decoding in which output `step` (0-based) attends with `alpha_row` (TX,).

    Every other step attends as trained, so the change flows on through s⟨t⟩ and y⟨t⟩ into
    the later outputs. With the model's own α⟨step,·⟩ it equals `translate(text)` (tested).
    """
    if not 0 <= step < TY:
        raise ValueError(f"argument `step` expected 0..{TY - 1}, got {step}")
    model = model if model is not None else _default_model()
    enc = encode(text)
    a = model.encode(np.asarray(enc.ids)[None, :])
    a_proj = model.project(a)
    state, prev = model.start(1), np.array([date_model.BOS])
    tokens, states, log_prob = [], [], 0.0
    for t in range(TY):
        override = np.asarray(alpha_row, dtype=np.float64)[None, :] if t == step else None
        state = model.step(a, a_proj, state, prev, override)
        prev = state.log_probs.argmax(axis=1)
        tokens.append(int(prev[0]))
        states.append(state)
        log_prob += float(state.log_probs[0, prev[0]])
    return _translation(enc, tuple(tokens), states, log_prob, None)


def _translation(enc: Encoded, tokens, states, log_prob: float, search) -> Translation:
    steps = []
    for token, state in zip(tokens, states, strict=True):
        probs = np.exp(state.log_probs[0])
        steps.append(Step(MACHINE_VOCAB[token], float(probs[token]), probs))
    return Translation(
        enc, decode_iso(tokens), tuple(tokens),
        np.concatenate([s.alpha for s in states]), np.concatenate([s.energies for s in states]),
        tuple(steps), log_prob, search,
    )  # fmt: skip


_MODEL = None


def _default_model():
    global _MODEL
    if _MODEL is None:
        _MODEL = shipped_model()
    return _MODEL
