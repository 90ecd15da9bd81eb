"""Figures for the "Sequence data" lesson: one-hot matrices and sliding windows."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme


def one_hot_heatmap(
    one_hot: npt.NDArray[np.float32],
    tokens: tuple[str, ...],
    vocab: tuple[str, ...],
    highlight_t: int | None = None,
    used_rows_only: bool = False,
) -> go.Figure:
    """The one-hot matrix: one column x⟨t⟩ per time step, one row per vocabulary entry.

    Args:
        one_hot: (T_x, V) array of 0/1.
        tokens: the T_x tokens, used as column labels.
        vocab: the V vocabulary entries, used as row labels.
        highlight_t: 1-based time step to outline, or None.
        used_rows_only: drop the rows that are zero at every step (for big vocabularies).
    """
    rows = np.arange(len(vocab))
    if used_rows_only:
        rows = rows[one_hot.sum(axis=0) > 0]
    z = one_hot[:, rows].T  # (rows, T_x)
    x = [f"⟨{t}⟩ {tok}" for t, tok in enumerate(tokens, start=1)]
    y = [f"{i}: {vocab[i]}" for i in rows]
    shapes = []
    if highlight_t is not None and 1 <= highlight_t <= len(tokens):
        shapes = [theme.cell_outline("x", highlight_t - 1)]
    return go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            zmin=0,
            zmax=1,
            colorscale=theme.ONE_HOT_SCALE,
            showscale=False,
            xgap=1,
            ygap=1,
            hovertemplate="x%{x}<br>row %{y}<br>value %{z:.0f}<extra></extra>",
        ),
        layout=theme.layout(
            height=max(260, 16 * len(rows) + 140),
            title=f"x⟨t⟩ as one-hot vectors: {len(vocab)} × {len(tokens)} (V × T_x)",
            shapes=shapes,
            xaxis=dict(title="time step t: token x⟨t⟩", tickangle=-60, tickfont=dict(size=11)),
            yaxis=dict(
                autorange="reversed", title="vocabulary index: token", tickfont=dict(size=11)
            ),
        ),
    )


def window_figure(
    series: npt.NDArray[np.float32], start: int, window: int, horizon: int
) -> go.Figure:
    """The series with one (input window, target) pair drawn on it (built in one go: the page
    redraws it on every slider move)."""
    t = np.arange(series.size)
    stop = start + window
    traces = [
        go.Scatter(
            x=t, y=series, mode="lines", name="series", line=dict(color=theme.SERIES, width=1.5)
        ),
        go.Scatter(
            x=t[start:stop],
            y=series[start:stop],
            mode="markers+lines",
            name=f"input x⟨1⟩..x⟨{window}⟩",
            line=dict(color=theme.INPUT, width=3),
            marker=dict(size=6),
        ),
        go.Scatter(
            x=t[stop : stop + horizon],
            y=series[stop : stop + horizon],
            mode="markers",
            name=f"target: next {horizon}",
            marker=dict(color=theme.TARGET, size=10, symbol="diamond"),
        ),
    ]
    shapes = [
        theme.vspan(
            start - 0.5, stop - 0.5, fillcolor=theme.INPUT, opacity=0.08, line=dict(width=0)
        ),
        theme.vspan(
            stop - 0.5,
            stop + horizon - 0.5,
            fillcolor=theme.TARGET,
            opacity=0.12,
            line=dict(width=0),
        ),
    ]
    return go.Figure(
        traces,
        layout=theme.layout(
            height=340,
            title="One training pair cut from the series",
            xaxis=dict(title="time step"),
            yaxis=dict(title="value"),
            shapes=shapes,
        ),
    )


def windows_matrix(
    inputs: npt.NDArray[np.float32], targets: npt.NDArray[np.float32], selected: int
) -> go.Figure:
    """Every pair as one row: the input window, then (after a gap) its target values."""
    n, window = inputs.shape
    gap = np.full((n, 1), np.nan, dtype=np.float32)
    z = np.concatenate([inputs, gap, targets], axis=1)
    x = [f"x⟨{i}⟩" for i in range(1, window + 1)] + [" "]
    x += [f"y{j}" for j in range(1, targets.shape[1] + 1)]
    bound = float(np.nanmax(np.abs(z))) or 1.0
    heatmap = go.Heatmap(
        z=z,
        x=x,
        y=np.arange(n),
        colorscale=theme.DIVERGING_SCALE,
        zmin=-bound,
        zmax=bound,
        colorbar=dict(title="value", thickness=12),
        hovertemplate="pair %{y}<br>%{x}<br>%{z:.3f}<extra></extra>",
    )
    row = theme.cell_outline("y", selected, width=2)  # 2 px: one of many thin rows
    return go.Figure(
        heatmap,
        layout=theme.layout(
            height=340,
            title=f"All {n} pairs: inputs (n × N) | targets (n × H)",
            yaxis=dict(autorange="reversed", title="pair i (window start = i × stride)"),
            shapes=[row],
        ),
    )
