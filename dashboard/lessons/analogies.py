"""Analogies & similarity: cosine similarity and a : b :: c : ? over all 400,000 words."""

import pandas as pd
import streamlit as st

from core.embeddings import glove as core_emb
from core.embeddings import projection
from dashboard import cache, export
from dashboard.charts import embedding_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel

st.title("Analogies & similarity")
st.markdown(
    "Similar words have vectors pointing the same way; related *pairs* differ by about the "
    "same vector. So “man is to woman as king is to ?” becomes arithmetic: find the word w "
    "whose e_w is closest to e_king − e_man + e_woman."
)
emb = cache.embeddings()

st.header("Cosine similarity")
pairs_text = st.text_area(
    "Pairs, one per line (two words each)",
    "father mother\nball crocodile\nfrance paris\nfrance rome\nball basketball\nbig large",
    key="ana_pairs",
)


def split_note(typed: str, tokens: list[str]) -> str:
    """Why a typed item gave other words than it seems to: GloVe's tokenizer splits clitics."""
    if len(typed.split()) == len(tokens):
        return ""
    return f" (GloVe reads it as {len(tokens)} tokens: {', '.join(tokens)})"


rows, problems = [], []
for line in pairs_text.splitlines():
    parts = core_emb.parse_words(line, 10)[0]
    if not parts:
        continue
    if len(parts) != 2:
        problems.append(
            f"“{line.strip()}” needs exactly two different words"
            + split_note(line, core_emb.words_only(core_emb.tokenize(line)))
        )
        continue
    try:
        rows.append({"u": parts[0], "v": parts[1], "cos(e_u, e_v)": round(emb.cosine(*parts), 3)})
    except core_emb.UnknownWord as err:
        problems.append(str(err))
for problem in problems:
    st.warning(problem)
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="ana_cos")
elif not problems:
    st.info("Type pairs of words, two on each line (e.g. *father mother*), to compare them.")

st.header("a is to b as c is to ?")
st.latex(r"w^* = \arg\max_{w \notin \{a, b, c\}} \cos(e_w,\; e_b - e_a + e_c)")


def analogy() -> None:
    """The a : b :: c : ? question; a missing or unknown word stops only this section."""
    c1, c2, c3 = st.columns(3)
    a = c1.text_input("a", "man", key="ana_a")
    b = c2.text_input("b", "woman", key="ana_b")
    c = c3.text_input("c", "king", key="ana_c")
    tokens = [core_emb.words_only(core_emb.tokenize(w)) for w in (a, b, c)]
    if not all(tokens):
        st.info("Fill in all three words.")
        return
    for typed, toks in zip((a, b, c), tokens, strict=True):
        if len(toks) > 1:
            st.warning(f"Type one word in each box: “{typed.strip()}”{split_note('', toks)}.")
            return
    words = [toks[0] for toks in tokens]  # "Queen." → queen, as GloVe's tokenizer reads it
    if len(set(words)) < 3:
        st.warning(
            "Two of the three words are the same, so the offset e_b − e_a is zero or the question "
            "asks for a word it must exclude; the answer is still computed, but it means little."
        )
    try:
        answers = cache.analogy(*words, 5)
    except core_emb.UnknownWord as err:
        st.warning(str(err))
        return
    left, right = st.columns([2, 3])
    left.dataframe(
        pd.DataFrame(
            {"answer": [n.word for n in answers], "cosine": [round(n.cosine, 3) for n in answers]}
        ),
        hide_index=True,
        key="ana_answers",
    )
    best = answers[0].word
    coords, _ = projection.pca(emb.matrix([*words, best]), 2)
    export.plotly(
        right, embedding_charts.parallelogram(coords, [*words, best], best), key="ana_parallelogram"
    )
    code_panel.show(type(emb).analogy, code_panel.Raw("emb"), *words, 5)
    st.caption(
        f"{words[0]} : {words[1]} :: {words[2]} : **{best}**. The projection of only four points "
        "shows the two offsets as they are in 50-D as nearly as 2-D allows."
    )


analogy()

st.header("How often is it right?")
report = pd.DataFrame(cache.analogy_report())
by_category = report.groupby("category", sort=False)["correct"].agg(["mean", "count"])
m1, m2 = st.columns(2)
m1.metric(
    "Accuracy over all questions",
    f"{report.correct.mean():.1%}",
    f"{len(report)} questions",
    "off",
    delta_arrow="off",
)
m2.dataframe(
    by_category.rename(columns={"mean": "accuracy", "count": "questions"}).style.format(
        {"accuracy": "{:.0%}"}
    ),
    key="ana_by_category",
)
category = st.selectbox("Show the questions of", list(by_category.index), key="ana_category")
st.dataframe(
    report[report.category == category].drop(columns="category"),
    hide_index=True,
    key="ana_questions",
)
st.caption(
    f"{len(report)} questions the project ships (core/embeddings/word_sets.py), searched over all "
    "400,000 words with a, b and c excluded. GloVe 50-d is the smallest GloVe: the 300-d "
    "vectors do better, and every category fails on rare words and on several right answers."
)

checks.show("analogies-and-similarity")
