"""Log-mel spectrogram features: the same code for training, `detect` and streaming.

Frames of 25 ms every 10 ms (n_fft 400, hop 160 at 16 kHz), Hann window, 40 mel
bands from 60 Hz to 7.6 kHz, log10 with a fixed floor, then a fixed affine scaling
(no per-clip statistics), so any span of audio gives the same frames wherever it is
cut — which is what lets StreamingDetector equal `detect`. The model's first step then
takes each band's running mean away (`model.mean_normalise`), carrying that mean from
chunk to chunk like its GRU states.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from core.trigger.audio import RATE

N_FFT = 400
HOP = 160
N_MELS = 40
# 80 bands (finer harmonics against babble) measured no better: docs/trigger-experiments.md, M5
MEL_LOW, MEL_HIGH = 60.0, 7600.0  # Hz: the bands' span
FRAMES_PER_SECOND = RATE // HOP  # 100


def _hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)


def _mel_to_hz(m):
    return 700.0 * (10 ** (np.asarray(m) / 2595.0) - 1.0)


def band_edges() -> np.ndarray:
    """(N_MELS + 2,) Hz: band i rises from edge i, peaks at edge i + 1, ends at edge i + 2."""
    return _mel_to_hz(np.linspace(_hz_to_mel(MEL_LOW), _hz_to_mel(MEL_HIGH), N_MELS + 2))


@lru_cache(maxsize=1)
def mel_filters() -> np.ndarray:
    """(N_MELS, N_FFT // 2 + 1) triangular filters (HTK mel scale)."""
    bins = np.linspace(0, RATE / 2, N_FFT // 2 + 1)
    edges = band_edges()
    fb = np.zeros((N_MELS, len(bins)))
    for i in range(N_MELS):
        lo, mid, hi = edges[i : i + 3]
        fb[i] = np.clip(np.minimum((bins - lo) / (mid - lo), (hi - bins) / (hi - mid)), 0, None)
    return fb.astype(np.float32)


def n_frames(n_samples: int) -> int:
    return 0 if n_samples < N_FFT else 1 + (n_samples - N_FFT) // HOP


def log_mel(x: np.ndarray) -> np.ndarray:
    """(n_frames, N_MELS) scaled log-mel energies of a 16 kHz waveform."""
    x = np.asarray(x, dtype=np.float32)
    n = n_frames(len(x))
    if n == 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n)[:, None]
    frames = x[idx] * np.hanning(N_FFT).astype(np.float32)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2  # (n, 201)
    mel = power @ mel_filters().T
    return ((np.log10(mel + 1e-6) + 3.0) / 3.0).astype(np.float32)  # ≈ [-1, 1.5]
