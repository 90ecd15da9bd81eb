"""The Week 1 character-model pages in Chromium: clicks and brushes AppTest cannot make."""

import re

import pytest

from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e


def exceptions(page) -> list[str]:
    return page.get_by_test_id("stException").all_inner_texts()


def test_clicking_a_sampled_character_shows_the_softmax_it_was_drawn_from(page, app_url):
    page.goto(f"{app_url}/language-model-and-sampling")
    wait_ready(page, "Language model & sampling")
    title = page.locator(".gtitle").filter(has_text=re.compile(r"^Sample \d+, draw \d+")).first
    assert title.text_content().startswith("Sample 1, draw 1")
    samples = page.get_by_test_id("stPlotlyChart").first
    samples.scroll_into_view_if_needed()
    # Markers are drawn in order: sample 1's characters, then sample 2's …; pick sample 2's
    # third character by its place in the chart (sample 1 is at most a name long).
    points = samples.locator(".scatterlayer .points path")
    boxes = [points.nth(i).bounding_box() for i in range(points.count())]
    rows = sorted({round(b["y"]) for b in boxes})
    second_row = [b for b in boxes if round(b["y"]) == rows[1]]
    target = sorted(second_row, key=lambda b: b["x"])[2]
    page.mouse.click(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    page.locator(".gtitle").filter(has_text=re.compile(r"^Sample 2, draw 3")).first.wait_for(
        timeout=30_000
    )
    wait_ready(page)
    assert exceptions(page) == []


def test_brushing_a_span_lists_where_the_same_units_fire(page, app_url):
    page.goto(f"{app_url}/inside-gru-and-lstm-gates")
    wait_ready(page, "Inside GRU & LSTM gates")
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.25  # inside the overview, the upper of the two charts
    page.mouse.move(box["x"] + box["width"] * 0.20, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.26, y, steps=6)
    page.mouse.up()
    span = page.get_by_text(re.compile(r"^Span “.+” \(characters (\d+)–(\d+)\)")).first
    page.wait_for_function(
        "() => !document.body.innerText.includes('No span selected yet')", timeout=30_000
    )
    wait_ready(page)
    first, last = map(int, re.search(r"characters (\d+)–(\d+)", span.inner_text()).groups())
    assert 0 < first <= last, span.inner_text()
    assert exceptions(page) == []


def test_training_live_shows_each_epoch_and_keeps_the_model_across_a_rerun(page, app_url):
    page.goto(f"{app_url}/language-model-and-sampling")
    wait_ready(page, "Language model & sampling")
    page.get_by_text("Your own text", exact=True).click()
    wait_ready(page)
    box = page.get_by_test_id("stTextArea").locator("textarea").first
    box.fill("\n".join(["anna", "bert", "carla", "dora", "emil", "frida", "gustav"] * 12))
    box.press("Control+Enter")
    wait_ready(page)
    epochs = page.get_by_test_id("stSlider").filter(has_text="Epochs").get_by_role("slider")
    epochs.focus()
    for _ in range(8):  # 10 → 2 epochs, pressed as quickly as a student would
        epochs.press("ArrowLeft")
    wait_ready(page)
    thumb = page.get_by_test_id("stSlider").filter(has_text="Epochs")
    assert thumb.get_by_test_id("stSliderThumbValue").inner_text() == "2"
    page.get_by_role("button", name="Train").click()
    page.get_by_text(re.compile(r"^Your GRU-64 on text .* 2 epochs")).wait_for(timeout=180_000)
    wait_ready(page)
    assert exceptions(page) == []
    page.get_by_text("LSTM", exact=True).first.click()  # a rerun elsewhere on the page
    wait_ready(page)
    assert page.get_by_text(re.compile(r"^Your GRU-64 on text")).is_visible()
