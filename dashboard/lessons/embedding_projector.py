"""Embedding projector: GloVe vectors in 2-D/3-D, nearest neighbours and custom axes."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.embeddings import glove as core_emb
from core.embeddings import projection, word_sets
from dashboard import cache, export
from dashboard.charts import embedding_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel
from dashboard.widgets import about

MAX_WORDS = 2000


def _clicked_word(words: list[str]) -> str | None:
    """The word of a point newly clicked in the scatter plot, once per click."""
    event = st.session_state.get("proj_scatter")
    points = (event or {}).get("selection", {}).get("points", [])
    if not points:
        return None
    index = points[0].get("point_index", points[0].get("point_number"))
    marker = (tuple(words[:3]), index)
    if index is None or index >= len(words) or st.session_state.get("proj_last_click") == marker:
        return None
    st.session_state["proj_last_click"] = marker
    return words[index]


def _projected(words: list[str], method: str, dims: int) -> np.ndarray:
    """(n, dims) coordinates, with the measured time it will take on the spinner."""
    if method == "PCA":
        return cache.projected(tuple(words), method, dims)
    st.caption(spinner_text(len(words), method, dims, projection.loaded(method)))
    with st.spinner(f"{method} of {len(words):,} words…"):
        return cache.projected(tuple(words), method, dims)


def spinner_text(n: int, method: str, dims: int, loaded: bool) -> str:
    """The time a projection takes, from the table measured in BENCHMARKS.md."""
    text = f"{method} {dims}-D of {n:,} words takes {about(projection.estimate_s(method, dims, n))}"
    if not loaded:
        why = "to load scikit-learn" if method == "t-SNE" else "while numba compiles UMAP"
        first = about(projection.FIRST_CALL_S[method])
        text += f", + {first} the first time on this server {why}"
    return text + " (measured on 2 CPU cores; a set already projected comes back at once)."


def axis_problems(typed: list[str]) -> tuple[list[str], list[str]]:
    """(the four axis words as GloVe reads them, what is wrong with them).

    "Queen." reads as queen; an empty box, two words in one box, or an axis from a word
    to itself (a zero direction) is a problem to show instead of a plot.
    """
    names = ("x from", "x to", "y from", "y to")
    words, problems = [], []
    for name, raw in zip(names, typed, strict=True):
        tokens = core_emb.words_only(core_emb.tokenize(raw))
        if len(tokens) != 1:
            problems.append(f"*{name}* needs one word; it has {len(tokens)}: “{raw.strip()}”.")
        words.append(tokens[0] if tokens else "")
    for axis, (a, b) in (("x", words[:2]), ("y", words[2:])):
        if a and a == b:
            problems.append(f"The {axis} axis goes from “{a}” to itself: give two different words.")
    return words, problems


st.title("Embedding projector")
st.markdown(
    "Each word is a point e_w in 50 dimensions (GloVe, trained on 6 billion tokens of "
    "Wikipedia and news). Project a set of words to 2-D or 3-D and look for structure: "
    "countries next to their capitals, the same offset from every man to every woman."
)
emb = cache.embeddings()
presets = word_sets.presets(emb.words)
c1, c2, c3 = st.columns([2, 1, 1])
source = c1.selectbox("Words", [*presets, "Type my own"], key="proj_source")
method = c2.radio("Projection", projection.METHODS, horizontal=True, key="proj_method")
dims = 3 if c3.radio("Dimensions", ["2-D", "3-D"], horizontal=True, key="proj_dims") == "3-D" else 2

if source == "Type my own":
    typed = st.text_area(
        f"Words, separated by spaces, commas or new lines (up to {MAX_WORDS:,})",
        "king queen man woman prince princess boy girl paris france rome italy apple banana",
        key="proj_words",
    )
    words, duplicates, cut = core_emb.parse_words(typed, MAX_WORDS)
    unknown = [w for w in words if w not in emb]
    if duplicates:
        shown = ", ".join(f"“{w}”" for w in sorted(set(duplicates))[:10])
        st.info(f"Repeated words shown once: {shown}.")
    if cut:
        st.warning(f"{cut:,} words beyond the first {MAX_WORDS:,} are left out.")
    for word in unknown[:5]:
        st.warning(str(core_emb.UnknownWord(word, emb.suggest(word))))
    if len(unknown) > 5:
        st.warning(f"…and {len(unknown) - 5} more words GloVe does not know; they are left out.")
    words = [w for w in words if w in emb]
    if len(words) < dims + 2:
        st.info(f"Give at least {dims + 2} words GloVe knows to draw a {dims}-D projection.")
        st.stop()
    coords = _projected(words, method, dims)
else:
    words = presets[source]
    try:
        coords = cache.shipped_projections()[f"{source}|{method}|{dims}"]
    except (AssetError, KeyError):
        coords = _projected(words, method, dims)

clicked = _clicked_word(words)
if clicked is not None:
    st.session_state["proj_focus"] = clicked
focus = st.selectbox(
    "Highlight a word and its nearest neighbours (or click a point in the 2-D plot)",
    words,
    key="proj_focus",
)
k = st.slider("Neighbours (searched over all 400,000 words)", 1, 30, 10, key="proj_k")
neighbours = cache.most_similar(focus, k)
in_view = [n.word for n in neighbours if n.word in set(words)]
export.plotly(
    st,
    embedding_charts.word_scatter(
        np.asarray(coords),
        words,
        f"{len(words):,} words, {method} {dims}-D",
        focus,
        in_view,
        labels=len(words) <= 300,
    ),
    key="proj_scatter",
    on_select="rerun",
    selection_mode="points",
)
code_panel.show(projection.project, code_panel.Raw("emb.matrix(words)"), method, dims)
if method == "PCA":
    _, variance = projection.pca(emb.matrix(words), dims)
    st.caption(f"The {dims} principal components keep {variance.sum():.0%} of the words' variance.")
else:
    st.caption(
        f"{method} keeps neighbourhoods, not distances: clusters mean something, the space "
        "between them and the axes do not."
    )
left, right = st.columns(2)
export.plotly(
    left,
    embedding_charts.neighbour_bars(
        [(n.word, n.cosine) for n in neighbours], f"Nearest to “{focus}” among 400,000 words"
    ),
    key="proj_neighbours",
)
right.latex(r"\cos(e_u, e_v) = \frac{e_u \cdot e_v}{\lVert e_u \rVert\, \lVert e_v \rVert}")
right.markdown(
    f"Highlighted in the plot: {', '.join(in_view) or 'none of them is in this word set'}. "
    "The search is one matrix–vector product over the whole vocabulary."
)

st.header("Custom axes")
st.markdown(
    "Like the TensorFlow Projector's custom projection: place every word by how far it leans "
    "from word A towards word B (x), and from C towards D (y)."
)
a1, a2, a3, a4 = st.columns(4)
axis_words = [
    a1.text_input("x from", "man", key="proj_ax_a"),
    a2.text_input("x to", "woman", key="proj_ax_b"),
    a3.text_input("y from", "bad", key="proj_ax_c"), a4.text_input("y to", "good", key="proj_ax_d"),
]  # fmt: skip
axis_words, problems = axis_problems(axis_words)
for problem in problems:
    st.warning(problem)
if problems:
    st.stop()
try:
    vecs = [emb.vector(w) for w in axis_words]
except core_emb.UnknownWord as err:
    st.warning(str(err))
    st.stop()
custom = projection.custom_axes(emb.matrix(words), *vecs)
export.plotly(
    st,
    embedding_charts.word_scatter(
        custom,
        words,
        f"{axis_words[0]} → {axis_words[1]} (x) and {axis_words[2]} → {axis_words[3]} (y)",
        focus,
        in_view,
        labels=len(words) <= 300,
    ),
    key="proj_custom",
)
top = pd.DataFrame({"word": words, "x": custom[:, 0].round(3)}).sort_values("x")
st.caption(
    f"Most towards “{axis_words[0]}”: {', '.join(top.word.head(5))}. Most towards "
    f"“{axis_words[1]}”: {', '.join(top.word.tail(5)[::-1])}."
)

checks.show("embedding-projector")
