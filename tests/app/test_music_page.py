"""The music generation page: generate, change temperature and length, downloads present."""

import json

from dashboard.registry import lesson_named
from tests.app.harness import finish_training, messages, open_page, set_and_run

PAGE = "Music generation"


def _roll(at) -> list:
    """The improvised notes of the piano roll, as drawn."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return next(t["y"] for t in spec["data"] if t.get("name") == "improvised")


def test_generate_and_change_temperature():
    at = open_page(lesson_named(PAGE))
    assert len(at.get("audio")) == 2  # the improvisation and the real tune
    assert {"Download MIDI", "Download WAV"} <= {d.proto.label for d in at.get("download_button")}
    first = _roll(at)
    set_and_run(at, "slider", "music_temperature", 0.0)
    assert any("greedy" in c.value for c in at.caption)
    greedy = _roll(at)
    set_and_run(at, "number_input", "music_seed", 9)
    assert _roll(at) == greedy  # T = 0 ignores the seed
    set_and_run(at, "slider", "music_temperature", 1.5)
    assert _roll(at) != first
    at.button(key="music_again").click().run()
    assert at.number_input(key="music_seed").value == 10


def test_length_limits_and_random_seed():
    at = open_page(lesson_named(PAGE))
    set_and_run(at, "number_input", "music_length", 100_000)
    assert any("capped" in m for m in messages(at))
    set_and_run(at, "number_input", "music_length", 0)
    assert any("0 events" in m for m in messages(at))
    listen = next(m.value for m in at.markdown if m.value.startswith("**Listen**"))
    assert "continuation" not in listen and "nothing improvised" in listen  # issue 54 §2
    assert len(at.get("audio")) == 1  # the "real tune" would replay the same opening
    set_and_run(at, "radio", "music_source", "Random notes")
    assert len(at.get("audio")) == 1
    assert any("X:1" in c.value for c in at.code)


def test_training_live_reports_and_improvises_with_the_session_model():
    at = open_page(lesson_named(PAGE))
    set_and_run(at, "slider", "music_train_epochs", 1)
    set_and_run(at, "select_slider", "music_train_units", 32)
    at.button(key="music_train_go").click()
    at.run()
    finish_training(at, timeout=240)
    assert not at.exception
    (done,) = [s.value for s in at.success if s.value.startswith("Your LSTM-32")]
    assert ": 1 epoch in" in done
    assert len(at.get("audio")) == 3  # the improvisation, the real tune, yours
    set_and_run(at, "slider", "music_temperature", 0.5)  # a rerun keeps the trained model
    assert any(s.value.startswith("Your LSTM-32") for s in at.success)
