"""Fitting the NER and QA encoders in Keras, and their weights to and from numpy.

Course: Sequence Models, week 4, the Transformer labs (token classification and span
extraction heads on an encoder). The encoder is `core.transformers.layers.Encoder`; a
Dense head scores each token. NER: softmax cross-entropy of each word's first token's tag
(other tokens weigh 0). QA: cross-entropy of the start and of the end position, each a
softmax over [CLS] (no answer) and the context's tokens. Batches hold sequences of similar
length, padded to a multiple of 8, so short sentences cost little. The learning rate warms
up for an epoch and then follows a cosine (Vaswani et al., 2017, §5.3).
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
from keras import layers, ops

from core.transformers.encoder import EncoderConfig, EncoderModel
from core.transformers.layers import Encoder
from core.transformers.model import MHA_PARTS
from core.transformers.tokens import PAD_ID


class _Encoder(Encoder):
    """`Encoder` whose positional encodings follow each batch's own length (batches are
    padded to their longest row, so T changes from batch to batch)."""

    def __init__(self, *args, types: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = layers.Embedding(types, self.d_model, name="types") if types else None

    def call(self, ids, mask, training=False, types=None):
        x = self.embedding(ids) * np.sqrt(self.d_model).astype("float32")
        x = x + ops.convert_to_tensor(self.pos_encoding)[None, : ops.shape(ids)[1], :]
        if self.types is not None:
            x = x + self.types(ops.zeros_like(ids) if types is None else types)
        x, weights = self.dropout(x, training=training), []
        for layer in self.enc_layers:
            x, w = layer(x, mask, training=training)
            weights.append(w)
        return x, weights


class EndGivenStart(layers.Layer):
    """The bilinear term a⟨i⟩ᵀ U a⟨j⟩ that makes the end score of j depend on the start i."""

    def build(self, input_shape):
        d = input_shape[-1]
        self.U = self.add_weight(shape=(d, d), initializer="glorot_uniform", name="U")

    def call(self, x, start):
        a_i = ops.take_along_axis(x, ops.reshape(start, (-1, 1, 1)), axis=1)  # (m, 1, d)
        return ops.einsum("mod,de,mte->mt", a_i, self.U, x)  # (m, T)


class TokenModel(keras.Model):
    """ids `(m, T)` → head scores `(m, T, outputs)`; with `span`, inputs (ids, allowed[,
    types][, start]) → `(m, 2, T)` start and end scores, −1e9 where `allowed` is False. With
    `config.end_given_start` the end scores are those given the start token `start` `(m,)`
    (the true start in training, as teacher forcing)."""

    def __init__(self, config: EncoderConfig, span: bool = False, **kwargs):
        super().__init__(**kwargs)
        c = self.config = config
        self.span = span
        self.encoder = _Encoder(c.num_layers, c.d_model, c.num_heads, c.dff, c.vocab, c.max_len,
                               c.dropout_rate, types=c.types, name="encoder")  # fmt: skip
        self.head = layers.Dense(c.outputs, name="head")
        self.end_given = EndGivenStart(name="end_given_start") if c.end_given_start else None

    def states(self, ids, training=False, types=None):
        mask = ops.expand_dims(ops.not_equal(ids, PAD_ID), 1)  # (m, 1, T)
        return self.encoder(ids, mask, training=training, types=types)[0]  # (m, T, d)

    def scores(self, ids, training=False, types=None):
        return self.head(self.states(ids, training, types))  # (m, T, outputs)

    def call(self, inputs, training=False):
        if not self.span:
            return self.scores(inputs, training)
        ids, allowed, *rest = inputs
        types = rest.pop(0) if self.config.types else None
        x = self.states(ids, training, types)
        head = self.head(x)  # (m, T, outputs)
        scores = ops.transpose(head[..., :2], (0, 2, 1))  # (m, 2, T)
        if self.end_given is not None:
            end = scores[:, 1] + self.end_given(x, rest.pop(0))
            scores = ops.stack([scores[:, 0], end], axis=1)
        if self.config.outputs > 2:  # the auxiliary loss: tag the context's entities
            tags, weights = rest
            loss = keras.losses.sparse_categorical_crossentropy(tags, head[..., 2:], True)
            self.add_loss(ops.sum(loss * weights) / ops.maximum(ops.sum(weights), 1.0))
        return ops.where(ops.expand_dims(allowed, 1), scores, -1e9)


def build_keras(config: EncoderConfig, span: bool = False, seed: int = 0) -> TokenModel:
    keras.utils.set_random_seed(seed)
    model = TokenModel(config, span, name="qa" if span else "ner")
    ids = np.ones((1, 8), "int32")
    types = (np.zeros((1, 8), "int32"),) if config.types else ()
    start = (np.zeros(1, "int32"),) if config.end_given_start else ()
    tags = (np.zeros((1, 8), "int32"), np.zeros((1, 8), "float32")) if config.outputs > 2 else ()
    model((ids, np.ones((1, 8), bool), *types, *start, *tags) if span else ids)
    return model


def _parts(model: TokenModel, config: EncoderConfig):
    """(weight-name prefix, Keras layer, names of its arrays in get_weights() order)."""
    yield "encoder", model.encoder.embedding, ("embedding",)
    if config.types:
        yield "encoder", model.encoder.types, ("types",)
    yield "head", model.head, ("W", "b")
    if config.end_given_start:
        yield "head", model.end_given, ("U",)
    for i, layer in enumerate(model.encoder.enc_layers[: config.num_layers], start=1):
        yield f"encoder_layer{i}/mha", layer.mha, MHA_PARTS
        yield f"encoder_layer{i}/ffn", layer.ffn, ("W1", "b1", "W2", "b2")
        yield f"encoder_layer{i}/layernorm1", layer.layernorm1, ("gamma", "beta")
        yield f"encoder_layer{i}/layernorm2", layer.layernorm2, ("gamma", "beta")


def to_numpy(model: TokenModel, config: EncoderConfig) -> EncoderModel:
    weights = {}
    for prefix, layer, names in _parts(model, config):
        weights.update({f"{prefix}/{n}": np.asarray(a)
                        for n, a in zip(names, layer.get_weights(), strict=True)})  # fmt: skip
    return EncoderModel(weights, config)


def from_numpy(model: EncoderModel, span: bool = False) -> TokenModel:
    """The Keras graph around saved weights (the tests compare it with numpy)."""
    keras_model = build_keras(model.config, span)
    for prefix, layer, names in _parts(keras_model, model.config):
        layer.set_weights([model.w[f"{prefix}/{n}"] for n in names])
    return keras_model


class Batches:
    """Rows `(ids (T,), extra, target[, types (T,)])` in batches of similar length,
    reshuffled each pass.

    NER rows: extra = weights `(T,)`, target = tags `(T,)`. QA rows: extra = allowed `(T,)`
    bool, target = (start, end); with `given_start` the true start is an input too, with
    `tagged` the rows' tags `(T,)` and tag weights `(T,)` (the auxiliary loss's targets).
    """

    def __init__(self, rows: list, batch_size: int, span: bool, seed: int = 0,
                 given_start: bool = False, tagged: bool = False):  # fmt: skip
        self.rows, self.batch_size, self.span = rows, batch_size, span
        self.given_start, self.tagged = given_start, tagged
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return -(-len(self.rows) // self.batch_size)

    def __iter__(self):
        noisy = [len(r[0]) + self.rng.uniform(0, 4) for r in self.rows]
        order = np.argsort(noisy)
        batches = [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        for b in self.rng.permutation(len(batches)):
            yield self.batch([self.rows[i] for i in batches[b]])

    def batch(self, rows: list):
        t = -(-max(len(r[0]) for r in rows) // 8) * 8  # padded to a multiple of 8
        ids = np.zeros((len(rows), t), "int32")
        extra = np.zeros((len(rows), t), bool if self.span else "float32")
        for i, (x, e, *_) in enumerate(rows):
            ids[i, : len(x)], extra[i, : len(x)] = x, e
        if self.span:
            target = np.array([r[2] for r in rows], "int32")
            start = (target[:, 0],) if self.given_start else ()
            if len(rows[0]) < 4:
                return (ids, extra, *start), target
            types, tags = np.zeros((len(rows), t), "int32"), np.zeros((len(rows), t), "int32")
            weights = np.zeros((len(rows), t), "float32")
            for i, r in enumerate(rows):
                types[i, : len(r[3])] = r[3]
                if self.tagged:
                    tags[i, : len(r[4])], weights[i, : len(r[5])] = r[4], r[5]
            return (ids, extra, types, *start, *((tags, weights) if self.tagged else ())), target
        tags = np.zeros((len(rows), t), "int32")
        for i, r in enumerate(rows):
            tags[i, : len(r[2])] = r[2]
        return ids, tags, extra

    def dataset(self):
        """A `tf.data.Dataset` whose batches may differ in length (T is None)."""
        import tensorflow as tf

        seq = tf.TensorSpec((None, None), tf.int32)
        if self.span:
            inputs = (seq, tf.TensorSpec((None, None), tf.bool)) + (seq,) * (len(self.rows[0]) > 3)
            inputs += (tf.TensorSpec((None,), tf.int32),) * self.given_start
            inputs += (seq, tf.TensorSpec((None, None), tf.float32)) * self.tagged
            spec = (inputs, tf.TensorSpec((None, 2), tf.int32))
        else:
            spec = (seq, seq, tf.TensorSpec((None, None), tf.float32))
        return tf.data.Dataset.from_generator(lambda: iter(self), output_signature=spec)


def fit(
    train: list, val: list, config: EncoderConfig, span: bool, epochs: int, seed: int = 0,
    batch_size: int = 64, peak_lr: float = 2e-3,
    on_epoch: Callable[[int, dict], None] | None = None,
) -> tuple[EncoderModel, dict]:  # fmt: skip
    """Train on `Batches` rows; returns (numpy model, Keras history)."""
    model = build_keras(config, span, seed)
    tagged = span and config.outputs > 2
    data = Batches(train, batch_size, span, seed, config.end_given_start, tagged)
    steps = epochs * len(data)
    warmup = min(steps // 2, len(data))
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps - warmup, alpha=0.02, warmup_target=peak_lr, warmup_steps=warmup
    )
    model.compile(
        optimizer=keras.optimizers.Adam(schedule, beta_2=0.98, clipnorm=1.0),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        weighted_metrics=[] if span else ["accuracy"],
        metrics=["accuracy"] if span else [],
    )
    callbacks = [] if on_epoch is None else [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch)]
    val_data = Batches(val, 256, span, seed, config.end_given_start, tagged).dataset()
    history = model.fit(data.dataset(), validation_data=val_data, epochs=epochs, verbose=0,
                        callbacks=callbacks)  # fmt: skip
    return to_numpy(model, config), history.history


def train_ner(seed: int, n_train: int, epochs: int, on_epoch=None) -> tuple:
    """The NER recipe: (numpy model, vocabulary, held-out sentences, meta).

    Training sentences from the training templates (seed `seed`), validation from them too
    (seed + 2), the held-out set from the held-out templates (seed + 1).
    """
    from core.transformers import entities, ner
    from core.transformers.encoder import EncoderConfig
    from core.transformers.tokens import Vocab

    train = entities.make_sentences(n_train, seed)
    val = entities.make_sentences(1_000, seed + 2)
    heldout = entities.make_sentences(1_000, seed + 1, "heldout")
    vocab = Vocab.build([s.text for s in train])
    config = EncoderConfig(len(vocab), ner.MAX_LEN, len(entities.TAGS))
    model, _ = fit(ner.rows(train, vocab), ner.rows(val, vocab), config, False, epochs, seed,
                   on_epoch=on_epoch)  # fmt: skip
    scores = ner.evaluate(ner.Tagger(model, vocab, {}), heldout)
    meta = {"seed": seed, "train_examples": n_train, "epochs": epochs,
            "parameters": model.parameters, "heldout_f1": scores.f1,
            "heldout_per_label": scores.per_label}  # fmt: skip
    return model, vocab, heldout, meta


def train_qa(seed: int, n_train: int, epochs: int, on_epoch=None) -> tuple:
    """The QA recipe: (numpy model, vocabulary, held-out examples, meta); seeds as `train_ner`."""
    from core.transformers import entities, qa
    from core.transformers.encoder import EncoderConfig
    from core.transformers.tokens import Vocab

    train = entities.make_qa(n_train, seed)
    val = entities.make_qa(1_000, seed + 2)
    heldout = entities.make_qa(1_000, seed + 1, "heldout")
    vocab = Vocab.build([f"{e.question} {e.context}" for e in train])
    config = EncoderConfig(len(vocab), qa.MAX_LEN, 2 + len(entities.TAGS), types=qa.TYPES,
                           end_given_start=True)  # fmt: skip
    model, _ = fit(qa.rows(train, vocab), qa.rows(val, vocab), config, True, epochs, seed,
                   on_epoch=on_epoch)  # fmt: skip
    scores = qa.exact_match(qa.Reader(model, vocab, {}), heldout)
    meta = {"seed": seed, "train_examples": n_train, "epochs": epochs,
            "parameters": model.parameters, "heldout_exact_match": scores}  # fmt: skip
    return model, vocab, heldout, meta
