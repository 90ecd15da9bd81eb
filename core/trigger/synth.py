"""The course's training-data synthesis, plus augmentation that changes the voice.

A 10 s background (white, pink, brown, babble, hum) gets 1-4 positives and 0-4
negatives at non-overlapping random times; y⟨t⟩ = 1 for the LABEL_STEPS output steps
after each positive ends (cut short where the next word begins, so that two triggers
said close together are two rises of y, not one long plateau). Each inserted word is
first re-voiced (a new source under its own vocal-tract filter), speed-shifted,
formant-warped (vocal-tract length), equalised and reverberated, so a model learns
the word rather than one synthesiser's timbre.

Two more word changes measured no better and are not used: docs/trigger-experiments.md,
A14 and A15.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.trigger.audio import RATE

CLIP_SECONDS = 10
LABEL_STEPS = 50
BACKGROUNDS = ("white", "pink", "brown", "babble", "hum")


@dataclass(frozen=True)
class Example:
    wave: np.ndarray  # (CLIP_SECONDS · RATE,)
    positives: tuple[tuple[int, int], ...]  # (start, end) samples of each inserted trigger
    negatives: tuple[tuple[int, int], ...]
    background: str
    sources: tuple[int, ...] = ()  # each trigger's index in the positives it was drawn from
    snr_db: float = float("nan")  # the words' level over the background's, over the whole clip

    def labels(self, ty: int) -> np.ndarray:
        """y (ty,) of this clip (see `labels`)."""
        return labels(self.positives, ty, len(self.wave), self.positives + self.negatives)


def noise(kind: str, n: int, rng: np.random.Generator, words: list[np.ndarray] | None = None):
    """A background of n samples, peak-normalised to 1."""
    if kind == "babble" and words:
        x = np.zeros(n, dtype=np.float32)
        for _ in range(12):
            w = words[rng.integers(len(words))]
            start = rng.integers(0, max(1, n - len(w)))
            x[start : start + len(w)] += w[: n - start] * rng.uniform(0.3, 1.0)
    elif kind == "hum":
        t = np.arange(n) / RATE
        base = rng.choice([50.0, 60.0])
        x = sum(np.sin(2 * np.pi * base * k * t + rng.uniform(0, 6)) / k for k in (1, 2, 3, 5))
        x = x + 0.1 * rng.standard_normal(n)
    else:
        white = rng.standard_normal(n)
        if kind == "white":
            x = white
        else:
            spectrum = np.fft.rfft(white)
            f = np.maximum(np.fft.rfftfreq(n), 1 / n)
            spectrum /= np.sqrt(f) if kind == "pink" else f  # pink 1/f, brown 1/f² in power
            x = np.fft.irfft(spectrum, n)
    x = np.asarray(x, dtype=np.float32)
    return x / max(float(np.abs(x).max()), 1e-9)


REVOICE_P = 0.5  # share of words given a new glottal source before the other changes


def revoice(w: np.ndarray, rng: np.random.Generator, order: int = 18) -> np.ndarray:
    """Keep the vocal-tract filter of each 10 ms, replace the source (LPC re-synthesis).

    Every frame's all-pole filter 1/A(z) comes from linear prediction; the filter is
    driven by a new glottal source (a pulse train at a drifting random f0, with some
    breath noise, or noise alone for a whisper) and scaled to the frame's energy.
    Natural-sounding speech comes out buzzy like a formant synthesiser and the other
    way round: the word's formant tracks stay, the voice changes.
    """
    from scipy.linalg import solve_toeplitz
    from scipy.signal import lfilter

    hop, win = 160, 400
    n_hops = len(w) // hop
    if n_hops < 3:
        return w
    whisper = rng.random() < 0.1
    f0 = rng.uniform(75, 280) * np.exp(np.linspace(0, rng.uniform(-0.35, 0.25), n_hops))
    breath = rng.uniform(0.0, 0.3)
    padded = np.pad(w.astype(np.float64), (win // 2, win))
    window = np.hanning(win)
    out = np.zeros(n_hops * hop)
    zi = np.zeros(order)
    phase = 0.0
    for k in range(n_hops):
        seg = padded[k * hop : k * hop + win] * window
        r = np.correlate(seg, seg, "full")[win - 1 : win + order]
        if r[0] < 1e-9:
            out[k * hop : (k + 1) * hop] = 0.0
            continue
        r[0] *= 1.0001  # white-noise correction keeps the filter stable
        a = solve_toeplitz(r[:order], r[1 : order + 1])
        voiced = not whisper and r[1] / r[0] > 0.4  # low-pass frames are voiced, hiss is not
        src = rng.standard_normal(hop) * (breath if voiced else 1.0)
        if voiced:
            period = RATE / f0[k]
            pulses = np.arange(phase, hop, period)
            src[pulses.astype(int)] += np.sqrt(period)
            phase = (pulses[-1] + period - hop) if len(pulses) else phase - hop
        frame, zi = lfilter([1.0], np.concatenate([[1.0], -a]), src, zi=zi)
        target = np.sqrt(np.mean(w[k * hop : (k + 1) * hop] ** 2) + 1e-12)
        out[k * hop : (k + 1) * hop] = frame / (np.sqrt(np.mean(frame**2)) + 1e-9) * target
    return out.astype(np.float32)


def augment(w: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Change the timbre: re-voicing, speed ±15 %, formant warp, random EQ, reverb, gain."""
    if rng.random() < REVOICE_P:
        w = revoice(w, rng)
    # speed (tempo and pitch together) by resampling
    speed = rng.uniform(0.85, 1.15)
    w = _stretch(w, speed)
    w = formant_warp(w, rng.uniform(0.85, 1.18))
    # random EQ: a smooth gain curve over frequency (±9 dB)
    spec = np.fft.rfft(w)
    knots = rng.uniform(-9, 9, 6)
    gain_db = np.interp(np.linspace(0, 5, len(spec)), np.arange(6), knots)
    w = np.fft.irfft(spec * 10 ** (gain_db / 20), len(w)).astype(np.float32)
    if rng.random() < 0.5:  # reverb: an exponentially decaying noise impulse response
        t60 = rng.uniform(0.1, 0.6)
        n = int(t60 * RATE)
        ir = rng.standard_normal(n) * np.exp(-6.9 * np.arange(n) / n)
        ir[0] = 1.0
        from scipy.signal import fftconvolve

        w = fftconvolve(w, ir / np.abs(ir).sum() * 4)[: len(w) + n // 2].astype(np.float32)
    return w / max(float(np.abs(w).max()), 1e-9) * rng.uniform(0.5, 1.0)


def formant_warp(w: np.ndarray, factor: float, n_fft: int = 512) -> np.ndarray:
    """Scale every short frame's spectrum along frequency by `factor`; the duration stays.

    A longer or shorter vocal tract moves all formants by one factor. Frame by frame
    (32 ms), bin k takes the magnitude of bin k / factor; its phase turns `factor` times
    as fast as that bin's (a phase vocoder), so a partial keeps a clean new frequency.
    Formants and harmonics move together; `revoice` gives the word a new pitch.
    The whole-clip FFT warp it replaced (a second speed change that smears the word in
    time) measured no better in this recipe: held-out F1 0.797, 2 false alarms / 10 min,
    flite's rms still unheard (seed 0, 2,500 × 30).
    """
    from scipy.signal import istft, stft

    hop = n_fft // 4
    _, _, z = stft(w, RATE, nperseg=n_fft, noverlap=n_fft - hop, boundary="even")
    bins = np.arange(z.shape[0])
    src = bins / factor
    lo = np.minimum(np.floor(src).astype(int), bins[-1])
    hi = np.minimum(lo + 1, bins[-1])
    frac = (src - lo)[:, None]
    mag = np.abs(z)
    mag = (1 - frac) * mag[lo] + frac * mag[hi]
    mag[src > bins[-1]] = 0.0  # nothing to move up from above Nyquist
    # phase vocoder: each bin's true advance per hop, scaled by `factor`, accumulated
    angle = np.angle(z)
    expected = 2 * np.pi * bins[:, None] * hop / n_fft
    dev = np.diff(angle, axis=1, prepend=angle[:, :1]) - expected
    advance = expected + (dev + np.pi) % (2 * np.pi) - np.pi
    near = np.minimum(np.rint(src).astype(int), bins[-1])
    phase = angle[near, :1] * factor + np.cumsum(advance[near] * factor, axis=1)
    _, out = istft(mag * np.exp(1j * phase), RATE, nperseg=n_fft, noverlap=n_fft - hop)
    return out[: len(w)].astype(np.float32)


def _stretch(w: np.ndarray, factor: float) -> np.ndarray:
    n = max(2, int(len(w) / factor))
    return np.interp(np.linspace(0, len(w) - 1, n), np.arange(len(w)), w).astype(np.float32)


def overlapped(wave, start: int, end: int, others, rng, augmentation: bool = True) -> None:
    """Add one of `others`, 3-25 dB below wave[start:end], overlapping its first or last
    0.05-0.4 s (in place): a word of the babble that runs into the trigger.

    Without it the shipped model misses a trigger that another word overlaps even 20 dB
    down (measured: 10-18 % of held-out espeak-ng "activate"s at -20 dB, 27-45 % at -10 dB,
    overlapping 0.1-0.3 s; none missed with a 0.05 s gap): "de|activate" and
    "activ|ation" are negatives, so it learned that speech run into the word unmakes it.
    """
    o = others[rng.integers(len(others))]
    o = augment(o, rng) if augmentation else o
    level = np.sqrt(np.mean(wave[start:end] ** 2) / max(float(np.mean(o**2)), 1e-12))
    o = o * level * 10 ** (-rng.uniform(3.0, 25.0) / 20)
    d = int(rng.uniform(0.05, 0.4) * RATE)
    at = start + d - len(o) if rng.random() < 0.5 else end - d
    lo, hi = max(at, 0), min(at + len(o), len(wave))
    if hi > lo:
        wave[lo:hi] += o[lo - at : hi - at]


def make_example(
    positives: list[np.ndarray], negatives: list[np.ndarray], rng: np.random.Generator,
    n_pos: tuple[int, int] = (1, 4), n_neg: tuple[int, int] = (0, 4), snr_db=(0.0, 20.0),
    augmentation: bool = True, background: str | None = None, overlap: float = 0.0,
    babble_words: list[np.ndarray] | None = None, quiet_words: list[np.ndarray] | None = None,
    quiet_db: tuple[float, float] = (10.0, 25.0), quiet_count: float = 4.0,
) -> Example:  # fmt: skip
    """One 10 s clip: a background (`background`, or one drawn at random) with words
    inserted at non-overlapping times. `overlap`: the share of positives that another,
    quieter word overlaps at its start or end (`overlapped`); they stay positives.
    `babble_words`: the words babble is made of (None: `negatives`). `quiet_words`: words
    added to a babble background, as many as a Poisson draw of mean `quiet_count`, anywhere,
    each `quiet_db` below the inserted words (background speech heard from further away)."""
    n = CLIP_SECONDS * RATE
    kind = background or rng.choice(BACKGROUNDS)
    bg = noise(kind, n, rng, negatives if babble_words is None else babble_words)
    wave = np.zeros(n, dtype=np.float32)
    taken: list[tuple[int, int]] = []
    placed: dict[bool, list] = {True: [], False: []}
    picks = [(True, positives) for _ in range(rng.integers(n_pos[0], n_pos[1] + 1))]
    picks += [(False, negatives) for _ in range(rng.integers(n_neg[0], n_neg[1] + 1))]
    rng.shuffle(picks)
    for is_pos, pool in picks:
        pick = int(rng.integers(len(pool)))
        w = pool[pick]
        w = augment(w, rng) if augmentation else w
        for _ in range(50):
            start = int(rng.integers(0, n - len(w)))
            end = start + len(w)
            if all(end + 1600 < s or start > e + 1600 for s, e in taken):
                taken.append((start, end))
                wave[start:end] += w
                placed[is_pos].append((start, end, pick))
                if is_pos and overlap and rng.random() < overlap:
                    overlapped(wave, start, end, negatives, rng, augmentation)
                break
    speech = float(np.sqrt(np.mean(wave[wave != 0] ** 2))) if np.any(wave) else 0.1
    snr = rng.uniform(*snr_db)
    bg_rms = float(np.sqrt(np.mean(bg**2)))
    mix = wave + bg * (speech / max(bg_rms, 1e-9)) * 10 ** (-snr / 20)
    if quiet_words and kind == "babble":
        for _ in range(rng.poisson(quiet_count)):
            w = quiet_words[rng.integers(len(quiet_words))]
            w = augment(w, rng) if augmentation else w
            w = w * speech / max(float(np.sqrt(np.mean(w**2))), 1e-9)
            at = int(rng.integers(0, n - len(w)))
            mix[at : at + len(w)] += w * 10 ** (-rng.uniform(*quiet_db) / 20)
    mix = mix / max(float(np.abs(mix).max()), 1e-9) * rng.uniform(0.3, 0.95)
    triggers, others = sorted(placed[True]), sorted(placed[False])
    return Example(
        mix.astype(np.float32), tuple((s, e) for s, e, _ in triggers),
        tuple((s, e) for s, e, _ in others), kind, tuple(i for *_, i in triggers), float(snr),
    )  # fmt: skip


def labels(
    positives: tuple[tuple[int, int], ...], ty: int, n_samples: int,
    words: tuple[tuple[int, int], ...] = (),
) -> np.ndarray:  # fmt: skip
    """y (ty,): 1 for the LABEL_STEPS output steps right after each positive ends.

    `words` (every inserted word, positives included) cut a window short where the
    next word starts.
    """
    y = np.zeros(ty, dtype=np.float32)
    starts = sorted(int(s / n_samples * ty) for s, _ in words)
    for _, end in positives:
        t = int(end / n_samples * ty)
        stop = t + 1 + LABEL_STEPS
        stop = min([stop] + [s for s in starts if s > t])
        y[t + 1 : stop] = 1.0
    return y
