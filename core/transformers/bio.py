"""BIO tags to entity spans, and entity-level precision, recall and F1 (exact span match).

Course: Sequence Models, week 4, the named-entity recognition lab. An entity counts as
found only when its type, first word and last word are all right (the CoNLL-2000
`conlleval` rule that seqeval follows in its default mode): a name tagged from its second
word on is one miss and one false alarm, not "half right". An I- tag that follows O or
another type starts a new entity, as conlleval reads it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Micro-averaged over entities; `per_label`: {label: (precision, recall, f1, support)}."""

    precision: float
    recall: float
    f1: float
    support: int  # true entities
    per_label: dict[str, tuple[float, float, float, int]]


def spans(tags: list[str] | tuple[str, ...]) -> list[tuple[str, int, int]]:
    """(label, first word, last word + 1) of each entity in a BIO tag sequence."""
    out, start, label = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        ends = start is not None and (prefix in ("B", "O") or kind != label)
        if ends:
            out.append((label, start, i))
            start = label = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, label = i, kind
    return out


def _prf(true: int, pred: int, hits: int) -> tuple[float, float, float]:
    p = hits / pred if pred else 0.0
    r = hits / true if true else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def entity_scores(true: list[list[str]], pred: list[list[str]]) -> Scores:
    """Entity-level scores of predicted tag sequences against true ones (same lengths).

    Raises:
        ValueError: the two lists, or one pair of sequences, differ in length.
    """
    if len(true) != len(pred):
        raise ValueError(f"arguments `true`, `pred` hold {len(true)} and {len(pred)} sequences")
    n_true, n_pred, n_hit = Counter(), Counter(), Counter()
    for k, (t, p) in enumerate(zip(true, pred, strict=True)):
        if len(t) != len(p):
            raise ValueError(f"sequence {k}: {len(t)} true tags but {len(p)} predicted")
        ts, ps = set(spans(t)), set(spans(p))
        n_true.update(s[0] for s in ts)
        n_pred.update(s[0] for s in ps)
        n_hit.update(s[0] for s in ts & ps)
    labels = sorted(set(n_true) | set(n_pred))
    per = {lab: (*_prf(n_true[lab], n_pred[lab], n_hit[lab]), n_true[lab]) for lab in labels}
    total = sum(n_true.values())
    return Scores(*_prf(total, sum(n_pred.values()), sum(n_hit.values())), total, per)
