"""Attention heatmaps, highlighted text and beam-search trees for the translation lessons."""

from __future__ import annotations

import html

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

PAD_LABEL = "·"
KEPT_SCALE = [[0.0, "#44337a"], [1.0, "#2c7a7b"]]  # low → high Σ log P; dark enough for white text


def input_labels(chars: str, width: int) -> list[str]:
    """One unique x label per input position: "1 s", "2 a", …, padding as "·"."""
    shown = [ch if ch != " " else "␣" for ch in chars] + [PAD_LABEL] * (width - len(chars))
    return [f"{i + 1} {ch}" for i, ch in enumerate(shown)]


def attention_heatmap(
    alpha: npt.NDArray, x_labels: list[str], y_labels: list[str], chosen: int | None = None
) -> go.Figure:
    """α⟨t,t'⟩: output steps (rows) × input characters (columns), always on [0, 1]."""
    shapes = []
    if chosen is not None:
        shapes = [theme.cell_outline("y", chosen)]
    return go.Figure(
        go.Heatmap(
            z=alpha,
            x=x_labels,
            y=y_labels,
            zmin=0.0,
            zmax=1.0,
            colorscale=theme.ATTENTION_SCALE,
            colorbar=dict(title="α", thickness=12),
            hovertemplate="output %{y}<br>input %{x}<br>α = %{z:.3f}<extra></extra>",
        ),
        layout=theme.layout(
            height=120 + 26 * len(y_labels),
            title="Attention α⟨t,t'⟩ (hover for the values)",
            shapes=shapes,
            xaxis=dict(type="category", tickangle=0, tickfont=dict(size=10)),
            yaxis=dict(autorange="reversed", type="category"),
        ),
    )


def highlighted_text(chars: str, weights: npt.NDArray, colour: str = "43, 108, 176") -> str:
    """HTML of `chars` with each character's background as strong as its weight (0-1)."""
    spans = []
    top = float(np.max(weights)) if len(weights) else 1.0
    for ch, w in zip(chars, weights, strict=True):
        strength = float(w) / top if top > 0 else 0.0
        text_colour = "white" if strength > 0.55 else "black"
        shown = html.escape(ch) if ch != " " else "&nbsp;"
        spans.append(
            f'<span title="{float(w):.3f}" style="background: rgba({colour}, {strength:.2f}); '
            f"color: {text_colour}; padding: 2px 1px; font-family: monospace; "
            f'font-size: 1.3rem">{shown}</span>'
        )
    return "<div style='line-height: 2.2rem'>" + "".join(spans) + "</div>"


def step_probabilities(probs: npt.NDArray, labels: list[str], chosen: int, title: str) -> go.Figure:
    """The softmax of one output step; the chosen symbol darkest."""
    colours = [theme.TARGET if i == chosen else "#a0aec0" for i in range(len(probs))]
    return go.Figure(
        go.Bar(
            x=labels, y=probs, marker_color=colours, hovertemplate="%{x}: %{y:.4f}<extra></extra>"
        ),
        layout=theme.layout(
            height=260,
            title=title,
            xaxis=dict(type="category"),
            yaxis=dict(range=[0, 1], title="probability"),
        ),
    )


