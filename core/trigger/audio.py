"""Audio in and out: WAV/FLAC/OGG reading, resampling to 16 kHz mono, trimming."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np

RATE = 16_000  # every waveform in core.trigger is 16 kHz mono float32 in [-1, 1]


def read(source: str | Path | bytes) -> tuple[np.ndarray, int]:
    """(mono float32 waveform, sample rate) of a WAV (any PCM width, float, extensible), or
    FLAC/OGG via soundfile. Samples that are not finite (a damaged float WAV) become 0.

    Raises:
        ValueError: the bytes are not audio this can read (with what is accepted).
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not data:
        raise ValueError("the file is empty: upload a WAV, FLAC or OGG recording")
    if data[:4] == b"RIFF":
        try:  # the standard library reads plain PCM WAVs without soundfile's C library
            x, rate = _read_wav(data)
        except ValueError:
            try:  # a float or WAVE_FORMAT_EXTENSIBLE WAV (24/32-bit recorders, Audacity's
                x, rate = _read_soundfile(data)  # default export): wave cannot read them
            except ValueError:
                raise ValueError(
                    "the WAV file is damaged or in an encoding this cannot read: PCM (8 to 32 "
                    "bit) or float WAV, FLAC and OGG are accepted"
                ) from None
    else:
        x, rate = _read_soundfile(data)
    if not MIN_RATE <= rate <= MAX_RATE:
        raise ValueError(
            f"its sample rate ({rate} Hz) is not one of a recording: "
            f"{MIN_RATE:,} Hz to {MAX_RATE:,} Hz are accepted"
        )
    if not np.all(np.isfinite(x)):
        x = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0)
    return x, rate


MIN_RATE, MAX_RATE = 4_000, 384_000  # Hz: what `read` accepts


def _read_soundfile(data: bytes) -> tuple[np.ndarray, int]:
    try:
        import soundfile

        wave_, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except Exception as err:  # soundfile raises its own error types
        reason = str(err).rsplit(": ", 1)[-1].rstrip(".")  # without the BytesIO's repr
        raise ValueError(f"not a WAV, FLAC or OGG recording ({reason})") from None
    return wave_.mean(axis=1), int(rate)


def mono(x) -> np.ndarray:
    """float32 mono: the mean of the channels of a (samples, channels) array."""
    x = np.asarray(x, dtype=np.float32)
    return x.mean(axis=1) if x.ndim == 2 else x


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    try:
        with wave.open(io.BytesIO(data)) as wf:
            rate, width, channels = wf.getframerate(), wf.getsampwidth(), wf.getnchannels()
            frames = wf.readframes(wf.getnframes())
    except (wave.Error, EOFError) as err:
        raise ValueError(f"the WAV file is damaged ({err})") from None
    if width == 1:
        x = (np.frombuffer(frames, np.uint8).astype(np.float32) - 128) / 128
    elif width == 2:
        x = np.frombuffer(frames, "<i2").astype(np.float32) / 32768
    elif width == 3:
        b = np.frombuffer(frames, np.uint8).reshape(-1, 3)
        b = b.astype(np.int32)
        x = (((b[:, 0] | b[:, 1] << 8 | b[:, 2] << 16) << 8) >> 8).astype(np.float32) / 8_388_608
    else:
        x = np.frombuffer(frames, "<i4").astype(np.float32) / 2_147_483_648
    x = x[: len(x) // channels * channels].reshape(-1, channels).mean(axis=1)
    return x, rate


def resample(x: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Band-limited resampling by FFT-free polyphase (scipy) or linear interpolation."""
    if rate == target or len(x) == 0:
        return x.astype(np.float32)
    try:
        from math import gcd

        from scipy.signal import resample_poly

        g = gcd(rate, target)
        return resample_poly(x, target // g, rate // g).astype(np.float32)
    except ImportError:
        n = round(len(x) * target / rate)
        return np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype(np.float32)


def trim_silence(x: np.ndarray, threshold: float = 0.02, pad: int = 800) -> np.ndarray:
    """Cut leading/trailing samples quieter than `threshold` × peak, keeping `pad` samples."""
    loud = np.flatnonzero(np.abs(x) > threshold * max(float(np.abs(x).max()), 1e-9))
    if len(loud) == 0:
        return x
    return x[max(0, loud[0] - pad) : loud[-1] + pad]


def pcm16(x: np.ndarray) -> bytes:
    """Samples in [-1, 1] as little-endian 16-bit PCM (clipped)."""
    return (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()


def write(target, x: np.ndarray, rate: int = RATE) -> None:
    """16-bit PCM mono WAV to a path or a binary file object."""
    with wave.open(target if hasattr(target, "write") else str(target), "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(rate)
        wf.writeframes(pcm16(x))


def to_wav_bytes(x: np.ndarray, rate: int = RATE) -> bytes:
    buf = io.BytesIO()
    write(buf, x, rate)
    return buf.getvalue()
