"""Check-yourself questions of week 3: attention, beam search, error analysis, BLEU, triggers."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from dashboard.checks.base import Check, Reveal, pick, question
from dashboard.widgets import plural

CANDIDATES = (
    ("the cat is on the mat", ("the cat sat on the mat", "there is a cat on the mat")),
    ("the dog runs in the park", ("a dog runs in a park", "the dog is running in the park")),
    ("he read the book at night", ("he read a book at night", "at night he read the book")),
    ("the weather is nice today", ("today the weather is nice", "it is nice weather today")),
)


def random_date_text(rng: np.random.Generator) -> tuple[str, str]:
    """(a date as people write it, its ISO form), drawn with the training data's styles."""
    from core.translation import data as dates

    local = random.Random(int(rng.integers(1 << 30)))
    while True:
        day = dt.date(1950, 1, 1) + dt.timedelta(days=local.randrange(36_500))
        text = dates.render(day, local)
        if text and len(text) <= dates.TX:
            return text, day.isoformat()


@question("translation-with-attention")
def where_it_looks(rng: np.random.Generator) -> Check:
    text, iso = random_date_text(rng)
    step = int(pick(rng, (1, 2, 3, 4, 6, 7, 9, 10)))  # a digit of YYYY-MM-DD, not a dash

    def reveal() -> Reveal:
        from dashboard import cache

        result = cache.translate(text, 1)
        alpha = result.attention[step - 1, : len(text)]
        top = int(np.argmax(alpha)) + 1
        return Reveal(
            top,
            f"α⟨{step},t'⟩ peaks at t' = **{top}** (“{text[top - 1]}”, "
            f"α = {alpha[top - 1]:.2f}); the output was {result.output}. The decoder "
            "looks at the characters that decide its digit.",
            tolerance=1,
        )

    return Check(
        f"The translator reads `{text}` (characters numbered from 1) and writes {iso}. Which "
        f"input position t' will output {step} (“{iso[step - 1]}”) attend to most? "
        "(within one character)",
        reveal,
        bounds=(1, len(text), 1),
    )


@question("translation-with-attention")
def gets_it_right(rng: np.random.Generator) -> Check:
    from core.translation import errors as date_errors

    if rng.random() < 0.5:
        text, iso = pick(rng, date_errors.HARD_CASES)
    else:
        text, iso = random_date_text(rng)
    options = ("right", "wrong")

    def reveal() -> Reveal:
        from dashboard import cache

        result = cache.translate(text, 1)
        answer = options[0] if result.output == iso else options[1]
        return Reveal(answer, f"Greedy output **{result.output}** (P = "
                      f"{np.exp(result.log_prob):.3f}, least sure step "
                      f"{result.confidence:.2f}); the date meant is {iso}. Styles the training "
                      "data never showed are where it fails.")  # fmt: skip

    return Check(f"Will the attention translator turn `{text}` into {iso}?", reveal, options)


@question("beam-search")
def beam_beats_greedy(rng: np.random.Generator) -> Check:
    width, max_len = int(pick(rng, (2, 3, 5, 8))), int(pick(rng, (8, 12, 16)))
    options = ("a higher Σ log P", "the same as greedy")

    def reveal() -> Reveal:
        from dashboard import cache

        beam = cache.charlm_beam("dinosaurs", "gru", width, 0.0, max_len).best
        greedy = cache.charlm_beam("dinosaurs", "gru", 1, 0.0, max_len).best
        answer = options[0] if beam.log_prob > greedy.log_prob + 1e-9 else options[1]
        return Reveal(answer, f"Greedy: Σ log P = **{greedy.log_prob:.3f}**; beam B = {width}: "
                      f"**{beam.log_prob:.3f}**. A wider beam can only find outputs at least as "
                      "probable as one it keeps, but greedy's first pick can already be the "
                      "best.")  # fmt: skip

    return Check(
        f"The dinosaur-name model, α = 0, names up to {max_len} characters: will beam search "
        f"with B = {width} find a name with…",
        reveal,
        options,
    )


@question("beam-search")
def normalisation_length(rng: np.random.Generator) -> Check:
    low, high = float(pick(rng, (0.0, 0.2))), float(pick(rng, (0.8, 1.0)))
    options = (f"α = {low:g}", f"α = {high:g}", "the same length")

    def reveal() -> Reveal:
        from core.rnn import next_step
        from dashboard import cache

        words = {}
        for a in (low, high):
            best = cache.word_beam("lstm", 64, 10, a, 12).best
            words[a] = "".join(next_step.CHARS[i] for i in best.tokens if i != 0)
        if len(words[low]) == len(words[high]):
            answer = options[2]
        else:
            answer = options[0] if len(words[low]) > len(words[high]) else options[1]
        return Reveal(answer, f"Best word at α = {low:g}: **{words[low]}**; at α = {high:g}: "
                      f"**{words[high]}**. Each character multiplies P by a number below 1, so "
                      "α near 0 prefers short words.")  # fmt: skip

    return Check(
        f"The English-word LSTM, B = 10: which α makes the search's best word longer, "
        f"{low:g} or {high:g}?",
        reveal,
        options,
    )


