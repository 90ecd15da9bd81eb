"""Unrolled-network diagrams: one block per time step, shared weights drawn alike."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.charts import theme

W_COLOURS = {"Wax": theme.INPUT, "Waa": "#805ad5", "Wya": theme.TARGET}
BOX_W, BOX_H, GAP = 0.9, 0.5, 1.6


@dataclass(frozen=True)
class Unrolled:
    """What to draw: step labels, which steps read an input / emit an output, the stack."""

    x_labels: tuple[str, ...]  # one per drawn step ("" = no input at that step)
    y_labels: tuple[str, ...]  # one per drawn step ("" = no output at that step)
    first_step: int = 1  # course index of the first drawn step
    current: int | None = None  # course index to highlight
    layers: int = 1
    bidirectional: bool = False
    cell: str = "RNN"


class _Canvas:
    """Collects shapes and annotations as plain dicts; assigning them once is much faster
    than one `add_shape`/`add_annotation` call each (Plotly validates every call)."""

    def __init__(self) -> None:
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []

    def add_shape(self, **kw) -> None:
        self.shapes.append(kw)

    def add_annotation(self, **kw) -> None:
        self.annotations.append(kw)


def _box(fig, cx, cy, text, fill, line, width=BOX_W, bold=False, size=12):
    fig.add_shape(
        type="rect",
        x0=cx - width / 2,
        x1=cx + width / 2,
        y0=cy - BOX_H / 2,
        y1=cy + BOX_H / 2,
        fillcolor=fill,
        line=dict(color=line, width=3 if bold else 1),
    )
    fig.add_annotation(x=cx, y=cy, text=text, showarrow=False, font=dict(size=size))


def _arrow(fig, x0, y0, x1, y1, label="", colour="#4a5568", dash=False):
    fig.add_annotation(
        x=x1,
        y=y1,
        ax=x0,
        ay=y0,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=2,
        arrowsize=1,
        arrowwidth=2,
        arrowcolor=colour,
        opacity=0.5 if dash else 1.0,
        text="",
    )
    if label:
        fig.add_annotation(
            x=(x0 + x1) / 2,
            y=(y0 + y1) / 2,
            text=label,
            showarrow=False,
            font=dict(size=10, color=colour),
            bgcolor="rgba(255,255,255,0.85)",
        )


def _rows(spec: Unrolled) -> list[tuple[int, str]]:
    """(layer, direction) bottom to top: each layer of a bidirectional stack has both chains."""
    directions = ("→", "←") if spec.bidirectional else ("→",)
    return [(layer, d) for layer in range(1, spec.layers + 1) for d in directions]


def unrolled_figure(spec: Unrolled) -> go.Figure:
    """x⟨t⟩ → a⟨t⟩ → ŷ⟨t⟩ per step, a⟨t−1⟩ → a⟨t⟩ across; the same W at every step.

    Bidirectional: every layer has a forward (→) and a backward (←) chain; the layer above,
    or ŷ, reads both (solid arrow from the ← chain, dashed one past it from the → chain).
    """
    fig = _Canvas()
    steps = len(spec.x_labels)
    rows = _rows(spec)
    per_layer = 2 if spec.bidirectional else 1
    top = len(rows) + 1
    dense = len(rows) > 2  # wider boxes, smaller text, each a→a weight named once per row
    box_w, size = (1.15, 10) if dense else (BOX_W, 12)
    for i in range(steps):
        t = spec.first_step + i
        cx, now = i * GAP, spec.current == t
        if spec.x_labels[i]:
            _box(fig, cx, 0, spec.x_labels[i], "#ebf4ff", theme.INPUT, bold=now)
        for r, (layer, direction) in enumerate(rows, start=1):
            sup = f"[{layer}]" if spec.layers > 1 else ""
            tag = direction if spec.bidirectional else ""
            name = f"a{sup}⟨{t}⟩" + (f" {tag}" if tag else "")
            _box(fig, cx, r, name, "#faf5ff" if not now else "#e9d8fd", "#805ad5", box_w, now, size)
            waa = f"Waa{sup}{tag}" if not dense or i == (1 if direction == "→" else 0) else ""
            below = r - 1 if direction == "→" else r - 2  # top row of the layer below, or x
            if below > 0 or spec.x_labels[i]:
                first = direction == "→"
                _arrow(fig, cx if first else cx + 0.3, below + BOX_H / 2, cx if first else cx + 0.3,
                       r - BOX_H / 2, f"Wax{sup}{tag}" if first else "", W_COLOURS["Wax"],
                       dash=not first)  # fmt: skip
                if per_layer == 2 and below > 0:  # the → chain of the layer below feeds in too
                    _arrow(fig, cx - 0.3, below - 1 + BOX_H / 2, cx - 0.3, r - BOX_H / 2, "",
                           W_COLOURS["Wax"], dash=True)  # fmt: skip
            if i > 0 and direction == "→":
                _arrow(fig, cx - GAP + box_w / 2, r, cx - box_w / 2, r, waa, W_COLOURS["Waa"])
            if i < steps - 1 and direction == "←":
                _arrow(fig, cx + GAP - box_w / 2, r, cx + box_w / 2, r, waa, W_COLOURS["Waa"])
        if spec.y_labels[i]:
            _box(fig, cx, top, spec.y_labels[i], "#fffaf0", theme.TARGET, bold=now)
            _arrow(fig, cx, top - 1 + BOX_H / 2, cx, top - BOX_H / 2, "Wya", W_COLOURS["Wya"])
            if per_layer == 2:  # ŷ reads [a→, a←] of the top layer
                _arrow(fig, cx - 0.3, top - 2 + BOX_H / 2, cx - 0.3, top - BOX_H / 2, "",
                       W_COLOURS["Wya"], dash=True)  # fmt: skip
    return go.Figure(
        layout=dict(
            shapes=fig.shapes,
            annotations=fig.annotations,
            xaxis=dict(visible=False, range=[-GAP / 2 - 0.2, (steps - 1) * GAP + GAP / 2 + 0.2]),
            yaxis=dict(visible=False, range=[-0.5, top + 0.5]),
            height=110 + 95 * top,
            margin=dict(l=5, r=5, t=30, b=5),
            plot_bgcolor="white",
            font=theme.FONT,
            showlegend=False,
            title=f"{spec.cell} unrolled: the same weights at every step",
        )
    )


def mini_chain(x_labels: tuple[str, ...], y_labels: tuple[str, ...], title: str) -> go.Figure:
    """A small unrolled chain drawn with three traces (fast to validate and send).

    Used for the five "types of RNN" thumbnails: squares for x⟨t⟩, a⟨t⟩, ŷ⟨t⟩ and
    arrow-headed lines for x → a, a → a and a → ŷ ("" = no input/output at that step).
    """
    steps = len(x_labels)
    nodes = [(i, 1, f"a⟨{i + 1}⟩", "#805ad5") for i in range(steps)]
    nodes += [(i, 0, lab, theme.INPUT) for i, lab in enumerate(x_labels) if lab]
    nodes += [(i, 2, lab, theme.TARGET) for i, lab in enumerate(y_labels) if lab]
    edges = [((i, 0.22), (i, 0.78)) for i, lab in enumerate(x_labels) if lab]
    edges += [((i, 1.22), (i, 1.78)) for i, lab in enumerate(y_labels) if lab]
    edges += [((i - 0.72, 1), (i - 0.28, 1)) for i in range(1, steps)]
    ex, ey = [], []
    for (x0, y0), (x1, y1) in edges:
        ex += [x0, x1, None]
        ey += [y0, y1, None]
    xs, ys, texts, colours = zip(*nodes, strict=True)
    return go.Figure(
        data=[
            go.Scatter(
                x=ex,
                y=ey,
                mode="lines+markers",
                hoverinfo="skip",
                line=dict(color="#4a5568", width=1.5),
                marker=dict(symbol="arrow", angleref="previous", size=8, color="#4a5568"),
            ),
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                text=texts,
                hoverinfo="skip",
                textfont=dict(size=10),
                marker=dict(
                    symbol="square", size=30, color="white", line=dict(color=colours, width=1.5)
                ),
            ),
        ],
        layout=dict(
            title=title,
            height=230,
            showlegend=False,
            plot_bgcolor="white",
            font=theme.FONT,
            margin=dict(l=5, r=5, t=35, b=5),
            xaxis=dict(visible=False, range=[-0.6, max(steps, 2) - 0.4]),
            yaxis=dict(visible=False, range=[-0.5, 2.5]),
        ),
    )
