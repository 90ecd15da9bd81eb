"""Training outside the script run: a queue of worker threads, progress polled by a fragment.

A student's Train button submits a job; the job runs in a worker thread of this server (at
most `SLOTS` at once, the others wait in order), reports its epochs into the `Job`, and the
page polls it in an `st.fragment(run_every=POLL_S)`: a progress bar, the live loss curve, a
Stop button. When the job ends, the fragment reruns the page, which moves the result into
session state (`trained`), where it outlives a visit to another page.

A thread, not a process: a worker process holds TensorFlow a second time (hundreds of MB,
where Community Cloud allows 1 GB). The worker lowers its own OS priority (`NICE`), and
that of TensorFlow's pool threads, so the other students' script runs come first. Never
call st.* from the worker: the work function gets only its `Job`. Measured in BENCHMARKS.md
(benchmarks/load.py --trainer).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

SLOTS = max(1, int(os.environ.get("SEQLAB_TRAINING_SLOTS", "1")))  # trainings at once, per server
# The worker thread's niceness: the class's reruns come first (0: none, e.g. a test server
# beside another test worker, where a niced training waits for it).
NICE = int(os.environ.get("SEQLAB_TRAINING_NICE", "10"))
POLL_S = 1.0  # how often the page looks at a running job
JOBS = "_seqlab_jobs"  # session state: button key -> its Job

_pool = ThreadPoolExecutor(max_workers=SLOTS, thread_name_prefix="seqlab-training")
_lock = threading.Lock()
_live: list[Job] = []  # every job not yet ended, in the order submitted (the queue)


class Cancelled(Exception):
    """Raised inside the work by `Job.report` once the student pressed Stop."""


@dataclass(frozen=True)
class Snapshot:
    """What the page draws of a job at one moment (copies: the worker goes on)."""

    state: str  # "waiting", "running", "done", "failed", "stopped"
    ahead: int  # trainings before this one in the queue (waiting only)
    fraction: float
    text: str
    history: dict[str, list[float]]
    rows: list[dict]
    info: dict  # anything else the work reported (e.g. a baseline to draw beside the curve)
    seconds: float


@dataclass(eq=False)
class Job:
    """One training: the worker writes progress through `report`; the page reads `snapshot`."""

    label: str
    state: str = "waiting"
    fraction: float = 0.0
    text: str = "Waiting for a free training slot…"
    history: dict[str, list[float]] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    result: Any = None
    error: str = ""
    started: float = 0.0
    ended: float = 0.0
    future: Future | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed", "stopped")

    def report(self, fraction: float | None = None, text: str | None = None,
               row: dict | None = None, info: dict | None = None,
               **points: float) -> None:  # fmt: skip
        """From the worker: progress (0–1), a line of text, a table row, other facts (`info`),
        one point per curve.

        Raises `Cancelled` once Stop was pressed, which ends the work at its next report.
        """
        with self.lock:
            if fraction is not None:
                self.fraction = min(max(float(fraction), 0.0), 1.0)
            if text is not None:
                self.text = text
            if row is not None:
                self.rows.append(row)
            self.info.update(info or {})
            for name, value in points.items():
                self.history.setdefault(name, []).append(float(value))
        _lower_priority(_tf_threads())  # created once TensorFlow starts, maybe in this job
        if self.stop.is_set():
            raise Cancelled

    def snapshot(self) -> Snapshot:
        with self.lock:
            end = self.ended or time.perf_counter()
            return Snapshot(
                self.state, _ahead(self), self.fraction, self.text,
                {k: list(v) for k, v in self.history.items()}, list(self.rows), dict(self.info),
                end - self.started if self.started else 0.0,
            )  # fmt: skip

    def cancel(self) -> None:
        """Stop: a waiting job never starts; a running one ends at its next report."""
        self.stop.set()
        if self.future is not None and self.future.cancel():
            self._end("stopped")

    def _end(self, state: str) -> None:
        with self.lock:
            self.state, self.ended = state, time.perf_counter()
        with _lock:
            if self in _live:
                _live.remove(self)


def _ahead(job: Job) -> int:
    with _lock:
        if job.state != "waiting" or job not in _live:
            return 0
        return sum(1 for j in _live[: _live.index(job)] if j.state in ("waiting", "running"))


def _lower_priority(tids: list[int]) -> None:
    for tid in tids if NICE else ():
        with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: as is
            os.setpriority(os.PRIO_PROCESS, tid, NICE)


def _tf_threads() -> list[int]:
    """TensorFlow's own pool threads ("tf_Compute", …): they run the training's graph ops.
    Pages infer with numpy, so lowering them slows trainings, not the class."""
    tids = []
    with contextlib.suppress(OSError):
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                if (task / "comm").read_text().startswith("tf_"):
                    tids.append(int(task.name))
    return tids


def _run(job: Job, work: Callable[[Job], Any]) -> None:
    _lower_priority([threading.get_native_id()])
    with job.lock:
        job.state, job.started, job.text = "running", time.perf_counter(), "Starting…"
    try:
        job.result = work(job)
        job._end("stopped" if job.stop.is_set() and job.result is None else "done")
    except Cancelled:
        job._end("stopped")
    except Exception as err:  # shown to the student as a message, never a traceback
        job.error = f"{type(err).__name__}: {err}" if not isinstance(err, ValueError) else str(err)
        traceback.print_exc()  # the server's log keeps the details
        job._end("failed")


def submit(work: Callable[[Job], Any], label: str = "training") -> Job:
    """Queue `work(job)`; it runs in a worker thread when a slot is free."""
    job = Job(label)
    with _lock:
        _live.append(job)
    job.future = _pool.submit(_run, job, work)
    return job


def wait_all(timeout: float = 120.0) -> bool:
    """Block until every job of this server has ended (tests: AppTest does not tick fragments)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _live:
                return True
        time.sleep(0.05)
    return False


