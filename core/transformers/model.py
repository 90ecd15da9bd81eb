"""The dates Transformer in numpy: every layer's and every head's attention, for one input.

Course: Sequence Models, week 4, "Transformer network". The encoder reads the date's
characters with self-attention; the decoder writes "YYYY-MM-DD" one character at a
time with masked self-attention over what it wrote and cross-attention to the encoder.
Keras trains it (`core.transformers.layers`, `core.transformers.training`); here the
same weights run in numpy (tested against Keras), so pages never import TensorFlow.

Greedy decoding runs the decoder on the growing prefix ⟨s⟩, ŷ⟨1⟩, …; thanks to the
look-ahead mask the last pass, on ⟨s⟩ ŷ⟨1⟩ … ŷ⟨T_y−1⟩, holds every step's softmax
and attention exactly as they were when each character was chosen.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from core.transformers import attention as att
from core.translation import data as dates

PAD_ID = dates.HUMAN_INDEX[dates.PAD]
BOS = len(dates.MACHINE_VOCAB)  # the decoder's first input, ⟨s⟩
LAYERNORM_EPS = 1e-6  # the course's (Keras' default is 1e-3); core.transformers.layers uses it
MHA_PARTS = ("W_q", "b_q", "W_k", "b_k", "W_v", "b_v", "W_o", "b_o")


@dataclass(frozen=True)
class Config:
    """The architecture; saved with the weights."""

    num_layers: int = 2
    d_model: int = 64
    num_heads: int = 4
    dff: int = 128
    dropout_rate: float = 0.1
    input_vocab: int = len(dates.HUMAN_VOCAB)
    target_vocab: int = len(dates.MACHINE_VOCAB) + 1  # the 11 symbols and ⟨s⟩
    output_vocab: int = len(dates.MACHINE_VOCAB)
    max_input: int = dates.TX
    max_target: int = dates.TY

    @property
    def d_k(self) -> int:
        return self.d_model // self.num_heads


def weight_names(config: Config) -> list[str]:
    """Every array of the model, named after its Keras layer ("encoder_layer1/mha/W_q")."""
    names = ["encoder/embedding", "decoder/embedding", "final_layer/W", "final_layer/b"]
    ffn = ("ffn/W1", "ffn/b1", "ffn/W2", "ffn/b2")
    for i in range(1, config.num_layers + 1):
        enc, dec = f"encoder_layer{i}", f"decoder_layer{i}"
        names += [f"{enc}/mha/{p}" for p in MHA_PARTS] + [f"{enc}/{p}" for p in ffn]
        names += [f"{enc}/layernorm{j}/{p}" for j in (1, 2) for p in ("gamma", "beta")]
        names += [f"{dec}/mha{j}/{p}" for j in (1, 2) for p in MHA_PARTS]
        names += [f"{dec}/{p}" for p in ffn]
        names += [f"{dec}/layernorm{j}/{p}" for j in (1, 2, 3) for p in ("gamma", "beta")]
    return names


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """(x − mean) / √(var + ε) · γ + β over the last axis, as Keras' LayerNormalization."""
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + LAYERNORM_EPS) * gamma + beta


