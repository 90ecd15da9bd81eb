"""Start `streamlit run` on a free port and drive it with the system Chromium.

Playwright's own browser download does not work here; the Debian Chromium at
/usr/bin/chromium is launched instead. Used by the e2e tests and the benchmarks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SEQLAB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(script: str | Path = ROOT / "dashboard" / "app.py", timeout: float = 60):
    """Run `streamlit run script` headless on a free port; yield (url, process)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        "--logger.enableRich=false",  # a script's traceback as Python prints it, in the log
    ]
    # The server's output goes to a file, not a pipe: nobody reads a pipe while tests run, and a
    # server that logs a few dozen tracebacks would block once the pipe's 64 KiB were full.
    with tempfile.NamedTemporaryFile("w+b", prefix="seqlab-streamlit-", suffix=".log") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        proc.log_path = Path(log.name)  # what the server printed: `server_log(proc)`
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc, timeout)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def server_log(proc: subprocess.Popen, last: int | None = 4000) -> str:
    """The last `last` characters a server started by `streamlit_server` printed (None: all)."""
    text = proc.log_path.read_bytes().decode(errors="replace")
    return text if last is None else text[-last:]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {server_log(proc, 2000)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"streamlit at {url} not healthy after {timeout} s")


def launch(playwright, extra_args: tuple[str, ...] = ()):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )


def wait_ready(page, title: str | None = None, timeout_ms: float = 90_000) -> None:
    """Wait until the script has run to the end and nothing is still loading."""
    if title is not None:
        page.get_by_role("heading", name=title, level=1).first.wait_for(timeout=timeout_ms)
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
        timeout=timeout_ms,
    )


def screenshot(page, path: Path) -> None:
    """Whole-page screenshot: Streamlit scrolls inside stMain, so grow the viewport to fit it."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12_000)})
    page.wait_for_timeout(300)  # let Plotly re-layout to the new size
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": 1000})
