"""Time series: sine waves — linear, DNN, CNN and RNN forecasters trained live."""

import numpy as np
import pandas as pd
import streamlit as st

from core.sequences import sine_wave
from core.timeseries import models as ts
from dashboard import export, jobs
from dashboard.charts import ts_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel
from dashboard.parts.live_training import (
    compare_curves,
    done_text,
    keyed_training,
    live_curves,
    stopping_note,
)
from dashboard.widgets import about_training, decimals

FAMILY = ["linear", "dnn", "cnn", "rnn", "lstm", "deep_lstm"]
# Seconds for 10 epochs on 1,000 steps, window 20, measured on the 2-core dev machine.
MEASURED_S = {"linear": 3.7, "dnn": 5.0, "cnn": 3.8, "rnn": 4.5, "lstm": 5.2, "deep_lstm": 9.4,
              "every_step_lstm": 6.0}  # fmt: skip


def estimate(models: list[str], length: int, epochs: int) -> str:
    """The measured times scaled by epochs and series length (windows per epoch)."""
    return about_training(sum(MEASURED_S[m] for m in models) * epochs / 10 * length / 1000)


st.title("Time series: sine waves")
st.markdown(
    "Shape a wave, cut it into windows of N past values, and train forecasters to predict the "
    "next value. Training is split by **time**: the first 70 % trains, the next 15 % picks the "
    "epoch, the last 15 % is the test the table reports."
)
c1, c2, c3, c4 = st.columns(4)
length = c1.slider("Length", 300, 2000, 1000, 100, key="sin_length")
period = c2.slider("Period", 10, 100, 50, key="sin_period")
noise = c3.slider("Noise σ", 0.0, 0.5, 0.1, 0.05, key="sin_noise")
trend = c4.slider("Trend per step", 0.0, 0.01, 0.0, 0.001, format="%.3f", key="sin_trend")
b1, b2, _ = st.columns([1, 1, 2])
amplitude = b1.slider("Amplitude", 0.1, 5.0, 1.0, 0.1, key="sin_amplitude")
phase = b2.slider("Phase (radians)", 0.0, 6.28, 0.0, 0.1, key="sin_phase")
d1, d2, d3 = st.columns(3)
window = d1.slider("Window N", 2, 60, 20, key="sin_window")
epochs = d2.slider("Epochs", 2, 30, 10, key="sin_epochs")
seed = int(d3.number_input("Seed", 0, 10_000, 0, key="sin_seed"))

series = sine_wave(length, period, amplitude, phase, noise, trend, seed).astype(np.float64)
try:
    prep = ts.prepare(series, window, 1)
except ValueError as err:
    st.warning(f"{err} (Series of 300–2000 steps and windows of 2–60 are accepted.)")
    st.stop()
z, scaler, split = prep.z, prep.scaler, prep.split
train, valid, test = prep.train, prep.valid, prep.test

chosen = st.multiselect(
    "Models to train",
    [ts.LABELS[n] for n in FAMILY],
    default=[ts.LABELS[n] for n in ("linear", "dnn", "rnn")],
    key="sin_models",
)
names = [n for n in FAMILY if ts.LABELS[n] in chosen]
config = (length, period, amplitude, phase, noise, trend, window, epochs, seed)
label = f"Train the selected models ({estimate(names, length, epochs)})"
jobs.trained(
    "sin_train",
    label,
    keyed_training(config, names, train, valid, z, window, 1, epochs, seed),
    store="sin_results",
    done=lambda stored: done_text(stored[1]),
    draw=live_curves,
    type="primary",
    disabled=not names,
)
stored = st.session_state.get("sin_results")
results = stored[1] if stored and stored[0] == config else {}
if stored and not results:
    st.info("The data or window changed since the last training: train again to compare.")

