"""Waveforms, spectrograms and trigger probabilities over time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

MAX_POINTS = 4000  # waveforms are decimated to this many points for the browser


def waveform(x: npt.NDArray, rate: int, spans: dict[str, Sequence[tuple[int, int]]], title: str):
    """The waveform with coloured bands where words were inserted."""
    step = max(1, len(x) // MAX_POINTS)
    t = np.arange(0, len(x), step) / rate
    fig = go.Figure(
        go.Scattergl(
            x=t,
            y=x[::step],
            mode="lines",
            line=dict(width=1, color=theme.SERIES),
            name="waveform",
            hoverinfo="skip",
        )
    )
    colours = {"activate": theme.TARGET, "other words": theme.INPUT}
    for name, items in spans.items():
        for start, end in items:
            fig.add_vrect(
                x0=start / rate,
                x1=end / rate,
                fillcolor=colours.get(name, "#a0aec0"),
                opacity=0.25,
                line_width=0,
            )
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                marker=dict(color=colours.get(name, "#a0aec0"), size=10, symbol="square"),
            )
        )
    fig.update_xaxes(title="seconds")
    return theme.style(fig, height=240, title=title)


def spectrogram(mel: npt.NDArray, frames_per_second: int, title: str):
    """log-mel energies: time (x) × mel band (y)."""
    t = np.arange(mel.shape[0]) / frames_per_second
    fig = go.Figure(
        go.Heatmap(
            z=mel.T,
            x=t,
            colorscale="Magma",
            colorbar=dict(title="log", thickness=10),
            hovertemplate="%{x:.2f} s, band %{y}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(title="seconds")
    fig.update_yaxes(title="mel band")
    return theme.style(fig, height=260, title=title)


def probability_trace(
    times,
    probs,
    threshold: float,
    fired: Sequence[float] = (),
    labels: npt.NDArray | None = None,
    title: str = "P(“activate” just ended)",
):
    fig = go.Figure()
    if labels is not None:
        fig.add_trace(
            go.Scatter(
                x=times,
                y=labels,
                mode="lines",
                name="label y⟨t⟩",
                fill="tozeroy",
                line=dict(color="#cbd5e0", width=0),
            )
        )
    fig.add_trace(
        go.Scatter(x=times, y=probs, mode="lines", name="ŷ⟨t⟩", line=dict(color=theme.INPUT))
    )
    fig.add_hline(y=threshold, line_dash="dot", line_color="#718096")
    for t in fired:
        fig.add_vline(x=t, line_color=theme.TARGET, line_width=2)
    fig.update_yaxes(range=[0, 1.05], title="probability")
    fig.update_xaxes(title="seconds")
    return theme.style(fig, height=260, title=title)
