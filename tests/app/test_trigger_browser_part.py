"""The browser microphone's Python side (dashboard/parts/trigger_browser.py): what it sends
the component, what it accepts back, and which microphone the section offers first.
The JavaScript itself is checked against `detect` in tests/e2e/test_trigger_live_browser.py."""

import base64
import inspect
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.trigger import detect, features, live, model
from dashboard.parts import trigger_browser


def _decode(encoded: dict) -> np.ndarray:
    flat = np.frombuffer(base64.b64decode(encoded["b64"]), "<f4")
    return flat.reshape(encoded["shape"])


def test_the_component_gets_the_weights_detect_loads_and_its_settings():
    runner = detect.load()
    data = trigger_browser.payload(runner, 0.7)
    shipped = detect.load_weights()
    assert set(data["weights"]) == set(shipped)
    for name, w in shipped.items():
        np.testing.assert_array_equal(_decode(data["weights"][name]), w)
    np.testing.assert_array_equal(_decode(data["mel_filters"]), features.mel_filters())
    c = data["config"]
    assert (c["nFft"], c["hop"], c["nMels"]) == (features.N_FFT, features.HOP, features.N_MELS)
    assert (c["kernel"], c["stride"], c["normFrames"]) == (
        model.KERNEL,
        model.STRIDE,
        model.NORM_FRAMES,
    )
    assert c["threshold"] == 0.7 and c["hold"] == detect.HOLD_STEPS
    refractory = inspect.signature(detect.detect).parameters["refractory"].default
    assert c["refractory"] == refractory and c["step_seconds"] == detect.STEP_SECONDS
    # a personal model is another model: another id, so the browser reloads it
    tuned = model.Runner({k: v * 1.01 for k, v in shipped.items()})
    assert trigger_browser.payload(tuned, 0.7)["model_id"] != data["model_id"]


def test_the_bundle_is_one_module_of_the_readable_files():
    js = trigger_browser.bundle()
    assert not re.search(r'^import .* from "\./', js, flags=re.M)
    assert re.findall(r"^export .*", js, flags=re.M) == [
        "export default function ({ data, parentElement, setTriggerValue }) {"
    ]
    classes = ("Resampler", "FFT", "LogMel", "MeanNormaliser", "GRU", "TriggerModel", "Events")
    for name in classes:
        assert f"class {name} " in js
    assert "async function openMicrophone(" in js


def test_detections_from_the_browser_are_checked_and_counted_once():
    value = {
        "run": "a1",
        "detections": [
            {"time": 2.4851, "peak": 0.98765, "index": 1},
            {"time": "x", "peak": 0.9, "index": 2},  # malformed: skipped
            {"peak": 0.9, "index": 3},
            {"time": 5.1, "peak": 0.91, "index": 4},
        ],
    }
    new = trigger_browser.new_detections(value, set())
    assert [k for k, _ in new] == [("a1", 1), ("a1", 4)]
    assert new[0][1] == {"seconds after Start": 2.49, "peak ŷ": 0.988}
    assert trigger_browser.new_detections(value, {("a1", 1), ("a1", 4)}) == []
    for junk in (None, "activate", {"detections": "all"}, {"run": 1}, [1, 2]):
        assert trigger_browser.new_detections(junk, set()) == []


def _section():
    from core.trigger import detect as d
    from dashboard.parts import trigger_browser as tb

    tb.live_section(d.load(), 0.5)


@pytest.mark.parametrize("server_mic", [False, True])
def test_the_browser_microphone_is_the_default_where_the_server_has_none(server_mic, monkeypatch):
    def devices():
        if not server_mic:
            raise live.MicrophoneUnavailable("This machine has no audio input device.")
        return [live.Device(0, "Teacher's microphone", 48_000)]

    monkeypatch.setattr(live, "input_devices", devices)
    at = AppTest.from_function(_section, default_timeout=60).run()
    assert not at.exception
    assert at.radio(key="trig_live_mode").value == trigger_browser.MODES[int(server_mic)]
    if server_mic:  # the server's mode: its device list, no component
        assert at.selectbox(key="trig_device").options == ["0: Teacher's microphone (48000 Hz)"]
    else:
        assert any("never leaves the browser" in c.value for c in at.caption)
