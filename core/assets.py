"""Shipped data and trained weights: resolve them by name and verify their sha256.

`assets/manifest.json` lists every shipped file with its sha256, how it was
produced and the command that reproduces it. A missing or corrupt file raises
`AssetError`, whose message names the file and the command that rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
MANIFEST_NAME = "manifest.json"


class AssetError(RuntimeError):
    """A shipped file is missing, corrupt or not listed in the manifest."""


@dataclass(frozen=True)
class AssetEntry:
    """One row of the manifest."""

    file: str
    sha256: str
    produced_by: str
    command: str


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(assets_dir: Path = ASSETS_DIR) -> dict[str, AssetEntry]:
    """Read `manifest.json` into {file name: AssetEntry}.

    Raises:
        AssetError: the manifest is missing or is not valid JSON of the expected shape.
    """
    path = assets_dir / MANIFEST_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = [AssetEntry(**row) for row in raw["files"]]
    except FileNotFoundError as err:
        raise AssetError(f"The asset manifest {path} is missing; restore it from git.") from err
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise AssetError(
            f"The asset manifest {path} is unreadable ({err}); restore it from git."
        ) from err
    return {entry.file: entry for entry in entries}


def resolve(name: str, assets_dir: Path = ASSETS_DIR, verify: bool = True) -> Path:
    """Path of the shipped file `name`, after checking it exists and matches its sha256.

    Args:
        name: file name relative to `assets/`, as listed in the manifest.
        assets_dir: folder holding the assets and their manifest.
        verify: compare the file's sha256 with the manifest's.

    Raises:
        AssetError: with a message naming the file and the command that rebuilds it.
    """
    entries = load_manifest(assets_dir)
    if name not in entries:
        raise AssetError(
            f"The asset `{name}` is not listed in assets/{MANIFEST_NAME}; "
            "it has to be produced by `python -m core.train` and recorded there."
        )
    entry = entries[name]
    path = assets_dir / name
    if not path.is_file():
        raise AssetError(f"The asset `{name}` is missing. Rebuild it with: {entry.command}")
    if verify and sha256_of(path) != entry.sha256:
        raise AssetError(
            f"The asset `{name}` is corrupt (its sha256 differs from the manifest). "
            f"Rebuild it with: {entry.command}"
        )
    return path


def record(path: Path, produced_by: str, command: str, assets_dir: Path = ASSETS_DIR) -> AssetEntry:
    """Add or update the manifest row of a file that training code just wrote.

    Args:
        path: the file, inside `assets_dir`.
        produced_by: one sentence: the data, the model and the seed.
        command: the shell command that reproduces the file.
    """
    name = path.resolve().relative_to(assets_dir.resolve()).as_posix()
    entry = AssetEntry(file=name, sha256=sha256_of(path), produced_by=produced_by, command=command)
    manifest_path = assets_dir / MANIFEST_NAME
    entries = load_manifest(assets_dir) if manifest_path.exists() else {}
    entries[name] = entry
    rows = [asdict(entries[key]) for key in sorted(entries)]
    manifest_path.write_text(json.dumps({"files": rows}, indent=2) + "\n", encoding="utf-8")
    return entry
