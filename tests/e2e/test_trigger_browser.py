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
        # The quick fine-tune (conftest.py), as a job polled by a fragment.
        page.get_by_text("Your personal model is ready").wait_for(timeout=300_000)
        wait_ready(page)
        assert page.get_by_role("button", name="Download my model (.npz)").count() == 1
        assert page.get_by_text("Use my personal model").count() == 1
        assert page.get_by_test_id("stException").all_inner_texts() == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SHOTS / "trigger-word-personal.png")


def _phone_wav(path, seconds: float, every_s: float = 10.0) -> None:
    """A phone-style recording: 48 kHz stereo 16-bit WAV, quiet room noise, a held-out
    "activate" every `every_s` seconds (written in one-minute pieces: 10 min is 115 MB)."""
    import wave

    pos, _ = training.load_clips("heldout", sentences=False)
    word = audio.resample(pos[1], audio.RATE, 48_000)
    rng = np.random.default_rng(0)
    with wave.open(str(path), "wb") as wf:
        wf.setnchannels(2)
        wf.setsampwidth(2)
        wf.setframerate(48_000)
        for start in range(0, int(seconds), 60):
            n = int(min(60, seconds - start) * 48_000)
            x = 0.003 * rng.standard_normal(n).astype(np.float32)
            for at in np.arange(every_s / 2, min(60, seconds - start) - 1.5, every_s):
                i = int(at * 48_000)
                x[i : i + len(word)] += word
            pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
            wf.writeframes(np.repeat(pcm[:, None], 2, axis=1).tobytes())


@pytest.mark.parametrize(("seconds", "size_mb"), [(30, 5.8), (600, 115.2)])
def test_a_phone_recording_of_half_a_minute_or_ten_minutes_uploads(
    page, app_url, tmp_path, seconds, size_mb
):
    """The global upload cap stays small for texts; the recording uploader takes a 30 s and
    a 10-minute 48 kHz stereo WAV (5.8 MB, 115 MB), the long one heard a minute at a time."""
    path = tmp_path / f"phone_{seconds}s.wav"
    _phone_wav(path, seconds)
    assert abs(path.stat().st_size / 1e6 - size_mb) < 0.1
    page.goto(f"{app_url}/trigger-word-detection")
    wait_ready(page, "Trigger-word detection")
    page.get_by_test_id("stRadio").filter(has_text="Audio from").get_by_text(
        "Upload a file"
    ).click()
    wait_ready(page)
    box = page.get_by_test_id("stFileUploader").filter(has_text="WAV, FLAC or OGG")
    box.locator("input[type=file]").set_input_files(str(path))
    found = page.get_by_test_id("stAlertContentSuccess").filter(has_text="activate")
    found.first.wait_for(timeout=180_000)
    wait_ready(page)
    assert page.get_by_text("must be").count() == 0  # no "File must be … or smaller"
    assert page.get_by_test_id("stException").all_inner_texts() == []
    caption = page.get_by_text("of audio analysed").first.inner_text()
    assert f"{seconds:.1f} s of audio analysed" in caption and "resampled from 48000" in caption
    text = found.first.inner_text()
    more = int(text.split(" and ")[1].split()[0]) if " more" in text else 0
    heard = text.count(" s") + more
    assert heard >= 0.8 * seconds / 10  # one "activate" every 10 s, heard throughout
    if seconds == 30:
        SHOTS.mkdir(parents=True, exist_ok=True)
        screenshot(page, SHOTS / "trigger-word-phone-upload.png")
