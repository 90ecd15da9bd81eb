"""A page whose shipped file is missing says which file and how to rebuild it; no traceback."""

import pytest
import streamlit as st

from core import assets

# Modules that compute asset paths at import must be imported before a test patches
# ASSETS_DIR, or they keep the test's empty folder for every later test in the process.
from core.trigger import make_clips  # noqa: F401
from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, open_page

PAGES = [
    "RNN unrolled",
    "Vanishing & exploding gradients",
    "Language model & sampling",
    "Inside GRU & LSTM gates",
    "Weather forecasting",
    "Emojify",
    "Translation with attention",
    "Beam search",
    "Error analysis",
    "BLEU score",
    "Trigger-word detection",
    "Multi-head attention",
    "Music generation",
]
COMMANDS = {"Music generation": "python -m core.train music"}  # else any rebuild command


@pytest.mark.parametrize("title", PAGES)
def test_missing_asset_is_explained(title, tmp_path, monkeypatch):
    (tmp_path / "manifest.json").write_text(
        (assets.ASSETS_DIR / "manifest.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(assets, "ASSETS_DIR", tmp_path)  # the manifest without its files
    monkeypatch.setattr(assets.resolve, "__defaults__", (tmp_path, True))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = open_page(lesson_named(title))
        assert_clean(at, title)
        errors = [e.value for e in at.error]
        command = COMMANDS.get(title, "python -m core.train")
        assert any("missing" in e and command in e for e in errors), errors
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
