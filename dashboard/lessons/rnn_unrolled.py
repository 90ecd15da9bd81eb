"""RNN unrolled: one trained network stepped through time, in the course's notation."""

import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.corpora import CHARS
from core.rnn import next_step
from core.rnn.next_step import UNITS, clean_word
from core.shapes import tensor_shapes
from dashboard import cache, export
from dashboard.charts import equations, rnn_charts
from dashboard.charts.rnn_diagrams import Unrolled
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, own_model, own_views, rnn_types
from dashboard.widgets import ranged_slider

CELLS = {"RNN": "rnn", "GRU": "gru", "LSTM": "lstm"}
LABELS = ["⏎" if ch == "\n" else ch for ch in CHARS]
LABELS_TEX = ["end" if ch == "\n" else ch for ch in CHARS]
WINDOW = 10  # steps drawn in the diagram

st.title("RNN unrolled")
st.markdown(
    "An RNN reads x⟨1⟩, x⟨2⟩, … one step at a time and carries a hidden state a⟨t⟩ forward. "
    "*Unrolling* draws one block per step — but every block is the **same** cell with the "
    "**same** weights Wax, Waa, Wya. Step through a trained network and watch the numbers."
)

own = own_model.choose()  # "Use my own model": a student's .keras, read safely
if own is not None:
    own_views.unrolled(own)
    st.stop()

c1, c2, c3 = st.columns(3)
kind = CELLS[c1.radio("Cell", list(CELLS), horizontal=True, key="unr_cell")]
task = {"a word": "word", "a sine window": "sine"}[
    c2.radio("Input", ["a word", "a sine window"], horizontal=True, key="unr_input")
]
units = c3.select_slider("Hidden size n_a", UNITS, value=16, key="unr_units")

if task == "word":
    typed = st.text_input(
        "Word (letters a–z; the model predicts each next letter)", "sequence", key="unr_word"
    )
    word, dropped = clean_word(typed)
    if dropped:
        st.warning(
            "Only the letters a–z are in this model's vocabulary (accents are removed): "
            f"ignored {' '.join(repr(ch) for ch in dropped[:20])}."
        )
    if len(typed.strip()) > 30 and word:
        st.info(f"Words are read up to 30 letters: using “{word}”.")
    source = (word,)
else:
    s1, s2, s3, s4 = st.columns(4)
    steps = s1.slider("Steps T_x", 5, 60, 24, key="unr_steps")
    period = s2.slider("Period", 8, 60, 20, key="unr_period")
    noise = s3.slider("Noise σ", 0.0, 0.5, 0.05, 0.05, key="unr_noise")
    seed = int(s4.number_input("Seed", 0, 10_000, 0, key="unr_seed"))
    source = (steps, float(period), noise, seed)
    word = "sine"

if not word:
    st.warning(
        "The word is empty once non-letters are removed: type a word of letters a–z, "
        "e.g. “sequence”."
    )
