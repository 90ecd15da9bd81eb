"""Rerun costs that depend on Streamlit's runtime, not on a page."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.harness import APP, TIMEOUT


def test_reruns_do_not_clear_the_keras_session(monkeypatch):
    """Streamlit would call keras.backend.clear_session() (a full gc.collect, ~190 ms) after
    every run once Keras is imported; dashboard/app.py switches that off."""
    keras = pytest.importorskip("keras")
    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *a, **k: calls.append(1))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.run()
    assert not at.exception
    assert calls == []
