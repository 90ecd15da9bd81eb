"""Named-entity recognition: a Transformer encoder with a token-classification head."""

import streamlit as st

from core.assets import AssetError
from core.transformers import ner
from core.transformers.entities import TAGS
from dashboard import export, widgets
from dashboard import ner_qa_cache as cache
from dashboard.charts import ner_qa_charts as charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel

DEFAULT = "Priya Sharma joined Tata Group as Data scientist on 3 May 2019 in Mumbai."

st.title("Named-entity recognition")
st.markdown(
    "Which words are names, companies, places, dates or amounts of money? An encoder reads "
    "the whole sentence with self-attention; a **token-classification head** then gives every "
    "word a softmax over the BIO tags (B- starts an entity, I- continues it, O is outside). "
    "The encoder was trained here, from scratch, on sentences Faker wrote."
)
st.latex(
    r"P(y^{\langle t\rangle} \mid x) = \mathrm{softmax}\big(W_y\, a^{\langle t\rangle}_{[L]}"
    r" + b_y\big), \quad y \in \{\mathrm{O}, \mathrm{B\text{-}PERSON}, \mathrm{I\text{-}PERSON},"
    r" \dots, \mathrm{I\text{-}MONEY}\}"
)

try:
    scores, mistakes, examples = cache.ner_report()
    cache.tagger()
except AssetError as err:
    st.error(str(err))
    st.stop()
text = widgets.text_with_examples(
    "A sentence (any English text)", DEFAULT,
    tuple(dict.fromkeys(examples + tuple(m[0] for m in mistakes[:4]))),
    key="ner_text", picker_label="Or pick a held-out sentence (the last ones it gets wrong)",
    placeholder="Held-out sentences",
)  # fmt: skip
if not text.strip():
    st.info("Type a sentence above, e.g. *Ana Ruiz founded Ruiz Ltd in Leeds on 2 May 1990.*")
    st.stop()
tagged = cache.tag(text)
if tagged.words_cut:
    st.warning(
        f"The encoder reads at most {ner.MAX_LEN} tokens: the last "
        f"{widgets.plural(tagged.words_cut, 'word')} were left out (not tagged)."
    )
if tagged.pieces.spelled:
    st.caption(
        "Not in the vocabulary, read character by character (“##” continues a word): "
        + ", ".join(f"“{w}”" for w in dict.fromkeys(tagged.pieces.spelled))
    )

if not tagged.words:
    st.warning(
        f"Nothing left to tag: the first word alone is longer than the {ner.MAX_LEN} tokens the "
        "encoder reads (an unknown word is read one character at a time). Type a sentence of "
        "ordinary words."
    )
    st.stop()
spans = [(s.start, s.end, s.label, s.prob) for s in tagged.spans]
st.html(charts.entity_html(text, spans))
if not spans:
    st.caption("No entity found in this sentence.")

labels = cache.word_labels(tagged.words)
if st.session_state.get("ner_token") not in labels:
    first = next((i for i, t in enumerate(tagged.tags) if t != "O"), 0)
    st.session_state["ner_token"] = labels[first]


def picked() -> None:
    """A click on a bar picks its word (the selectbox below stays the one source of truth)."""
    points = st.session_state["ner_bars"].selection.points
    if points and points[0].get("x") in labels:
        st.session_state["ner_token"] = points[0]["x"]


selected = labels.index(st.session_state["ner_token"])
bars, heat, attention = cache.ner_figures(text, selected)
export.plotly(st, bars, key="ner_bars", on_select=picked, selection_mode="points")
chosen = st.selectbox("Word (or click its bar)", labels, key="ner_token")
selected = labels.index(chosen)
word, tag = tagged.words[selected].text, tagged.tags[selected]
p = tagged.probs[selected]
runner_up = TAGS[p.argsort()[-2]]
st.latex(
    rf"P(\text{{{tag}}} \mid x)\big|_{{{widgets.latex_text(word)}}} = {p.max():.3f}, \qquad "
    rf"P(\text{{{runner_up}}} \mid x) = {p[TAGS.index(runner_up)]:.3f}"
)
export.plotly(st, heat, key="ner_heat")
code_panel.show(ner.tag, text, model=code_panel.Raw("model"))

st.subheader("What the word looks at")
st.markdown(
    "Each row is one head of one layer: the weights α⟨t,t'⟩ with which the chosen word's "
    "first token (the query) reads every token of the sentence (the keys). Layer 1 sees the "
    "words themselves; layer 2 sees what layer 1 made of them."
)
query = tagged.attention[:, :, tagged.pieces.first_pieces()[selected]]  # (L, h, T)
layer, head = divmod(int(query.max(axis=2).argmax()), query.shape[1])  # its sharpest head
row = query[layer, head]
key = int(row.argmax())
st.latex(
    rf"\alpha^{{\langle t,t'\rangle}} = \mathrm{{softmax}}_{{t'}}\Big(\frac{{q^{{\langle t\rangle}}"
    rf"\cdot k^{{\langle t'\rangle}}}}{{\sqrt{{d_k}}}}\Big): \text{{layer {layer + 1}, head "
    rf"{head + 1} gives }} {row[key]:.2f} \text{{ to }} "
    + widgets.latex_text(tagged.pieces.pieces[key])
)
export.plotly(st, attention, key="ner_attention")

st.subheader("Its mistakes on the held-out sentences")
per = "; ".join(f"{lab} {f:.2f}" for lab, (_, _, f, _) in scores.per_label.items())
st.markdown(
    f"Entity-level F1 on {scores.support:,} held-out entities, from templates never seen in "
    f"training: **{scores.f1:.3f}** (precision {scores.precision:.3f}, recall "
    f"{scores.recall:.3f}; by type: {per}). An entity counts only when its type, first and last "
    f"word are all right. {widgets.plural(len(mistakes), 'sentence')} have a mistake:"
)
st.dataframe(
    {"sentence": [m[0] for m in mistakes], "expected": [m[1] for m in mistakes],
     "predicted": [m[2] for m in mistakes]},
    key="ner_mistakes", hide_index=True,
)  # fmt: skip

st.subheader("What a pretrained BERT would add")
model = cache.tagger()
st.markdown(
    "BERT read billions of words before it saw a single tag, so it already knows that "
    "*Nairobi* is a city and *Unilever* a company, and it copes with any style of sentence. "
    f"This encoder ({model.encoder.parameters:,} weights) knows only what "
    f"{model.meta.get('train_examples', 0):,} generated sentences taught it: capitals, the words "
    "around a name (“joined”, “born in”) and the shapes of dates and money. It cannot tag a "
    "lower-case name, a company written unlike Faker's, or anything that needs knowledge of "
    "the world; on sentences unlike its templates its F1 drops well below the one above. "
    "It never saw a sentence without an entity, so on “the cat sat on the mat” it still finds "
    "some: try it."
)

checks.show("named-entity-recognition")
