"""A classroom at once: N students' sessions against SeqLab, bounded in count and time.

    python -m benchmarks.load [--sessions 1 10 40] [--minutes 2] [--think 4] [--trainer]
                              [--replicas 2] [--url http://127.0.0.1:PORT --pid PID ...]

Each student is a real Streamlit session over the app's websocket protocol
(benchmarks/load_client.py): it opens a random page, moves 3-6 of its widgets to random
values with a pause to read between moves (`--think` seconds on average), then opens another
page, until the time is up. Students never press buttons, so nothing trains, except the one
extra `--trainer` student, who trains the sine page's models over and over: the others'
figures then say whether one student training freezes the class. Without `--url` the server
is started here (one `streamlit run`, or `--replicas` of them behind nginx through
deploy/replicas.sh) and its peak RSS read from /proc. Loopback only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed

from benchmarks.load_client import Run, Student
from benchmarks.timing import ok
from dashboard.registry import HOME, built_lessons

MAX_SESSIONS, MAX_MINUTES = 100, 15
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
P95_TARGET_S, RSS_TARGET_MIB = 2.0, 2048
TRAIN_PAGE, TRAIN_BUTTON = "time-series-sine-waves", "Train the selected models"
TRAIN_LIMIT_S = 600


@dataclass
class Tally:
    """Every run the students waited for, and the errors their pages showed."""

    runs: list[Run] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, run: Run) -> None:
        with self.lock:
            self.runs.append(run)
            self.errors += [f"{run.page or 'home'}: {e}" for e in run.errors]

    def fail(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def all_pages() -> list[str]:
    """Every registered page's url path ("" for Home)."""
    return [lesson.url_path if lesson is not HOME else "" for lesson in built_lessons()]


def _student(url: str, pages: list[str], deadline: float, rng: random.Random, think: float,
             tally: Tally) -> None:  # fmt: skip
    student = None
    while time.monotonic() < deadline:
        try:
            student = student or Student(url)
            tally.add(student.open(rng.choice(pages)))
            for _ in range(rng.randint(3, 6)):
                time.sleep(rng.uniform(0.5, 1.5) * think)
                if time.monotonic() >= deadline:
                    break
                run = student.move(rng)
                if run is not None:
                    tally.add(run)
        except Exception as err:  # a dropped connection is the figure, not a crash of the tool
            tally.fail(f"{type(err).__name__}: {err}"[:300])
            student = None
    if student is not None:
        student.close()


def _trainer(url: str, deadline: float, tally: Tally) -> None:
    student = Student(url)
    student.open(TRAIN_PAGE)
    while time.monotonic() < deadline:
        try:
            tally.add(_train_once(student))
        except (OSError, ConnectionClosed) as err:  # the server stopped while it trained
            tally.fail(f"{TRAIN_PAGE}: training cut off: {err}")
            break
    student.close()


def _train_once(student: Student) -> Run:
    """Press Train, then tick the page's polling fragment (dashboard/jobs.py) once a second,
    as the browser does, until the training ends: its Stop button is gone."""
    start = time.perf_counter()
    run = student.click(TRAIN_BUTTON)
    errors = list(run.errors)
    while time.perf_counter() - start < TRAIN_LIMIT_S:
        polls = [f for label, f in student._buttons.values() if label == "Stop" and f]
        if not polls:
            break
        time.sleep(1.0)
        student._buttons = {}  # a tick redraws Stop; the run at the end redraws the page
        errors += student._run("poll", run.page, fragment_id=polls[0]).errors
    return Run("train", run.page, time.perf_counter() - start, tuple(errors))


