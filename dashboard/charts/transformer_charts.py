"""Figures of the Transformer lessons: positional encodings, attention stages, heads.

Pure builders: plain arrays and labels in, a Plotly figure out. Attention weights are
always drawn on [0, 1] with `theme.ATTENTION_SCALE`; signed values (encodings, queries,
scores) with `theme.DIVERGING_SCALE` centred on 0.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from dashboard.charts import theme

LINE_RGB = "43, 108, 176"  # the darkest blue of ATTENTION_SCALE, for BertViz-style lines
LINE_LEVELS = 10  # weights are drawn in this many opacity steps: one trace each
LINE_FLOOR = 0.01  # lines fainter than this are left out (they would be invisible)
LINE_GAP = 0.04  # lines stop short of the tokens' text
MAX_CURVES = 12
WAVE = ("sin", "cos")  # even dimensions are sines, odd ones cosines


def pe_heatmap(pe: npt.NDArray) -> go.Figure:
    """PE as position (rows) × dimension (columns), on [−1, 1]."""
    return go.Figure(
        go.Heatmap(
            z=pe, zmin=-1, zmax=1, colorscale=theme.DIVERGING_SCALE,
            colorbar=dict(title="PE", thickness=12),
            hovertemplate="pos %{y}, dimension %{x}<br>PE = %{z:.3f}<extra></extra>",
        ),
        layout=theme.layout(
            height=420, title="PE(pos, i): one row per position",
            xaxis=dict(title="dimension i"),
            yaxis=dict(title="position pos", autorange="reversed"),
        ),
    )  # fmt: skip


def pe_curves(pe: npt.NDArray, dims: list[int], pos: int) -> go.Figure:
    """Chosen columns of PE against the position: sines on even, cosines on odd dimensions."""
    positions = np.arange(len(pe))
    traces = [
        go.Scatter(
            x=positions, y=pe[:, d], mode="lines", name=f"i = {d} ({WAVE[d % 2]})",
            hovertemplate=f"i = {d}, pos %{{x}}: %{{y:.3f}}<extra></extra>",
        )
        for d in dims[:MAX_CURVES]
    ]  # fmt: skip
    return go.Figure(
        traces,
        layout=theme.layout(
            height=320, title="Each dimension is a wave; low dimensions oscillate fastest",
            shapes=[theme.vspan(pos, line=dict(color=theme.TARGET, dash="dot"))],
            xaxis=dict(title="position pos"), yaxis=dict(title="PE(pos, i)", range=[-1.1, 1.1]),
        ),
    )  # fmt: skip


def pe_similarity(pe: npt.NDArray, pos: int) -> go.Figure:
    """PE(pos)·PE(j) for every j: a peak at j = pos that falls off with the distance."""
    dots = pe @ pe[pos]
    return go.Figure(
        [
            go.Scatter(x=np.arange(len(pe)), y=dots, mode="lines", name="PE(pos)·PE(j)",
                       line=dict(color=theme.INPUT),
                       hovertemplate="j = %{x}: %{y:.2f}<extra></extra>"),
            go.Scatter(x=[pos], y=[dots[pos]], mode="markers", name=f"j = pos = {pos}",
                       marker=dict(color=theme.TARGET, size=10), hoverinfo="skip"),
        ],
        layout=theme.layout(
            height=320, title=f"Dot product of PE({pos}) with every position",
            xaxis=dict(title="position j"), yaxis=dict(title="PE(pos)·PE(j)"),
        ),
    )  # fmt: skip


def pe_gram(pe: npt.NDArray) -> go.Figure:
    """PE PEᵀ: every pair of positions; the bright diagonal band is 'near looks alike'."""
    gram = pe @ pe.T
    top = float(np.abs(gram).max()) or 1.0
    return go.Figure(
        go.Heatmap(
            z=gram, zmin=-top, zmax=top, colorscale=theme.DIVERGING_SCALE,
            colorbar=dict(title="dot", thickness=12),
            hovertemplate="pos %{y} · pos %{x} = %{z:.2f}<extra></extra>",
        ),
        layout=theme.layout(
            height=360, title="PE(i)·PE(j) for every pair of positions",
            xaxis=dict(title="position j"),
            yaxis=dict(autorange="reversed", title="position i", scaleanchor="x"),
        ),
    )  # fmt: skip


def matrix(
    z: npt.NDArray, x_labels: list[str], y_labels: list[str], title: str,
    weights: bool = False, numbers: bool = True, masked: npt.NDArray | None = None,
) -> go.Figure:  # fmt: skip
    """A small labelled heatmap of one stage; `weights` puts it on [0, 1] in the attention scale.

    `masked` (bool, same shape, True = masked out) prints −∞ in those cells and leaves them blank.
    """
    z = np.asarray(z, dtype=float)
    text = np.vectorize(lambda v: f"{v:.2f}")(z) if numbers and z.size else None
    if masked is not None and masked.any():
        z = np.where(masked, np.nan, z)
        if text is not None:
            text = np.where(masked, "−∞", text)
    if weights:
        scale = dict(zmin=0.0, zmax=1.0, colorscale=theme.ATTENTION_SCALE)
    else:
        top = float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 1.0
        scale = dict(zmin=-top or -1, zmax=top or 1, colorscale=theme.DIVERGING_SCALE, zmid=0)
    return go.Figure(
        go.Heatmap(
            z=z, x=x_labels, y=y_labels, text=text, texttemplate="%{text}" if numbers else None,
            textfont=dict(size=10), showscale=False, xgap=1, ygap=1,
            hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>", **scale,
        ),
        layout=theme.layout(
            height=70 + 26 * max(len(y_labels), 2) + column_room(x_labels),
            title=dict(text=title, font=dict(size=13)),
            margin=dict(l=10, r=10, t=36, b=10), plot_bgcolor="#edf2f7",
            xaxis=dict(type="category", side="top", tickangle=column_angle(x_labels)),
            yaxis=dict(autorange="reversed", type="category"),
        ),
    )  # fmt: skip


def column_room(labels: list[str]) -> int:
    """Pixels the tilted column labels take above the cells (else they squeeze the rows)."""
    return int(4.5 * max(map(len, map(str, labels)))) if column_angle(labels) else 0


def column_angle(labels: list[str], room: int = 48) -> int:
    """-45 when the column labels, written level, would need more than `room` characters
    (about a 500-px column): "1 internationalization" beside three more overlapped."""
    return -45 if len(labels) > 6 or sum(len(str(t)) + 2 for t in labels) > room else 0


def grouped_weights(labels: list[str], series: dict[str, npt.NDArray], title: str) -> go.Figure:
    """One query's attention weights under several settings, side by side, on [0, 1]."""
    return go.Figure(
        [go.Bar(x=labels, y=v, name=k, hovertemplate="%{x}: %{y:.3f}<extra></extra>")
         for k, v in series.items()],
        layout=theme.layout(height=300, title=title, barmode="group",
                            xaxis=dict(type="category"), yaxis=dict(range=[0, 1], title="α")),
    )  # fmt: skip


