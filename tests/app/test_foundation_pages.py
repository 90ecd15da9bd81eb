"""Foundations pages driven like a student would: sentences that change, the weather baselines."""

from dashboard.registry import lesson_named
from tests.app.harness import open_page, set_and_run


def test_names_are_guessed_again_for_a_new_sentence():
    at = open_page(lesson_named("Sequence data"))
    set_and_run(at, "text_area", "seq_text", "Ron Weasley met Luna Lovegood in Hogsmeade.")
    names = at.multiselect(key="seq_names").value
    assert set(names) == {"Ron", "Weasley", "Luna", "Lovegood", "Hogsmeade"}, names
    set_and_run(at, "multiselect", "seq_names", ["Ron"])  # the student's pick stands on a rerun
    set_and_run(at, "toggle", "seq_lower", False)
    assert at.multiselect(key="seq_names").value == ["Ron"]


def test_24_hours_ahead_shows_one_baseline_for_persistence_and_yesterday():
    at = open_page(lesson_named("Weather forecasting"))
    set_and_run(at, "radio", "wx_horizon", "24 h ahead")
    rows = list(at.dataframe[0].value.index)
    assert "Persistence" in rows and "Same hour yesterday" not in rows
    assert any("same forecast" in i.value for i in at.info)
    set_and_run(at, "slider", "wx_lead", 6)
    assert "Same hour yesterday" in list(at.dataframe[0].value.index)
    assert any("normals" in c.value for c in at.caption)


def test_bucketing_explains_itself_when_every_length_is_the_same():
    at = open_page(lesson_named("The variable-length problem"))
    charts = len(at.get("plotly_chart"))
    set_and_run(at, "slider", "var_lengths", (1, 1))
    assert any("there is no padding for bucketing to save" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == charts - 1  # no chart of bars all at 0
