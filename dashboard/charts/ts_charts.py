"""Time-series figures: forecasts over truth, losses, window length, padding and masks."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

PALETTE = [
    "#2b6cb0",
    "#dd6b20",
    "#38a169",
    "#805ad5",
    "#d53f8c",
    "#319795",
    "#b7791f",
    "#e53e3e",
    "#4a5568",
    "#718096",
]


def forecast_overlay(
    x,
    truth: npt.NDArray,
    forecasts: dict[str, npt.NDArray],
    band: dict[str, float] | None = None,
    title: str = "",
) -> go.Figure:
    """Truth and each model's forecast on the same x; optional ±RMSE band per forecast.
    Built in one go (`theme.layout`): the sine page redraws it on every slider move."""
    traces = [go.Scatter(x=x, y=truth, name="truth", line=dict(color=theme.SERIES, width=1.5))]
    for i, (name, y) in enumerate(forecasts.items()):
        colour = PALETTE[i % len(PALETTE)]
        if band and name in band:
            traces.append(
                go.Scatter(
                    x=np.concatenate([x, x[::-1]]),
                    y=np.concatenate([y + band[name], (y - band[name])[::-1]]),
                    fill="toself",
                    fillcolor=colour,
                    opacity=0.15,
                    line=dict(width=0),
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        traces.append(go.Scatter(x=x, y=y, name=name, line=dict(color=colour, width=1.5)))
    return go.Figure(traces, layout=theme.layout(title=title, height=380))


def loss_curves(
    histories: dict[str, dict[str, list[float]]],
    key: str = "val_loss",
    title: str = "Validation loss (MSE, scaled units) per epoch",
) -> go.Figure:
    traces = []
    for i, (name, hist) in enumerate(histories.items()):
        y = hist.get(key, [])
        traces.append(
            go.Scatter(
                x=np.arange(1, len(y) + 1),
                y=y,
                name=name,
                mode="lines+markers",
                line=dict(color=PALETTE[i % len(PALETTE)]),
            )
        )
    return go.Figure(
        traces,
        layout=theme.layout(
            title=title,
            height=340,
            xaxis=dict(title="epoch"),
            yaxis=dict(type="log", title="loss"),
        ),
    )


def window_effect(windows: npt.NDArray, rmse: npt.NDArray, floor: float | None) -> go.Figure:
    line = go.Scatter(
        x=windows, y=rmse, mode="lines+markers", name="linear model", line=dict(color=theme.INPUT)
    )
    shapes, notes = [], []
    if floor:  # the dotted floor and its label, as `fig.add_hline` would place them
        shapes.append(theme.hspan(floor, line=dict(dash="dot")))
        notes.append(dict(text="noise floor σ", x=1, y=floor, xanchor="right", yanchor="bottom",
                          showarrow=False, xref="x domain", yref="y"))  # fmt: skip
    return go.Figure(
        line,
        layout=theme.layout(
            title="Validation RMSE of the best linear model against window length N",
            height=300, xaxis=dict(title="window length N"), yaxis=dict(title="RMSE"),
            shapes=shapes, annotations=notes,
        ),
    )  # fmt: skip


def padded_heatmap(values: npt.NDArray, mask: npt.NDArray) -> go.Figure:
    """The padded batch; padding cells are blank (NaN) and outlined by the mask's edge."""
    z = np.where(mask, values, np.nan)
    return go.Figure(
        [
            go.Heatmap(
                z=z,
                colorscale="Blues",
                colorbar=dict(title="value", thickness=10),
                hovertemplate="seq %{y}, step %{x}: %{z:.2f}<extra></extra>",
            ),
            go.Heatmap(
                z=np.where(mask, np.nan, 0.0),
                colorscale=[[0, "#fed7d7"], [1, "#fed7d7"]],
                showscale=False,
                hoverinfo="skip",
                name="padding",
            ),
        ],
        layout=theme.layout(
            title=f"Padded batch {values.shape[0]} × {values.shape[1]} — red = padding "
            f"({(~mask).mean():.0%}), mask = 0 there",
            height=320,
            xaxis=dict(title="step"),
            yaxis=dict(autorange="reversed", title="sequence"),
        ),
    )


def error_by_length(lengths: npt.NDArray, errors: dict[str, npt.NDArray]) -> go.Figure:
    traces = []
    lengths = np.asarray(lengths)
    for i, (name, err) in enumerate(errors.items()):
        err = np.asarray(err)
        xs = np.unique(lengths)
        means = [err[lengths == v].mean() for v in xs]
        traces.append(
            go.Scatter(x=xs, y=means, name=name, mode="lines+markers", line=dict(color=PALETTE[i]))
        )
    return go.Figure(
        traces,
        layout=theme.layout(
            title="Error predicting the last real value, by sequence length",
            height=320,
            xaxis=dict(title="real length (the rest is padding)"),
            yaxis=dict(title="mean absolute error"),
        ),
    )


def grouped_bars(
    groups: list[str], values: dict[str, list[float]], title: str, yaxis: str
) -> go.Figure:
    return go.Figure(
        [
            go.Bar(x=groups, y=v, name=k, marker_color=PALETTE[i % len(PALETTE)])
            for i, (k, v) in enumerate(values.items())
        ],
        layout=theme.layout(title=title, height=320, barmode="group", yaxis=dict(title=yaxis)),
    )
