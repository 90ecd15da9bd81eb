"""Learning word embeddings: skip-gram with negative sampling, and GloVe's counts.

Course: Sequence Models, week 2, "Word2Vec", "Negative sampling" and "GloVe word
vectors" (Mikolov et al., 2013; Pennington et al., 2014). For each (context c,
target t) pair within a window, and k words drawn from P(w) ∝ f(w)^{3/4}, the
model learns P(y = 1 | c, t) = σ(θ_t · e_c): 1 for the true pair, 0 for the k
negatives — k + 1 binary problems instead of one softmax over the vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def pydoc_text() -> str:
    """The English prose of Python's own documentation (ships with CPython)."""
    from pydoc_data.topics import topics

    return " ".join(topics[key] for key in sorted(topics))


def tokens(text: str) -> list[str]:
    """Lower-case words of letters in any alphabet (café, élève), apostrophes inside words."""
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())


@dataclass(frozen=True)
class Vocab:
    words: tuple[str, ...]  # most frequent first
    counts: np.ndarray  # (V,) corpus counts
    ids: np.ndarray  # the corpus as ids, words outside the vocabulary dropped

    def id(self, word: str) -> int:
        return self.words.index(word)


def build_vocab(toks: list[str], min_count: int = 3, max_size: int = 3000) -> Vocab:
    counts = Counter(toks)
    kept = [w for w, c in counts.most_common(max_size) if c >= min_count]
    index = {w: i for i, w in enumerate(kept)}
    ids = np.array([index[w] for w in toks if w in index], dtype=np.int64)
    return Vocab(tuple(kept), np.array([counts[w] for w in kept], dtype=np.int64), ids)


def sampling_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """P(w) ∝ f(w)^power: the course's heuristic between uniform (0) and unigram (1)."""
    weights = np.asarray(counts, dtype=np.float64) ** power
    return weights / weights.sum()


def skipgram_pairs(ids: np.ndarray, window: int, rng: np.random.Generator, subsample: float = 1e-3):
    """(context, target) id pairs within ±window, frequent words subsampled (Mikolov et al.).

    A word of frequency f is kept with probability min(1, sqrt(t/f) + t/f).
    """
    freq = np.bincount(ids) / len(ids)
    keep_p = np.minimum(1.0, np.sqrt(subsample / freq) + subsample / freq)
    kept = ids[rng.random(len(ids)) < keep_p[ids]]
    contexts, targets = [], []
    for offset in range(1, window + 1):
        contexts += [kept[:-offset], kept[offset:]]
        targets += [kept[offset:], kept[:-offset]]
    return np.concatenate(contexts), np.concatenate(targets)


