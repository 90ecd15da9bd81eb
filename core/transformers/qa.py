"""Extractive question answering with the encoder trained here: `answer(context, question)`.

Course: Sequence Models, week 4, the "Transformer network" lab's question answering (there
a pretrained BERT fine-tuned on SQuAD; here an encoder trained from scratch on generated
contexts, `core.transformers.entities`). The encoder reads "[CLS] question [SEP] context
[SEP]"; a start head and an end head give, over [CLS] and the context's tokens,

    P_start(i) = softmax_i(w_s · a⟨i⟩),    P_end(j | i) = softmax_j(w_e · a⟨j⟩ + a⟨i⟩ᵀ U a⟨j⟩):

the end head also reads the start's state (as XLNet's span head does, Yang et al., 2019), so
an end is scored as the end of *that* start's entity (trained on the true start). The answer
is the span (i, j), i ≤ j < i + MAX_ANSWER, with the largest P_start(i) P_end(j | i), unless
P_start([CLS]) P_end([CLS] | [CLS]) is larger: then the context does not say (SQuAD 2.0's
"no answer", Devlin et al., 2019, §4.3). A model saved without U (`end_given_start` off)
reads P_end(j) alone. As BERT adds a segment embedding (question or
context) to each token, a token-type embedding is added here with a third type: a context
word that also appears in the question (DrQA's exact-match feature, Chen et al., 2017), which
a from-scratch encoder needs to find the sentence a question is about (docs/ner-qa.md).
In training the head also tags the context's entities (BIO, an auxiliary loss that teaches
where names begin and end, which a pretrained BERT would bring); `answer` reads only its
first two outputs, the start and end scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from core import assets
from core.transformers import encoder as enc
from core.transformers.attention import softmax
from core.transformers.entities import TAGS, QAExample, bio_tags
from core.transformers.tokens import CLS, SEP, Pieces, Vocab, truncate

MODEL_FILE = "qa_encoder.npz"
HELDOUT_FILE = "qa_heldout.jsonl"
MAX_LEN = 160  # tokens in all: [CLS] question [SEP] context [SEP]
MAX_QUESTION = 32  # question tokens kept
MAX_ANSWER = 40  # tokens an answer may span
TYPES = 3  # token types: 0 [CLS], question, [SEP]; 1 a context word; 2 one also in the question


@dataclass(frozen=True)
class Reader:
    encoder: enc.EncoderModel
    vocab: Vocab
    meta: dict


@dataclass(frozen=True)
class Input:
    """One (question, context) pair as the encoder reads it.

    `ids`: `(T,)` [CLS] q [SEP] c [SEP]; the context's tokens are `ids[offset:offset + n]`.
    """

    question: Pieces
    context: Pieces
    ids: tuple[int, ...]
    offset: int
    words_cut: int  # context words left out (too long)

    @property
    def types(self) -> np.ndarray:
        """`(T,)` 0 outside the context, 1 on a context token, 2 on one whose word is in the
        question."""
        asked = {w.text for w in self.question.words if w.text[0].isalnum()}
        out = np.zeros(len(self.ids), "int32")
        context = [2 if self.context.words[w].text in asked else 1 for w in self.context.word]
        out[self.offset : self.offset + len(context)] = context
        return out

    @property
    def allowed(self) -> np.ndarray:
        """`(T,)` True at [CLS] and at the context's tokens: where an answer may start or end."""
        mask = np.zeros(len(self.ids), bool)
        mask[0] = True
        mask[self.offset : self.offset + len(self.context.ids)] = True
        return mask


@dataclass(frozen=True)
class Answer:
    """The span chosen and the distributions it was chosen from.

    `p_start`, `p_end`: `(1 + n,)` over [CLS] ("no answer") then the n context tokens;
    `p_end` is given the chosen start (given [CLS] when there is no answer);
    `attention`: `(L, h, T, T)` over every token of `inp.ids`.
    """

    text: str | None  # None: the context does not say
    start: int | None  # character offsets in the context
    end: int | None
    prob: float  # P_start(i) P_end(j) of the chosen span (or of [CLS], [CLS])
    no_answer_prob: float
    span_tokens: tuple[int, int] | None  # first and last context token of the answer
    p_start: np.ndarray
    p_end: np.ndarray
    inp: Input
    attention: np.ndarray


@cache
def shipped() -> Reader:
    """The trained reader from assets/ (raises AssetError naming the rebuild command)."""
    model, vocab, meta = enc.load(assets.resolve(MODEL_FILE))
    return Reader(model, Vocab(vocab), meta)


def read(vocab: Vocab, context: str, question: str) -> Input:
    """[CLS] question [SEP] context [SEP], the question cut to MAX_QUESTION tokens and the
    context to what is left of MAX_LEN (whole words)."""
    q, _ = truncate(vocab.encode(question), MAX_QUESTION)
    c, cut = truncate(vocab.encode(context), MAX_LEN - len(q.ids) - 3)
    cls, sep = vocab.id_of(CLS), vocab.id_of(SEP)
    return Input(q, c, (cls, *q.ids, sep, *c.ids, sep), len(q.ids) + 2, cut)


