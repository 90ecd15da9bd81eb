"""Sections of the trigger-word lesson: synthesis, detection on a clip, live microphone,
personal samples."""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import streamlit as st

from core.trigger import audio, detect, features, model, synth, training
from dashboard import cache, export, jobs
from dashboard.charts import audio_charts

CHIME_S = 0.25
MAX_SECONDS = 15 * 60  # longer recordings are cut, with a note
UPLOAD_MB = 120  # a recording's own upload cap: 10 minutes of 48 kHz stereo WAV is 115 MB


def chime(rate: int = audio.RATE) -> np.ndarray:
    t = np.arange(int(CHIME_S * rate)) / rate
    tone = np.sin(2 * np.pi * 880 * t) + 0.5 * np.sin(2 * np.pi * 1320 * t)
    return (tone * np.exp(-t * 12) * 0.6).astype(np.float32)


def with_chimes(x: np.ndarray, times) -> np.ndarray:
    out = x.copy()
    c = chime()
    for t in times:
        i = int(t * audio.RATE)
        end = min(len(out), i + len(c))
        out[i:end] += c[: end - i]
    return out / max(1.0, float(np.abs(out).max()))


def synthesis_demo(example: synth.Example, result: detect.Detection) -> None:
    """The clip, its labels and the shipped model's output `result` on it."""
    spans = {"activate": example.positives, "other words": example.negatives}
    export.plotly(
        st,
        audio_charts.waveform(
            example.wave,
            audio.RATE,
            spans,
            f"10 s of {example.background} noise with words inserted",
        ),
        key="trig_synth_wave",
    )
    y = example.labels(len(result.probabilities))
    export.plotly(
        st,
        audio_charts.probability_trace(
            result.frame_times,
            result.probabilities,
            result.threshold,
            result.times,
            labels=y,
            title="Labels y⟨t⟩ (1 for 50 steps after each “activate”, or until the next word) "
            "and the shipped model's ŷ⟨t⟩",
        ),
        key="trig_synth_labels",
    )
    st.audio(audio.to_wav_bytes(example.wave), format="audio/wav")
    st.caption(
        f"{len(example.positives)} × “activate”, {len(example.negatives)} other words; each word "
        f"is {synth.REVOICE_P:.0%} of the time re-voiced (its vocal-tract filter driven by a new "
        "glottal source), then "
        "speed- and formant-shifted, equalised and sometimes reverberated before insertion. "
        f"In training, {training.TIME_WARP:.0%} of the clips are also time-warped: the speed "
        f"changes every {training.WARP_KNOT_FRAMES / features.FRAMES_PER_SECOND:g} s "
        f"(×{training.WARP_RATES[0]:g} to ×{training.WARP_RATES[1]:g}) and y⟨t⟩ moves with the "
        "frames, so one voice's "
        "long first syllable or short last one is still the word. A label window ends early "
        "where the next word starts, so two triggers said close together are two rises of "
        "y⟨t⟩. The blue line ŷ⟨t⟩ is the shipped model on this very clip, and a vertical line "
        "marks where it fires at the page's threshold: change the seed to see where it agrees "
        "with the labels and where it does not."
    )


def analyse(wave: np.ndarray, rate: int, runner, threshold: float, key: str) -> None:
    """Spectrogram, probability trace, detections and playback with chimes; a recording
    longer than a minute goes through the model a minute at a time, with a progress bar."""
    x = audio.mono(wave)
    seconds = len(x) / max(rate, 1)
    if seconds > MAX_SECONDS:
        st.warning(
            f"The recording is {seconds / 60:.1f} min long; the first {MAX_SECONDS // 60} min "
            "are analysed."
        )
        x = x[: int(MAX_SECONDS * rate)]
    if len(x) < rate * 0.2:
        st.warning("The recording is shorter than 0.2 s: record or upload at least a second.")
        return
    peak = float(np.abs(x).max())
    if peak < 1e-4:
        st.warning("The recording is silent: nothing to detect. Check the microphone.")
    elif peak >= 0.999:
        st.info("The recording clips (peaks at full scale); detection still runs.")
    start = time.perf_counter()
    x16 = audio.resample(x, rate)  # once: the playback below uses it too
    if len(x16) > detect.CHUNK_SECONDS * audio.RATE:
        result = _long_detection(x16, runner, threshold)
        elapsed = time.perf_counter() - start
    elif runner is cache.trigger_runner():  # the shared model: cached; a personal one is not
        result, elapsed = cache.trigger_detection(x16, threshold)
        elapsed += time.perf_counter() - start
    else:
        result = detect.detect(x16, audio.RATE, runner, threshold)
        elapsed = time.perf_counter() - start
    _draw_detection(result, threshold, key)
    st.caption(
        f"{len(x16) / audio.RATE:.1f} s of audio analysed in {elapsed * 1000:.0f} ms "
        + (
            f"(resampled from {rate} Hz to {audio.RATE} Hz)."
            if rate != audio.RATE
            else f"(recorded at {audio.RATE} Hz: nothing resampled)."
        )
    )
    st.audio(audio.to_wav_bytes(with_chimes(x16, result.times)), format="audio/wav")


