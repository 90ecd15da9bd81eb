"""The trigger-word page recording through the browser's microphone (a fake one fed by a WAV)."""

from contextlib import contextmanager

import numpy as np
import pytest

from core.trigger import audio, training
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, screenshot, wait_ready

SHOTS = ROOT / "artifacts" / "screenshots"
pytestmark = pytest.mark.e2e


@contextmanager
def trigger_page_hearing(wav, app_url, browser):
    """The trigger-word page, drawn, in a second Chromium from the session's Playwright whose
    fake microphone plays `wav` over and over."""
    flags = (
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
    )
    fake_mic = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *flags]
    )
    try:
        page = fake_mic.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(f"{app_url}/trigger-word-detection")
        wait_ready(page, "Trigger-word detection")
        yield page
    finally:
        fake_mic.close()


def test_audio_input_recording_shows_a_detection(app_url, browser, tmp_path):
    pos, _ = training.load_clips("heldout")
    x = 0.003 * np.random.default_rng(0).standard_normal(4 * audio.RATE).astype(np.float32)
    x[audio.RATE : audio.RATE + len(pos[1])] += pos[1]
    wav = tmp_path / "mic.wav"
    audio.write(wav, x)
    with trigger_page_hearing(wav, app_url, browser) as page:
        recorder = page.get_by_test_id("stAudioInput").first
        recorder.get_by_role("button", name="Record").click()
        page.wait_for_timeout(5000)  # the fake microphone loops the file: 5 s of it
        recorder.get_by_role("button", name="Stop recording").click()
        wait_ready(page)
        page.get_by_test_id("stAlertContentSuccess").filter(has_text="activate").first.wait_for(
            timeout=60_000
        )
        assert page.get_by_test_id("stException").all_inner_texts() == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SHOTS / "trigger-word-recorded.png")


def test_personal_samples_recorded_in_the_browser_fine_tune_a_model(app_url, browser, tmp_path):
    """Five samples through `st.audio_input` (a fake microphone saying "activate" over and
    over), then fine-tuning with its progress bar: the personal model is offered for download
    and can be switched on for detection."""
    pos, _ = training.load_clips("heldout")
    word = pos[2]
    x = np.zeros(int(0.2 * audio.RATE) + len(word) + int(0.6 * audio.RATE), np.float32)
    x[int(0.2 * audio.RATE) : int(0.2 * audio.RATE) + len(word)] = word
    wav = tmp_path / "word.wav"
    audio.write(wav, x)  # the fake microphone loops it: one "activate" every 1.5 s or so
    with trigger_page_hearing(wav, app_url, browser) as page:
        recorder = page.get_by_test_id("stAudioInput").last  # section 5's "One sample"
        for n in range(1, 6):
            recorder.scroll_into_view_if_needed()
            # exact: once a sample is there, "Clear recording" contains "Record" too
            recorder.get_by_role("button", name="Record", exact=True).click()
            page.wait_for_timeout(1700)
            recorder.get_by_role("button", name="Stop recording").click()
            # the recording uploads, then reruns the page: a click before that rerun is lost
            page.wait_for_timeout(1500)
            wait_ready(page)
            page.get_by_role("button", name="Add this sample").click()
            wait_ready(page)
            page.get_by_text(f"{n} sample(s) recorded").wait_for(timeout=30_000)
            wait_ready(page)
        page.get_by_role("button", name="Fine-tune on my samples").click()
        page.get_by_text("Your personal model is ready").wait_for(timeout=120_000)
        wait_ready(page)
        assert page.get_by_role("button", name="Download my model (.npz)").count() == 1
        assert page.get_by_text("Use my personal model").count() == 1
        assert page.get_by_test_id("stException").all_inner_texts() == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SHOTS / "trigger-word-personal.png")
