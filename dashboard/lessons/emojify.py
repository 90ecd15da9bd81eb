"""Emojify: a sentence → one of five emoji, averaged GloVe vectors against an LSTM."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.embeddings import emojify
from core.embeddings.emojify_data import EMOJI, NAMES
from dashboard import cache, export, widgets
from dashboard.charts import embedding_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel

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

NEGATIONS = {"not", "n't", "no", "never", "nothing"}


def contribution_caption(words, parts: np.ndarray, bias: np.ndarray, lstm_label: int) -> str:
    """What the chart above shows, read off its numbers: each word's strongest pull, the
    words' sum against the bias, and (for a negation) what the LSTM does instead."""
    logits = parts.sum(axis=0) + bias
    winner, by_words = int(np.argmax(logits)), int(np.argmax(parts.sum(axis=0)))
    pulls = []
    for word, row in zip(words, parts, strict=True):
        top = int(np.argmax(row))
        pull = f"*{word}* adds most to {EMOJI[top]} ({row[top]:.2f})"
        if top != winner:
            pull += f", {row[winner]:.2f} to {EMOJI[winner]}"
        pulls.append(pull)
    text = "; ".join(pulls[:4]) + ("; …" if len(pulls) > 4 else "") + ". "
    if by_words == winner:
        text += f"The words' sum already favours {EMOJI[winner]}; b adds {bias[winner]:.2f} to it. "
    else:
        text += (
            f"The words alone favour {EMOJI[by_words]} ({parts.sum(axis=0)[by_words]:.2f} against "
            f"{parts.sum(axis=0)[winner]:.2f}); the bias b ({bias[winner]:.2f} against "
            f"{bias[by_words]:.2f}) tips model 1 to {EMOJI[winner]}. "
        )
    negations = [w for w in words if w in NEGATIONS]
    if negations:
        text += (
            f"The average is a sum, so the order is lost: *{negations[0]}* adds the same "
            "numbers wherever it stands and cannot flip the word after it. Model 2 reads the "
            f"words in order and says {EMOJI[lstm_label]}."
        )
    return text


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
export.plotly(
    st,
    embedding_charts.emoji_bars({"model 1: average": p1.probs, "model 2: LSTM": p2.probs}, LABELS),
    key="emo_probs",
)
code_panel.show(type(models).average_model, code_panel.Raw("models"), sentence)

if p1.known:
    st.subheader("What each word and the bias add to model 1")
    bias = models.w["avg_b"]
    export.plotly(
        st,
        embedding_charts.heatmap(
            np.vstack([p1.contributions, bias, p1.contributions.sum(axis=0) + bias]),
            LABELS,
            [*p1.known, "bias b", "logit = sum"],
            "(W e_w) / n per word, then b: the rows add up to the logits W avg + b",
            "logit",
            "RdBu_r",
            text=True,
            x_angle=0,
        ),
        key="emo_contrib",
    )
    st.caption(contribution_caption(p1.known, p1.contributions, bias, p2.label))

st.header("Test set")
data = cache.emoji_sentences()
test, pred1, pred2 = cache.emoji_test_predictions()
truth = [y for _, y in test]
a1, a2 = st.columns(2)
for col, name, pred in ((a1, "model 1 (average)", pred1), (a2, "model 2 (LSTM)", pred2)):
    acc = np.mean(np.array(pred) == np.array(truth))
    col.metric(
        f"Test accuracy, {name}",
        f"{acc:.0%}",
        widgets.plural(len(test), "sentence"),
        "off",
        delta_arrow="off",
    )
    export.plotly(
        col,
        embedding_charts.heatmap(
            emojify.confusion(truth, pred),
            EMOJI,  # the names only on the rows: five named columns overlap in half a page
            LABELS,
            f"Confusion matrix, {name} (rows: true, columns: predicted)",
            "count",
            text=True,
            x_angle=0,
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

checks.show("emojify")
