"""Inside GRU & LSTM gates: every gate of a trained character model, on a real sequence."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.rnn import gates
from dashboard import cache, export
from dashboard.charts import gate_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, own_model, own_views
from dashboard.widgets import ranged_slider

CORPORA = {"Dinosaur names": "dinosaurs", "First names": "names", "Irish folk tunes (ABC)": "tunes"}
CELLS = {"GRU": "gru", "LSTM": "lstm"}
MAX_TYPED = 300  # characters of a typed sequence drawn as heatmaps
SEARCH_CHARS = 20_000  # validation characters the span search scans

st.title("Inside GRU & LSTM gates")
st.markdown(
    "A gate is a vector of numbers between 0 and 1 that decides, unit by unit, what passes: "
    "Γu how much of the new candidate c̃⟨t⟩ is written, Γf how much of the old memory is "
    "kept. Here a trained character model reads a real sequence and you see every gate at "
    "every character — then look for units that learnt something you can name."
)

own = own_model.choose()  # "Use my own model": a student's .keras, read safely
if own is not None:
    own_views.gates(own)
    st.stop()

c1, c2 = st.columns(2)
corpus_label = c1.radio("Corpus", list(CORPORA), horizontal=True, key="gates_corpus")
cell_label = c2.radio("Cell", list(CELLS), horizontal=True, key="gates_cell")
corpus, kind = CORPORA[corpus_label], CELLS[cell_label]

try:
    model = cache.charlm_model(corpus, kind)
    data = cache.charlm_corpus(corpus)
except (AssetError, ImportError, OSError, ValueError) as err:
    st.error(str(err))
    st.stop()

examples = {
    f"{i + 1} · {seq[:70]}" + ("…" if len(seq) > 70 else ""): seq
    for i, seq in enumerate(data.valid[:200])
}
source = st.radio(
    "Sequence", ["A validation example", "Type your own"], horizontal=True, key="gates_source"
)
if source == "A validation example":
    picked = st.selectbox(
        f"Held-out {corpus_label.lower()} (never trained on)",
        list(examples),
        key=f"gates_pick_{corpus}",
    )
    sequence = examples[picked]
else:
    st.session_state.setdefault("gates_typed", "tyrannosaurus")
    sequence = st.text_input("Your sequence", key="gates_typed")
if not sequence.strip():
    st.warning("The sequence is empty: type some characters, e.g. “tyrannosaurus”.")
    st.stop()
if len(sequence) > MAX_TYPED:
    st.info(f"Drawing the first {MAX_TYPED} of {len(sequence):,} characters.")
    sequence = sequence[:MAX_TYPED]

trace = cache.gate_trace(corpus, kind, (sequence,))
unknown = sorted({ch for ch, shown in zip(sequence, trace.text, strict=False) if shown == "\ufffd"})
if unknown:
    st.warning(
        f"Not in the {corpus_label.lower()} vocabulary, read as x⟨t⟩ = 0⃗ and shown as �: "
        + " ".join(repr(ch) for ch in unknown[:20])
    )
chars, T = trace.text, len(trace.text)

# ----------------------------------------------------------------------------- heatmaps
st.header("Every gate, every character")
t = ranged_slider("Character (step t)", 1, T, min(3, T), key="gates_t")
unit = ranged_slider("Unit for the equation", 0, model.params.units - 1, 0, key="gates_unit")
ch = gate_charts.char_label(chars[t - 1])
st.markdown(
    f"Rows are the {model.params.units} units, columns the characters read. The orange box "
    f"is step t = {t}, where the model has just read **{ch}**."
)
values = {**trace.gates, "a": trace.h}
if trace.c is not None:
    values["c"] = trace.c
prev = (lambda v: v[t - 2, unit]) if t > 1 else (lambda v: 0.0)
g = {name: float(v[t - 1, unit]) for name, v in values.items()}
left, right = st.columns([3, 2])
with right:
    st.markdown(f"**Unit {unit} at t = {t}**: the course's equations with this step's numbers.")
    if kind == "gru":
        st.latex(
            r"a^{\langle t \rangle} = \Gamma_u \ast \tilde c^{\langle t \rangle}"
            r" + (1 - \Gamma_u) \ast a^{\langle t-1 \rangle}"
        )
        st.latex(
            rf"{g['a']:.3f} = {g['update']:.3f} \times {g['candidate']:.3f} + "
            rf"(1 - {g['update']:.3f}) \times {prev(trace.h):.3f}"
        )
        st.latex(rf"\Gamma_r = {g['reset']:.3f}")
        st.caption(
            "Γu near 0 keeps a⟨t−1⟩ unchanged (memory); near 1 overwrites it with c̃⟨t⟩. "
            "Keras applies Γr after the recurrent product (reset_after=True)."
        )
    else:
        st.latex(
            r"c^{\langle t \rangle} = \Gamma_f \ast c^{\langle t-1 \rangle}"
            r" + \Gamma_u \ast \tilde c^{\langle t \rangle}"
        )
        st.latex(
            rf"{g['c']:.3f} = {g['forget']:.3f} \times {prev(trace.c):.3f} + "
            rf"{g['input']:.3f} \times {g['candidate']:.3f}"
        )
        st.latex(r"a^{\langle t \rangle} = \Gamma_o \ast \tanh c^{\langle t \rangle}")
        st.latex(rf"{g['a']:.3f} = {g['output']:.3f} \times \tanh({g['c']:.3f})")
        st.caption("Γf near 1 and Γu near 0: the cell remembers. Γo decides what a⟨t⟩ shows.")
with left:
    order = ("update", "reset", "candidate", "a") if kind == "gru" else (
        "forget", "input", "output", "candidate", "c", "a")  # fmt: skip
    for name in order:
        fig = gate_charts.gate_heatmap(
            values[name], chars, gate_charts.GATE_TITLES[name], name in gate_charts.SIGNED, t - 1
        )
        export.plotly(st, fig, key=f"gates_heat_{name}")
code_panel.show(gates.read_sequences, model, [sequence])

# ----------------------------------------------------------------------------- legible units
st.header("Units that track something you can name")
corpus_trace = cache.gate_corpus_trace(corpus, kind, SEARCH_CHARS)
found = cache.gate_legible_units(corpus, kind, SEARCH_CHARS)
st.markdown(
    f"Over {len(corpus_trace.text):,} held-out characters, each unit's a⟨t⟩ is correlated "
    "with properties of the text (Karpathy, Johnson & Fei-Fei, 2015). The strongest:"
)
if found:
    table = pd.DataFrame(
        [{"feature": u.feature, "unit": u.unit, "correlation r": round(u.r, 3)} for u in found]
    )
    st.dataframe(table, hide_index=True, key="gates_legible")
    default_unit = found[0].unit
else:
    st.info("No unit correlates with |r| ≥ 0.3 with any feature of this corpus.")
    default_unit = 0
shown_unit = ranged_slider(
    "Colour the text by unit", 0, model.params.units - 1, default_unit, key="gates_colour_unit"
)
sample_text = corpus_trace.text[:700]
st.html(gate_charts.activation_text(sample_text, corpus_trace.h[: len(sample_text), shown_unit]))
st.caption("Red: a⟨t⟩ > 0, blue: < 0, stronger colour for larger |a⟨t⟩|. Hover for the value.")

# ----------------------------------------------------------------------------- LSTMVis
st.header("Select a span, find the same pattern elsewhere")
st.markdown(
    "As in LSTMVis: drag across the chart to select a span of characters. The units that stay "
    "above the threshold over the whole span form a pattern; the list shows the other places "
    "in the held-out corpus where the same units switch on together."
)
s1, s2 = st.columns(2)
threshold = s1.slider("Threshold on a⟨t⟩", -0.5, 0.9, 0.3, 0.05, key="gates_threshold")
watch = s2.multiselect(
    "Units drawn (empty: the legible ones)",
    list(range(model.params.units)),
    key="gates_watch",
)
drawn = watch[:8] or sorted({u.unit for u in found[:4]}) or [0]
if len(watch) > 8:
    st.caption(f"Drawing the first 8 of the {len(watch)} units chosen; the pattern uses all.")
WINDOW = 80
first = ranged_slider(
    "Window start (character)", 0, max(0, len(corpus_trace.text) - WINDOW), 0, key="gates_window"
)
window = corpus_trace.text[first : first + WINDOW]
chart = gate_charts.span_selector(
    window, corpus_trace.h[first : first + len(window)], drawn, threshold, offset=first
)
event = export.vega(st, chart, key="gates_span", on_select="rerun", selection_mode="span")
selected = (event.selection.get("span") or {}).get("position") if event else None
if selected:
    start = max(first, int(np.ceil(min(selected))))
    end = min(first + len(window), int(np.floor(max(selected))) + 1)
if not selected or end <= start:
    start, end = first, min(first + 4, first + len(window))
    st.caption(f"No span selected yet: showing the pattern of characters {start}–{end - 1}.")
units = tuple(watch) if watch else None
search = gates.match_pattern(corpus_trace.h, (start, end), units, threshold, top=50)
st.markdown(
    f"Span **“{corpus_trace.text[start:end].replace(chr(10), '⏎')}”** (characters {start}–"
    f"{end - 1}); pattern units: "
    f"{', '.join(map(str, search.units)) or 'none above the threshold'}."
    + (f" Not drawn above: {', '.join(map(str, hidden))} (add them to “Units drawn”)."
       if (hidden := [u for u in search.units if u not in drawn]) else "")
)  # fmt: skip
if search.matches:
    text = corpus_trace.text
    rows = [
        {
            "score": round(m.score, 3),
            "before": text[max(0, m.start - 12) : m.start].replace("\n", "⏎"),
            "match": text[m.start : m.end].replace("\n", "⏎"),
            "after": text[m.end : m.end + 12].replace("\n", "⏎"),
        }
        for m in search.matches
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="gates_matches")
elif search.units:
    st.info("No other place in the held-out corpus has all these units on together.")
else:
    st.info("No unit stays above the threshold over this span: lower the threshold.")

# ----------------------------------------------------------------------------- saturation
st.header("Saturation: how often is a gate shut or wide open?")
st.markdown(
    "A gate near 0 blocks, near 1 passes everything. Saturated gates are what let an LSTM "
    "keep c⟨t⟩ for many steps (Γf ≈ 1, Γu ≈ 0) — the cure for vanishing gradients."
)
try:
    export.plotly(st, cache.gate_saturation_figure(corpus, SEARCH_CHARS), key="gates_saturation")
except AssetError as err:
    st.error(str(err))

checks.show("inside-gru-and-lstm-gates")
