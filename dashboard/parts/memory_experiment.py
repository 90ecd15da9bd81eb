"""The gradients lesson's live experiment: recall the first symbol after T steps."""

import os

import numpy as np
import streamlit as st

from core.assets import AssetError
from core.rnn.memory_task import DEFAULT_LAGS, K, MemoryConfig
from dashboard import cache, export, jobs, state, widgets
from dashboard.charts import gradient_charts
from dashboard.jobs import Job

QUICK = "SEQLAB_QUICK_TRAINING"  # "1": the smallest configuration (set by the browser tests)
LIVE_S = 60  # one seed at every lag (docs/measurements.md)


def _config(seed: int) -> MemoryConfig:
    """The page's configuration; the browser tests' server sets QUICK for a 2-epoch one."""
    if os.environ.get(QUICK) == "1":
        return MemoryConfig(seed=seed, epochs=2, n_train=256)
    return MemoryConfig(seed=seed)


def _train_live(config: MemoryConfig, job: Job) -> dict:
    """Runs as a job (dashboard/jobs.py): every cell at every lag, reported as it goes."""
    from core.rnn import memory_task

    result = memory_task.train(config, on_step=lambda f, msg: job.report(f, msg))
    return {
        "accuracy": result.accuracy,
        "rnnbow": result.rnnbow,
        "seed": config.seed,
        "seconds": result.seconds,
    }


def show() -> None:
    st.header("Live experiment: remember the first symbol")
    st.markdown(
        f"x⟨1⟩ is one of {K} cue symbols, x⟨2⟩ … x⟨T⟩ are distractors, and the answer at step "
        "T is the cue. The only way to learn it is a gradient that travels T steps back. "
        "Each cell (16 units, recurrent weights initialised at spectral radius 0.9; the "
        "gated cells' memory gates start leaning open, bias +1, as Keras does for the LSTM's "
        f"forget gate) is trained for {_config(0).epochs} epochs at each lag."
    )
    try:
        shipped = cache.memory_runs()
    except AssetError as err:
        st.error(str(err))
        return
    c1, c2 = st.columns([1, 3])
    seed = int(c1.number_input("Seed", 0, 1000, 7, key="grad_mem_seed"))
    label = f"Train live ({widgets.about_training(LIVE_S)})"
    config = _config(seed)
    with c2:
        jobs.trained("grad_mem_train", label, lambda job: _train_live(config, job),
                     store="grad_mem_live", done=lambda r: f"Done in {r['seconds']:.0f} s.",
                     where=c1, type="primary")  # fmt: skip
    live = st.session_state.get("grad_mem_live")
    runs = [r["accuracy"] for r in shipped] + ([live["accuracy"]] if live else [])
    label = (
        f"{len(shipped)} shipped runs + your run (seed {live['seed']}, {live['seconds']:.0f} s)"
        if live
        else f"{len(shipped)} shipped runs (seeds "
        f"{shipped[0]['config']['seed']}–{shipped[-1]['config']['seed']})"
    )
    export.plotly(
        st, gradient_charts.memory_accuracy(list(DEFAULT_LAGS), runs, 1 / K), key="grad_mem_acc"
    )
    st.caption(
        f"Lines: the mean over {label}; dots: each run. At the longest lag the plain RNN is "
        "the one that falls towards chance: its gradient to x⟨1⟩ has vanished. Single short "
        "runs are noisy (an LSTM can stall at one lag and solve the next), so the dots matter "
        "as much as the lines."
    )

    rnnbow((live or shipped[0])["rnnbow"])


@state.fragment
def rnnbow(runs: dict) -> None:
    """The RNNbow of one cell at one lag: its two controls rerun this part alone.

    Args:
        runs: "cell-lag" -> per-epoch gradient shares, of the student's run or a shipped one.
    """
    st.subheader("Where the gradient comes from (RNNbow)")
    r1, r2 = st.columns(2)
    kind = r1.radio("Cell", ["RNN", "GRU", "LSTM"], horizontal=True, key="grad_bow_cell").lower()
    lag = r2.select_slider("Lag T", DEFAULT_LAGS, value=DEFAULT_LAGS[-1], key="grad_bow_lag")
    bow = runs[f"{kind}-{lag}"]
    export.plotly(
        st,
        gradient_charts.rnnbow(
            np.asarray(bow),
            f"{kind.upper()}, T = {lag}: share of ∂L/∂Wax from each step's input, per epoch",
        ),
        key="grad_bow",
    )
    st.caption(
        "Only x⟨1⟩ carries information. When its column stays dark, almost no gradient "
        "reaches the cue: the model cannot learn that the answer is there."
    )
