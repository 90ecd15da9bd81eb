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
    import keras  # noqa: F401  # before the clock: the first model is not charged for it

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
