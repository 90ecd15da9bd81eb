"""Every chart goes through dashboard/export.py, and the Vega-Lite figure export works offline.

An AST scan of dashboard/: a page or part that calls `st.plotly_chart` (or any of Streamlit's
chart functions) itself would draw a chart without its figure and data downloads, so it fails
here with the file and line to reroute through `export.plotly` / `export.vega`.
"""

from __future__ import annotations

import ast
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import export
from dashboard.charts import gate_charts
from dashboard.page_tools import EXPORTS, OWN_MODEL_EXPORTS

DASHBOARD = Path(export.__file__).parent
ROOT = DASHBOARD.parent
CHART_CALLS = {  # Streamlit's chart elements; only export.py may call them
    "plotly_chart", "altair_chart", "vega_lite_chart", "pyplot", "line_chart", "bar_chart",
    "area_chart", "scatter_chart", "map", "graphviz_chart", "pydeck_chart", "bokeh_chart",
}  # fmt: skip


def _chart_calls(source: str, name: str) -> list[str]:
    """`name:line function` of each Streamlit chart function in `source` (called or passed)."""
    return [
        f"{name}:{node.lineno} {node.attr}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and node.attr in CHART_CALLS
        and (node.attr != "map" or _is_streamlit(node.value))  # not pandas' Series.map
    ]


def _is_streamlit(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "st"


def test_no_page_draws_a_chart_without_its_downloads():
    files = [p for p in sorted(DASHBOARD.rglob("*.py")) if p != Path(export.__file__)]
    assert len(files) > 40  # the scan sees the pages, parts and charts
    direct = [
        call
        for path in files
        for call in _chart_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not direct, "draw these through dashboard/export.py (plotly/vega): " + ", ".join(direct)


def test_the_scan_finds_a_direct_chart_call():
    direct = "import streamlit as st\nleft = st\nleft.plotly_chart(fig, key='k')\n"
    assert _chart_calls(direct, "page.py") == ["page.py:3 plotly_chart"]
    wrapped = "frame['x'].map('{:+.0%}'.format)\nexport.plotly(st, fig, key='k')\n"
    assert _chart_calls(wrapped, "page.py") == []


@pytest.mark.parametrize("listing", [EXPORTS, OWN_MODEL_EXPORTS], ids=["default", "own model"])
def test_every_listed_export_is_a_figure_or_data_download(listing):
    keys = [k for keys in listing.values() for k in keys]
    assert keys and all(k.endswith(("_csv", "_figure", "_html")) for k in keys), keys
    assert len(keys) == len(set(keys)), "a download key is listed twice"


@pytest.fixture(scope="module")
def span_spec() -> dict:
    h = np.random.default_rng(0).uniform(-1, 1, (24, 8))  # (T, n_a)
    return gate_charts.span_selector("hello world, the gates!\n", h, [1, 5], 0.3, offset=40)


def test_the_span_chart_exports_an_svg_drawn_without_a_browser(span_spec):
    svg = export.spec_figure(span_spec)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert "unit 1" in text and "unit 5" in text  # the legend names the units drawn
    assert "a⟨t⟩" in text  # the y axis title
    assert all(c in svg for c in gate_charts.UNIT_COLOURS[:2])  # the page's colours, not a theme's


def test_a_renderer_failure_downloads_an_svg_that_says_so(span_spec, monkeypatch):
    monkeypatch.setattr(export, "SVG_SCRIPT", "import sys; sys.exit('no renderer <here>')")
    root = ET.fromstring(export.spec_figure(span_spec))
    assert "no renderer <here>" in "".join(root.itertext())


def test_the_span_chart_data_is_what_it_draws(span_spec):
    data = pd.read_csv(io.StringIO(export.spec_csv(span_spec)))
    units = data[data.dataset == "units"]
    assert len(units) == 2 * 24 and set(units.unit) == {"unit 1", "unit 5"}
    assert units.position.min() == 40 and units.position.max() == 63
    assert data[data.dataset == "threshold"].a.tolist() == [0.3]


def test_chart_numbers_are_written_to_six_significant_digits():
    heat = go.Figure(go.Heatmap(z=[[1 / 3, 2 / 3]], x=["a", "b"], y=["r"]))
    assert export.figure_csv(heat).splitlines()[1:] == [
        "trace 1,heatmap,a,r,0.333333",
        "trace 1,heatmap,b,r,0.666667",
    ]
