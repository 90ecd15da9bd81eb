"""'Use my own model' on the three recurrent-network pages, through AppTest.

AppTest cannot send a file to a file uploader, so the upload is put where `kept_upload` keeps
it for the session (the browser test uploads for real). The numbers the pages print are
checked against `core.rnn.own_model` run on the same input.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.rnn import own_inputs, own_model
from dashboard.parts.own_model import SOURCES
from dashboard.registry import lesson_named
from dashboard.state import KeptFile
from tests.app.harness import APP, TIMEOUT, assert_clean, messages, set_and_run
from tests.own_model_files import fixture

PAGES = {
    "RNN unrolled": "unr",
    "Vanishing & exploding gradients": "grad",
    "Inside GRU & LSTM gates": "gates",
}


def open_with_model(title: str, data: bytes, name: str = "mine.keras") -> AppTest:
    """The page with "My own Keras model" picked and `data` uploaded earlier in the session."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.session_state["own_model_source"] = SOURCES[1]
    at.session_state["_kept_own_model_file"] = KeptFile(name, data)
    at.session_state["own_input"] = "Typed"
    at.switch_page(lesson_named(title).path)
    at.run()
    assert_clean(at, title)
    return at


def latex(at: AppTest) -> str:
    return "\n".join(el.value for el in at.latex)


def lstm_view(t_index: int):
    model = own_model.load(fixture("char_lstm").read_bytes())
    x = own_inputs.batch(own_inputs.typed_sequence(model, "dinosaur"))
    return own_model.cell_view(model, model.recurrent[0].name, x).trace, t_index


@pytest.mark.parametrize("title", list(PAGES))
def test_each_page_draws_its_views_for_an_uploaded_model(title):
    at = open_with_model(title, fixture("char_lstm").read_bytes())
    assert not at.error and "lstm" in at.selectbox(key="own_layer").value
    charts = [c.proto.id for c in at.get("plotly_chart")]
    assert len(charts) >= {"unr": 2, "grad": 2, "gates": 6}[PAGES[title]]
    if PAGES[title] == "unr":
        set_and_run(at, "slider", "own_unr_t", 5)
        trace, t = lstm_view(5)
        assert f"{trace.c[0, t - 1, 0]:.2f}" in latex(at)  # c⟨5⟩'s first value, live
        assert "one-hot, 1 at index 19 of 27" in latex(at)  # x⟨5⟩ = 's'
    elif PAGES[title] == "gates":
        set_and_run(at, "slider", "own_gates_t", 4)
        trace, t = lstm_view(4)
        forget, c = trace.gates["forget"][0, t - 1, 0], trace.c[0, t - 1, 0]
        assert f"{c:.3f} = {forget:.3f}" in latex(at)
    else:
        set_and_run(at, "radio", "own_grad_loss", "every step")
        assert any("per step" in c.value for c in at.caption)


def test_a_bidirectional_layer_shows_its_backward_direction():
    at = open_with_model("Inside GRU & LSTM gates", fixture("stack").read_bytes())
    labels = at.selectbox(key="own_layer").options
    at.selectbox(key="own_layer").set_value(next(o for o in labels if "Bidirectional" in o))
    at.run()
    set_and_run(at, "radio", "own_direction", "backward ←")
    page = " ".join(m.value for m in at.markdown)
    assert "GRU, n_a = 3" in page and "backward direction" in page
    assert len(at.get("plotly_chart")) == 4  # Γu, Γr, c̃, a


def test_a_hostile_upload_is_refused_on_the_page_without_a_traceback():
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    at = open_with_model("RNN unrolled", png, name="model.keras")
    errors = [m for m in messages(at) if "refused" in m]
    assert errors and "PNG image" in errors[0] and "Accepted:" in errors[0]
    assert not at.get("plotly_chart")