def run_load(url: str, sessions: int, seconds: float, *, think: float = 4.0, seed: int = 0,
             trainer: bool = False, pages: list[str] | None = None) -> dict:  # fmt: skip
    """Run `sessions` students on `url` for `seconds` over `pages` (url paths; default every
    registered page); their runs and errors, summarised."""
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"argument `url` expected a loopback address, got {url!r}")
    if not 1 <= sessions <= MAX_SESSIONS or not 0 < seconds <= MAX_MINUTES * 60:
        raise ValueError(f"expected 1-{MAX_SESSIONS} sessions for up to {MAX_MINUTES} minutes")
    tally, train_tally = Tally(), Tally()
    cpu, wall = time.process_time(), time.monotonic()
    deadline = time.monotonic() + seconds
    threads = []
    if trainer:
        threads.append(threading.Thread(target=_trainer, args=(url, deadline, train_tally)))
    pages = all_pages() if pages is None else pages
    for i in range(sessions):
        args = (url, pages, deadline, random.Random(seed * 1000 + i), think, tally)
        threads.append(threading.Thread(target=_student, args=args, daemon=True))
    for thread in threads:
        thread.start()
        time.sleep(min(10.0, seconds / 4) / len(threads))  # students arrive over ~10 s
    for thread in threads:
        thread.join(timeout=seconds + 300)
    row = summarise(tally, sessions, seconds, train_tally if trainer else None)
    # the students are threads of this process, on the same cores as the server(s)
    row["client_cores"] = (time.process_time() - cpu) / (time.monotonic() - wall)
    return row


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def summarise(tally: Tally, sessions: int, seconds: float, train: Tally | None = None) -> dict:
    reruns = [r.seconds for r in tally.runs if r.kind == "rerun"]
    opens = [r.seconds for r in tally.runs if r.kind == "open"]
    by_page: dict[str, list[float]] = {}
    for run in tally.runs:
        if run.kind == "rerun":
            by_page.setdefault(run.page or "home", []).append(run.seconds)
    slowest = sorted(
        ((_pct(v, 95), p, len(v)) for p, v in by_page.items() if len(v) >= 5), reverse=True
    )
    return {
        "sessions": sessions,
        "seconds": seconds,
        "reruns": len(reruns),
        "rerun_median_s": _pct(reruns, 50),
        "rerun_p95_s": _pct(reruns, 95),
        "opens": len(opens),
        "open_median_s": _pct(opens, 50),
        "open_p95_s": _pct(opens, 95),
        "errors": list(tally.errors),
        "pages": len(by_page),
        "slowest_pages": slowest[:3],
        "trainings": None if train is None else [r.seconds for r in train.runs],
        "train_errors": None if train is None else list(train.errors),
    }


