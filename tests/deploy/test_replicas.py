"""Two SeqLab replicas behind nginx (deploy/replicas.sh, deploy/nginx.conf) on loopback: the
load client's students get no errors, spread over both replicas, and every request of one
browser reaches the same replica (its websocket, uploads and media live there)."""

import shutil
from collections import defaultdict

import pytest

from benchmarks.load import run_load

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None, reason="no nginx: run scripts/test.sh as root to install it"
)
LIGHT_PAGES = ["", "sequence-data"]  # no model to load: the test is about routing


def test_two_replicas_share_a_class_and_keep_each_student_on_one():
    from tests.deploy.replicas import running_replicas

    with running_replicas(2) as (url, _pids, run_dir):
        result = run_load(url, 8, 10, think=1.0, seed=1, pages=LIGHT_PAGES)
        log = (run_dir / "logs" / "replicas.log").read_text()
    assert result["errors"] == []
    assert result["reruns"] >= 8
    upstreams_of = defaultdict(set)  # sticky key -> replicas that served it
    streams = defaultdict(int)  # replica -> websocket sessions
    for line in log.splitlines():
        _addr, key, upstream, request = line.split(" ", 3)
        upstreams_of[key].add(upstream)
        if "/_stcore/stream" in request:
            streams[upstream] += 1
    assert sum(streams.values()) == 8, log
    assert len(streams) == 2, f"all sessions on one replica: {dict(streams)}"
    assert all(len(ups) == 1 for ups in upstreams_of.values()), upstreams_of