@question("error-analysis")
def who_is_at_fault(rng: np.random.Generator) -> Check:
    from core.translation import errors as date_errors

    text, reference = pick(rng, date_errors.HARD_CASES)  # the page's hard cases
    options = (date_errors.BEAM, date_errors.MODEL, date_errors.CORRECT)

    def reveal() -> Reveal:
        from dashboard import cache

        case = date_errors.attribute(cache.date_model(), text, reference, 1)
        return Reveal(
            case.fault,
            f"Output {case.output}; log P(y*|x) = "
            f"**{case.log_p_reference:.3f}**, log P(ŷ|x) = **{case.log_p_output:.3f}**. "
            "The larger one wins: y* more probable means the search missed it.",
        )

    return Check(
        f"Greedy search (B = 1) on `{text}` (meant: {reference}). Who is at fault, by the "
        "course's rule?",
        reveal,
        options,
    )


@question("error-analysis")
def wider_beam_fixes(rng: np.random.Generator) -> Check:
    from core.translation import errors as date_errors

    text, reference = pick(rng, date_errors.HARD_CASES)
    options = ("yes", "no")

    def reveal() -> Reveal:
        from dashboard import cache

        outputs = {b: cache.translate(text, b).output for b in (1, 5)}
        answer = options[0] if outputs[5] == reference != outputs[1] else options[1]
        return Reveal(answer, f"B = 1 gives **{outputs[1]}**, B = 5 gives **{outputs[5]}**; "
                      f"the date meant is {reference}. A wider beam fixes only the search's "
                      "errors, never the model's.")  # fmt: skip

    return Check(f"Will widening the beam from 1 to 5 turn `{text}` into the right date "
                 f"{reference} (and was B = 1 wrong)?", reveal, options)  # fmt: skip


@question("bleu-score")
def drop_the(rng: np.random.Generator) -> Check:
    candidate, refs = pick(rng, CANDIDATES)
    shorter = candidate.replace("the ", "", 1)
    options = ("up", "down", "unchanged")

    def reveal() -> Reveal:
        from core.translation import bleu

        before = bleu.sentence_bleu(candidate, list(refs)).score
        after = bleu.sentence_bleu(shorter, list(refs)).score
        answer = options[2] if abs(after - before) < 0.005 else options[0 if after > before else 1]
        return Reveal(answer, f"BLEU {before:.2f} → **{after:.2f}**. Dropping a matching word "
                      "loses n-gram matches and makes the candidate shorter than the "
                      "references, so the brevity penalty bites too.")  # fmt: skip

    return Check(
        f"Candidate “{candidate}”, references “{refs[0]}” and “{refs[1]}”. Drop the first "
        f"“the” (→ “{shorter}”): does sentence BLEU go…",
        reveal,
        options,
    )


@question("bleu-score")
def clipped_precision(rng: np.random.Generator) -> Check:
    n = int(rng.integers(3, 9))
    _, refs = pick(rng, CANDIDATES)
    candidate = " ".join(["the"] * n)

    def reveal() -> Reveal:
        from core.translation import bleu

        result = bleu.sentence_bleu(candidate, list(refs))
        p1 = 100 * result.counts[0] / result.totals[0]
        return Reveal(p1, f"Count_clip(the) = {result.counts[0]} (the most times any one "
                      f"reference has it) over {result.totals[0]} candidate words: p1 = "
                      f"**{p1:.1f} %**.", tolerance=0.5)  # fmt: skip

    return Check(
        f"Candidate: “the” × {n}. References “{refs[0]}” and “{refs[1]}”. What is the clipped "
        "unigram precision p1, in %? (within 0.5)",
        reveal,
        bounds=(0.0, 100.0, 0.1),
    )


@question("trigger-word-detection")
def fires_once_per_word(rng: np.random.Generator) -> Check:
    seed = int(rng.integers(1, 5000))
    options = ("yes, once for each", "no")

    def reveal() -> Reveal:
        from dashboard import cache

        example = cache.trigger_example(seed, augmentation=False)
        detection = cache.trigger_detection(example.wave, 0.5)[0]
        said, fired = len(example.positives), len(detection.times)
        answer = options[0] if said == fired else options[1]
        return Reveal(
            answer,
            f"The clip holds **{said}** “activate”; the detector fired "
            f"**{plural(fired, 'time')}** at threshold 0.5, at "
            + (", ".join(f"{t:.1f} s" for t in detection.times) or "no time")
            + ". Other words and noise can fool it, and a quiet word can be missed.",
        )

    return Check(
        f"Synthesised clip #{seed} (training voices, no augmentation): at threshold 0.5, will "
        "the detector fire exactly as many times as “activate” is said?",
        reveal,
        options,
    )


@question("trigger-word-detection")
def likeliest_near_miss(rng: np.random.Generator) -> Check:
    from core.trigger import make_clips

    words = list(make_clips.NEAR_MISSES)
    options = tuple(words[int(i)] for i in rng.choice(len(words), min(4, len(words)), False))

    def reveal() -> Reveal:
        from dashboard import cache

        rows = {r["word"]: r["max probability"] for r in cache.near_miss_table(0.5)}
        worst = max(options, key=lambda w: rows[w])
        return Reveal(worst, "Highest P(trigger) on each, alone in quiet noise: " + ", ".join(
            f"{w} **{rows[w]:.3f}**" for w in options) + ". Words that share “activate”'s "
            "sounds fool it most.")  # fmt: skip

    return Check("Which of these near misses will push the detector's probability highest?",
                 reveal, options)  # fmt: skip
