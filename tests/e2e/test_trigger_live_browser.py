"""The browser's trigger-word detector (dashboard/components/trigger_live) against `detect`.

The JavaScript port of the features, model and detector must give `detect.detect`'s
probability trace (within 0.02 after the first second) and events (within 0.1 s):
run on a WAV's samples directly (the component's debug mode: the same samples in, at
16 kHz and at 44.1 kHz through the browser's resampler), then end to end on the trigger
page, Chromium's fake microphone playing the WAV. Also: the messages where the microphone
cannot start, and that a listening tab sends the server nothing but its detections.
"""

from __future__ import annotations

import base64
import json
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from benchmarks import load_client
from core.trigger import audio, detect, make_clips, model, training
from dashboard.parts import trigger_browser
from dashboard.widgets import plural
from tests.e2e import trigger_harness
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    screenshot,
    streamlit_server,
    wait_ready,
)

pytestmark = pytest.mark.e2e
SHOTS = ROOT / "artifacts" / "screenshots"
TRACE_TOL, EVENT_TOL_S, SETTLE_S = 0.02, 0.1, 1.0
LISTEN_S = 4.0  # the live test listens this long; its clip is 0.5 s longer (no loop)
FAKE_MIC = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")


def _noise(seconds: float, rng) -> np.ndarray:
    return (0.004 * rng.standard_normal(int(seconds * audio.RATE))).astype(np.float32)


def _place(x: np.ndarray, word: np.ndarray, at_s: float) -> float:
    """Add `word` at `at_s`; returns where it ends (s)."""
    i = int(at_s * audio.RATE)
    x[i : i + len(word)] += word
    return (i + len(word)) / audio.RATE


def write_clips(folder: Path) -> dict[str, Path]:
    """WAVs: a held-out voice's "activate" among other words, noise only, and two held-out
    triggers said close together (the second 0.25 s after the first ends)."""
    rows = training.split_rows("heldout")
    pos = [training.read_clip(r) for r in rows if r["word"] == make_clips.TRIGGER][:3]
    neg = [training.read_clip(next(r for r in rows if r["word"] != make_clips.TRIGGER))]
    rng = np.random.default_rng(52)
    held = _noise(5.0, rng)
    _place(held, neg[0], 0.6)
    _place(held, pos[0], 2.2)
    noise = _noise(4.0, rng) + 0.01 * np.sin(2 * np.pi * 100 * np.arange(4 * audio.RATE) / 16e3)
    close = _noise(LISTEN_S + 0.5, rng)
    _place(close, pos[2], _place(close, pos[1], 1.3) + 0.25)
    clips = {"held-out": held, "noise": noise.astype(np.float32), "two-close": close}
    paths = {}
    for name, x in clips.items():
        paths[name] = folder / f"{name}.wav"
        audio.write(paths[name], x)
    rate = 44_100
    paths["held-out-44k"] = folder / "held-out-44k.wav"
    audio.write(paths["held-out-44k"], audio.resample(held, audio.RATE, rate), rate)
    return paths


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    return write_clips(tmp_path_factory.mktemp("trigger_live"))


@pytest.fixture(scope="module")
def runner():
    return detect.load()


def snapshot(page) -> dict:
    return page.evaluate("() => window.__seqlabTrigger.snapshot()")


def assert_same(js: dict, py: detect.Detection, until_s: float = np.inf) -> None:
    """The browser's trace equals `py`'s after the first second, its events too."""
    probs, times = np.array(js["probs"]), np.array(js["times"])
    n = min(len(probs), len(py.probabilities))
    assert n >= len(py.probabilities) - 3 or until_s < np.inf, (n, len(py.probabilities))
    np.testing.assert_allclose(times[:n], py.frame_times[:n], atol=1e-9)
    keep = (times[:n] >= SETTLE_S) & (times[:n] <= until_s)
    assert keep.sum() > 50
    gap = np.abs(probs[:n] - py.probabilities[:n])[keep]
    assert gap.max() <= TRACE_TOL, (
        f"trace differs by {gap.max():.4f} at {times[:n][keep][gap.argmax()]:.2f} s"
    )
    fired = [t for t in js["fired"] if t <= until_s]
    expected = [t for t in py.times if t <= until_s]
    assert len(fired) == len(expected), (fired, expected)
    assert all(abs(a - b) <= EVENT_TOL_S for a, b in zip(fired, expected, strict=True))


