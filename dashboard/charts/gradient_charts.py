"""Figures for the vanishing/exploding gradients lesson. Non-finite values never break a figure:
they are blanked and counted in the title, so overflow shows as such."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

CELL_COLOURS = {"rnn": "#e53e3e", "gru": "#3182ce", "lstm": "#38a169"}
GRAD_SCALE = "Magma"  # log10 of gradient magnitudes, one scale for every cell


def log10_finite(values: npt.NDArray) -> tuple[npt.NDArray, int]:
    """log10 |values| with 0, inf and NaN turned into NaN; returns (logs, how many overflowed)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        logs = np.log10(np.abs(values))
    overflow = int((~np.isfinite(values)).sum())
    return np.where(np.isfinite(logs), logs, np.nan), overflow


def flow_heatmap(per_unit: npt.NDArray, name: str, zrange: tuple[float, float]) -> go.Figure:
    """log10 |∂L/∂a⟨t⟩| over time (x) × units (y) for one cell."""
    z, overflow = log10_finite(per_unit.T)
    title = f"{name}: log10 |∂L/∂a⟨t⟩|"
    if overflow:
        title += f" — {overflow} overflowed (∞/NaN, blank)"
    return go.Figure(
        go.Heatmap(
            z=z,
            x=np.arange(1, per_unit.shape[0] + 1),
            colorscale=GRAD_SCALE,
            zmin=zrange[0],
            zmax=zrange[1],
            colorbar=dict(title="log10", thickness=10),
            hovertemplate="t=%{x}<br>unit %{y}<br>log10 = %{z:.1f}<extra></extra>",
        ),
        layout=theme.layout(
            height=280,
            title=title,
            xaxis=dict(title="t (loss at the right)"),
            yaxis=dict(title="unit"),
        ),
    )


def flow_lines(flows: dict[str, object]) -> go.Figure:
    """‖∂L/∂a⟨t⟩‖ against the distance T − t from the loss, log y, one line per cell."""
    traces, notes = [], []
    for kind, flow in flows.items():
        y = np.where(np.isfinite(flow.norms) & (flow.norms > 0), flow.norms, np.nan)
        rate = flow.decay_per_step
        label = f"{kind.upper()} (×{rate:.3g} per step)" if np.isfinite(rate) else kind.upper()
        traces.append(
            go.Scatter(
                x=flow.distance,
                y=y,
                mode="lines",
                name=label,
                line=dict(color=CELL_COLOURS[kind], width=2.5),
            )
        )
        bad = int((~np.isfinite(flow.norms)).sum())
        if bad:
            notes.append(f"{kind.upper()}: {bad} steps overflowed to ∞/NaN (not drawn)")
    return go.Figure(
        traces,
        layout=theme.layout(
            height=360,
            xaxis=dict(title="distance from the loss, T − t"),
            yaxis=dict(type="log", title="‖∂L/∂a⟨t⟩‖", exponentformat="power"),
            title="Gradient reaching a⟨t⟩" + (" — " + "; ".join(notes) if notes else ""),
        ),
    )


def jacobian_chart(norms: npt.NDArray, radius: float, g_prime: float) -> go.Figure:
    """‖∏ of the last k step Jacobians‖ against k, with the estimate (ρ·mean g′)^k."""
    k = np.arange(1, len(norms) + 1)
    y = np.where(np.isfinite(norms) & (norms > 0), norms, np.nan)
    with np.errstate(over="ignore", under="ignore"):
        guess = (radius * g_prime) ** k
    return go.Figure(
        [
            go.Scatter(x=k, y=y, name="‖∂a⟨T⟩/∂a⟨T−k⟩‖₂", line=dict(color=CELL_COLOURS["rnn"])),
            go.Scatter(
                x=k,
                y=np.where(guess > 0, guess, np.nan),
                name="(ρ · mean g′)^k",
                line=dict(color=theme.SERIES, dash="dot"),
            ),
        ],
        layout=theme.layout(
            height=320,
            xaxis=dict(title="k steps"),
            yaxis=dict(type="log", exponentformat="power"),
            title="Product of step Jacobians diag(g′)·Waa",
            legend=dict(orientation="h", y=-0.3),
        ),
    )


def clip_bars(per_tensor: dict[str, tuple[float, float]]) -> go.Figure:
    """Gradient norm of each weight tensor, raw and clipped (log scale)."""
    names = list(per_tensor)
    raw = [per_tensor[n][0] for n in names]
    clipped = [per_tensor[n][1] for n in names]
    return go.Figure(
        [
            go.Bar(
                x=names,
                y=[v if np.isfinite(v) else None for v in raw],
                name="raw",
                marker_color=CELL_COLOURS["rnn"],
            ),
            go.Bar(
                x=names,
                y=[v if np.isfinite(v) else None for v in clipped],
                name="clipped",
                marker_color=theme.INPUT,
            ),
        ],
        layout=theme.layout(
            height=300,
            barmode="group",
            yaxis=dict(type="log", title="‖gradient‖", exponentformat="power"),
            title="Gradient norm per weight tensor",
        ),
    )


def memory_accuracy(
    lags: list[int], runs: list[dict[str, list[float]]], chance: float
) -> go.Figure:
    """Test accuracy against lag T: mean over runs as lines, each run as a dot.

    Built in one go (traces, layout and the chance line passed to the constructor): the page
    redraws it on every slider move, and `add_trace`/`add_hline` one by one took 12 ms, not 6.
    """
    traces = []
    for kind, colour in CELL_COLOURS.items():
        per_run = [r[kind] for r in runs if kind in r]
        if not per_run:
            continue
        acc = np.array(per_run)
        traces.append(
            go.Scatter(
                x=lags,
                y=acc.mean(axis=0),
                name=kind.upper(),
                mode="lines+markers",
                line=dict(color=colour, width=3),
            )
        )
        traces += [
            go.Scatter(
                x=lags,
                y=row,
                mode="markers",
                showlegend=False,
                marker=dict(color=colour, size=6, opacity=0.4),
                hoverinfo="skip",
            )
            for row in acc
        ]
    # the dotted chance line and its label, as `fig.add_hline` would place them
    chance_line = theme.hspan(chance, line=dict(dash="dot"))
    chance_label = dict(
        text="chance", x=1, y=chance, xanchor="right", yanchor="bottom", showarrow=False,
        xref="x domain", yref="y",
    )  # fmt: skip
    return go.Figure(
        traces,
        layout=theme.layout(
            height=340,
            xaxis=dict(title="lag T (steps between the cue and the answer)"),
            yaxis=dict(title="test accuracy", range=[0, 1.05]),
            title="Recall the first symbol after T steps",
            shapes=[chance_line],
            annotations=[chance_label],
        ),
    )


def rnnbow(contributions: npt.NDArray, title: str) -> go.Figure:
    """Share of ∂L/∂Wax coming from each step's input, per epoch (each row sums to 1)."""
    total = contributions.sum(axis=1, keepdims=True)
    share = np.divide(contributions, total, out=np.zeros_like(contributions), where=total > 0)
    return go.Figure(
        go.Heatmap(
            z=share,
            x=np.arange(1, contributions.shape[1] + 1),
            y=np.arange(1, contributions.shape[0] + 1),
            colorscale="Viridis",
            zmin=0,
            colorbar=dict(title="share", thickness=10),
            hovertemplate="epoch %{y}<br>t=%{x}<br>share %{z:.3f}<extra></extra>",
        ),
        layout=theme.layout(
            height=300,
            title=title,
            xaxis=dict(title="input step t (the cue is t = 1)"),
            yaxis=dict(title="epoch"),
        ),
    )