truth = scaler.inverse(test.Y[:, 0])
forecasts = {"persistence": scaler.inverse(ts.persistence(test.X, 1)[:, 0])}
forecasts |= {
    ts.LABELS[n]: scaler.inverse(ts.predict(r["model"], n, test.X)[:, 0])
    for n, r in results.items()
}
rows = []
for name, pred in forecasts.items():
    mae, rmse = ts.mae_rmse(truth, pred)
    rows.append(
        {
            "model": name,
            "MAE": mae,
            "RMSE": rmse,
            # text, not NaN: Streamlit draws a styled NaN as "None" whatever na_rep says
            "RMSE / noise σ": f"{rmse / noise:.3f}" if noise else "— (σ = 0)",
            "train time": next(
                (f"{r['seconds']:.1f} s" for n, r in results.items() if ts.LABELS[n] == name),
                "—",
            ),
        }
    )
export.plotly(
    st,
    ts_charts.forecast_overlay(
        test.target_start,
        truth,
        forecasts,
        title="Test period: next-value forecasts over the truth",
    ),
    key="sin_overlay",
)
code_panel.show(ts.prepare, series, window, 1)
st.dataframe(
    pd.DataFrame(rows).set_index("model"),
    column_config=decimals("MAE", "RMSE"),
    key="sin_table",
)
st.caption(
    "The noise floor: no forecaster can beat RMSE ≈ σ on unpredictable noise, so "
    "RMSE / σ near 1 means the model found all there is to find."
)
if results:
    export.plotly(
        st,
        ts_charts.loss_curves(
            {ts.LABELS[n]: r["history"] for n, r in results.items()},
            key="val_last_step",
            title="Validation MSE of the next-value forecast (scaled units) per epoch",
        ),
        key="sin_losses",
    )
    if note := stopping_note({ts.LABELS[n]: r["history"] for n, r in results.items()}, epochs):
        st.caption(note)

st.header("How long a window?")
sizes = np.arange(2, 61, 2)
rmse_by_window = []
for n in sizes:
    tr_n = ts.windows(z, int(n), 1, int(n), split.train)
    va_n = ts.windows(z, int(n), 1, split.train, split.valid)
    rmse_by_window.append(ts.linear_lstsq(tr_n, va_n)[1] * scaler.std)
export.plotly(
    st,
    ts_charts.window_effect(sizes, np.array(rmse_by_window), noise or None),
    key="sin_window_fig",
)
code_panel.show(ts.linear_lstsq, tr_n, va_n)
st.caption(
    "The best linear model for each N, solved exactly by least squares. Too short a "
    "window cannot average the noise away; past a period or so, more history adds little."
)

st.header("Loss at the last step, or at every step?")
st.latex(
    r"L_{\text{last}} = \big(\hat y^{\langle T \rangle} - y^{\langle T \rangle}\big)^2"
    r"\qquad L_{\text{every}} = \frac{1}{T}\sum_{t=1}^{T} "
    r"\big(\hat y^{\langle t \rangle} - y^{\langle t \rangle}\big)^2"
)
st.markdown(
    "A sequence-to-sequence LSTM predicts the next value after **every** input step: each "
    "window gives T error signals instead of one. Does that make it learn faster per epoch? "
    "Train both and read the curves: both are scored on the same last-step forecast."
)
both_models = ["lstm", "every_step_lstm"]
jobs.trained(
    "sin_seq2seq",
    f"Train both LSTMs ({estimate(both_models, length, epochs)})",
    keyed_training(config, both_models, train, valid, z, window, 1, epochs, seed),
    store="sin_both",
    done=lambda stored: done_text(stored[1]),
    draw=live_curves,
)
both = st.session_state.get("sin_both")
if both and both[0] == config:
    export.plotly(
        st,
        ts_charts.loss_curves(
            {ts.LABELS[n]: r["history"] for n, r in both[1].items()},
            key="val_last_step",
            title="Validation MSE of the last-step forecast per epoch — same yardstick for both",
        ),
        key="sin_both_fig",
    )
    histories = {ts.LABELS[n]: r["history"] for n, r in both[1].items()}
    st.caption(
        compare_curves(ts.LABELS["lstm"], ts.LABELS["every_step_lstm"], histories, "val_last_step")
        + " "
        + stopping_note(histories, epochs)
    )

checks.show("time-series-sine-waves")
