"""Figures of the music page: a piano roll coloured by the probability each note was drawn with."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme
from dashboard.charts.lm_charts import PROB_SCALE  # P drawn: the same scale as the text models

NAMES = ["C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"]
SEED_COLOUR = "#a0aec0"


def pitch_name(p: int) -> str:
    return f"{NAMES[p % 12]}{p // 12 - 1}"


def piano_roll(
    events: npt.ArrayLike, probs: npt.ArrayLike, n_seed: int, ticks_per_quarter: int
) -> go.Figure:
    """Time (quarter notes) × MIDI pitch, one bar per note; the seed grey, drawn notes by P.

    Args:
        events: (n, 2) MIDI pitch (−1 rest) and duration in ticks.
        probs: (n,) P each note was drawn with (NaN for the seed).
    """
    ev = np.asarray(events, np.int64).reshape(-1, 2)
    p = np.asarray(probs, np.float64)
    start = np.concatenate([[0], np.cumsum(ev[:, 1])[:-1]]) / ticks_per_quarter
    length = ev[:, 1] / ticks_per_quarter
    notes = ev[:, 0] >= 0
    traces = []
    for name, keep, colour in (
        ("seed", notes & (np.arange(len(ev)) < n_seed), None),
        ("improvised", notes & (np.arange(len(ev)) >= n_seed), p),
    ):
        idx = np.flatnonzero(keep)
        marker = (
            dict(color=SEED_COLOUR)
            if colour is None
            else dict(
                color=colour[idx],
                colorscale=PROB_SCALE,
                cmin=0,
                cmax=1,
                colorbar=dict(title="P drawn", thickness=10),
            )
        )
        hover = [
            f"{pitch_name(int(ev[i, 0]))}, {length[i]:g} q"
            + ("" if np.isnan(p[i]) else f", drawn with P = {p[i]:.1%}")
            for i in idx
        ]
        traces.append(
            go.Bar(
                x=length[idx],
                base=start[idx],
                y=ev[idx, 0],
                orientation="h",
                name=name,
                marker=marker,
                width=0.8,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    pitches = ev[notes, 0] if notes.any() else np.array([60, 72])
    ticks = [int(v) for v in range(int(pitches.min()), int(pitches.max()) + 1) if v % 12 in (0, 7)]
    shapes = (
        [theme.vspan(start[n_seed], line=dict(color="black", dash="dot"))]
        if 0 < n_seed < len(ev)
        else []
    )
    return go.Figure(
        traces,
        layout=theme.layout(
            height=360,
            barmode="overlay",
            shapes=shapes,
            plot_bgcolor="white",
            xaxis=dict(title="time (quarter notes)"),
            yaxis=dict(
                title="pitch",
                tickvals=ticks,
                ticktext=[pitch_name(t) for t in ticks],
                range=[pitches.min() - 1.5, pitches.max() + 1.5],
            ),
        ),
    )


def probability_line(probs: npt.ArrayLike, n_seed: int) -> go.Figure:
    """P of each drawn event, step by step."""
    p = np.asarray(probs, np.float64)[n_seed:]
    return go.Figure(
        [
            go.Scatter(
                x=np.arange(1, len(p) + 1),
                y=p,
                mode="lines+markers",
                line=dict(color=theme.PREDICTION),
            )
        ],
        layout=theme.layout(
            height=220, xaxis=dict(title="step"), yaxis=dict(title="P drawn", range=[0, 1])
        ),
    )
