"""Small helpers every benchmark section shares: a median timer and the ✅/❌ mark."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], repeats: int = 30) -> float:
    """Median seconds of `fn()` over `repeats` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ok(passed: bool) -> str:
    return "✅" if passed else "❌"
