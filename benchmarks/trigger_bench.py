"""Trigger word: processing cost, streaming latency and the shipped quality figures."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np

from benchmarks.timing import median_time, ok
from core import assets
from core.trigger import audio, detect, make_clips, model, speech_scores, synth, training

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
        if not e.positives:  # long sentences left no room for the word
            continue
        stream = detect.StreamingDetector(audio.RATE, runner)
        end = e.positives[0][1] / audio.RATE
        step = int(chunk_s * audio.RATE)
        for i in range(0, len(e.wave), step):
            if stream.push(e.wave[i : i + step]):
                delays.append((i + step) / audio.RATE - end)
                break
    return float(np.median(delays)) if delays else float("nan")


def _voice_split(voice: str):
    """One held-out voice as a teacher: (fine-tuning samples, unseen recording, other words).

    Clips with the same sha256 are one recording (flite's rms ignores the pitch setting):
    the samples come from every recording but the voice's last, which is the test.
    """
    rows = [r for r in training.split_rows("heldout") if r["voice"] == voice]
    said = [r for r in rows if r["word"] == make_clips.TRIGGER]
    test_sha = said[-1]["sha256"]
    samples = [training.read_clip(r) for r in said if r["sha256"] != test_sha][:5]
    words = [r for r in rows if r["word"] != make_clips.TRIGGER and not training.is_sentence(r)]
    others = {r["sha256"]: r for r in words}.values()
    return samples, training.read_clip(said[-1]), [training.read_clip(r) for r in others]


def _fine_tune(neg, samples):
    """The page's fine-tuning on a held-out voice's samples: (seconds, tuned weights)."""
    import time

    weights = detect.load_weights()
    start = time.perf_counter()
    tuned = training.fine_tune(weights, samples, neg, replay=training.load_clips("train")[0])
    return time.perf_counter() - start, tuned


BABBLE_DB, WHITE_DB = 10.0, 0.0  # the fine-tuned voice's harder tests: SNRs of its word


def _voice_rows(runner, tuned, voice: str, pos_all, neg_all) -> list[str]:
    """Single words of every held-out voice, then the fine-tuned voice before and after."""
    by_voice: dict[tuple[str, str], list[np.ndarray]] = {}
    for r in training.split_rows("heldout"):
        if r["word"] == make_clips.TRIGGER:
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
        n = len(voices)
        rows.append(
            f"| {synth_name}: {n} voice{'s' * (n > 1)} in all | {total} | {sum(hits.values())} |"
        )
        rows += [
            f"| {synth_name} {v} | {len(voices[v])} | {hits[v]} |"
            for v in sorted(voices)
            if hits[v] < len(voices[v])
        ]
    samples, unseen, neg = _voice_split(voice)
    n_rec = len({s.tobytes() for s in samples})
    pos_all = [p for p in pos_all if not any(np.array_equal(p, s) for s in samples)]
    tuned_runner = model.Runner(tuned)
    rows += [
        "",
        f"Fine-tuning on {len(samples)} samples of held-out voice `{voice}` (the page's "
        f"settings; {n_rec} distinct recordings), tested on its recording never used in tuning "
        f"(10 noise draws each: pink noise 15 dB down, babble of the held-out words {BABBLE_DB:.0f}"
        f" dB down, white noise {WHITE_DB:.0f} dB down: a noisy classroom), on its {len(neg)} "
        "distinct other words, each alone, and on the 10 s clips of every held-out voice without "
        "the tuning recordings:",
        "",
        "| model | “activate” in pink noise | in babble | in white noise | other words that fire "
        "| F1, all held-out voices | false alarms / 10 min |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in (("shipped", runner), ("fine-tuned", tuned_runner)):
        rng = np.random.default_rng(0)
        alone = [training.word_alone(w, rng)[0] for w in neg]
        fired = sum(len(detect.detect(x, audio.RATE, r).times) for x in alone)
        score = training.evaluate(r, pos_all, neg_all)
        babble = training.single_word_hits(r, [unseen] * 10, BABBLE_DB, background="babble",
                                           words=neg_all)  # fmt: skip
        white = training.single_word_hits(r, [unseen] * 10, WHITE_DB, background="white")
        rows.append(f"| {name} | {training.single_word_hits(r, [unseen] * 10)} / 10 | "
                    f"{babble} / 10 | {white} / 10 | {fired} / {len(neg)} | {score.f1:.3f} | "
                    f"{score.false_alarms_per_10_min:.1f} |")  # fmt: skip
    return rows


KWS_THRESHOLD = 1e-30  # pocketsphinx's loosest usual setting: its best recall here


def _decode(dec, wave: np.ndarray) -> None:
    """One utterance through a pocketsphinx decoder; read its result from `dec`."""
    dec.start_utt()
    dec.process_raw(audio.pcm16(wave), full_utt=True)
    dec.end_utt()


def _kws(threshold: float = KWS_THRESHOLD):
    """pocketsphinx keyword spotting for the trigger: wave → end times of its detections."""
    from pocketsphinx import Decoder

    dec = Decoder(loglevel="FATAL", keyphrase=make_clips.TRIGGER, kws_threshold=threshold)

    def fired(wave: np.ndarray) -> tuple[float, ...]:
        _decode(dec, wave)
        segments = dec.seg() or []
        return tuple((s.end_frame + 1) / 100 for s in segments if s.word == make_clips.TRIGGER)

    return fired


def _closed_grammar():
    """pocketsphinx recognising one of the 35 clip words, in silence: wave → the word."""
    from pocketsphinx import Decoder

    words = (make_clips.TRIGGER, *make_clips.NEGATIVES)
    dec = Decoder(loglevel="FATAL")
    dec.add_jsgf_string("words", f"#JSGF V1.0;\ngrammar w;\npublic <w> = {' | '.join(words)};\n")
    dec.activate_search("words")

    def heard(wave: np.ndarray) -> str:
        _decode(dec, np.concatenate([np.zeros(3200), wave, np.zeros(3200)]))
        return dec.hyp().hypstr if dec.hyp() else ""

    return heard


def _open_vocabulary():
    """pocketsphinx transcribing freely, with its US English dictionary and language model:
    wave → text."""
    from pocketsphinx import Decoder

    dec = Decoder(loglevel="FATAL")

    def heard(wave: np.ndarray) -> str:
        _decode(dec, np.concatenate([np.zeros(8000), wave, np.zeros(8000)]))
        return dec.hyp().hypstr.strip() if dec.hyp() else ""

    return heard


def _transcribed_triggers(heard, rows) -> tuple[int, int, list[str]]:
    """(clips transcribed as exactly the trigger, clips, the other transcriptions) of `rows`'
    trigger clips, each distinct recording decoded once."""
    triggers = [r for r in rows if r["word"] == make_clips.TRIGGER]
    done: dict[str, str] = {}
    for r in triggers:
        if r["sha256"] not in done:
            done[r["sha256"]] = heard(training.read_clip(r))
    texts = [done[r["sha256"]] for r in triggers]
    hits = sum(t == make_clips.TRIGGER for t in texts)
    return hits, len(texts), sorted(set(texts) - {make_clips.TRIGGER})


def reference_rows(runner) -> list[str]:
    """The shipped detector beside pocketsphinx (CMU's recogniser trained on real speech)."""
    try:
        fired = _kws()
    except ImportError:
        return ["", "(pocketsphinx is not installed: `pip install -r requirements-dev.txt`.)"]
    rows = [
        "",
        "A reference: pocketsphinx's keyword spotter (CMU Sphinx, acoustic model trained on "
        f"real speech, threshold {KWS_THRESHOLD:g}) on the same held-out clips. Each word alone "
        "in pink noise (15 dB SNR), then the 10 s clips; the last two columns are pocketsphinx "
        "naming each clip's word among the 35, the word alone in silence (is the voice "
        "intelligible?), and transcribing each “activate” freely, with its own dictionary and "
        "language model (is this voice's “activate” heard as that word?):",
        "",
        "| held-out voices | “activate” found: shipped | pocketsphinx "
        "| other words that fire: shipped | pocketsphinx | every word named, in silence "
        "| “activate” transcribed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    heard = _closed_grammar()
    free = _open_vocabulary()
    rms_said: tuple[int, int, list[str]] = (0, 0, [])
    groups: dict[str, list[dict]] = {}
    for r in training.split_rows("heldout"):
        if training.is_sentence(r):  # words only: the references transcribe single words
            continue
        name = "flite rms" if r["synth"] == "flite" else r["synth"]
        groups.setdefault(name, []).append(r)
    for name, group in sorted(groups.items()):
        rng = np.random.default_rng(0)
        counts = np.zeros(5, int)
        for r in group:
            clip = training.read_clip(r)
            counts[4] += heard(clip) == r["word"]
            wave, end = training.word_alone(clip, rng)
            ours = detect.detect(wave, audio.RATE, runner).times
            if r["word"] == make_clips.TRIGGER:
                counts[:2] += training.match(ours, [end])[0], training.match(fired(wave), [end])[0]
            else:
                counts[2:4] += len(ours), len(fired(wave))
        n_pos = sum(r["word"] == make_clips.TRIGGER for r in group)
        n_neg = len(group) - n_pos
        said = _transcribed_triggers(free, group)
        rows.append(f"| {name} | {counts[0]} / {n_pos} | {counts[1]} / {n_pos} | "
                    f"{counts[2]} / {n_neg} | {counts[3]} / {n_neg} | "
                    f"{counts[4]} / {len(group)} | {said[0]} / {said[1]} |")  # fmt: skip
        if name == "flite rms":
            rms_said = said
    trained = [r for r in training.split_rows("train")
               if r["synth"] == "flite" and not training.is_sentence(r)]  # fmt: skip
    flite_said = _transcribed_triggers(free, trained)
    names = ", ".join(sorted({r["voice"] for r in trained}))
    rows += [
        "",
        f"Transcribed freely, flite's training voices ({names}) "
        f"give “activate” for {flite_said[0]} of their {flite_said[1]} “activate” clips; rms "
        f"for {rms_said[0]} of {rms_said[1]}, its other recordings heard as "
        + ", ".join(f"“{t}”" for t in rms_said[2])
        + ".",
    ]
    rows += ["", "| 10 s clips | F1: shipped | pocketsphinx | false alarms / 10 min: shipped "
             "| pocketsphinx |", "|---|---:|---:|---:|---:|"]  # fmt: skip
    for name, synths in (
        ("espeak-ng + flite", ("espeak-ng", "flite")),
        ("festival", ("festival",)),
    ):
        pos, neg = training.load_clips("heldout", synths)
        ours = training.evaluate(runner, pos, neg)
        theirs = training.score_detector(fired, pos, neg)
        alarms = ours.false_alarms_per_10_min, theirs.false_alarms_per_10_min
        rows.append(f"| {name} | {ours.f1:.3f} | {theirs.f1:.3f} | "
                    f"{alarms[0]:.1f} | {alarms[1]:.1f} |")  # fmt: skip
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
    samples = _voice_split(voice)[0]
    fine_tune_s, tuned = _fine_tune(neg, samples)
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
    names = {  # quality.json's keys, in the table's order
        "both, held-out voices": "(a) shipped → held-out voices of espeak-ng and flite",
        **{
            f"speakers, draw {d}": f"(b) draw {d} → its held-out recorded speakers "
            f"({', '.join(sorted(held))})" + (" (the shipped model)" if d == 0 else "")
            for d, held in enumerate(make_clips.SPEAKER_DRAWS)
        },
        "both → festival": "(c) shipped → festival's voices, a synthesiser never trained on",
        "without mbrola": "(d) the rest → MBROLA's four voices",
        "mbrola only": "(d) MBROLA only → every voice of espeak-ng, flite and Pico",
        "without flite": "espeak-ng only → flite voices",
        "without espeak-ng": "flite only → espeak-ng voices",
        "without flite (festival added)": "espeak-ng + festival's ked → flite voices",
        "without espeak-ng (festival added)": "flite + festival → espeak-ng voices",
    }
    targets = {key: 0.9 if key.startswith(("both,", "speakers")) else 0.8 for key in names}
    rows[-4:-4] = issue_rows(runner, pos, neg, quality)
    for key in sorted(quality, key=lambda k: list(names).index(k) if k in names else len(names)):
        if key == "ordinary speech":
            continue  # no trigger in it: its own table
        r = quality[key]
        f1 = r["f1"]
        p = r["tp"] / max(r["tp"] + r["fp"], 1)
        rc = r["tp"] / max(r["tp"] + r["fn"], 1)
        fa = r["false_alarms_per_10_min"]
        earlier = "" if _recipe(r) == _recipe() else " (earlier recipe)"
        rows.append(
            f"| {names.get(key, key)}{earlier} | {f1:.3f} | {p:.3f} | {rc:.3f} | {fa:.1f} | "
            f"{ok(f1 >= targets.get(key, 0.9) and fa <= 1)} F1 ≥ {targets.get(key, 0.9)}, ≤ 1 |"
        )
    rows += [
        "",
        "The shipped model's operating points on the held-out voices (the page's threshold "
        f"slider; {detect.THRESHOLD:g} is the default):",
        "",
        "| threshold | F1 | precision | recall | false alarms / 10 min |",
        "|---:|---:|---:|---:|---:|",
    ]
    quality_draws = draws(runner, pos, neg)  # DRAWS[0] is the quality clips' draw
    thresholds = training.OPERATING_POINTS
    scores = training.score_draw(quality_draws[DRAWS[0]], thresholds)
    for th, sc in zip(thresholds, scores, strict=True):
        rows.append(f"| {th} | {sc.f1:.3f} | {sc.precision:.3f} | {sc.recall:.3f} | "
                    f"{sc.false_alarms_per_10_min:.1f} |")  # fmt: skip
    voices = training.trigger_voices("heldout")
    rows += draw_rows(quality_draws)
    rows += voice_share_rows(quality_draws, voices, voice)
    rows += apart_rows(quality_draws, voices, voice)
    rows += snr_rows(quality_draws[DRAWS[0]], pos, neg, voices, voice, DRAWS[0])
    rows += draw_rows(
        draws(runner, *training.load_clips("heldout", distinct=True)),
        thresholds=(0.5, 0.7, 0.9),
        intro="The same draws with each held-out recording once (rms's 9 “activate” clips are "
        "3 recordings, so the clips above give it three times its share: 20–30 % of the "
        "triggers). A check on how much of the gap is that one voice; the rows above stay the "
        "issue's score:",
    )
    rows += operating_point_rows(quality, names, targets)
    rows += background_rows(runner, neg)
    rows += _voice_rows(runner, tuned, voice, pos, neg)
    rows += reference_rows(runner)

    rows += [
        "",
        "Reading these: the held-out split leaves out clips that are byte for byte training clips "
        "(espeak-ng's en-gb ignores some voice variants). flite's held-out voice rms ignores "
        "flite's pitch setting, so its 9 clips are 3 recordings, and says the /v/ of “activate” "
        "as a stop. Every recipe measured, the earlier models' tables and the command that "
        "reruns each: docs/trigger-experiments.md.",
        "",
    ]
    return rows


DRAWS = (99, 100, 101, 102, 103)  # 99: the clips every quality row is scored on


def issue_rows(runner, pos, neg, quality: dict) -> list[str]:
    """Issue #53's targets at the page's default threshold: (a) the held-out voices, (b) the
    held-out recorded speakers of every draw, (e) false alarms per hour of ordinary speech."""
    th = detect.THRESHOLD
    (a,) = training.evaluate_thresholds(runner, pos, neg, (th,))
    met = ok(a.f1 >= 0.9 and a.false_alarms_per_10_min <= 1)
    rows = [
        f"Issue #53's targets at the page's default threshold ({th:g}): F1 ≥ 0.9 with ≤ 1 false "
        "alarm / 10 min on (a) and (b), ≤ 6 false alarms per hour of ordinary speech (e). The "
        "clips without a trigger include sentences (every false-alarm figure does):",
        "",
        "| target | F1 | false alarms / 10 min | per hour of speech | met |",
        "|---|---:|---:|---:|:---:|",
        f"| (a) held-out voices of espeak-ng and flite (seed 99's clips) | {a.f1:.3f} | "
        f"{a.false_alarms_per_10_min:.1f} | | {met} |",
    ]
    for d, held in enumerate(make_clips.SPEAKER_DRAWS):
        r = quality.get(f"speakers, draw {d}")
        if r is None:
            rows.append(f"| (b) draw {d}: {', '.join(sorted(held))} | not measured | | | |")
            continue
        f1, fa = r["f1"], r["false_alarms_per_10_min"]
        who = "the shipped model" if d == 0 else "its own model, not shipped"
        rows.append(f"| (b) draw {d}: {', '.join(sorted(held))} held out ({who}) | {f1:.3f} | "
                    f"{fa:.1f} | | {ok(f1 >= 0.9 and fa <= 1)} |")  # fmt: skip
    points = training.OPERATING_POINTS
    speech = speech_scores.speech_false_alarms_at(runner, points)
    e = speech[points.index(th)]
    rows += [
        f"| (e) ordinary speech: {e.sentences} test sentences read by every voice, "
        f"{e.hours * 60:.1f} min | | | {e.per_hour:.1f} ({len(e.events)} events) | "
        f"{ok(e.per_hour <= 6)} |",
        "",
        "(e) at each threshold, false alarms per hour of that speech: "
        + ", ".join(f"{t:g}: {x.per_hour:.1f}" for t, x in zip(points, speech, strict=True))
        + ". The model shipped before the recorded speakers and sentences fired "
        f"{BASE_SPEECH_PER_HOUR:g} times an hour on the same stream at {th:g}.",
        "",
    ]
    return rows


BASE_SPEECH_PER_HOUR = 185  # the base model's false alarms an hour (docs/measurements.md)


def draws(runner, pos, neg, seeds=DRAWS, **clips) -> dict[int, training.Draw]:
    """Each draw of the quality clips run through the model once, for every table of draws."""
    return {seed: training.run_draw(runner, pos, neg, seed=seed, **clips) for seed in seeds}


def draw_rows(by_seed: dict[int, training.Draw], thresholds=(0.5, 0.9), intro: str | None = None,
              apart: Callable[[int], bool] | None = None) -> list[str]:  # fmt: skip
    """The held-out score on other draws of the quality clips: how far one draw moves it.
    `intro`: the table's sentence, if not the one for the quality clips; `apart`: which
    triggers are left out of the score (`training.score_draw`); ✅ marks a cell meeting the
    issue's target for the held-out voices when scored so."""
    scores = {seed: training.score_draw(d, thresholds, apart=apart) for seed, d in by_seed.items()}
    head = " | ".join(f"F1 / false alarms at {th:g}" for th in thresholds)
    seeds = list(by_seed)
    rows = [
        "",
        intro
        or f"The shipped model on {len(seeds)} draws of the held-out quality clips (seed "
        f"{seeds[0]} is the one every row above is scored on; 120 clips with triggers and 60 "
        "without each), to show how far one draw moves the score:",
        "",
        f"| clips' seed | {head} |",
        "|---:|" + "---:|" * len(thresholds),
    ]

    def cell(f1: float, fa: float, digits: int) -> str:
        met = f"{ok(True)} " if apart is not None and f1 >= 0.9 and fa <= 1 else ""
        return f"{met}{f1:.3f} / {fa:.{digits}f}"

    for seed, sc in scores.items():
        cells = " | ".join(cell(s.f1, s.false_alarms_per_10_min, 0) for s in sc)
        rows.append(f"| {seed} | {cells} |")
    means = []
    for i in range(len(thresholds)):
        f1 = np.mean([sc[i].f1 for sc in scores.values()])
        fa = np.mean([sc[i].false_alarms_per_10_min for sc in scores.values()])
        means.append(cell(f1, fa, 1))
    rows.append(f"| mean | {' | '.join(means)} |")
    return rows


def voice_share_rows(by_seed: dict[int, training.Draw], voices: list[str], voice: str) -> list[str]:
    """How much of each draw's triggers one voice (`voices`: the voice of each positive) says,
    what the shipped model hears of them and of the rest (at the default threshold), and the
    best F1 a detector could score that hears none of that voice's: every other trigger heard
    and no false alarm, precision 1 and recall the others' share."""
    rows = [
        "",
        f"Whose triggers the shipped model misses, on the same draws (threshold "
        f"{detect.THRESHOLD:g}). flite's held-out voice {voice} says the /v/ of “activate” as a "
        "stop; no recipe before `training.WORD_MASKS` heard it reliably (9, 4 and 9 of its "
        "triggers on the draws of seeds 99–101). “F1 at most” is what a detector "
        f"would score that hears every other trigger and never fires falsely but hears none of "
        f"{voice}'s. Where it is under 0.9, the issue's target cannot be met on that draw "
        f"without hearing {voice}:",
        "",
        f"| clips' seed | triggers | {voice}'s | heard: {voice}'s | heard: the others' "
        f"| F1 at most, hearing none of {voice}'s |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for seed, draw in by_seed.items():
        n = {True: 0, False: 0}
        hits = {True: 0, False: 0}
        for probs, times, ends, sources in draw.triggered:
            found = training.heard(training.events(probs, times, detect.THRESHOLD), ends)
            for source, hit in zip(sources, found, strict=True):
                n[voices[source] == voice] += 1
                hits[voices[source] == voice] += hit
        total = n[True] + n[False]
        others = n[False] / max(total, 1)
        rows.append(
            f"| {seed} | {total} | {n[True]} ({n[True] / max(total, 1):.0%}) | "
            f"{hits[True]} of {n[True]} | {hits[False]} of {n[False]} "
            f"({hits[False] / max(n[False], 1):.0%}) | {2 * others / (1 + others):.3f} |"
        )
    return rows


def snr_rows(draw: training.Draw, pos, neg, voices: list[str], voice: str, seed: int,
             thresholds=(detect.THRESHOLD, 0.9)) -> list[str]:  # fmt: skip
    """The other voices' triggers the shipped model misses on one draw, by background and by
    the clip's SNR: which noise costs the recall that the ≤ 1 false alarm threshold gives up."""
    clips, _ = training.scoring_examples(pos, neg, seed=seed)  # the draw's clips, re-made
    bands = ((0, 5), (5, 10), (10, 15), (15, 20.01))
    missed: dict = {}
    for (probs, times, ends, sources), clip in zip(draw.triggered, clips, strict=True):
        band = next(b for b in bands if b[0] <= clip.snr_db < b[1])
        for threshold in thresholds:
            found = training.heard(training.events(probs, times, threshold), ends)
            for source, hit in zip(sources, found, strict=True):
                if voices[source] != voice:
                    key = (clip.background == "babble", band, threshold)
                    n, m = missed.get(key, (0, 0))
                    missed[key] = (n + 1, m + (not hit))
    head = " | ".join(f"{lo:g}–{min(hi, 20):g} dB" for lo, hi in bands)
    rows = [
        "",
        f"Where the other voices' triggers are lost (all but {voice}'s, the draw of seed "
        f"{seed}): missed of heard-or-missed, by background and by the clip's SNR (the words' "
        "level over the background's, 0–20 dB). Babble costs recall at every SNR, even when it "
        "is 15–20 dB below the words; the other four backgrounds hardly do:",
        "",
        f"| background | threshold | {head} |",
        "|---|---:|" + "---:|" * len(bands),
    ]
    for babble in (True, False):
        for threshold in thresholds:
            cells = []
            for band in bands:
                n, m = missed.get((babble, band, threshold), (0, 0))
                cells.append(f"{m} of {n}" if n else "–")
            name = "babble" if babble else "white, pink, brown, hum"
            rows.append(f"| {name} | {threshold:g} | " + " | ".join(cells) + " |")
    return rows


def apart_rows(by_seed: dict[int, training.Draw], voices: list[str], voice: str) -> list[str]:
    """The same draws scored with one voice's triggers set apart: what the issue's target
    would read if that voice were reported beside it."""
    return draw_rows(
        by_seed,
        thresholds=(0.5, 0.7, 0.8, 0.9),
        apart=lambda source: voices[source] == voice,
        intro=f"The same draws scored with {voice}'s triggers set apart: an event on one of "
        "them counts neither as a hit nor as a false alarm, and missing one is no miss; the "
        "clips, and the false alarms on the clips without a trigger, are as above. This is "
        f"how the held-out score would read if {voice} were reported beside it; it was "
        "asked while no model heard rms, and now that the shipped one hears most of its "
        "triggers it reads close to the rows above: the false alarms, not rms, keep the "
        f"target out of reach. {ok(True)} = F1 ≥ 0.9 with ≤ 1 false alarm / 10 min:",
    )


def _recipe(run: dict | None = None) -> dict:
    """What a quality.json row was trained with (None: the recipe in the code now)."""
    if run is None:
        return training.recipe()
    before = training.RECIPE_BEFORE
    return {switch: run.get(switch, before.get(switch, 0)) for switch in training.recipe()}


def background_rows(runner, neg) -> list[str]:
    """The shipped model's false alarms per background (where the ≤ 1 / 10 min goes)."""
    festival_neg = training.load_clips("heldout", ("festival",))[1]
    sets = (("held-out voices", neg), ("festival", festival_neg))
    rates = {voices: training.false_alarms_by_background(runner, words) for voices, words in sets}
    share = {voices: r["babble"] / max(sum(r[k] for k in synth.BACKGROUNDS), 1e-9)
             for voices, r in rates.items()}  # fmt: skip
    rows = [
        "",
        "Where the false alarms come from: the shipped model (threshold "
        f"{detect.THRESHOLD:g}) on 60 clips of each background with 1–5 other words on top and "
        "no “activate” (as the quality clips without a trigger), and on 60 clips of babble "
        "alone (12 overlapped other words, nothing on top); false alarms / 10 min:",
        "",
        "| background | held-out voices' words | festival's words |",
        "|---|---:|---:|",
    ]
    rows += [f"| {kind} | {rates['held-out voices'][kind]:.0f} | {rates['festival'][kind]:.0f} |"
             for kind in rates["held-out voices"]]  # fmt: skip
    rows += [
        "",
        "The quality clips draw the five backgrounds equally often, so babble's clips give "
        f"{share['held-out voices']:.0%} of the held-out voices' false alarms and "
        f"{share['festival']:.0%} of festival's. What follows was measured on the model shipped "
        "before word masks (“the earlier model”: per background as above, held-out voices' words, "
        "white 4, pink 3, brown 0, hum 1, babble 22, babble alone 5). Babble is other words "
        "overlapped, and in it the earlier model fires on near misses run together with another "
        "word: traced over 150 clips of held-out babble alone, most events came 0.05–0.2 s after "
        "an “active”, “activity”, “elevate” or “captivate” that another word overlapped, the rest "
        "after ordinary words. It fires as often on babble of its training voices' words (30 "
        "events in 150 clips each), so this is not about voices it has not heard. Measured and not "
        "kept (seed 0): labels moved 0.2 s later, so that the model hears what follows a word "
        "before it decides (held-out F1 0.821 with 4 false alarms / 10 min, 0.784 with 0 at "
        "threshold 0.9; festival 0.926 with 10; 28 events in the 150 clips of babble; the "
        "streaming latency would grow by 0.2 s); the earlier model tuned 5 more epochs on 2,500 "
        "fresh clips of the recipe and 800 of babble and other words without a trigger (11 events "
        "in the 150 clips of babble, against 21 for the same tuning without them; held-out 0.812 "
        "with 2 against 0.825 with 3; festival 0.927 with 12 against 0.939 with 13, and more false "
        "alarms at thresholds 0.7–0.9). The same 800 clips beside the 2,500 from the first epoch "
        "(`training.BABBLE_CLIPS`, `python -m core.train trigger`, seed 0, 45 min) cuts the false "
        "alarms but not the misses: per background (as above, held-out voices' words) 13 summed "
        "over the five, babble 6, babble alone 2 (earlier: 30, 22, 5); festival's words 38 summed, "
        "babble 3, babble alone 4, but hum 13 (earlier: 41, 20, 32, 4). On the quality clips "
        "held-out F1 0.800 with 4 false alarms / 10 min at threshold 0.5, 0.794 with 0 at 0.7 "
        "(earlier 0.821 with 5, 0.805 with 5): the model also hears fewer triggers (200 of 292 "
        "against 215). festival 0.924 with 10. The leave-one-out runs split: flite → espeak-ng "
        "0.510 with 6 (earlier recipe 0.743 with 15), espeak-ng → flite 0.749 with 13 (0.674 with "
        "18). Not shipped: at one false alarm or fewer it scores less than the earlier model at "
        "threshold 0.9 (0.794 against 0.804), and the left-out synthesisers lose 0.16 of F1 "
        "between them.",
        "",
        "Babble is also where the misses are, besides flite's rms: of the held-out triggers by "
        "other voices (each recording once, seeds 99–101, threshold 0.7) the earlier model "
        "misses 70 of 156 in babble and 3–8 of 141–175 on each other background. It is the "
        "speech next to the word: 40 espeak-ng held-out “activate”s 5 s into babble 10 dB down "
        "are heard 21 times, 39 with the babble silenced from 0.5 s before to 0.3 s after the "
        "word, 34 with only the second before it silenced, 19 in babble without near misses. "
        "The recipe's babble is made of the training negatives, near misses three times over, "
        "so a third of its words are “deactivate”, “captivate”, “activity” …, and every "
        "“deactivate” carries a whole “activate” labelled 0. Babble of the other words only "
        "(`training.BABBLE_NEAR_MISS_WEIGHT` 0; `python -m core.train trigger --only shipped`, "
        "seed 0; measured, not kept) hears 30 and 24 of those 40 at 10 and 0 dB (earlier 21, "
        "13); held-out F1 0.841 with 10 false alarms / 10 min at 0.5, 0.828 with 5 at 0.7, "
        "0.817 with 3 at 0.9; each recording once at 0.7 (seeds 99–101) 0.905 with 1, 0.890 "
        "with 3, 0.899 with 10 (earlier 0.886 with 1, 0.864 with 4, 0.886 with 4); festival "
        "0.889 with 17. It fires on the held-out babble's own near misses instead: on 60 more "
        "clips of babble alone 27 false alarms / 10 min (earlier 9), 11 (9) once those are "
        "taken out; in the table's draw babble 29 and babble alone 32 (earlier 22, 5). With "
        "near misses as often as in the held-out babble (weight 1) it scores 0.814 with 7, "
        "0.798 with 5 and 0.777 with 2, festival 0.918 with 20, and hears no more in babble. "
        "It is not the whole “activate” inside “deactivate”: the earlier model fine-tuned on "
        "babble without “deactivate” alone hears 20 of the 40 (without any near miss 29). Nor "
        "does a level cue get off the curve: babble of the other words with the near misses "
        "10–25 dB below the words on top (`training.QUIET_NEAR_MISSES_DB` 10; seed 0; "
        "measured, not kept) hears 38 and 27 of the 40, and 94–97 % of the other voices' "
        "triggers on the draws above (earlier 88–91 %), but fires on the held-out babble, whose "
        "near misses are as loud as the words at low SNR: held-out F1 0.840 with 11 false "
        "alarms / 10 min at 0.5, 0.836 with 8 at 0.7, 0.808 with 5 at 0.9; babble 49 and "
        "babble alone 53 in the table's draw; festival 0.925 with 13.",
    ]
    return rows


def operating_point_rows(quality: dict, names: dict, targets: dict) -> list[str]:
    """Each recorded run at every threshold, and whether any threshold meets its targets."""
    runs = [key for key in names if "thresholds" in quality.get(key, {})]
    if not runs:
        return []
    points = list(quality[runs[0]]["thresholds"])
    rows = [
        "",
        "Every run above at each threshold (F1 / false alarms per 10 min), to see whether some "
        "threshold trades recall for the ≤ 1 false alarm the issue asks for:",
        "",
        "| trained on → tested on | " + " | ".join(points) + " | a threshold meeting the target |",
        "|---|" + "---:|" * len(points) + ":---:|",
    ]
    for key in runs:
        sweep = quality[key]["thresholds"]
        met = [th for th in points if sweep[th]["f1"] >= targets[key]
               and sweep[th]["false_alarms_per_10_min"] <= 1]  # fmt: skip
        cells = " | ".join(f"{sweep[th]['f1']:.3f} / {sweep[th]['false_alarms_per_10_min']:.0f}"
                           for th in points)  # fmt: skip
        verdict = f"✅ {', '.join(met)}" if met else "❌ none"
        rows.append(f"| {names[key]} | {cells} | {verdict} |")
    return rows


if __name__ == "__main__":
    print("\n".join(section()))
