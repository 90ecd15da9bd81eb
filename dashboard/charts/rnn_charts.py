"""Hidden states a⟨t⟩ and outputs ŷ⟨t⟩ of a recurrent network."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme


def state_heatmap(h: npt.NDArray, step_labels: list[str], current: int, title: str) -> go.Figure:
    """a⟨t⟩ over all steps (columns) × units (rows), on one symmetric scale; `current` 1-based."""
    bound = max(1.0, float(np.abs(h).max()))
    fig = go.Figure(
        go.Heatmap(
            z=h.T,
            x=step_labels,
            y=[f"unit {j}" for j in range(h.shape[1])],
            colorscale=theme.DIVERGING_SCALE,
            zmin=-bound,
            zmax=bound,
            colorbar=dict(title="value", thickness=12),
            hovertemplate="%{x}<br>%{y}<br>%{z:.3f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    column = theme.cell_outline("x", current - 1)  # `current` is 1-based
    theme.style(fig, height=min(120 + 14 * h.shape[1], 700), title=title, shapes=[column])
    return fig


def output_bars(probs: npt.NDArray, labels: list[str], actual: int | None, title: str) -> go.Figure:
    """ŷ⟨t⟩ as bars over the classes; the true next class outlined, the model's pick darkest."""
    best = int(np.argmax(probs))
    colours = [theme.TARGET if i == best else "#a0aec0" for i in range(len(probs))]
    lines = [3 if i == actual else 0 for i in range(len(probs))]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=probs,
            marker=dict(color=colours, line=dict(color=theme.INPUT, width=lines)),
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        height=300,
        title=title,
        yaxis=dict(range=[0, 1], title="probability"),
        xaxis=dict(type="category"),
    )
    return fig


def sine_prediction(series: npt.NDArray, y_hat: npt.NDArray, current: int) -> go.Figure:
    """Inputs x⟨t⟩, the true next values and ŷ⟨t⟩; `current` is the 1-based step."""
    steps = len(y_hat)
    t = np.arange(1, steps + 1)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=t,
            y=series[:steps],
            name="x⟨t⟩ (input)",
            mode="lines+markers",
            line=dict(color=theme.INPUT),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=series[1 : steps + 1],
            name="true next value",
            mode="lines",
            line=dict(color=theme.SERIES, dash="dot"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=y_hat,
            name="ŷ⟨t⟩ (prediction)",
            mode="lines+markers",
            line=dict(color=theme.PREDICTION),
        )
    )
    theme.style(
        fig,
        shapes=[theme.vspan(current, line_color=theme.TARGET, line_width=2)],
        height=300,
        xaxis_title="t",
        title="ŷ⟨t⟩ predicts x⟨t+1⟩",
        legend=dict(orientation="h", y=-0.3),
    )
    return fig
