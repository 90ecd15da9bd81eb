"""Live trigger-word detection in the student's own browser: a Custom Component (v2).

The microphone, the log-mel features and the model run in JavaScript, in
dashboard/components/trigger_live/ (features.js, layers.js, detector.js, capture.js):
a port of core/trigger's features, model and detector, checked against `detect.detect`
in Chromium (tests/e2e/test_trigger_live_browser.py). Python sends the weights the page
uses, the mel filter bank and the detector's settings; the browser sends back one trigger
value per detection, {run, detections: [{time, peak, index}, …]}. Audio never leaves the
browser, and a tab that listens without hearing the word sends the server nothing.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import re
import time
import weakref
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import streamlit as st

from core.trigger import audio, detect, features, model
from dashboard.charts import theme
from dashboard.widgets import plural

COMPONENT_DIR = Path(__file__).resolve().parents[1] / "components" / "trigger_live"
MODULES = ("features.js", "layers.js", "detector.js", "capture.js", "view.js", "component.js")
WINDOW_SECONDS = 10.0  # the trace shows the last 10 s
REFRACTORY = float(inspect.signature(detect.detect).parameters["refractory"].default)
MODES = ("This browser's microphone", "The server's microphone")
IDLE_TEXT = "Not listening. Press Start: the browser asks for the microphone."


def bundle() -> str:
    """The modules as one ES module (inline component JS is a single module): each file's
    imports of its siblings and its `export` keywords go; `export default` stays."""
    parts = []
    for name in MODULES:
        text = (COMPONENT_DIR / name).read_text(encoding="utf-8")
        text = re.sub(r'^import [^;]+ from "\./[\w.]+";\n', "", text, flags=re.M)
        text = re.sub(r"^export (?!default)", "", text, flags=re.M)
        parts.append(f"// ---- {name}\n{text}")
    return "\n".join(parts)


LIVE = st.components.v2.component(
    "seqlab_trigger_live",
    html=(COMPONENT_DIR / "component.html").read_text(encoding="utf-8"),
    css=(COMPONENT_DIR / "component.css").read_text(encoding="utf-8"),
    js=bundle(),
)


def encode(a: np.ndarray) -> dict:
    """A float32 array for the browser: its shape and little-endian bytes in base64."""
    a = np.ascontiguousarray(a, dtype="<f4")
    return {"shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode("ascii")}


_ENCODED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # runner → its weights


def _model_data(runner: model.Runner) -> tuple[dict, str]:
    """(encoded weights, their digest) of a Runner: the shipped one or a personal one.

    Runner.w holds the float32 weights it was built from, as float64: exact in float32.
    """
    if runner not in _ENCODED:
        weights = {k: encode(v) for k, v in sorted(runner.w.items())}
        digest = hashlib.sha1("".join(w["b64"] for w in weights.values()).encode()).hexdigest()
        _ENCODED[runner] = (weights, digest[:16])
    return _ENCODED[runner]


def payload(
    runner: model.Runner, threshold: float, debug: Mapping | None = None, slot: str = "trig"
) -> dict:
    """The component's data: settings of core/trigger, weights and mel filters (float32).
    `slot` names the listener, which outlives a remount of the component."""
    weights, digest = _model_data(runner)
    config = {
        "rate": audio.RATE, "nFft": features.N_FFT, "hop": features.HOP,
        "nMels": features.N_MELS, "kernel": model.KERNEL, "stride": model.STRIDE,
        "filters": model.FILTERS, "units": model.UNITS, "normFrames": model.NORM_FRAMES,
        "threshold": float(threshold), "refractory": REFRACTORY, "hold": detect.HOLD_STEPS,
        "step_seconds": detect.STEP_SECONDS,
    }  # fmt: skip
    data = {
        "config": config,
        "weights": weights,
        "mel_filters": encode(features.mel_filters()),
        "model_id": digest,
        "window_seconds": WINDOW_SECONDS,
        "colors": {"trace": theme.INPUT, "fired": theme.TARGET, "threshold": "#718096"},
        "idle_text": IDLE_TEXT,
        "slot": slot,
    }
    if debug is not None:
        data["debug"] = dict(debug)
    return data


def debug_clip(name: str, wave: np.ndarray, rate: int, block: int) -> dict:
    """`data.debug` for tests and benchmarks: run the browser's pipeline on these samples,
    `block` at a time, instead of the microphone."""
    return {"name": name, "pcm": encode(audio.mono(wave))["b64"], "rate": int(rate), "block": block}


def mount(runner: model.Runner, threshold: float, key: str = "trig_browser", debug=None):
    """The component; `.detection` in the run after a detection: {run, detections}."""
    return LIVE(
        key=key,
        data=payload(runner, threshold, debug, slot=key),
        on_detection_change=lambda: None,  # registers the trigger; the run reads the value
        height="content",
    )


def live_section(runner: model.Runner, threshold: float, personal: bool = False) -> None:
    """Section "Live microphone": this browser's microphone (the default where the server
    has none, e.g. Community Cloud), or the microphone of the machine running the app;
    `personal`: `runner` is the session's fine-tuned model, and the section says so."""
    from core.trigger import live as live_mic

    try:
        live_mic.input_devices()
        server_has_mic = True
    except live_mic.MicrophoneUnavailable:
        server_has_mic = False
    mode = st.radio(
        "Listen with", MODES, index=1 if server_has_mic else 0, horizontal=True,
        key="trig_live_mode",
        help="This browser's microphone works wherever the app runs: the model runs in the "
        "page. The server's microphone is the one of the machine that runs the app.",
    )  # fmt: skip
    st.caption(
        "Listening with **your personal model** (fine-tuned in this session; switch it off in "
        "section 3)."
        if personal
        else "Listening with **the shipped model**"
        + (" (your personal model is switched off in section 3)." if _has_personal() else ".")
    )
    if mode == MODES[1]:
        from dashboard.parts import trigger_parts  # plotly and pandas: only for this mode

        trigger_parts.live(runner, threshold)
        return
    hold = (
        "as soon as ŷ⟨t⟩ reaches it"
        if detect.HOLD_STEPS == 1
        else f"once ŷ⟨t⟩ has stayed at or above it for {detect.HOLD_STEPS} steps"
    )
    st.caption(
        "The same features and model, ported to JavaScript, run in this page on these "
        "weights: your sound never leaves the "
        "browser, and the server hears only of each detection. The threshold is the slider at "
        f"the top: an event fires {hold}, at most once every {REFRACTORY:g} s, as in `detect`."
    )
    _browser_view(runner, threshold)


