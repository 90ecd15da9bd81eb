"""Figures of a character language model: samples, the softmax of one draw, bits per char."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

PROB_SCALE = "RdYlGn"  # P of a character: red unlikely, green likely, always on [0, 1]


def shown(ch: str) -> str:
    return {"\n": "⏎", " ": "␣"}.get(ch, ch)


def samples_figure(samples: Sequence, wrap: int = 60) -> go.Figure:
    """One block per sample, one marker per character, coloured by the P it was drawn with.

    `samples`: `core.rnn.charlm.Sample`s; a sample longer than `wrap` characters continues
    on the next row. Prefix characters (read, not drawn) are grey. Each point's customdata
    is (sample index, draw index or −1); hover shows the top 5 of the draw.
    """
    xs, ys, texts, colours, custom, hovers = [], [], [], [], [], []
    ticks, labels, row = [], [], 0
    for i, s in enumerate(samples):
        drawn = s.text[len(s.prefix) :] + ("\n" if s.ended else "")
        chars = [(ch, -1) for ch in s.prefix] + [(ch, j) for j, ch in enumerate(drawn)]
        ticks.append(row)
        labels.append(f"sample {i + 1}")
        for x, (ch, j) in enumerate(chars):
            xs.append(x % wrap)
            ys.append(row + x // wrap)
            texts.append(shown(ch))
            custom.append((i, j))
            if j < 0:
                colours.append(np.nan)
                hovers.append("prefix (read, not drawn)")
            else:
                colours.append(s.chosen[j])
                top = ", ".join(f"{shown(c)} {p:.0%}" for c, p in s.top[j][:5])
                hovers.append(f"drawn with P = {s.chosen[j]:.1%}<br>top 5: {html.escape(top)}")
        row += max(1, -(-len(chars) // wrap)) + 0.4  # a gap between samples
    fig = go.Figure(
        [
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                text=texts,
                textfont=dict(family="monospace", size=15, color="black"),
                marker=dict(
                    symbol="square",
                    size=22,
                    color=colours,
                    colorscale=PROB_SCALE,
                    cmin=0,
                    cmax=1,
                    colorbar=dict(title="P drawn", thickness=10),
                    line=dict(width=0),
                ),
                customdata=custom,
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        ],
        layout=theme.layout(
            height=70 + 30 * row,
            xaxis=dict(visible=False, range=[-1, wrap]),
            yaxis=dict(autorange="reversed", tickvals=ticks, ticktext=labels, title=None),
            plot_bgcolor="white",
            clickmode="event+select",
        ),
    )
    return fig


def top_bars(top: Sequence[tuple[str, float]], drawn: str, title: str) -> go.Figure:
    """The 10 most likely next characters of one draw, the drawn one in the target colour."""
    labels = [shown(c) for c, _ in top]
    colours = [theme.TARGET if c == drawn else theme.INPUT for c, _ in top]
    return go.Figure(
        go.Bar(
            x=labels,
            y=[p for _, p in top],
            marker_color=colours,
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        ),
        layout=theme.layout(
            title=title, height=260, yaxis=dict(tickformat=".0%", range=[0, 1]), bargap=0.2
        ),
    )


def probability_text(chars: str, probs: npt.NDArray) -> str:
    """HTML of `chars`, each on a background from red (P≈0) to green (P≈1); NaN is grey."""
    spans = []
    for ch, p in zip(chars, probs, strict=True):
        if np.isnan(p):
            bg, tip = "rgba(160,160,160,0.5)", "not in the vocabulary"
        else:
            r, g = int(215 * (1 - p) + 40 * p), int(48 * (1 - p) + 167 * p)
            bg, tip = (
                f"rgba({r}, {g}, 69, 0.55)",
                f"P = {p:.3f}, {-np.log2(max(p, 1e-300)):.2f} bits",
            )
        spans.append(
            f'<span title="{tip}" style="background: {bg}; padding: 3px 2px; margin: 1px; '
            f'font-family: monospace; font-size: 1.4rem">{html.escape(shown(ch))}</span>'
        )
    # <wbr>: a line may break between any two characters (a long paste has no spaces to break at)
    return "<div style='line-height: 2.6rem'>" + "<wbr>".join(spans) + "</div>"


def loss_curve(
    history: dict[str, list[float]],
    baseline: float | None,
    title: str = "Bits per character (lower is better; dotted: bigram baseline)",
    y_title: str | None = "bits / char",
) -> go.Figure:
    """One line per series of `history` ({name: value per epoch}), a dotted reference line."""
    traces = [
        go.Scatter(
            x=list(range(1, len(v) + 1)), y=v, mode="lines+markers", name=name.replace("_", " ")
        )
        for name, v in history.items()
        if v
    ]
    shapes = (
        [] if baseline is None else [theme.hspan(baseline, line=dict(dash="dot", color="grey"))]
    )
    return go.Figure(
        traces,
        layout=theme.layout(
            title=title,
            height=280,
            xaxis=dict(title="epoch", dtick=1),
            yaxis=dict(title=y_title),
            shapes=shapes,
        ),
    )
