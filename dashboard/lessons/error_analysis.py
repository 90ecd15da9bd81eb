"""Error analysis in beam search: blame the search or the model, with the course's rule."""

import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.translation import data as dates
from core.translation import errors as date_errors
from dashboard import cache, export
from dashboard.charts import nmt_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, search_faults

st.title("Error analysis")
st.markdown(
    "When the translator is wrong, who is to blame — the beam search that did not find the "
    "best output, or the model that prefers a wrong one? Score the right answer y* and the "
    "output ŷ with the model itself (teacher forcing) and compare:"
)
st.latex(
    r"P(y^* \mid x) > P(\hat y \mid x) \Rightarrow \text{beam search at fault}, \qquad "
    r"P(y^* \mid x) \le P(\hat y \mid x) \Rightarrow \text{RNN model at fault}"
)
c1, c2 = st.columns(2)
beam_width = c1.slider("Beam width B of the search under test", 1, 5, 1, key="err_beam")
test_set = c2.radio(
    "Test set",
    ["Held-out dates", "Held-out dates with a typo in a word"],
    key="err_set",
    help="The typo set drops, doubles or swaps one letter of a month or weekday name "
    "('octoer', 'novembber'): the date meant is unchanged.",
)
try:
    report = cache.date_test_report(beam_width, test_set != "Held-out dates")
except AssetError as err:
    st.error(str(err))
    st.stop()

m1, m2, m3 = st.columns(3)
m1.metric(
    "Exact match", f"{report['accuracy']:.2%}", f"{report['n']:,} dates", "off", delta_arrow="off"
)
m2.metric("Errors: beam search at fault", report["tally"][date_errors.BEAM])
m3.metric("Errors: RNN model at fault", report["tally"][date_errors.MODEL])

errors = report["errors"]
cases = {f"{e.text} → {e.output} (should be {e.reference})": (e.text, e.reference) for e in errors}
hard = {f"{text} (hard case)": (text, ref) for text, ref in date_errors.HARD_CASES}
st.subheader("Pick a failure, or bring your own")
options = {**cases, **hard}


def pick_case() -> None:
    if st.session_state["err_case"] in options:
        st.session_state["err_text"], st.session_state["err_ref"] = options[
            st.session_state["err_case"]
        ]


choice = st.selectbox(
    f"Real failures from this test set ({len(errors)}) and hard cases outside the training styles",
    list(options),
    index=None,
    key="err_case",
    on_change=pick_case,
    placeholder="Choose a failure",
)
default_text, default_ref = next(iter(options.values()))
st.session_state.setdefault("err_text", default_text)
st.session_state.setdefault("err_ref", default_ref)
c1, c2 = st.columns(2)
text = c1.text_input("Input x", key="err_text")
reference = c2.text_input("Reference y* (YYYY-MM-DD)", key="err_ref")

if not text.strip():
    st.info("Type an input date to analyse.")
    st.stop()
try:
    case = cache.date_attribution(text, reference, beam_width)
except ValueError as err:
    st.error(str(err))
    st.stop()

v1, v2, v3 = st.columns(3)
v1.metric("Output ŷ", case.output)
v2.metric("log P(y* | x)", f"{case.log_p_reference:.3f}")
v3.metric("log P(ŷ | x)", f"{case.log_p_output:.3f}")
if case.fault == date_errors.CORRECT:
    st.success(f"The output equals the reference: nothing to blame at B = {beam_width}.")
elif case.fault == date_errors.BEAM:
    st.warning(
        "**Beam search at fault:** the model gives the reference the higher probability, but "
        "the search did not reach it. A wider beam is the fix."
    )
else:
    st.error(
        "**RNN model at fault:** the model itself ranks its wrong output above the reference. "
        "A wider beam cannot help; more or different training data, or a better model, can."
    )
labels = [
    f"{t + 1}: {r}/{o}" for t, (r, o) in enumerate(zip(case.reference, case.output, strict=True))
]
export.plotly(
    st,
    nmt_charts.log_prob_steps(
        labels,
        {"y* (reference)": case.steps_reference, "ŷ (output)": case.steps_output},
        "Per-step log-probabilities under teacher forcing (labels: reference/output)",
    ),
    key="err_steps",
)
code_panel.show(date_errors.attribute, code_panel.Raw("model"), text, reference, beam_width)
st.caption(
    "Both bars are equal up to the first differing character; after it each sequence is "
    "scored given its own history, which is what teacher forcing means."
)

st.subheader("Every error of this test set")
if errors:
    st.dataframe(
        pd.DataFrame(
            {
                "input": [e.text for e in errors],
                "y*": [e.reference for e in errors],
                "ŷ": [e.output for e in errors],
                "log P(y*|x)": [round(e.log_p_reference, 3) for e in errors],
                "log P(ŷ|x)": [round(e.log_p_output, 3) for e in errors],
                "at fault": [e.fault for e in errors],
            }
        ),
        hide_index=True,
        key="err_table",
    )
else:
    st.success(f"No errors on the {report['n']:,} held-out dates at B = {beam_width}.")
st.markdown(
    "**Reading the tally:** if most errors are the search's, widen the beam; if most are the "
    f"model's, work on the model. Held-out set: {report['n']:,} dates drawn with another seed "
    f"than training, none of them seen in training ({dates.TEST_FILE} in assets/)."
)

search_faults.show()

checks.show("error-analysis")