def trained(key: str, label: str, work: Callable[[Job], Any], *,
            store: str | Callable[[Any], None], done: Callable[[Any], str] | None = None,
            draw: Callable[[Snapshot], None] | None = None, where=None,
            **button: Any) -> None:  # fmt: skip
    """A Train button whose `work` runs as a job; its progress, then its result.

    When the job ends, its result goes to `st.session_state[store]` (or `store(result)`, called
    in the script run) and `done(result)` is shown once; a failure becomes an st.error that
    stays until the next press, and the previous result is dropped (it would pass for this
    one). `draw(snapshot)` adds to the progress (e.g. the live loss curve; default: the
    reported curves). `where`: the container of the button (default: the page).
    """
    jobs = st.session_state.setdefault(JOBS, {})
    failed = f"{JOBS}_{key}_failed"
    job = jobs.get(key)
    if job is not None and job.finished:
        del jobs[key]
        if job.state == "done":
            if callable(store):
                store(job.result)
            else:
                st.session_state[store] = job.result
            if done is not None:
                st.success(done(job.result))
        elif job.state == "failed":
            st.session_state[failed] = f"Not trained: {job.error.rstrip('.')}."
            if not callable(store):
                st.session_state.pop(store, None)
        else:
            st.info("Training stopped; nothing new was kept.")
        job = None
    running = job is not None
    disabled = running or button.pop("disabled", False)
    if (where or st).button(label, key=key, disabled=disabled, **button) and not running:
        st.session_state.pop(failed, None)
        job = jobs[key] = submit(work, label)
    if failed in st.session_state:
        st.error(st.session_state[failed])
    if job is not None:
        _watch(key, draw or default_draw)


@st.fragment(run_every=POLL_S)
def _watch(key: str, draw: Callable[[Snapshot], None]) -> None:
    """Polls the job of `key`: progress, its curves, Stop; the whole page reruns at its end."""
    job = st.session_state.get(JOBS, {}).get(key)
    if job is None or job.finished:
        st.rerun()  # the page collects the result
    snap = job.snapshot()
    bar, stop = st.columns([5, 1])
    if snap.state == "waiting" and snap.ahead:
        ahead = f"{snap.ahead} training{'s' if snap.ahead != 1 else ''}"
        bar.info(f"Waiting: {ahead} ahead of yours on this server (at most {SLOTS} at once).")
    else:
        bar.progress(snap.fraction, text=f"{snap.text} ({snap.seconds:.0f} s)")
    if stop.button("Stop", key=f"{key}_stop"):
        job.cancel()
        if job.finished:
            st.rerun()
    draw(snap)


def default_draw(snap: Snapshot) -> None:
    """The reported curves, one line each, while they grow."""
    if any(snap.history.values()):
        from dashboard import export
        from dashboard.charts import lm_charts

        curve = lm_charts.loss_curve(snap.history, None, "Live: loss per epoch", y_title=None)
        export.plotly(st, curve, key="_seqlab_job_curve", data=False)
