"""Every registered page through AppTest: defaults, every widget at its limits, bad input.

Pages are discovered from dashboard/registry.py: a new page is covered with no edit here.
"""

import datetime
import subprocess
import sys

import pytest

from dashboard.registry import DASHBOARD_DIR, HOME, LESSONS, built_lessons
from tests.app.harness import APP, TIMEOUT, assert_clean, keyed, messages, open_page

PAGES = built_lessons()
BAD_TEXTS = {
    "empty": "",
    "whitespace": " \n\t ",
    "very long": "spell " * 20_000,
    "non-ASCII": "Ça va? 日本語 🚀 naïve Ελληνικά",
    "control characters": "a\x00b\x1bc",
}


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
def test_page_renders_with_defaults(lesson):
    at = open_page(lesson)
    assert at.title and at.title[0].value == ("SeqLab" if lesson is HOME else lesson.title)


def _present(at, kind, key):
    return key in [w.key for w in getattr(at, kind)]


def _exercise(at, kind, key, values, where):
    """Set the widget to each value in turn, run, check; then restore its original value."""
    original = getattr(at, kind)(key=key).value
    for value in [*values, original]:
        if not _present(at, kind, key):
            return  # another control removed it; it is exercised where it shows
        getattr(at, kind)(key=key).set_value(value)
        at.run()
        assert_clean(at, f"{where}: {kind} {key} = {value!r}")


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
def test_every_slider_and_choice_at_its_limits(lesson):
    at = open_page(lesson)
    for kind in (
        "slider",
        "select_slider",
        "selectbox",
        "radio",
        "multiselect",
        "toggle",
        "checkbox",
    ):
        for key in keyed(getattr(at, kind)):
            if not _present(at, kind, key):
                continue
            widget = getattr(at, kind)(key=key)
            if kind == "slider":
                ends = [_bound(widget, "min"), _bound(widget, "max")]
                values = [(v, v) for v in ends] if isinstance(widget.value, tuple) else ends
            elif kind == "select_slider":
                # Options are shown as text; the value keeps the option's own type.
                values = [type(widget.value)(widget.options[i]) for i in (0, -1)]
            elif kind in ("selectbox", "radio"):
                # Lessons pass readable options and no format_func, so labels are the values.
                values = [widget.options[0], widget.options[-1]]
            elif kind == "multiselect":
                values = [[], list(widget.options)]
            else:
                values = [not widget.value]
            _exercise(at, kind, key, values, lesson.title)


def _bound(widget, end):
    """A slider's min or max in the type of its value (AppTest gives dates as epoch µs)."""
    raw = getattr(widget, end)
    sample = widget.value[0] if isinstance(widget.value, tuple) else widget.value
    if isinstance(sample, datetime.datetime):
        return datetime.datetime.fromtimestamp(raw / 1e6, tz=datetime.UTC).replace(tzinfo=None)
    return type(sample)(raw)


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
def test_number_inputs_at_their_limits(lesson):
    at = open_page(lesson)
    for key in keyed(at.number_input):
        widget = at.number_input(key=key)
        for value in (widget.min, widget.max):
            if value is not None:
                at.number_input(key=key).set_value(value)
                at.run()
                assert_clean(at, f"{lesson.title}: number {key} = {value}")


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
@pytest.mark.parametrize("case", BAD_TEXTS)
def test_text_boxes_take_bad_input_without_a_traceback(lesson, case):
    at = open_page(lesson)
    boxes = [("text_area", k) for k in keyed(at.text_area)]
    boxes += [("text_input", k) for k in keyed(at.text_input)]
    if not boxes:
        pytest.skip(f"{lesson.title} has no text box")
    for kind, key in boxes:
        getattr(at, kind)(key=key).set_value(BAD_TEXTS[case])
        at.run()
        assert_clean(at, f"{lesson.title}: {key} = {case}")
        if case in ("empty", "whitespace"):
            assert messages(at), f"{lesson.title}: an empty {key} must say what is accepted"
        assert getattr(at, kind)(key=key).value == BAD_TEXTS[case], "the input was lost"


BAD_UPLOADS = {
    "wrong type": ("notes.pdf", b"%PDF-1.4 binary", "application/pdf"),
    "not UTF-8": ("latin1.txt", "café".encode("latin-1") + b"\xff\xfe", "text/plain"),
    "too big": ("big.txt", b"a " * 600_000, "text/plain"),
    "empty": ("empty.txt", b"", "text/plain"),
}


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_uploads_take_bad_files_without_a_traceback(lesson, case):
    at = open_page(lesson)
    keys = keyed(at.file_uploader)
    if not keys:
        pytest.skip(f"{lesson.title} has no upload")
    for key in keys:
        at.file_uploader(key=key).set_value(BAD_UPLOADS[case])
        at.run()
        assert_clean(at, f"{lesson.title}: upload {key} = {case}")
        assert messages(at), f"{lesson.title}: a bad upload ({case}) must say what is accepted"


def test_home_lists_every_lesson_of_the_course_map():
    at = open_page(HOME)
    shown = " ".join(m.value for m in at.markdown)
    shown += " ".join(getattr(link, "label", "") for link in at.get("page_link"))
    missing = [lesson.title for lesson in LESSONS[1:] if lesson.title not in shown]
    assert missing == []


def test_no_page_imports_tensorflow_when_first_drawn():
    # Home first, as the entry point draws it, then every page in one process. Hosting budget
    # (1 GiB with every page visited): `import tensorflow` alone adds ~640 MiB, so pages show
    # shipped models through numpy; TensorFlow loads only when a student trains.
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from dashboard.registry import built_lessons\n"
        "def check(where):\n"
        "    assert not at.exception, (where, at.exception)\n"
        "    if 'tensorflow' in sys.modules or 'keras' in sys.modules:\n"
        "        print('IMPORTED-BY', where); sys.exit()\n"
        f"at = AppTest.from_file({APP!r}, default_timeout={TIMEOUT}); at.run()\n"
        "check('Home, drawn by the entry point')\n"
        "for lesson in built_lessons():\n"
        "    at.switch_page(lesson.path); at.run(); check(lesson.title)\n"
        "print('DONE')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=DASHBOARD_DIR.parent,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "IMPORTED-BY" not in out.stdout, out.stdout[-500:]
    assert out.stdout.split()[-1] == "DONE"
