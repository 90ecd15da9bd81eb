"""Emojify: sentence → emoji with GloVe vectors, two ways.

Course: Sequence Models, week 2, "Emojify". Model 1 averages the GloVe vectors of
the words and applies a softmax (avg = 1/n Σ e_w; ŷ = softmax(W avg + b)) — word
order is lost, so "not happy" looks happy. Model 2 reads the words in order with
a two-layer LSTM over frozen GloVe embeddings (Keras), so negation can flip it.
Both run in numpy at inference (model 2 through core.rnn.cells, tested against Keras).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.embeddings.emojify_data import EMOJI
from core.embeddings.glove import Embeddings, tokenize
from core.rnn import cells

MAX_LEN = 10  # words read by the LSTM; longer sentences are cut
N_COMMON = 20_000  # GloVe's most frequent words join the dataset's vocabulary
LSTM_UNITS = 128
MODEL_FILE = "emojify.npz"
DATA_FILE = "emojify_sentences.csv"


def words_of(sentence: str) -> list[str]:
    """The words as GloVe has them ("don't" → do, n't); punctuation is dropped, as in the
    training sentences, so "hungry?" reads as hungry."""
    return [w for w in tokenize(sentence) if any(ch.isalnum() for ch in w)]


def average(emb: Embeddings, sentence: str) -> tuple[np.ndarray, list[str], list[str]]:
    """(avg (d,), known words, unknown words); avg is 0 when no word is known."""
    words = words_of(sentence)
    known = [w for w in words if w in emb]
    avg = emb.matrix(known).mean(axis=0) if known else np.zeros(emb.dim, dtype=np.float32)
    return avg, known, [w for w in words if w not in emb]


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def train_average_model(
    x: np.ndarray, y: np.ndarray, epochs: int = 600, lr: float = 0.05, seed: int = 0
):
    """Softmax regression on averaged vectors, full-batch Adam; returns (W (5, d), b (5,))."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    w, b = rng.normal(0, 1 / np.sqrt(d), (len(EMOJI), d)), np.zeros(len(EMOJI))
    y_hot = np.eye(len(EMOJI))[y]
    m = [np.zeros_like(w), np.zeros_like(b)]
    v = [np.zeros_like(w), np.zeros_like(b)]
    for step in range(1, epochs + 1):
        p = softmax(x @ w.T + b)  # (n, 5)
        dz = (p - y_hot) / n
        grads = [dz.T @ x, dz.sum(axis=0)]
        for i, (param, g) in enumerate(zip((w, b), grads, strict=True)):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g**2
            param -= lr * (m[i] / (1 - 0.9**step)) / (np.sqrt(v[i] / (1 - 0.999**step)) + 1e-8)
    return w, b


def lstm_vocab(emb: Embeddings, sentences: list[str]) -> list[str]:
    """Index 0 = padding, 1 = unknown, then the dataset's words and GloVe's common words."""
    words = dict.fromkeys(w for s in sentences for w in words_of(s) if w in emb)
    words.update(dict.fromkeys(emb.words[:N_COMMON]))
    return ["<pad>", "<unk>", *words]


def embedding_matrix(emb: Embeddings, vocab: list[str]) -> np.ndarray:
    """(len(vocab), d): GloVe rows for the words, zeros for padding and unknown."""
    matrix = np.zeros((len(vocab), emb.dim), dtype=np.float32)
    matrix[2:] = emb.matrix(vocab[2:])
    return matrix


def encode(sentence: str, index: dict[str, int]) -> np.ndarray:
    """(MAX_LEN,) ids, post-padded with 0; words outside the vocabulary → 1."""
    ids = [index.get(w, 1) for w in words_of(sentence)][:MAX_LEN]
    return np.array(ids + [0] * (MAX_LEN - len(ids)), dtype=np.int64)


def build_lstm(matrix: np.ndarray, seed: int = 0):
    """The course's model 2: frozen GloVe Embedding → LSTM → Dropout → LSTM → Dropout → softmax."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    ids = keras.Input((MAX_LEN,), dtype="int32")
    x = layers.Embedding(
        matrix.shape[0],
        matrix.shape[1],
        trainable=False,
        name="glove",
        embeddings_initializer=keras.initializers.Constant(matrix),
    )(ids)
    x = layers.LSTM(LSTM_UNITS, return_sequences=True, name="lstm_1")(x)
    x = layers.Dropout(0.5)(x)
    x = layers.LSTM(LSTM_UNITS, name="lstm_2")(x)
    x = layers.Dropout(0.5)(x)
    out = layers.Dense(len(EMOJI), activation="softmax", name="output")(x)
    model = keras.Model(ids, out, name="emojify_v2")
    model.compile(
        optimizer=keras.optimizers.Adam(0.003),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


@dataclass(frozen=True)
class Prediction:
    probs: np.ndarray  # (5,)
    known: tuple[str, ...]  # words the model read
    unknown: tuple[str, ...]  # words outside its vocabulary (ignored or <unk>)
    contributions: np.ndarray | None = None  # model 1: (n_known, 5) (W e_w) / n per word

    @property
    def label(self) -> int:
        return int(np.argmax(self.probs))


class EmojiModels:
    """Both trained models in numpy; read-only once loaded."""

    def __init__(self, weights: dict[str, np.ndarray], vocab: list[str], emb: Embeddings):
        self.w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
        self.emb = emb
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        self.matrix = embedding_matrix(emb, vocab).astype(np.float64)
        self.lstm1 = cells.CellParams("lstm", self.w["l1_W"], self.w["l1_U"], self.w["l1_b"])
        self.lstm2 = cells.CellParams("lstm", self.w["l2_W"], self.w["l2_U"], self.w["l2_b"])

    def average_model(self, sentence: str) -> Prediction:
        avg, known, unknown = average(self.emb, sentence)
        probs = softmax(self.w["avg_W"] @ avg + self.w["avg_b"])
        rows = self.emb.matrix(known) if known else np.zeros((0, self.emb.dim))
        contributions = rows @ self.w["avg_W"].T / max(len(known), 1)  # (n, 5)
        return Prediction(probs, tuple(known), tuple(unknown), contributions)

    def lstm_model(self, sentence: str) -> Prediction:
        return self.lstm_batch([sentence])[0]

    def lstm_batch(self, sentences: list[str]) -> list[Prediction]:
        ids = np.stack([encode(s, self.index) for s in sentences])  # (m, MAX_LEN)
        x = self.matrix[ids]  # (m, MAX_LEN, d)
        h1 = cells.forward(self.lstm1, x).h
        h2 = cells.forward(self.lstm2, h1).h_T
        probs = softmax(h2 @ self.w["out_W"] + self.w["out_b"])
        out = []
        for s, p in zip(sentences, probs, strict=True):
            words = words_of(s)[:MAX_LEN]
            known = tuple(w for w in words if w in self.index)
            out.append(Prediction(p, known, tuple(w for w in words if w not in self.index)))
        return out


def weights_from_keras(model) -> dict[str, np.ndarray]:
    l1 = cells.params_from_layer(model.get_layer("lstm_1"))
    l2 = cells.params_from_layer(model.get_layer("lstm_2"))
    out_w, out_b = model.get_layer("output").get_weights()
    return {"l1_W": l1.W, "l1_U": l1.U, "l1_b": l1.b, "l2_W": l2.W, "l2_U": l2.U, "l2_b": l2.b,
            "out_W": out_w, "out_b": out_b}  # fmt: skip


def save(weights: dict[str, np.ndarray], vocab: list[str], meta: dict, path: Path) -> None:
    np.savez_compressed(
        path,
        vocab=np.array(json.dumps(vocab)),
        meta=np.array(json.dumps(meta, sort_keys=True)),
        **{k: np.asarray(v, dtype=np.float32) for k, v in weights.items()},
    )


def load(path: Path, emb: Embeddings) -> tuple[EmojiModels, dict]:
    with np.load(path) as data:
        weights = {k: data[k] for k in data.files if k not in ("vocab", "meta")}
        vocab, meta = json.loads(str(data["vocab"])), json.loads(str(data["meta"]))
    return EmojiModels(weights, vocab, emb), meta


def confusion(y_true: list[int], y_pred: list[int]) -> np.ndarray:
    """(5, 5) counts: rows are the true emoji, columns the predicted one."""
    m = np.zeros((len(EMOJI), len(EMOJI)), dtype=np.int64)
    for t, p in zip(y_true, y_pred, strict=True):
        m[t, p] += 1
    return m


def fit_lstm(matrix, x_ids, y, epochs: int = 40, seed: int = 0, on_epoch: Callable | None = None):
    import keras

    model = build_lstm(matrix, seed)
    callbacks = [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch)] if on_epoch else []
    model.fit(x_ids, y, epochs=epochs, batch_size=32, shuffle=True, verbose=0, callbacks=callbacks)
    return model
