"""Trigger word in the student's browser: inference cost, latency and what reaches the server.

Measured in the system Chromium: the component's JavaScript pipeline (resampling, log-mel,
model, events) timed with performance.now() around each microphone block; the latency
from a word's end to the banner; the websocket messages a listening tab sends the server
and the server's CPU while it listens (dashboard/parts/trigger_browser.py).
"""

from __future__ import annotations

import os
import statistics
import time
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np

from benchmarks import trigger_class
from benchmarks.timing import ok
from core.trigger import audio, detect, synth, training
from tests.e2e import trigger_harness
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

CPU_TARGET = 0.20  # share of one core for real-time audio
LATENCY_TARGET_S = 0.5
MIC_RATE = 48_000  # a typical microphone's rate: the browser resamples it to 16 kHz
FAKE_MIC = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")


@contextmanager
def chromium(*flags: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *flags]
        )
        try:
            yield browser
        finally:
            browser.close()


def inference_share(page, runner, seconds: float = 30.0, repeats: int = 3) -> list[float]:
    """Share of one core the pipeline takes on `seconds` of 48 kHz audio, 40 ms blocks."""
    pos, neg = training.load_clips("heldout")
    rng = np.random.default_rng(0)
    x = np.concatenate(
        [
            synth.make_example(pos, neg, rng, augmentation=False).wave
            for _ in range(int(seconds // 10))
        ]
    )
    x48 = audio.resample(x, audio.RATE, MIC_RATE)
    shares = []
    for i in range(repeats):
        js = trigger_harness.run_debug(
            page, runner, x48, MIC_RATE, detect.THRESHOLD, name=f"cost{i}"
        )
        shares.append(js["cost"]["ms"] / 1000 / js["cost"]["seconds"])
    return shares


def latencies(page, runner, n: int = 12) -> list[float]:
    """Seconds from each word's end to its banner: the end of the block in which the event
    fired − the word's end (the model's own delay and the 40 ms blocks), plus the time from
    that block's arrival to the banner drawn (inference included)."""
    pos, neg = training.load_clips("heldout")
    rng = np.random.default_rng(7)
    out = []
    for i in range(n):
        e = synth.make_example(pos, neg, rng, n_pos=(1, 1), augmentation=False)
        if not e.positives:  # no room left for the word among long sentences
            continue
        end = e.positives[0][1] / audio.RATE
        js = trigger_harness.run_debug(
            page, runner, e.wave, audio.RATE, detect.THRESHOLD, name=f"lat{i}"
        )
        after = [r for r in js["latencies"] if r["time"] >= end - 0.1]
        if after:
            first = after[0]
            out.append(first["blockEnd"] - end + (first["shown"] - first["arrivedAt"]) / 1000)
    return out


def listening_server_cost(folder: Path, seconds: float = 15.0) -> dict:
    """The trigger page listening to a fake microphone: websocket messages the tab sends and
    the server's CPU seconds over `seconds`, first with noise only, then with two triggers."""
    pos, _ = training.load_clips("heldout")
    rng = np.random.default_rng(3)
    noise = (0.004 * rng.standard_normal(int(seconds * audio.RATE))).astype(np.float32)
    words = noise.copy()
    for at, w in ((3.0, pos[1]), (9.0, pos[2])):
        words[int(at * audio.RATE) : int(at * audio.RATE) + len(w)] += w
    result = {}
    with streamlit_server() as (url, proc):
        for name, x in (("noise", noise), ("two words", words)):
            wav = folder / f"{name}.wav"
            audio.write(wav, x)
            with chromium(*FAKE_MIC, f"--use-file-for-fake-audio-capture={wav}") as browser:
                page = browser.new_page()
                sent = []
                page.on(
                    "websocket",
                    lambda ws, sent=sent: ws.on("framesent", lambda frame: sent.append(frame)),
                )
                page.goto(f"{url}/trigger-word-detection")
                trigger_harness.listen_in_browser(page, timeout_ms=180_000)
                time.sleep(5)  # the rest of the page finishes drawing
                before, cpu = len(sent), trigger_class.cpu_seconds(proc.pid)
                page.get_by_role("button", name="Start listening").click()
                time.sleep(seconds)
                js = page.evaluate("() => window.__seqlabTrigger.snapshot()")
                result[name] = {
                    "messages": len(sent) - before,
                    "detections": len(js["reports"]),
                    "server_cpu_s": trigger_class.cpu_seconds(proc.pid) - cpu,
                    "heard_s": js["cost"]["seconds"],
                }
    return result


def section() -> list[str]:
    runner = detect.load()
    with chromium() as browser:
        page = trigger_harness.open_page(browser.new_context())
        shares = inference_share(page, runner)
        delays = latencies(page, runner)
    with TemporaryDirectory() as tmp:
        server = listening_server_cost(Path(tmp))
    classroom = trigger_class.listening_class()
    share, delay = statistics.median(shares), statistics.median(delays)
    load = os.getloadavg()[0]
    lines = [
        "",
        "## Trigger word in the browser",
        "",
        "The component of “Live microphone” (this browser's microphone) in Chromium: "
        "resampling from 48 kHz, log-mel, the model and the events in JavaScript, timed with "
        "`performance.now()` around each 40 ms block (wall time: on a busy machine it counts "
        f"time the tab waited for a core; load average {load:.1f} while measuring). Section "
        "`benchmarks/trigger_browser_bench.py`.",
        "",
        "| measure | value | target |",
        "|---|---:|:---:|",
        f"| inference, share of one core for real-time 48 kHz audio (median of {len(shares)} × "
        f"30 s; {', '.join(f'{s:.1%}' for s in shares)}) | {share:.1%} | "
        f"{ok(share < CPU_TARGET)} < {CPU_TARGET:.0%} |",
        f"| word end → banner (median of {len(delays)} held-out words; max {max(delays):.2f} s)"
        f" | {delay:.2f} s | {ok(delay < LATENCY_TARGET_S)} < {LATENCY_TARGET_S} s |",
    ]
    for name, r in server.items():
        lines.append(
            f"| listening {r['heard_s']:.0f} s to {name}: websocket messages to the server / "
            f"detections / server CPU | {r['messages']} / {r['detections']} / "
            f"{r['server_cpu_s']:.2f} s | {ok(r['messages'] <= r['detections'])} a message "
            "only per detection |"
        )
    class_rows = trigger_class.class_lines(classroom)
    return [*lines, *class_rows, "", *trigger_class.class_notes(classroom), ""]


if __name__ == "__main__":
    import sys

    if "--class-only" in sys.argv:  # the class part alone: about 3 minutes
        result = trigger_class.listening_class()
        rows = trigger_class.class_lines(result)
        table = ["| measure | value | target |", "|---|---:|:---:|", *rows]
        print("\n".join([*table, "", *trigger_class.class_notes(result)]))
    else:
        print("\n".join(section()))
