"""Whole-app figures in Chromium: cold start to Home rendered, and peak server RSS.

The cold start is compared with a bare one-line Streamlit app started and
rendered the same way in the same run, because absolute times on a shared
machine are noisy.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.registry import HOME, built_lessons
from tests.e2e.browser import launch, streamlit_server, wait_ready

BARE_APP = 'import streamlit as st\nst.title("Bare")\n'


def _start_to_rendered(browser, script: Path, title: str) -> float:
    start = time.perf_counter()
    with streamlit_server(script) as (url, _proc):
        page = browser.new_page()
        page.goto(url)
        wait_ready(page, title)
        elapsed = time.perf_counter() - start
        page.close()
    return elapsed


def cold_start(repeats: int = 5) -> dict:
    """Median seconds from `streamlit run` to the first page rendered: SeqLab Home vs bare app."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        browser = launch(pw)
        _start_to_rendered(browser, bare, "Bare")  # warm the OS file cache for both
        _start_to_rendered(browser, Path("dashboard/app.py"), "SeqLab")
        home, base = [], []
        for _ in range(repeats):  # interleaved, so drifts in machine load hit both alike
            base.append(_start_to_rendered(browser, bare, "Bare"))
            home.append(_start_to_rendered(browser, Path("dashboard/app.py"), "SeqLab"))
        browser.close()
    return {
        "home_s": statistics.median(home),
        "bare_s": statistics.median(base),
        "ratio": statistics.median(home) / statistics.median(base),
        "repeats": repeats,
    }


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def peak_rss_after_all_pages(lessons=None) -> dict:
    """Visit every page (or `lessons`) in Chromium, then read the server's peak (VmHWM) and
    current RSS, what the current RSS is made of (anonymous memory, and the pages of files such
    as shared libraries, which the kernel can drop and read again), and the pages whose visit
    grew it most."""
    lessons = built_lessons() if lessons is None else lessons
    growth = []
    with sync_playwright() as pw, streamlit_server() as (url, proc):
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        before = _status_kib(proc.pid, "VmRSS")
        for lesson in lessons:
            page.goto(url if lesson is HOME else f"{url}/{lesson.url_path}")
            wait_ready(page, "SeqLab" if lesson is HOME else lesson.title)
            now = _status_kib(proc.pid, "VmRSS")
            growth.append(((now - before) / 1024, lesson.title))
            before = now
        fields = ("VmHWM", "VmRSS", "RssAnon", "RssFile")
        status = {f: _status_kib(proc.pid, f) / 1024 for f in fields}
        browser.close()
    return {
        "peak_rss_mib": status["VmHWM"],
        "rss_mib": status["VmRSS"],
        "anon_mib": status["RssAnon"],
        "file_mib": status["RssFile"],
        "largest_growth": sorted(growth, reverse=True)[:3],
        "growth": growth,  # [(MiB, title)] in visiting order
        "pages": len(lessons),
    }


def growth_rows(memory: dict) -> list[str]:
    """Markdown: what each page's first visit added to the server's RSS, in visiting order."""
    lines = [
        "| page (visited in this order, each for the first time) | RSS added |",
        "|---|---:|",
    ]
    lines += [f"| {title} | {mib:+.0f} MiB |" for mib, title in memory["growth"]]
    return lines
