"""A student uploads their own .keras model in Chromium and sees it on the three RNN pages.

The upload goes through Streamlit's real uploader; the choice and the file are kept for the
session, so the other two pages open on the student's model. A PNG renamed .keras is refused
on the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import wait_ready
from tests.own_model_files import fixture

pytestmark = pytest.mark.e2e
OWN = "My own Keras model (.keras)"


def exceptions(page) -> list[str]:
    return page.get_by_test_id("stException").all_inner_texts()


def pick_own_model(page) -> None:
    page.get_by_test_id("stRadio").filter(has_text="Model").get_by_text(OWN).click()
    wait_ready(page)


def upload_model(page, name: str, data: bytes) -> None:
    box = page.get_by_test_id("stFileUploader").first
    box.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_text(name).first.wait_for(timeout=30_000)
    wait_ready(page)


def go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    wait_ready(page, title)


def test_an_uploaded_model_on_the_three_pages(page, app_url):
    page.goto(f"{app_url}/rnn-unrolled")
    wait_ready(page, "RNN unrolled")
    pick_own_model(page)
    upload_model(page, "my_dinos.keras", fixture("char_lstm").read_bytes())
    expect(page.get_by_text("Read my_dinos.keras")).to_have_count(1, timeout=30_000)
    page.get_by_role("heading", name="Step through time").wait_for()
    thumb = page.get_by_test_id("stSlider").filter(has_text="Time step t").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_ready(page)
    page.get_by_text("Step t = 4").first.wait_for(timeout=30_000)
    assert exceptions(page) == []

    go(page, "Inside GRU & LSTM gates")  # the choice and the file carry over
    page.get_by_role("heading", name="Every gate, every step").wait_for()
    expect(page.get_by_text("Γf — forget gate")).to_have_count(1, timeout=30_000)

    go(page, "Vanishing & exploding gradients")
    page.get_by_role("heading", name="∂L/∂a⟨t⟩ through your layer").wait_for()
    assert exceptions(page) == []

    upload_model(page, "model.keras", b"\x89PNG\r\n\x1a\n" + bytes(200))  # a renamed PNG
    page.get_by_text("is refused").first.wait_for(timeout=30_000)
    assert page.get_by_text("PNG image").count() > 0
    assert exceptions(page) == []
