"""Every chart with its two downloads: the figure (SVG) and its data (CSV).

Plotly figures are saved by Plotly's own toImage in the browser (the camera icon of the chart's
toolbar, set to SVG here), so no server-side renderer is needed: `kaleido` would add a headless
Chromium of about 80–150 MB to the install for the same picture. Vega-Lite charts (Altair) have
no such icon in Streamlit, which turns Vega's export menu off: `vl-convert-python` draws their
SVG on the server, offline, with Vega bundled in its wheel (33.5 MB download, 84 MB installed;
no browser, no network), in a child process so that its engine's memory goes when it is done.
The data is one tidy table per chart, read off the figure's traces (or the spec's datasets), so
it is always what the chart draws. Both are built only when a button is clicked (deferred
downloads), so a rerun pays nothing for them.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys

import numpy as np
import pandas as pd

FIELDS = ("x", "y", "z", "text", "labels", "values")  # per-point arrays a trace may carry
IMAGE_FORMAT = "svg"
SVG_SCRIPT = (  # reads a Vega-Lite spec (JSON) on stdin, writes its SVG (UTF-8) on stdout
    "import sys, vl_convert; "
    "sys.stdout.buffer.write(vl_convert.vegalite_to_svg(sys.stdin.buffer.read().decode()).encode())"
)
FAILED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="40"><text x="4" y="24">'
    "The figure could not be drawn on the server ({why}); Data (CSV) has its numbers.</text></svg>"
)


def _array(value) -> np.ndarray | None:
    """A trace field as an array, or None when it is absent or a single value."""
    if value is None or isinstance(value, str | int | float):
        return None
    array = np.asarray(value, dtype=object)
    return array if array.ndim >= 1 and array.size else None


def _grid(trace, z: np.ndarray) -> pd.DataFrame:
    """A heatmap's matrix as rows (x, y, z): one row per cell, its row and column labels."""
    rows, cols = z.shape
    x = _array(trace.x)
    y = _array(trace.y)
    x = x if x is not None and len(x) == cols else np.arange(cols)
    y = y if y is not None and len(y) == rows else np.arange(rows)
    frame = {"x": np.tile(x, rows), "y": np.repeat(y, cols), "z": z.ravel()}
    text = _array(getattr(trace, "text", None))
    if text is not None and text.shape == z.shape:
        frame["text"] = text.ravel()
    return pd.DataFrame(frame)


def _points(trace) -> pd.DataFrame:
    """A trace's per-point fields as columns; shorter ones padded with empty cells."""
    columns = {}
    for field in FIELDS:
        array = _array(getattr(trace, field, None))
        if array is not None and array.ndim == 1:
            columns[field] = array
    if not columns:
        return pd.DataFrame()
    n = max(len(v) for v in columns.values())
    return pd.DataFrame(
        {k: np.concatenate([v, np.full(n - len(v), None)]) for k, v in columns.items()}
    )


def figure_data(fig) -> pd.DataFrame:
    """Every trace of a Plotly figure as one tidy table: trace, type, then x, y, z, text….

    Heatmaps give one row per cell (x, y, z); other traces one row per point. Traces without
    per-point data (a lone annotation marker) are left out.
    """
    frames = []
    for i, trace in enumerate(fig.data):
        z = _array(getattr(trace, "z", None))
        frame = _grid(trace, z) if z is not None and z.ndim == 2 else _points(trace)
        if frame.empty:
            continue
        frame = frame.infer_objects()  # numbers as floats, so the CSV rounds them to 6 digits
        frame.insert(0, "type", trace.type)
        frame.insert(0, "trace", trace.name or f"trace {i + 1}")
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["trace"])


def figure_csv(fig) -> str:
    return figure_data(fig).to_csv(index=False, float_format="%.6g")


def image_config(key: str, config: dict | None = None) -> dict:
    """Plotly's chart config with the camera icon saving `seqlab-<key>.svg`."""
    return {
        **(config or {}),
        "displaylogo": False,
        "toImageButtonOptions": {"format": IMAGE_FORMAT, "filename": f"seqlab-{key}"},
    }


