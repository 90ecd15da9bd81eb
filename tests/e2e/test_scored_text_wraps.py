"""Issue 54 §4 on "Language model & sampling": a long line scored character by character
wraps in Chromium instead of running off the page (one span a character, no spaces)."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.charts import lm_charts

pytestmark = pytest.mark.e2e


def test_five_hundred_scored_characters_wrap_inside_the_column(page):
    text = "thehistoryofthetransformerbeginsintwothousandseventeen" * 10  # 540, no spaces
    probs = np.linspace(0.01, 0.99, len(text))
    probs[::7] = np.nan  # unknown characters are drawn too
    page.set_content(
        "<div id='column' style='width: 700px'>" + lm_charts.probability_text(text, probs)
        + "</div>"
    )  # fmt: skip
    column = page.locator("#column")
    sizes = column.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollHeight]")
    assert sizes[0] <= sizes[1], f"the text is {sizes[0]} px wide in a {sizes[1]}-px column"
    assert sizes[2] > 5 * 40  # it went onto several lines
