"""The NER page in Chromium: clicking a word's bar shows what that word attends to."""

import pytest

from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e


def test_clicking_a_tag_bar_picks_the_word_whose_attention_is_drawn(page, app_url):
    page.goto(f"{app_url}/named-entity-recognition")
    wait_ready(page, "Named-entity recognition")
    page.locator(".gtitle").filter(has_text="What “Priya” attends to").first.wait_for()
    bars = page.get_by_test_id("stPlotlyChart").first
    bars.scroll_into_view_if_needed()
    third = bars.locator(".barlayer .point path").nth(2)  # "joined"
    box = third.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator(".gtitle").filter(has_text="What “joined” attends to").first.wait_for(
        timeout=30_000
    )
    wait_ready(page)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("3: joined", exact=True).count() >= 1  # the selectbox follows
