"""Drive a registered page through AppTest from the real entry point."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.registry import DASHBOARD_DIR, Lesson

APP = str(DASHBOARD_DIR / "app.py")
TIMEOUT = 60  # import tensorflow alone takes longer than AppTest's default 3 s


def open_page(lesson: Lesson) -> AppTest:
    """Run the entry point, switch to `lesson` and run it; fails on any exception element."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert_clean(at, "Home")
    at.switch_page(lesson.path)
    at.run()
    assert_clean(at, lesson.title)
    return at


def assert_clean(at: AppTest, where: str) -> None:
    """No exception element on the page."""
    errors = [e.value for e in at.exception]
    assert not errors, f"{where}: exception on the page: {errors}"


def keyed(widgets) -> list[str]:
    """User keys of a widget list; every widget must have one (house style)."""
    keys = [w.key for w in widgets]
    assert all(keys), f"widget without an explicit key: {[w.label for w in widgets if not w.key]}"
    return keys


def messages(at: AppTest) -> list[str]:
    """Every warning, error and info text on the page."""
    return [m.value for kind in (at.warning, at.error, at.info) for m in kind]


def finish_training(at: AppTest, timeout: float = 120) -> None:
    """Wait for the trainings started by the last run (worker threads), then run the page,
    which collects their results: AppTest does not tick the polling fragment."""
    from dashboard import jobs

    assert jobs.wait_all(timeout), f"a training still runs after {timeout} s"
    at.run()


def set_and_run(at: AppTest, kind: str, key: str, value) -> None:
    """Set the widget of `kind` ("slider", "text_input", …) with `key`, run, check no exception."""
    getattr(at, kind)(key=key).set_value(value)
    at.run()
    assert_clean(at, f"{key} = {value!r}")
