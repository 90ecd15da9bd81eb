"""core.assets: the manifest resolves, verifies and explains how to rebuild."""

import json

import pytest

from core import assets


@pytest.fixture
def store(tmp_path):
    (tmp_path / "weights.bin").write_bytes(b"\x00\x01trained")
    assets.record(tmp_path / "weights.bin", "a test file", "python -m core.train demo", tmp_path)
    return tmp_path


def test_record_then_resolve_round_trip(store):
    rows = json.loads((store / "manifest.json").read_text())["files"]
    assert rows[0]["file"] == "weights.bin"
    assert rows[0]["sha256"] == assets.sha256_of(store / "weights.bin")
    assert assets.resolve("weights.bin", store) == store / "weights.bin"


def test_missing_file_names_the_rebuild_command(store):
    (store / "weights.bin").unlink()
    with pytest.raises(
        assets.AssetError, match=r"`weights.bin` is missing.*python -m core.train demo"
    ):
        assets.resolve("weights.bin", store)


def test_corrupt_file_is_detected(store):
    (store / "weights.bin").write_bytes(b"tampered")
    with pytest.raises(assets.AssetError, match=r"corrupt.*python -m core.train demo"):
        assets.resolve("weights.bin", store)


def test_unlisted_file_and_broken_manifest(store):
    with pytest.raises(assets.AssetError, match="not listed"):
        assets.resolve("other.bin", store)
    (store / "manifest.json").write_text("{not json")
    with pytest.raises(assets.AssetError, match="unreadable"):
        assets.resolve("weights.bin", store)


def test_shipped_manifest_matches_every_shipped_file():
    for name, entry in assets.load_manifest().items():
        assert assets.resolve(name) == assets.ASSETS_DIR / name, entry.command
        assert entry.command.startswith("python -m core.train"), name
