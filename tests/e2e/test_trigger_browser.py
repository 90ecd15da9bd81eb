"""The trigger-word page recording through the browser's microphone (a fake one fed by a WAV)."""

import numpy as np
import pytest

from core.trigger import audio, training
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, screenshot, wait_ready

SHOTS = ROOT / "artifacts" / "screenshots"
pytestmark = pytest.mark.e2e


def test_audio_input_recording_shows_a_detection(app_url, browser, tmp_path):
    pos, _ = training.load_clips("heldout")
    x = 0.003 * np.random.default_rng(0).standard_normal(4 * audio.RATE).astype(np.float32)
    x[audio.RATE : audio.RATE + len(pos[1])] += pos[1]
    wav = tmp_path / "mic.wav"
    audio.write(wav, x)
    flags = (
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
    )
    # A second Chromium from the session's Playwright, with a fake microphone fed by the WAV.
    fake_mic = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *flags]
    )
    try:
        page = fake_mic.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(f"{app_url}/trigger-word-detection")
        wait_ready(page, "Trigger-word detection")
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
    finally:
        fake_mic.close()
