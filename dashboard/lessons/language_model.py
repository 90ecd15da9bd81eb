"""Language model & sampling: a character model of dinosaur names, first names or folk tunes."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.rnn import charlm
from dashboard import cache, export
from dashboard.charts import lm_charts
from dashboard.checks import ui as checks
from dashboard.parts import charlm_training, code_panel

CORPORA = {"Dinosaur names": "dinosaurs", "First names": "names", "Irish folk tunes (ABC)": "tunes"}
CELLS = {"GRU": "gru", "LSTM": "lstm"}

st.title("Language model & sampling")
st.markdown(
    "A character language model reads x⟨t⟩ = y⟨t−1⟩ one character at a time and outputs "
    "ŷ⟨t⟩, a probability for every next character. **Sampling** draws a character from ŷ⟨t⟩, "
    "feeds it back in, and repeats until it draws the end ⏎ — new names that were never in "
    "the training list (the course's *Dinosaur Island*)."
)
st.latex(
    r"P(y^{\langle 1\rangle}, \dots, y^{\langle T_y\rangle}) = \prod_{t=1}^{T_y} "
    r"P\big(y^{\langle t\rangle} \mid y^{\langle 1\rangle}, \dots, y^{\langle t-1\rangle}\big)"
    r"\qquad \hat y^{\langle t\rangle}_i \propto \exp\big(z_i / T\big)"
)

c1, c2 = st.columns(2)
corpus_label = c1.radio("Corpus", list(CORPORA), horizontal=True, key="lm_corpus")
cell_label = c2.radio("Cell", list(CELLS), horizontal=True, key="lm_cell")
corpus, kind = CORPORA[corpus_label], CELLS[cell_label]
try:
    model = cache.charlm_model(corpus, kind)
except (AssetError, ImportError, OSError, ValueError) as err:
    st.error(str(err))
    st.stop()
vocab_size = model.vocab.size
meta, nan = model.meta, float("nan")

# ----------------------------------------------------------------------------- sampling
st.header("Sample")
s1, s2, s3, s4 = st.columns(4)
temperature = s1.slider("Temperature T", 0.0, 2.5, 1.0, 0.05, key="lm_temperature")
top_k = s2.slider(
    "Top-k (0: no cut)", 0, vocab_size, 0, key="lm_top_k",
    help="Draw only among the k most likely characters; k ≥ the vocabulary is no cut.",
)  # fmt: skip
count = s3.slider("Samples", 1, 20, 8 if corpus != "tunes" else 3, key=f"lm_count_{corpus}")
seed = int(s4.number_input("Seed", 0, 1_000_000, 0, key="lm_seed"))
default_len = 60 if corpus != "tunes" else 300
max_len = st.slider("Longest sample (characters)", 5, 600, default_len, key=f"lm_len_{corpus}")
prefix = st.text_input("Start with (optional prefix, read before sampling)", "", key="lm_prefix")
if not prefix.strip():
    st.info("No prefix: every sample starts from x⟨1⟩ = 0⃗, as in the course.")
if len(model.vocab.encode(prefix)) > max_len:
    st.warning(
        f"The prefix has {len(prefix):,} characters, more than the longest sample "
        f"({max_len}): shorten it or raise “Longest sample”. Sampling without it."
    )
    prefix = ""
unknown = sorted({ch for ch, i in zip(prefix, model.vocab.encode(prefix), strict=False) if i < 0})
if unknown:
    st.warning(
        f"Not in the {corpus_label.lower()} vocabulary, read as 0⃗ and shown as �: "
        + " ".join(repr(ch) for ch in unknown[:20])
    )
if temperature == 0:
    st.caption("T = 0 is greedy: every sample takes the most likely character, so all agree.")

samples = cache.charlm_samples(corpus, kind, prefix, temperature, top_k, max_len, count, seed)
training = set(cache.charlm_corpus(corpus).train)
novel = [s for s in samples if s.text not in training]
st.markdown(
    f"**{len(novel)} of {len(samples)}** samples are not in the training list. Hover a "
    "character for the top 5 it was drawn from; click one for its whole top-10."
)
fig = lm_charts.samples_figure(samples)
event = export.plotly(st, fig, on_select="rerun", selection_mode="points", key="lm_samples_plot")
code_panel.show(charlm.sample, model, prefix, temperature, top_k, max_len, seed)
points = (event.selection.get("points") if event else None) or []
picked = next((tuple(p["customdata"]) for p in points if p.get("customdata")), None)
if picked is None or picked[1] < 0 or picked[0] >= len(samples):
    first = next((i for i, s in enumerate(samples) if s.top), None)
    picked = (first, 0) if first is not None else None
if picked is not None:
    i, j = picked
    s = samples[i]
    drawn = (s.text[len(s.prefix) :] + ("\n" if s.ended else ""))[j]
    read = s.text[: len(s.prefix) + j]
    context = f"“{read[-40:]}”" if read else "x⟨1⟩ = 0⃗ (the start)"
    left, right = st.columns([3, 2])
    export.plotly(
        left,
        lm_charts.top_bars(s.top[j], drawn, f"Sample {i + 1}, draw {j + 1}: ŷ⟨t⟩ after {context}"),
        key="lm_top_bars",
    )
    right.markdown(
        f"The sampler drew **{lm_charts.shown(drawn)}** with P = {s.chosen[j]:.1%}"
        + ("" if drawn in dict(s.top[j]) else ", not among the 10 most likely drawn here")
        + ". "
        f"With T = {temperature:g}"
        + (f" and top-k = {top_k}" if 0 < top_k < vocab_size else "")
        + ", these are the probabilities it drew from: the model's softmax, sharpened "
        "(T < 1) or flattened (T > 1)."
    )
    right.latex(
        r"\hat y^{\langle t\rangle}_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}"
        rf"\;\Rightarrow\; P(\text{{drawn}}) = {s.chosen[j]:.3f}"
    )

# ----------------------------------------------------------------------------- bits per char
st.header("How surprised is the model?")
st.markdown(
    "For a word you type, the model gives each character a probability P(y⟨t⟩ | y⟨<t⟩). "
    "Its surprise is −log₂ P bits: a likely next letter costs a fraction of a bit, "
    "an unlikely one many. Lower bits per character = a better model of the corpus."
)
default_word = {"dinosaurs": "tyrannosaurus", "names": "emily", "tunes": "|:GABc dBAG|"}[corpus]
word = st.text_input("Word or line to score", default_word, key=f"lm_word_{corpus}")
MAX_SCORED = 500
if len(word) > MAX_SCORED:
    st.info(f"Scoring the first {MAX_SCORED} of {len(word):,} characters.")
    word = word[:MAX_SCORED]
if word.strip():
    reading = cache.charlm_reading(corpus, kind, word)
    probs = np.exp2(-reading.bits)
    st.html(lm_charts.probability_text(reading.chars, probs))
    known = ~np.isnan(reading.bits)
    m1, m2, m3 = st.columns(3)
    m1.metric("Bits per character (⏎ included)", f"{np.nanmean(reading.bits):.2f}")
    m2.metric("Validation bits/char of this model", f"{meta.get('valid_bits_per_char', nan):.2f}")
    m3.metric("Bigram baseline (validation)", f"{meta.get('bigram_bits_per_char', nan):.2f}")
    if not known.all():
        st.warning("Grey characters are not in this corpus' vocabulary and are not scored.")
    with st.expander("Per character"):
        st.dataframe(
            pd.DataFrame(
                {
                    "character": [lm_charts.shown(c) for c in reading.chars],
                    "P": np.round(probs, 4),
                    "bits": np.round(reading.bits, 3),
                }
            ),
            hide_index=True,
            key="lm_bits_table",
        )
else:
    st.info("Type a word to see how likely the model finds each character.")

# ----------------------------------------------------------------------------- live training
charlm_training.show(corpus, corpus_label, kind)

checks.show("language-model-and-sampling")
