"""BLEU, counted by hand: clipped n-grams, precisions, brevity penalty, score."""

import math

import streamlit as st

from core.assets import AssetError
from core.translation import bleu
from dashboard import cache, export, widgets
from dashboard.charts import bleu_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel

st.title("BLEU score")
st.markdown(
    "BLEU (bilingual evaluation understudy) scores a machine translation against human "
    "references by the n-grams they share. A candidate n-gram is credited at most as often "
    "as it appears in any single reference (**Count_clip**), so repeating a correct word does "
    "not pay."
)

PRESETS = {
    "The lecture's 'the the the…'": (
        "the the the the the the the",
        ["the cat is on the mat", "there is a cat on the mat"],
    ),
    "A good machine translation": (
        "the cat is on the mat",
        ["the cat is on the mat", "there is a cat on the mat"],
    ),
    "Too short": ("the cat", ["the cat is on the mat", "there is a cat on the mat"]),
    "Word order scrambled": (
        "mat the on is cat the",
        ["the cat is on the mat", "there is a cat on the mat"],
    ),
    "Same meaning, other words": (
        "a feline sits upon the rug",
        ["the cat is on the mat", "there is a cat on the mat"],
    ),
}


def load_preset() -> None:
    if st.session_state["bleu_preset"] not in PRESETS:
        return
    cand, refs = PRESETS[st.session_state["bleu_preset"]]
    st.session_state["bleu_candidate"] = cand
    for i in range(4):
        st.session_state[f"bleu_ref_{i}"] = refs[i] if i < len(refs) else ""


st.selectbox(
    "Preset",
    list(PRESETS),
    key="bleu_preset",
    on_change=load_preset,
    index=None,
    placeholder="Examples from the course",
)
default_cand, default_refs = PRESETS["The lecture's 'the the the…'"]
st.session_state.setdefault("bleu_candidate", default_cand)
for i in range(4):
    st.session_state.setdefault(f"bleu_ref_{i}", default_refs[i] if i < len(default_refs) else "")
candidate = st.text_input("Candidate (machine translation)", key="bleu_candidate")
cols = st.columns(2)
refs = [cols[i % 2].text_input(f"Reference {i + 1}", key=f"bleu_ref_{i}") for i in range(4)]
o1, o2 = st.columns(2)
smooth = o1.radio(
    "Smoothing of zero precisions",
    ["exp", "none"],
    horizontal=True,
    key="bleu_smooth",
    help="'exp' is sacrebleu's sentence-BLEU default (mteval's NIST smoothing, and orders the "
    "candidate is too short for are left out); 'none' is the paper's formula over n = 1..4, "
    "where one empty order makes the score 0.",
)
lowercase = o2.checkbox(
    "Ignore case (sacrebleu's lowercase=True)",
    key="bleu_lowercase",
    help="BLEU is case-sensitive: 'The' and 'the' are different tokens, so an upper-cased "
    "copy of a reference scores near 0. sacrebleu lowercases both sides with this option.",
)
result = bleu.sentence_bleu(
    candidate, refs, smooth=smooth, effective_order=smooth != "none", lowercase=lowercase
)
if result.note:
    st.warning(result.note)
if not lowercase and result.score < 100:
    cased = bleu.sentence_bleu(candidate, refs, smooth, smooth != "none", lowercase=True)
    if cased.score > result.score + 0.005:
        st.info(
            f"BLEU is case-sensitive: ignoring case would score {cased.score:.2f} instead of "
            f"{result.score:.2f}. Tick *Ignore case* to compare lowercased text."
        )

tokens = bleu.tokenize_13a(candidate.lower() if lowercase else candidate)
if tokens:
    st.markdown(
        bleu_charts.highlighted_candidate(tokens, bleu_charts.match_orders(tokens, result.matched)),
        unsafe_allow_html=True,
    )
real_refs = [r for r in refs if r.strip()]
stats = bleu.segment_stats(candidate, real_refs, lowercase) if real_refs and tokens else None
if stats is not None:
    tabs = st.tabs([f"{n}-grams" for n in range(1, bleu.MAX_ORDER + 1)])
    for n, tab in enumerate(tabs, start=1):
        table = bleu_charts.ngram_table(
            bleu.ngrams(tokens, n), stats.clip[n - 1], stats.matched[n - 1]
        )
        with tab:
            if table.empty:
                st.caption(
                    f"The candidate has fewer than {n} tokens: no {n}-grams. "
                    + (
                        f"sacrebleu's effective order leaves p{n} out: the mean is over "
                        f"n = 1..{result.order}."
                        if n > result.order
                        else f"The paper's formula counts p{n} as 0, so BLEU is 0."
                    )
                )
            else:
                st.dataframe(table, hide_index=True, key=f"bleu_table_{n}")
            raw = 100 * result.counts[n - 1] / max(result.totals[n - 1], 1)
            st.latex(
                rf"p_{n} = \frac{{\sum \mathrm{{Count_{{clip}}}}}}{{\sum \mathrm{{Count}}}} = "
                rf"\frac{{{result.counts[n - 1]}}}{{{result.totals[n - 1]}}} = {raw:.2f}\%"
            )
            if abs(raw - result.precisions[n - 1]) > 1e-9:
                st.caption(
                    f"No {n}-gram matches: '{smooth}' smoothing uses "
                    f"{result.precisions[n - 1]:.2f}% instead of 0, so the log is defined."
                )