def attention_lines(
    weights: npt.NDArray, queries: list[str], keys: list[str], title: str,
    focus: int | None = None,
) -> go.Figure:  # fmt: skip
    """BertViz's view: queries on the left, keys on the right, a line per pair whose
    opacity is its weight. Lines are grouped in LINE_LEVELS opacity steps (one trace each,
    segments split by NaN), so 30 × 30 tokens draw as fast as 5 × 5.

    Args:
        weights: `(len(queries), len(keys))` on [0, 1].
        focus: draw only this query's lines (None: every query's).
    """
    w = np.asarray(weights, dtype=float)
    n_q, n_k = w.shape
    rows = max(n_q, n_k)
    y_q, y_k = (-np.linspace(0, rows - 1, n) if n > 1 else np.zeros(n) for n in (n_q, n_k))
    shown = np.zeros(n_q, dtype=bool)
    shown[slice(None) if focus is None else focus] = True
    level = np.ceil(np.clip(w, 0, 1) * LINE_LEVELS)  # 1..LINE_LEVELS, 0 for a zero weight
    level[~shown] = 0
    level[w < LINE_FLOOR] = 0
    traces = []
    for lv in range(1, LINE_LEVELS + 1):
        i, j = np.nonzero(level == lv)
        if not len(i):
            continue
        xs = np.tile([LINE_GAP, 1.0 - LINE_GAP, np.nan], len(i))
        ys = np.column_stack([y_q[i], y_k[j], np.full(len(i), np.nan)]).ravel()
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
            line=dict(color=f"rgba({LINE_RGB}, {lv / LINE_LEVELS:.2f})", width=2.5),
        ))  # fmt: skip
    traces += [
        go.Scatter(
            x=np.zeros(n_q), y=y_q, mode="text", text=queries,
            textposition="middle left", showlegend=False, customdata=w.max(axis=1),
            textfont=dict(size=13, color=np.where(shown, "#1a202c", "#a0aec0").tolist()),
            hovertemplate="query %{text}<br>largest weight %{customdata:.3f}<extra></extra>",
        ),
        go.Scatter(
            x=np.ones(n_k), y=y_k, mode="text", text=keys,
            textposition="middle right", textfont=dict(size=13), showlegend=False,
            customdata=w[shown].sum(axis=0),
            hovertemplate="key %{text}<br>weight received %{customdata:.3f}<extra></extra>",
        ),
    ]  # fmt: skip
    return go.Figure(traces, layout=theme.layout(
        height=90 + 19 * rows, title=title, hovermode="closest",
        margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(visible=False, range=[-0.45, 1.45]),
        yaxis=dict(visible=False, range=[-rows + 0.4, 0.8]),
    ))  # fmt: skip