def rows(examples: list[QAExample], vocab: Vocab) -> list[tuple]:
    """Training rows (ids `(T,)`, allowed `(T,)`, (start, end) token, types `(T,)`, tags
    `(T,)`, tag weights `(T,)`); (0, 0) is no answer. An answer cut off with the context is
    no answer. Tags: the BIO tag (index in `entities.TAGS`) of each context word, read on its
    first token (weight 1; others 0), for the auxiliary tagging loss."""
    out = []
    for ex in examples:
        inp = read(vocab, ex.context, ex.question)
        target = (0, 0)
        if ex.answer is not None:
            end = ex.start + len(ex.answer)
            inside = [i for i, w in enumerate(inp.context.word)
                      if ex.start <= inp.context.words[w].start < end]  # fmt: skip
            if inside:
                target = (inp.offset + inside[0], inp.offset + inside[-1])
        tags, weights = np.zeros(len(inp.ids), "int32"), np.zeros(len(inp.ids), "float32")
        word_tags = bio_tags(inp.context.words, ex.entities)
        for i in inp.context.first_pieces():
            tags[inp.offset + i] = TAGS.index(word_tags[inp.context.word[i]])
            weights[inp.offset + i] = 1.0
        out.append((np.array(inp.ids, "int32"), inp.allowed, target, inp.types, tags, weights))
    return out


def _end_scores(model: enc.EncoderModel, x: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """`(k, k)` end scores of token j (column) given the start i (row), over `k` tokens with
    states `x` `(k, d)` and head scores `(k, 2)`: w_e · a⟨j⟩ (+ a⟨i⟩ᵀ U a⟨j⟩ when the end
    head reads the start)."""
    end = np.broadcast_to(scores[:, 1], (len(x), len(x)))
    return end + (x @ model.w["head/U"] @ x.T if model.config.end_given_start else 0.0)


def _decode(context: str, inp: Input, model: enc.EncoderModel, x: np.ndarray,
            attention: np.ndarray) -> Answer:  # fmt: skip
    n, o = len(inp.context.ids), inp.offset
    keep = np.r_[0, o : o + n]  # [CLS] and the context's tokens
    scores = x[keep] @ model.w["head/W"][:, :2] + model.w["head/b"][:2]  # (1 + n, 2)
    p_start = softmax(scores[:, 0])
    p_end = softmax(_end_scores(model, x[keep], scores), axis=-1)  # (1 + n, 1 + n): j given i
    pairs = p_start[1:, None] * np.triu(p_end[1:, 1:]) - np.triu(
        np.ones((n, n)), MAX_ANSWER
    )  # (n, n): j ≥ i, j < i + MAX_ANSWER (the rest below 0)
    null = float(p_start[0] * p_end[0, 0])
    best = np.unravel_index(int(np.argmax(pairs)), pairs.shape) if n else (0, 0)
    if not n or null >= pairs[best]:
        return Answer(None, None, None, null, null, None, p_start, p_end[0], inp, attention)
    i, j = (int(k) for k in best)
    start = inp.context.words[inp.context.word[i]].start
    end = inp.context.words[inp.context.word[j]].end
    return Answer(context[start:end], start, end, float(pairs[best]), null, (i, j), p_start,
                  p_end[i + 1], inp, attention)  # fmt: skip


def answer(context: str, question: str, model: Reader | None = None) -> Answer:
    """Answer `question` from `context` (any text; see `Input.words_cut` for a long one)."""
    model = model or shipped()
    inp = read(model.vocab, context, question)
    x, attention = model.encoder.states(np.array([inp.ids]), inp.types[None, :])
    return _decode(context, inp, model.encoder, x[0], attention[0])


def answer_many(examples: list[QAExample], model: Reader, chunk: int = 64) -> list[Answer]:
    """`answer` for many examples, batched (padding is masked, so results are the same)."""
    out = []
    for s in range(0, len(examples), chunk):
        batch = [read(model.vocab, e.context, e.question) for e in examples[s : s + chunk]]
        ids = np.zeros((len(batch), max(len(b.ids) for b in batch)), int)
        types = np.zeros_like(ids)
        for i, b in enumerate(batch):
            ids[i, : len(b.ids)], types[i, : len(b.ids)] = b.ids, b.types
        x, attention = model.encoder.states(ids, types)
        for i, (e, b) in enumerate(zip(examples[s : s + chunk], batch, strict=True)):
            t = len(b.ids)
            out.append(_decode(e.context, b, model.encoder, x[i, :t],
                               attention[i, :, :, :t, :t]))  # fmt: skip
    return out


def exact_match(model: Reader, examples: list[QAExample]) -> dict[str, float]:
    """Share of exact answers: overall, on answerable questions and on "no answer" ones."""
    got = answer_many(examples, model)
    hit = np.array([a.text == e.answer for a, e in zip(got, examples, strict=True)])
    none = np.array([e.answer is None for e in examples])
    return {"all": float(hit.mean()), "answerable": float(hit[~none].mean()),
            "no_answer": float(hit[none].mean())}  # fmt: skip
