"""Figures of a cell's gates over a text: heatmaps, coloured text, spans and saturation."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Sequence

import altair as alt
import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import theme

SIGNED = ("candidate", "c", "a")  # values in [−1, 1] (tanh) or unbounded (c⟨t⟩)
UNIT_COLOURS = ("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2",
                "#9d755d")  # Vega's tableau10: the up to 8 units of the span chart  # fmt: skip
GATE_TITLES = {  # one title a quantity, for the shipped and the student's own models
    "update": "Γu — update gate (how much of c̃⟨t⟩ enters)",
    "reset": "Γr — reset gate (how much of a⟨t−1⟩ the candidate sees)",
    "forget": "Γf — forget gate (how much of c⟨t−1⟩ is kept)",
    "input": "Γu (Keras: input gate) — how much of c̃⟨t⟩ is written",
    "output": "Γo — output gate (how much of tanh c⟨t⟩ is shown)",
    "candidate": "c̃⟨t⟩ — candidate value",
    "c": "c⟨t⟩ — memory cell",
    "a": "a⟨t⟩ — hidden state",
}


def char_label(ch: str) -> str:
    """A character as an axis label: the end of a sequence and spaces made visible."""
    return {"\n": "⏎", " ": "␣"}.get(ch, ch)


def gate_heatmap(
    values: npt.NDArray, chars: str, title: str, signed: bool, current: int | None = None
) -> go.Figure:
    """Characters × units heatmap of one gate. Shapes: values (T, n_a), len(chars) == T.

    Gates use the app's one gate scale on [0, 1]; signed quantities the diverging scale.
    """
    values = np.asarray(values)
    x = [f"{t}:{char_label(ch)}" if ch else f"⟨{t}⟩" for t, ch in enumerate(chars, 1)]  # t from 1
    if signed:
        bound = max(float(np.abs(values).max()), 1e-9)
        scale = dict(colorscale=theme.DIVERGING_SCALE, zmin=-bound, zmax=bound, zmid=0)
    else:
        scale = dict(colorscale=theme.GATE_SCALE, zmin=0.0, zmax=1.0)
    heat = go.Heatmap(
        z=values.T,
        x=x,
        y=[f"unit {u}" for u in range(values.shape[1])],
        hovertemplate="%{x}, %{y}: %{z:.3f}<extra></extra>",
        colorbar=dict(thickness=10),
        **scale,
    )
    shapes = [] if current is None else [theme.cell_outline("x", current, width=2)]
    return go.Figure(
        heat,
        layout=theme.layout(
            title=title,
            height=260,
            shapes=shapes,
            xaxis=dict(tickangle=0, type="category", showticklabels=len(chars) <= 60),
            yaxis=dict(showticklabels=False, title="units"),
        ),
    )


def activation_text(chars: str, values: npt.NDArray, bound: float | None = None) -> str:
    """HTML of `chars`, each on a background red for positive, blue for negative values.

    The colour strength is |value| / bound (bound: the largest |value| when None), as in
    Karpathy's pictures of single LSTM cells; hover a character for its value.
    """
    values = np.asarray(values, dtype=np.float64)
    bound = bound or max(float(np.abs(values).max()), 1e-9)
    spans = []
    for ch, v in zip(chars, values, strict=True):
        strength = min(abs(float(v)) / bound, 1.0)
        rgb = "214, 69, 65" if v > 0 else "43, 108, 176"
        fg = "white" if strength > 0.6 else "black"
        shown = "⏎&#8203;" if ch == "\n" else ("&nbsp;" if ch == " " else html.escape(ch))
        spans.append(
            f'<span title="{float(v):+.3f}" style="background: rgba({rgb}, {strength:.2f}); '
            f'color: {fg}; padding: 1px 0; font-family: monospace; font-size: 1.05rem">'
            f"{shown}</span>"
        )
    return "<div style='line-height: 1.9rem'>" + "".join(spans) + "</div>"


@functools.lru_cache(maxsize=4)
def _span_template(name: str, width: int) -> str:
    """The span chart's Vega-Lite spec built once with Altair (slow) over named datasets."""
    brush = alt.selection_interval(encodings=["x"], name=name)
    x_scale = alt.Scale(zero=False, nice=False)
    y = alt.Y("a:Q", title="a⟨t⟩", scale=alt.Scale(domain=[-1.45, 1.05]))
    # Colours set here, not by the theme: Streamlit's theme colours the page, not the SVG export.
    units = alt.Scale(range=list(UNIT_COLOURS))
    colour = alt.Color("unit:N", scale=units, legend=alt.Legend(orient="top", title=None))
    tooltip = ["position:Q", "char:N", "unit:N", alt.Tooltip("a:Q", format=".3f")]
    rule = alt.Chart(alt.NamedData("threshold")).mark_rule(strokeDash=[4, 4]).encode(y="a:Q")

    def layer(x_title: str, detail: bool) -> alt.LayerChart:
        x = alt.X("position:Q", title=x_title, scale=x_scale)
        lines = alt.Chart(alt.NamedData("units")).mark_line(point=detail)
        lines = lines.encode(x=x, y=y, color=colour, tooltip=tooltip)
        text = alt.Chart(alt.NamedData("letters")).mark_text(
            font="monospace", fontSize=13 if detail else 10
        )
        text = text.encode(x=x, y="a:Q", text="char:N")
        if detail:
            lines, text = lines.transform_filter(brush), text.transform_filter(brush)
        else:
            lines = lines.add_params(brush)
        return alt.layer(lines, text, rule).properties(height=180, width=width)

    chart = alt.vconcat(
        layer("character position: drag across characters to select a span", False),
        layer("the selected span", True),
    )
    return json.dumps(chart.to_dict())


