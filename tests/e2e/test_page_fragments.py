"""The heavy pages draw their self-contained sections as fragments (`state.fragment`): moving a
widget there reruns that section alone, not the page's models and figures above.

Seen from the app's own protocol (benchmarks/load_client.py): the section's widgets carry a
fragment id, the page-wide controls that every section reads carry none. In Chromium: moving
a fragment's widget redraws its section without an exception, and the value is still set after
a visit to another page (a fragment's run is one app.py does not see).
"""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import expect

from benchmarks.load_client import Student, random_state
from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e

# url_path: (radios to set first as (label, option), widget keys drawn in a fragment, and the
# page-wide keys left outside: each section reads them). A key matches a widget whose id ends
# in "-key", or (fragment keys with a changing suffix) contains "-key".
FRAGMENTS = {
    "trigger-word-detection": (
        [("Audio from", "A synthesised clip")],
        ["trig_gallery", "trig_voices"],
        ["trig_threshold", "trig_seed", "trig_source", "trig_live_mode"],
    ),
    "vanishing-and-exploding-gradients": (
        [],
        ["grad_clip_mode", "grad_clip_threshold", "grad_clip_lr", "grad_bow_cell",
         "grad_bow_lag"],
        ["grad_T", "grad_radius", "grad_act", "grad_loss", "grad_init", "grad_gate",
         "grad_seed", "grad_mem_seed"],
    ),
    "beam-search": (
        [],
        ["beam_whatif_hyp", "beam_whatif_step", "beam_whatif_symbol"],
        ["beam_model", "beam_width", "beam_alpha", "beam_pruned", "beam_text"],
    ),
    "translation-with-attention": (
        [],
        ["nmt_step", "nmt_whatif_to", "nmt_whatif_mass"],
        ["nmt_text", "nmt_text_examples", "nmt_beam"],
    ),
    "self-attention": (
        [],
        ["sa_query"],
        ["sa_text", "sa_vectors", "sa_project", "sa_seed", "sa_dk", "sa_scale", "sa_pads",
         "sa_pad_mask", "sa_causal"],
    ),
    "multi-head-attention": (
        [],
        ["mha_kind", "mha_layer", "mha_head", "mha_focus"],
        ["mha_text", "mha_text_examples"],
    ),
}  # fmt: skip


def _widget(student: Student, key: str, exact: bool):
    hits = [
        w
        for w in student.widgets.values()
        if (w.proto.id.endswith(f"-{key}") if exact else f"-{key}" in w.proto.id)
    ]
    assert hits, f"no widget {key!r} on {student.page!r}"
    return hits[-1]  # a key with a suffix (beam_whatif_symbol_0_1): the latest drawn


@pytest.mark.parametrize("url_path", list(FRAGMENTS))
def test_section_widgets_are_in_fragments_and_page_wide_controls_are_not(app_url, url_path):
    setup, inside, outside = FRAGMENTS[url_path]
    student = Student(app_url)
    try:
        student.open("")
        run = student.open(url_path)
        assert not run.errors, run.errors
        for label, option in setup:
            assert not student.choose(label, option).errors
        for key in inside:
            assert _widget(student, key, exact=False).fragment_id, f"{key} not in a fragment"
        for key in outside:
            assert not _widget(student, key, exact=True).fragment_id, f"{key} in a fragment"
        # Each fragment's widget moves with a fragment run, without an error on the page.
        rng = random.Random(0)
        for key in inside:
            widget = _widget(student, key, exact=False)
            student.states[widget.id] = random_state(widget, rng)
            run = student._run("rerun", url_path, fragment_id=widget.fragment_id)
            assert not run.errors, (key, run.errors)
    finally:
        student.close()


def test_nested_what_ifs_are_fragments_of_their_own(app_url):
    """The what-if of "Translation with attention" and the query lines of "Multi-head
    attention" sit in fragments inside their sections' fragments: moving them reruns less."""
    student = Student(app_url)
    try:
        student.open("translation-with-attention")
        step = _widget(student, "nmt_step", exact=True).fragment_id
        assert _widget(student, "nmt_whatif_mass", exact=True).fragment_id not in ("", step)
        student.open("multi-head-attention")
        head = _widget(student, "mha_head", exact=True).fragment_id
        assert _widget(student, "mha_focus", exact=False).fragment_id not in ("", head)
    finally:
        student.close()


# ---- in Chromium


def exceptions(page) -> list[str]:
    return page.get_by_test_id("stException").all_inner_texts()


def go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    wait_ready(page, "SeqLab" if title == "Home" else title)


def away_and_back(page, title: str) -> None:
    go(page, "Home")
    go(page, title)


def slider(page, label: str):
    return page.get_by_test_id("stSlider").filter(has_text=label)


def slider_value(page, label: str) -> str:
    return slider(page, label).get_by_test_id("stSliderThumbValue").inner_text()


def press(page, label: str, key: str, times: int = 1) -> None:
    thumb = slider(page, label).get_by_role("slider")
    thumb.scroll_into_view_if_needed()
    thumb.focus()
    for _ in range(times):
        thumb.press(key)
    wait_ready(page)


def metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def charts(page) -> int:
    return page.locator(".js-plotly-plot").count()


def test_gradients_clipping_and_rnnbow_rerun_alone_and_keep_their_values(page, app_url):
    title = "Vanishing & exploding gradients"
    page.goto(f"{app_url}/vanishing-and-exploding-gradients")
    wait_ready(page, title)
    drawn = charts(page)
    update = metric(page, "update size")
    before = update.inner_text()
    press(page, "Learning rate", "ArrowLeft")  # 0.1 → 0.01: the update is 10 times smaller
    expect(update).not_to_have_text(before, timeout=30_000)
    assert slider_value(page, "Learning rate") == "0.01"
    press(page, "Lag T", "Home")  # the RNNbow's shortest lag
    lag = slider_value(page, "Lag T")
    page.locator("text.gtitle").filter(has_text=f"T = {lag}:").first.wait_for(timeout=30_000)
    assert charts(page) == drawn  # the rest of the page is still drawn
    assert exceptions(page) == []

    away_and_back(page, title)
    assert slider_value(page, "Learning rate") == "0.01"
    assert slider_value(page, "Lag T") == lag
    expect(metric(page, "update size")).not_to_have_text(before)
    assert exceptions(page) == []


def test_beam_what_if_step_reruns_alone_and_keeps_its_value(page, app_url):
    page.goto(f"{app_url}/beam-search")
    wait_ready(page, "Beam search")
    drawn = charts(page)
    press(page, "Step t", "ArrowRight", 2)  # t = 1 → 3
    assert slider_value(page, "Step t") == "3"
    forced = page.get_by_test_id("stMetric").filter(has_text="Best after forcing")
    expect(forced).to_contain_text("at t = 3", timeout=30_000)
    assert charts(page) == drawn
    assert exceptions(page) == []

    away_and_back(page, "Beam search")
    assert slider_value(page, "Step t") == "3"
    expect(forced).to_contain_text("at t = 3", timeout=30_000)
    assert exceptions(page) == []


def test_translation_step_and_what_if_rerun_alone_and_keep_their_values(page, app_url):
    title = "Translation with attention"
    page.goto(f"{app_url}/translation-with-attention")
    wait_ready(page, title)
    drawn = charts(page)
    page.get_by_test_id("stButtonGroup").get_by_text("6 0", exact=True).click()  # 1979-05-03
    wait_ready(page)
    page.get_by_role("heading", name="One-step attention at t = 6").wait_for(timeout=30_000)
    page.get_by_role("heading", name="What if output 6 had looked elsewhere?").wait_for()
    mass = "Share m of the attention moved"
    edited = page.locator("annotation")  # KaTeX keeps each formula's TeX source
    expect(edited.filter(has_text="(1 - 1)")).to_have_count(1)  # m = 1: all of it moved
    press(page, mass, "Home")  # the nested what-if: m = 0 leaves the attention as trained
    assert slider_value(page, mass) == "0.00"
    expect(edited.filter(has_text="(1 - 0)")).to_have_count(1, timeout=30_000)
    page.get_by_text("The output did not change").wait_for(timeout=30_000)
    assert charts(page) == drawn
    assert exceptions(page) == []

    away_and_back(page, title)
    page.get_by_role("heading", name="One-step attention at t = 6").wait_for(timeout=30_000)
    assert slider_value(page, mass) == "0.00"
    expect(edited.filter(has_text="(1 - 0)")).to_have_count(1, timeout=30_000)
    assert exceptions(page) == []


def test_multi_head_choice_and_query_rerun_alone_and_keep_their_values(page, app_url):
    title = "Multi-head attention"
    page.goto(f"{app_url}/multi-head-attention")
    wait_ready(page, title)
    drawn = charts(page)
    heads = page.get_by_test_id("stRadio").filter(has_text="Mean of the heads")
    heads.get_by_text("Head 2", exact=True).click()
    wait_ready(page)
    comparison = page.get_by_text("(head 2) and the Bi-LSTM look hardest")
    comparison.wait_for(timeout=30_000)
    shown = page.get_by_text(re.compile("^Query “.+” gives"))
    default = re.match("Query “(.+?)” gives", shown.inner_text()).group(1)
    pills = page.locator(".st-key-mha_focus_encoder").get_by_role("radio")
    pick = next(p for p in pills.all() if p.inner_text() != default)  # the nested fragment
    name = pick.inner_text()
    pick.click()
    wait_ready(page)
    expect(shown).to_contain_text(f"Query “{name}” gives", timeout=30_000)
    assert charts(page) == drawn
    assert exceptions(page) == []

    away_and_back(page, title)
    expect(heads.get_by_role("radio", checked=True)).to_have_accessible_name("Head 2")
    comparison.wait_for(timeout=30_000)
    expect(pills.and_(page.get_by_role("radio", checked=True))).to_have_text(name)
    expect(shown).to_contain_text(f"Query “{name}” gives", timeout=30_000)
    assert exceptions(page) == []