CLIPS = ("held-out", "noise", "two-close", "held-out-44k")


@pytest.fixture(scope="module")
def harness(browser):
    context = browser.new_context()
    yield trigger_harness.open_page(context)
    context.close()


@pytest.mark.parametrize("name", CLIPS)
def test_browser_pipeline_equals_detect_on_the_same_samples(name, clips, runner, harness):
    """The component's debug mode: the WAV's samples through the JavaScript resampler,
    features, model and events, 40 ms at a time, as the microphone delivers them."""
    wave, rate = audio.read(clips[name])
    js = trigger_harness.run_debug(harness, runner, wave, rate, detect.THRESHOLD, name=name)
    py = detect.detect(wave, rate, runner)
    assert_same(js, py)
    sent = js["sent"][-1]["value"]["detections"] if js["sent"] else []
    assert [d["time"] for d in sent] == pytest.approx(list(py.times), abs=1e-3)


ATTEMPTS = 5  # tabs that listen before a capture the device fed without a glitch is required


class Glitch(AssertionError):
    """The capture is the WAV only in pieces: the fake device skipped or repeated audio."""


def _heard(captured: np.ndarray, wav: np.ndarray, rate: int) -> np.ndarray:
    """The WAV as the fake microphone played it to the page: the file from where the capture
    caught it (found by cross-correlation), and the device's start-up as captured (the
    first SETTLE_S at most, the second the traces are not compared on either). After that
    start the capture must be the WAV, sample for sample; `Glitch` says where it is not."""
    probe = wav[rate : 2 * rate]
    scores = np.correlate(captured[: 3 * rate], probe, mode="valid")
    start = int(np.argmax(scores)) - rate  # where the file's sample 0 is in the capture
    # Chromium's fake device starts playing the file when it opens, which can be up to ~0.6 s
    # before the worklet's first block once other tests have run in this browser
    assert abs(start) < rate, f"the file starts {start} samples into the capture"
    heard = np.concatenate([np.zeros(max(start, 0), np.float32), wav[max(-start, 0) :]])
    heard = heard[: len(captured)].copy()
    n, startup = len(heard), int(SETTLE_S * rate)
    off = np.flatnonzero(np.abs(captured[:startup] - heard[:startup]) > 1e-3)
    settled = off[-1] + 1 if len(off) else 0
    heard[:settled] = captured[:settled]
    lost = np.flatnonzero(np.abs(captured[settled:n] - heard[settled:]) >= 1e-3)
    if len(lost):
        raise Glitch(
            f"the capture differs from the WAV from {(settled + lost[0]) / rate:.3f} s on "
            f"({len(lost)} of {n - settled} samples; start-up until {settled / rate:.3f} s)"
        )
    return heard


def listen_to_the_wav(mic, url: str, wav: np.ndarray, rate: int):
    """Listen in fresh tabs until one captured the WAV whole after its start-up (a tab under
    CPU load can get a device that skipped audio: Chromium's, not the page's; the page's
    trace is checked on what it captured either way). Returns (page, snapshot, captured,
    frames sent while listening, the WAV as heard); fails after ATTEMPTS glitched tabs."""
    glitches = []
    for _ in range(ATTEMPTS):
        page = open_listening_mode(mic, url)
        js, captured, listening = listen(page)
        try:
            return page, js, captured, listening, _heard(captured, wav, rate)
        except Glitch as glitch:
            glitches.append(str(glitch))
            warnings.warn(f"a tab's capture glitched, listening again: {glitch}", stacklevel=1)
            page.context.close()
    raise AssertionError("every capture lost samples: " + "; ".join(glitches))


