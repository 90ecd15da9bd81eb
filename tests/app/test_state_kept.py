"""Every page keeps its controls when the student visits another page and comes back.

Streamlit drops the value of a widget that a run does not draw; dashboard/state.py writes the
values back into session state when the student opens another page. Pages are discovered from
the registry.
"""

from __future__ import annotations

import pytest

from dashboard.registry import HOME, built_lessons
from tests.app.harness import assert_clean, open_page

PAGES = [lesson for lesson in built_lessons() if lesson is not HOME]
KINDS = ("slider", "number_input", "text_area", "text_input", "checkbox", "toggle")
SKIP = {"unr_play"}  # starts a timer fragment that AppTest cannot drive


def _changed(widget, kind):
    """A value other than the widget's current one, or None when there is none to pick."""
    if kind == "slider":
        if isinstance(widget.value, tuple):
            return None
        low, high = widget.min, widget.max
        if type(widget.value) not in (int, float):
            return None
        return low if widget.value != low else high
    if kind == "number_input":
        return widget.value + 1 if widget.max is None or widget.value < widget.max else widget.min
    if kind in ("text_area", "text_input"):
        return (widget.value or "") + " kept"
    return not widget.value


def _values(at) -> dict[tuple[str, str], object]:
    return {(kind, w.key): w.value for kind in KINDS for w in getattr(at, kind) if w.key}


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
def test_controls_survive_a_visit_to_another_page(lesson):
    at = open_page(lesson)
    for kind in KINDS:
        for widget in list(getattr(at, kind)):
            if not widget.key or widget.key in SKIP or widget.disabled:
                continue
            value = _changed(widget, kind)
            if value is not None:
                widget.set_value(value)
    at.run()
    assert_clean(at, lesson.title)
    before = _values(at)
    assert before, f"{lesson.title}: no control was changed"

    at.switch_page(HOME.path)
    at.run()
    at.switch_page(lesson.path)
    at.run()
    assert_clean(at, f"{lesson.title}, back from Home")
    after = _values(at)
    lost = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
    assert not lost, f"{lesson.title}: reset by leaving the page: {lost}"


def _uploader_sometimes_drawn():
    """An uploader drawn only while a radio says so; a fake widget stands in for the browser."""
    import streamlit as st

    from dashboard import state

    class File:
        name = "mine.txt"

        @staticmethod
        def getvalue():
            return b"kept bytes"

    def fake_uploader(label, key, **kwargs):
        return File() if st.session_state.get("fake_holds_a_file") else None

    state.note_page("one page")
    if st.radio("Source", ["shipped", "own"], key="source") == "own":
        kept = state.kept_upload("Upload", key="up", widget=fake_uploader)
        st.write(f"kept: {kept.name if kept else None}")


def test_a_kept_upload_outlives_runs_that_do_not_draw_its_uploader():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_uploader_sometimes_drawn, default_timeout=60)
    at.run()
    at.radio(key="source").set_value("own")
    at.session_state["fake_holds_a_file"] = True
    at.run()
    assert at.markdown[-1].value == "kept: mine.txt"
    at.session_state["fake_holds_a_file"] = False  # the browser's uploader forgets its file
    at.radio(key="source").set_value("shipped")
    at.run()
    at.radio(key="source").set_value("own")
    at.run()
    assert at.markdown[-1].value == "kept: mine.txt"
    at.run()  # the uploader held nothing in the previous run either: still kept
    assert at.markdown[-1].value == "kept: mine.txt"


def test_removing_a_kept_upload_with_the_uploaders_cross_forgets_it():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_uploader_sometimes_drawn, default_timeout=60)
    at.run()
    at.radio(key="source").set_value("own")
    at.session_state["fake_holds_a_file"] = True
    at.run()
    at.session_state["fake_holds_a_file"] = False  # × pressed: the next run sees no file
    at.run()
    assert at.markdown[-1].value == "kept: None"
