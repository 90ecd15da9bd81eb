"""Error analysis on a character model: a narrow beam gives the search's half of the rule.

The date translator's errors are nearly all the model's; the dinosaur-name model of
"Language model & sampling" under beam widths 1..10 shows both verdicts side by side.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.rnn import charlm
from core.translation import errors
from dashboard import cache

CORPUS, WIDE, MAX_LEN = "dinosaurs", 20, 25
WIDEST = f"the best name a B = {WIDE} beam finds"
GENERA = ("stegosaurus", "tyrannosaurus", "velociraptor", "triceratops")
OWN = "type my own"


def _reference(vocab: charlm.Vocab, wide: tuple[int, ...]) -> tuple[int, ...] | None:
    """y* as token ids ending with END, or None after a warning saying what is accepted."""
    choice = st.selectbox("Reference y*", [WIDEST, *GENERA, OWN], key="err_lm_ref_choice")
    if choice == WIDEST:
        return wide
    name = choice if choice != OWN else st.text_input("Your y*", "brontosaurus", key="err_lm_ref")
    ids = vocab.encode(name.strip().lower())
    if len(ids) == 0 or (ids < 0).any() or len(ids) >= MAX_LEN:
        st.warning(
            f"y* must be 1–{MAX_LEN - 1} of the letters a–z (the model's characters), got {name!r}."
        )
        return None
    return (*ids.tolist(), 0)


def show() -> None:
    st.header("Where the search is at fault: a character model")
    st.markdown(
        "The date translator is almost always right, and its few errors are the model's. "
        "The dinosaur-name GRU/LSTM of *Language model & sampling* has no input x, so the rule "
        "compares P(y*) with P(ŷ): ŷ is the best name a beam of width B finds (α = 0, so the "
        "beam ranks by P itself), y* a name you choose."
    )
    c1, c2 = st.columns(2)
    kind = c1.radio("Cell", ["gru", "lstm"], format_func=str.upper, horizontal=True,
                    key="err_lm_kind")  # fmt: skip
    width = c2.slider("Beam width B", 1, 10, 1, key="err_lm_beam")
    model = cache.charlm_model(CORPUS, kind)
    reference = _reference(model.vocab, cache.charlm_best_tokens(CORPUS, kind, WIDE, 0.0, MAX_LEN))
    if reference is None:
        return
    cases = cache.charlm_beam_faults(CORPUS, kind, reference, MAX_LEN)
    case = cases[width]
    name = lambda ids: model.vocab.decode(ids).rstrip("\n")  # noqa: E731
    m1, m2, m3 = st.columns(3)
    m1.metric(f"ŷ at B = {width}", name(case.output))
    m2.metric(f"log P(y* = {name(case.reference)})", f"{case.log_p_reference:.3f}")
    m3.metric("log P(ŷ)", f"{case.log_p_output:.3f}")
    if case.fault == errors.CORRECT:
        st.success(f"The beam found y* at B = {width}: nothing to blame.")
    elif case.fault == errors.BEAM:
        st.warning(
            f"**Beam search at fault:** the model gives y* the higher probability "
            f"({case.log_p_reference:.3f} > {case.log_p_output:.3f}), but a beam of {width} "
            "pruned it. Widen the beam."
        )
    else:
        st.error(
            f"**RNN model at fault:** the model ranks ŷ above y* ({case.log_p_output:.3f} ≥ "
            f"{case.log_p_reference:.3f}); no beam width can help."
        )
    st.dataframe(
        pd.DataFrame(
            {
                "B": list(cases),
                "ŷ": [name(c.output) for c in cases.values()],
                "log P(ŷ)": [round(c.log_p_output, 3) for c in cases.values()],
                "at fault": [c.fault for c in cases.values()],
            }
        ),
        hide_index=True,
        key="err_lm_table",
    )
    st.caption(
        f"The same y* (log P = {case.log_p_reference:.3f}) against every beam width: where the "
        "greedy or narrow search stops at a less probable name, the search is to blame; once "
        "the beam finds a name the model prefers to y*, the model is."
    )