def build_model(vocab_size: int, dim: int, seed: int = 0):
    """Keras: e_c = E[c], θ_t = Θ[t] for the true target and k negatives; logits θ · e."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    context = keras.Input((), dtype="int32", name="context")
    targets = keras.Input((None,), dtype="int32", name="targets")  # (batch, 1 + k)
    e_c = layers.Embedding(vocab_size, dim, name="embedding")(context)  # (batch, d)
    theta = layers.Embedding(vocab_size, dim, name="theta")(targets)  # (batch, 1 + k, d)
    logits = layers.Dot(axes=(2, 1))([theta, e_c])  # (batch, 1 + k)
    model = keras.Model([context, targets], logits, name="skipgram_negative_sampling")
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
    )
    return model


@dataclass(frozen=True)
class Word2VecRun:
    vocab: Vocab
    snapshots: list  # [(epoch, (V, d) embeddings)], epoch 0 = random start
    theta: np.ndarray  # (V, d) the target ("output") vectors θ_t after the last epoch
    losses: list[float]  # L per (c, t) pair, averaged over the epoch's pairs
    pairs_per_epoch: int
    seconds: float
    negatives: int = 5  # k


def train(
    text: str,
    dim: int = 50,
    window: int = 2,
    negatives: int = 5,
    epochs: int = 5,
    seed: int = 0,
    max_vocab: int = 3000,
    on_epoch: Callable[[int, float], None] | None = None,
) -> Word2VecRun:
    """Train skip-gram with negative sampling on `text`; snapshots after every epoch."""
    import time

    import keras

    start = time.perf_counter()
    vocab = build_vocab(tokens(text), max_size=max_vocab)
    if len(vocab.words) < 10 or len(vocab.ids) < 50:
        raise ValueError(
            f"the text has {len(vocab.words)} words that occur 3 or more times; word2vec needs "
            "at least 10 such words (paste a few paragraphs)"
        )
    if len(content_words(vocab, 2)) < 2:
        raise ValueError(
            "the text's frequent words are all stop words or shorter than 3 letters, so there "
            "is nothing to map: paste prose with content words that occur 3 or more times"
        )
    rng = np.random.default_rng(seed)
    p_neg = sampling_distribution(vocab.counts)
    model = build_model(len(vocab.words), dim, seed)
    embedding = model.get_layer("embedding")
    snapshots = [(0, np.array(embedding.get_weights()[0]))]
    losses, n_pairs = [], 0
    for epoch in range(1, epochs + 1):
        c, t = skipgram_pairs(vocab.ids, window, rng)
        neg = rng.choice(len(p_neg), size=(len(c), negatives), p=p_neg)
        x_targets = np.concatenate([t[:, None], neg], axis=1).astype(np.int32)
        y = np.zeros(x_targets.shape, dtype=np.float32)
        y[:, 0] = 1.0
        history = model.fit(
            [c.astype(np.int32), x_targets], y, batch_size=512, epochs=1, verbose=0, shuffle=True
        )
        # Keras averages the k + 1 cross-entropies of a pair; L (the course's) is their sum.
        losses.append(float(history.history["loss"][-1]) * (negatives + 1))
        snapshots.append((epoch, np.array(embedding.get_weights()[0])))
        n_pairs = len(c)
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    theta = np.array(model.get_layer("theta").get_weights()[0])
    keras.backend.clear_session(free_memory=False)
    seconds = time.perf_counter() - start
    return Word2VecRun(vocab, snapshots, theta, losses, n_pairs, seconds, negatives)


def neighbours(vectors: np.ndarray, words: tuple[str, ...], word: str, k: int = 8):
    """[(word, cosine)] of the k nearest words to `word` in `vectors` (V, d)."""
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    i = words.index(word)
    scores = unit @ unit[i]
    order = [j for j in np.argsort(-scores) if j != i][:k]
    return [(words[j], float(scores[j])) for j in order]


STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "in",
        "is",
        "it",
        "that",
        "for",
        "be",
        "as",
        "or",
        "by",
        "on",
        "are",
        "this",
        "with",
        "if",
        "not",
        "its",
        "from",
        "at",
        "can",
        "which",
        "will",
        "an",
        "but",
        "any",
        "was",
        "has",
        "have",
        "then",
        "than",
        "when",
        "so",
        "no",
        "also",
        "these",
        "other",
        "may",
        "into",
        "must",
        "one",
        "all",
        "only",
        "used",
        "such",
        "there",
        "their",
        "they",
        "you",
        "more",
        "see",
    ]
)


def content_words(vocab: Vocab, n: int) -> list[str]:
    """The n most frequent words that are not stop words."""
    return [w for w in vocab.words if w not in STOPWORDS and len(w) > 2][:n]


def cooccurrence(ids: np.ndarray, size: int, window: int = 2, weighted: bool = True) -> np.ndarray:
    """X (size, size): how often word j appears within ±window of word i (top `size` ids).

    With `weighted`, a pair d words apart adds 1/d, as GloVe counts.
    """
    x = np.zeros((size, size))
    for d in range(1, window + 1):
        a, b = ids[:-d], ids[d:]
        mask = (a < size) & (b < size)
        w = 1.0 / d if weighted else 1.0
        np.add.at(x, (a[mask], b[mask]), w)
        np.add.at(x, (b[mask], a[mask]), w)
    return x


def glove_weight(x: np.ndarray, x_max: float = 100.0, alpha: float = 0.75) -> np.ndarray:
    """f(X_ij) = (X_ij / x_max)^α below x_max, else 1; f(0) = 0 so absent pairs cost nothing."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x < x_max, (x / x_max) ** alpha, 1.0)
