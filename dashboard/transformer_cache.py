"""Cached entry points of the Transformer lessons (week 4).

As in `dashboard/cache.py`: `st.cache_resource` for the model and for figures (one shared
copy per process: never mutate what it returns), `st.cache_data` for derived arrays.
Figures are cached because Plotly's `make_subplots` and validation cost tens of ms, which
the 100 ms rerun budget cannot spare on every slider move.
"""

from __future__ import annotations

import numpy as np
import streamlit as st


@st.cache_resource(show_spinner="Loading the dates Transformer…")
def transformer_model():
    """The shipped Transformer (numpy inference; shared, never mutated)."""
    from core.transformers import translator

    return translator.shipped_model()


@st.cache_data(max_entries=256, show_spinner=False)
def transformer_translate(text: str):
    """`TransformerTranslation` of one text: output and every layer's and head's attention."""
    from core.transformers import translator

    return translator.translate(text, transformer_model())


@st.cache_data(max_entries=64, show_spinner=False)
def positional_encoding(max_len: int, d_model: int) -> np.ndarray:
    from core.transformers.attention import positional_encoding

    return positional_encoding(max_len, d_model)


@st.cache_resource(max_entries=32, show_spinner=False)
def pe_figures(max_len: int, d_model: int):
    """(position × dimension heatmap, PE PEᵀ heatmap): the same for a (max_len, d_model)."""
    from dashboard.charts import transformer_charts as charts

    pe = positional_encoding(max_len, d_model)
    return charts.pe_heatmap(pe), charts.pe_gram(pe)


@st.cache_data(max_entries=256, show_spinner=False)
def word_with_position(word: str, pos: int, weight: float, k: int = 8):
    """GloVe's e_word + weight · PE(pos) (d_model = 50): (its neighbours, the word's own
    neighbours, cos(e_word, e_word + weight · PE(pos)))."""
    from core.transformers.attention import positional_encoding
    from dashboard import cache

    emb = cache.embeddings()
    e = emb.vector(word).astype(np.float64)
    moved = (e + weight * positional_encoding(pos + 1, emb.dim)[pos]).astype(np.float32)
    cosine = float(e @ moved / (np.linalg.norm(e) * np.linalg.norm(moved)))
    return cache.most_similar(moved, k), cache.most_similar(word, k), cosine


@st.cache_data(max_entries=128, show_spinner=False)
def token_vectors(tokens: tuple[str, ...], source: str, d_model: int, seed: int):
    """(vectors (n, d), the tokens GloVe does not know): GloVe's rows or seeded random ones."""
    from core.transformers import stages

    if source == "random":
        return stages.random_vectors(list(tokens), d_model, seed), ()
    from dashboard import cache

    emb = cache.embeddings()
    known = [t for t in tokens if t in emb]
    unknown = tuple(dict.fromkeys(t for t in tokens if t not in emb))
    vectors = emb.matrix(known) if known else np.zeros((0, emb.dim), np.float32)
    return np.asarray(vectors, dtype=np.float64), unknown


KIND_TITLES = {
    "encoder": "encoder self-attention",
    "decoder": "masked decoder self-attention",
    "cross": "cross-attention",
}
MEAN = -1  # `head` value meaning the mean over the heads


@st.cache_data(max_entries=256, show_spinner=False)
def head_weights(text: str, kind: str, layer: int, head: int):
    """(weights (queries, keys), query labels, key labels) of one layer's head (or MEAN) for
    one attention kind of `text`, without the padding: the input's own characters only."""
    result = transformer_translate(text)
    queries, keys = attention_labels(text)[kind]
    w = getattr(result, kind)[layer]  # (h, T_q, T_k)
    w = w.mean(axis=0) if head == MEAN else w[head]
    return w[: len(queries), : len(keys)], queries, keys


def _title(kind: str, layer: int, head: int) -> str:
    who = "mean of the heads" if head == MEAN else f"head {head + 1}"
    return f"{KIND_TITLES[kind].capitalize()}, layer {layer + 1}, {who}"


@st.cache_resource(max_entries=64, show_spinner=False)
def head_grid_figure(text: str, kind: str, layer: int, head: int):
    """The layer × head overview of one attention kind ("encoder", "decoder", "cross"),
    (layer, head) outlined unless head is MEAN."""
    from dashboard.charts import transformer_charts as charts

    queries, keys = attention_labels(text)[kind]
    weights = getattr(transformer_translate(text), kind)[:, :, : len(queries), : len(keys)]
    title = f"Every layer and head: {KIND_TITLES[kind]} (the one drawn below outlined)"
    chosen = None if head == MEAN else (layer, head)
    return charts.head_grid(weights, queries, keys, title, chosen)


