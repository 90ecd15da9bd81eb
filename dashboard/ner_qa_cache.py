"""Cached entry points of the Named-entity recognition and Question answering lessons.

As in `dashboard/transformer_cache.py`: `st.cache_resource` for the models and figures
(one shared copy per process: never mutate what it returns), `st.cache_data` for results.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

GALLERY = 8  # held-out examples offered in each picker


@st.cache_resource(show_spinner="Loading the NER encoder…")
def tagger():
    from core.transformers import ner

    return ner.shipped()


@st.cache_resource(show_spinner="Loading the QA encoder…")
def reader():
    from core.transformers import qa

    return qa.shipped()


@st.cache_data(max_entries=256, show_spinner=False)
def tag(text: str):
    """`ner.Tagged` of one sentence."""
    from core.transformers import ner

    return ner.tag(text, tagger())


@st.cache_data(max_entries=256, show_spinner=False)
def answer(context: str, question: str):
    """`qa.Answer` of one (context, question)."""
    from core.transformers import qa

    return qa.answer(context, question, reader())


def word_labels(words) -> list[str]:
    """ "1: Priya", "2: Sharma", …: unique, so Plotly keeps a bar for each repeated word."""
    return [f"{i + 1}: {w.text}" for i, w in enumerate(words)]


def piece_labels(pieces: tuple[str, ...]) -> list[str]:
    return [f"{i + 1}: {p}" for i, p in enumerate(pieces)]


@st.cache_data(show_spinner="Tagging the held-out sentences…")
def ner_report():
    """(entity scores, mistakes: [(sentence, expected, predicted)]) on the shipped held-out set."""
    from core import assets
    from core.transformers import bio, entities, ner

    sentences = entities.load_sentences(assets.resolve(ner.HELDOUT_FILE))
    tagged = ner.tag_many([s.text for s in sentences], tagger())
    true = [entities.bio_tags(t.words, s.entities) for t, s in zip(tagged, sentences, strict=True)]
    scores = bio.entity_scores(true, [list(t.tags) for t in tagged])

    def show(text, words, tags):
        return "; ".join(f"{text[words[a].start : words[b - 1].end]} ({label})"
                         for label, a, b in bio.spans(tags)) or "—"  # fmt: skip

    mistakes = [
        (t.text, show(t.text, t.words, y), show(t.text, t.words, list(t.tags)))
        for t, y in zip(tagged, true, strict=True)
        if bio.spans(y) != bio.spans(t.tags)
    ]
    examples = tuple(s.text for s in sentences[:GALLERY])
    return scores, mistakes, examples


@st.cache_data(show_spinner=False)
def qa_examples():
    """The first held-out examples: the answerable ones and the "no answer" ones, mixed."""
    from core import assets
    from core.transformers import entities, qa

    return entities.load_qa(assets.resolve(qa.HELDOUT_FILE))[: 2 * GALLERY]


@st.cache_resource(max_entries=64, show_spinner=False)
def ner_figures(text: str, selected: int):
    """(clickable tag bars, tag × word heatmap, the selected word's attention per layer and
    head) of one sentence."""
    from core.transformers.entities import TAGS
    from dashboard.charts import ner_qa_charts as charts
    from dashboard.charts import transformer_charts

    t = tag(text)
    labels = word_labels(t.words)
    bars = charts.tag_bars(labels, list(t.tags), t.confidence, selected)
    heat = charts.tag_heatmap(labels, t.probs, TAGS)
    q = t.pieces.first_pieces()[selected]
    n_layers, n_heads = t.attention.shape[:2]
    rows = [f"layer {i + 1} · head {j + 1}" for i in range(n_layers) for j in range(n_heads)]
    w = t.attention[:, :, q, :].reshape(n_layers * n_heads, -1)  # (L·h, T)
    title = f"What “{t.words[selected].text}” attends to, every layer and head"
    att = transformer_charts.weights_heatmap(w, rows, piece_labels(t.pieces.pieces), title)
    return bars, heat, att


@st.cache_resource(max_entries=64, show_spinner=False)
def qa_figures(context: str, question: str, layer: int, head: int):
    """(start/end bars, question tokens × context tokens attention of `layer`, `head` (−1:
    the mean of the heads))."""
    from dashboard.charts import ner_qa_charts as charts
    from dashboard.charts import transformer_charts

    a = answer(context, question)
    inp = a.inp
    ctx = piece_labels(inp.context.pieces)
    bars = charts.start_end_bars(["no answer", *ctx], a.p_start, a.p_end, a.span_tokens)
    w = a.attention[layer]  # (h, T, T)
    w = w.mean(axis=0) if head < 0 else w[head]
    q_rows = slice(1, 1 + len(inp.question.ids))
    c_cols = slice(inp.offset, inp.offset + len(inp.context.ids))
    who = "mean of the heads" if head < 0 else f"head {head + 1}"
    title = f"Question tokens → context tokens, layer {layer + 1}, {who}"
    att = transformer_charts.weights_heatmap(
        w[q_rows, c_cols], piece_labels(inp.question.pieces), ctx, title
    )
    return bars, att


def question_focus(context: str, question: str, layer: int, head: int) -> np.ndarray:
    """`(n_context_tokens,)` attention from the question's tokens to each context token,
    averaged over the question (and over heads when head is −1)."""
    a = answer(context, question)
    inp = a.inp
    w = a.attention[layer]
    w = w.mean(axis=0) if head < 0 else w[head]
    return w[1 : 1 + len(inp.question.ids), inp.offset : inp.offset + len(inp.context.ids)].mean(0)
