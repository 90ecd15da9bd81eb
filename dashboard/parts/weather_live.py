"""Live training for the weather lesson: a model that joins the hourly comparison, and any
daily or uploaded series forecast from scratch."""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd
import streamlit as st

from core.timeseries import models as ts
from core.timeseries import weather
from dashboard import export, jobs, widgets
from dashboard.charts import ts_charts
from dashboard.parts.live_training import done_text, live_curves, train_models
from dashboard.widgets import plural, ranged_slider

CHOICES = ["linear", "dnn", "cnn", "rnn", "gru", "lstm", "deep_lstm", "every_step_lstm"]
BY_LABEL = {ts.LABELS[n]: n for n in CHOICES}  # widgets show labels; no format_func
UPLOAD_MB = 64  # this uploader's own cap (.streamlit/config.toml's maxUploadSize is the server's)
KEPT_TABLE = "_kept_wx_upload_table"  # (file name, bytes, weather.CsvTable)
# Seconds an epoch on the hourly series with a 48 h window (docs/measurements.md); a longer
# window costs ≈ 0.5 + 0.5 · window / 48 times as much.
EPOCH_S = {"linear": 0.6, "dnn": 0.8, "cnn": 1.3, "rnn": 2.1, "gru": 6.7, "lstm": 4.5,
           "deep_lstm": 4.7, "every_step_lstm": 2.7}  # fmt: skip


def train_estimate(name: str, window: int, epochs: int) -> str:
    scale = 1.0 if name in ("linear", "dnn") else 0.5 + 0.5 * window / 48
    return widgets.about_training(EPOCH_S[name] * epochs * scale)


def live_hourly(horizon: int) -> dict[str, np.ndarray]:
    """Controls to train one model on the hourly series; returns {label: test forecasts (°C)}."""
    from core.timeseries import forecasters as fw

    with st.expander("Train a model live — it joins the comparison below", expanded=False):
        c1, c2, c3, c4 = st.columns(4)
        label = c1.selectbox("Model", list(BY_LABEL), index=5, key="wx_live_model")
        name = BY_LABEL[label]
        window = c2.select_slider(
            "Window (hours)", [12, 24, 48, 72, 168], value=fw.WINDOW, key="wx_live_window"
        )
        epochs = c3.slider("Epochs", 1, 20, 6, key="wx_live_epochs")
        seed = int(c4.number_input("Seed", 0, 10_000, 1, key="wx_live_seed"))
        st.caption("The test period is the same for every window, so the numbers compare.")
        label = f"Train ({train_estimate(name, window, epochs)})"

        def work(job):
            prep = fw.prepare(weather.hourly_temperature().to_numpy(), window, horizon)
            result = train_models(
                [name], prep.train, prep.valid, prep.z, window, horizon, epochs, seed, job
            )
            pred = ts.predict(result[name]["model"], name, prep.test.X)
            mine = f"Yours: {ts.LABELS[name]}, {window} h window, {epochs} ep"
            return (horizon, mine), prep.scaler.inverse(pred), done_text(result)

        def store(kept):
            st.session_state.setdefault("wx_live", {})[kept[0]] = kept[1]

        jobs.trained("wx_live_train", label, work, store=store, done=lambda kept: kept[2],
                     draw=live_curves, type="primary")  # fmt: skip
    return {k[1]: v for k, v in st.session_state.get("wx_live", {}).items() if k[0] == horizon}


def _uploaded_table() -> weather.CsvTable | None:
    """The student's CSV, read in chunks under a progress bar and kept parsed for the session.

    Up to `UPLOAD_MB` (a multi-year hourly record, or the 10-minute Jena one: 41 MB). Once
    read, the file is dropped from Streamlit's upload store and the uploader gets a new key:
    a session keeps only the parsed table (at most `weather.MAX_STEPS` rows), not the bytes.
    """
    n = st.session_state.get("wx_upload_n", 0)
    upload = st.file_uploader(
        f"CSV with a date column and numeric columns (up to {UPLOAD_MB} MB)",
        key="wx_upload" if n == 0 else f"wx_upload_{n}",
        max_upload_size=UPLOAD_MB,
    )
    if upload is not None:
        bar = st.progress(0.0, text=f"Reading {upload.name}…")
        try:
            table = weather.table_from_csv(
                upload, lambda done: bar.progress(done, text=f"Reading {upload.name}: {done:.0%}")
            )
        except ValueError as err:
            bar.empty()
            st.error(f"{upload.name}: {err}")
            return None
        st.session_state[KEPT_TABLE] = (upload.name, upload.size, table)
        st.session_state["wx_upload_n"] = n + 1
        _release(upload)
        st.rerun()
    if KEPT_TABLE not in st.session_state:
        st.info("Upload a CSV, e.g. `date,value` with one row per day or hour.")
        return None
    name, size, table = st.session_state[KEPT_TABLE]
    text, forget = st.columns([4, 1])
    text.caption(
        f"Using **{name}** ({size / 1e6:.1f} MB, {len(table.frame):,} rows), read earlier."
    )
    if forget.button("Forget it", key="wx_upload_forget"):
        st.session_state.pop(KEPT_TABLE, None)
        st.rerun()
    return table


