"""BLEU (Papineni et al., 2002), computed the way sacrebleu does, with every count kept.

Course: Sequence Models, week 3, "Bleu score". For n = 1..4, the modified
precision p_n = Σ clipped matches / Σ candidate n-grams, where a candidate n-gram
is credited at most as many times as it appears in any one reference (Count_clip).
BLEU = BP · exp(¼ Σ log p_n), with the brevity penalty BP = 1 if c > r else
exp(1 − r/c) (c: candidate length, r: the closest reference length).

Tokenisation is sacrebleu's default "13a" (mteval-v13a), so `corpus_bleu` with
`smooth="none"` equals `sacrebleu.corpus_bleu(..., smooth_method="none")`. BLEU is
case-sensitive, as sacrebleu is by default; `lowercase=True` is sacrebleu's `lowercase`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MAX_ORDER = 4
SMOOTHING = ("none", "exp", "floor", "add-k")
_13A = (
    (re.compile(r"([\{-\~\[-\` -\&\(-\+\:-\@\/])"), r" \1 "),  # punctuation and symbols
    (re.compile(r"([^0-9])([\.,])"), r"\1 \2 "),  # . and , unless after a digit
    (re.compile(r"([\.,])([^0-9])"), r" \1 \2"),  # . and , unless before a digit
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),  # a dash after a digit
)


@lru_cache(maxsize=1 << 16)
def tokenize_13a(line: str) -> tuple[str, ...]:
    """mteval-v13a's tokenisation (sacrebleu's default): split off punctuation."""
    line = line.rstrip().replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in line:
        for entity, char in (("&quot;", '"'), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")):
            line = line.replace(entity, char)
    line = f" {line} "
    for pattern, replacement in _13A:
        line = pattern.sub(replacement, line)
    return tuple(line.split())


def ngrams(tokens: Sequence[str], n: int) -> Counter:
    """Counts of the n-grams of one token list."""
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def all_ngrams(tokens: Sequence[str]) -> Counter:
    """Counts of every 1- to 4-gram in one Counter (keys of different lengths)."""
    counts: Counter = Counter()
    for n in range(1, MAX_ORDER + 1):
        counts.update(zip(*(tokens[i:] for i in range(n)), strict=False))
    return counts


def _tokens(line: str, lowercase: bool) -> tuple[str, ...]:
    return tokenize_13a(line.lower() if lowercase else line)  # sacrebleu lowercases first


def _fast_stats(
    hypothesis: str, references: Sequence[str], lowercase: bool = False
) -> tuple[int, int, list, list]:
    """(sys_len, ref_len, counts, totals) without the per-n-gram detail: corpus BLEU's loop."""
    hyp = _tokens(hypothesis, lowercase)
    refs = [_tokens(r, lowercase) for r in references]
    ceiling = all_ngrams(refs[0]) if refs else Counter()
    for ref in refs[1:]:
        for gram, count in all_ngrams(ref).items():
            if count > ceiling[gram]:
                ceiling[gram] = count
    counts, totals = [0] * MAX_ORDER, [max(len(hyp) - n, 0) for n in range(MAX_ORDER)]
    for gram, count in all_ngrams(hyp).items():
        clip = ceiling.get(gram)
        if clip:
            counts[len(gram) - 1] += count if count < clip else clip
    return len(hyp), closest_ref_len(len(hyp), [len(r) for r in refs]), counts, totals


@dataclass(frozen=True)
class SegmentStats:
    """The sufficient statistics of one candidate against its references."""

    sys_len: int
    ref_len: int  # the reference length closest to sys_len (ties: the shorter)
    counts: tuple[int, ...]  # clipped matches per order
    totals: tuple[int, ...]  # candidate n-grams per order
    matched: tuple[dict[tuple[str, ...], int], ...]  # per order: n-gram -> clipped count
    clip: tuple[dict[tuple[str, ...], int], ...]  # per order: n-gram -> Count_clip ceiling


def segment_stats(
    hypothesis: str, references: Sequence[str], lowercase: bool = False
) -> SegmentStats:
    hyp = _tokens(hypothesis, lowercase)
    refs = [_tokens(r, lowercase) for r in references]
    ref_len = closest_ref_len(len(hyp), [len(r) for r in refs])
    counts, totals, matched, clip = [], [], [], []
    for n in range(1, MAX_ORDER + 1):
        cand = ngrams(hyp, n)
        ceiling: Counter = Counter()
        for ref in refs:
            ceiling |= ngrams(ref, n)  # max count in any one reference
        hits = {g: min(c, ceiling[g]) for g, c in cand.items() if ceiling[g] > 0}
        counts.append(sum(hits.values()))
        totals.append(max(len(hyp) - n + 1, 0))
        matched.append(hits)
        clip.append({g: ceiling[g] for g in cand})
    return SegmentStats(
        len(hyp), ref_len, tuple(counts), tuple(totals), tuple(matched), tuple(clip)
    )


def closest_ref_len(sys_len: int, ref_lens: Sequence[int]) -> int:
    """sacrebleu's rule: the reference length nearest the candidate's, the shorter on ties."""
    if not ref_lens:
        return 0
    return min(ref_lens, key=lambda r: (abs(sys_len - r), r))


@dataclass(frozen=True)
class BleuResult:
    score: float  # 0-100
    precisions: tuple[float, ...]  # p1..p4 in %
    counts: tuple[int, ...]  # clipped n-gram matches, n = 1..4
    totals: tuple[int, ...]  # candidate n-grams, n = 1..4
    bp: float  # brevity penalty
    sys_len: int
    ref_len: int
    matched: tuple[dict[tuple[str, ...], int], ...]  # per order: matched n-grams (one segment)
    note: str = ""  # why the score is 0, when it is
    order: int = MAX_ORDER  # N: the geometric mean is over p_1..p_N (effective order: fewer)

    @property
    def ratio(self) -> float:
        return self.sys_len / self.ref_len if self.ref_len else 0.0


