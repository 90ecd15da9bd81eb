"""Train the music LSTM live for a few epochs: progress, a loss curve, then improvise with it."""

from __future__ import annotations

import time

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from dashboard import export, jobs
from dashboard.charts import lm_charts, music_charts
from dashboard.jobs import Job, Snapshot
from dashboard.widgets import plural

RESULT = "music_trained"  # session state: this session's model (never a shared cached one)
DEFAULT_EPOCHS, DEFAULT_UNITS = 3, 64  # BENCHMARKS.md times these defaults


def _curve(history: dict[str, list[float]], shipped: float | None) -> go.Figure:
    series = {"training": history["xent"], "held-out tunes": history["val_xent"]}
    title = "Cross-entropy per event, nats (dotted: the shipped model)"
    return lm_charts.loss_curve(series, shipped, title, y_title=None)


def _train(tunes, units: int, epochs: int, job: Job) -> dict:
    """Runs as a job (dashboard/jobs.py): reports each epoch's cross-entropy."""
    from core.rnn import music

    config = music.TrainConfig(units=units, epochs=epochs)
    job.report(0.0, "Importing TensorFlow…")
    history: dict[str, list[float]] = {"xent": [], "val_xent": []}

    def on_epoch(epoch: int, logs: dict) -> None:
        history["xent"].append(float(logs["xent"]))
        history["val_xent"].append(float(logs["val_xent"]))
        job.report((epoch + 1) / epochs, f"Epoch {epoch + 1}/{epochs}: held-out "
                   f"{logs['val_xent']:.3f} nats/event", xent=logs["xent"],
                   val_xent=logs["val_xent"])  # fmt: skip

    start = time.perf_counter()
    model = music.fit(tunes, config, on_epoch)
    return {"model": model, "history": history, "seconds": time.perf_counter() - start,
            "config": config}  # fmt: skip


def _draw_live(snap: Snapshot, shipped: float | None) -> None:
    if snap.history:
        export.plotly(st, _curve(snap.history, shipped), key="music_live_curve", data=False)


def show(tunes, shipped_xent: float | None, seed_events, meter: str, n_steps: int) -> None:
    """The section: controls, a Train button, and the last run of this session."""
    from core.rnn import music

    st.header("Train it yourself")
    st.markdown(
        "Train a fresh LSTM on the same training tunes for a few epochs and watch the "
        "held-out cross-entropy fall; then hear what it improvises from the same seed."
    )
    c1, c2 = st.columns(2)
    epochs = c1.slider("Epochs", 1, 10, DEFAULT_EPOCHS, key="music_train_epochs")
    units = c2.select_slider("LSTM units", [32, 64, 128], DEFAULT_UNITS, key="music_train_units")
    st.caption(
        "Measured on 2 busy cores with 64 units: about 11 s for the first epoch (the graph is "
        "built), 4 s for each one after, plus 8–20 s to import TensorFlow the first time "
        "(BENCHMARKS.md times the defaults)."
    )
    jobs.trained(
        "music_train_go",
        "Train",
        lambda job: _train(tunes, units, epochs, job),
        store=RESULT,
        draw=lambda snap: _draw_live(snap, shipped_xent),
        type="primary",
    )
    result = st.session_state.get(RESULT)
    if not result:
        return
    config = result["config"]
    st.success(
        f"Your LSTM-{config.units}: {plural(len(result['history']['xent']), 'epoch')} in "
        f"{result['seconds']:.0f} s, held-out {result['history']['val_xent'][-1]:.3f} nats/event"
        + (f" (shipped model {shipped_xent:.3f})." if shipped_xent is not None else ".")
    )
    export.plotly(st, _curve(result["history"], shipped_xent), key="music_curve")
    mine = music.improvise(result["model"], seed_events, n_steps, 1.0, 0, meter)
    if len(mine.events):
        export.plotly(
            st,
            music_charts.piano_roll(mine.events, mine.probs, mine.n_seed, music.TICKS),
            key="music_own_roll",
        )
        drawn = mine.probs[mine.n_seed :]
        st.caption(
            f"Your model from the same seed at T = 1: mean P drawn "
            f"{np.mean(drawn) if len(drawn) else float('nan'):.2f}."
        )
        wav = music.wav_bytes(music.synthesize(mine.events))
        st.audio(wav, format="audio/wav")
