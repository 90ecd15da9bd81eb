"""Sequence data: notation x⟨t⟩, T_x, y⟨t⟩; one-hot words; windows cut from a sine wave."""

import pandas as pd
import streamlit as st

from core import sequences
from core.sequences import MAX_TEXT_CHARS, tokenise
from dashboard import cache, export
from dashboard.charts import sequence_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel
from dashboard.state import kept_upload
from dashboard.widgets import latex_text, ranged_slider, text_from_upload

DEFAULT_SENTENCE = "Harry Potter and Hermione Granger invented a new spell."

st.title("Sequence data")
st.markdown(
    "A sequence model reads an input one element at a time: x⟨1⟩, x⟨2⟩, …, x⟨T_x⟩. "
    "Before any network, here is what that input *is* — words turned into one-hot vectors, "
    "and a time series cut into (input, target) pairs."
)

# ---------------------------------------------------------------- 1. text as a sequence
st.header("1 · A sentence as x⟨1⟩ … x⟨T_x⟩")
left, right = st.columns([3, 2])
with left:
    typed = st.text_area("Type a sentence", DEFAULT_SENTENCE, height=80, key="seq_text")
    # No `type=` filter: a wrong file gets our message, not a refusal without explanation.
    upload = kept_upload("…or upload a .txt file (UTF-8, up to 1 MB)", key="seq_upload")
with right:
    level = {"words": "word", "characters": "char"}[
        st.radio("Tokens", ["words", "characters"], horizontal=True, key="seq_level")
    ]
    vocab_size = st.slider(
        "Vocabulary size V (words)",
        5,
        200,
        12,
        key="seq_vocab",
        disabled=level == "char",
        help="The most frequent words of the text; the rest become <unk>.",
    )
    max_steps = st.slider("Time steps shown", 5, 80, 30, key="seq_steps")
    lowercase = st.toggle("Lower-case first", True, key="seq_lower")

text = text_from_upload(upload) or typed
if len(text) > MAX_TEXT_CHARS:
    st.warning(f"The text has {len(text):,} characters; the first {MAX_TEXT_CHARS:,} are used.")
    text = text[:MAX_TEXT_CHARS]
try:
    enc = cache.encode_text(text, level, vocab_size, max_steps, lowercase)
except ValueError as err:
    st.warning(f"{err} Words, numbers and punctuation in any language are accepted.")
    enc = None

if enc is not None:
    a, b, c = st.columns(3)
    a.metric("T_x (time steps)", f"{enc.total_tokens:,}")
    b.metric("V (vocabulary)", len(enc.vocab))
    c.metric("tokens mapped to <unk>", len(enc.unknown))
    if enc.total_tokens > enc.T_x:
        st.info(f"Showing the first {enc.T_x} of {enc.total_tokens:,} time steps.")
    t = ranged_slider("Time step t", 1, enc.T_x, 2, key="seq_t")
    token, index = enc.tokens[t - 1], int(enc.ids[t - 1])
    st.latex(
        rf"x^{{\langle {t} \rangle}} = {latex_text(token)} \;\to\; "
        rf"\text{{index }} {index} \;\to\; e_{{{index}}} \in \{{0,1\}}^{{{len(enc.vocab)}}}"
    )
    export.plotly(
        st,
        sequence_charts.one_hot_heatmap(
            enc.one_hot, enc.tokens, enc.vocab.tokens, t, used_rows_only=len(enc.vocab) > 60
        ),
        key="seq_onehot",
    )
    code_panel.show(sequences.encode_text, text, level, vocab_size, max_steps, lowercase)
    st.caption(
        "With many training examples the course writes X⁽ⁱ⁾⟨t⟩ for step t of example i, and "
        "T_x⁽ⁱ⁾ for its length: every example may have a different length."
    )
    if level == "word":
        cased = tokenise(text, "word", lowercase=False)[: enc.T_x]
        guess = sorted({w for w in cased if w[:1].isupper()})
        options = sorted(set(cased))
        # A new sentence gets a new guess; the student's picks stand while the words do.
        if st.session_state.get("seq_names_for") != options:
            st.session_state["seq_names_for"] = options
            st.session_state["seq_names"] = guess
        names = st.multiselect(
            "Which words are names? (the target y⟨t⟩ of name recognition)",
            options,
            key="seq_names",
        )
        table = pd.DataFrame(
            {
                "t": range(1, enc.T_x + 1),
                "x⟨t⟩": enc.tokens,
                "index": enc.ids,
                "y⟨t⟩": [int(w in names) for w in cased],
            }
        )
        st.dataframe(table.set_index("t").T.astype(str), key="seq_table")
        st.caption("Name recognition is many-to-many with T_y = T_x: one y⟨t⟩ ∈ {0, 1} per word.")
    if enc.unknown:
        st.caption("Mapped to <unk>: " + ", ".join(enc.unknown[:30]))

# ---------------------------------------------------------------- 2. windows of a series
st.header("2 · A time series as (input, target) pairs")
c1, c2, c3 = st.columns(3)
length = c1.slider("Series length L", 30, 500, 200, key="win_length")
period = c1.slider("Period", 4, 100, 40, key="win_period")
noise = c2.slider("Noise σ", 0.0, 1.0, 0.1, 0.05, key="win_noise")
seed = c2.number_input("Seed", 0, 10_000, 0, key="win_seed")
window = c3.slider("Input window N", 1, 60, 20, key="win_window")
horizon = c3.slider("Horizon H", 1, 30, 1, key="win_horizon")
stride = c3.slider("Stride", 1, 20, 1, key="win_stride")

if window + horizon > length:
    st.warning(
        f"Window N = {window} plus horizon H = {horizon} needs at least {window + horizon} "
        f"steps, but the series has L = {length}. Shorten N or H, or lengthen the series."
    )
else:
    series, pairs = cache.sine_windows(
        length, float(period), noise, int(seed), window, horizon, stride
    )
    n = len(pairs.starts)
    i = ranged_slider("Pair i", 0, n - 1, 0, key="win_pair")
    start = int(pairs.starts[i])
    st.latex(
        rf"n = \left\lfloor \frac{{L - N - H}}{{\text{{stride}}}} \right\rfloor + 1 = "
        rf"\left\lfloor \frac{{{length} - {window} - {horizon}}}{{{stride}}} \right\rfloor + 1 "
        rf"= {n}"
    )
    st.latex(  # a line of its own: beside n it is cut off at L = 500
        rf"\text{{pair }} {i}:\; x = (s_{{{start}}}, \dots, s_{{{start + window - 1}}})"
        rf",\; y = (s_{{{start + window}}}, \dots, s_{{{start + window + horizon - 1}}})"
    )
    export.plotly(st, sequence_charts.window_figure(series, start, window, horizon), key="win_fig")
    export.plotly(
        st, sequence_charts.windows_matrix(pairs.inputs, pairs.targets, i), key="win_matrix"
    )
    code_panel.show(sequences.make_windows, series, window, horizon, stride)
    st.caption(
        "Consecutive pairs overlap by N − stride steps: the diagonal stripes in the matrix are the "
        "same wave shifted one row at a time. Split train/validation/test by time *before* "
        "windowing, or future values leak into training."
    )

checks.show("sequence-data")
