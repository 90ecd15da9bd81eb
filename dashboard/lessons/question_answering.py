"""Extractive question answering: a Transformer encoder with start and end heads."""

import numpy as np
import streamlit as st

from core.assets import AssetError
from core.transformers import qa
from dashboard import export, widgets
from dashboard import ner_qa_cache as cache
from dashboard.charts import ner_qa_charts as charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel

DEFAULT_CONTEXT = (
    "Priya Sharma founded Sharma Ltd in Pune on 3 May 1999. Rao Group bought Iyer Inc for "
    "₹4.5 million on 12 June 2015. Arjun Mehta was born in Chennai on 1 March 1980."
)
DEFAULT_QUESTION = "How much did Rao Group pay for Iyer Inc?"

st.title("Question answering")
st.markdown(
    "The answer is a piece of the context: the model only has to say where it **starts** and "
    "where it **ends**. An encoder reads “[CLS] question [SEP] context [SEP]” as one sequence, "
    "so every context word can attend to the question; two heads score each token. The end "
    "head also reads the start token's state (the matrix U), so an end is scored as the end "
    "of *that* start's entity. When the context does not say, the model points at [CLS]: "
    "“no answer”."
)
st.latex(
    r"P_{\mathrm{start}}(i) = \mathrm{softmax}_i\big(w_s \cdot a^{\langle i\rangle}_{[L]}\big),"
    r"\quad P_{\mathrm{end}}(j \mid i) = \mathrm{softmax}_j\big("
    r"w_e \cdot a^{\langle j\rangle}_{[L]} + a^{\langle i\rangle\top}_{[L]} U\, "
    r"a^{\langle j\rangle}_{[L]}\big),"
    r"\quad \hat{\imath},\hat{\jmath} = \arg\max_{i \le j} "
    r"P_{\mathrm{start}}(i)\,P_{\mathrm{end}}(j \mid i)"
)

try:
    examples = cache.qa_examples()
    model = cache.reader()
except AssetError as err:
    st.error(str(err))
    st.stop()


labels = [
    f"{i + 1}. {e.question} ({'no answer' if e.answer is None else e.answer})"
    for i, e in enumerate(examples)
]


def copy_example() -> None:
    picked = st.session_state["qa_examples"]
    if picked in labels:
        st.session_state["qa_context"] = examples[labels.index(picked)].context
        st.session_state["qa_question"] = examples[labels.index(picked)].question


st.selectbox(
    "Or pick a held-out example (templates never seen in training)", labels, index=None,
    key="qa_examples", on_change=copy_example,
    placeholder="Held-out examples, some with no answer",
)  # fmt: skip
st.session_state.setdefault("qa_context", DEFAULT_CONTEXT)
st.session_state.setdefault("qa_question", DEFAULT_QUESTION)
context = st.text_area("Context", key="qa_context", height=110)
question = st.text_input("Question", key="qa_question")
if not context.strip() or not question.strip():
    st.info("Type a context and a question about it, or pick a held-out example above.")
    st.stop()
a = cache.answer(context, question)
inp = a.inp
if not inp.context.ids:
    st.warning("The context has no words: type letters or digits.")
    st.stop()
if inp.words_cut:
    st.warning(
        f"The encoder reads at most {qa.MAX_LEN} tokens, question included: the last "
        f"{widgets.plural(inp.words_cut, 'word')} of the context were left out, so an answer "
        "there cannot be found."
    )
spelled = dict.fromkeys(inp.question.spelled + inp.context.spelled)
if spelled:
    st.caption("Read character by character (not in the vocabulary): "
               + ", ".join(f"“{w}”" for w in spelled))  # fmt: skip

