"""`python -m core.train trigger`: train the shipped model and write assets/trigger/quality.json.

Each run trains with `continued.train` (or, where the base model heard what is tested,
from scratch with `training.train_and_score`) and adds its rows to quality.json, every row
scored at each of `training.OPERATING_POINTS`:

- "both, held-out voices": (a) the held-out voices of espeak-ng and flite;
- "both → festival": (c) festival's voices;
- "speakers, draw k": (b) the recorded speakers draw k leaves out (k = 0 is the shipped
  model; the other draws train a model each, not shipped);
- "ordinary speech": (e) the shipped model's events per hour of every voice's sentences;
- "without mbrola", "mbrola only": (d) the rest → MBROLA, MBROLA only → the rest.
"""

from __future__ import annotations

import json
import time

import numpy as np

from core import assets
from core.trigger import continued, detect, make_clips, model, speech_scores, training

QUALITY = assets.ASSETS_DIR / "trigger" / "quality.json"
COMMAND = "python -m core.train trigger"
BOTH = ("espeak-ng", "flite")


def save_row(key: str, scores, seconds: float, continued: bool = True, **extra) -> None:
    """One quality.json row: `scores` one per threshold of OPERATING_POINTS, the row itself
    at the default threshold; `extra` (such as per_hour) stored beside them; `continued`:
    trained by `continued.train` (its switches recorded too), not from scratch."""
    results = json.loads(QUALITY.read_text(encoding="utf-8")) if QUALITY.exists() else {}
    points = dict(zip(training.OPERATING_POINTS, scores, strict=True))
    score = points[detect.THRESHOLD]
    sweep = {str(th): {**sc.__dict__, "f1": sc.f1} for th, sc in points.items()}
    results[key] = {**score.__dict__, "f1": score.f1, "seconds": round(seconds),
                    **training.recipe(), **(recipe() if continued else {}), **extra,
                    "thresholds": sweep}  # fmt: skip
    QUALITY.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    assets.record(QUALITY, "Held-out F1 and false alarms of the trigger-word model: held-out "
                  "voices, held-out recorded speakers per draw, festival, leave-one-synthesiser"
                  "-out runs, and false alarms per hour of ordinary speech.", COMMAND)  # fmt: skip
    cells = ", ".join(f"{th}: {s.f1:.3f} / {s.false_alarms_per_10_min:.0f}"
                      for th, s in points.items())  # fmt: skip
    print(f"  {key}: {cells} {extra or ''}", flush=True)


def recipe() -> dict:
    """The switches of `continued` each row records beside `training.recipe()`."""
    return {"continued_clips": continued.N_CLIPS, "continued_epochs": continued.EPOCHS,
            "continued_learning_rate": continued.LEARNING_RATE,
            "average_last": continued.AVERAGE_LAST,
            "sentence_weight": continued.SENTENCE_WEIGHT}  # fmt: skip


def score_shipped(runner: model.Runner, seconds: float) -> None:
    points = training.OPERATING_POINTS
    for key, synths in (("both, held-out voices", BOTH), ("both → festival", ("festival",))):
        pos, neg = training.load_clips("heldout", synths)
        save_row(key, training.evaluate_thresholds(runner, pos, neg, points), seconds)
    save_row("speakers, draw 0", speech_scores.speaker_score(runner, 0, points), seconds)
    speech = speech_scores.speech_false_alarms_at(runner, points)
    per_hour = {str(th): round(s.per_hour, 2) for th, s in zip(points, speech, strict=True)}
    fa = [training.Score(0, len(s.events), 0, s.per_hour / 6) for s in speech]
    save_row("ordinary speech", fa, seconds, per_hour=per_hour,
             minutes=round(speech[0].hours * 60, 1), sentences=speech[0].sentences)  # fmt: skip


def shipped(seed: int = 0) -> None:
    """The shipped model: the recipe on draw 0, saved and scored."""
    start = time.perf_counter()
    print("train on every training voice (draw 0):", flush=True)
    weights = continued.train(0, seed)
    path = assets.ASSETS_DIR / detect.MODEL_FILE
    np.savez_compressed(path, **weights)
    assets.record(path, "Trigger-word model (mean normalisation → Conv1D → GRU → GRU → "
                  f"sigmoid): the model before ({continued.BASE_FILE}) trained on for "
                  f"{continued.EPOCHS} epochs on {continued.N_CLIPS} synthesised 10 s clips of "
                  "espeak-ng, flite, MBROLA and Pico voices (recorded speakers of draw 0) with "
                  f"sentences among the negatives, the last {continued.AVERAGE_LAST} epochs "
                  f"averaged, seed {seed}; Keras.", COMMAND)  # fmt: skip
    score_shipped(detect.load(path), time.perf_counter() - start)


def score(seed: int = 0) -> None:
    """The shipped model scored again (after a change to the test clips)."""
    score_shipped(detect.load(), 0.0)


def speaker_draws(seed: int = 0) -> None:
    """(b) on the other draws: the recipe trained on each, scored on its held-out speakers."""
    for draw in range(1, len(make_clips.SPEAKER_DRAWS)):
        start = time.perf_counter()
        print(f"train on draw {draw}, test on its held-out speakers:", flush=True)
        runner = model.Runner(continued.train(draw, seed))
        scores = speech_scores.speaker_score(runner, draw, training.OPERATING_POINTS)
        save_row(f"speakers, draw {draw}", scores, time.perf_counter() - start)


def mbrola(seed: int = 0) -> None:
    """(d) the rest → MBROLA (the recipe without MBROLA), MBROLA only → the rest (from
    scratch at LOO_TRAIN × LOO_EPOCHS: the base model heard the rest)."""
    points = training.OPERATING_POINTS
    start = time.perf_counter()
    rest = ("espeak-ng", "flite", "pico")
    print("train on every training voice but MBROLA's, test on every MBROLA voice:", flush=True)
    runner = model.Runner(continued.train(0, seed, synths=rest))
    pos, neg = training.load_clips(None, ("mbrola",))
    save_row("without mbrola", training.evaluate_thresholds(runner, pos, neg, points),
             time.perf_counter() - start)  # fmt: skip
    mbrola_only(seed)


def mbrola_only(seed: int = 0) -> None:
    """(d) MBROLA only → the rest, alone (it holds about 10 GB while it trains)."""
    points = training.OPERATING_POINTS
    rest = ("espeak-ng", "flite", "pico")
    print("train on MBROLA's voices only, test on every voice of the rest:", flush=True)
    _, scores, seconds = training.train_and_score(
        (), rest, None, n_train=training.LOO_TRAIN, epochs=training.LOO_EPOCHS, seed=seed,
        also=("mbrola",), thresholds=points,
    )  # fmt: skip
    save_row("mbrola only", scores, seconds, continued=False)


RUNS = {
    "shipped": shipped,
    "score": score,
    "speaker-draws": speaker_draws,
    "mbrola": mbrola,
    "mbrola-only": mbrola_only,
}
