"""An encoder-only Transformer with a per-token head, in numpy: what NER and QA run.

Course: Sequence Models, week 4, "Transformer network" and its labs. The encoder is the
one of `core.transformers.layers` (embedding · √d_model + PE, then L layers of
multi-head self-attention and a feed-forward network, each followed by a residual and a
LayerNorm); a Dense head reads every token's last state a⟨t⟩: tag scores for NER, start
and end scores for QA. Keras trains it (`core.transformers.encoder_training`); here the
same weights run in numpy (tested against Keras), so pages never import TensorFlow.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from core.transformers import attention as att
from core.transformers.model import MHA_PARTS, encoder_layer
from core.transformers.tokens import PAD_ID


@dataclass(frozen=True)
class EncoderConfig:
    """The architecture; saved with the weights."""

    vocab: int
    max_len: int  # tokens the encoder reads, T_x (its positional encodings)
    outputs: int  # the head's scores per token: tags (NER); QA: start, end (+ auxiliary tags)
    num_layers: int = 2
    d_model: int = 64
    num_heads: int = 4
    dff: int = 128
    dropout_rate: float = 0.1
    types: int = 0  # token types with an embedding of their own (0: none), as BERT's segments
    end_given_start: bool = False  # QA: the end score also reads the start's state (head/U)

    @property
    def d_k(self) -> int:
        return self.d_model // self.num_heads


def weight_names(config: EncoderConfig) -> list[str]:
    """Every array, named after its Keras layer ("encoder_layer1/mha/W_q", "head/W")."""
    names = ["encoder/embedding", "head/W", "head/b"] + (["encoder/types"] if config.types else [])
    names += ["head/U"] if config.end_given_start else []
    for i in range(1, config.num_layers + 1):
        layer = f"encoder_layer{i}"
        names += [f"{layer}/mha/{p}" for p in MHA_PARTS]
        names += [f"{layer}/ffn/{p}" for p in ("W1", "b1", "W2", "b2")]
        names += [f"{layer}/layernorm{j}/{p}" for j in (1, 2) for p in ("gamma", "beta")]
    return names


class EncoderModel:
    """Numpy inference on trained weights; shares nothing mutable between calls."""

    def __init__(self, weights: dict[str, np.ndarray], config: EncoderConfig):
        missing = sorted(set(weight_names(config)) - set(weights))
        if missing:
            raise ValueError(f"argument `weights` lacks {missing[:3]}… for {config}")
        self.config = config
        self.w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
        self.pe = att.positional_encoding(config.max_len, config.d_model)

    @property
    def parameters(self) -> int:
        return sum(int(v.size) for v in self.w.values())

    def forward(
        self, ids: np.ndarray, types: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """`(m, T)` token ids ([PAD] = 0 is masked) and, with `config.types`, token types →
        (head scores `(m, T, outputs)`, attention `(m, L, h, T, T)`); T ≤ max_len."""
        x, attention = self.states(ids, types)
        return x @ self.w["head/W"] + self.w["head/b"], attention

    def states(
        self, ids: np.ndarray, types: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """As `forward`, but the last layer's states a⟨t⟩ `(m, T, d_model)` instead of the
        head's scores."""
        ids = np.asarray(ids)
        if ids.ndim != 2 or ids.shape[1] > self.config.max_len:
            raise ValueError(
                f"argument `ids` expected shape (m, T ≤ {self.config.max_len}), got {ids.shape}"
            )
        mask = att.padding_mask(ids, PAD_ID)  # (m, 1, T)
        x = self.w["encoder/embedding"][ids] * np.sqrt(self.config.d_model)
        x = x + self.pe[: ids.shape[1]]  # (m, T, d_model)
        if self.config.types:
            x = x + self.w["encoder/types"][np.zeros_like(ids) if types is None else types]
        weights = []
        for i in range(1, self.config.num_layers + 1):
            x, w = encoder_layer(self.w, f"encoder_layer{i}", x, mask)
            weights.append(w)
        return x, np.stack(weights, axis=1)


def save(model: EncoderModel, vocab: tuple[str, ...], meta: dict, path: Path) -> None:
    """Weights (float32), the vocabulary and `meta` (with the config) as JSON: no pickle."""
    meta = {**meta, "config": asdict(model.config), "vocab": list(vocab)}
    arrays = {k: v.astype(np.float32) for k, v in model.w.items()}
    np.savez_compressed(path, meta=np.array(json.dumps(meta, ensure_ascii=False)), **arrays)


def load(path: Path) -> tuple[EncoderModel, tuple[str, ...], dict]:
    """(model, vocabulary, meta) from `save`'s file."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        config = EncoderConfig(**meta.pop("config"))
        weights = {name: data[name] for name in weight_names(config)}
    return EncoderModel(weights, config), tuple(meta.pop("vocab")), meta
