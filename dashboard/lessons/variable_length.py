"""The variable-length problem: padding, truncation, masking and bucketing."""

import numpy as np
import streamlit as st

from core.timeseries import variable_length as vl
from dashboard import export, jobs, widgets
from dashboard.charts import ts_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel

MASKING_S = 10  # both GRUs, TensorFlow loaded (docs/measurements.md)


def truncation_note(cut: int, n: int, maxlen: int, truncating: str) -> str:
    """ "3 of 10 sequences are longer than 25 and lose their last steps.", agreeing in number."""
    if cut == 0:
        return f"None of the {n} sequences is longer than {maxlen}: nothing is truncated."
    verb = "is" if cut == 1 else "are"
    lose = "loses its" if cut == 1 else "lose their"
    end = "first" if truncating == "pre" else "last"
    return f"{cut} of {n} sequences {verb} longer than {maxlen} and {lose} {end} steps."


st.title("The variable-length problem")
st.markdown(
    "A batch is a rectangle, but sentences, recordings and price histories have different "
    "lengths. The fixes: **pad** short sequences, **truncate** long ones, tell the model with a "
    "**mask** which cells are real, and **bucket** similar lengths together to waste less."
)
c1, c2, c3, c4 = st.columns(4)
n = c1.slider("Sequences in the batch", 2, 24, 10, key="var_n")
min_len, max_len = c2.slider("Lengths between", 1, 60, (4, 30), key="var_lengths")
padding = c3.radio("Pad", ["post", "pre"], horizontal=True, key="var_padding")
truncating = c4.radio("Truncate", ["post", "pre"], horizontal=True, key="var_truncating")
e1, e2 = st.columns(2)
maxlen = e1.slider("Max length (truncate beyond)", 1, 60, 25, key="var_maxlen")
seed = int(e2.number_input("Seed", 0, 10_000, 0, key="var_seed"))

seqs = vl.random_sequences(n, min_len, max_len, seed)
batch = vl.pad(seqs, maxlen, padding, truncating)
export.plotly(st, ts_charts.padded_heatmap(batch.values, batch.mask), key="var_heat")
code_panel.show(vl.pad, seqs, maxlen, padding, truncating)
cut = int((batch.lengths > maxlen).sum())
st.caption(
    truncation_note(cut, n, maxlen, truncating) + " Keras' `pad_sequences` pads "
    "and truncates at the front ('pre') by default; an RNN that reads left to right "
    "then meets the real values last, right before its output."
)

st.header("Bucketing")
lengths = np.array([len(s) for s in vl.random_sequences(512, min_len, max_len, seed)])
sizes = [8, 32, 128]
fractions = {
    "one batch of 512": [vl.padding_fraction(lengths)] * len(sizes),
    "sorted into buckets": [vl.padding_fraction(lengths, b) for b in sizes],
}
if lengths.min() == lengths.max():
    st.info(
        f"Every sequence has length {lengths[0]}: a batch of them is already a rectangle, so "
        "there is no padding for bucketing to save. Widen *Lengths between* to see it work."
    )
else:
    export.plotly(
        st,
        ts_charts.grouped_bars(
            [f"buckets of {b}" for b in sizes],
            fractions,
            "Share of the batch that is padding (512 sequences)",
            "padding share",
        ),
        key="var_buckets",
    )
    code_panel.show(vl.padding_fraction, lengths, sizes[-1])
st.caption(
    "Sorting by length before batching leaves each batch with similar lengths, so "
    "little of the computation is spent on padding (`tf.data`'s bucket_by_sequence_length)."
)

st.header("What a model without masking learns from padding")
st.markdown(
    "Task: read a post-padded sequence and output its **last real value**. With a mask the GRU "
    "simply stops updating at the padding, so its final state is the state after the last real "
    "step. Without one it reads the zeros too and has to learn to see through them."
)


def masking_job(job: jobs.Job, seed: int) -> dict:
    """Runs as a job (dashboard/jobs.py): the experiment reports no epochs, only its start."""
    job.report(0.0, "Training a GRU with a Masking layer, then one without…")
    return vl.masking_experiment(seed=seed)


jobs.trained("var_train", f"Train both GRUs ({widgets.about_training(MASKING_S)})",
             lambda job, seed=seed: masking_job(job, seed), store="var_result",
             type="primary")  # fmt: skip
result = st.session_state.get("var_result")
if result:
    m1, m2 = st.columns(2)
    m1.metric("MAE with masking", f"{result['mae']['masked']:.3f}")
    m2.metric("MAE without masking", f"{result['mae']['unmasked']:.3f}")
    export.plotly(
        st,
        ts_charts.error_by_length(
            np.array(result["lengths"]),
            {"with Masking": result["masked"], "without": result["unmasked"]},
        ),
        key="var_errors",
    )
    st.caption(
        "Without the mask the error is several times higher at every length: the GRU has to "
        "carry the last real value through all the zeros that follow it."
    )

st.header("Why an RNN takes any length")
st.latex(
    r"a^{\langle t \rangle} = g\big(W_{aa} a^{\langle t-1 \rangle} + W_{ax} x^{\langle t "
    r"\rangle} + b_a\big), \quad t = 1, \dots, T_x \text{ — the same weights for every } t"
)
st.markdown(
    "The weights do not depend on T_x, so one sequence of 3 steps and one of 300 run through "
    "the same cell, one step at a time. Padding exists only to stack sequences into one "
    "tensor for speed; a dense layer on a flattened window, by contrast, has one weight per "
    "position and needs a fixed length."
)

checks.show("the-variable-length-problem")