@contextmanager
def microphone_playing(browser, clip: Path):
    """A second Chromium whose fake microphone plays `clip`, rewritten at the browser's own
    rate (no resampling before the page's own); yields (that Chromium, rate, the WAV)."""
    wav_path = clip.with_name(f"fake-mic-{clip.stem}.wav")
    mic = launch_with(
        browser.browser_type, (*FAKE_MIC, f"--use-file-for-fake-audio-capture={wav_path}")
    )
    try:
        probe = mic.new_page()
        rate = probe.evaluate("() => new AudioContext().sampleRate")
        probe.close()
        audio.write(wav_path, audio.resample(audio.read(clip)[0], audio.RATE, rate), rate)
        yield mic, rate, audio.read(wav_path)[0]
    finally:
        mic.close()


def open_listening_mode(mic, url: str):
    """The trigger page with "This browser's microphone" chosen; the frames its websocket
    sent are collected in `page.sent_frames`."""
    page = mic.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.sent_frames = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: page.sent_frames.append(f)))
    page.goto(f"{url}/trigger-word-detection")
    trigger_harness.listen_in_browser(page)
    return page


def listen(page) -> tuple[dict, np.ndarray, list]:
    """Start, listen LISTEN_S seconds, Stop: (the snapshot, the samples the tab captured,
    the websocket frames it sent while listening; `page.listen_from`: the first of them)."""
    page.evaluate("() => { window.__seqlabTrigger.recording = true; }")
    start = page.get_by_role("button", name="Start listening")
    start.scroll_into_view_if_needed()
    before = page.listen_from = len(page.sent_frames)
    start.click()
    page.wait_for_function(
        f"() => window.__seqlabTrigger.snapshot().cost.seconds > {LISTEN_S}", timeout=30_000
    )
    listening = page.sent_frames[before:]
    page.get_by_role("button", name="Stop").click()
    captured = np.frombuffer(
        base64.b64decode(page.evaluate("() => window.__seqlabTrigger.recordedAudio()")), "<f4"
    )
    return snapshot(page), captured, listening  # after Stop: the same blocks as the audio


def test_live_microphone_on_the_page_equals_detect(clips, runner, app_url, browser):
    """The trigger page, "This browser's microphone", a fake microphone playing the two
    close triggers: the live trace equals detect() on what the browser heard (exactly) and
    on the WAV as it was played; the page lists the detections; while it listens the tab
    sends the server no message but its detections."""
    with microphone_playing(browser, clips["two-close"]) as (mic, rate, wav):
        page, js, captured, listening, heard = listen_to_the_wav(mic, app_url, wav, rate)
        assert js["rate"] == rate
        assert_same(js, detect.detect(captured, rate, runner))  # the live path, exactly
        until = len(heard) / rate - 0.3
        assert_same(js, detect.detect(heard, rate, runner), until_s=until)
        assert len(js["fired"]) >= 1 and js["latencies"]
        # while listening, the tab spoke to the server once per detection it reported, in
        # the message the load client sends for one (benchmarks/trigger_class.py)
        assert len(listening) <= len(js["reports"]), (len(listening), js["reports"])
        # Python received every detection, the last one at Stop
        page.get_by_text(f"{plural(len(js['reports']), 'detection')} in this session").wait_for(
            timeout=30_000
        )
        assert_detection_messages(page.sent_frames[page.listen_from :], len(js["reports"]))
        wait_ready(page)
        assert page.get_by_test_id("stException").all_inner_texts() == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SHOTS / "trigger-word-live-browser.png")


PERSONAL_APP = Path(__file__).with_name("personal_trigger_app.py")


@pytest.fixture(scope="module")
def personal(tmp_path_factory):
    """A personal model as the fine-tune button stores one (`model.Runner` of float32
    weights, saved by `training.to_bytes`): each of the shipped model's arrays moved by 5 %
    noise, so every weight has to reach the browser for the traces to agree.
    `training.fine_tune` itself takes 40 s or more even at its smallest (tests/unit; the
    page's own fine-tune in Chromium: tests/e2e/test_trigger_browser.py)."""
    rng = np.random.default_rng(52)
    weights = {
        k: (v * (1 + 0.05 * rng.standard_normal(v.shape))).astype(np.float32)
        for k, v in detect.load_weights().items()
    }
    path = tmp_path_factory.mktemp("personal") / "trigger_personal.npz"
    path.write_bytes(training.to_bytes(weights))
    return path, model.Runner(weights)


