"""Week 3 translation: the date translator's accuracy and speed, beam search and BLEU."""

from __future__ import annotations

import random
import re
import statistics
import time

from benchmarks.timing import median_time, ok
from core import assets
from core.translation import beam, bleu, translator
from core.translation import data as dates
from core.translation import errors as date_errors
from core.translation import model as date_model

TRANSLATE_TARGET_S = 0.050
BEAM5_TARGET_S = 0.150
ACCURACY_TARGET = 0.98


def _accuracy(model, pairs, beam_width=1) -> float:
    return date_errors.test_report(model, pairs, beam_width)["accuracy"]


def real_text_corpus(n: int, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    """Sentences of Python's documentation as references, edited copies as candidates."""
    from pydoc_data import topics

    text = " ".join(topics.topics.values())
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 20 < len(s) < 300]
    rng = random.Random(seed)
    refs = [rng.choice(sentences) for _ in range(n)]
    hyps = []
    for ref in refs:
        words = ref.split()
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(len(words))
            if rng.random() < 0.5 and len(words) > 1:
                words.pop(i)
            else:
                words.insert(i, rng.choice(words))
        hyps.append(" ".join(words))
    return hyps, [[r] for r in refs]


def bleu_speed(n: int = 10_000, repeats: int = 5) -> tuple[float, float, float, float]:
    """(ours s, sacrebleu s, our score, sacrebleu score): medians, runs alternated, caches cold."""
    import sacrebleu

    hyps, refs = real_text_corpus(n)
    streams = [[r[0] for r in refs]]
    ours, theirs = [], []
    for _ in range(repeats):
        bleu.tokenize_13a.cache_clear()
        start = time.perf_counter()
        mine = bleu.corpus_bleu(hyps, refs)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        ref = sacrebleu.metrics.BLEU(smooth_method="none").corpus_score(hyps, streams)
        theirs.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(theirs), mine.score, ref.score


def section() -> list[str]:
    model, meta = date_model.load(assets.resolve(translator.MODEL_FILE))
    test = dates.load_test(assets.resolve(dates.TEST_FILE))
    fresh = dates.make_dataset(2000, seed=4242)
    typos = date_errors.with_typos(test)
    acc = {
        "held-out set (shipped, 2,000), greedy": _accuracy(model, test),
        "held-out set, beam B = 3": _accuracy(model, test, 3),
        "fresh dates, Faker seed 4242 (2,000), greedy": _accuracy(model, fresh),
        "held-out inputs with one typo in a word, greedy": _accuracy(model, typos),
    }
    t_greedy = median_time(lambda: translator.translate("saturday, 3rd of may 1979", model=model))
    t_beam = median_time(lambda: translator.translate("saturday, 3rd of may 1979", 5, model=model))
    scorer = model.scorer(dates.encode("3 may 1979").ids)
    beam.beam_search(scorer, date_model.BOS, None, 5, dates.TY)
    ours, theirs, s_ours, s_theirs = bleu_speed()
    lines = [
        "## Translation with attention, beam search and BLEU (`assets/date_translator.npz`)",
        "",
        f"Trained by `python -m core.train dates` on {meta['train_examples']:,} Faker/Babel dates "
        f"for {meta['epochs']} epochs ({meta['train_seconds']} s on this machine). Exact match "
        "of the whole 'YYYY-MM-DD' string.",
        "",
        "| test set | exact match | target |",
        "|---|---:|:---:|",
    ]
    for name, value in acc.items():
        target = (
            f"{ok(value >= ACCURACY_TARGET)} ≥ {ACCURACY_TARGET:.0%}" if "typo" not in name else ""
        )
        lines.append(f"| {name} | {value:.2%} | {target} |")
    lines += [
        "",
        "| measure (median) | value | target |",
        "|---|---:|:---:|",
        f"| `translate()` one date, greedy | {t_greedy * 1000:.1f} ms | "
        f"{ok(t_greedy < TRANSLATE_TARGET_S)} < {TRANSLATE_TARGET_S * 1000:.0f} ms |",
        f"| `translate()` one date, beam B = 5 | {t_beam * 1000:.1f} ms | "
        f"{ok(t_beam < BEAM5_TARGET_S)} < {BEAM5_TARGET_S * 1000:.0f} ms |",
        f"| decoder calls for one B = 5 search (batched per step) | {scorer.calls} | "
        f"{ok(scorer.calls == dates.TY)} = T_y |",
        f"| `core.translation.bleu.corpus_bleu`, 10,000 sentence pairs | {ours:.2f} s | |",
        f"| `sacrebleu` corpus BLEU, same pairs, same run | {theirs:.2f} s | |",
        f"| ratio ours / sacrebleu | {ours / theirs:.2f}× | {ok(ours <= theirs)} ≤ 1× |",
        f"| score ours vs sacrebleu | {s_ours:.4f} vs {s_theirs:.4f} | "
        f"{ok(abs(s_ours - s_theirs) < 0.01)} within 0.01 |",
        "",
        "The typo set is not a target: it shows where the model fails (every such error is the "
        "model's, not the search's, on the Error analysis page).",
        "",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(section()))
