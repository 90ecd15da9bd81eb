"""The scores the recorded speakers and sentences added: held-out speakers, ordinary speech.

- `speaker_score`: F1 and false alarms of one of `make_clips.SPEAKER_DRAWS`' held-out
  recorded speakers, on the clips `training.evaluate` scores (their words and sentences).
- `speech_stream`, `speech_false_alarms`: every voice reading the test sentences one after
  another, as a class hears a teacher talk, and the detector's events per hour of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.trigger import audio, detect, make_clips, model, synth, training


def speaker_clips(draw: int):
    """(positives, negatives) of the recorded speakers `draw` leaves out of training."""
    return training.load_clips("heldout", make_clips.SPEAKER_SYNTHS, draw=draw)


def speaker_score(runner: model.Runner, draw: int, thresholds=(detect.THRESHOLD,), **clips):
    """`training.evaluate_thresholds` on the held-out recorded speakers of `draw`."""
    pos, neg = speaker_clips(draw)
    return training.evaluate_thresholds(runner, pos, neg, thresholds, **clips)


def sentence_rows(synths: tuple[str, ...] = make_clips.SYNTHS) -> list[dict[str, str]]:
    """The clip index rows of the test sentences (held out in every draw) read by `synths`."""
    tests = training._test_texts()
    return [r for r in training.clip_index() if training.is_sentence(r)
            and r["word"] in tests and r["synth"] in synths]  # fmt: skip


def speech_stream(rows, seed: int = 0, snr_db: float = 25.0) -> np.ndarray:
    """The sentences of `rows`, in a seeded order, 0.2-0.8 s apart, over pink noise
    `snr_db` below them: continuous ordinary speech with no trigger in it."""
    rng = np.random.default_rng(seed)
    parts = []
    for i in rng.permutation(len(rows)):
        parts += [training.read_clip(rows[i]), np.zeros(int(rng.uniform(0.2, 0.8) * audio.RATE))]
    speech = np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
    level = float(np.sqrt(np.mean(speech[speech != 0] ** 2))) if speech.any() else 0.0
    noise = synth.noise("pink", len(speech), rng)
    noise *= level / max(float(np.sqrt(np.mean(noise**2))), 1e-9) * 10 ** (-snr_db / 20)
    return speech + noise


@dataclass(frozen=True)
class SpeechAlarms:
    hours: float  # of speech (and the pauses in it) listened to
    events: tuple[float, ...]  # where the detector fired, seconds into the stream
    sentences: int

    @property
    def per_hour(self) -> float:
        return len(self.events) / max(self.hours, 1e-9)


def speech_false_alarms(runner: model.Runner, rows=None, threshold: float = detect.THRESHOLD,
                        seed: int = 0) -> SpeechAlarms:  # fmt: skip
    """The detector's events on `speech_stream` of `rows` (None: every voice's test
    sentences), each a false alarm."""
    return speech_false_alarms_at(runner, (threshold,), rows, seed)[0]


def speech_false_alarms_at(runner: model.Runner, thresholds, rows=None,
                           seed: int = 0) -> list[SpeechAlarms]:  # fmt: skip
    """`speech_false_alarms` at each of `thresholds`, from one pass of the model."""
    rows = sentence_rows() if rows is None else rows
    wave = speech_stream(rows, seed)
    found = detect.detect(wave, audio.RATE, runner)
    hours = len(wave) / audio.RATE / 3600
    return [SpeechAlarms(hours, training.events(found.probabilities, found.frame_times, th),
                         len(rows)) for th in thresholds]  # fmt: skip
