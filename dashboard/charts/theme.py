"""One colour scale per quantity, shared by every page."""

ONE_HOT_SCALE = [[0.0, "#f7fafc"], [1.0, "#2b6cb0"]]  # 0/1 entries of x⟨t⟩
GATE_SCALE = "Viridis"  # Γ values, always shown on [0, 1]
ATTENTION_SCALE = "Blues"  # α⟨t,t'⟩, always shown on [0, 1]
DIVERGING_SCALE = "RdBu_r"  # signed quantities (a⟨t⟩, weights), centred on 0

SERIES = "#4a5568"  # the raw series
INPUT = "#2b6cb0"  # what the model sees: x⟨1⟩..x⟨N⟩
TARGET = "#dd6b20"  # what it must predict: y
PREDICTION = "#38a169"

FONT = dict(family="Source Sans Pro, sans-serif", size=13)
MARGIN = dict(l=10, r=10, t=40, b=10)
LEGEND = dict(orientation="h", y=-0.25)


def layout(**extra) -> dict:
    """The house layout — margins, font, a horizontal legend under the plot — plus `extra`,
    for a figure built in one go: `go.Figure(traces, layout=theme.layout(...))`, axes as
    nested dicts (`xaxis=dict(title=...)`, not `xaxis_title=`). Every chart is built so: each
    `update_layout`/`update_xaxes`/`add_*` call on a built figure validates again (a few ms per
    figure), which counts on pages that redraw many figures on every slider move."""
    return {"margin": MARGIN, "font": FONT, "legend": LEGEND, **extra}


def vspan(x0: float, x1: float | None = None, **style) -> dict:
    """A shape across the plot's whole height: a line at x0, or a band from x0 to x1; for
    `layout(shapes=...)`, placed as `fig.add_vline` / `add_vrect` place it. Those helpers
    validate the whole layout once per shape, which costs ms on pages redrawn per slider move."""
    return _span("x", "y", x0, x1, style)


def hspan(y0: float, y1: float | None = None, **style) -> dict:
    """A shape across the plot's whole width: a line at y0, or a band from y0 to y1 (as
    `fig.add_hline` / `add_hrect` place it)."""
    return _span("y", "x", y0, y1, style)


def cell_outline(axis: str, index: int, width: int = 3) -> dict:
    """An outline in the target colour round one whole column (`axis` "x") or row ("y") of a
    heatmap, the one at 0-based position `index` (category axes put cell i at i ± 0.5)."""
    span = vspan if axis == "x" else hspan
    return span(index - 0.5, index + 0.5, line=dict(color=TARGET, width=width))


def _span(axis: str, across: str, a: float, b: float | None, style: dict) -> dict:
    return {
        "type": "line" if b is None else "rect",
        f"{axis}ref": axis,
        f"{axis}0": a,
        f"{axis}1": a if b is None else b,
        f"{across}ref": f"{across} domain",
        f"{across}0": 0,
        f"{across}1": 1,
        **style,
    }