else:
    try:
        x, truth, pred = cache.next_step_run(task, kind, units, source)
    except AssetError as err:
        st.error(str(err))
        st.stop()
    T = len(pred.y_hat)
    tr = pred.trace
    if task == "word":
        x_text = ["0⃗"] + [f"'{ch}'" for ch in source[0]]
        y_text = [f"'{LABELS[int(p.argmax())]}' {p.max():.0%}" for p in pred.y_hat]
    else:
        x_text = [f"{v:.2f}" for v in truth[:T]]
        y_text = [f"{v:.2f}" for v in pred.y_hat[:, 0]]

    st.header("Step through time")
    st.markdown(
        "Each column of the diagram is one time step of the **same** cell. Move t (or press "
        "play) and follow a⟨t−1⟩ and x⟨t⟩ into the step's formula, out as a⟨t⟩, and up into "
        "ŷ⟨t⟩ — the model's guess for the next input."
    )
    b1, b2, b3 = st.columns(3)
    bidirectional = b1.toggle("Bidirectional (draw a backward chain)", key="unr_bi")
    layers = b2.slider("Layers (deep RNN)", 1, 3, 1, key="unr_layers")
    playing = b3.toggle("▶ Play through the steps", key="unr_play")

    @st.fragment(run_every=1.0 if playing else None)
    def step_view() -> None:
        if playing:
            st.session_state["unr_t"] = st.session_state.get("unr_t", 0) % T + 1
        t = ranged_slider("Time step t", 1, T, 3, key="unr_t")
        first = min(max(1, t - WINDOW // 2), max(1, T - WINDOW + 1))
        shown = slice(first - 1, first - 1 + WINDOW)
        spec = Unrolled(
            tuple(f"x⟨{i}⟩ {s}" for i, s in enumerate(x_text, 1))[shown],
            tuple(f"ŷ⟨{i}⟩ {s}" for i, s in enumerate(y_text, 1))[shown],
            first,
            t,
            layers,
            bidirectional,
            kind.upper(),
        )
        export.plotly(st, cache.unrolled_diagram(spec), key="unr_diagram", data=False)
        if bidirectional or layers > 1:
            st.caption(
                "The numbers come from the trained one-layer, one-direction network; "
                "the drawing and the shapes table show the deeper variant."
                + (
                    " Bidirectional: every layer runs a → chain and a ← chain; the layer above "
                    "(and ŷ) reads both, [a→, a←] (solid and dashed arrows)."
                    if bidirectional
                    else ""
                )
            )
        st.markdown(f"**Step t = {t}** — the formula, then the same with this step's numbers:")
        for line in equations.SYMBOLIC[kind] + [equations.READOUT[task]]:
            st.latex(line)
        values = {"a": tr.h[0, t - 1], "a_prev": tr.h[0, t - 2] if t > 1 else 0 * tr.h[0, 0]}
        values |= {g: v[0, t - 1] for g, v in tr.gates.items()}
        if tr.c is not None:
            values["c"] = tr.c[0, t - 1]
            values["c_prev"] = tr.c[0, t - 2] if t > 1 else 0 * tr.c[0, 0]
        x_tex = r"\vec 0" if task == "word" and t == 1 else rf"x^{{\langle {t} \rangle}}"
        for line in equations.numeric(kind, t, values, x_tex):
            st.latex(line)
        st.latex(equations.readout(t, LABELS_TEX, pred.y_hat[t - 1]))
        if kind == "gru":
            st.caption(
                "The course writes c̃⟨t⟩ = tanh(Wc[Γr ∗ a⟨t−1⟩, x⟨t⟩] + bc). Keras, which "
                "trained these weights, applies Γr after the product (reset_after=True). "
                "SeqLab's numpy cell computes both and matches Keras for each."
            )
        left, right = st.columns([2, 3])
        with left:
            if task == "word":
                actual = int(truth[t - 1])
                title = f"ŷ⟨{t}⟩: P(next letter) — true next '{LABELS[actual]}'"
                bars = rnn_charts.output_bars(pred.y_hat[t - 1], LABELS, actual, title)
                export.plotly(st, bars, key="unr_yhat")
                st.metric(f"P('{LABELS[actual]}') at t = {t}", f"{pred.y_hat[t - 1, actual]:.1%}")
            else:
                fig = rnn_charts.sine_prediction(truth, pred.y_hat[:, 0], t)
                export.plotly(st, fig, key="unr_yhat")
        with right:
            steps = [f"⟨{i}⟩" for i in range(1, T + 1)]
            title = f"a⟨t⟩ at every step × unit ({kind.upper()}, n_a = {units})"
            export.plotly(st, rnn_charts.state_heatmap(tr.h[0], steps, t, title), key="unr_states")

    step_view()
    code_panel.show(next_step.predict, code_panel.Raw(f"models[({kind!r}, {units})]"), x)
    st.caption(
        "Each column of the heatmap is one a⟨t⟩: the network's whole memory of the "
        "input so far, squeezed into n_a numbers. The orange box is the step above."
    )
    n_x = x.shape[1]
    rows = tensor_shapes(kind, n_x, units, n_x if task == "word" else 1, layers, bidirectional)
    with st.expander(f"Every tensor's shape ({sum(r['parameters'] for r in rows):,} parameters)"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="unr_shapes")

rnn_types.show()

checks.show("rnn-unrolled")
