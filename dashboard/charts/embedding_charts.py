"""Word-vector figures: projections, neighbours, analogies, bias bars, word2vec and Emojify."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

WEBGL_FROM = 1000  # points; beyond this scatter plots switch to WebGL
HIGHLIGHT = theme.TARGET
NEIGHBOUR = "#38a169"
OTHER = "#4a5568"


def word_scatter(
    coords: npt.NDArray, words: Sequence[str], title: str, focus: str | None = None,
    neighbours: Sequence[str] = (), labels: bool = True,
) -> go.Figure:  # fmt: skip
    """Words at 2-D or 3-D coordinates; `focus` and its neighbours coloured and enlarged."""
    near = set(neighbours)
    colour = [HIGHLIGHT if w == focus else NEIGHBOUR if w in near else OTHER for w in words]
    size = [14 if w == focus else 10 if w in near else 6 for w in words]
    text = list(words) if labels else [w if w == focus or w in near else "" for w in words]
    common = dict(
        mode="markers+text",
        text=text,
        hovertext=list(words),
        hovertemplate="%{hovertext}<extra></extra>",
        textposition="top center",
        textfont=dict(size=10),
    )
    if coords.shape[1] == 3:  # 3-D markers at half the size
        return go.Figure(
            go.Scatter3d(
                x=coords[:, 0],
                y=coords[:, 1],
                z=coords[:, 2],
                **common,
                marker=dict(color=colour, size=[s / 2 for s in size], opacity=0.85),
            ),
            layout=theme.layout(height=620, title=title),
        )
    trace = go.Scattergl if len(words) > WEBGL_FROM else go.Scatter
    return go.Figure(
        trace(
            x=coords[:, 0],
            y=coords[:, 1],
            **common,
            marker=dict(color=colour, size=size, opacity=0.85),
        ),
        layout=theme.layout(
            height=620,
            title=title,
            dragmode="pan",
            xaxis=dict(zeroline=False),
            yaxis=dict(zeroline=False, scaleanchor="x", scaleratio=1),
        ),
    )


def neighbour_bars(neighbours: Sequence[tuple[str, float]], title: str) -> go.Figure:
    words = [w for w, _ in neighbours][::-1]
    scores = [s for _, s in neighbours][::-1]
    return go.Figure(
        go.Bar(
            x=scores,
            y=words,
            orientation="h",
            marker_color=NEIGHBOUR,
            hovertemplate="%{y}: cos = %{x:.3f}<extra></extra>",
        ),
        layout=theme.layout(
            height=80 + 26 * len(words),
            title=title,
            xaxis=dict(range=[min(0.0, min(scores, default=0)), 1], title="cosine similarity"),
        ),
    )


def parallelogram(coords: npt.NDArray, words: Sequence[str], answer: str) -> go.Figure:
    """a, b, c, d in a 2-D PCA of the four words: a→b and c→d drawn as arrows."""
    traces, arrows = [], []
    for (i, j), colour, name in (((0, 1), theme.INPUT, "a → b"), ((2, 3), HIGHLIGHT, "c → d")):
        arrows.append(
            dict(
                x=coords[j, 0],
                y=coords[j, 1],
                ax=coords[i, 0],
                ay=coords[i, 1],
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                arrowhead=3,
                arrowwidth=2,
                arrowcolor=colour,
            )
        )
        traces.append(
            go.Scatter(
                x=coords[[i, j], 0],
                y=coords[[i, j], 1],
                mode="markers+text",
                text=[words[i], words[j]],
                textposition="top center",
                marker=dict(size=11, color=colour),
                name=name,
            )
        )
    traces += [  # the parallelogram's other two sides: a–c and b–d
        go.Scatter(
            x=coords[ends, 0],
            y=coords[ends, 1],
            mode="lines",
            line=dict(dash="dot", color="#a0aec0"),
            showlegend=False,
        )
        for ends in ([0, 2], [1, 3])
    ]
    return go.Figure(
        traces,
        layout=theme.layout(
            height=420,
            title=f"The parallelogram (2-D PCA of the four words; d = {answer})",
            annotations=arrows,
            yaxis=dict(scaleanchor="x", scaleratio=1),
        ),
    )


def bias_bars(before: dict[str, float], after: dict[str, float] | None, title: str) -> go.Figure:
    """cos(e_w, g) per word, before (and after) debiasing, as horizontal bars."""
    words = list(before)[::-1]
    bars = [
        go.Bar(
            y=words,
            x=[before[w] for w in words],
            orientation="h",
            name="before",
            marker_color="#a0aec0",
        )
    ]
    if after is not None:
        bars.append(
            go.Bar(
                y=words,
                x=[after[w] for w in words],
                orientation="h",
                name="after",
                marker_color=theme.INPUT,
            )
        )
    return go.Figure(
        bars,
        layout=theme.layout(
            height=140 + len(words) * (30 if after else 20),
            title=title,
            # top right, under the title's line: seen before scrolling past every word's bars
            legend=dict(orientation="h", x=1, xanchor="right", y=1, yanchor="bottom"),
            barmode="group",
            shapes=[theme.vspan(0, line=dict(color="#2d3748"))],
            xaxis=dict(
                title="cos(e_w, g)  —  towards the first word of the axis (−) or the second (+)"
            ),
        ),
    )


def line(
    x: npt.NDArray, ys: dict[str, npt.NDArray], title: str, xaxis: str, yaxis: str
) -> go.Figure:
    return go.Figure(
        [go.Scatter(x=x, y=y, mode="lines+markers", name=n) for n, y in ys.items()],
        layout=theme.layout(
            height=300, title=title, xaxis=dict(title=xaxis), yaxis=dict(title=yaxis)
        ),
    )


def sampling_bars(words: Sequence[str], dists: dict[str, npt.NDArray]) -> go.Figure:
    return go.Figure(
        [go.Bar(x=list(words), y=p, name=n) for n, p in dists.items()],
        layout=theme.layout(
            height=320,
            barmode="group",
            title="Negative-sampling distribution: f(w) vs f(w)^¾ vs uniform",
            xaxis=dict(type="category"),
            yaxis=dict(title="P(drawn as a negative)"),
        ),
    )


def heatmap(z: npt.NDArray, x: Sequence[str], y: Sequence[str], title: str, colorbar: str,
            scale: str = "Blues", text: bool = False, x_angle: int = -45) -> go.Figure:  # fmt: skip
    """A labelled heatmap; x_angle 0 for short labels such as emoji, which overlap when tilted."""
    return go.Figure(
        go.Heatmap(
            z=z,
            x=list(x),
            y=list(y),
            colorscale=scale,
            colorbar=dict(title=colorbar, thickness=12),
            text=np.round(z, 2) if text else None,
            texttemplate="%{text}" if text else None,
            hovertemplate="%{y} · %{x}: %{z:.3g}<extra></extra>",
        ),
        layout=theme.layout(
            height=max(320, 60 + 20 * len(y)),
            title=title,
            xaxis=dict(type="category", tickangle=x_angle),
            yaxis=dict(autorange="reversed", type="category"),
        ),
    )


def emoji_bars(probs: dict[str, npt.NDArray], emoji: Sequence[str]) -> go.Figure:
    return go.Figure(
        [
            go.Bar(x=list(emoji), y=p, name=n, text=[f"{v:.2f}" for v in p], textposition="outside")
            for n, p in probs.items()
        ],
        layout=theme.layout(
            height=330,
            barmode="group",
            title="ŷ = softmax(…) of each model",
            xaxis=dict(tickfont=dict(size=15)),
            yaxis=dict(range=[0, 1.15], title="probability"),
        ),
    )
