"""#54's sweep of the pages it did not name: odd input, grammar and measured time estimates."""

import pytest

from core.embeddings import projection
from core.timeseries import variable_length as vl
from dashboard.registry import lesson_named
from dashboard.widgets import about
from tests.app.harness import messages, open_page, set_and_run


def test_projection_estimates_follow_the_measured_table():
    sizes, table = projection.MEASURED_SIZES, projection.ESTIMATE_S["UMAP", 2]
    assert projection.estimate_s("UMAP", 2, sizes[1]) == pytest.approx(table[1])
    middle = projection.estimate_s("t-SNE", 3, (sizes[1] + sizes[2]) // 2)
    low, high = projection.ESTIMATE_S["t-SNE", 3][1:]
    assert low < middle < high
    first = projection.estimate_s("UMAP", 3, sizes[0], first=True)
    assert first == pytest.approx(
        projection.ESTIMATE_S["UMAP", 3][0] + projection.FIRST_CALL_S["UMAP"]
    )
    assert projection.estimate_s("PCA", 2, 4000) > projection.estimate_s("PCA", 2, 2000)


def test_projector_estimate_axes_and_repeated_words():
    at = open_page(lesson_named("Embedding projector"))
    set_and_run(at, "selectbox", "proj_source", "Type my own")
    set_and_run(at, "text_area", "proj_words", "king queen man woman paris france ! ! king")
    assert any("“!”" in m and "“king”" in m for m in messages(at)), messages(at)
    set_and_run(at, "radio", "proj_method", "t-SNE")
    n = len(at.selectbox(key="proj_focus").options)
    expected = about(projection.estimate_s("t-SNE", 2, n))
    assert any(f"of {n} words takes {expected}" in c.value for c in at.caption)
    set_and_run(at, "text_input", "proj_ax_a", "Woman.")  # GloVe's tokens: woman
    assert any("from “woman” to itself" in m for m in messages(at)), messages(at)
    set_and_run(at, "text_input", "proj_ax_a", "")
    assert any("*x from* needs one word; it has 0" in m for m in messages(at)), messages(at)
    set_and_run(at, "text_input", "proj_ax_a", "Queen.")
    assert not at.warning and "queen → woman" in str(at.get("plotly_chart")[-1].proto.spec)


def test_analogy_boxes_read_words_as_glove_does():
    at = open_page(lesson_named("Analogies & similarity"))
    set_and_run(at, "text_input", "ana_c", "King.")
    assert not at.warning and at.dataframe[1].value["answer"][0] == "queen"
    set_and_run(at, "text_input", "ana_c", "don't")
    assert any("(GloVe reads it as 2 tokens: do, n't)" in m for m in messages(at)), messages(at)
    set_and_run(at, "text_area", "ana_pairs", "don't can't")
    assert any("4 tokens: do, n't, ca, n't" in m for m in messages(at)), messages(at)


def test_truncation_caption_agrees_in_number():
    at = open_page(lesson_named("The variable-length problem"))
    set_and_run(at, "slider", "var_n", 2)
    lengths = sorted(len(s) for s in vl.random_sequences(2, 4, 30, 0))
    assert lengths[0] < lengths[1]
    set_and_run(at, "slider", "var_maxlen", lengths[0])
    captions = " ".join(c.value for c in at.caption)
    assert f"1 of 2 sequences is longer than {lengths[0]} and loses its last steps" in captions
    set_and_run(at, "slider", "var_maxlen", 60)
    assert "None of the 2 sequences is longer than 60" in " ".join(c.value for c in at.caption)
