"""Start SeqLab replicas behind nginx on loopback through deploy/replicas.sh, for tests and
benchmarks/load.py: the same script a teacher runs, so the test checks what ships."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.browser import ROOT, free_port

SCRIPT = ROOT / "deploy" / "replicas.sh"


@contextmanager
def running_replicas(n: int = 2, timeout: float = 120):
    """Yield (nginx url, replica pids, run dir); the run dir holds nginx's access log."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="seqlab-replicas-") as run_dir:
        env = {**os.environ, "SEQLAB_RUN_DIR": run_dir, "SEQLAB_BASE_PORT": str(free_port())}
        proc = subprocess.Popen(
            ["bash", str(SCRIPT), str(n), str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own group: stopping it stops its replicas and nginx
        )
        try:
            line = proc.stdout.readline()  # printed once every replica answers
            if not line.startswith("SeqLab:"):
                raise RuntimeError(f"deploy/replicas.sh failed: {line}{proc.stdout.read()[-2000:]}")
            url = f"http://127.0.0.1:{port}"
            _wait_ok(url, timeout)
            pids = [int(p) for p in (Path(run_dir) / "replicas.pids").read_text().split()][:n]
            yield url, pids, Path(run_dir)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _wait_ok(url: str, timeout: float) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with opener.open(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