def _status_kib(pid: int, name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


@contextmanager
def app_servers(replicas: int = 1, logs: list | None = None):
    """Start SeqLab here: one `streamlit run`, or `replicas` behind nginx; yield (url, pids).
    `logs`: a list that gets a function returning the one server's log."""
    if replicas == 1:
        from tests.e2e.browser import server_log, streamlit_server

        with streamlit_server() as (url, proc):
            if logs is not None:
                logs.append(lambda: server_log(proc, None))
            yield url, [proc.pid]
    else:
        from tests.deploy.replicas import running_replicas

        with running_replicas(replicas) as (url, pids, _run_dir):
            yield url, pids


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(sessions: int, seconds: float, replicas: int = 1, **kwargs) -> dict:
    """`run_load` on servers started for it; adds each server's peak RSS (VmHWM) in MiB and
    the cores the servers kept busy."""
    logs = []
    with app_servers(replicas, logs) as (url, pids):
        cpu, wall = sum(_cpu_s(pid) for pid in pids), time.monotonic()
        row = run_load(url, sessions, seconds, **kwargs)
        row["server_cores"] = (sum(_cpu_s(pid) for pid in pids) - cpu) / (time.monotonic() - wall)
        row["peak_rss_mib"] = [_status_kib(pid, "VmHWM") / 1024 for pid in pids]
        row["replicas"] = replicas
        if row["errors"] and logs:  # the pages show only the error's type: the server has more
            row["server_errors"] = tracebacks(logs[0]())
            for trace in row["server_errors"][:3]:
                print(trace, flush=True)
    return row


def tracebacks(log: str) -> list[str]:
    """The tracebacks a server's log holds, each as printed."""
    lines, out = log.splitlines(), []
    for i, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last):"):
            end = next((j for j in range(i + 1, len(lines)) if not lines[j].startswith(" ")), i)
            out.append("\n".join(lines[i : end + 1]))
    return out


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def table(rows: list[dict]) -> list[str]:
    """Markdown rows: one a scenario."""
    lines = [
        "| students | servers | page opens (median / p95) | widget reruns | median rerun | "
        "p95 rerun | errors | peak RSS | target |",
        "|---:|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for row in rows:
        servers = "1 process" if row["replicas"] == 1 else f"{row['replicas']} replicas + nginx"
        if row.get("trainings") is not None:
            servers += f", 1 more training ({len(row['trainings'])} trainings)"
        rss = row["peak_rss_mib"]
        passed = (not row["errors"] and (row["rerun_p95_s"] or 0) < P95_TARGET_S
                  and max(rss) < RSS_TARGET_MIB)  # fmt: skip
        lines.append(
            f"| {row['sessions']} | {servers} | {_s(row['open_median_s'])} / "
            f"{_s(row['open_p95_s'])} | {row['reruns']} | {_s(row['rerun_median_s'])} | "
            f"{_s(row['rerun_p95_s'])} | {len(row['errors'])} | "
            + " + ".join(f"{m:.0f}" for m in rss)
            + f" MiB | {ok(passed)} |"
        )
    return lines


def notes(rows: list[dict]) -> list[str]:
    lines = []
    for row in rows:
        where = f"{row['sessions']} students, {row['replicas']} server(s)"
        if row["slowest_pages"]:
            lines.append(
                f"- {where}: slowest pages by p95 rerun: "
                + ", ".join(
                    f"{page} {p95:.2f} s ({n} reruns)" for p95, page, n in row["slowest_pages"]
                )
            )
        for error in sorted(set(row["errors"]))[:5]:
            lines.append(f"- {where}: error `{error[:160]}`")
        for trace in sorted({t.splitlines()[-1] for t in row.get("server_errors", [])})[:5]:
            lines.append(f"- {where}: the server logged `{trace[:200]}`")
        if row.get("server_cores") is not None:
            lines.append(
                f"- {where}: cores kept busy: the server(s) {row['server_cores']:.2f}, the load "
                f"client's {row['sessions']} students {row.get('client_cores', 0):.2f} (of "
                f"{os.cpu_count()})"
            )
        if row.get("trainings"):
            lines.append(
                f"- {where}: the training student's runs took "
                + ", ".join(f"{t:.0f} s" for t in row["trainings"])
            )
    return lines


SCENARIOS = (  # (students, minutes, replicas, trainer)
    (1, 1.0, 1, False),
    (10, 2.0, 1, False),
    (10, 2.0, 1, True),
    (40, 3.0, 1, False),
    (40, 3.0, 2, False),
)


def section(scenarios=SCENARIOS, think: float = 4.0) -> list[str]:
    """The "Classroom load" section of BENCHMARKS.md (about 13 minutes with the defaults)."""
    rows = []
    for sessions, minutes, replicas, trainer in scenarios:
        print(
            f"  load: {sessions} students, {minutes} min, {replicas} server(s), trainer={trainer}",
            flush=True,
        )
        rows.append(measure(sessions, minutes * 60, replicas, think=think, trainer=trainer))
    return [
        "## Classroom load",
        "",
        "`python -m benchmarks.load`: each student is a real Streamlit session over its "
        "websocket protocol, opening random pages of every registered page and moving their "
        f"widgets to random values, pausing {think * 0.5:.0f}-{think * 1.5:.0f} s between moves. "
        "A rerun is timed from the widget change sent to the page complete. Targets: no "
        f"errors, p95 rerun under {P95_TARGET_S:.0f} s, peak RSS under {RSS_TARGET_MIB} MiB "
        "per server. Client and servers share this machine's cores.",
        "",
        *table(rows),
        "",
        *notes(rows),
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--think", type=float, default=4.0, help="mean seconds between moves")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trainer", action="store_true", help="one more student trains")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--url", help="a running server (loopback); else one is started")
    parser.add_argument("--pid", type=int, nargs="*", default=[], help="its pids, for RSS")
    args = parser.parse_args()
    rows = []
    for n in args.sessions:
        kwargs = {"think": args.think, "seed": args.seed, "trainer": args.trainer}
        if args.url:
            row = run_load(args.url, n, args.minutes * 60, **kwargs)
            row["peak_rss_mib"] = [_status_kib(p, "VmHWM") / 1024 for p in args.pid] or [0.0]
            row["replicas"] = max(len(args.pid), 1)
        else:
            row = measure(n, args.minutes * 60, args.replicas, **kwargs)
        rows.append(row)
        print("\n".join(table([row])[2:] + notes([row])), flush=True)
    print("\n".join([*table(rows), "", *notes(rows)]))


if __name__ == "__main__":
    main()