def _long_detection(x16: np.ndarray, runner, threshold: float) -> detect.Detection:
    """`detect.detect_long` with a progress bar; kept for the session (per recording and
    model), so moving the threshold re-reads the events without running the model again."""
    import hashlib

    memo = st.session_state.setdefault("trig_long", {})
    name = (hashlib.sha1(x16.tobytes()).hexdigest(), id(runner))
    if name not in memo:
        minutes = len(x16) / audio.RATE / 60
        bar = st.progress(0.0, text=f"Listening to {minutes:.1f} min, a minute at a time…")
        found = detect.detect_long(x16, runner, on_progress=lambda f: bar.progress(
            f, text=f"Listened to {f * minutes:.1f} of {minutes:.1f} min…"))  # fmt: skip
        bar.empty()
        memo.clear()  # one long recording at a time: its frames are megabytes
        memo[name] = found
    found = memo[name]
    fired = training.events(found.probabilities, found.frame_times, threshold)
    return detect.Detection(fired, found.probabilities, found.frame_times, threshold,
                            found.features)  # fmt: skip


SHOWN_STEPS = 6000  # longer traces are drawn pooled (the maximum of each group: peaks stay)


def _draw_detection(result: detect.Detection, threshold: float, key: str) -> None:
    mel, fps = result.features, features.FRAMES_PER_SECOND
    pool = -(-len(mel) // SHOWN_STEPS)
    if pool > 1:
        mel = mel[: len(mel) // pool * pool].reshape(-1, pool, mel.shape[1]).mean(axis=1)
    export.plotly(
        st, audio_charts.spectrogram(mel, fps / pool, "log-mel spectrogram"
                                 + (f" (each column the mean of {pool} frames)" if pool > 1
                                    else "")),
        key=f"{key}_spec",
    )  # fmt: skip
    times, probs = result.frame_times, result.probabilities
    pool = -(-len(probs) // SHOWN_STEPS)
    if pool > 1:
        n = len(probs) // pool * pool
        times, probs = times[:n:pool], probs[:n].reshape(-1, pool).max(axis=1)
    prob = audio_charts.probability_trace(times, probs, threshold, result.times)
    export.plotly(st, prob, key=f"{key}_prob")
    if result.times:
        shown = ", ".join(f"{t:.2f} s" for t in result.times[:40])
        more = f" and {len(result.times) - 40} more" if len(result.times) > 40 else ""
        st.success(f"“activate” at {shown}{more}")
    else:
        st.info("No “activate” found in this recording.")


def architecture() -> pd.DataFrame:
    frames = 998
    ty = model.output_steps(frames)
    memory = model.NORM_FRAMES / features.FRAMES_PER_SECOND
    rows = [
        ("x", "log-mel features, 10 s", f"({frames}, {features.N_MELS})"),
        ("Mean normalisation", f"each band minus its running mean over ≈ {memory:g} s",
         f"({frames}, {features.N_MELS})"),
        ("Conv1D", f"{model.FILTERS} filters × {model.KERNEL} frames, stride {model.STRIDE}",
         f"({ty}, {model.FILTERS})"),
        ("BatchNorm → ReLU → Dropout", "", f"({ty}, {model.FILTERS})"),
        ("GRU", f"{model.UNITS} units, every step", f"({ty}, {model.UNITS})"),
        ("Dropout → BatchNorm", "", f"({ty}, {model.UNITS})"),
        ("GRU", f"{model.UNITS} units, every step", f"({ty}, {model.UNITS})"),
        ("Dropout → BatchNorm", "", f"({ty}, {model.UNITS})"),
        ("TimeDistributed Dense", "sigmoid", f"({ty}, 1)"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["layer", "settings", "output shape"])


def live(runner, threshold: float) -> None:
    """Start/stop a microphone on this machine; a fragment redraws 5 times a second."""
    from core.trigger import live as live_mic

    try:
        devices = live_mic.input_devices()
    except live_mic.MicrophoneUnavailable as err:
        st.warning(
            f"{err} The live mode needs a microphone on the machine that runs the app (a "
            "teacher's laptop). Use **Record in the browser** or **Upload a file** above instead."
        )
        return
    names = [f"{d.index}: {d.name} ({d.rate} Hz)" for d in devices]
    choice = st.selectbox("Input device", names, key="trig_device")
    device = devices[names.index(choice)]
    listener = st.session_state.get("trig_listener")
    left, right = st.columns(2)
    if left.button(
        "Start listening", key="trig_start", disabled=listener is not None, type="primary"
    ):
        try:
            st.session_state["trig_listener"] = live_mic.LiveListener(device, runner, threshold)
        except Exception as err:  # PortAudio reports device errors as its own exception types
            st.error(f"The microphone could not be opened ({err}). Pick another input device.")
        st.rerun()
    if right.button("Stop", key="trig_stop", disabled=listener is None):
        listener.stop()
        del st.session_state["trig_listener"]
        st.rerun()
    if listener is not None:
        listener.set_threshold(threshold)  # the slider above applies while listening
        _live_view()


@st.fragment(run_every=0.2)
def _live_view() -> None:
    listener = st.session_state.get("trig_listener")
    if listener is None:
        return
    new = listener.poll()
    probs = listener.probabilities
    times = np.arange(len(probs)) * detect.STEP_SECONDS
    if new:
        st.session_state["trig_last_fire"] = time.time()
        st.audio(audio.to_wav_bytes(chime()), format="audio/wav", autoplay=True)
    if time.time() - st.session_state.get("trig_last_fire", 0) < 1.5:
        st.success("🔔 **activate!**")
    export.plotly(
        st,
        audio_charts.probability_trace(
            times, probs, listener.detector.events.threshold, title="Live: the last 10 s"
        ),
        key="trig_live_chart",
    )
    st.caption(
        f"{len(listener.events)} detections since start; listening to {listener.detector.rate} Hz."
    )


MIN_SAMPLES = 5
QUICK = "SEQLAB_QUICK_TRAINING"  # "1": the smallest fine-tune (set by the browser tests)


def _fine_tune(weights, samples, positives, negatives, job) -> dict:
    """Runs as a job (dashboard/jobs.py); the browser tests' server (QUICK) tunes on fewer
    clips for one epoch."""
    epochs, clips = (1, 16) if os.environ.get(QUICK) == "1" else (3, 160)
    job.report(0.0, "Mixing your samples into 10 s clips…")
    start = time.perf_counter()
    tuned = training.fine_tune(
        weights, samples, negatives, replay=positives, n_examples=clips, epochs=epochs,
        on_epoch=lambda e, logs: job.report((e + 1) / epochs, f"Epoch {e + 1}/{epochs}",
                                            loss=logs.get("loss", float("nan"))),
    )  # fmt: skip
    return {"trig_personal": model.Runner(tuned), "trig_personal_bytes": training.to_bytes(tuned),
            "seconds": time.perf_counter() - start}  # fmt: skip


def personal_samples(positives, negatives) -> None:
    """Record ≥ 5 samples of the trigger, fine-tune the shipped model on them, download it."""
    samples = st.session_state.setdefault("trig_samples", [])
    st.markdown(
        f"Record yourself saying “activate” {MIN_SAMPLES} times or more (one word per recording). "
        "The shipped model is then fine-tuned on your samples mixed into noise with synthesised "
        "words (half the “activate” clips yours, half the synthesisers'), and with your samples "
        "reversed and cut in half as words that are *not* the trigger, so it learns your word, "
        "not your voice. It helps most where your voice meets noise: a voice the model hears "
        "alone can still be lost under chatter (BENCHMARKS.md). Under a minute on 2 CPU cores; "
        "kept in this session."
    )
    clip = st.audio_input("One sample of “activate”", key="trig_sample")
    left, right = st.columns(2)
    if left.button("Add this sample", key="trig_add", disabled=clip is None):
        try:
            wave, rate = audio.read(clip.getvalue())
            wave = audio.trim_silence(audio.resample(wave, rate))
            if float(np.abs(wave).max()) < 1e-3 or len(wave) < audio.RATE * 0.2:
                st.warning("That sample is silent or shorter than 0.2 s; record it again.")
            elif len(wave) > training.MAX_SAMPLE_SECONDS * audio.RATE:
                st.warning(
                    f"That sample is {len(wave) / audio.RATE:.1f} s long without its silence: "
                    f"say just “activate” (a sample is one word, at most "
                    f"{training.MAX_SAMPLE_SECONDS:g} s), then record it again."
                )
            else:
                samples.append(wave / max(float(np.abs(wave).max()), 1e-6) * 0.8)
        except ValueError as err:
            st.error(f"Could not read the recording: {err}.")
    if right.button("Clear my samples", key="trig_clear", disabled=not samples):
        samples.clear()
        st.session_state.pop("trig_personal", None)
    st.caption(
        f"{len(samples)} sample(s) recorded; {max(0, MIN_SAMPLES - len(samples))} more needed."
    )
    mine, weights = list(samples), cache.trigger_weights()
    jobs.trained(
        "trig_finetune",
        "Fine-tune on my samples",
        lambda job: _fine_tune(weights, mine, positives, negatives, job),
        store=st.session_state.update,
        done=lambda r: (
            f"Your personal model is ready ({r['seconds']:.0f} s). Switch it on "
            "with “Use my personal model” in section 3."
        ),
        disabled=len(samples) < MIN_SAMPLES,
    )
    if "trig_personal_bytes" in st.session_state:
        st.download_button(
            "Download my model (.npz)",
            st.session_state["trig_personal_bytes"],
            "trigger_personal.npz",
            key="trig_download",
        )
