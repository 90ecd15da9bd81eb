"""Time-series lessons: live-training durations and the quality of every model and baseline."""

from __future__ import annotations

import time

from core.sequences import sine_wave
from core.timeseries import forecasters as fw
from core.timeseries import models as ts
from core.timeseries.weather import hourly_temperature

SINE_FAMILY = ("linear", "dnn", "cnn", "rnn", "lstm", "deep_lstm", "every_step_lstm")


def _sine_section() -> list[str]:
    """The sine page's defaults: length 1000, period 50, noise 0.1, window 20, 10 epochs."""
    noise, window = 0.1, 20
    prep = ts.prepare(sine_wave(1000, 50, noise=noise, seed=0), window, 1)
    scaler, parts = prep.scaler, (prep.train, prep.valid, prep.test)
    truth = scaler.inverse(parts[2].Y[:, 0])
    rows = ["| model | train time | test RMSE | RMSE / σ |", "|---|---:|---:|---:|"]
    persistence = scaler.inverse(ts.persistence(parts[2].X, 1)[:, 0])
    rmse = ts.mae_rmse(truth, persistence)[1]
    rows.append(f"| persistence | — | {rmse:.3f} | {rmse / noise:.2f} |")
    for name in SINE_FAMILY:
        start = time.perf_counter()
        model, _ = ts.fit(name, parts[0], parts[1], prep.z, window, 1, epochs=10)
        seconds = time.perf_counter() - start
        rmse = ts.mae_rmse(truth, scaler.inverse(ts.predict(model, name, parts[2].X)[:, 0]))[1]
        flag = " ✅" if name == "rnn" and rmse <= 1.5 * noise else ""
        rows.append(
            f"| {ts.LABELS[name]} | {seconds:.1f} s {'✅' if seconds < 15 else '❌'} | "
            f"{rmse:.3f} | {rmse / noise:.2f}{flag} |"
        )
    return [
        "### Sine waves (page defaults: 1,000 steps, period 50, noise σ = 0.1, window 20, "
        "10 epochs)",
        "",
        "Targets: each model trains in under 15 s; the SimpleRNN's RMSE "
        "within 1.5 × the noise floor σ.",
        "",
        *rows,
        "",
    ]


def _weather_section() -> list[str]:
    values = hourly_temperature().to_numpy()
    lines = [
        "### Seattle hourly temperature, test period (last 15 % of 2010; shipped models)",
        "",
        "MAE / RMSE in °C. For 24 h: over the whole 24-hour forecast, and at the "
        "24-hour lead (the target: best model ≥ 10 % better than persistence there).",
        "",
    ]
    for horizon in fw.HORIZONS:
        prep = fw.prepare(values, fw.WINDOW, horizon)
        scores = {k: fw.metrics(prep, v) for k, v in fw.baseline_forecasts(prep, horizon).items()}
        for name in ts.MODELS:
            model = fw.load_shipped(name, horizon)
            scores[name] = fw.metrics(prep, ts.predict(model, name, prep.test.X))
        lines += [
            f"**{horizon} h ahead**",
            "",
            "| model | MAE | RMSE | MAE at lead | RMSE at lead |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, s in sorted(scores.items(), key=lambda kv: kv[1]["mae_last"]):
            lines.append(
                f"| {ts.LABELS.get(name, name)} | {s['mae']:.3f} | {s['rmse']:.3f} | "
                f"{s['mae_last']:.3f} | {s['rmse_last']:.3f} |"
            )
        models_only = {k: v for k, v in scores.items() if k in ts.MODELS}
        best = min(models_only, key=lambda k: models_only[k]["mae_last"])
        gain = 1 - models_only[best]["mae_last"] / scores["persistence"]["mae_last"]
        lines += [
            "",
            f"Best model at the {horizon} h lead: {ts.LABELS[best]}, "
            f"{gain:.0%} lower MAE than persistence"
            + (f" {'✅' if gain >= 0.10 else '❌'}" if horizon == 24 else "")
            + ".",
            "",
        ]
    start = time.perf_counter()
    prep = fw.prepare(values, fw.WINDOW, 1)
    ts.fit("lstm", prep.train, prep.valid, prep.z, fw.WINDOW, 1, epochs=6, seed=1)
    seconds = time.perf_counter() - start
    lines += [
        f"Live training of the page's default model (LSTM, 1 h ahead, 6 epochs) on the "
        f"hourly data: **{seconds:.1f} s** {'✅' if seconds < 30 else '❌'} (target < 30 s).",
        "",
    ]
    return lines


def section() -> list[str]:
    return ["## Time series", "", *_sine_section(), *_weather_section()]
