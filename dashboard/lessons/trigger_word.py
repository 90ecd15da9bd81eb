"""Trigger-word detection: synthesised training data, a detector, and a live microphone."""

import streamlit as st

from core.assets import AssetError
from core.trigger import audio, detect, model
from dashboard import cache, state
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, trigger_browser, trigger_parts, trigger_voices
from dashboard.state import kept_upload


@state.fragment
def synthesised_clip(seed: int, runner, threshold: float) -> None:
    """Section 3 on a synthesised clip: picking its voices reruns this alone (the threshold
    and the model are the page's, from its last full run)."""
    voices = st.radio(
        "Spoken by", list(trigger_voices.VOICES), horizontal=True, key="trig_voices",
        help="Held-out voices never reached training: do the detections still line up?",
    )  # fmt: skip
    synths, who = trigger_voices.VOICES[voices]
    example = cache.trigger_example(seed + 1, augmentation=False, held_out=synths)
    trigger_voices.clip_truth(example, who)
    trigger_parts.analyse(example.wave, audio.RATE, runner, threshold, "trig_syn")


st.title("Trigger-word detection")
st.markdown(
    "The course's assignment made real: detect **“activate”** in a stream of audio. The model "
    "reads a spectrogram and outputs, every 20 ms, the probability that the word has *just "
    "ended*; it is trained on 10 s clips built by mixing spoken words into noise."
)
try:
    runner = cache.trigger_runner()
    pos, neg = cache.trigger_clips()
except (AssetError, OSError) as err:
    st.error(str(err))
    st.stop()
threshold = st.slider(
    "Detection threshold", 0.1, 0.95, detect.THRESHOLD, 0.05, key="trig_threshold"
)

st.header("1 · Synthesising training data")
seed = int(st.number_input("Seed", 0, 10_000, 0, key="trig_seed"))
example = cache.trigger_example(seed)
trigger_parts.synthesis_demo(example, cache.trigger_detection(example.wave, threshold)[0])
trigger_voices.voice_gallery()
code_panel.show(detect.detect, example.wave, audio.RATE, code_panel.Raw("runner"), threshold)

st.header("2 · The model")
st.dataframe(trigger_parts.architecture(), hide_index=True, key="trig_arch")
st.latex(
    r"\tilde x^{\langle t\rangle} = x^{\langle t\rangle} - \mu^{\langle t\rangle}, \quad "
    r"\mu^{\langle t\rangle} = \mu^{\langle t-1\rangle} + r^{\langle t\rangle}"
    r"\big(x^{\langle t\rangle} - \mu^{\langle t-1\rangle}\big), \quad "
    r"r^{\langle t\rangle} = \max\big(\tfrac1t, \tfrac1{" + str(model.NORM_FRAMES) + r"}\big)"
)
st.caption(
    "Each mel band is read relative to its own recent average: a microphone, a room or a "
    "synthesiser that colours every sound the same way (a constant in the log spectrum) is "
    "subtracted away before the first layer sees it."
)
st.latex(
    r"\hat y^{\langle t\rangle} = \sigma\big(w^\top a_2^{\langle t\rangle} + b\big), \quad "
    r"a_k^{\langle t\rangle} = \mathrm{GRU}_k\big(a_k^{\langle t-1\rangle}, \cdot\big)"
)

st.header("3 · Detect in a recording")
source = st.radio(
    "Audio from",
    ["Record in the browser", "Upload a file", "A synthesised clip"],
    horizontal=True,
    key="trig_source",
)
personal = st.session_state.get("trig_personal")
use = (
    runner
    if personal is None or not st.toggle("Use my personal model", key="trig_use_personal")
    else personal
)
if source == "A synthesised clip":
    synthesised_clip(seed, use, threshold)
else:
    if source == "Record in the browser":
        clip = kept_upload("Say “activate” (and other words)", "trig_record", st.audio_input)
    else:
        clip = kept_upload(
            "A WAV, FLAC or OGG file (any sample rate, mono or stereo, up to 15 minutes)",
            type=["wav", "flac", "ogg"],
            key="trig_upload",
            max_upload_size=trigger_parts.UPLOAD_MB,
        )
    if clip is not None:
        try:
            wave, rate = audio.read(clip.getvalue())
            trigger_parts.analyse(wave, rate, use, threshold, "trig_clip")
        except ValueError as err:
            st.error(f"{clip.name or 'The recording'}: {err}.")

st.header("4 · Live microphone")
trigger_browser.live_section(use, threshold, personal=use is not runner)

st.header("5 · Your voice: personal samples and fine-tuning")
trigger_parts.personal_samples(pos, neg)

st.header("6 · Try the near misses")
st.caption("Each near-miss word alone in quiet noise: a good detector stays silent.")
rows = cache.near_miss_table(threshold) if use is runner else cache.near_miss_rows(use, threshold)
st.dataframe(rows, hide_index=True, key="trig_near")

checks.show("trigger-word-detection")
