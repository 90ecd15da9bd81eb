"""Every page by the sidebar, and its exports, in the real app (Chromium): one walk over the
registry, one screenshot a page (artifacts/screenshots/, not committed).

On every page, every listed download (dashboard/page_tools.py: each chart's data CSV, the
Vega-Lite chart's SVG, the interactive-HTML figures of "Multi-head attention") and the camera
icon of every visible Plotly chart (its SVG, drawn by Plotly's toImage in the browser) gives a
non-empty, well-formed file: a CSV with a header and at least one row, an SVG that parses as XML
with an <svg> root. Then the views of a student's own model (tests/fixtures/own_char_lstm.keras
uploaded) on the three recurrent-network pages, the same way. One browser session, one load per
page; a download is deferred (built when clicked) and reruns nothing. Every page's questions are
answered and revealed in Chromium by tests/e2e/test_monkey.py.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from dashboard.page_tools import OWN_MODEL_EXPORTS, tools
from dashboard.registry import HOME, built_lessons
from tests.e2e.browser import ROOT, screenshot, wait_ready
from tests.e2e.test_own_model_browser import go, pick_own_model, upload_model
from tests.own_model_files import fixture

SHOTS = ROOT / "artifacts" / "screenshots"
pytestmark = pytest.mark.e2e
PNG = b"\x89PNG\r\n\x1a\n"


def _css(key: str) -> str:
    """Streamlit's class for a keyed element (st-key- and the key, other characters as -)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def fault(name: str, data: bytes) -> str:
    """What is wrong with a downloaded export ("" when it is non-empty and well-formed)."""
    try:
        if not data:
            return "empty"
        if name.endswith(".csv"):
            frame = pd.read_csv(io.BytesIO(data))
            return "" if len(frame.columns) and len(frame) else f"{frame.shape} table"
        if name.endswith(".svg"):
            root = ET.fromstring(data)
            return "" if root.tag.rsplit("}", 1)[-1] == "svg" else f"<{root.tag}> root"
        if name.endswith(".png"):
            return "" if data.startswith(PNG) else "no PNG signature"
        if name.endswith(".html"):
            return "" if b"<html" in data[:500].lower() and b"plotly" in data else "no Plotly"
        return "an unexpected kind of file"
    except (ValueError, ET.ParseError, pd.errors.ParserError) as err:
        return f"{type(err).__name__}: {err}"


def _arrived(page, downloads: list, n: int, seconds: float = 30) -> bool:
    """Wait until `n` files of different names have come (False after `seconds`)."""
    for _ in range(int(seconds * 10)):
        if len({d.suggested_filename for d in downloads}) >= n:
            return True
        page.wait_for_timeout(100)
    return False


def check_exports(page, where: str, keys: tuple[str, ...]) -> list[str]:
    """Click every listed download and every visible chart's camera, then read each file.

    The clicks go out together and the files are awaited together (the server builds each
    deferred download on its own): a walk of one download at a time took +110 s.
    """
    arrived = []

    def on_download(download) -> None:
        arrived.append(download)

    page.on("download", on_download)
    for key in keys:
        page.locator(f".{_css(key)} button").first.click()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    shown = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]
    expected = len(keys) + len(shown)
    for _ in range(2):  # a second time if a click was lost (seen once in 5 walks: 1 of 6 charts)
        for chart in shown:  # Plotly's "Download plot" button, without hovering to reveal it
            chart.locator('[data-title="Download plot"]').dispatch_event("click")
        if _arrived(page, arrived, expected):
            break
    page.remove_listener("download", on_download)
    files = {d.suggested_filename: Path(d.path()).read_bytes() for d in arrived}
    faults = [f"{where}: {name}: {problem}" for name, data in files.items()
              if (problem := fault(name, data))]  # fmt: skip
    svgs = sum(name.endswith(".svg") for name in files)
    if len(files) != expected or svgs < len(shown) or not shown:
        faults.append(f"{where}: {len(keys)} listed + {len(shown)} charts, got {sorted(files)}")
    return faults


def test_every_page_by_the_sidebar_and_every_export_downloads(page, app_url):
    faults = []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url)
    wait_ready(page, "SeqLab")
    for lesson in built_lessons():
        if lesson is not HOME:
            go(page, lesson.title)  # by the sidebar: one session throughout
        assert page.get_by_test_id("stException").count() == 0, lesson.title
        shot = SHOTS / f"{lesson.url_path or 'home'}.png"
        screenshot(page, shot)
        assert shot.stat().st_size > 10_000, f"{lesson.title}: a blank page"
        if listed := tools(lesson.url_path).exports:
            faults += check_exports(page, lesson.title, listed)
            assert page.get_by_test_id("stException").count() == 0, lesson.title

    lessons = [lesson for lesson in built_lessons() if lesson.url_path in OWN_MODEL_EXPORTS]
    for i, lesson in enumerate(lessons):
        go(page, lesson.title)
        if i == 0:  # the choice and the file carry over to the other pages
            pick_own_model(page)
            upload_model(page, "my_dinos.keras", fixture("char_lstm").read_bytes())
        where = f"{lesson.title} (own model)"
        faults += check_exports(page, where, OWN_MODEL_EXPORTS[lesson.url_path])
        assert page.get_by_test_id("stException").count() == 0, where
    assert not faults, "\n".join(faults)
