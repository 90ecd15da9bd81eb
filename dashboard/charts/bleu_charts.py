"""BLEU's pieces drawn: matched n-grams in the candidate, n-gram tables, precisions."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import theme

ORDER_COLOURS = ("#c6f6d5", "#9ae6b4", "#48bb78", "#276749")  # n = 1..4, darker = longer


def match_orders(tokens: tuple[str, ...], matched: tuple[dict, ...]) -> list[int]:
    """For each candidate token, the longest n of a clipped match covering it (0: none).

    Occurrences are credited left to right, at most the clipped count of each n-gram.
    """
    best = [0] * len(tokens)
    for n, hits in enumerate(matched, start=1):
        left = dict(hits)
        for i in range(len(tokens) - n + 1):
            gram = tuple(tokens[i : i + n])
            if left.get(gram, 0) > 0:
                left[gram] -= 1
                for j in range(i, i + n):
                    best[j] = max(best[j], n)
    return best


def highlighted_candidate(tokens: tuple[str, ...], orders: list[int]) -> str:
    """HTML: each token on the colour of the longest matched n-gram it belongs to."""
    spans = []
    for token, n in zip(tokens, orders, strict=True):
        colour = ORDER_COLOURS[n - 1] if n else "#fed7d7"
        text_colour = "white" if n >= 3 else "black"
        spans.append(
            f'<span title="longest match: {n}-gram" style="background: {colour}; color: '
            f"{text_colour}; padding: 3px 6px; margin: 2px; border-radius: 4px; "
            f'font-size: 1.15rem">{html.escape(token)}</span>'
        )
    legend = " ".join(
        f'<span style="background: {c}; color: {"white" if i >= 2 else "black"}; padding: 1px 6px; '
        f'border-radius: 4px; font-size: 0.8rem">{i + 1}-gram</span>'
        for i, c in enumerate(ORDER_COLOURS)
    )
    legend += (
        ' <span style="background: #fed7d7; padding: 1px 6px; font-size: 0.8rem">no match</span>'
    )
    return f"<div style='line-height: 2.4rem'>{''.join(spans)}</div><div>{legend}</div>"


def ngram_table(candidate: dict, clip: dict, matched: dict) -> pd.DataFrame:
    """Rows: each distinct candidate n-gram, its count, Count_clip ceiling and credited count."""
    rows = [
        {
            "n-gram": " ".join(gram),
            "count in candidate": count,
            "max count in one reference": clip.get(gram, 0),
            "Count_clip": matched.get(gram, 0),
        }
        for gram, count in candidate.items()
    ]
    return pd.DataFrame(
        rows, columns=["n-gram", "count in candidate", "max count in one reference", "Count_clip"]
    )


def precision_bars(precisions: tuple[float, ...], counts, totals) -> go.Figure:
    """p1..p4 (%) with the clipped-count fractions as labels."""
    labels = [f"p{n}" for n in range(1, len(precisions) + 1)]
    return go.Figure(
        go.Bar(
            x=labels,
            y=precisions,
            text=[f"{c}/{t}" for c, t in zip(counts, totals, strict=True)],
            textposition="outside",
            marker_color=list(ORDER_COLOURS),
            hovertemplate="%{x} = %{y:.2f}% (%{text})<extra></extra>",
        ),
        layout=theme.layout(
            height=300,
            title="Modified n-gram precisions",
            yaxis=dict(range=[0, 110], title="modified precision (%)"),
        ),
    )