@st.cache_resource(max_entries=128, show_spinner=False)
def lines_figure(text: str, kind: str, layer: int, head: int, focus: int | None):
    from dashboard.charts import transformer_charts as charts

    w, queries, keys = head_weights(text, kind, layer, head)
    return charts.attention_lines(w, queries, keys, _title(kind, layer, head), focus)


@st.cache_resource(max_entries=128, show_spinner=False)
def heatmap_figure(text: str, kind: str, layer: int, head: int):
    from dashboard.charts import transformer_charts as charts

    w, queries, keys = head_weights(text, kind, layer, head)
    return charts.weights_heatmap(w, queries, keys, _title(kind, layer, head))


@st.cache_resource(max_entries=64, show_spinner=False)
def rnn_figure(text: str):
    """The Bi-LSTM translator's α⟨t,t'⟩ over the text's characters, drawn as the heads are."""
    from dashboard import cache
    from dashboard.charts import transformer_charts as charts

    queries, keys = attention_labels(text)["cross"]
    alpha = cache.translate(text, 1).attention[:, : len(keys)]
    return charts.weights_heatmap(alpha, queries, keys, "Bi-LSTM translator: α⟨t,t'⟩")


@st.cache_data(max_entries=256, show_spinner=False)
def attention_labels(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """{kind: (query labels, key labels)}: input characters "1 s", decoder inputs "1 ⟨s⟩",
    output steps "1 1" (as on Translation with attention); unique, so Plotly keeps each row."""
    from dashboard.charts import nmt_charts

    result = transformer_translate(text)
    chars = result.encoded.text
    inputs = nmt_charts.input_labels(chars, len(chars))
    dec = [f"{t + 1} {s}" for t, s in enumerate(result.decoder_inputs)]
    out = [f"{t + 1} {ch}" for t, ch in enumerate(result.output)]
    return {"encoder": (inputs, inputs), "decoder": (dec, dec), "cross": (out, inputs)}


@st.cache_data(max_entries=256, show_spinner=False)
def self_attention(
    x: np.ndarray, is_pad: tuple[bool, ...], d_k: int | None, seed: int, scale: bool,
    pad_mask: bool, causal: bool,
):  # fmt: skip
    """`core.transformers.stages.Stages` of x `(n, d_model)`; d_k None: Q = K = V = x."""
    from core.transformers import attention, stages

    n = len(x)
    mask = np.ones((n, n), dtype=bool)
    if pad_mask:
        mask &= attention.padding_mask(np.array([is_pad]), True)[0]
    if causal:
        mask &= attention.look_ahead_mask(n)
    proj = None if d_k is None else stages.random_projections(x.shape[1], d_k, seed)
    return stages.self_attention_stages(x, proj, mask, scale)


@st.cache_resource(max_entries=64, show_spinner=False)
def stage_figures(
    x: np.ndarray, is_pad: tuple[bool, ...], labels: tuple[str, ...], d_k: int | None, seed: int,
    scale: bool, pad_mask: bool, causal: bool,
) -> dict:  # fmt: skip
    """{stage: figure} of the Self-attention page: eight small heatmaps Plotly takes ~10 ms
    each to build, so a rerun that only follows another query word reuses them."""
    from dashboard.charts import transformer_charts as charts

    s = self_attention(x, is_pad, d_k, seed, scale, pad_mask, causal)
    rows, dims = list(labels), [str(j + 1) for j in range(s.q.shape[1])]
    small = s.q.shape[1] <= 8  # numbers in the cells only while they fit
    return {
        "Q": charts.matrix(s.q, dims, rows, "Q (queries)", numbers=small),
        "K": charts.matrix(s.k, dims, rows, "K (keys)", numbers=small),
        "V": charts.matrix(s.v, dims, rows, "V (values)", numbers=small),
        "scores": charts.matrix(s.scores, rows, rows, "Q Kᵀ"),
        "scaled": charts.matrix(s.scaled, rows, rows, "Q Kᵀ / √d_k" if scale else "Q Kᵀ"),
        "masked": charts.matrix(s.scaled, rows, rows, "+ M", masked=~s.mask),
        "weights": charts.matrix(s.weights, rows, rows, "α = softmax", weights=True),
        "output": charts.matrix(s.output, dims, rows, "A = α V", numbers=small),
    }