def _has_personal() -> bool:
    return st.session_state.get("trig_personal") is not None


@st.fragment
def _browser_view(runner: model.Runner, threshold: float) -> None:
    """The component and the session's detections; a detection reruns only this."""
    result = mount(runner, threshold)
    found = st.session_state.setdefault("trig_browser_events", {})
    for key, row in new_detections(result.get("detection"), found.keys()):
        found[key] = {"heard at": time.strftime("%H:%M:%S"), **row}
    if not found:
        st.caption("No detection yet in this session.")
        return
    st.caption(f"{plural(len(found), 'detection')} in this session, the latest first:")
    st.dataframe(list(found.values())[::-1], hide_index=True, key="trig_browser_table")
    if st.button("Clear the list", key="trig_browser_clear"):
        found.clear()
        st.rerun(scope="fragment")


def new_detections(value, seen) -> list[tuple[tuple, dict]]:
    """[((run, index), row)] of a trigger value's detections not in `seen`.

    The browser repeats its last detections in every value (Streamlit keeps only the newest
    of two that arrive within one rerun); anything malformed is skipped.
    """
    if not isinstance(value, Mapping) or not isinstance(value.get("detections"), list):
        return []
    out = []
    for hit in value["detections"]:
        try:
            key = (str(value.get("run")), int(hit["index"]))
            row = {"seconds after Start": round(float(hit["time"]), 2),
                   "peak ŷ": round(float(hit["peak"]), 3)}  # fmt: skip
        except (KeyError, TypeError, ValueError):
            continue
        if key not in seen:
            out.append((key, row))
    return out
