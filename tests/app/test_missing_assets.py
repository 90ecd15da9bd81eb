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


@pytest.fixture(scope="module")
def damaged_assets(tmp_path_factory):
    """A copy of assets/ whose every file is damaged (truncated, a byte flipped)."""
    folder = tmp_path_factory.mktemp("damaged_assets")
    manifest = (assets.ASSETS_DIR / "manifest.json").read_text(encoding="utf-8")
    (folder / "manifest.json").write_text(manifest, encoding="utf-8")
    for name in assets.load_manifest(assets.ASSETS_DIR):
        original = (assets.ASSETS_DIR / name).read_bytes()[:4096]
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes([original[0] ^ 0xFF]) + original[1:] if original else b"x")
    return folder


DAMAGED = ["Weather forecasting", "Emojify", "Multi-head attention", "Music generation"]
WITHOUT_ASSETS = ["Sequence data", "Positional encoding"]


@pytest.mark.parametrize("title", DAMAGED + WITHOUT_ASSETS)
def test_damaged_assets_are_named_and_other_pages_keep_working(title, damaged_assets, monkeypatch):
    monkeypatch.setattr(assets, "ASSETS_DIR", damaged_assets)
    monkeypatch.setattr(assets.resolve, "__defaults__", (damaged_assets, True))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = open_page(lesson_named(title))
        assert_clean(at, title)
        errors = [e.value for e in at.error]
        if title in WITHOUT_ASSETS:
            assert errors == [], errors
        else:
            assert any("corrupt" in e and "python -m core.train" in e for e in errors), errors
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
