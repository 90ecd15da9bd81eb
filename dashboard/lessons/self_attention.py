"""Self-attention stage by stage: Q, K, V, the scores, the scale, the masks and the softmax."""

import numpy as np
import streamlit as st

from core.embeddings.glove import UnknownWord
from core.transformers import stages as sa
from dashboard import export, state
from dashboard import transformer_cache as tcache
from dashboard.charts import transformer_charts as charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel
from dashboard.widgets import latex_text

st.title("Self-attention")
st.markdown(
    "Every word asks a question (its **query** q), advertises what it holds (its **key** k) "
    "and offers its content (its **value** v). A word's new representation A is the values "
    "of all the words, weighted by how well its query matches their keys. Follow one "
    "sentence through each stage, with the real numbers."
)
st.latex(r"A(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^{\top}}{\sqrt{d_k}} + M\right) V")

text = st.text_input(
    f"A short sentence (up to {sa.MAX_WORDS} words)", "the cat sat on the mat because it was tired",
    key="sa_text",
)  # fmt: skip
c1, c2, c3 = st.columns(3)
source = c1.radio("Word vectors x", ["GloVe (50-d)", "Small random vectors"], key="sa_vectors")
project = c2.toggle("Project with W_Q, W_K, W_V", True, key="sa_project")
seed = c3.slider("Seed (random W and vectors)", 0, 50, 0, key="sa_seed")
c1, c2, c3 = st.columns(3)
d_model = c1.slider("d_model of the random vectors", 2, 16, 6, key="sa_dmodel") if (
    source == "Small random vectors") else 50  # fmt: skip
d_k = c2.slider("d_k (size of q, k, v)", 1, 16, 4, key="sa_dk") if project else d_model
scale = c3.toggle("Divide by √d_k", True, key="sa_scale")
c1, c2, c3 = st.columns(3)
pads = c1.slider("<pad> tokens after the sentence", 0, 4, 2, key="sa_pads")
pad_mask = c2.toggle("Padding mask", True, key="sa_pad_mask")
causal = c3.toggle("Look-ahead mask (as in a decoder)", False, key="sa_causal")

tokens, cut = sa.tokenize(text)
if not tokens:
    st.info("Type a short sentence, e.g. *the cat sat on the mat*: words and punctuation.")
    st.stop()
if cut:
    st.warning(f"Only the first {sa.MAX_WORDS} words are used ({cut:,} more were typed).")
kind = "random" if source == "Small random vectors" else "glove"
try:
    x, unknown = tcache.token_vectors(tuple(tokens), kind, d_model, seed)
except (ImportError, OSError, UnknownWord) as err:
    st.error(f"GloVe could not be loaded ({err}); pick “Small random vectors”.")
    st.stop()
if unknown:
    st.warning(
        f"{', '.join(repr(t) for t in unknown)}: not in GloVe's 400,000 words, left out. "
        "GloVe knows lower-case English words and punctuation."
    )
    tokens = [t for t in tokens if t not in unknown]
if not tokens:
    st.warning("No word of the sentence is in GloVe: type English words, or pick random vectors.")
    st.stop()
tokens = tokens + [sa.PAD] * pads
x = np.vstack([x, np.zeros((pads, x.shape[1]))])  # <pad> is the zero vector
labels = [f"{i + 1} {t}" for i, t in enumerate(tokens)]
is_pad = tuple(t == sa.PAD for t in tokens)
proj_d_k = d_k if project else None  # None: Q = K = V = X
s = tcache.self_attention(x, is_pad, proj_d_k, seed, scale, pad_mask, causal)
figs = tcache.stage_figures(x, is_pad, tuple(labels), proj_d_k, seed, scale, pad_mask, causal)


def stage(title: str, latex: list[str], note: str, fig, key: str) -> None:
    """One stage: its equations and live numbers on the left, its matrix on the right."""
    st.subheader(title)
    left, right = st.columns([2, 3])
    with left:
        for line in latex:
            st.latex(line)
        st.caption(note)
    export.plotly(right, fig, key=key)


def row(values, shown: int = 4) -> str:
    more = r", \dots" if len(values) > shown else ""
    return "[" + ", ".join(f"{v:.2f}" for v in values[:shown]) + more + "]"