def beam_tree(result, label, pruned_per_parent: int = 3, best_path: set | None = None) -> go.Figure:
    """The search tree: kept candidates coloured by score, pruned ones grey, the best path bold.

    Args:
        result: a `core.translation.beam.BeamResult`.
        label: token id → text drawn on the node.
        pruned_per_parent: how many of each parent's pruned children to draw (best first).
    """
    tree = result.tree
    children: dict[int, list] = {}
    for node in tree[1:]:
        children.setdefault(node.parent, []).append(node)
    per_parent = min(pruned_per_parent, _pruned_cap(tree))
    shown = [tree[0]]
    for kids in children.values():
        kept = [n for n in kids if n.kept]
        pruned = sorted((n for n in kids if not n.kept), key=lambda n: -n.score)
        shown += kept + pruned[:per_parent]
    y = _layout_rows(shown)
    best_path = best_path or set()
    edge_x, edge_y, best_x, best_y = [], [], [], []
    for node in shown[1:]:
        xs, ys = [node.step - 1, node.step, None], [y[node.parent], y[node.id], None]
        if node.id in best_path:
            best_x += xs
            best_y += ys
        elif node.kept:
            edge_x += xs
            edge_y += ys
    traces = [
        go.Scatter(
            x=edge_x,
            y=edge_y,
            mode="lines",
            line=dict(color="#90cdf4", width=1.5),
            hoverinfo="skip",
            showlegend=False,
        ),
        go.Scatter(
            x=best_x,
            y=best_y,
            mode="lines",
            line=dict(color=theme.TARGET, width=4),
            hoverinfo="skip",
            name="best hypothesis",
        ),
    ]
    for kept, name in ((False, "pruned"), (True, "kept in the beam")):
        nodes = [n for n in shown[1:] if n.kept == kept]
        traces.append(
            go.Scatter(
                x=[n.step for n in nodes],
                y=[y[n.id] for n in nodes],
                mode="markers+text",
                text=[label(n.token) for n in nodes],
                textposition="middle center",
                textfont=dict(color="white" if kept else "#4a5568", size=11 if kept else 9),
                marker=dict(
                    size=22 if kept else 14,
                    color=[n.score for n in nodes] if kept else "#e2e8f0",
                    colorscale=KEPT_SCALE if kept else None,
                    showscale=False,
                    line=dict(width=0),
                ),
                customdata=[[label(n.token), n.log_prob, n.score, n.step] for n in nodes],
                hovertemplate=(
                    "step %{customdata[3]}: %{customdata[0]}<br>log P(token) = %{customdata[1]:.3f}"
                    "<br>Σ log P = %{customdata[2]:.3f}<extra></extra>"
                ),
                name=name,
            )
        )
    kept_nodes = [n for n in shown[1:] if n.kept]
    traces += [
        go.Scatter(
            x=[n.step + 0.22 for n in kept_nodes],
            y=[y[n.id] + 0.3 for n in kept_nodes],
            mode="text",
            text=[f"{n.score:.2f}" for n in kept_nodes],
            textfont=dict(size=9, color="#2d3748"),
            hoverinfo="skip",
            name="Σ log P",
        ),
        go.Scatter(
            x=[0],
            y=[0],
            mode="markers+text",
            text=["⟨s⟩"],
            marker=dict(size=22, color="#2d3748"),
            textfont=dict(color="white"),
            hoverinfo="skip",
            showlegend=False,
        ),
    ]
    rows = max(
        len({n.id for n in shown if n.step == s}) for s in range(max(n.step for n in shown) + 1)
    )
    title = "Beam-search tree"
    if per_parent < pruned_per_parent:
        title += (
            f" — {per_parent} pruned candidate{'s' * (per_parent != 1)} drawn per node, not "
            f"{pruned_per_parent}: at most {MAX_ROWS} nodes a step stay readable"
        )
    return go.Figure(
        traces,
        layout=theme.layout(
            height=max(360, 34 * rows + 140),
            title=title,
            xaxis=dict(title="output step t", dtick=1),
            yaxis=dict(visible=False),
        ),
    )


MAX_ROWS = 40  # nodes drawn at one step; B = 10 with 10 pruned each would be 110 rows


def _pruned_cap(tree) -> int:
    """Pruned children per parent that keep every step at MAX_ROWS nodes or fewer."""
    cap = MAX_ROWS
    steps = {n.step for n in tree[1:]}
    for step in steps:
        nodes = [n for n in tree if n.step == step]
        kept = sum(n.kept for n in nodes)
        parents = len({n.parent for n in nodes})
        cap = min(cap, max(0, (MAX_ROWS - kept) // max(parents, 1)))
    return cap


def _layout_rows(shown: list) -> dict[int, float]:
    """y of every drawn node: within a step, siblings stay together in their parent's order."""
    y = {shown[0].id: 0.0}
    last_step = max(n.step for n in shown)
    for step in range(1, last_step + 1):
        nodes = [n for n in shown if n.step == step]
        nodes.sort(key=lambda n: (-y[n.parent], -n.score))  # top parent's children first
        offset = (len(nodes) - 1) / 2
        for i, node in enumerate(nodes):
            y[node.id] = offset - i
    return y


def log_prob_steps(labels: list[str], series: dict[str, npt.NDArray], title: str) -> go.Figure:
    """Per-step log P of several outputs (teacher forcing), to see where they part."""
    return go.Figure(
        [
            go.Bar(x=labels, y=values, name=name, hovertemplate="%{x}: %{y:.3f}<extra></extra>")
            for name, values in series.items()
        ],
        layout=theme.layout(
            height=300,
            title=title,
            barmode="group",
            xaxis=dict(type="category", title="output step"),
            yaxis=dict(title="log P(y⟨t⟩ | x, y⟨<t⟩)"),
        ),
    )
