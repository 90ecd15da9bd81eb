"""The Transformer in Keras, with the course's layer names: what `python -m core.train` fits.

Course: Sequence Models, week 4, "Transformer network" and its assignment (Vaswani et
al., 2017). Names follow the assignment (`EncoderLayer.mha`, `.ffn`, `.layernorm1`;
`DecoderLayer.mha1` for masked self-attention, `.mha2` for cross-attention; `Encoder`,
`Decoder`, `Transformer.final_layer`), with one change: each head has d_k = d_model / h,
as in the paper (the assignment gives every head the whole d_model).

This module imports Keras at the top: only training and the tests import it; pages run
the same weights in numpy (`core.transformers.model`).
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers, ops

from core.transformers.attention import positional_encoding

LAYERNORM_EPS = 1e-6


def FullyConnected(d_model: int, dff: int, name: str = "ffn") -> keras.Sequential:
    """The position-wise feed-forward network: Dense(dff, relu) → Dense(d_model)."""
    return keras.Sequential(
        [
            layers.Dense(dff, activation="relu", name="dense_1"),
            layers.Dense(d_model, name="dense_2"),
        ],
        name=name,
    )


class EncoderLayer(layers.Layer):
    """x → LayerNorm(x + MHA(x, x, x)) → LayerNorm(· + FFN(·))."""

    def __init__(self, d_model, num_heads, dff, dropout_rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.mha = layers.MultiHeadAttention(
            num_heads, d_model // num_heads, dropout=dropout_rate, name="mha"
        )
        self.ffn = FullyConnected(d_model, dff)
        self.layernorm1 = layers.LayerNormalization(epsilon=LAYERNORM_EPS, name="layernorm1")
        self.layernorm2 = layers.LayerNormalization(epsilon=LAYERNORM_EPS, name="layernorm2")
        self.dropout_ffn = layers.Dropout(dropout_rate)

    def call(self, x, mask, training=False):
        attn, weights = self.mha(
            x, x, x, attention_mask=mask, return_attention_scores=True, training=training
        )
        skip = self.layernorm1(x + attn)  # (m, T_x, d_model)
        ffn_out = self.dropout_ffn(self.ffn(skip), training=training)
        return self.layernorm2(skip + ffn_out), weights  # weights: (m, h, T_x, T_x)


class DecoderLayer(layers.Layer):
    """Masked self-attention (mha1), cross-attention to the encoder (mha2), FFN; each + norm."""

    def __init__(self, d_model, num_heads, dff, dropout_rate=0.1, **kwargs):
        super().__init__(**kwargs)
        key_dim = d_model // num_heads
        self.mha1 = layers.MultiHeadAttention(num_heads, key_dim, dropout=dropout_rate, name="mha1")
        self.mha2 = layers.MultiHeadAttention(num_heads, key_dim, dropout=dropout_rate, name="mha2")
        self.ffn = FullyConnected(d_model, dff)
        self.layernorm1 = layers.LayerNormalization(epsilon=LAYERNORM_EPS, name="layernorm1")
        self.layernorm2 = layers.LayerNormalization(epsilon=LAYERNORM_EPS, name="layernorm2")
        self.layernorm3 = layers.LayerNormalization(epsilon=LAYERNORM_EPS, name="layernorm3")
        self.dropout_ffn = layers.Dropout(dropout_rate)

    def call(self, y, enc_output, look_ahead_mask, padding_mask, training=False):
        attn1, w1 = self.mha1(
            y, y, y, attention_mask=look_ahead_mask, return_attention_scores=True,
            training=training,
        )  # fmt: skip
        q1 = self.layernorm1(y + attn1)
        attn2, w2 = self.mha2(
            q1, enc_output, enc_output, attention_mask=padding_mask,
            return_attention_scores=True, training=training,
        )  # fmt: skip
        q2 = self.layernorm2(q1 + attn2)
        ffn_out = self.dropout_ffn(self.ffn(q2), training=training)
        return self.layernorm3(q2 + ffn_out), w1, w2


class _Stack(layers.Layer):
    """Embedding × √d_model + positional encoding, dropout, then `num_layers` layers."""

    def __init__(self, num_layers, d_model, vocab_size, max_len, dropout_rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.d_model = d_model
        self.embedding = layers.Embedding(vocab_size, d_model, name="embedding")
        self.pos_encoding = positional_encoding(max_len, d_model).astype("float32")
        self.dropout = layers.Dropout(dropout_rate)

    def embed(self, ids, training):
        x = self.embedding(ids) * np.sqrt(self.d_model).astype("float32")
        x = x + self.pos_encoding[None, : ids.shape[1], :]
        return self.dropout(x, training=training)


class Encoder(_Stack):
    def __init__(self, num_layers, d_model, num_heads, dff, vocab_size, max_len, dropout_rate,
                 **kwargs):  # fmt: skip
        super().__init__(num_layers, d_model, vocab_size, max_len, dropout_rate, **kwargs)
        self.enc_layers = [
            EncoderLayer(d_model, num_heads, dff, dropout_rate, name=f"encoder_layer{i + 1}")
            for i in range(num_layers)
        ]

    def call(self, x_ids, mask, training=False):
        x, weights = self.embed(x_ids, training), []
        for layer in self.enc_layers:
            x, w = layer(x, mask, training=training)
            weights.append(w)
        return x, weights


class Decoder(_Stack):
    def __init__(self, num_layers, d_model, num_heads, dff, vocab_size, max_len, dropout_rate,
                 **kwargs):  # fmt: skip
        super().__init__(num_layers, d_model, vocab_size, max_len, dropout_rate, **kwargs)
        self.dec_layers = [
            DecoderLayer(d_model, num_heads, dff, dropout_rate, name=f"decoder_layer{i + 1}")
            for i in range(num_layers)
        ]

    def call(self, y_ids, enc_output, look_ahead_mask, padding_mask, training=False):
        y, self_w, cross_w = self.embed(y_ids, training), [], []
        for layer in self.dec_layers:
            y, w1, w2 = layer(y, enc_output, look_ahead_mask, padding_mask, training=training)
            self_w.append(w1)
            cross_w.append(w2)
        return y, self_w, cross_w


class Transformer(keras.Model):
    """(input ids (m, T_x), decoder inputs y⟨t−1⟩ (m, T_y)) → logits (m, T_y, vocab)."""

    def __init__(self, config, pad_id: int, **kwargs):
        super().__init__(**kwargs)
        c = config
        self.pad_id = pad_id
        self.encoder = Encoder(c.num_layers, c.d_model, c.num_heads, c.dff, c.input_vocab,
                               c.max_input, c.dropout_rate, name="encoder")  # fmt: skip
        self.decoder = Decoder(c.num_layers, c.d_model, c.num_heads, c.dff, c.target_vocab,
                               c.max_target, c.dropout_rate, name="decoder")  # fmt: skip
        self.final_layer = layers.Dense(c.output_vocab, name="final_layer")

    def call(self, inputs, training=False, return_attention=False):
        x_ids, y_ids = inputs
        pad_mask = ops.expand_dims(ops.not_equal(x_ids, self.pad_id), 1)  # (m, 1, T_x)
        t_y = ops.shape(y_ids)[1]
        look_ahead = ops.expand_dims(
            ops.tril(ops.ones((t_y, t_y), dtype="bool")), 0
        )  # (1, T_y, T_y)
        enc_out, enc_w = self.encoder(x_ids, pad_mask, training=training)
        dec_out, self_w, cross_w = self.decoder(
            y_ids, enc_out, look_ahead, pad_mask, training=training
        )
        logits = self.final_layer(dec_out)  # (m, T_y, output_vocab)
        if return_attention:
            return logits, {"encoder": enc_w, "decoder_self": self_w, "cross": cross_w}
        return logits
