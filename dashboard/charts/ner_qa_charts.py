"""Figures of the NER and QA lessons: tags with their probabilities, start/end bars.

Pure builders: plain arrays and labels in, a Plotly figure out. Probabilities are drawn on
[0, 1] in `lm_charts.PROB_SCALE` (the scale of every P on the app); attention on [0, 1] in
`theme.ATTENTION_SCALE` (see `transformer_charts.weights_heatmap`).
"""

from __future__ import annotations

import html

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme
from dashboard.charts.lm_charts import PROB_SCALE

ENTITY_COLOURS = {
    "PERSON": "#d69e2e", "ORG": "#3182ce", "LOC": "#38a169", "DATE": "#805ad5",
    "MONEY": "#e53e3e", "O": "#a0aec0",
}  # fmt: skip
BACKGROUNDS = {
    "PERSON": "#fefcbf", "ORG": "#bee3f8", "LOC": "#c6f6d5", "DATE": "#e9d8fd",
    "MONEY": "#fed7d7",
}  # fmt: skip


TAG_HEADROOM = 1.45  # y-axis top of the tag bars: "B-PERSON" written upright above P = 1


def entity_of(tag: str) -> str:
    """ "B-PERSON" → "PERSON"; "O" → "O"."""
    return tag.partition("-")[2] or "O"


def tag_bars(labels: list[str], tags: list[str], conf: npt.NDArray, selected: int | None):
    """One bar a word: P(chosen tag | x), coloured by its entity; click a bar to pick the word.

    `labels`: unique word labels ("3 Smith"); `selected` is outlined.
    """
    colours = [ENTITY_COLOURS[entity_of(t)] for t in tags]
    widths = [3 if i == selected else 0 for i in range(len(labels))]
    return go.Figure(
        go.Bar(
            x=labels, y=conf, text=tags, textangle=-90,
            textposition="outside" if len(labels) <= 30 else "none",
            marker=dict(color=colours, line=dict(color=theme.TARGET, width=widths)),
            cliponaxis=False, customdata=np.arange(len(labels)),
            hovertemplate="%{x}<br>%{text}: P = %{y:.3f}<extra>click for its attention</extra>",
        ),
        layout=theme.layout(height=380, title="P(chosen tag | x) for each word; click a bar",
                            bargap=0.15, clickmode="event+select", dragmode=False,
                            margin=dict(l=10, r=10, t=70, b=10),
                            xaxis=dict(type="category", tickangle=-60 if len(labels) > 10 else 0),
                            # Headroom above P = 1 for the tags written over the bars (they ran
                            # into the title).
                            yaxis=dict(range=[0, TAG_HEADROOM],
                                       tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1.0],
                                       title="probability")),
    )  # fmt: skip


def tag_heatmap(labels: list[str], probs: npt.NDArray, tag_names: tuple[str, ...]) -> go.Figure:
    """P(tag | x) of every tag (rows) for every word (columns), on [0, 1]."""
    return go.Figure(
        go.Heatmap(
            z=np.asarray(probs).T, x=labels, y=list(tag_names), zmin=0, zmax=1,
            colorscale=PROB_SCALE, xgap=1, ygap=1, colorbar=dict(title="P", thickness=12),
            hovertemplate="%{x}<br>P(%{y}) = %{z:.3f}<extra></extra>",
        ),
        layout=theme.layout(
            height=340, title="The whole softmax: P(tag | x) for every tag",
            xaxis=dict(type="category", tickangle=-60 if len(labels) > 10 else 0, dtick=1),
            yaxis=dict(autorange="reversed", type="category", dtick=1),
        ),
    )  # fmt: skip


def start_end_bars(
    labels: list[str], p_start: npt.NDArray, p_end: npt.NDArray, span: tuple[int, int] | None
) -> go.Figure:  # fmt: skip
    """P_start and P_end over "no answer" then the context's tokens; the answer shaded."""
    shapes = []
    if span is not None:  # label index 0 is "no answer": token k is at k + 1
        shapes.append(theme.vspan(span[0] + 0.5, span[1] + 1.5, fillcolor=theme.PREDICTION,
                                  opacity=0.15, line=dict(width=0), layer="below"))  # fmt: skip
    else:
        shapes.append(theme.vspan(-0.5, 0.5, fillcolor=theme.TARGET, opacity=0.15,
                                  line=dict(width=0), layer="below"))  # fmt: skip
    return go.Figure(
        [
            go.Bar(x=labels, y=p_start, name="P_start(i)", marker_color=theme.INPUT,
                   hovertemplate="%{x}<br>P_start = %{y:.3f}<extra></extra>"),
            go.Bar(x=labels, y=p_end, name="P_end(j | chosen start)", marker_color=theme.TARGET,
                   hovertemplate="%{x}<br>P_end(j | i) = %{y:.3f}<extra></extra>"),
        ],
        layout=theme.layout(height=360, barmode="group", shapes=shapes, bargap=0.1,
                            title="Where the answer starts and ends (shaded: the chosen span)",
                            xaxis=dict(type="category", tickangle=-60, tickfont=dict(size=10)),
                            yaxis=dict(range=[0, 1.0], title="probability")),
    )  # fmt: skip


def _escape(text: str) -> str:
    """HTML-safe text; control characters shown as "�" (a browser would drop them)."""
    return html.escape("".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in text))


def entity_html(text: str, spans: list[tuple[int, int, str, float]]) -> str:
    """The text with each entity (start, end, label, P) on its colour, its label after it."""
    out, pos = [], 0
    for start, end, label, prob in spans:
        out.append(_escape(text[pos:start]))
        out.append(
            f'<span title="{label}, P = {prob:.3f}" style="background: {BACKGROUNDS[label]}; '
            f"border-bottom: 3px solid {ENTITY_COLOURS[label]}; padding: 2px 4px; "
            f'border-radius: 4px">{_escape(text[start:end])} <b style="font-size: 0.7rem; '
            f'color: {ENTITY_COLOURS[label]}">{label}</b></span>'
        )
        pos = end
    out.append(_escape(text[pos:]))
    return f"<div style='line-height: 2.4rem; font-size: 1.15rem'>{''.join(out)}</div>"


def context_html(
    text: str, words: list[tuple[int, int]], weights: npt.NDArray, answer: tuple[int, int] | None
) -> str:  # fmt: skip
    """The context, each word's background as strong as `weights` (0–1, scaled to the
    largest), the answer's characters `answer` = (start, end) boxed in green."""
    top = float(np.max(weights)) if len(weights) else 1.0
    out, pos = [], 0
    for (start, end), w in zip(words, weights, strict=True):
        out.append(_escape(text[pos:start]))
        strength = float(w) / top if top > 0 else 0.0
        inside = answer is not None and answer[0] <= start < answer[1]
        box = f"outline: 2px solid {theme.PREDICTION}; " if inside else ""
        out.append(
            f'<span title="{float(w):.3f}" style="{box}background: rgba(43, 108, 176, '
            f"{0.8 * strength:.2f}); color: {'white' if strength > 0.6 else 'black'}; "
            f'padding: 1px 2px">{_escape(text[start:end])}</span>'
        )
        pos = end
    out.append(_escape(text[pos:]))
    return f"<div style='line-height: 2.1rem; font-size: 1.05rem'>{''.join(out)}</div>"