def _score(
    counts: Sequence[int],
    totals: Sequence[int],
    sys_len: int,
    ref_len: int,
    smooth: str,
    effective_order: bool,
    smooth_value: float | None = None,
) -> tuple[float, tuple[float, ...], float, str, int]:
    """(score, precisions, bp, note, N) from the sufficient statistics, as sacrebleu computes
    them; N is the number of orders in the geometric mean."""
    if smooth not in SMOOTHING:
        raise ValueError(f"argument `smooth` expected one of {SMOOTHING}, got {smooth!r}")
    bp = 1.0 if sys_len >= ref_len else (math.exp(1 - ref_len / sys_len) if sys_len else 0.0)
    precisions = [0.0] * MAX_ORDER
    if sys_len == 0:
        return 0.0, tuple(precisions), bp, "The candidate is empty: BLEU is 0.", MAX_ORDER
    if not any(counts):
        note = "No candidate word appears in any reference: BLEU is 0."
        return 0.0, tuple(precisions), bp, note, MAX_ORDER
    counts, totals = list(counts), list(totals)
    value = {"floor": 0.1, "add-k": 1}.get(smooth) if smooth_value is None else smooth_value
    mteval, order = 1.0, MAX_ORDER
    for n in range(MAX_ORDER):
        if smooth == "add-k" and n > 0:
            counts[n] += value
            totals[n] += value
        if totals[n] == 0:
            break
        if effective_order:
            order = n + 1
        if counts[n] == 0:
            if smooth == "exp":
                mteval *= 2
                precisions[n] = 100.0 / (mteval * totals[n])
            elif smooth == "floor":
                precisions[n] = 100.0 * value / totals[n]
        else:
            precisions[n] = 100.0 * counts[n] / totals[n]
    logs = [math.log(p) if p > 0 else -9999999999 for p in precisions[:order]]
    score = bp * math.exp(sum(logs) / order)
    note = ""
    if score == 0.0:
        absent = [f"{n + 1}-grams" for n in range(order) if totals[n] == 0]
        missing = [f"{n + 1}-gram" for n in range(order) if precisions[n] == 0 and totals[n]]
        why = [f"no {', '.join(missing)} of the candidate matches a reference"] if missing else []
        why += [f"the candidate is too short to have {', '.join(absent)}"] if absent else []
        note = (
            f"{'; '.join(why).capitalize()}: that p_n is 0, so the geometric mean (and BLEU) "
            "is 0. Sentence BLEU usually smooths this away."
        )
    return score, tuple(precisions), bp, note, order


def sentence_bleu(
    hypothesis: str,
    references: Sequence[str],
    smooth: str = "exp",
    effective_order: bool = True,
    lowercase: bool = False,
) -> BleuResult:
    """BLEU of one candidate against up to any number of references (sacrebleu's defaults).

    Args:
        effective_order: leave out the orders the candidate has no n-grams of (sacrebleu's
            sentence default); False is the paper's formula, where they make BLEU 0.
        lowercase: compare case-insensitively (sacrebleu's `lowercase`).
    """
    refs = [r for r in references if r and r.strip()]
    if not refs:
        zero = (0,) * MAX_ORDER
        return BleuResult(
            0.0,
            (0.0,) * MAX_ORDER,
            zero,
            zero,
            0.0,
            0,
            0,
            ({},) * MAX_ORDER,
            "There is no reference to compare with: BLEU is 0.",
        )
    st = segment_stats(hypothesis, refs, lowercase)
    score, precisions, bp, note, order = _score(
        st.counts, st.totals, st.sys_len, st.ref_len, smooth, effective_order
    )
    return BleuResult(
        score, precisions, st.counts, st.totals, bp, st.sys_len, st.ref_len, st.matched, note,
        order,
    )  # fmt: skip


def corpus_bleu(
    hypotheses: Sequence[str],
    references_per_hypothesis: Sequence[Sequence[str]],
    smooth: str = "none",
    lowercase: bool = False,
) -> BleuResult:
    """Corpus BLEU: n-gram statistics summed over segments before the precisions are taken.

    Args:
        hypotheses: one candidate per segment.
        references_per_hypothesis: for each candidate, its references (sacrebleu
            takes the transpose: one stream per reference).
    """
    if len(hypotheses) != len(references_per_hypothesis):
        raise ValueError(
            f"expected one list of references per hypothesis, got {len(hypotheses)} "
            f"hypotheses and {len(references_per_hypothesis)} reference lists"
        )
    counts, totals = [0] * MAX_ORDER, [0] * MAX_ORDER
    sys_len = ref_len = 0
    for hyp, refs in zip(hypotheses, references_per_hypothesis, strict=True):
        h_len, r_len, seg_counts, seg_totals = _fast_stats(
            hyp, [r for r in refs if r is not None], lowercase
        )
        sys_len += h_len
        ref_len += r_len
        for n in range(MAX_ORDER):
            counts[n] += seg_counts[n]
            totals[n] += seg_totals[n]
    score, precisions, bp, note, order = _score(counts, totals, sys_len, ref_len, smooth, False)
    if not hypotheses:
        note = "The corpus is empty: BLEU is 0."
    return BleuResult(
        score,
        precisions,
        tuple(counts),
        tuple(totals),
        bp,
        sys_len,
        ref_len,
        ({},) * MAX_ORDER,
        note,
        order,
    )