def weights_heatmap(
    weights: npt.NDArray, queries: list[str], keys: list[str], title: str, symbol: str = "α"
) -> go.Figure:
    """One head's attention: queries (rows) × keys (columns), on [0, 1]."""
    return go.Figure(
        go.Heatmap(
            z=weights, x=keys, y=queries, zmin=0.0, zmax=1.0, colorscale=theme.ATTENTION_SCALE,
            colorbar=dict(title=symbol, thickness=12), xgap=1, ygap=1,
            hovertemplate=f"query %{{y}}<br>key %{{x}}<br>{symbol} = %{{z:.3f}}<extra></extra>",
        ),
        layout=theme.layout(
            height=120 + 22 * len(queries), title=title,
            xaxis=dict(type="category", tickangle=-90 if len(keys) > 12 else 0,
                       tickfont=dict(size=10), dtick=1),
            yaxis=dict(autorange="reversed", type="category", tickfont=dict(size=10), dtick=1),
        ),
    )  # fmt: skip


def head_grid(
    weights: npt.NDArray, queries: list[str], keys: list[str], title: str,
    chosen: tuple[int, int] | None = None,
) -> go.Figure:  # fmt: skip
    """Every layer (rows) × head (columns) as one tiled heatmap on [0, 1]; `chosen` outlined.

    One trace with NaN gutters between the tiles: 8 separate subplots of 30 × 30 take
    Plotly ~0.3 s to build, this ~20 ms.

    Args:
        weights: `(L, h, len(queries), len(keys))`.
        chosen: (layer, head), 0-based.
    """
    n_layers, n_heads, n_q, n_k = weights.shape
    gap = max(1, round(0.12 * max(n_q, n_k)))
    rows, cols = n_layers * (n_q + gap) - gap, n_heads * (n_k + gap) - gap
    z = np.full((rows, cols), np.nan)
    text = np.full((rows, cols), "", dtype=object)
    for i in range(n_layers):
        for j in range(n_heads):
            r, c = i * (n_q + gap), j * (n_k + gap)
            z[r : r + n_q, c : c + n_k] = weights[i, j]
            text[r : r + n_q, c : c + n_k] = [
                [f"layer {i + 1}, head {j + 1}<br>{q} → {k}" for k in keys] for q in queries
            ]
    titles = [
        dict(x=j * (n_k + gap) + (n_k - 1) / 2, y=i * (n_q + gap) - 0.6, xref="x", yref="y",
             text=f"layer {i + 1} · head {j + 1}", showarrow=False, yanchor="bottom",
             font=dict(size=11))
        for i in range(n_layers) for j in range(n_heads)
    ]  # fmt: skip
    shapes = []
    if chosen is not None:
        r, c = chosen[0] * (n_q + gap), chosen[1] * (n_k + gap)
        shapes.append(dict(type="rect", x0=c - 0.5, x1=c + n_k - 0.5, y0=r - 0.5, y1=r + n_q - 0.5,
                           line=dict(color=theme.TARGET, width=3)))  # fmt: skip
    tile_px = 170 * n_q / max(n_q, n_k)  # square cells for a square map, flatter otherwise
    return go.Figure(
        go.Heatmap(
            z=z, text=text, zmin=0, zmax=1, colorscale=theme.ATTENTION_SCALE, hoverongaps=False,
            colorbar=dict(title="α", thickness=12),
            hovertemplate="%{text}: %{z:.3f}<extra></extra>",
        ),
        layout=theme.layout(
            height=90 + n_layers * (tile_px + 30), title=title, annotations=titles,
            shapes=shapes, xaxis=dict(visible=False), plot_bgcolor="white",
            yaxis=dict(visible=False, range=[rows - 0.5, -2.5]),
        ),
    )  # fmt: skip
