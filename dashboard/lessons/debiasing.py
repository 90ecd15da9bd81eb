"""Debiasing word vectors: the bias axis g, neutralise and equalise, before and after."""

import streamlit as st

from core.embeddings import debias, word_sets
from core.embeddings import glove as core_emb
from dashboard import cache, export
from dashboard.charts import embedding_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel

st.title("Debiasing")
st.markdown(
    "Word vectors learn the associations of the text they were trained on, including "
    "stereotypes: in GloVe, *receptionist* leans towards *woman* and *engineer* towards *man*. "
    "Bolukbasi et al. (2016) find a bias direction g, remove it from words that should be "
    "neutral and make definitional pairs symmetric about it."
)
emb = cache.embeddings()

st.header("1 · The bias axis g")
axis_kind = st.radio(
    "Find g from",
    ["one pair: woman − man", "the first principal component of several pairs"],
    horizontal=True,
    key="deb_axis",
)
if axis_kind.startswith("one"):
    pairs = [("man", "woman")]
else:
    pairs_text = st.text_input(
        "Definitional pairs (first word, second word; pairs separated by commas)",
        "man woman, he she, father mother, king queen, boy girl, his her, male female",
        key="deb_pairs",
    )
    parsed = debias.parse_pairs(pairs_text, emb)
    if parsed.malformed:
        st.warning(
            "Each pair needs two different words separated by a space; left out: "
            + "; ".join(f"“{p}”" for p in parsed.malformed)
            + "."
        )
    for (a, b), word in parsed.unknown:
        st.warning(
            f"{core_emb.UnknownWord(word, emb.suggest(word))} The pair “{a} {b}” is left out."
        )
    pairs = list(parsed.usable)
    if not pairs:
        st.warning("No usable pair: the axis falls back to woman − man.")
axis = debias.bias_axis(emb, pairs or [("man", "woman")])
g = axis.g
if axis.method == "pca":
    st.caption(
        f"First principal component of {len(axis.pairs)} centred pairs: it explains "
        f"{axis.explained:.0%} of their variance (a single clear direction when this is high)."
    )
st.latex(r"g = e_{woman} - e_{man} \quad\text{or}\quad g = \mathrm{PC}_1\{e_{w_i} - \mu_i\}")

st.header("2 · Neutralise words that should not be gendered")
st.latex(
    r"e^{bias\_component} = \frac{e \cdot g}{\lVert g \rVert_2^2}\, g, \qquad "
    r"e^{debiased} = e - e^{bias\_component}"
)
words_text = st.text_area(
    "Words to neutralise", " ".join(word_sets.PROFESSIONS), key="deb_words", height=90
)
words, _, cut = core_emb.parse_words(words_text, 60)
if cut:
    st.warning(f"Only the first 60 words are drawn; {cut} left out.")
unknown = [w for w in words if w not in emb]
for w in unknown[:5]:
    st.warning(str(core_emb.UnknownWord(w, emb.suggest(w))))
words = [w for w in words if w in emb]
if not words:
    st.info("Type some words GloVe knows, e.g. receptionist engineer nurse.")
else:
    table = debias.before_after(emb, words, axis)
    before = {w: b for w, (b, _) in table.items()}
    after = {w: a for w, (_, a) in table.items()}
    order = sorted(words, key=lambda w: before[w])
    export.plotly(
        st,
        embedding_charts.bias_bars(
            {w: before[w] for w in order},
            {w: after[w] for w in order},
            "Projection on g before and after neutralising",
        ),
        key="deb_neutral",
    )
    code_panel.show(debias.before_after, code_panel.Raw("emb"), words, code_panel.Raw("axis"))
    r = "receptionist" if "receptionist" in before else words[0]
    course = (
        " — the course's example gives 0.330779 with g = woman − man."
        if r == "receptionist" and axis.method == "difference"
        else "."
    )
    st.caption(f"cos(e_{r}, g): {before[r]:.4f} before, {after[r]:.1e} after{course}")

st.header("3 · Equalise pairs that should differ only by gender")
st.latex(
    r"\mu = \tfrac{e_{w1} + e_{w2}}{2},\ \mu_B = \tfrac{\mu \cdot g}{\lVert g\rVert^2} g,\ "
    r"\mu_\perp = \mu - \mu_B,\ "
    r"e_{wi}' = \sqrt{|1 - \lVert\mu_\perp\rVert^2|}\,\frac{e_{wiB} - \mu_B}"
    r"{\lVert (e_{wi} - \mu_\perp) - \mu_B \rVert} + \mu_\perp"
)
eq_text = st.text_input(
    "Pairs to equalise",
    "actor actress, grandmother grandfather, man woman, boy girl",
    key="deb_equal",
)
eq_before, eq_after = {}, {}
for raw in eq_text.split(","):
    pair = core_emb.parse_words(raw, 2)[0]
    if len(pair) != 2:
        continue
    try:
        e1, e2 = emb.vector(pair[0]), emb.vector(pair[1])
    except core_emb.UnknownWord as err:
        st.warning(str(err))
        continue
    n1, n2 = debias.equalize_pair(emb, (pair[0], pair[1]), axis)
    eq_before |= {pair[0]: debias.cosine(e1, g), pair[1]: debias.cosine(e2, g)}
    eq_after |= {pair[0]: debias.cosine(n1, g), pair[1]: debias.cosine(n2, g)}
if eq_before:
    export.plotly(
        st,
        embedding_charts.bias_bars(
            eq_before, eq_after, "Projection on g before and after equalising"
        ),
        key="deb_equalised",
    )
    code_panel.show(
        debias.equalize, code_panel.Raw("e1"), code_panel.Raw("e2"), code_panel.Raw("g")
    )
    st.caption(
        "After equalising, the two words of a pair sit at ± the same distance along g, so a "
        "neutralised word (receptionist) is equally far from both."
    )
else:
    st.info("Type pairs like “actor actress”, separated by commas.")

st.header("What this does not fix")
st.markdown(
    "Gonen & Goldberg (2019), *Lipstick on a pig*: after neutralising, the projection on g is "
    "zero, but the bias is still in the **neighbourhoods** — words that were stereotyped as "
    "female still cluster together and can be recovered by a classifier with high accuracy. "
    "Debiasing one direction hides the most visible symptom; the geometry that encodes it "
    "remains. Compare the neighbours of *receptionist* on the Embedding projector page."
)

checks.show("debiasing")
