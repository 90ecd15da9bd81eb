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


def core_imports(path: Path) -> set[str]:
    """The core modules a core file imports, anywhere in it (lazy imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("core."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("core"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (ROOT / (candidate.replace(".", "/") + ".py")).is_file()
                found.add(candidate if is_module else node.module)
    return found


def core_module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_core_imports_have_no_cycles():
    """One module depends on the other, never both ways (dates and its model once did)."""
    graph = {core_module_name(f): core_imports(f) for f in (ROOT / "core").rglob("*.py")}
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt not in graph:
                continue
            assert state.get(nxt) != 1, "import cycle: " + " → ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_every_core_part_is_a_package_that_says_what_it_teaches():
    packages = [p for p in (ROOT / "core").iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert len(packages) >= 5
    for package in packages:
        init = package / "__init__.py"
        assert init.is_file(), f"{package.name} has no __init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "Page" in doc, f"core/{package.name}/__init__.py names no pages"
    # What every topic shares stays at the top; every other module lives in its part.
    top = {p.stem for p in (ROOT / "core").glob("*.py")} - {"__init__"}
    assert top == {"assets", "sequences", "shapes", "corpora", "train"}
