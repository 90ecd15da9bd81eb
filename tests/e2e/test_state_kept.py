"""Leaving a page and coming back through the sidebar keeps what the student did there.

Streamlit drops the state of widgets a run does not draw; dashboard/state.py keeps it. Each
test sets controls, uploads or trains on one page, visits another and returns (the sidebar,
so it stays one session), then checks nothing was reset.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e


def exceptions(page) -> list[str]:
    return page.get_by_test_id("stException").all_inner_texts()


def go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    wait_ready(page, "SeqLab" if title == "Home" else title)


def slider_value(page, label: str) -> str:
    slider = page.get_by_test_id("stSlider").filter(has_text=label)
    return slider.get_by_test_id("stSliderThumbValue").inner_text()


def move_slider(page, label: str, key: str, times: int) -> None:
    thumb = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    thumb.focus()
    for _ in range(times):
        thumb.press(key)
    wait_ready(page)


def upload(page, index: int, name: str, data: bytes, mime: str) -> None:
    box = page.get_by_test_id("stFileUploader").nth(index)
    box.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    page.get_by_text(name).first.wait_for(timeout=30_000)
    wait_ready(page)


def hourly_csv(days: int = 120) -> bytes:
    hours = pd.date_range("2021-01-01", periods=24 * days, freq="h")
    temp = 10 + 6 * np.sin(2 * np.pi * np.arange(len(hours)) / 24)
    return pd.DataFrame({"date": hours, "temp": temp.round(2)}).to_csv(index=False).encode()


def test_sine_sliders_and_trained_results_survive_another_page(page, app_url):
    page.goto(f"{app_url}/time-series-sine-waves")
    wait_ready(page, "Time series: sine waves")
    move_slider(page, "Window N", "ArrowRight", 1)  # 20 → 21
    move_slider(page, "Epochs", "Home", 1)  # → 2
    assert (slider_value(page, "Window N"), slider_value(page, "Epochs")) == ("21", "2")
    page.get_by_role("button", name="Train the selected models").click()
    page.get_by_text("Done:").first.wait_for(timeout=180_000)
    wait_ready(page)

    go(page, "Sequence data")
    go(page, "Time series: sine waves")
    assert (slider_value(page, "Window N"), slider_value(page, "Epochs")) == ("21", "2")
    assert page.get_by_text("changed since the last training").count() == 0
    # The trained models are still in the forecast chart's legend.
    page.locator("svg text").filter(has_text="SimpleRNN").first.wait_for(timeout=30_000)
    assert exceptions(page) == []


def test_sequence_text_slider_and_upload_survive_another_page(page, app_url):
    page.goto(f"{app_url}/sequence-data")
    wait_ready(page, "Sequence data")
    box = page.get_by_test_id("stTextArea").locator("textarea").first
    box.fill("Ron Weasley met Luna Lovegood in Hogsmeade.")
    box.press("Control+Enter")
    wait_ready(page)
    move_slider(page, "Time steps shown", "Home", 1)  # → 5
    go(page, "Home")
    go(page, "Sequence data")
    assert box.input_value() == "Ron Weasley met Luna Lovegood in Hogsmeade."
    assert slider_value(page, "Time steps shown") == "5"

    upload(
        page,
        0,
        "potions.txt",
        b"Severus Snape brewed a potion in the dungeons. " * 20,
        "text/plain",
    )
    go(page, "Home")
    go(page, "Sequence data")
    page.get_by_text("potions.txt").first.wait_for(timeout=30_000)
    assert page.get_by_text("Severus").count() > 0  # the kept file is the text shown
    page.get_by_role("button", name="Forget it").click()
    expect(page.get_by_text("potions.txt")).to_have_count(0, timeout=30_000)  # two reruns
    wait_ready(page)
    assert exceptions(page) == []


def test_weather_upload_settings_and_result_survive_another_page(page, app_url):
    page.goto(f"{app_url}/weather-forecasting")
    wait_ready(page, "Weather forecasting")
    page.get_by_test_id("stRadio").filter(has_text="Data").get_by_text("Upload a CSV").click()
    wait_ready(page)
    upload(page, 0, "hourly.csv", hourly_csv(), "text/csv")
    move_slider(page, "Epochs", "Home", 1)  # → 1: a short run
    model = page.get_by_test_id("stSelectbox").filter(has_text="Model")
    model.click()
    page.get_by_role("option", name="Linear", exact=True).click()
    wait_ready(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text("Done:").first.wait_for(timeout=180_000)
    wait_ready(page)

    go(page, "Sequence data")
    go(page, "Weather forecasting")
    page.get_by_text("hourly.csv").first.wait_for(timeout=30_000)
    assert slider_value(page, "Epochs") == "1"
    # The trained model's forecast is still in the chart's legend.
    page.locator("svg text").filter(has_text="Linear").first.wait_for(timeout=30_000)
    assert exceptions(page) == []


def test_check_answers_rerun_alone_and_survive_another_page(page, app_url):
    """ "Check yourself" is a fragment: its widgets rerun the questions, not the page and its
    models (seen from the app's own protocol), and an answer given there (in a run app.py does
    not see) is still chosen after a visit to another page."""
    from benchmarks.load_client import Student

    student = Student(app_url)
    try:
        student.open("debiasing")
        fragments = {w.proto.id: w.fragment_id for w in student.widgets.values()}
    finally:
        student.close()
    answers = {i: f for i, f in fragments.items() if "chk_debiasing_" in i}
    assert answers and all(answers.values()), fragments
    assert not any(f for i, f in fragments.items() if i not in answers), fragments

    page.goto(f"{app_url}/debiasing")
    wait_ready(page, "Debiasing")
    boxes = page.locator('[class*="st-key-chk_box_debiasing_"]')
    n = next(i for i in range(boxes.count()) if boxes.nth(i).get_by_role("radio").count())
    boxes.nth(n).scroll_into_view_if_needed()
    choice = boxes.nth(n).get_by_role("radio").nth(1)
    label = choice.inner_text()
    choice.click()
    wait_ready(page)
    expect(boxes.nth(n).get_by_role("radio", checked=True)).to_have_text(label)
    go(page, "Home")
    go(page, "Debiasing")
    expect(boxes.nth(n).get_by_role("radio", checked=True)).to_have_text(label)
    assert exceptions(page) == []
