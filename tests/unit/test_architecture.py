"""The layering the README promises: core/ and charts/ never import streamlit; one page registry."""

import ast
from pathlib import Path

import pytest

from dashboard.registry import LESSONS, SECTIONS, built_lessons

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("folder", ["core", "dashboard/charts"])
def test_pure_packages_never_import_streamlit(folder):
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"{folder} has no modules"
    offenders = [str(f.relative_to(ROOT)) for f in files if "streamlit" in imported_modules(f)]
    assert offenders == []


def test_core_never_imports_the_dashboard():
    offenders = [
        f.name for f in (ROOT / "core").rglob("*.py") if "dashboard" in imported_modules(f)
    ]
    assert offenders == []


def test_every_registered_page_exists_and_every_page_file_is_registered():
    registered = {lesson.file.resolve() for lesson in built_lessons()}
    assert all(path.is_file() for path in registered)
    on_disk = {p.resolve() for p in (ROOT / "dashboard" / "lessons").glob("*.py")}
    on_disk -= {(ROOT / "dashboard" / "lessons" / "__init__.py").resolve()}
    assert on_disk == registered


def test_titles_and_url_paths_are_unique_and_sections_known():
    assert len({lesson.title for lesson in LESSONS}) == len(LESSONS)
    assert len({lesson.url_path for lesson in LESSONS}) == len(LESSONS)
    assert {lesson.section for lesson in LESSONS} <= set(SECTIONS)
