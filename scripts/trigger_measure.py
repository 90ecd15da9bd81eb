"""Train one trigger recipe and print the scores docs/trigger-experiments.md records.

    python -m scripts.trigger_measure [era=B|B0|C|D|E] [seed=0] [fit_seed=N] [also=festival]
        [loo=flite] [warp=(15,0.5,2.0)] [draws=(99,100,101)] [draw=0] [NAME=VALUE ...]

NAME is a constant of core/trigger (training, model, features, synth, continued): it is set
on every one of those modules that has it before anything is trained. Nothing under assets/
is written; the weights go to measured.npz. Era E (the shipped recipe since the recorded
speakers) trains on from the earlier model (`continued.train`) on `draw`'s training voices
and prints (a) held-out voices, (b) `draw`'s held-out speakers, (c) festival and (e) false
alarms per hour of ordinary speech.
"""

import ast
import sys

import numpy as np

from core.trigger import continued, features, model, speech_scores, synth
from core.trigger import training as t

BOTH = ("espeak-ng", "flite")
OLD = {"N_TRAIN": 2500, "EPOCHS": 30, "DECAY_EPOCHS": 30, "BATCH_SIZE": 32, "LEARNING_RATE": 0.002}
ERAS = {
    "B0": {**OLD, "WORD_MASKS": 0.0, "TIME_WARP": 0.0},
    "B": {**OLD, "WORD_MASKS": 0.0},
    "C": OLD,
    "D": {},
    "E": {},
}


def line(scores) -> str:
    return "  ".join(
        f"{th}: {s.f1:.3f}/{s.false_alarms_per_10_min:.0f}"
        for th, s in zip(t.OPERATING_POINTS, scores, strict=True)
    )


def measure_continued(draw: int, seed: int, draws) -> None:
    """Era E: `continued.train` on `draw`, scored as the issue's (a), (b), (c) and (e)."""
    weights = continued.train(draw, seed)
    np.savez_compressed("measured.npz", **weights)
    runner = model.Runner(weights)
    points = t.OPERATING_POINTS
    speech = speech_scores.speech_false_alarms_at(runner, points)
    print(
        f"(e) per hour of {speech[0].hours * 60:.1f} min of speech:",
        "  ".join(f"{th}: {x.per_hour:.1f}" for th, x in zip(points, speech, strict=True)),
    )
    pos, neg = t.load_clips("heldout", BOTH)
    for s in (draws,) if isinstance(draws, int) else draws:
        print(f"(a) held-out, draw {s}:", line(t.score_draw(t.run_draw(runner, pos, neg, seed=s),
                                                              points)))  # fmt: skip
    print(f"(b) speakers of draw {draw}:", line(speech_scores.speaker_score(runner, draw, points)))
    fpos, fneg = t.load_clips("heldout", ("festival",))
    print("(c) festival:", line(t.evaluate_thresholds(runner, fpos, fneg, points)))


def measure(
    era="D", seed=0, fit_seed=None, also=(), loo=None, warp=None, draws=(99, 100, 101), draw=0,
    **switches,
):  # fmt: skip
    for name, value in {**ERAS[era], **switches}.items():
        modules = [m for m in (t, model, features, synth, continued) if hasattr(m, name)]
        if not modules:
            raise SystemExit(f"no constant {name} in core/trigger")
        for m in modules:
            setattr(m, name, value)
    if warp is not None:  # bound as time_warp's defaults: setting the constants does nothing
        t.time_warp.__defaults__ = tuple(warp)
    if fit_seed is not None:  # the clips of `seed`; the initial weights and batches of fit_seed
        fit = t.fit
        t.fit = lambda x, y, epochs, _seed=0, **kw: fit(x, y, epochs, fit_seed, **kw)
    if era == "E":
        return measure_continued(draw, seed, draws)
    also = (also,) if isinstance(also, str) else tuple(also)
    if loo:  # train without `loo` (every voice sharing a speaker with it too), test on all of it
        kept = tuple(s for s in BOTH if s != loo)
        _, scores, _ = t.train_and_score(
            kept,
            (loo,),
            None,
            t.N_TRAIN,
            t.EPOCHS,
            seed,
            also=also,
            left_out=loo,
            thresholds=t.OPERATING_POINTS,
        )
        print(f"{' + '.join(kept + also)} → {loo}:", line(scores))
        return
    weights, _, _ = t.train_and_score(BOTH, BOTH, "heldout", t.N_TRAIN, t.EPOCHS, seed, also=also)
    np.savez_compressed("measured.npz", **weights)
    runner = model.Runner(weights)
    pos, neg = t.load_clips("heldout", BOTH)
    rms = [v == "rms" for v in t.trigger_voices("heldout", BOTH)]
    for s in (draws,) if isinstance(draws, int) else draws:
        draw = t.run_draw(runner, pos, neg, seed=s)
        print(f"held-out, draw {s}:", line(t.score_draw(draw, t.OPERATING_POINTS)))
        print("  rms apart:", line(t.score_draw(draw, t.OPERATING_POINTS, apart=rms.__getitem__)))
        missed = []
        for th in t.OPERATING_POINTS:
            n = 0
            for probs, times, ends, sources in draw.triggered:
                found = t.heard(t.events(probs, times, th), ends)
                n += sum(rms[i] and not f for i, f in zip(sources, found, strict=True))
            missed.append(f"{th}: {n}")
        total = sum(rms[i] for *_, sources in draw.triggered for i in sources)
        print(f"  rms missed of {total}:", "  ".join(missed))
    fpos, fneg = t.load_clips("heldout", ("festival",))
    print("festival:", line(t.evaluate_thresholds(runner, fpos, fneg, t.OPERATING_POINTS)))
    by_bg = t.false_alarms_by_background(runner, neg)
    print(
        "false alarms / 10 min by background (0.5):",
        ", ".join(f"{k} {v:.0f}" for k, v in by_bg.items()),
    )


if __name__ == "__main__":
    args = {}
    for arg in sys.argv[1:]:
        name, _, value = arg.partition("=")
        try:
            args[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            args[name] = value  # a bare word: era=B, also=festival, loo=flite
    measure(**args)
