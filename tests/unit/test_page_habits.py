"""The shared machinery of every page: chart data export, code panels, check-yourself questions."""

import inspect
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from core.assets import AssetError
from core.translation import beam
from dashboard import export
from dashboard.checks.base import QUESTIONS, Check, Reveal, is_right
from dashboard.page_tools import CODE_PANELS, resolve
from dashboard.parts import code_panel

ROOT = Path(__file__).resolve().parents[2]


def test_heatmap_data_is_one_row_per_cell_with_its_labels():
    z = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    fig = go.Figure(go.Heatmap(z=z, x=["a", "b", "c"], y=["r1", "r2"], name="w"))
    data = export.figure_data(fig)
    assert list(data.columns) == ["trace", "type", "x", "y", "z"]
    assert len(data) == 6
    row = data[(data.x == "c") & (data.y == "r2")]
    assert row.z.item() == 6.0 and row.trace.item() == "w"


def test_traces_of_different_lengths_stack_in_one_table():
    fig = go.Figure([go.Scatter(x=[1, 2, 3], y=[4, 5, 6], name="line"),
                     go.Bar(x=["p", "q"], y=[0.5, 0.25], text=["50%", "25%"])])  # fmt: skip
    data = export.figure_data(fig)
    assert data.trace.tolist() == ["line"] * 3 + ["trace 2"] * 2
    assert data[data.trace == "trace 2"].text.tolist() == ["50%", "25%"]
    csv = export.figure_csv(fig)
    assert csv.splitlines()[0] == "trace,type,x,y,text" and len(csv.splitlines()) == 6


def test_a_figure_without_per_point_data_gives_an_empty_table_not_an_error():
    assert export.figure_data(go.Figure()).empty


def test_vega_spec_datasets_become_one_table():
    spec = {"datasets": {"units": [{"a": 1.0}, {"a": 2.0}], "threshold": [{"a": 0.3}]}}
    data = export.spec_data(spec)
    assert data.dataset.tolist() == ["units", "units", "threshold"]


def test_the_call_line_shows_the_page_arguments():
    line = code_panel.call_line(
        beam.beam_search, code_panel.Raw("fn"), 0, None, np.zeros((2, 3)), alpha=0.7
    )
    assert line.startswith("from core.translation import beam\n")
    assert "beam.beam_search(fn, 0, None, <array (2, 3) float64>, alpha=0.7)" in line
    cut = code_panel.argument("x" * 200)
    assert len(cut) == code_panel.MAX_REPR and cut.endswith("…xx'")


def test_the_call_line_never_reprs_big_data():
    """A dataclass holding arrays, a long list, a DataFrame: shown by type and size without
    their repr (numpy's and pandas' repr cost milliseconds on every rerun of a page)."""
    import dataclasses

    import pandas as pd

    @dataclasses.dataclass
    class Series:
        values: np.ndarray

    class NoRepr(list):
        def __repr__(self):
            raise AssertionError("repr was called")

    assert code_panel.argument(Series(np.zeros(5000))) == "<Series>"
    assert code_panel.argument(NoRepr(range(100))) == "<NoRepr of 100>"
    assert code_panel.argument(pd.DataFrame({"a": range(3)})) == "<DataFrame (3, 1)>"
    assert code_panel.argument((np.zeros(2), np.ones(3))) == "<tuple of 2>"
    config = dataclasses.make_dataclass("Config", [("units", int), ("rate", float)])
    assert code_panel.argument(config(64, 0.5)) == "Config(units=64, rate=0.5)"  # as Python
    assert code_panel.argument({"T": 2, "k": None}) == "{'T': 2, 'k': None}"


@pytest.mark.parametrize("name", sorted({n for names in CODE_PANELS.values() for n in names}))
def test_every_listed_code_panel_is_a_core_function(name):
    func = resolve(name)
    assert name.startswith("core.") and callable(func)
    assert code_panel.source_of(func) == inspect.getsource(func)


def test_answers_are_judged_against_the_computed_value():
    assert is_right(Reveal("up", "why"), "up") and not is_right(Reveal("up", "why"), "down")
    assert is_right(Reveal(12.5, "why", tolerance=0.5), 12.9)
    assert not is_right(Reveal(12.5, "why", tolerance=0.5), 13.1)
    with pytest.raises(ValueError, match="distinct"):
        Check("?", lambda: Reveal("a", ""), ("a", "a"))


ALL = [q for questions in QUESTIONS.values() for q in questions]


def _asked(q, seed: int) -> tuple:
    check = q.ask(np.random.default_rng(seed))
    return check.prompt, check.options


@pytest.mark.parametrize("q", ALL, ids=lambda q: f"{q.page}/{q.name}")
def test_questions_are_reproducible_from_their_seed_and_vary_with_it(q):
    try:
        asked = {_asked(q, seed) for seed in range(6)}
    except AssetError as err:
        pytest.skip(f"its page's model is not shipped yet: {err}")
    assert _asked(q, 0) == _asked(q, 0)
    assert len(asked) > 1, "a new question must ask something new"


def test_no_page_needs_streamlit_magic_and_magic_is_off(monkeypatch):
    """Magic is off (.streamlit/config.toml): Streamlit then compiles a page without
    `ast.parse`, which on Python 3.11 is not thread-safe and failed under a class's load. So
    no page may rely on it: a bare expression (not a call, not a docstring) on a page would
    now show nothing."""
    import ast

    from streamlit import config
    from streamlit.runtime.scriptrunner import magic
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    from dashboard.registry import built_lessons

    assert config.get_option("runner.magicEnabled") is False
    app = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
    scripts = [app, *(Path(lesson.file) for lesson in built_lessons())]
    bare = []
    for path in scripts:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                for i, stmt in enumerate(block if isinstance(block, list) else []):
                    if not isinstance(stmt, ast.Expr) or isinstance(stmt.value, ast.Call):
                        continue
                    docstring = (i == 0 and field == "body"
                                 and isinstance(stmt.value, ast.Constant)
                                 and isinstance(stmt.value.value, str))  # fmt: skip
                    if not docstring:
                        bare.append(f"{path.name}:{stmt.lineno}")
    assert not bare, f"bare expressions that magic would have shown: {bare}"
    cache, calls = ScriptCache(), []
    monkeypatch.setattr(magic, "add_magic", lambda *a: calls.append(a) or a[0])
    for path in scripts:
        assert cache.get_bytecode(str(path)) is not None
    assert calls == []  # compiled without the AST pass


REBUILDS = {"update_layout", "update_xaxes", "update_yaxes", "update_traces", "add_trace",
            "add_traces", "add_hline", "add_vline", "add_hrect", "add_vrect"}  # fmt: skip


def test_figures_are_built_in_one_go():
    """Every Plotly figure gets its traces and layout when it is made (charts/theme.layout):
    each update of a built figure validates it again, a few ms a chart on every rerun of every
    student, the largest share of a classroom server's CPU (docs/measurements.md)."""
    import ast

    found = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in REBUILDS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}")
    assert found == []
