"""Named-entity recognition with the encoder trained here: `tag(sentence) -> Tagged`.

Course: Sequence Models, week 4, the "Transformer network" lab's named-entity recognition
(there on a pretrained BERT; here on an encoder trained from scratch on generated
sentences, `core.transformers.entities`). A token-classification head reads each token's
last encoder state a⟨t⟩ and gives P(tag | x) = softmax(W a⟨t⟩ + b) over the BIO tags of
PERSON, ORG, LOC, DATE and MONEY. A word's tag is read at its first token (as BERT does);
the entities are the spans of `core.transformers.bio`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from core import assets
from core.transformers import bio
from core.transformers import encoder as enc
from core.transformers.attention import softmax
from core.transformers.entities import TAGS, Sentence, bio_tags
from core.transformers.tokens import Pieces, Vocab, Word, truncate

MODEL_FILE = "ner_encoder.npz"
HELDOUT_FILE = "ner_heldout.jsonl"
MAX_LEN = 96  # tokens the encoder reads; longer sentences are cut at a word boundary
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}


@dataclass(frozen=True)
class Tagger:
    encoder: enc.EncoderModel
    vocab: Vocab
    meta: dict


@dataclass(frozen=True)
class Span:
    """One entity found: `text[start:end]`, its label and the mean P(tag) of its words."""

    text: str
    label: str
    start: int
    end: int
    prob: float


@dataclass(frozen=True)
class Tagged:
    """A sentence tagged word by word, with what the encoder looked at.

    `tags`: `(n_words,)`; `probs`: `(n_words, len(TAGS))` P(tag | x) at each word's first
    token; `attention`: `(L, h, T, T)` over the tokens (`pieces.pieces`).
    """

    text: str
    pieces: Pieces
    tags: tuple[str, ...]
    probs: np.ndarray
    spans: tuple[Span, ...]
    attention: np.ndarray
    words_cut: int  # words left out because the sentence was longer than MAX_LEN tokens

    @property
    def words(self) -> tuple[Word, ...]:
        return self.pieces.words

    @property
    def confidence(self) -> np.ndarray:
        """`(n_words,)` P(chosen tag) of each word."""
        return self.probs.max(axis=1)


@cache
def shipped() -> Tagger:
    """The trained tagger from assets/ (raises AssetError naming the rebuild command)."""
    model, vocab, meta = enc.load(assets.resolve(MODEL_FILE))
    return Tagger(model, Vocab(vocab), meta)


def read(vocab: Vocab, text: str) -> tuple[Pieces, int]:
    """The text's tokens, cut to MAX_LEN (whole words); (pieces, words cut)."""
    return truncate(vocab.encode(text), MAX_LEN)


def rows(sentences: list[Sentence], vocab: Vocab) -> list[tuple]:
    """Training rows (ids `(T,)`, weights `(T,)`: 1 on each word's first token, tags `(T,)`)."""
    out = []
    for s in sentences:
        p, _ = read(vocab, s.text)
        tags = bio_tags(p.words, s.entities)
        weights, target = np.zeros(len(p.ids), "float32"), np.zeros(len(p.ids), "int32")
        for w, i in enumerate(p.first_pieces()):
            weights[i], target[i] = 1.0, TAG_INDEX[tags[w]]
        out.append((np.array(p.ids, "int32"), weights, target))
    return out


def _spans(text: str, p: Pieces, tags: list[str], conf: np.ndarray) -> tuple[Span, ...]:
    out = []
    for label, first, last in bio.spans(tags):
        start, end = p.words[first].start, p.words[last - 1].end
        out.append(Span(text[start:end], label, start, end, float(conf[first:last].mean())))
    return tuple(out)


def _decode(text: str, p: Pieces, scores: np.ndarray, attention: np.ndarray, cut: int) -> Tagged:
    probs = softmax(scores[p.first_pieces()])  # (n_words, tags)
    tags = [TAGS[i] for i in probs.argmax(axis=1)]
    spans = _spans(text, p, tags, probs.max(axis=1))
    return Tagged(text, p, tuple(tags), probs, spans, attention, cut)


def tag(sentence: str, model: Tagger | None = None) -> Tagged:
    """Tag one sentence (any text: empty gives no words; unknown words are spelled out).

    Args:
        sentence: the text; words past MAX_LEN tokens are cut (`Tagged.words_cut`).
        model: a `Tagger` (`shipped()` when None).
    """
    model = model or shipped()
    p, cut = read(model.vocab, sentence)
    if not p.ids:
        empty = np.zeros((model.encoder.config.num_layers, model.encoder.config.num_heads, 0, 0))
        return Tagged(sentence, p, (), np.zeros((0, len(TAGS))), (), empty, cut)
    scores, attention = model.encoder.forward(np.array([p.ids]))
    return _decode(sentence, p, scores[0], attention[0], cut)


def tag_many(texts: list[str], model: Tagger, chunk: int = 128) -> list[Tagged]:
    """`tag` for many sentences, batched (padding is masked, so results are the same)."""
    out = []
    for start in range(0, len(texts), chunk):
        batch = [(t, *read(model.vocab, t)) for t in texts[start : start + chunk]]
        ids = np.zeros((len(batch), max(len(p.ids) for _, p, _ in batch) or 1), int)
        for i, (_, p, _) in enumerate(batch):
            ids[i, : len(p.ids)] = p.ids
        scores, attention = model.encoder.forward(ids)
        for i, (t, p, cut) in enumerate(batch):
            n = len(p.ids)
            out.append(_decode(t, p, scores[i, :n], attention[i, :, :, :n, :n], cut))
    return out


def evaluate(model: Tagger, sentences: list[Sentence]) -> bio.Scores:
    """Entity-level scores on `sentences` (exact span match)."""
    tagged = tag_many([s.text for s in sentences], model)
    true = [bio_tags(t.words, s.entities) for t, s in zip(tagged, sentences, strict=True)]
    return bio.entity_scores(true, [list(t.tags) for t in tagged])
