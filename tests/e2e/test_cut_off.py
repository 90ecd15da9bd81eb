"""Issue 54 §4: text a student has to read is not cut off in a 1280-px-wide Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e

OVERFLOW = """els => els.filter(e => e.scrollWidth > e.clientWidth + 1)
                    .map(e => e.innerText.slice(0, 60))"""


def cut(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(OVERFLOW)


def test_bleu_metrics_and_the_sequence_formula_fit(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/bleu-score")
    wait_ready(page, "BLEU score")
    assert page.get_by_text("p4 (%)").count() == 1  # the precisions as four metrics
    assert cut(page, '[data-testid="stMetricValue"]') == []
    page.goto(f"{app_url}/sequence-data")
    wait_ready(page, "Sequence data")
    thumb = page.get_by_test_id("stSlider").filter(has_text="Series length L").get_by_role("slider")
    thumb.focus()
    thumb.press("End")  # L = 500
    wait_ready(page)
    page.locator(".katex-display").filter(has_text="500").first.wait_for(timeout=30_000)
    wait_ready(page)
    assert cut(page, '[data-testid="stMarkdownContainer"]:has(.katex-display)') == []


def test_rnn_type_titles_are_whole(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/rnn-unrolled")
    wait_ready(page, "RNN unrolled")
    for name in ("Many to many, T_x = T_y", "Many to many, T_x ≠ T_y", "One to many"):
        title = page.locator('[data-testid="stMarkdownContainer"] strong', has_text=name)
        assert title.count() == 1 and title.first.is_visible(), name
