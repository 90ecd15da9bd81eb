"""Every page's check-yourself questions, code panels and chart exports, through AppTest.

Pages come from dashboard/registry.py and what each must show from dashboard/page_tools.py
(questions from dashboard/checks): a page added to the registry without its questions, code
panels or exports fails here, and so does a panel whose function no longer exists.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from dashboard.checks.ui import REVEALED
from dashboard.page_tools import CODE_PANELS, EXPORTS, OWN_MODEL_EXPORTS, resolve, tools
from dashboard.registry import HOME, built_lessons
from tests.app.harness import assert_clean, open_page

PAGES = [lesson for lesson in built_lessons() if lesson is not HOME]


def _download_keys(at) -> set[str]:
    return {d.proto.id.split("-", 2)[2] for d in at.get("download_button")}


def _answer_every_question(at, page: str, questions) -> list[str]:
    """Commit an answer to each question (its first option, or a number); their keys."""
    keys = []
    for q in questions:
        prefix = f"chk_{page}_{q.name}_"
        choice = [w for w in at.button_group if (w.key or "").startswith(prefix)]
        number = [w for w in at.number_input if (w.key or "").startswith(prefix)]
        assert len(choice) + len(number) == 1, f"{page}: question {q.name} has no answer widget"
        if choice:  # the option itself: AppTest shows a leading emoji as an icon, not text
            check = q.ask(np.random.default_rng(at.session_state[f"_chk_seed_{page}_{q.name}"]))
            choice[0].set_value(check.options[0])
        else:
            number[0].set_value(number[0].value)
        keys.append((choice or number)[0].key)
    return keys


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
def test_questions_code_panels_and_exports(lesson):
    listed = tools(lesson.url_path)
    assert len(listed.questions) >= 2, f"{lesson.title}: register two questions in dashboard/checks"
    assert lesson.url_path in CODE_PANELS and lesson.url_path in EXPORTS, (
        f"{lesson.title}: list its code panels and exports in dashboard/page_tools.py"
    )
    at = open_page(lesson)

    panels = [e for e in at.expander if e.label.startswith("Show the code")]
    assert [p.label.split("`")[1] for p in panels] == list(listed.code)
    for name, panel in zip(listed.code, panels, strict=True):
        func = resolve(name)
        assert name.startswith("core."), f"{name}: a code panel shows core/, not the dashboard"
        assert panel.code[-1].value == inspect.getsource(inspect.unwrap(func)).rstrip("\n")
        assert func.__name__ + "(" in panel.code[0].value, "the call line names the function"

    shown = _download_keys(at)
    assert set(listed.exports) <= shown, f"missing exports: {set(listed.exports) - shown}"
    unlisted = {k for k in shown if k.endswith(("_csv", "_figure", "_html"))} - set(listed.exports)
    assert not unlisted, f"{lesson.title}: list these in dashboard/page_tools.py: {unlisted}"

    keys = _answer_every_question(at, lesson.url_path, listed.questions)
    at.run()
    for key in keys:
        at.button(key=f"{key}_reveal").click()
    at.run()
    assert_clean(at, f"{lesson.title}, questions revealed")
    verdicts = [
        m.value for kind in (at.success, at.error) for m in kind if "the answer is" in m.value
    ]
    assert len(verdicts) == len(keys), verdicts
    revealed = at.session_state[REVEALED]
    assert {k[1] for k in revealed} == {q.name for q in listed.questions}

    at.switch_page(HOME.path)
    at.run()
    score = next(m.value for m in at.markdown if "Check yourself" in m.value)
    assert f"**Check yourself: {len(keys)} of" in score, score


@pytest.mark.parametrize("url_path", sorted(OWN_MODEL_EXPORTS))
def test_the_views_of_an_uploaded_model_list_their_exports(url_path):
    from tests.app.test_own_model_pages import open_with_model  # the upload, kept as the page does
    from tests.own_model_files import fixture

    lesson = next(lesson for lesson in PAGES if lesson.url_path == url_path)
    at = open_with_model(lesson.title, fixture("char_lstm").read_bytes())
    shown = {k for k in _download_keys(at) if k.endswith(("_csv", "_figure", "_html"))}
    assert shown == set(OWN_MODEL_EXPORTS[url_path]), f"{lesson.title}: {shown}"
