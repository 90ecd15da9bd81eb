"""A monkey in Chromium: on every registered page, every slider, select, radio, toggle,
number and text input it finds is moved to its ends, to random values and (texts) to hostile
strings, and no page may show an exception or lose its connection.

Seeded and bounded: SEQLAB_MONKEY_ACTIONS actions in all, spread over the pages (default 46,
two a page, within the suite's time budget; a long run:
`SEQLAB_MONKEY_ACTIONS=600 pytest tests/e2e/test_monkey.py`);
SEQLAB_MONKEY_SEED picks the run. Buttons (they train) and uploaders are left alone; real-sized
uploads have their own tests. Before the monkey, a student answers and reveals every "Check
yourself" question of the page (at least two a page), each computed by the page's model.
"""

from __future__ import annotations

import os
import random

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.registry import HOME, built_lessons
from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e
ACTIONS = int(os.environ.get("SEQLAB_MONKEY_ACTIONS", "46"))
SEED = int(os.environ.get("SEQLAB_MONKEY_SEED", "0"))
PAGES = [lesson for lesson in built_lessons() if lesson is not HOME]
TEXTS = (
    "",
    "   \t  ",
    "x" * 100_000,
    "😀 👍🏽 🇫🇷 ❤️‍🔥",
    "مرحبا بالعالم שלום עולם",
    "a\x00b\x07c\x1b[31md\x7f\u200b\u202e",
)
KINDS = ("stSlider", "stSelectbox", "stRadio", "stCheckbox", "stNumberInput",
         "stTextInput", "stTextArea", "stMultiSelect")  # fmt: skip


def faults(page) -> list[str]:
    """What a student must never see: an exception box or a lost connection."""
    shown = page.get_by_test_id("stException").all_inner_texts()
    if page.get_by_text("Connection error", exact=False).count():
        shown.append("Connection error")
    return shown


def _settle(page) -> None:
    page.wait_for_timeout(150)  # let the rerun start before waiting for it to end
    wait_ready(page)


def _slider(widget, rng: random.Random) -> str:
    thumb = widget.get_by_role("slider").first
    key = rng.choice(["Home", "End", "ArrowRight", "ArrowLeft", "PageUp", "PageDown"])
    presses = 1 if key in ("Home", "End") else rng.randint(1, 8)
    thumb.focus()
    for _ in range(presses):
        thumb.press(key)
    return f"{key}×{presses}"


def _choose(page, widget, rng: random.Random) -> str:
    widget.click()
    options = page.get_by_role("option")
    try:
        options.first.wait_for(timeout=5_000)
    except PlaywrightTimeout:  # a multiselect with every option chosen offers none
        page.keyboard.press("Escape")
        return "no option left"
    pick = rng.randrange(options.count())
    label = options.nth(pick).inner_text()
    try:
        options.nth(pick).click(timeout=5_000)
    except PlaywrightTimeout:  # the list redrawn under the pointer (a fragment's rerun)
        page.keyboard.press("Escape")
        return "list redrawn while choosing"
    page.keyboard.press("Escape")  # a multiselect stays open
    return label[:40]


def _radio(widget, rng: random.Random) -> str:
    labels = widget.get_by_role("radio")
    pick = rng.randrange(labels.count())
    widget.locator("label").nth(pick).click()
    return str(pick)


def _type(widget, rng: random.Random, multiline: bool) -> str:
    box = widget.locator("textarea" if multiline else "input").first
    text = rng.choice(TEXTS)
    box.fill(text)
    box.press("Control+Enter" if multiline else "Enter")
    return repr(text[:20])


def _number(widget, rng: random.Random) -> str:
    box = widget.locator("input").first
    value = rng.choice(["-1e9", "1e9", "0", "-0.5", str(rng.randint(-100, 100)), ""])
    box.fill(value)
    box.press("Enter")
    return value


def act(page, rng: random.Random) -> str | None:
    """One random action on a random enabled widget of the page; what it did, or None."""
    widgets = [(kind, w) for kind in KINDS for w in page.get_by_test_id(kind).all()]
    widgets = [(k, w) for k, w in widgets if w.is_visible() and w.is_enabled()
               and not w.locator("input:disabled, textarea:disabled").count()]  # fmt: skip
    if not widgets:
        return None
    kind, widget = rng.choice(widgets)
    widget.scroll_into_view_if_needed()
    label = widget.inner_text().split("\n")[0][:30]
    if kind == "stSlider":
        did = _slider(widget, rng)
    elif kind in ("stSelectbox", "stMultiSelect"):
        did = _choose(page, widget, rng)
    elif kind == "stRadio":
        did = _radio(widget, rng)
    elif kind == "stCheckbox":
        widget.locator("label").first.click()
        did = "click"
    elif kind == "stNumberInput":
        did = _number(widget, rng)
    else:
        did = _type(widget, rng, multiline=kind == "stTextArea")
    return f"{kind} {label!r}: {did}"


def reveal_every_question(page, url_path: str) -> int:
    """Answer each "Check yourself" question (its first option, or the number shown) and reveal
    it, as a student does; how many there were."""
    boxes = page.locator(f'[class*="st-key-chk_box_{url_path}_"]')
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        if not box.locator('input[type="number"]').count():  # a choice: commit to the first
            box.locator("button").first.click()
            wait_ready(page)
        box.get_by_role("button", name="Reveal").click()
        box.get_by_text("the answer is").wait_for(timeout=60_000)
        assert faults(page) == [], f"{url_path}: question {i + 1} revealed"
    return boxes.count()


@pytest.mark.parametrize("lesson", PAGES, ids=[lesson.url_path for lesson in PAGES])
def test_monkey_finds_no_exception(page, app_url, lesson):
    rng = random.Random(f"{SEED}-{lesson.url_path}")
    page.goto(f"{app_url}/{lesson.url_path}")
    wait_ready(page, lesson.title)
    assert reveal_every_question(page, lesson.url_path) >= 2, lesson.title
    done = []
    for _ in range(max(ACTIONS // len(PAGES), 1)):
        did = act(page, rng)
        if did is None:
            break
        done.append(did)
        _settle(page)
        assert faults(page) == [], f"{lesson.title} after: " + " | ".join(done)
