"""The Week 1 character-model pages driven like a student would, with odd inputs."""

import json

import pytest

from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, finish_training, messages, open_page, set_and_run

LM = "Language model & sampling"
GATES = "Inside GRU & LSTM gates"


def _table_with(at, column: str):
    """The one dataframe on the page that has `column`."""
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def _sampled(at) -> list[str]:
    """The characters of the samples chart, as drawn."""
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["text"]


def _drawn_is_in_the_bars(at) -> bool:
    """Whether the drawn character is among the top-10 bars; the text must say when it is not."""
    (text,) = [m.value for m in at.markdown if m.value.startswith("The sampler drew **")]
    drawn = text.split("**")[1]
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (bars,) = [f for f in specs if "draw 1" in json.dumps(f["layout"].get("title"))]
    shown = bars["data"][0]["x"]
    assert ("not among the 10 most likely" in text) == (drawn not in shown), text
    return drawn in shown


def test_sampling_follows_temperature_and_top_k():
    at = open_page(lesson_named(LM))
    set_and_run(at, "slider", "lm_temperature", 0.0)
    assert any("greedy" in c.value for c in at.caption)
    greedy = _sampled(at)
    set_and_run(at, "number_input", "lm_seed", 5)
    assert _sampled(at) == greedy  # T = 0 ignores the seed
    set_and_run(at, "slider", "lm_temperature", 1.0)
    assert _sampled(at) != greedy  # T = 1 draws
    set_and_run(at, "number_input", "lm_seed", 0)
    assert _drawn_is_in_the_bars(at) is False  # seed 0 draws "o", outside the top 10
    set_and_run(at, "slider", "lm_top_k", 1)  # top-1 draws the argmax: greedy again
    assert _sampled(at) == greedy
    assert _drawn_is_in_the_bars(at) is True
    assert any("not in the training list" in m.value for m in at.markdown)


def test_prefix_and_scored_word_bad_input():
    at = open_page(lesson_named(LM))
    set_and_run(at, "text_input", "lm_prefix", "tyr☃")
    assert any("'☃'" in m for m in messages(at))
    set_and_run(at, "slider", "lm_len_dinosaurs", 5)
    set_and_run(at, "text_input", "lm_prefix", "tyrannosaurus")
    assert any("more than the longest sample" in m for m in messages(at))
    set_and_run(at, "text_input", "lm_word_dinosaurs", "rex😀")
    assert any("not in this corpus' vocabulary" in m for m in messages(at))
    assert at.text_input(key="lm_word_dinosaurs").value == "rex😀"


@pytest.mark.parametrize(
    "name, data",
    [
        ("notes.pdf", b"%PDF-1.4 binary"),
        ("latin1.txt", "café".encode("latin-1") + b"\xff\xfe"),
        ("big.txt", b"a " * 600_000),
        ("empty.txt", b""),
        ("binary.txt", bytes(range(256)) * 40),
    ],
)
def test_own_text_rejects_bad_uploads_with_a_message(name, data):
    at = open_page(lesson_named(LM))
    set_and_run(at, "radio", "lm_train_source", "Your own text")
    at.file_uploader(key="lm_own_upload").set_value((name, data, "text/plain"))
    at.run()
    assert_clean(at, name)
    assert messages(at), f"a bad upload ({name}) must say what is accepted"
    assert not [b for b in at.button if b.key == "lm_train_go"]  # nothing to train on


def test_training_on_pasted_text_reports_each_epoch_and_keeps_the_model():
    at = open_page(lesson_named(LM))
    set_and_run(at, "radio", "lm_train_source", "Your own text")
    names = "\n".join(["anna", "bert", "carla", "dora", "emil", "frida", "gustav", "hanna"] * 10)
    set_and_run(at, "text_area", "lm_own_text", names)
    set_and_run(at, "slider", "lm_train_epochs", 2)
    set_and_run(at, "select_slider", "lm_train_units", 16)
    at.button(key="lm_train_go").click()
    at.run()
    finish_training(at, timeout=180)
    assert_clean(at, "training")
    assert any("Your GRU-16 on text" in s.value for s in at.success)
    epochs = _table_with(at, "epoch")
    assert list(epochs["epoch"]) == [1, 2]
    set_and_run(at, "number_input", "lm_own_seed", 3)  # a rerun keeps the trained model
    assert any("Your GRU-16" in s.value for s in at.success)


def test_gates_page_draws_every_gate_of_each_cell_and_flags_unknown_characters():
    at = open_page(lesson_named(GATES))
    gru_charts = len(at.get("plotly_chart"))
    drawn = set(_table_with(at, "correlation r")["unit"][:4])  # the legible units are drawn
    (span,) = [m.value for m in at.markdown if "pattern units: " in m.value]
    pattern = span.split("pattern units: ")[1].split(".")[0].split(", ")
    hidden = [u for u in pattern if u.isdigit() and int(u) not in drawn]
    assert (f"Not drawn above: {', '.join(hidden)} " in span) == bool(hidden), (span, drawn)
    set_and_run(at, "radio", "gates_cell", "LSTM")
    assert len(at.get("plotly_chart")) == gru_charts + 2  # Γf, Γi, Γo, c̃, c, a vs Γu, Γr, c̃, a
    assert any("c^{\\langle t \\rangle} = \\Gamma_f" in x.value for x in at.latex)
    # One unit, a low threshold: it is on over much of the corpus, so places must be listed.
    set_and_run(at, "multiselect", "gates_watch", [0])
    set_and_run(at, "slider", "gates_threshold", -0.5)
    matches = _table_with(at, "match")
    assert 1 <= len(matches) <= 50 and matches["match"].str.len().min() >= 1
    assert list(matches["score"]) == sorted(matches["score"], reverse=True)
    set_and_run(at, "radio", "gates_source", "Type your own")
    set_and_run(at, "text_input", "gates_typed", "t-rex 2")
    assert any("'-'" in m and "'2'" in m for m in messages(at))
    set_and_run(at, "text_input", "gates_typed", "   ")
    assert any("empty" in m for m in messages(at))


def test_beam_search_offers_the_dinosaur_model():
    at = open_page(lesson_named("Beam search"))
    set_and_run(at, "radio", "beam_model", "Dinosaur-name character model")
    ranked = at.dataframe[0].value
    assert len(ranked) == 3 and ranked["output"].str.len().min() >= 1