def encoder_layer(
    w: dict[str, np.ndarray], name: str, x: np.ndarray, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One encoder layer `name` (self-attention, then the feed-forward net, each with a residual
    and layer norm): `(m, T, d)` → (`(m, T, d)`, attention weights `(m, h, T, T)`)."""
    mha = att.MHAWeights(*(w[f"{name}/mha/{p}"] for p in MHA_PARTS))
    a, weights = att.multi_head_attention(mha, x, x, mask)
    x = layer_norm(x + a, w[f"{name}/layernorm1/gamma"], w[f"{name}/layernorm1/beta"])
    hidden = np.maximum(x @ w[f"{name}/ffn/W1"] + w[f"{name}/ffn/b1"], 0.0)
    x = layer_norm(
        x + hidden @ w[f"{name}/ffn/W2"] + w[f"{name}/ffn/b2"],
        w[f"{name}/layernorm2/gamma"], w[f"{name}/layernorm2/beta"],
    )  # fmt: skip
    return x, weights


@dataclass(frozen=True)
class Attention:
    """Every attention weight of a batch; L layers, h heads."""

    encoder: np.ndarray  # (m, L, h, T_x, T_x) encoder self-attention
    decoder: np.ndarray  # (m, L, h, T_y, T_y) masked decoder self-attention
    cross: np.ndarray  # (m, L, h, T_y, T_x) decoder queries → encoder keys


class TransformerModel:
    """Numpy inference on the trained weights; shares nothing mutable between calls."""

    def __init__(self, weights: dict[str, np.ndarray], config: Config):
        missing = sorted(set(weight_names(config)) - set(weights))
        if missing:
            raise ValueError(f"argument `weights` lacks {missing[:3]}… for {config}")
        self.config = config
        self.w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
        self.pe_x = att.positional_encoding(config.max_input, config.d_model)
        self.pe_y = att.positional_encoding(config.max_target, config.d_model)

    @property
    def parameters(self) -> int:
        return sum(int(v.size) for v in self.w.values())

    def mha(self, prefix: str) -> att.MHAWeights:
        return att.MHAWeights(*(self.w[f"{prefix}/{p}"] for p in MHA_PARTS))

    def _ffn(self, prefix: str, x: np.ndarray) -> np.ndarray:
        w = self.w
        hidden = np.maximum(x @ w[f"{prefix}/ffn/W1"] + w[f"{prefix}/ffn/b1"], 0.0)
        return hidden @ w[f"{prefix}/ffn/W2"] + w[f"{prefix}/ffn/b2"]

    def _norm(self, name: str, x: np.ndarray) -> np.ndarray:
        return layer_norm(x, self.w[f"{name}/gamma"], self.w[f"{name}/beta"])

    def embed(self, table: str, ids: np.ndarray, pe: np.ndarray) -> np.ndarray:
        """E[ids] · √d_model + PE: `(m, T)` ids → `(m, T, d_model)`."""
        return self.w[table][ids] * np.sqrt(self.config.d_model) + pe[: ids.shape[1]]

    def encode(self, x_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`(m, T_x)` input ids → (encoder output `(m, T_x, d)`, weights `(m, L, h, T_x, T_x)`)."""
        x_ids = np.asarray(x_ids)
        mask = att.padding_mask(x_ids, PAD_ID)  # (m, 1, T_x)
        x, weights = self.embed("encoder/embedding", x_ids, self.pe_x), []
        for i in range(1, self.config.num_layers + 1):
            x, w = encoder_layer(self.w, f"encoder_layer{i}", x, mask)
            weights.append(w)
        return x, np.stack(weights, axis=1)

    def decode(
        self, enc_out: np.ndarray, x_mask: np.ndarray, y_in: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Decoder inputs `(m, t)` → logits `(m, t, 11)`, self-attention `(m, L, h, t, t)` and
        cross-attention `(m, L, h, t, T_x)`."""
        t = y_in.shape[1]
        causal = att.look_ahead_mask(t)  # (t, t)
        y, self_w, cross_w = self.embed("decoder/embedding", y_in, self.pe_y), [], []
        for i in range(1, self.config.num_layers + 1):
            name = f"decoder_layer{i}"
            a1, w1 = att.multi_head_attention(self.mha(f"{name}/mha1"), y, y, causal)
            y = self._norm(f"{name}/layernorm1", y + a1)
            a2, w2 = att.multi_head_attention(self.mha(f"{name}/mha2"), y, enc_out, x_mask)
            y = self._norm(f"{name}/layernorm2", y + a2)
            y = self._norm(f"{name}/layernorm3", y + self._ffn(name, y))
            self_w.append(w1)
            cross_w.append(w2)
        logits = y @ self.w["final_layer/W"] + self.w["final_layer/b"]
        return logits, np.stack(self_w, axis=1), np.stack(cross_w, axis=1)

    def forward(self, x_ids: np.ndarray, y_in: np.ndarray) -> tuple[np.ndarray, Attention]:
        """Teacher forcing: logits `(m, T_y, 11)` for given decoder inputs, and every weight."""
        x_ids, y_in = np.asarray(x_ids), np.asarray(y_in)
        enc_out, enc_w = self.encode(x_ids)
        logits, self_w, cross_w = self.decode(enc_out, att.padding_mask(x_ids, PAD_ID), y_in)
        return logits, Attention(enc_w, self_w, cross_w)

    def greedy(self, x_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, Attention]:
        """Greedy decoding: ids `(m, T_y)`, each step's softmax `(m, T_y, 11)`, every weight."""
        x_ids = np.asarray(x_ids)
        enc_out, enc_w = self.encode(x_ids)
        x_mask = att.padding_mask(x_ids, PAD_ID)
        y_in, chosen = np.full((len(x_ids), 1), BOS), []
        for t in range(self.config.max_target):
            logits, self_w, cross_w = self.decode(enc_out, x_mask, y_in)
            chosen.append(logits[:, -1].argmax(axis=-1))
            if t + 1 < self.config.max_target:
                y_in = np.concatenate([y_in, chosen[-1][:, None]], axis=1)
        # the last pass read ⟨s⟩ ŷ⟨1⟩ … ŷ⟨T_y−1⟩: its rows are every step's softmax and weights
        return np.stack(chosen, axis=1), att.softmax(logits), Attention(enc_w, self_w, cross_w)

    def translate_many(self, texts: list[str], chunk: int = 256) -> list[str]:
        """Greedy outputs for many inputs, in chunks (attention of 2,000 dates is ~100 MB)."""
        x = np.stack([dates.encode(t).ids for t in texts]) if texts else np.zeros((0, 1), int)
        out = []
        for start in range(0, len(texts), chunk):
            out += [dates.decode_iso(row) for row in self.greedy(x[start : start + chunk])[0]]
        return out


def exact_match(model: TransformerModel, pairs: list[tuple[str, str]]) -> float:
    """The share of (human, iso) pairs whose greedy output is the whole ISO string."""
    outputs = model.translate_many([h for h, _ in pairs])
    return float(np.mean([o == iso for o, (_, iso) in zip(outputs, pairs, strict=True)]))


def save(model: TransformerModel, meta: dict, path: Path) -> None:
    """Weights as float32 arrays and `meta` (with the config) as JSON in one .npz: no pickle."""
    meta = {**meta, "config": asdict(model.config)}
    arrays = {k: v.astype(np.float32) for k, v in model.w.items()}
    np.savez_compressed(path, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)


def load(path: Path) -> tuple[TransformerModel, dict]:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        config = Config(**meta["config"])
        weights = {name: data[name] for name in weight_names(config)}
    return TransformerModel(weights, config), meta