def _release(upload) -> None:
    """Drop the uploaded bytes from Streamlit's store now rather than at the session's end."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    with contextlib.suppress(AttributeError):  # internals moved: kept until the session ends
        ctx.uploaded_file_mgr.remove_file(ctx.session_id, upload.file_id)


def _series(source: str) -> pd.Series | None:
    if source.startswith("Seattle daily"):
        by_label = {v: k for k, v in weather.DAILY_COLUMNS.items()}
        column = st.selectbox("Column", list(by_label), key="wx_daily_col")
        return weather.daily(by_label[column])
    table = _uploaded_table()
    if table is None:
        return None
    columns = [str(c) for c in table.frame.columns]
    guess = next((i for i, c in enumerate(columns) if c.lower().startswith(("t ", "temp"))), 0)
    column = st.selectbox("Value column", columns, index=guess, key="wx_upload_col")
    try:
        series, notes = weather.column_series(table, column)
    except ValueError as err:
        st.error(str(err))
        return None
    for note in notes:
        st.caption(note)
    return series


def show(source: str) -> None:
    """Forecast the daily Seattle weather or an uploaded series with a model trained live."""
    series = _series(source)
    if series is None:
        return
    unit = weather.step_name(series.index)  # hour, day or step
    values = series.to_numpy(dtype=np.float64)
    c1, c2, c3, c4 = st.columns(4)
    # Up to a week of hours as input and two days ahead; a series needs about 10 windows to train.
    with c1:
        window = ranged_slider(
            f"Window N ({unit}s)", 2, min(168, len(values) // 10), 14, "wx_any_window"
        )
    with c2:
        horizon = ranged_slider(
            f"Horizon ({unit}s)", 1, min(48, len(values) // 20), 1, "wx_any_horizon"
        )
    name = BY_LABEL[c3.selectbox("Model", list(BY_LABEL), index=4, key="wx_any_model")]
    epochs = c4.slider("Epochs", 1, 30, 10, key="wx_any_epochs")
    try:
        prep = ts.prepare(values, window, horizon)
    except ValueError as err:
        st.warning(f"{err} This series has {len(values)} values.")
        return
    z, scaler, test = prep.z, prep.scaler, prep.test
    forecasts = {"Persistence": ts.persistence(test.X, horizon)}
    found = weather.season(series.index)
    if found and test.target_start.min() >= found[0]:
        period, seasonal = found
        forecasts[seasonal] = ts.seasonal_naive(z, test.target_start, horizon, period)
    elif found:
        st.caption(
            f"{found[1]} needs {found[0]} {unit}s before the test period; this series is too short."
        )
    key = (source, series.name, len(values), window, horizon, name, epochs)

    def work(job):
        result = train_models([name], prep.train, prep.valid, z, window, horizon, epochs, 0, job)
        return key, ts.predict(result[name]["model"], name, test.X), done_text(result)

    jobs.trained("wx_any_train", "Train", work, store="wx_any", done=lambda kept: kept[2],
                 draw=live_curves, type="primary")  # fmt: skip
    stored = st.session_state.get("wx_any")
    if stored and stored[0] == key:
        forecasts[ts.LABELS[name]] = stored[1]
    truth = scaler.inverse(test.Y[:, -1])
    preds = {k: scaler.inverse(v[:, -1]) for k, v in forecasts.items()}
    rows = [
        {"model": k, "MAE": ts.mae_rmse(truth, p)[0], "RMSE": ts.mae_rmse(truth, p)[1]}
        for k, p in preds.items()
    ]
    st.dataframe(
        pd.DataFrame(rows).set_index("model"),
        column_config=widgets.decimals("MAE", "RMSE"),
        key="wx_any_tab",
    )
    times = series.index[test.target_start + horizon - 1]
    export.plotly(
        st,
        ts_charts.forecast_overlay(
            times,
            truth,
            preds,
            title=f"{series.name}: {plural(horizon, unit)} ahead on the test period",
        ),
        key="wx_any_overlay",
    )
