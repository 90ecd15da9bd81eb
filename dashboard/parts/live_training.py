"""Train forecasters live with a progress bar; results stay in the session, not in a cache."""

from __future__ import annotations

import time

import numpy as np
import streamlit as st

from core.timeseries import models as ts


def train_models(
    names: list[str],
    train: ts.Dataset,
    valid: ts.Dataset,
    z: np.ndarray,
    window: int,
    horizon: int,
    epochs: int,
    seed: int,
) -> dict[str, dict]:
    """{name: {"history", "model", "seconds"}} for each model, trained in turn."""
    bar = st.progress(0.0, text="Importing TensorFlow…")
    results = {}
    for i, name in enumerate(names):
        start = time.perf_counter()

        def report(epoch: int, logs: dict, i=i, name=name) -> None:
            bar.progress(
                min((i + (epoch + 1) / epochs) / len(names), 1.0),
                text=f"{ts.LABELS[name]}: epoch {epoch + 1}/{epochs}, "
                f"val loss {logs.get('val_loss', float('nan')):.4f}",
            )

        model, history = ts.fit(name, train, valid, z, window, horizon, epochs, seed, report)
        results[name] = {"history": history, "model": model, "seconds": time.perf_counter() - start}
    bar.progress(
        1.0,
        text="Done: "
        + ", ".join(f"{ts.LABELS[n]} {r['seconds']:.1f} s" for n, r in results.items()),
    )
    return results
