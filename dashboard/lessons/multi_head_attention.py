"""Multi-head attention inside a trained Transformer, head by head, beside the RNN's α."""

import importlib.util
from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.transformers import translator as transformer
from core.translation import data as dates
from dashboard import cache, export, state, widgets
from dashboard import transformer_cache as tcache
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, nmt_parts

KINDS = {
    "Encoder self-attention": "encoder",
    "Decoder self-attention (masked)": "decoder",
    "Cross-attention (decoder → input)": "cross",
}
EQUATIONS = {
    "encoder": r"Q = K = V = \text{the encoder's input } x \text{ (characters)} \quad "
    r"\alpha_{ij}: \text{character } i \text{ reads character } j",
    "decoder": r"Q = K = V = \langle s\rangle, \hat y^{\langle 1\rangle}, \dots \quad "
    r"M_{ij} = -\infty \text{ for } j > i: \text{ step } t \text{ sees only what is written}",
    "cross": r"Q = \text{decoder}, \; K = V = \text{encoder output} \quad "
    r"\alpha_{tj}: \text{output step } t \text{ reads input character } j",
}
GALLERY = (
    "saturday, 3rd of may 1979", "25/12/1999", "the 21st of october, 2015", "thu 1 jan 70",
    "sept 9 99", "2049/12/31", "wednesday, 21 september 2011", "1 may", "hello world",
)  # fmt: skip
KALEIDO = importlib.util.find_spec("kaleido") is not None  # static images need it


def matrix_csv(weights: np.ndarray, queries: list[str], keys: list[str]) -> str:
    return pd.DataFrame(weights, index=queries, columns=keys).to_csv(float_format="%.6f")


def long_csv(weights: np.ndarray, queries: list[str], keys: list[str]) -> str:
    """(L, h, queries, keys) weights as rows: layer, head, query, key, weight."""
    idx = np.indices(weights.shape).reshape(4, -1)
    frame = pd.DataFrame({"layer": idx[0] + 1, "head": idx[1] + 1,
                          "query": np.array(queries)[idx[2]], "key": np.array(keys)[idx[3]],
                          "weight": weights.ravel()})  # fmt: skip
    return frame.to_csv(index=False, float_format="%.6f")


def downloads(fig, csv: Callable[[], str], name: str, key: str) -> None:
    """The figure (PNG with kaleido, else interactive HTML) and its weights (CSV), each
    built only when its button is clicked."""
    left, right = st.columns(2)
    if KALEIDO:
        left.download_button(
            "Figure (PNG)", lambda: fig.to_image(format="png", scale=2), f"{name}.png",
            "image/png", key=f"{key}_png", on_click="ignore",
        )  # fmt: skip
    else:
        left.download_button(
            "Figure (HTML, interactive)", lambda: fig.to_html(include_plotlyjs=True),
            f"{name}.html", "text/html", key=f"{key}_html", on_click="ignore",
        )  # fmt: skip
    right.download_button("Weights (CSV)", csv, f"{name}.csv", "text/csv", key=f"{key}_csv",
                          on_click="ignore")  # fmt: skip


@state.fragment
def focus_lines(
    text: str, kind: str, layer: int, head: int, weights: np.ndarray, queries: list[str],
    keys: list[str], file_stem: str,
) -> None:  # fmt: skip
    """The lines and heatmap of one layer and head, and the numbers of one query: choosing
    the query reruns this alone, with the attention, layer and head chosen above."""
    focus_label = st.pills(
        "Draw the lines of one query only (click again for all)", queries, key=f"mha_focus_{kind}"
    )
    focus = queries.index(focus_label) if focus_label in queries else None
    left, right = st.columns(2)
    with left:
        lines = tcache.lines_figure(text, kind, layer, head, focus)
        export.plotly(st, lines, key="mha_lines", data=False)
        downloads(lines, lambda: matrix_csv(weights, queries, keys), f"{file_stem}_lines",
                  "mha_lines_dl")  # fmt: skip
    with right:
        heat = tcache.heatmap_figure(text, kind, layer, head)
        export.plotly(st, heat, key="mha_heat", data=False)
        downloads(heat, lambda: matrix_csv(weights, queries, keys), f"{file_stem}_heatmap",
                  "mha_heat_dl")  # fmt: skip
    # Default to the last query for the decoder (its first rows see one key and say nothing).
    q = focus if focus is not None else len(queries) - 1 if kind == "decoder" else int(
        np.argmax(weights.max(axis=1)))  # fmt: skip
    top = np.argsort(-weights[q])[:3]
    st.markdown(
        f"Query “{queries[q]}” gives "
        + ", ".join(f"**{weights[q, j]:.2f}** to “{keys[j]}”" for j in top)
        + f" (its row sums to {weights[q].sum():.3f}). "
        + (f"The {dates.TX - len(keys)} padding positions after the text get exactly 0 (masked)."
           if kind != "decoder" and len(keys) < dates.TX else "")
    )  # fmt: skip


