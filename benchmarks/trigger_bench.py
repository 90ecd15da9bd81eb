"""Trigger word: processing cost, streaming latency and the shipped quality figures."""

from __future__ import annotations

import json

import numpy as np

from benchmarks.timing import median_time, ok
from core import assets
from core.trigger import audio, detect, make_clips, model, synth, training

REALTIME_TARGET = 0.10  # processing time / audio duration
LATENCY_TARGET_S = 0.5


def streaming_latency(runner, pos, neg, n: int = 20, chunk_s: float = 0.1) -> float:
    """Median seconds from a trigger's end to its event, feeding 100 ms chunks as a mic would.

    Latency = the end of the chunk in which the event fired − the word's end: what a
    student waits, given the model's own delay and the chunking.
    """
    rng = np.random.default_rng(7)
    delays = []
    for _ in range(n):
        e = synth.make_example(pos, neg, rng, n_pos=(1, 1), augmentation=False)
        stream = detect.StreamingDetector(audio.RATE, runner)
        end = e.positives[0][1] / audio.RATE
        step = int(chunk_s * audio.RATE)
        for i in range(0, len(e.wave), step):
            if stream.push(e.wave[i : i + step]):
                delays.append((i + step) / audio.RATE - end)
                break
    return float(np.median(delays)) if delays else float("nan")


