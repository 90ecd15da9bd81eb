"""The live microphone on the machine that runs the app: sounddevice → StreamingDetector.

A `LiveListener` owns one `sounddevice.InputStream`; its callback (PortAudio's
thread) only queues chunks; `poll()` (the page's fragment, 5× a second) feeds them
to the detector. Where PortAudio or an input device is missing, `input_devices()`
raises `MicrophoneUnavailable` with a message for the page.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass

import numpy as np

from core.trigger.detect import THRESHOLD, StreamingDetector


class MicrophoneUnavailable(RuntimeError):
    """No PortAudio library or no input device here (e.g. Streamlit Community Cloud)."""


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    rate: int


def input_devices() -> list[Device]:
    try:
        import sounddevice as sd

        devices = sd.query_devices()
    except (OSError, ImportError) as err:  # sounddevice raises OSError without libportaudio
        raise MicrophoneUnavailable(f"PortAudio is not available here ({err}).") from None
    found = [
        Device(i, d["name"], int(d["default_samplerate"]))
        for i, d in enumerate(devices)
        if d["max_input_channels"] > 0
    ]
    if not found:
        raise MicrophoneUnavailable("This machine has no audio input device.")
    return found


class LiveListener:
    def __init__(self, device: Device, runner, threshold: float = THRESHOLD, block_s: float = 0.1):
        import sounddevice as sd

        self.chunks: queue.Queue = queue.Queue()
        rate = device.rate  # the device's own rate: PortAudio/ALSA resampling can starve
        self.rate = rate
        self.detector = StreamingDetector(rate, runner, threshold)
        self.events: list[float] = []
        self.stream = sd.InputStream(
            device=device.index,
            channels=1,
            samplerate=device.rate,
            dtype="float32",
            blocksize=int(device.rate * block_s),
            callback=self._callback,
        )
        self.stream.start()

    def _callback(self, indata, frames, time_info, status) -> None:  # PortAudio's thread
        self.chunks.put(indata[:, 0].copy())

    def poll(self) -> list[float]:
        """Feed every queued chunk to the detector; the events that fired since last time."""
        new: list[float] = []
        while True:
            try:
                chunk = self.chunks.get_nowait()
            except queue.Empty:
                break
            new += self.detector.push(chunk)
        self.events += new
        return new

    def set_threshold(self, threshold: float) -> None:
        """The threshold from the next chunk on (the page's slider, moved while listening)."""
        self.detector.events.threshold = threshold

    @property
    def probabilities(self) -> np.ndarray:
        return np.array(self.detector.history)

    def stop(self) -> None:
        self.stream.stop()
        self.stream.close()