@state.fragment
def heads(text: str, model, result, rnn) -> None:
    """Every part that shows one kind of attention, layer and head: choosing them reruns
    this alone, with the page's translations of its last full run (`result`: the
    Transformer's, `rnn`: the Bi-LSTM's)."""
    config = model.config
    kind = KINDS[st.radio("Attention", list(KINDS), horizontal=True, key="mha_kind")]
    c1, c2 = st.columns([1, 2])
    layer_label = c1.radio(
        "Layer", [f"Layer {i + 1}" for i in range(config.num_layers)], horizontal=True,
        key="mha_layer",
    )  # fmt: skip
    head_options = [f"Head {i + 1}" for i in range(config.num_heads)] + ["Mean of the heads"]
    head_label = c2.radio("Head", head_options, horizontal=True, key="mha_head")
    layer = int(layer_label.split()[1]) - 1
    head = tcache.MEAN if head_label == head_options[-1] else head_options.index(head_label)
    weights, queries, keys = tcache.head_weights(text, kind, layer, head)
    st.latex(EQUATIONS[kind])

    who = "mean" if head == tcache.MEAN else f"head{head + 1}"  # for file names
    file_stem = f"{kind}_layer{layer + 1}_{who}"

    grid = tcache.head_grid_figure(text, kind, layer, head)
    export.plotly(st, grid, key="mha_grid", data=False)  # its weights: downloads() below
    code_panel.show(transformer.translate, text, code_panel.Raw("model"))
    full = getattr(result, kind)[:, :, : len(queries), : len(keys)]

    downloads(grid, lambda: long_csv(full, queries, keys), f"{kind}_all_heads", "mha_grid_dl")

    focus_lines(text, kind, layer, head, weights, queries, keys, file_stem)
    st.caption(
        "Lines: queries on the left, keys on the right; a line's opacity is its weight (lines "
        "under 0.01 are left out). Hover a token for its numbers; the camera icon of each "
        "figure saves it as SVG"
        + ("." if KALEIDO else "; the download gives the figure as interactive HTML (PNG export "
           "needs the `kaleido` package, not installed here).")
    )  # fmt: skip

    st.subheader("Cross-attention beside the Bi-LSTM's α⟨t,t'⟩")
    ours, out_labels, in_labels = tcache.head_weights(text, "cross", layer, head)
    alpha = rnn.attention[:, : len(in_labels)]  # (T_y, characters of the text)
    left, right = st.columns(2)
    with left:
        ours_fig = tcache.heatmap_figure(text, "cross", layer, head)
        export.plotly(st, ours_fig, key="mha_vs_ours", data=False)
        downloads(ours_fig, lambda: matrix_csv(ours, out_labels, in_labels),
                  f"cross_layer{layer + 1}_{who}", "mha_ours_dl")  # fmt: skip
    with right:
        rnn_fig = tcache.rnn_figure(text)
        export.plotly(st, rnn_fig, key="mha_vs_rnn", data=False)
        downloads(rnn_fig, lambda: matrix_csv(alpha, out_labels, in_labels), "bilstm_alpha",
                  "mha_rnn_dl")  # fmt: skip
    agree = int(np.sum(ours.argmax(axis=1) == alpha.argmax(axis=1)))
    st.markdown(
        f"For **{agree} of {dates.TY}** output characters the Transformer's layer {layer + 1} "
        f"({head_label.lower()}) and the Bi-LSTM look hardest at the same input character. "
        "The Bi-LSTM has one attention per step and its encoder states already mix in their "
        "neighbours; the Transformer spreads the lookup over layers and heads, so a single head "
        "often watches only part of the date (the year, or the day)."
    )
    st.caption(
        f"Both read the same {len(result.encoded.text)} characters (at most T_x = {dates.TX}; "
        f"longer text is cut). Transformer: {config.num_layers} encoder and {config.num_layers} "
        f"decoder layers, d_model = {config.d_model}, h = {config.num_heads} heads of d_k = "
        f"{config.d_k}, {model.parameters:,} weights, run in numpy (tested against Keras)."
    )


st.title("Multi-head attention")
st.markdown(
    "One attention layer gives each word one weighted mix of the others. **Multi-head** "
    "attention runs h of them side by side, each with its own W_Q, W_K, W_V, so one head can "
    "track the year while another finds the day. Here: a small Transformer trained on the "
    "dates of *Translation with attention*, every layer and head."
)
st.latex(
    r"\mathrm{MultiHead}(Q,K,V) = \mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_h)\,"
    r"W^{O}, \qquad \mathrm{head}_i = \mathrm{Attention}(Q W_i^{Q}, K W_i^{K}, V W_i^{V})"
)

text = widgets.text_with_examples(
    f"A date in words (any style; up to {dates.TX} characters)", GALLERY[0], GALLERY,
    key="mha_text", picker_label="Or pick one", placeholder="A gallery of inputs",
)  # fmt: skip
if not text.strip():
    st.info("Type a date above, e.g. *3 May 1979*, or pick one from the gallery.")
    st.stop()
try:
    model = tcache.transformer_model()
    result = tcache.transformer_translate(text)
    rnn = cache.translate(text, 1)
except AssetError as err:
    st.error(str(err))
    st.stop()
nmt_parts.input_notes(result)
config = model.config

m1, m2, m3, m4 = st.columns(4)
m1.metric("Transformer ŷ", result.output)
m2.metric("Bi-LSTM ŷ (same input)", rnn.output)
m3.metric("P(ŷ | x), Transformer", f"{np.exp(result.log_prob):.3f}")
m4.metric("Layers × heads", f"{config.num_layers} × {config.num_heads}")

heads(text, model, result, rnn)

checks.show("multi-head-attention")
