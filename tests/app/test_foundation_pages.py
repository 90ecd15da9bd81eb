"""Foundations pages driven like a student would: sentences that change, the weather baselines."""

from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, open_page


def _set(at, kind, key, value):
    getattr(at, kind)(key=key).set_value(value)
    at.run()
    assert_clean(at, f"{key} = {value!r}")


def test_names_are_guessed_again_for_a_new_sentence():
    at = open_page(lesson_named("Sequence data"))
    _set(at, "text_area", "seq_text", "Ron Weasley met Luna Lovegood in Hogsmeade.")
    names = at.multiselect(key="seq_names").value
    assert set(names) == {"Ron", "Weasley", "Luna", "Lovegood", "Hogsmeade"}, names
    _set(at, "multiselect", "seq_names", ["Ron"])  # the student's pick stands on a rerun
    _set(at, "toggle", "seq_lower", False)
    assert at.multiselect(key="seq_names").value == ["Ron"]


def test_24_hours_ahead_shows_one_baseline_for_persistence_and_yesterday():
    at = open_page(lesson_named("Weather forecasting"))
    _set(at, "radio", "wx_horizon", "24 h ahead")
    rows = list(at.dataframe[0].value.index)
    assert "Persistence" in rows and "Same hour yesterday" not in rows
    assert any("same forecast" in i.value for i in at.info)
    _set(at, "slider", "wx_lead", 6)
    assert "Same hour yesterday" in list(at.dataframe[0].value.index)
    assert any("normals" in c.value for c in at.caption)