left, right = st.columns([3, 2])
export.plotly(
    left,
    bleu_charts.precision_bars(result.precisions, result.counts, result.totals),
    key="bleu_bars",
)
code_panel.show(
    bleu.sentence_bleu, candidate, refs, smooth=smooth, effective_order=smooth != "none",
    lowercase=lowercase, where=left,
)  # fmt: skip
with right:
    st.metric("BLEU", f"{result.score:.2f}")
    st.metric(
        "Brevity penalty BP",
        f"{result.bp:.4f}",
        f"c = {result.sys_len}, r = {result.ref_len}",
        "off",
        delta_arrow="off",
    )
    order = result.order
    used = result.precisions[:order]
    geo = 100 * math.exp(sum(math.log(p / 100) for p in used) / order) if all(used) else 0.0
    st.metric(f"Geometric mean of p1..p{order}", f"{geo:.2f}")
st.latex(
    rf"\mathrm{{BLEU}} = BP \cdot \exp\Big(\tfrac1{{{order}}} \sum_{{n=1}}^{{{order}}} "
    r"\log p_n\Big), \qquad "
    r"BP = \begin{cases} 1 & c > r \\ e^{1 - r/c} & c \le r \end{cases}"
)
st.latex(
    rf"\mathrm{{BLEU}} = {result.bp:.4f} \cdot {geo:.2f} = {result.bp * geo:.2f}"
    + (r"\quad(\text{a } p_n = 0)" if not all(used) else "")
)
st.caption(
    (
        f"N = {order}: the candidate has no {order + 1}-grams, so sacrebleu's sentence BLEU "
        f"(effective order) averages p1..p{order} only. "
        if order < bleu.MAX_ORDER
        else f"N = {order}. "
    )
    + "c: candidate length in tokens; r: the reference length closest to c. Tokens are split "
    "as sacrebleu's default '13a' tokeniser splits them; the score equals sacrebleu's (tested)."
)

st.header("Corpus BLEU")
st.markdown(
    "For a test set, counts and lengths are **summed over all sentences** before the "
    "precisions are taken — not an average of sentence scores."
)
source = st.radio(
    "Corpus", ["Date translator on the held-out set", "Pasted sentence pairs"], key="bleu_corpus"
)
if source == "Pasted sentence pairs":
    pasted = st.text_area(
        "One pair per line: candidate ||| reference (more references: ||| another)",
        "the cat is on the mat ||| the cat sat on the mat\n"
        "there is a dog in the garden ||| a dog is in the garden",
        key="bleu_pairs",
    )
    lines = [line for line in pasted.splitlines() if line.strip()]
    pairs = [line.split("|||") for line in lines if "|||" in line]
    if len(pairs) < len(lines):
        st.warning(
            f"{widgets.plural(len(lines) - len(pairs), 'line')} without '|||' skipped: write "
            "`candidate ||| reference` on each line."
        )
    hyps = [p[0].strip() for p in pairs]
    references = [[r.strip() for r in p[1:]] for p in pairs]
    corpus = bleu.corpus_bleu(hyps, references, lowercase=lowercase)
else:
    try:
        hyps, corpus = cache.date_test_bleu(1)
    except AssetError as err:
        st.error(str(err))
        st.stop()
    st.caption(
        "Outputs 'YYYY-MM-DD' tokenise as year, '-', month, '-', day, so a wrong day costs one "
        "unigram and the n-grams that contain it."
    )
c1, c2 = st.columns(2)
c1.metric(
    "Corpus BLEU",
    f"{corpus.score:.2f}",
    widgets.plural(len(hyps), "sentence"),
    "off",
    delta_arrow="off",
)
c2.metric(
    "BP",
    f"{corpus.bp:.3f}",
    f"c = {corpus.sys_len:,}, r = {corpus.ref_len:,}",
    "off",
    delta_arrow="off",
)
for n, (col, p) in enumerate(zip(st.columns(bleu.MAX_ORDER), corpus.precisions, strict=True)):
    col.metric(f"p{n + 1} (%)", f"{p:.1f}")
if corpus.note:
    st.info(corpus.note)

st.markdown(
    "**What BLEU misses.** It counts surface n-grams: a correct paraphrase with other words "
    "scores low (try the preset *Same meaning, other words*), a fluent sentence that says the "
    "opposite can score high, and it ignores meaning, grammar beyond 4 words and which words "
    "matter. It was designed for *corpora* with several references; one sentence's score is "
    "noisy. Use it to compare systems on the same test set, never as an absolute grade."
)

checks.show("bleu-score")
