"""Measure SeqLab and write BENCHMARKS.md: `python -m benchmarks.run`.

Figures are medians on this machine (2 cores, no GPU); targets are listed next to
each and checked here, never in the timed tests.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import app as app_bench
from benchmarks import (
    charlm_bench,
    embeddings_bench,
    music_bench,
    ner_qa_bench,
    own_model_bench,
    tf_threads,
    timeseries_bench,
    transformer_bench,
    translation_bench,
    trigger_bench,
    trigger_browser_bench,
)
from benchmarks import load as load_bench
from benchmarks import models as model_bench
from benchmarks.pages import REPEATS
from dashboard.registry import built_lessons

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "BENCHMARKS.md"
RERUN_TARGET_S = 0.100
START_RATIO_TARGET = 1.5
RSS_TARGET_MIB = 1024
FIRST_RENDERS = 3  # fresh processes per page: one cold disk cache must not set the figure


def _page(url_path: str, *flags: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.pages", url_path, *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def page_rows() -> list[dict]:
    rows = []
    for lesson in built_lessons():
        row = _page(lesson.url_path)
        firsts = [row["first_render_s"]]
        firsts += [
            _page(lesson.url_path, "--first-only")["first_render_s"]
            for _ in range(FIRST_RENDERS - 1)
        ]
        rows.append({**row, "first_render_s": statistics.median(firsts)})
        print(f"  {lesson.title}: {rows[-1]} (first renders {firsts})", flush=True)
    return rows


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms"


def _ok(passed: bool) -> str:
    return "✅" if passed else "❌"


def render(pages: list[dict], start: dict, memory: dict, models: list[str]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m benchmarks.run` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}, no GPU. "
        "Medians; server-side times through Streamlit's AppTest.",
        "",
        "## Pages",
        "",
        f"First render: the median of {FIRST_RENDERS} fresh processes, from the entry point to "
        "the page drawn (imports included). "
        f"Rerun: each widget moved back and forth {REPEATS} times after one warm-up change; "
        f"the median over widgets, and the slowest widget's median. Target: every widget under "
        f"{_ms(RERUN_TARGET_S)}.",
        "",
        "| page | first render | widgets | median rerun | slowest widget (median) | target |",
        "|---|---:|---:|---:|---|:---:|",
    ]
    for row in pages:
        slow = row["slowest_widget_median_s"]
        lines.append(
            f"| {row['page']} | {_ms(row['first_render_s'])} | {row['widgets']} | "
            f"{_ms(row['rerun_median_s'])} | "
            + (f"`{row['slowest_widget']}` {_ms(slow)}" if slow is not None else "—")
            + f" | {_ok(slow is None or slow < RERUN_TARGET_S)} |"
        )
    lines += [
        "",
        "## Whole app in Chromium",
        "",
        "| measure | value | target |",
        "|---|---:|:---:|",
        f"| `streamlit run` → Home rendered (median of {start['repeats']}) | "
        f"{start['home_s']:.2f} s | |",
        f"| `streamlit run` → bare one-line app rendered, same run | {start['bare_s']:.2f} s | |",
        f"| ratio Home / bare app | {start['ratio']:.2f}× | "
        f"{_ok(start['ratio'] <= START_RATIO_TARGET)} ≤ {START_RATIO_TARGET}× |",
        f"| peak server RSS after visiting all {memory['pages']} pages | "
        f"{memory['peak_rss_mib']:.0f} MiB | {_ok(memory['peak_rss_mib'] < RSS_TARGET_MIB)} "
        f"< {RSS_TARGET_MIB} MiB |",
        f"| server RSS at the end | {memory['rss_mib']:.0f} MiB | |",
        f"| … of which anonymous / pages of files (shared libraries) | "
        f"{memory['anon_mib']:.0f} / {memory['file_mib']:.0f} MiB | |",
        "| pages whose first visit grew it most | "
        + ", ".join(f"{title} +{mib:.0f} MiB" for mib, title in memory["largest_growth"])
        + " | |",
        "",
        *app_bench.growth_rows(memory),
        "",
        *models,
    ]
    return "\n".join(lines)


def _measured(section) -> list[str]:
    """A section's lines; a section that fails says so in BENCHMARKS.md (with its error) and
    the others are still written: one fault must not lose the whole run's measurements."""
    name = f"{section.__module__.split('.')[-1]}.{section.__name__}"
    print(f"  {name}…", flush=True)
    try:
        return section()
    except Exception as err:  # recorded, then the run goes on
        traceback.print_exc()
        return [f"## ❌ `{name}` failed", "", f"`{type(err).__name__}: {err}`", ""]


def main() -> None:
    print("pages…", flush=True)
    pages = page_rows()
    print("cold start…", flush=True)
    start = app_bench.cold_start()
    print("memory…", flush=True)
    memory = app_bench.peak_rss_after_all_pages()
    print("models…", flush=True)
    sections = [
        model_bench.next_step_section, model_bench.gradient_compute_section,
        model_bench.memory_task_section, charlm_bench.section, own_model_bench.section,
        music_bench.section, timeseries_bench.section, embeddings_bench.section,
        translation_bench.section, transformer_bench.section, ner_qa_bench.section,
        trigger_bench.section, trigger_browser_bench.section, tf_threads.section,
    ]  # fmt: skip
    if os.environ.get("SEQLAB_BENCH_LOAD", "1") != "0":  # ~15 min: classroom load, replicas
        sections.append(load_bench.section)
    models = [line for section in sections for line in _measured(section)]
    OUT.write_text(render(pages, start, memory, models), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