def csv_key(key: str) -> str:
    """The key of a chart's data download (the registry lists these)."""
    return f"{key}_csv"


def figure_key(key: str) -> str:
    """The key of a figure download button (Vega-Lite charts; Plotly's is its camera icon)."""
    return f"{key}_figure"


def plotly(where, fig, *, key: str, data: bool = True, **kwargs):
    """`where.plotly_chart(fig)` with the figure's SVG export and a data CSV button under it.

    Args:
        where: `st` or a container (a column, an expander) to draw in.
        fig: the Plotly figure; only read.
        key: the chart's key; the CSV button gets `csv_key(key)`.
        data: False for a diagram (boxes and arrows), or a live chart redrawn in an `st.empty`
            while training (the chart left after training has its CSV): the figure only.
        kwargs: passed on to `plotly_chart` (on_select, selection_mode, config…).

    Returns:
        What `plotly_chart` returns (the selection event when `on_select` is set).
    """
    config = image_config(key, kwargs.pop("config", None))
    event = where.plotly_chart(fig, key=key, config=config, **kwargs)
    if not data:
        return event
    where.download_button(
        "Data (CSV)",
        lambda: figure_csv(fig),
        f"seqlab-{key}.csv",
        "text/csv",
        key=csv_key(key),
        on_click="ignore",
        type="tertiary",
        icon=":material/download:",
        help="The numbers this chart draws, one row per point (heatmaps: per cell). "
        "The camera icon above the chart saves the figure as SVG.",
    )
    return event


def spec_data(spec: dict) -> pd.DataFrame:
    """A Vega-Lite spec's inline datasets as one table (a `dataset` column names each)."""
    frames = [
        pd.DataFrame(rows).assign(dataset=name)
        for name, rows in spec.get("datasets", {}).items()
        if rows
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["dataset"])


def spec_csv(spec: dict) -> str:
    return spec_data(spec).to_csv(index=False, float_format="%.6g")


def spec_figure(spec: dict) -> str:
    """The Vega-Lite chart as SVG, drawn by `vl-convert-python` (Vega in Rust, no browser).

    In a child process: the renderer's JavaScript engine grows a process by about 120 MB and
    keeps it, which a server shared by a class should not pay for every student's one click.
    A failure becomes an SVG that says so (a download has no page to show an error on).
    """
    try:
        done = subprocess.run(
            [sys.executable, "-c", SVG_SCRIPT],
            input=json.dumps(spec).encode(),
            capture_output=True,
            timeout=120,
            check=True,
        )
        return done.stdout.decode()
    except (OSError, subprocess.SubprocessError) as err:
        why = (getattr(err, "stderr", b"") or str(err).encode()).decode(errors="replace")
        last = (why.strip().splitlines() or ["no message"])[-1][:200]
        return FAILED_SVG.format(why=html.escape(last))


def vega(where, spec: dict, *, key: str, **kwargs):
    """`where.vega_lite_chart(spec)` with its figure (SVG) and data (CSV) as download buttons.

    Args:
        where: `st` or a container to draw in.
        spec: a Vega-Lite spec with inline `datasets`; only read.
        key: the chart's key; the buttons get `figure_key(key)` and `csv_key(key)`.
        kwargs: passed on to `vega_lite_chart` (on_select, selection_mode…).

    Returns:
        What `vega_lite_chart` returns (the selection event when `on_select` is set).
    """
    event = where.vega_lite_chart(spec, key=key, **kwargs)
    left, right, _ = where.columns([1, 1, 3])
    left.download_button(
        "Figure (SVG)", lambda: spec_figure(spec), f"seqlab-{key}.svg", "image/svg+xml",
        key=figure_key(key), on_click="ignore", type="tertiary", icon=":material/image:",
        help="The chart as drawn, both panels, as a vector image.",
    )  # fmt: skip
    right.download_button(
        "Data (CSV)", lambda: spec_csv(spec), f"seqlab-{key}.csv", "text/csv",
        key=csv_key(key), on_click="ignore", type="tertiary", icon=":material/download:",
        help="The numbers this chart draws, one row per point; `dataset` names each layer.",
    )  # fmt: skip
    return event