def test_the_browser_listens_with_the_personal_model(clips, runner, personal, browser, monkeypatch):
    """A session holding a personal model (stored as the fine-tune button stores it): with
    "Use my personal model" switched on, the component gets its weights (another model id)
    and its live trace is the personal model's detect(), not the shipped one's."""
    path, mine = personal
    monkeypatch.setenv("SEQLAB_TEST_PERSONAL_TRIGGER", str(path))
    ids = {
        name: trigger_browser.payload(r, detect.THRESHOLD)["model_id"]
        for name, r in (("shipped", runner), ("mine", mine))
    }
    assert ids["mine"] != ids["shipped"]
    model_id = "() => window.__seqlabTrigger.data.model_id"
    with (
        streamlit_server(PERSONAL_APP) as (url, _proc),
        microphone_playing(browser, clips["two-close"]) as (mic, rate, _wav),
    ):
        page = open_listening_mode(mic, url)
        assert page.evaluate(model_id) == ids["shipped"]
        page.get_by_text("Listening with the shipped model").wait_for()  # and says so
        page.get_by_text("Use my personal model").click()
        page.wait_for_function(f"{model_id.removeprefix('() => ')} === '{ids['mine']}'")
        page.get_by_text("Listening with your personal model").wait_for()
        js, captured, _ = listen(page)
        ours, shipped = detect.detect(captured, rate, mine), detect.detect(captured, rate, runner)
        settled = ours.frame_times >= SETTLE_S
        gap = np.abs(ours.probabilities - shipped.probabilities)[settled].max()
        assert gap > 2 * TRACE_TOL, f"the two models differ by only {gap:.3f}: no test"
        assert_same(js, ours)
        wait_ready(page)
        assert page.get_by_test_id("stException").all_inner_texts() == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SHOTS / "trigger-word-live-browser-personal.png")


def assert_detection_messages(frames: list, reports: int) -> None:
    """Each BackMsg the tab sent after Start reruns the component's fragment with its
    trigger value, as `load_client.trigger_state` builds it; the last one lists every
    detection reported."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    values = []
    for frame in frames:
        msg = BackMsg()
        msg.ParseFromString(frame if isinstance(frame, bytes) else frame.encode("latin-1"))
        assert msg.WhichOneof("type") == "rerun_script" and msg.rerun_script.fragment_id
        triggers = [w for w in msg.rerun_script.widget_states.widgets if w.json_trigger_value]
        assert len(triggers) == 1, triggers
        (state,) = triggers
        component_id = state.id.removeprefix("$$STREAMLIT_INTERNAL_KEY_").removesuffix("__events")
        (event,) = json.loads(state.json_trigger_value)
        built = load_client.trigger_state(component_id, "detection", event["value"])
        assert (built.id, json.loads(built.json_trigger_value)) == (state.id, [event])
        values.append(event["value"])
    assert values, "no detection reached the server"
    assert len(values[-1]["detections"]) == reports


def launch_with(browser_type, flags):
    """A second Chromium from the session's Playwright, with extra flags."""
    return browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *flags]
    )


@pytest.mark.parametrize(
    "case, flags, origin, kind",
    [
        ("plain http", (), trigger_harness.INSECURE, "insecure"),
        ("refused", ("--use-fake-device-for-media-stream",), trigger_harness.SECURE, "denied"),
        ("no device", (), trigger_harness.SECURE, "none"),
    ],
)
def test_a_microphone_that_cannot_start_says_why(case, flags, origin, kind, runner, browser):
    """Over plain http from another host name, with the permission refused (headless
    Chromium refuses), and without an input device, Start says what to do."""
    chromium = launch_with(browser.browser_type, flags)
    try:
        page = trigger_harness.open_page(chromium.new_context(), origin)
        trigger_harness.mount(page, trigger_browser.payload(runner, detect.THRESHOLD))
        page.get_by_role("button", name="Start listening").click()
        message = page.locator('[data-part="message"]')
        message.wait_for(timeout=30_000)
        assert message.get_attribute("data-kind") == kind
        hint = {"insecure": "https", "denied": "Allow it", "none": "no microphone"}[kind]
        assert hint in message.inner_text()
        assert page.get_by_role("button", name="Start listening").is_enabled()
    finally:
        chromium.close()
