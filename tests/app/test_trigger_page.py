"""The trigger-word page: uploads of every odd kind, the synthesised clip, the near misses."""

import io
import wave

import numpy as np
import pytest

from core.trigger import audio, training
from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, messages, open_page


def _wav(x, rate, channels=1):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wf:
        wf.setnchannels(channels)
        wf.setsampwidth(2)
        wf.setframerate(rate)
        wf.writeframes((np.repeat(x[:, None], channels, 1).ravel() * 32767).astype("<i2").tobytes())
    return buf.getvalue()


@pytest.fixture(scope="module")
def spoken():
    pos, _ = training.load_clips("heldout")
    x = 0.003 * np.random.default_rng(0).standard_normal(4 * audio.RATE).astype(np.float32)
    x[audio.RATE : audio.RATE + len(pos[0])] += pos[0]
    return x


def _upload(at, name, data):
    at.file_uploader(key="trig_upload").set_value((name, data, "audio/wav"))
    at.run()
    assert_clean(at, name)
    return " ".join(messages(at)) + " ".join(s.value for s in at.success)


def test_uploads_odd_files_and_rates(spoken):
    at = open_page(lesson_named("Trigger-word detection"))
    at.radio(key="trig_source").set_value("Upload a file")
    at.run()
    assert "empty" in _upload(at, "empty.wav", b"")
    assert "not a WAV" in _upload(at, "notes.wav", b"these are not audio bytes")
    assert "silent" in _upload(at, "silence.wav", _wav(np.zeros(16000, np.float32), 16000))
    loud = np.clip(spoken * 40, -1, 1)
    assert "clips" in _upload(at, "loud.wav", _wav(loud, 16000))
    captions = " ".join(c.value for c in at.caption)
    assert "nothing resampled" in captions and "resampled from 16000" not in captions
    stereo48 = audio.resample(spoken, audio.RATE, 48000)
    text = _upload(at, "stereo48k.wav", _wav(stereo48, 48000, channels=2))
    assert "resampled from 48000 Hz" in " ".join(c.value for c in at.caption)
    assert "activate" in text or "No “activate”" in text
    eight = audio.resample(spoken, audio.RATE, 8000)
    _upload(at, "phone8k.wav", _wav(eight, 8000))
    import soundfile  # a float WAV (Audacity's default export), not PCM

    buf = io.BytesIO()
    soundfile.write(buf, spoken, 22050, format="WAV", subtype="FLOAT")
    _upload(at, "float.wav", buf.getvalue())
    assert "resampled from 22050 Hz" in " ".join(c.value for c in at.caption)
    no_rate = bytearray(_wav(spoken, 16000))
    no_rate[24:28] = bytes(4)  # a header that says 0 Hz
    assert "Hz are accepted" in _upload(at, "zero-rate.wav", bytes(no_rate))


def test_a_long_recording_is_heard_to_its_end_a_minute_at_a_time(spoken, monkeypatch):
    """150 s (over a minute: the chunked path) is analysed whole, every "activate" in it
    found, the last after 2 minutes; past MAX_SECONDS it is cut, with a note."""
    from dashboard.parts import trigger_parts

    at = open_page(lesson_named("Trigger-word detection"))
    at.radio(key="trig_source").set_value("Upload a file")
    at.run()
    long = np.tile(spoken, 38)[: 150 * audio.RATE]  # one "activate" every 4 s
    text = _upload(at, "lecture.wav", _wav(long, 16000))
    assert "150.0 s of audio analysed" in " ".join(c.value for c in at.caption)
    listed = text.split("“activate” at ")[1].split(" and ")[0].split(", ")
    times = [float(t.split(" s")[0]) for t in listed]
    assert len(times) >= 30 and max(times) > 120  # one every 4 s, heard to the end
    monkeypatch.setattr(trigger_parts, "MAX_SECONDS", 120)
    assert "first 2 min" in _upload(at, "lecture2.wav", _wav(long[: 149 * audio.RATE], 16000))


def test_every_voice_family_can_be_heard():
    """The gallery plays each voice's “activate” and a sentence it reads, new speakers too."""
    from dashboard.parts import trigger_voices

    at = open_page(lesson_named("Trigger-word detection"))
    for _, voice, label in trigger_voices.GALLERY:
        if voice not in ("mb-en1", "en-GB", "rms"):
            continue
        at.selectbox(key="trig_gallery").set_value(label)
        at.run()
        assert_clean(at, label)
        captions = " ".join(c.value for c in at.caption)
        assert "“activate” (speed" in captions
        assert ("never heard" in captions) == (voice in ("en-GB", "rms"))
        assert len(at.get("audio")) >= 3  # the synthesised clip's, and the voice's two


def test_synthesised_clip_and_near_misses_render():
    at = open_page(lesson_named("Trigger-word detection"))
    at.radio(key="trig_source").set_value("A synthesised clip")
    at.run()
    assert_clean(at, "synthesised clip")
    near = at.dataframe[-1].value
    assert {"activity", "captivate", "deactivate"} <= set(near["word"])
    at.number_input(key="trig_seed").set_value(7)
    at.run()
    assert_clean(at, "seed 7")


def _trace(at, title_part: str, name: str) -> np.ndarray:
    import json

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if title_part in spec["layout"]["title"]["text"]:
            y = next(t for t in spec["data"] if t.get("name") == name)["y"]
            if isinstance(y, dict):  # Plotly's typed-array encoding of a numpy array
                import base64

                return np.frombuffer(base64.b64decode(y["bdata"]), y["dtype"]).astype(float)
            return np.asarray(y, dtype=float)
    raise AssertionError(f"no chart titled {title_part!r}")


def test_synthesis_step_shows_the_models_output_beside_the_labels():
    from core.trigger import detect, synth

    at = open_page(lesson_named("Trigger-word detection"))
    at.number_input(key="trig_seed").set_value(3)
    at.run()
    assert_clean(at, "seed 3")
    pos, neg = training.load_clips("train")
    example = synth.make_example(pos, neg, np.random.default_rng(3))
    expected = detect.detect(example.wave, audio.RATE, detect.load()).probabilities
    shown = _trace(at, "Labels y", "ŷ⟨t⟩")
    np.testing.assert_allclose(shown, expected, atol=1e-4)
    labels = _trace(at, "Labels y", "label y⟨t⟩")
    assert labels.sum() > 0 and len(labels) == len(shown)


@pytest.mark.parametrize(
    "voices", ["held-out voices", "recorded speakers (held out)", "festival (never heard)"]
)
def test_synthesised_clip_of_voices_the_model_never_heard(voices):
    """The clip comes from the chosen held-out voices; the page says where each trigger ends
    and, for festival's voices (heard by the shipped model), fires after each of them."""
    from core.trigger import synth
    from dashboard.parts import trigger_voices

    at = open_page(lesson_named("Trigger-word detection"))
    at.radio(key="trig_source").set_value("A synthesised clip")
    at.run()
    at.radio(key="trig_voices").set_value(voices)
    at.run()
    assert_clean(at, voices)
    pos, neg = training.load_clips("heldout", trigger_voices.VOICES[voices][0])
    example = synth.make_example(pos, neg, np.random.default_rng(1), augmentation=False)
    ends = [end / audio.RATE for _, end in sorted(example.positives)]
    captions = " ".join(c.value for c in at.caption)
    assert all(f"{end:.2f} s" in captions for end in ends)
    if voices.startswith("festival"):
        found = " ".join(s.value for s in at.success)
        times = [float(t) for t in found.split("at ")[1].replace(" s", "").split(", ")]
        assert training.match(tuple(times), ends)[0] == len(ends)
