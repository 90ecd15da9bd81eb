"""Training as a job (dashboard/jobs.py): queue, Stop, failures as messages, results kept."""

from __future__ import annotations

import threading

from streamlit.testing.v1 import AppTest

from dashboard import jobs
from tests.app.harness import assert_clean, finish_training


def _blocked(gate: threading.Event, result="ok"):
    def work(job: jobs.Job):
        job.report(0.5, "half", loss=1.0)
        while not gate.wait(0.01):
            job.report()  # Stop ends the work here
        return result

    return work


def test_jobs_queue_in_order_and_report_who_is_ahead():
    gate = threading.Event()
    first = jobs.submit(_blocked(gate, 1))
    waiting = [jobs.submit(_blocked(gate, i)) for i in (2, 3)]
    try:
        for _ in range(200):
            if first.snapshot().state == "running":
                break
            threading.Event().wait(0.01)
        assert first.snapshot().state == "running" and first.snapshot().history == {"loss": [1.0]}
        assert [w.snapshot().state for w in waiting] == ["waiting"] * 2
        assert [w.snapshot().ahead for w in waiting] == [jobs.SLOTS, jobs.SLOTS + 1]
    finally:
        gate.set()
    assert jobs.wait_all(10)
    assert [j.result for j in [first, *waiting]] == [1, 2, 3]
    assert all(j.state == "done" for j in [first, *waiting])


def test_the_worker_runs_at_a_lower_priority():
    import os

    job = jobs.submit(lambda job: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    assert jobs.wait_all(10)
    assert job.result >= jobs.NICE


def test_stop_ends_a_running_and_a_waiting_job():
    gate = threading.Event()
    running = jobs.submit(_blocked(gate))
    waiting = jobs.submit(_blocked(gate))
    waiting.cancel()
    assert waiting.state == "stopped"  # never started
    running.cancel()
    assert jobs.wait_all(10)
    assert running.state == "stopped" and running.result is None


def test_an_exception_in_training_is_kept_as_a_message():
    def work(job):
        raise ValueError("argument `units` expected a positive integer, got 0")

    job = jobs.submit(work, "Training")
    assert jobs.wait_all(10)
    assert job.state == "failed" and job.error.startswith("argument `units`")


PAGE = """
import threading
import streamlit as st
from dashboard import jobs
from streamlit.runtime.scriptrunner import script_runner

script_runner._clean_problem_modules = lambda: None  # as app.py: no Keras clean-up per run

GATE = st.session_state.setdefault("gate", threading.Event())
n = st.number_input("n", 0, 10, 1, key="n")

def work(job):
    job.report(0.1, "epoch 1", loss=0.5)
    GATE.wait(10)
    if n == 0:
        raise RuntimeError("no data")
    return n * 10

if st.session_state.get("away"):
    st.write("another page")
else:
    jobs.trained("go", "Train", work, store="result", done=lambda r: f"Done: {r}")
    st.write(f"result {st.session_state.get('result')}")
"""


def test_a_page_trains_through_a_job_and_keeps_the_result_and_the_inputs():
    at = AppTest.from_string(PAGE, default_timeout=30)
    at.run()
    at.button(key="go").click()
    at.run()
    assert at.button(key="go_stop")  # Stop while it trains
    at.run()
    assert at.button(key="go").disabled  # one training per button
    at.session_state["away"] = True  # the student leaves the page while it trains
    at.run()
    at.session_state["gate"].set()
    finish_training(at)
    at.session_state["away"] = False  # and comes back
    at.run()
    assert_clean(at, "job page")
    assert [s.value for s in at.success] == ["Done: 10"]
    assert "result 10" in [m.value for m in at.markdown]
    at.run()
    assert not at.success and "result 10" in [m.value for m in at.markdown]  # kept


def test_a_failed_training_is_an_error_on_the_page_not_a_traceback():
    at = AppTest.from_string(PAGE, default_timeout=30)
    at.run()
    at.session_state["gate"].set()
    at.number_input(key="n").set_value(0)
    at.button(key="go").click()
    at.run()
    finish_training(at)
    assert_clean(at, "failed job")
    assert at.error[0].value == "Not trained: RuntimeError: no data."
    assert at.number_input(key="n").value == 0  # the student's input is kept
    at.run()
    assert at.error  # stays until the next press
