"""Emojify: a sentence → one of five emoji, averaged GloVe vectors against an LSTM."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.embeddings import emojify
from core.embeddings.emojify_data import EMOJI, NAMES
from dashboard import cache, widgets
from dashboard.charts import embedding_charts

st.title("Emojify")
st.markdown(
    "Two models put an emoji on a sentence. **Model 1** averages the GloVe vectors of the "
    "words and applies a softmax — it has never seen most words, but GloVe puts *adore* near "
    "*love*. **Model 2** reads the words in order with an LSTM over the same frozen vectors."
)
left, right = st.columns(2)
left.latex(
    r"\text{avg} = \frac{1}{n}\sum_{i=1}^{n} e_{w_i}, \quad "
    r"\hat y = \mathrm{softmax}(W\,\text{avg} + b)"
)
right.latex(
    r"\hat y = \mathrm{softmax}\big(W_y\, a^{\langle T\rangle}_{\text{LSTM}_2}"
    r"(\text{LSTM}_1(e_{w_1}, \dots, e_{w_T}))\big)"
)
try:
    models, meta = cache.emoji_models()
except AssetError as err:
    st.error(str(err))
    st.stop()

LABELS = [f"{e} {n}" for e, n in zip(EMOJI, NAMES, strict=True)]
EXAMPLES = (
    "not feeling happy",
    "i adore my cat",
    "let us play ball",
    "i am starving",
    "this is not good at all",
    "congratulations on your promotion",
)


sentence = widgets.text_with_examples(
    "A short sentence", "not feeling happy", EXAMPLES, key="emo_text", picker_label="Examples",
    placeholder="Try one (the first is the classic failure)",
)  # fmt: skip
if not emojify.words_of(sentence):
    st.info("Type a sentence, e.g. *I love you* or *let's eat pizza*.")
    st.stop()
p1, p2 = models.average_model(sentence), models.lstm_model(sentence)
if p1.unknown:
    st.warning(f"Not in GloVe, so left out of the average: {', '.join(p1.unknown)}.")
if len(emojify.words_of(sentence)) > emojify.MAX_LEN:
    st.warning(f"The LSTM reads the first {emojify.MAX_LEN} words only.")
m1, m2 = st.columns(2)
m1.metric(
    "Model 1 (average)", EMOJI[p1.label], f"{p1.probs.max():.0%} sure", "off", delta_arrow="off"
)
m2.metric("Model 2 (LSTM)", EMOJI[p2.label], f"{p2.probs.max():.0%} sure", "off", delta_arrow="off")
st.plotly_chart(
    embedding_charts.emoji_bars({"model 1: average": p1.probs, "model 2: LSTM": p2.probs}, LABELS),
    key="emo_probs",
)
if p1.known:
    st.subheader("What each word adds to model 1")
    st.plotly_chart(
        embedding_charts.heatmap(
            p1.contributions,
            [f"{e} {n}" for e, n in zip(EMOJI, NAMES, strict=True)],
            list(p1.known),
            "(W e_w) / n: each word's share of the logits",
            "logit",
            "RdBu_r",
            text=True,
        ),
        key="emo_contrib",
    )
    st.caption(
        "The average is a sum, so the order is lost: in “not feeling happy”, *happy* pulls "
        "towards 😄 and *not* cannot undo it. The LSTM reads *not* before *happy*."
    )

st.header("Test set")
data = cache.emoji_sentences()
test, pred1, pred2 = cache.emoji_test_predictions()
truth = [y for _, y in test]
a1, a2 = st.columns(2)
for col, name, pred in ((a1, "model 1 (average)", pred1), (a2, "model 2 (LSTM)", pred2)):
    acc = np.mean(np.array(pred) == np.array(truth))
    col.metric(
        f"Test accuracy, {name}", f"{acc:.0%}", f"{len(test)} sentences", "off", delta_arrow="off"
    )
    col.plotly_chart(
        embedding_charts.heatmap(
            emojify.confusion(truth, pred),
            LABELS,
            LABELS,
            f"Confusion matrix, {name} (rows: true)",
            "count",
            text=True,
        ),
        key=f"emo_confusion_{name[:7]}",
    )
wrong = [
    (s, EMOJI[y], EMOJI[a], EMOJI[b])
    for (s, y), a, b in zip(test, pred1, pred2, strict=True)
    if a != y or b != y
]
if wrong:
    st.dataframe(
        pd.DataFrame(wrong, columns=["sentence", "true", "model 1", "model 2"]),
        hide_index=True,
        key="emo_wrong",
    )
st.caption(
    f"The dataset: {len(data)} sentences written by this project from templates "
    f"({meta['train']} to train, {len(test)} to test, stratified), one fifth of the happy and sad "
    "ones negated. Rebuild it and both models with `python -m core.train emojify`."
)
