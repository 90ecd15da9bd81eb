"""Forty students listening in their browsers: what the trigger page costs the server.

Part of the "Trigger word in the browser" section (benchmarks/trigger_browser_bench.py).
Each student is a real Streamlit session over the websocket (benchmarks/load_client.py) on
the trigger page with "This browser's microphone" chosen, so the component is mounted as
in a listening tab, which sends the server nothing until it hears the word; a detection is
the component's trigger value, sent as Chromium sends it (the message is checked against
Chromium's in tests/e2e/test_trigger_live_browser.py). Server CPU: /proc utime + stime.

    python -m benchmarks.trigger_browser_bench --class-only
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load import app_servers
from benchmarks.load_client import Student
from benchmarks.timing import ok
from dashboard.parts import trigger_browser

PAGE, MODE_LABEL = "trigger-word-detection", "Listen with"
COMPONENT_KEY = "trig_browser"


@dataclass(frozen=True)
class ClassCost:
    """The server while a class listens in its browsers (`listening_class`)."""

    students: int
    window_s: float
    cpu_idle0_s: float  # server CPU seconds over one window, nobody connected
    cpu_idle_s: float  # ... the class connected and listening, nobody saying the word
    messages_idle: int  # ForwardMsgs the server sent the class in that window (a rerun: > 0)
    rss_per_student_mib: float
    talkers: int
    detections: int
    cpu_talk_s: float  # ... `talkers` of them sending detections
    detection_runs_s: tuple[float, ...]  # send → fragment rerun done, each detection
    errors: tuple[str, ...]

    @property
    def cpu_per_detection_ms(self) -> float:
        extra = self.cpu_talk_s - self.cpu_idle_s
        return 1000 * extra / max(self.detections, 1)


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _listening_student(url: str) -> Student:
    """A student on the trigger page with "This browser's microphone" chosen: the
    component is mounted, as in a tab that then listens."""
    student = Student(url)
    runs = [student.open(PAGE), student.choose(MODE_LABEL, trigger_browser.MODES[0])]
    errors = [e for run in runs for e in run.errors]
    if errors or not student.components:
        student.close()
        raise RuntimeError(f"the trigger page did not mount the component: {errors}")
    return student


def _drain(student: Student) -> int:
    """ForwardMsgs the server has sent `student` and it has not read yet."""
    n = 0
    while True:
        try:
            student.ws.recv(timeout=0.05)
        except TimeoutError:
            return n
        n += 1


def _talk(student: Student, until: float, every_s: float, offset_s: float, runs: list,
          errors: list) -> None:  # fmt: skip
    """Send a detection every `every_s` seconds, each value as the component builds it: the
    run's last detections, the newest last."""
    sent: list[dict] = []
    time.sleep(offset_s)
    while time.monotonic() + every_s / 2 < until:
        sent = [*sent, {"time": round(time.monotonic() % 1000, 3), "peak": 0.93,
                        "index": len(sent) + 1}][-20:]  # fmt: skip
        run = student.trigger(COMPONENT_KEY, "detection", {"run": "bench", "detections": sent})
        runs.append(run.seconds)
        errors.extend(run.errors)
        time.sleep(every_s)


def listening_class(students: int = 40, window_s: float = 30.0, talkers: int = 10,
                    every_s: float = 6.0) -> ClassCost:  # fmt: skip
    """Server CPU (/proc utime + stime) over `window_s` with nobody connected, with
    `students` load-client sessions listening on the trigger page (the component mounted,
    nothing sent: what a tab does until it hears the word), then with `talkers` of them
    sending a detection every `every_s` s, staggered. About 2-3 minutes."""
    with app_servers() as (url, pids):
        pid = pids[0]
        _listening_student(url).close()  # the page's first run fills the caches
        time.sleep(3)
        rss0, cpu = _rss_mib(pid), cpu_seconds(pid)
        time.sleep(window_s)
        cpu_idle0 = cpu_seconds(pid) - cpu
        with ThreadPoolExecutor(4) as pool:  # students arrive a few at a time
            group = list(pool.map(lambda _: _listening_student(url), range(students)))
        time.sleep(3)
        messages = sum(_drain(s) for s in group)  # late answers of the arrival
        rss = _rss_mib(pid)
        cpu = cpu_seconds(pid)
        time.sleep(window_s)
        cpu_idle = cpu_seconds(pid) - cpu
        messages = sum(_drain(s) for s in group)
        runs: list[float] = []
        errors: list[str] = []
        until = time.monotonic() + window_s
        threads = [
            threading.Thread(
                target=_talk, args=(s, until, every_s, i * every_s / talkers, runs, errors)
            )
            for i, s in enumerate(group[:talkers])
        ]
        cpu = cpu_seconds(pid)
        for thread in threads:
            thread.start()
        time.sleep(max(0.0, until - time.monotonic()))
        for thread in threads:
            thread.join(timeout=60)
        cpu_talk = (cpu_seconds(pid) - cpu) * window_s / (time.monotonic() - until + window_s)
        for student in group:
            student.close()
    return ClassCost(students, window_s, cpu_idle0, cpu_idle, messages,
                     (rss - rss0) / students, talkers, len(runs), cpu_talk, tuple(runs),
                     tuple(errors))  # fmt: skip


def class_lines(c: ClassCost) -> list[str]:
    """Markdown rows of `listening_class`'s figures, per minute."""
    per_min = 60 / c.window_s
    idle_extra = (c.cpu_idle_s - c.cpu_idle0_s) * per_min
    median_run = statistics.median(c.detection_runs_s) if c.detection_runs_s else float("nan")
    return [
        f"| server CPU per minute, nobody connected / {c.students} students listening in their "
        f"browsers (component mounted, nobody saying the word) | {c.cpu_idle0_s * per_min:.2f} "
        f"/ {c.cpu_idle_s * per_min:.2f} s | {ok(idle_extra < 0.05 * c.students / 40)} "
        "no more than idle |",
        f"| messages the server sent those {c.students} students in {c.window_s:.0f} s "
        f"(a rerun sends some) | {c.messages_idle} | {ok(c.messages_idle == 0)} 0 |",
        f"| server memory per listening student (RSS growth from 0 to {c.students} sessions: "
        f"{c.rss_per_student_mib * c.students:.0f} MiB) | {c.rss_per_student_mib:.1f} MiB | |",
        f"| server CPU per detection ({c.detections} detections from {c.talkers} students, one "
        f"every {c.window_s * c.talkers / max(c.detections, 1):.0f} s each; its fragment rerun "
        f"took {median_run:.2f} s median) | {c.cpu_per_detection_ms:.0f} ms | |",
    ]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def class_notes(c: ClassCost) -> list[str]:
    return [
        f"The class: {c.students} students of `benchmarks/load_client.py` (real Streamlit "
        "sessions over the websocket) open the page and choose “This browser's microphone”, "
        "which mounts the component, then send nothing, as a listening tab does until it "
        "hears the word; a detection is the component's trigger value in the message "
        "Chromium sends for one (checked in tests/e2e/test_trigger_live_browser.py). What "
        "the load client cannot do is run the JavaScript: a real tab's own cost is the "
        "inference row above, on the student's machine."
        + (f" Errors: {', '.join(sorted(set(c.errors))[:3])}." if c.errors else "")
    ]
