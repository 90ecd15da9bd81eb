"""Translating one date with the shipped Transformer, keeping every attention weight.

Course: Sequence Models, week 4, "Transformer network", on the week 3 dates task.
`translate` encodes the text as the Bi-LSTM translator does (core.translation.data:
normalised, cut to T_x characters, unknown characters read as <unk>), decodes greedily
in numpy (core.transformers.model) and returns the output with the encoder's
self-attention, the decoder's masked self-attention and the cross-attention of every
layer and head.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from core import assets
from core.transformers import model as tmodel
from core.translation.data import MACHINE_VOCAB, Encoded, decode_iso, encode, parse_iso
from core.translation.translator import Flags

MODEL_FILE = "date_transformer.npz"
START = "⟨s⟩"  # how the decoder's first input is written


@dataclass(frozen=True)
class TransformerTranslation(Flags):
    """One input, its greedy output and all the attention that produced it."""

    encoded: Encoded
    output: str  # "YYYY-MM-DD" (not always a real date: check `.date`)
    tokens: tuple[int, ...]  # (T_y,) output ids
    probs: np.ndarray  # (T_y, 11) the softmax each output character was chosen from
    encoder: np.ndarray  # (L, h, T_x, T_x) encoder self-attention
    decoder: np.ndarray  # (L, h, T_y, T_y) masked decoder self-attention
    cross: np.ndarray  # (L, h, T_y, T_x) cross-attention, decoder queries → input characters

    @property
    def date(self) -> dt.date | None:
        return parse_iso(self.output)

    @property
    def step_probs(self) -> np.ndarray:
        """(T_y,) P(ŷ⟨t⟩ | x, ŷ⟨<t⟩) of each chosen character."""
        return self.probs[np.arange(len(self.tokens)), list(self.tokens)]

    @property
    def confidence(self) -> float:
        """The smallest per-step probability: one unsure character is enough to doubt it."""
        return float(self.step_probs.min())

    @property
    def log_prob(self) -> float:
        return float(np.log(self.step_probs).sum())

    @property
    def decoder_inputs(self) -> list[str]:
        """What the decoder read at each step: ⟨s⟩, ŷ⟨1⟩, …, ŷ⟨T_y−1⟩."""
        return [START, *(MACHINE_VOCAB[i] for i in self.tokens[:-1])]


def shipped_model() -> tmodel.TransformerModel:
    """The trained model from assets/ (raises AssetError naming the rebuild command)."""
    return tmodel.load(assets.resolve(MODEL_FILE))[0]


def translate(text: str, model: tmodel.TransformerModel) -> TransformerTranslation:
    """Translate one human date to "YYYY-MM-DD" greedily, with every attention weight.

    Args:
        text: any string; normalised, cut to T_x characters, unknown characters read
            as <unk> (reported on `.encoded`).
        model: a `TransformerModel` (`shipped_model()` for the trained one).
    """
    enc = encode(text)
    ids, probs, attn = model.greedy(enc.ids[None, :])
    tokens = tuple(int(i) for i in ids[0])
    return TransformerTranslation(
        enc, decode_iso(tokens), tokens, probs[0], attn.encoder[0], attn.decoder[0], attn.cross[0]
    )
