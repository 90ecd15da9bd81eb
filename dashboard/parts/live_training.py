"""Train forecasters as a job (dashboard/jobs.py); results stay in the session, not in a cache."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import streamlit as st

from core.timeseries import models as ts
from dashboard import export
from dashboard.jobs import Job, Snapshot


def train_models(
    names: list[str],
    train: ts.Dataset,
    valid: ts.Dataset,
    z: np.ndarray,
    window: int,
    horizon: int,
    epochs: int,
    seed: int,
    job: Job | None = None,
) -> dict[str, dict]:
    """{name: {"history", "model", "seconds"}} for each model, trained in turn.

    Runs as a job (dashboard/jobs.py): reports each epoch's validation loss to `job`.
    """
    if job is not None:
        job.report(0.0, "Importing TensorFlow…")
    import keras  # noqa: F401  # before the clock: the first model is not charged for it

    results = {}
    for i, name in enumerate(names):
        start = time.perf_counter()

        def report(epoch: int, logs: dict, i=i, name=name) -> None:
            loss = logs.get("val_loss", float("nan"))
            if job is not None:
                job.report(
                    (i + (epoch + 1) / epochs) / len(names),
                    f"{ts.LABELS[name]}: epoch {epoch + 1}/{epochs}, val loss {loss:.4f}",
                    **{ts.LABELS[name]: loss},
                )

        model, history = ts.fit(name, train, valid, z, window, horizon, epochs, seed, report)
        results[name] = {"history": history, "model": model, "seconds": time.perf_counter() - start}
    return results


def keyed_training(config, *args) -> Callable[[Job], tuple]:
    """The work of a job: `(config, train_models(*args))`, its values bound now (the page's
    variables may change while it trains)."""
    return lambda job: (config, train_models(*args, job=job))


def done_text(results: dict[str, dict]) -> str:
    """The "Done: " line: each model's training time."""
    return "Done: " + ", ".join(f"{ts.LABELS[n]} {r['seconds']:.1f} s" for n, r in results.items())


def live_curves(snap: Snapshot) -> None:
    """While a job trains: each model's validation loss so far."""
    if any(snap.history.values()):
        from dashboard.charts import lm_charts

        title = "Live: validation loss (MSE, scaled units) per epoch"
        fig = lm_charts.loss_curve(snap.history, None, title, y_title=None)
        export.plotly(st, fig, key="ts_live_curves", data=False)


def stopping_note(histories: dict[str, dict], epochs: int, patience: int = 4) -> str:
    """Which curves early stopping ended before `epochs`, and why; "" when none did."""
    stopped = {
        name: len(h["val_loss"]) for name, h in histories.items() if len(h["val_loss"]) < epochs
    }
    if not stopped:
        return ""
    which = ", ".join(f"{name} after epoch {n}" for name, n in stopped.items())
    return (
        f"Early stopping ended {which} of {epochs}: the validation loss had not improved for "
        f"{patience} epochs, and the weights of the best epoch are kept."
    )


def compare_curves(first: str, second: str, histories: dict[str, dict], key: str) -> str:
    """Who is lower per epoch and at its best, read off two validation curves."""
    a, b = np.asarray(histories[first][key]), np.asarray(histories[second][key])
    common = min(a.size, b.size)
    wins = int(np.sum(b[:common] < a[:common]))
    better = second if b.min() < a.min() else first
    return (
        f"At these settings {second} has the lower validation MSE at {wins} of the {common} "
        f"epochs both ran; best: {first} {a.min():.4f} (epoch {int(a.argmin()) + 1}), {second} "
        f"{b.min():.4f} (epoch {int(b.argmin()) + 1}), so {better} ends ahead. More error "
        "signals per window do not guarantee a better last-step forecast: the every-step loss "
        "also trains the early steps, which see only a short history."
    )