m1, m2, m3 = st.columns(3)
m1.metric("Answer", a.text if a.text is not None else "no answer")
m2.metric("P(span)" if a.text is not None else "P(no answer)", f"{a.prob:.3f}")
m3.metric("P_start([CLS]) · P_end([CLS] | [CLS])", f"{a.no_answer_prob:.3f}")
if a.text is None:
    st.latex(
        rf"P_{{\mathrm{{start}}}}([\mathrm{{CLS}}])\,"
        rf"P_{{\mathrm{{end}}}}([\mathrm{{CLS}}] \mid [\mathrm{{CLS}}]) = "
        rf"{a.p_start[0]:.3f} \times {a.p_end[0]:.3f} = {a.no_answer_prob:.3f} \;\ge\; "
        r"\text{every span's } P_{\mathrm{start}}(i)\,P_{\mathrm{end}}(j \mid i)"
    )
else:
    i, j = a.span_tokens
    st.latex(
        rf"P_{{\mathrm{{start}}}}({widgets.latex_text(inp.context.pieces[i])})\,"
        rf"P_{{\mathrm{{end}}}}({widgets.latex_text(inp.context.pieces[j])} \mid "
        rf"{widgets.latex_text(inp.context.pieces[i])}) = "
        rf"{a.p_start[i + 1]:.3f} \times {a.p_end[j + 1]:.3f} = {a.prob:.3f} \;>\; "
        rf"P([\mathrm{{CLS}}], [\mathrm{{CLS}}]) = {a.no_answer_prob:.3f}"
    )

c1, c2 = st.columns(2)
n_layers, n_heads = a.attention.shape[:2]
layers = [f"Layer {k + 1}" for k in range(n_layers)]
heads = [*(f"Head {k + 1}" for k in range(n_heads)), "Mean of the heads"]
layer = layers.index(c1.radio("Layer", layers, horizontal=True, key="qa_layer", index=n_layers - 1))
head_label = c2.radio("Head", heads, horizontal=True, key="qa_head", index=n_heads)
head = -1 if head_label == heads[-1] else heads.index(head_label)
bars, attention = cache.qa_figures(context, question, layer, head)
export.plotly(st, bars, key="qa_bars")
st.caption(
    "P_end is drawn given the chosen start "
    + (
        "([CLS]: no answer)."
        if a.span_tokens is None
        else f"(“{inp.context.pieces[a.span_tokens[0]]}”)."
    )
)
code_panel.show(qa.answer, context, question, model=code_panel.Raw("model"))

st.subheader("Which context words the question reads")
focus = cache.question_focus(context, question, layer, head)
owner = np.array(inp.context.word)  # a spelled-out word shows its most-read character
per_word = [focus[owner == w].max() for w in range(len(inp.context.words))]
words = [(w.start, w.end) for w in inp.context.words]
answer_chars = None if a.text is None else (a.start, a.end)
st.html(charts.context_html(context, words, np.array(per_word), answer_chars))
top = inp.context.pieces[int(focus.argmax())]
st.caption(
    f"Blue: the attention of the question's tokens to each context token, averaged over the "
    f"question (layer {layer + 1}, {'mean of the heads' if head < 0 else f'head {head + 1}'}); "
    f"the most read is “{top}” ({focus.max():.2f}). Green box: the answer."
)
export.plotly(st, attention, key="qa_attention")

st.subheader("What a pretrained BERT would add")
held = model.meta.get("heldout_exact_match", {})
st.markdown(
    "BERT fine-tuned on SQuAD answers questions about any Wikipedia paragraph, because "
    "pretraining taught it English and a great deal about the world. This encoder "
    f"({model.encoder.parameters:,} weights, {model.meta.get('train_examples', 0):,} generated "
    "examples) learned to match the question's names against the context and to read a handful "
    "of relations (founded, hired, bought, born, paid, based in). It cannot answer a question "
    "worded unlike its own, reason over two sentences, or answer with anything but a span. "
    "On the held-out templates (sentences and questions worded in ways it never saw, from "
    f"words it did see) it answers {held.get('all', 0):.0%} exactly "
    f"({held.get('answerable', 0):.0%} of the answerable questions, "
    f"{held.get('no_answer', 0):.0%} of those with no answer), but only because training "
    "gave it what BERT brings from pretraining: questions using every word a held-out "
    "question uses (“date”, “city”, “price”), and where each name begins and ends (it also "
    "learned to tag the context's entities). A question word it never saw is a string of "
    "letters to it."
)

checks.show("question-answering")
