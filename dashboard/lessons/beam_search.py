"""Beam search: the tree it grows, what it prunes, and why length normalisation matters."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.rnn import next_step
from core.translation import beam
from core.translation import data as dates
from dashboard import cache, export
from dashboard.charts import nmt_charts, ts_charts
from dashboard.checks import ui as checks
from dashboard.parts import beam_whatif, code_panel, nmt_parts

st.title("Beam search")
st.markdown(
    "Greedy decoding takes the most likely symbol at each step and never looks back. "
    "**Beam search** keeps the B most likely partial outputs, extends each by every symbol, "
    "and keeps the best B again — a cheap approximation to searching every output."
)
st.latex(
    r"\arg\max_{y} \; \frac{1}{T_y^{\alpha}} \sum_{t=1}^{T_y} "
    r"\log P\big(y^{\langle t\rangle} \mid x, y^{\langle 1\rangle}, \dots, "
    r"y^{\langle t-1\rangle}\big)"
)
c1, c2, c3 = st.columns(3)
DINO = "Dinosaur-name character model"
model_name = c1.radio(
    "Model", ["Date translator", "English-word character model", DINO], key="beam_model"
)
beam_width = c2.slider("Beam width B", 1, 10, 3, key="beam_width")
alpha = c3.slider("Length normalisation α", 0.0, 1.0, 0.7, 0.05, key="beam_alpha")
show_pruned = st.slider("Pruned candidates drawn per node", 0, 10, 2, key="beam_pruned")

try:
    if model_name == "Date translator":
        text = st.text_input("Date to translate", "3rd of may, 79", key="beam_text")
        if not text.strip():
            st.info("Type a date to search for its translation.")
            st.stop()
        result = cache.translate(text, beam_width, alpha)
        greedy = cache.translate(text, 1, alpha).beam
        nmt_parts.input_notes(result)
        search, label = result.beam, lambda i: dates.MACHINE_VOCAB[i]
        render = dates.decode_iso
    elif model_name == DINO:
        max_len = st.slider("Longest name (characters)", 4, 30, 16, key="beam_dino_maxlen")
        dino = cache.charlm_model("dinosaurs", "gru")
        search = cache.charlm_beam("dinosaurs", "gru", beam_width, alpha, max_len)
        greedy = cache.charlm_beam("dinosaurs", "gru", 1, alpha, max_len)
        label = lambda i: "⏎" if i == 0 else dino.vocab.chars[i]  # noqa: E731
        render = lambda tokens: dino.vocab.decode([i for i in tokens if i != 0])  # noqa: E731
        st.caption(
            "The course's own example: the GRU character model of *Language model & sampling*, "
            "trained on 1,600 dinosaur genera. Sampling draws varied names; beam search finds "
            "the names the model finds most probable."
        )
    else:
        max_len = st.slider("Longest word (characters)", 4, 20, 12, key="beam_maxlen")
        search = cache.word_beam("lstm", 64, beam_width, alpha, max_len)
        greedy = cache.word_beam("lstm", 64, 1, alpha, max_len)
        label = lambda i: "⏎" if i == 0 else next_step.CHARS[i]  # noqa: E731
        render = lambda tokens: "".join(next_step.CHARS[i] for i in tokens if i != 0)  # noqa: E731
        st.caption(
            "The LSTM-64 character model of the *RNN unrolled* lesson, trained on English words "
            "from Python's documentation; ⏎ ends a word. The search finds the words it finds "
            "most probable."
        )
except AssetError as err:
    st.error(str(err))
    st.stop()

best_path = {n.id for n in search.path(search.best.node)}
tree = nmt_charts.beam_tree(search, label, show_pruned, best_path)
export.plotly(st, tree, key="beam_tree_chart")
code_panel.show(
    beam.beam_search,
    code_panel.Raw("log_prob_fn"),
    code_panel.Raw("bos"),
    code_panel.Raw("eos"),
    beam_width,
    code_panel.Raw("max_len"),
    alpha,
)
kept = sum(n.kept for n in search.tree[1:])
st.caption(
    f"{len(search.tree) - 1} candidates scored in {max(n.step for n in search.tree)} steps, "
    f"{kept} kept. Each step is **one** batched call of the model for the whole beam. "
    "Colour: Σ log P of the kept prefix; grey: pruned."
)

st.subheader("The final beam, ranked")
final = search.hypotheses[:beam_width]
st.dataframe(
    pd.DataFrame(
        {
            "output": [render(h.tokens) for h in final],
            "T_y": [len(h.tokens) for h in final],
            "Σ log P": [round(h.log_prob, 3) for h in final],
            "P(y | x)": [f"{np.exp(h.log_prob):.2e}" for h in final],
            f"score (α = {alpha:g})": [round(h.score, 3) for h in final],
        }
    ),
    hide_index=True,
    key="beam_ranked",
)
st.caption(
    f"The B = {beam_width} best of the {len(search.hypotheses)} outputs that finished during "
    "the search (an output finishes when it emits its end symbol or reaches the length limit)."
)
g_best = greedy.best
left, right = st.columns(2)
left.metric(
    "Greedy (B = 1)",
    render(g_best.tokens),
    f"Σ log P = {g_best.log_prob:.3f}",
    "off",
    delta_arrow="off",
)
right.metric(
    f"Beam (B = {beam_width})",
    render(search.best.tokens),
    f"Σ log P = {search.best.log_prob:.3f}",
    "off",
    delta_arrow="off",
)


def forced_search(forced: tuple[int, ...]):
    """The search above, made to start with `forced` (the what-if below)."""
    if model_name == "Date translator":
        return cache.translate(text, beam_width, alpha, forced).beam
    if model_name == DINO:
        return cache.charlm_beam("dinosaurs", "gru", beam_width, alpha, max_len, forced)
    return cache.word_beam("lstm", 64, beam_width, alpha, max_len, forced)


settings = (model_name, beam_width, alpha, text if model_name == "Date translator" else max_len)
beam_whatif.show(search, label, render, forced_search, show_pruned, settings)

st.subheader("Why length normalisation matters")
if model_name == "Date translator":
    st.markdown(
        "Every date has exactly 10 characters, so α only rescales the scores here. Switch to "
        "a character model, where outputs end when the model emits ⏎."
    )
else:
    wide = max(beam_width, 10)
    alphas = (0.0, 0.35, 0.7, 1.0)
    if model_name == DINO:
        runs = {a: cache.charlm_beam("dinosaurs", "gru", wide, a, max_len) for a in alphas}
    else:
        runs = {a: cache.word_beam("lstm", 64, wide, a, max_len) for a in alphas}
    words = {a: [render(h.tokens) for h in runs[a].hypotheses[:5]] for a in alphas}
    export.plotly(
        st,
        ts_charts.grouped_bars(
            [f"α = {a:g}" for a in alphas],
            {
                "best output": [len(words[a][0]) for a in alphas],
                "mean of the top 5": [float(np.mean([len(w) for w in words[a]])) for a in alphas],
            },
            f"Length of the words the search prefers (B = {wide})",
            "characters",
        ),
        key="beam_lengths",
    )
    st.dataframe(
        pd.DataFrame({f"α = {a:g}": words[a] for a in alphas}),
        hide_index=True,
        key="beam_top_by_alpha",
    )
    st.markdown(
        "Each extra character multiplies P(y|x) by a number below 1, so the raw objective "
        "(α = 0) favours short outputs; dividing Σ log P by T_y^α takes that bias away and "
        "longer outputs move up (the chart shows by how much for this model and B)."
    )
st.caption(
    "`core.translation.beam.beam_search` is model-agnostic: it asks the model for the next-symbol "
    "log-probabilities of a list of prefixes, one call per step, and keeps every node it "
    "scored so the tree above can be drawn. B = 1 is exactly greedy decoding (tested)."
)

checks.show("beam-search")