def span_selector(
    chars: str,
    h: npt.NDArray,
    units: Sequence[int],
    threshold: float,
    offset: int = 0,
    name: str = "span",
    width: int = 760,
) -> dict:
    """LSTMVis' view, as a Vega-Lite spec: the chosen units' a⟨t⟩ with a brush on a span.

    An interval selection (`name`, over "position") on the overview filters the detail
    chart under it, which shows the same units over the brushed characters only, with the
    threshold line and the characters under the axis. Positions start at `offset` (the
    window's place in a longer text). Shapes: h (T, n_a), len(chars) == T. The chart is
    made with Altair once; each call only fills in the data (Altair's API costs ~0.5 s).
    """
    h = np.asarray(h)
    labels = [char_label(ch) for ch in chars]
    positions = range(offset, offset + len(chars))
    units_rows = [
        {"position": p, "char": c, "unit": f"unit {u}", "a": float(h[i, u])}
        for u in units
        for i, (p, c) in enumerate(zip(positions, labels, strict=True))
    ]
    spec = json.loads(_span_template(name, width))
    spec["datasets"] = {
        "units": units_rows,
        "letters": [
            {"position": p, "char": c, "a": -1.3} for p, c in zip(positions, labels, strict=True)
        ],
        "threshold": [{"a": float(threshold)}],
    }
    return spec


def saturation_bars(by_cell: dict[str, list]) -> go.Figure:
    """Histograms of each gate's values, one column per cell (e.g. GRU | LSTM).

    `by_cell`: {cell: [core.rnn.gates.Saturation, ...]}.
    """
    cells = list(by_cell)
    rows = max(len(v) for v in by_cell.values())
    titles = []
    for r in range(rows):
        for cell in cells:
            sats = by_cell[cell]
            titles.append(
                f"{cell} {sats[r].gate}: {sats[r].closed:.0%} near 0, {sats[r].open:.0%} near 1"
                if r < len(sats)
                else ""
            )
    # make_subplots only lays out the grid (axes' domains, the titles); the figure is then
    # built in one go: add_trace per cell and update_xaxes/_yaxes/_annotations/_layout after
    # it each validate the whole layout again.
    grid = make_subplots(rows, len(cells), subplot_titles=titles, vertical_spacing=0.16)
    grid_layout = grid.layout.to_plotly_json()
    grid_layout.pop("template", None)  # go.Figure sets the same default one
    for name, axis in grid_layout.items():  # what update_xaxes / update_yaxes would touch
        if name.startswith("xaxis"):
            axis["range"] = [0, 1]
        elif name.startswith("yaxis"):
            axis["tickformat"] = ".0%"
    for title in grid_layout.get("annotations", ()):
        title.setdefault("font", {})["size"] = 12
    bars = []
    for c, cell in enumerate(cells, 1):
        for r, sat in enumerate(by_cell[cell], 1):
            centres = (sat.edges[:-1] + sat.edges[1:]) / 2
            share = sat.counts / max(sat.counts.sum(), 1)
            axes = grid.get_subplot(r, c)  # each axis is anchored to the other: "x2" ↔ "y2"
            bars.append(
                go.Bar(
                    x=centres,
                    y=share,
                    marker_color=theme.INPUT,
                    showlegend=False,
                    hovertemplate="Γ ≈ %{x:.2f}: %{y:.1%}<extra></extra>",
                    xaxis=axes.yaxis.anchor,
                    yaxis=axes.xaxis.anchor,
                )
            )
    return go.Figure(bars, layout=theme.layout(height=60 + 200 * rows, bargap=0.05, **grid_layout))
