"""Waveforms, spectrograms and trigger probabilities over time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

MAX_POINTS = 4000  # waveforms are decimated to this many points for the browser


def waveform(x: npt.NDArray, rate: int, spans: dict[str, Sequence[tuple[int, int]]], title: str):
    """The waveform with coloured bands where words were inserted (built in one go: the
    trigger page redraws it on every rerun, and plotly's `add_vrect` costs ms per band)."""
    step = max(1, len(x) // MAX_POINTS)
    t = np.arange(0, len(x), step) / rate
    traces = [
        go.Scattergl(
            x=t,
            y=x[::step],
            mode="lines",
            line=dict(width=1, color=theme.SERIES),
            name="waveform",
            hoverinfo="skip",
        )
    ]
    colours = {"activate": theme.TARGET, "other words": theme.INPUT}
    shapes = []
    for name, items in spans.items():
        colour = colours.get(name, "#a0aec0")
        shapes += [
            theme.vspan(
                start / rate, end / rate, fillcolor=colour, opacity=0.25, line=dict(width=0)
            )
            for start, end in items
        ]
        traces.append(  # the band's colour in the legend
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                marker=dict(color=colour, size=10, symbol="square"),
            )
        )
    return go.Figure(
        traces,
        layout=theme.layout(height=240, title=title, xaxis=dict(title="seconds"), shapes=shapes),
    )


def spectrogram(mel: npt.NDArray, frames_per_second: int, title: str):
    """log-mel energies: time (x) × mel band (y)."""
    t = np.arange(mel.shape[0]) / frames_per_second
    return go.Figure(
        go.Heatmap(
            z=mel.T,
            x=t,
            colorscale="Magma",
            colorbar=dict(title="log", thickness=10),
            hovertemplate="%{x:.2f} s, band %{y}: %{z:.2f}<extra></extra>",
        ),
        layout=theme.layout(
            height=260, title=title, xaxis=dict(title="seconds"), yaxis=dict(title="mel band")
        ),
    )


def probability_trace(
    times,
    probs,
    threshold: float,
    fired: Sequence[float] = (),
    labels: npt.NDArray | None = None,
    title: str = "P(“activate” just ended)",
):
    """ŷ⟨t⟩ over time with the threshold (dotted), each detection (a vertical line) and, for a
    synthesised clip, the labels y⟨t⟩ shaded behind."""
    traces = []
    if labels is not None:
        traces.append(
            go.Scatter(
                x=times,
                y=labels,
                mode="lines",
                name="label y⟨t⟩",
                fill="tozeroy",
                line=dict(color="#cbd5e0", width=0),
            )
        )
    traces.append(
        go.Scatter(x=times, y=probs, mode="lines", name="ŷ⟨t⟩", line=dict(color=theme.INPUT))
    )
    shapes = [theme.hspan(threshold, line=dict(dash="dot", color="#718096"))]
    shapes += [theme.vspan(t, line=dict(color=theme.TARGET, width=2)) for t in fired]
    return go.Figure(
        traces,
        layout=theme.layout(
            height=260,
            title=title,
            xaxis=dict(title="seconds"),
            yaxis=dict(range=[0, 1.05], title="probability"),
            shapes=shapes,
        ),
    )
