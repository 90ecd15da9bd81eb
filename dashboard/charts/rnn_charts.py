"""Hidden states a⟨t⟩ and outputs ŷ⟨t⟩ of a recurrent network."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme


def state_heatmap(h: npt.NDArray, step_labels: list[str], current: int, title: str) -> go.Figure:
    """a⟨t⟩ over all steps (columns) × units (rows), on one symmetric scale; `current` 1-based."""
    bound = max(1.0, float(np.abs(h).max()))
    column = theme.cell_outline("x", current - 1)  # `current` is 1-based
    return go.Figure(
        go.Heatmap(
            z=h.T,
            x=step_labels,
            y=[f"unit {j}" for j in range(h.shape[1])],
            colorscale=theme.DIVERGING_SCALE,
            zmin=-bound,
            zmax=bound,
            colorbar=dict(title="value", thickness=12),
            hovertemplate="%{x}<br>%{y}<br>%{z:.3f}<extra></extra>",
        ),
        layout=theme.layout(
            height=min(120 + 14 * h.shape[1], 700),
            title=title,
            shapes=[column],
            yaxis=dict(autorange="reversed"),
        ),
    )


def output_bars(probs: npt.NDArray, labels: list[str], actual: int | None, title: str) -> go.Figure:
    """ŷ⟨t⟩ as bars over the classes; the true next class outlined, the model's pick darkest."""
    best = int(np.argmax(probs))
    colours = [theme.TARGET if i == best else "#a0aec0" for i in range(len(probs))]
    lines = [3 if i == actual else 0 for i in range(len(probs))]
    return go.Figure(  # plotly's own margins and legend, not the house layout
        go.Bar(
            x=labels,
            y=probs,
            marker=dict(color=colours, line=dict(color=theme.INPUT, width=lines)),
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
        ),
        layout=dict(
            height=300,
            title=title,
            yaxis=dict(range=[0, 1], title="probability"),
            xaxis=dict(type="category"),
        ),
    )


def sine_prediction(series: npt.NDArray, y_hat: npt.NDArray, current: int) -> go.Figure:
    """Inputs x⟨t⟩, the true next values and ŷ⟨t⟩; `current` is the 1-based step."""
    steps = len(y_hat)
    t = np.arange(1, steps + 1)
    return go.Figure(
        [
            go.Scatter(
                x=t,
                y=series[:steps],
                name="x⟨t⟩ (input)",
                mode="lines+markers",
                line=dict(color=theme.INPUT),
            ),
            go.Scatter(
                x=t,
                y=series[1 : steps + 1],
                name="true next value",
                mode="lines",
                line=dict(color=theme.SERIES, dash="dot"),
            ),
            go.Scatter(
                x=t,
                y=y_hat,
                name="ŷ⟨t⟩ (prediction)",
                mode="lines+markers",
                line=dict(color=theme.PREDICTION),
            ),
        ],
        layout=theme.layout(
            shapes=[theme.vspan(current, line=dict(color=theme.TARGET, width=2))],
            height=300,
            xaxis=dict(title="t"),
            title="ŷ⟨t⟩ predicts x⟨t+1⟩",
            legend=dict(orientation="h", y=-0.3),
        ),
    )