def _voice_clips(voice: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(positives, negatives) spoken by one held-out voice."""
    rows = [r for r in training.clip_index() if r["split"] == "heldout" and r["voice"] == voice]
    pos = [training.read_clip(r) for r in rows if r["word"] == make_clips.TRIGGER]
    return pos, [training.read_clip(r) for r in rows if r["word"] != make_clips.TRIGGER]


def _fine_tune(neg, voice: str, n_samples: int = 5):
    """The page's fine-tuning on 5 samples of one held-out voice standing in for a teacher.

    Returns (seconds, tuned weights).
    """
    import time

    weights = detect.load_weights()
    samples = _voice_clips(voice)[0][:n_samples]
    start = time.perf_counter()
    tuned = training.fine_tune(weights, samples, neg, replay=training.load_clips("train")[0])
    return time.perf_counter() - start, tuned


def _voice_rows(runner, tuned, voice: str) -> list[str]:
    """Single words of every held-out voice, then the fine-tuned voice before and after."""
    by_voice: dict[tuple[str, str], list[np.ndarray]] = {}
    for r in training.clip_index():
        if r["split"] == "heldout" and r["word"] == make_clips.TRIGGER:
            by_voice.setdefault((r["synth"], r["voice"]), []).append(training.read_clip(r))
    rows = [
        "",
        "Each held-out “activate” spoken alone in pink noise (15 dB SNR), per synthesiser "
        "and voice; a row per voice that misses any:",
        "",
        "| held-out voices | words | detected |",
        "|---|---:|---:|",
    ]
    for synth_name in sorted({s for s, _ in by_voice}):
        voices = {v: c for (s, v), c in by_voice.items() if s == synth_name}
        hits = {v: training.single_word_hits(runner, c) for v, c in voices.items()}
        total = sum(len(c) for c in voices.values())
        rows.append(f"| {synth_name}: all {len(voices)} | {total} | {sum(hits.values())} |")
        rows += [
            f"| {synth_name} {v} | {len(voices[v])} | {hits[v]} |"
            for v in sorted(voices)
            if hits[v] < len(voices[v])
        ]
    pos, neg = _voice_clips(voice)
    rest = pos[5:]
    tuned_runner = model.Runner(tuned)
    rows += [
        "",
        f"Fine-tuning on 5 samples of held-out voice `{voice}` (the page's settings), tested on "
        f"its other {len(rest)} “activate” clips and its {len(neg)} other words, each alone:",
        "",
        "| model | “activate” detected | other words that fire |",
        "|---|---:|---:|",
    ]
    for name, r in (("shipped", runner), ("fine-tuned", tuned_runner)):
        rng = np.random.default_rng(0)
        alone = [training.word_alone(w, rng)[0] for w in neg]
        fired = sum(len(detect.detect(x, audio.RATE, r).times) for x in alone)
        rows.append(f"| {name} | {training.single_word_hits(r, rest)} / {len(rest)} | "
                    f"{fired} / {len(neg)} |")  # fmt: skip
    return rows


def section() -> list[str]:
    runner = detect.load()
    pos, neg = training.load_clips("heldout")
    example = synth.make_example(pos, neg, np.random.default_rng(3), augmentation=False)
    t10 = median_time(lambda: detect.detect(example.wave, audio.RATE, runner), repeats=10)
    latency = streaming_latency(runner, pos, neg)
    voice = next(
        r["voice"]
        for r in training.clip_index()
        if r["split"] == "heldout" and r["synth"] == "flite"
    )
    fine_tune_s, tuned = _fine_tune(neg, voice)
    quality = json.loads((assets.ASSETS_DIR / "trigger" / "quality.json").read_text())
    rows = [
        "## Trigger-word detection (`assets/trigger/trigger_model.npz`)",
        "",
        "| measure (median) | value | target |",
        "|---|---:|:---:|",
        f"| `detect()` on a 10 s clip (numpy, 2 cores) | {t10 * 1000:.0f} ms "
        f"({t10 / 10:.1%} of real time) | {ok(t10 / 10 < REALTIME_TARGET)} < 10 % |",
        f"| streaming, 100 ms chunks: word end → event | {latency * 1000:.0f} ms | "
        f"{ok(latency < LATENCY_TARGET_S)} < {LATENCY_TARGET_S * 1000:.0f} ms |",
        f"| fine-tuning on 5 personal samples (the page's settings) | {fine_tune_s:.0f} s | "
        f"{ok(fine_tune_s < 60)} < 60 s |",
        "",
        "Quality on synthesised 10 s clips (an event counts if it fires within 1 s after the "
        "word ends; false alarms counted on clips of negatives and noise only):",
        "",
        "| trained on → tested on | F1 | precision | recall | false alarms / 10 min | target |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    targets = {"without flite": 0.8, "without espeak-ng": 0.8, "both, held-out voices": 0.9}
    names = {
        "without flite": "espeak-ng only → flite voices",
        "without espeak-ng": "flite only → espeak-ng voices",
        "both, held-out voices": "both (shipped) → held-out voices of both",
    }
    for key, r in quality.items():
        f1 = r["f1"]
        p = r["tp"] / max(r["tp"] + r["fp"], 1)
        rc = r["tp"] / max(r["tp"] + r["fn"], 1)
        fa = r["false_alarms_per_10_min"]
        rows.append(
            f"| {names.get(key, key)} | {f1:.3f} | {p:.3f} | {rc:.3f} | {fa:.1f} | "
            f"{ok(f1 >= targets.get(key, 0.9) and fa <= 1)} F1 ≥ {targets.get(key, 0.9)}, ≤ 1 |"
        )
    rows += [
        "",
        "The shipped model's operating points on the held-out voices (the page's threshold "
        "slider; 0.5 is the default):",
        "",
        "| threshold | F1 | precision | recall | false alarms / 10 min |",
        "|---:|---:|---:|---:|---:|",
    ]
    thresholds = (0.3, 0.5, 0.7, 0.8, 0.9)
    scores = training.evaluate_thresholds(runner, pos, neg, thresholds)
    for th, sc in zip(thresholds, scores, strict=True):
        rows.append(f"| {th} | {sc.f1:.3f} | {sc.precision:.3f} | {sc.recall:.3f} | "
                    f"{sc.false_alarms_per_10_min:.1f} |")  # fmt: skip
    rows += _voice_rows(runner, tuned, voice)
    rows.append("")
    return rows


if __name__ == "__main__":
    print("\n".join(section()))