@state.fragment
def follow_query(
    tokens: list[str], labels: list[str], s, figs: dict, kind: str, x: np.ndarray,
    is_pad: tuple[bool, ...], proj_d_k: int | None, seed: int, scale: bool, pad_mask: bool,
    causal: bool,
) -> None:  # fmt: skip
    """The stages with the numbers of one query word, and the scale's effect on its weights:
    choosing the word reruns this alone, with the page's sentence and settings (`s`, `figs`
    and the arguments of `tcache.self_attention`) of its last full run."""
    project = proj_d_k is not None
    n, dk = s.q.shape
    chosen = st.pills("Follow one query word", labels, default=labels[0], key="sa_query")
    i = labels.index(chosen) if chosen in labels else 0
    word = latex_text(tokens[i])

    st.subheader("1 · Queries, keys and values")
    if project:
        st.latex(r"Q = X W_Q, \quad K = X W_K, \quad V = X W_V \qquad "
                 rf"X \in \mathbb{{R}}^{{{n}\times{x.shape[1]}}},\; W \in "
                 rf"\mathbb{{R}}^{{{x.shape[1]}\times{dk}}}")  # fmt: skip
    else:
        st.latex(rf"Q = K = V = X \in \mathbb{{R}}^{{{n}\times{dk}}}")
        st.caption("No projection: every word's query is its own vector, so each word matches "
                   "itself best — one reason the Transformer learns W_Q and W_K.")  # fmt: skip
    for col, name in zip(st.columns(3), "QKV", strict=True):
        export.plotly(col, figs[name], key=f"sa_{name}")
    st.latex(rf"q_{{{i + 1}}}\;({word}) = {row(s.q[i])}")

    stage(
        "2 · Scores QKᵀ",
        [r"s_{ij} = q_i \cdot k_j",
         rf"s_{{{i + 1},\cdot}} = {row(s.scores[i])}"],
        f"How well the query of word {i + 1} matches every key; {n} × {n} numbers.",
        figs["scores"], "sa_scores",
    )  # fmt: skip
    spread = (
        float(np.std(s.scores[~np.array(is_pad)][:, ~np.array(is_pad)])) if not all(is_pad) else 0
    )
    stage(
        "3 · Scale by √d_k",
        [rf"\frac{{s_{{ij}}}}{{\sqrt{{d_k}}}} = \frac{{s_{{ij}}}}{{\sqrt{{{dk}}}}} = "
         rf"\frac{{s_{{ij}}}}{{{np.sqrt(dk):.2f}}}" if scale else r"\text{(not scaled)}",
         rf"\mathrm{{std}}(s) = {spread:.2f} \;\to\; {spread / s.divisor:.2f}"],
        "q·k sums d_k products, so its spread grows like √d_k; dividing keeps the softmax out of "
        "the region where one key takes everything and the gradients vanish.",
        figs["scaled"], "sa_scaled",
    )  # fmt: skip
    masked = ~s.mask
    stage(
        "4 · Masks",
        [r"M_{ij} = \begin{cases} 0 & \text{key } j \text{ visible to query } i \\ "
         r"-\infty & \text{masked} \end{cases}",
         rf"\text{{{int(masked.sum())} of {n * n} entries masked}}"],
        "Padding mask: no query attends to <pad>, which only fills the batch to one length. "
        "Look-ahead mask: word i sees words 1 … i only, as a decoder that must not read the "
        "future.",
        figs["masked"], "sa_masked",
    )  # fmt: skip
    stage(
        "5 · Softmax over the keys",
        [r"\alpha_{ij} = \frac{\exp(s_{ij}/\sqrt{d_k} + M_{ij})}"
         r"{\sum_{j'} \exp(s_{ij'}/\sqrt{d_k} + M_{ij'})}",
         rf"\alpha_{{{i + 1},\cdot}} = {row(s.weights[i])}",
         rf"\textstyle\sum_j \alpha_{{{i + 1}j}} = {s.weights[i].sum():.2f}"],
        "Each row sums to 1 over the visible keys; masked keys get exactly 0.",
        figs["weights"], "sa_weights",
    )  # fmt: skip
    stage(
        "6 · Weighted sum of the values",
        [r"A_i = \sum_j \alpha_{ij}\, v_j",
         rf"A_{{{i + 1}}} = {row(s.output[i])}"],
        f"Word {i + 1}'s new vector: mostly the values of the keys it attends to.",
        figs["output"], "sa_output",
    )  # fmt: skip
    code_panel.show(
        sa.self_attention_stages,
        x,
        code_panel.Raw("projections" if project else "None"),
        code_panel.Raw("mask"),
        scale,
    )

    st.subheader("Why divide by √d_k: the softmax saturates without it")
    unscaled = tcache.self_attention(x, is_pad, proj_d_k, seed, False, pad_mask, causal)
    scaled = tcache.self_attention(x, is_pad, proj_d_k, seed, True, pad_mask, causal)
    export.plotly(st,
        charts.grouped_weights(labels, {"softmax(QKᵀ/√d_k)": scaled.weights[i],
                                        "softmax(QKᵀ)": unscaled.weights[i]},
                               f"Weights of query “{labels[i]}” with and without the scale"),
        key="sa_saturation",
    )  # fmt: skip
    h_scaled, h_raw = sa.entropy_bits(scaled.weights[i]), sa.entropy_bits(unscaled.weights[i])
    m1, m2, m3 = st.columns(3)
    m1.metric("Largest weight, scaled", f"{scaled.weights[i].max():.3f}")
    m2.metric("Largest weight, unscaled", f"{unscaled.weights[i].max():.3f}")
    m3.metric("Entropy scaled → unscaled", f"{h_scaled:.2f} → {h_raw:.2f} bits")
    top_raw = float(unscaled.weights[i].max())
    k0, k1 = np.argsort(-unscaled.weights[i], kind="stable")[:2]
    if s.mask[i].sum() == 1:
        saturation = (
            f"query {i + 1} sees a single key (the masks hide the others), so it gives that key "
            "all the weight with or without the scale: follow a later query word."
        )
    elif top_raw >= 0.9 or unscaled.weights[i, [k0, k1]].sum() >= 0.9:
        held = (
            "nearly all the weight to one key"
            if top_raw >= 0.9
            else f"{unscaled.weights[i, [k0, k1]].sum():.2f} of the weight to “{labels[k0]}” and "
            f"“{labels[k1]}”"
            + (" (the same word: the same key)" if tokens[k0] == tokens[k1] else "")
        )
        saturation = (
            f"the softmax without the scale gives {held}, so its gradient with respect to the "
            "others is almost 0 and the layer stops learning."
        )
    else:
        hint = "raise d_k" if project else "pick GloVe vectors (d_k = 50)"
        if project and kind == "glove":
            hint = "raise d_k, or switch the projection off (d_k = 50)"
        saturation = (
            "at this d_k the unscaled softmax is not saturated yet (largest weight "
            f"{top_raw:.2f}); {hint} and the unscaled scores grow until one key takes nearly "
            "everything."
        )
    st.caption(f"Here d_k = {dk}: {saturation}")


follow_query(tokens, labels, s, figs, kind, x, is_pad, proj_d_k, seed, scale, pad_mask, causal)

checks.show("self-attention")
