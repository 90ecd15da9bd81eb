"""Server-side timings of one page through AppTest, printed as JSON.

Run in a fresh process per page (`python -m benchmarks.pages URL_PATH`) so that the
first render includes the page's own imports, as on a cold server; with `--first-only`,
the first render alone (the widgets are not moved).
"""

from __future__ import annotations

import datetime
import json
import statistics
import sys
import time

from streamlit.testing.v1 import AppTest

from dashboard.registry import HOME, built_lessons
from tests.app.harness import APP, TIMEOUT, assert_clean

REPEATS = 7


def _timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def _alternatives(widget) -> list:
    """Two values to alternate between: the default and one other valid value."""
    value = widget.value
    if widget.type in ("toggle", "checkbox"):
        return [not value, value]
    if widget.type == "select_slider":
        other = next(o for o in widget.options if o != str(value))
        return [type(value)(other), value]
    if widget.type in ("selectbox", "radio"):
        other = next(o for o in widget.options if o != value)
        return [other, value]
    if isinstance(value, tuple):  # a range: move its upper end
        return [(value[0], _shift(value[1], widget)), value]
    return [_shift(value, widget), value]


def _shift(value, widget):
    """One step up (or down at the top) in the value's own type; dates step by an hour."""
    if isinstance(value, datetime.datetime):
        step = datetime.timedelta(hours=1)
        top = datetime.datetime.fromtimestamp(widget.max / 1e6, tz=datetime.UTC)
        return value - step if value + step > top.replace(tzinfo=None) else value + step
    step = widget.step or 1
    return type(value)(value + step if value + step <= widget.max else value - step)


def measure(url_path: str, widgets: bool = True) -> dict:
    lesson = next(lesson for lesson in built_lessons() if lesson.url_path == url_path)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    first = _timed_run(at)
    if lesson is not HOME:
        at.switch_page(lesson.path)
        first = _timed_run(at)
    assert_clean(at, lesson.title)
    per_widget = {}
    kinds = ("slider", "select_slider", "selectbox", "radio", "toggle", "checkbox")
    for kind in kinds if widgets else ():
        for key in [w.key for w in getattr(at, kind)]:
            values = _alternatives(getattr(at, kind)(key=key))
            times = []
            for i in range(REPEATS + 1):  # the first change warms the caches
                getattr(at, kind)(key=key).set_value(values[i % 2])
                elapsed = _timed_run(at)
                if i:
                    times.append(elapsed)
            assert_clean(at, f"{lesson.title}: {key}")
            per_widget[key] = statistics.median(times)
    all_medians = list(per_widget.values())
    return {
        "page": lesson.title,
        "first_render_s": first,
        "rerun_median_s": statistics.median(all_medians) if all_medians else None,
        "slowest_widget": max(per_widget, key=per_widget.get) if per_widget else None,
        "slowest_widget_median_s": max(all_medians) if all_medians else None,
        "widgets": len(per_widget),
    }


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], widgets="--first-only" not in sys.argv[2:])))
