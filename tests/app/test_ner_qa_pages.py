"""The NER and QA pages driven like a student would: pick a word, no answer, bad text."""

import json

from dashboard.registry import lesson_named
from tests.app.harness import messages, open_page, set_and_run


def _titles(at) -> list[str]:
    out = []
    for chart in at.get("plotly_chart"):
        title = json.loads(chart.proto.spec)["layout"].get("title", {})
        out.append(title.get("text", "") if isinstance(title, dict) else str(title))
    return out


def _html(at) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_ner_page_tags_picks_a_word_and_takes_bad_text():
    at = open_page(lesson_named("Named-entity recognition"))
    shown = _html(at)
    assert "Priya Sharma" in shown and "PERSON" in shown and "DATE" in shown
    assert at.selectbox(key="ner_token").value == "1: Priya"
    assert "What “Priya” attends to, every layer and head" in _titles(at)
    set_and_run(at, "selectbox", "ner_token", "3: joined")
    assert "What “joined” attends to, every layer and head" in _titles(at)
    assert "F1" in " ".join(m.value for m in at.markdown) and len(at.dataframe[0].value) > 0
    set_and_run(at, "text_input", "ner_text", "Zqxwv Blorp was born in Leeds. " * 20)
    assert any("left out" in m for m in messages(at))
    assert any("character by character" in c.value and "Zqxwv" in c.value for c in at.caption)
    token = at.selectbox(key="ner_token")  # "3: joined" is gone: back to the first entity
    assert token.value in token.options and token.value != "3: joined"
    set_and_run(at, "text_input", "ner_text", "?! 🚀")  # punctuation and emoji are words too
    assert at.selectbox(key="ner_token").options == ["1: ?", "2: !", "3: 🚀"]


def test_qa_page_answers_says_no_answer_and_takes_bad_text():
    at = open_page(lesson_named("Question answering"))
    assert at.metric[0].value == "₹4.5 million"
    assert "Where the answer starts and ends (shaded: the chosen span)" in _titles(at)
    assert "outline" in _html(at)  # the answer boxed in the context
    set_and_run(at, "text_input", "qa_question", "Where was Ravi Kumar born?")
    assert at.metric[0].value == "no answer" and at.metric[1].label == "P(no answer)"
    set_and_run(at, "radio", "qa_head", "Head 1")
    assert any(t.endswith("layer 2, head 1") for t in _titles(at))
    set_and_run(at, "text_area", "qa_context", "Ana Ruiz was born in Leeds. " * 60)
    assert any("left out" in m for m in messages(at))
    set_and_run(at, "text_input", "qa_question", "")
    assert any("Type a context and a question" in m for m in messages(at))
    at.selectbox(key="qa_examples").set_value(at.selectbox(key="qa_examples").options[0])
    at.run()
    assert at.text_area(key="qa_context").value != "Ana Ruiz was born in Leeds. " * 60
    assert at.text_input(key="qa_question").value


def test_one_word_longer_than_the_encoder_reads_is_explained():
    at = open_page(lesson_named("Named-entity recognition"))
    set_and_run(at, "text_input", "ner_text", "x" * 100_000)
    assert any("first word alone is longer" in m for m in messages(at))
