"""Find "activate" in audio: `detect` on a recording, `StreamingDetector` on a live stream.

An event fires once the probability has stayed at or above `threshold` for
HOLD_STEPS output steps in a row, at most once per `refractory` seconds. The
streaming detector runs the same numpy model with its state carried across
chunks, so it fires at the same times as `detect` on the same audio (tested).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.trigger import audio, features, model

MODEL_FILE = "trigger/trigger_model.npz"
STEP_SECONDS = model.STRIDE * features.HOP / audio.RATE  # 0.02 s per output step
THRESHOLD = 0.5  # the default: the page's slider, the live detector and every quality row
HOLD_STEPS = 1  # an event needs this many steps in a row at or above the threshold
# 1: the false alarms are not blips, so a longer hold takes recall away faster than it takes
# them; longer holds and test-time band warps measured: docs/trigger-experiments.md, T1, T2


def step_times(n: int, first: int = 0) -> np.ndarray:
    """Time (s) at which output step i's receptive field ends."""
    i = np.arange(first, first + n)
    return ((i * model.STRIDE + model.KERNEL - 1) * features.HOP + features.N_FFT) / audio.RATE


@dataclass(frozen=True)
class Detection:
    times: tuple[float, ...]  # seconds where the trigger fired
    probabilities: np.ndarray  # (T_y,) P(trigger just ended) per output step
    frame_times: np.ndarray  # (T_y,) seconds of each output step
    threshold: float
    features: np.ndarray  # (frames, N_MELS) the log-mel input, for drawing the spectrogram


@dataclass
class _Events:
    threshold: float
    refractory: float
    hold: int = HOLD_STEPS
    run: int = 0  # consecutive steps at or above the threshold
    last: float = -np.inf
    fired: list[float] = field(default_factory=list)

    def feed(self, probs: np.ndarray, times: np.ndarray) -> list[float]:
        new = []
        for p, t in zip(probs, times, strict=True):
            self.run = self.run + 1 if p >= self.threshold else 0
            if self.run == self.hold and t - self.last >= self.refractory:
                self.last = t
                new.append(float(t))
        self.fired += new
        return new


def load_weights(path: Path | None = None) -> dict[str, np.ndarray]:
    """The trained weights as arrays (the shipped file unless `path`)."""
    from core import assets

    with np.load(path or assets.resolve(MODEL_FILE)) as data:
        return {k: data[k] for k in data.files if k != "meta"}


def load(path: Path | None = None) -> model.Runner:
    return model.Runner(load_weights(path))


@lru_cache(maxsize=1)
def shipped() -> model.Runner:
    """The shipped model, read once per process and shared (a Runner is never changed)."""
    return load()


def detect(
    waveform: np.ndarray, sample_rate: int, runner: model.Runner | None = None,
    threshold: float = THRESHOLD, refractory: float = 0.5, hold: int = HOLD_STEPS,
) -> Detection:  # fmt: skip
    """Run the model over a whole recording (any rate, mono or stereo).

    `runner`: the model (None: the shipped one, `shipped()`; or a personal model's).
    """
    runner = shipped() if runner is None else runner
    mel = features.log_mel(audio.resample(audio.mono(waveform), int(sample_rate)))
    probs = runner.probabilities(mel)
    times = step_times(len(probs))
    events = _Events(threshold, refractory, hold)
    events.feed(probs, times)
    return Detection(tuple(events.fired), probs, times, threshold, mel)


CHUNK_SECONDS = 60  # `detect_long` feeds the model this much audio at a time


def detect_long(
    waveform16: np.ndarray, runner: model.Runner | None = None, threshold: float = THRESHOLD,
    on_progress: Callable[[float], None] | None = None, chunk_seconds: float = CHUNK_SECONDS,
) -> Detection:  # fmt: skip
    """`detect` on a long 16 kHz recording, CHUNK_SECONDS at a time with the model's state
    carried across (the same events and probabilities as one pass); `on_progress(fraction)`
    after each chunk. Memory grows with the frames kept for the spectrogram only."""
    runner = shipped() if runner is None else runner
    x = audio.mono(waveform16)
    hop = int(chunk_seconds * audio.RATE) // features.HOP * features.HOP
    state, mels, probs = runner.start(), [], []
    for start in range(0, max(len(x), 1), hop):
        # each chunk's frames: those that start in it (the window may reach into the next)
        n = features.n_frames(len(x) - start)
        frames = (
            features.log_mel(
                x[start : start + (min(n, hop // features.HOP) - 1) * features.HOP + features.N_FFT]
            )
            if n
            else np.zeros((0, features.N_MELS))
        )
        p, state = runner.step(state, frames)
        mels.append(frames)
        probs.append(p)
        if on_progress:
            on_progress(min(1.0, (start + hop) / max(len(x), 1)))
    mel = np.concatenate(mels).astype(np.float32)
    prob = np.concatenate(probs)
    times = step_times(len(prob))
    events = _Events(threshold, 0.5)
    events.feed(prob, times)
    return Detection(tuple(events.fired), prob, times, threshold, mel)


class StreamingDetector:
    """`push(chunk)` → the events that fired in it; state lives in a small ring of frames.
    `runner`: None for the shipped model (`shipped()`), or a personal model's."""

    def __init__(self, sample_rate: int, runner: model.Runner | None = None,
                 threshold: float = THRESHOLD, refractory: float = 0.5,
                 hold: int = HOLD_STEPS):  # fmt: skip
        self.rate = int(sample_rate)
        self.runner = runner = shipped() if runner is None else runner
        self.state = runner.start()
        self.pending = np.zeros(0, dtype=np.float32)  # 16 kHz samples not yet framed
        self.steps_done = 0
        self.events = _Events(threshold, refractory, hold)
        self.history: list[float] = []  # recent probabilities, for a live chart
        self.seconds_seen = 0.0  # the stream's clock: audio received so far

    def push(self, chunk: np.ndarray) -> list[float]:
        x = audio.mono(chunk)
        self.seconds_seen += len(x) / self.rate
        if self.rate != audio.RATE:
            x = audio.resample(x, self.rate)  # chunk-wise: tiny edge effects at other rates
        self.pending = np.concatenate([self.pending, x])
        n = features.n_frames(len(self.pending))
        if n == 0:
            return []
        frames = features.log_mel(self.pending[: (n - 1) * features.HOP + features.N_FFT])
        self.pending = self.pending[n * features.HOP :]
        probs, self.state = self.runner.step(self.state, frames)
        times = step_times(len(probs), self.steps_done)
        self.steps_done += len(probs)
        self.history = (self.history + probs.tolist())[-500:]
        return self.events.feed(probs, times)
