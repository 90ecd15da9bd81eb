"""Every page's exports and questions in the real app (Chromium): one walk over the registry.

Each page's first data export downloads a non-empty file (the interactive-HTML figures of
"Multi-head attention", 4 MB each, are left to its own tests); each page's first chart saves a
non-empty SVG from its camera icon (Plotly's toImage in the browser); on a few pages a
question is answered and revealed by clicking, as a student does.
"""

import re
from pathlib import Path

import pytest

from dashboard.page_tools import tools
from dashboard.registry import HOME, built_lessons
from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e
REVEAL_ON = ("sequence-data", "beam-search", "self-attention")  # one of each answer kind


def _css(key: str) -> str:
    """Streamlit's class for a keyed element (st-key- and the key, other characters as -)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def _download(page, locator, timeout: float = 30_000) -> tuple[str, int]:
    with page.expect_download(timeout=timeout) as info:
        locator.click()
    return info.value.suggested_filename, Path(info.value.path()).stat().st_size


def _reveal_first_question(page, url_path: str) -> None:
    box = page.locator(f'[class*="st-key-chk_box_{url_path}_"]').first
    box.scroll_into_view_if_needed()
    if not box.locator('input[type="number"]').count():  # a choice: click the first option
        box.locator("button").first.click()
        wait_ready(page)
    box.get_by_role("button", name="Reveal").click()
    box.get_by_text("the answer is").wait_for(timeout=60_000)


def test_every_export_downloads_and_questions_reveal(page, app_url):
    empty = []
    page.goto(app_url)
    wait_ready(page, "SeqLab")
    nav = page.get_by_test_id("stSidebarNav")
    for lesson in built_lessons():
        listed = tools(lesson.url_path)
        if lesson is HOME or not listed.exports:
            continue
        nav.get_by_role("link", name=lesson.title, exact=True).click()  # one session throughout
        wait_ready(page, lesson.title)
        # The first data export of each page: every CSV comes from one extractor
        # (dashboard/export.py), and tests/app/test_page_tools.py finds every listed button.
        for key in [k for k in listed.exports if not k.endswith("_html")][:1]:  # HTML: own test
            name, size = _download(page, page.locator(f".{_css(key)} button").first)
            if size == 0:
                empty.append(name)
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        if chart.count():
            chart.hover()
            camera = page.locator('[data-title="Download plot"]').first
            name, size = _download(page, camera)
            assert name.endswith(".svg") and size > 1000, (lesson.title, name, size)
        if lesson.url_path in REVEAL_ON:
            _reveal_first_question(page, lesson.url_path)
        assert page.get_by_test_id("stException").count() == 0, lesson.title
    assert not empty, f"empty downloads: {empty}"
