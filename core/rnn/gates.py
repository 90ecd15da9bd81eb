"""Reading a trained cell's gates: legible units, span patterns and saturation.

Course: Sequence Models, week 1, "Gated Recurrent Unit (GRU)" and "Long Short Term
Memory (LSTM)". A `core.rnn.cells.Trace` holds every gate (Γu, Γr; Γf, Γi, Γo), the
candidate c̃⟨t⟩, c⟨t⟩ and a⟨t⟩ over a text; this module turns those arrays into what
a student can read:

- `char_features` and `legible_units`: the units whose activation follows something
  nameable (the position in a word, vowel or consonant, the end of a name, the
  position inside a bar of a tune), found by correlation as Karpathy, Johnson and
  Fei-Fei did ("Visualizing and understanding recurrent networks", 2015).
- `match_pattern`: LSTMVis' span search (Strobelt et al., 2018): the units on (above a
  threshold) over a selected span, and the other places in the corpus where the same
  units switch on together.
- `saturation`: how often each gate sits near 0 or 1 (a closed or open gate).

Everything is numpy over plain arrays; no model or framework is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
END = "\n"  # the end-of-sequence character the character models use
VOWELS = frozenset("aeiouy")
NEAR = 0.1  # a gate value within NEAR of 0 or 1 counts as closed or open


def char_features(text: str) -> dict[str, Array]:
    """Nameable properties of each character of `text`, each an array of len(text).

    Words (names, tunes) are separated by `END`. Features that do not vary over the
    text (a corpus without bar lines) are left out, since no unit can correlate with them.
    """
    n = len(text)
    position = np.zeros(n)
    to_end = np.zeros(n)
    bar_position = np.zeros(n)
    start, bar_start = 0, 0
    for i, ch in enumerate(text):
        if ch == END:
            for j in range(start, i + 1):
                to_end[j] = i - j
            start = bar_start = i + 1
            continue
        position[i] = i - start
        bar_position[i] = i - bar_start
        if ch == "|":  # a bar line ends its bar
            bar_start = i + 1
    for j in range(start, n):  # the last word when the text does not end with END
        to_end[j] = n - j
    lower = text.lower()
    features = {
        "position in the word": position,
        "characters to the end": to_end,
        "next character ends the word": np.array(
            [float(i + 1 < n and text[i + 1] == END) for i in range(n)]
        ),
        "vowel": np.array([float(c in VOWELS) for c in lower]),
        "consonant": np.array([float(c.isalpha() and c not in VOWELS) for c in lower]),
        "position inside a bar": bar_position if "|" in text else np.zeros(n),
        "digit": np.array([float(c.isdigit()) for c in text]),
        "inside quotes": _inside(text, '"', '"'),
    }
    return {name: f for name, f in features.items() if n > 1 and np.ptp(f) > 0}


def _inside(text: str, opening: str, closing: str) -> Array:
    out = np.zeros(len(text))
    inside = False
    for i, ch in enumerate(text):
        if inside and ch == closing:
            inside = False
        elif not inside and ch == opening:
            inside = True
            continue
        out[i] = float(inside)
    return out


@dataclass(frozen=True)
class LegibleUnit:
    """A unit whose activation follows a nameable feature of the text."""

    feature: str
    unit: int
    r: float  # Pearson correlation over every character of the text


def correlations(h: npt.ArrayLike, feature: npt.ArrayLike) -> Array:
    """Pearson r of each unit's activation with one feature. Shapes: h (T, n_a), feature (T,)."""
    h = np.asarray(h, dtype=np.float64)
    f = np.asarray(feature, dtype=np.float64)
    if h.ndim != 2 or f.shape != (h.shape[0],):
        raise ValueError(f"expected h (T, n_a) and feature (T,), got {h.shape} and {f.shape}")
    hc = h - h.mean(axis=0)
    fc = f - f.mean()
    denom = np.sqrt((hc**2).sum(axis=0) * (fc**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (hc * fc[:, None]).sum(axis=0) / denom
    return np.nan_to_num(r)  # a constant unit correlates with nothing


def legible_units(
    h: npt.ArrayLike, text: str, per_feature: int = 1, min_r: float = 0.3
) -> list[LegibleUnit]:
    """The units that best track each feature of `char_features(text)`, strongest first.

    Args:
        h: (T, n_a) activations, one row per character of `text`.
        per_feature: how many units to keep for each feature.
        min_r: |r| below this is not called legible.
    """
    h = np.asarray(h, dtype=np.float64)
    if h.shape[0] != len(text):
        raise ValueError(f"expected one row of h per character ({len(text)}), got {h.shape[0]}")
    found = []
    for name, feature in char_features(text).items():
        r = correlations(h, feature)
        for unit in np.argsort(-np.abs(r))[:per_feature]:
            if abs(r[unit]) >= min_r:
                found.append(LegibleUnit(name, int(unit), float(r[unit])))
    return sorted(found, key=lambda u: -abs(u.r))


@dataclass(frozen=True)
class Match:
    """One place in the corpus where the selected units are on together."""

    start: int  # first character of the run
    end: int  # one past the last
    score: float  # higher is closer to the query (see `match_pattern`)


@dataclass(frozen=True)
class PatternSearch:
    units: tuple[int, ...]  # the units that define the pattern
    threshold: float
    query: tuple[int, int]  # (start, end) of the selected span
    matches: tuple[Match, ...]  # best first, the query itself excluded


def units_on(h: npt.ArrayLike, span: tuple[int, int], threshold: float) -> tuple[int, ...]:
    """The units above `threshold` at every character of `span` (LSTMVis' selection)."""
    h = np.asarray(h, dtype=np.float64)
    start, end = _check_span(span, h.shape[0])
    return tuple(int(u) for u in np.flatnonzero((h[start:end] > threshold).all(axis=0)))


def _check_span(span: tuple[int, int], n: int) -> tuple[int, int]:
    start, end = int(span[0]), int(span[1])
    if not 0 <= start < end <= n:
        raise ValueError(f"argument `span` expected 0 <= start < end <= {n}, got {span}")
    return start, end


def match_pattern(
    h: npt.ArrayLike,
    span: tuple[int, int],
    units: tuple[int, ...] | list[int] | None = None,
    threshold: float = 0.3,
    top: int = 50,
) -> PatternSearch:
    """Places where the same units switch on together, as LSTMVis matches a selection.

    The pattern is the set S of `units` (by default those on over the whole span). Every
    maximal run of characters where all of S exceed `threshold` is a candidate; a run
    scores by how many of S it keeps on (all, by construction), less how far its length
    is from the query's, less the share of units outside S that are also on (a run where
    everything fires is not the same pattern): score = 1 − |L − L_q| / L_q − extra.

    Shapes: h (T, n_a) over the whole corpus; the span indexes it.
    """
    h = np.asarray(h, dtype=np.float64)
    start, end = _check_span(span, h.shape[0])
    chosen = tuple(units_on(h, span, threshold) if units is None else sorted(set(units)))
    if any(not 0 <= u < h.shape[1] for u in chosen):
        raise ValueError(f"argument `units` expected units in 0..{h.shape[1] - 1}, got {chosen}")
    if not chosen:
        return PatternSearch((), threshold, (start, end), ())
    on = h > threshold  # (T, n_a)
    together = on[:, list(chosen)].all(axis=1)
    edges = np.diff(np.concatenate([[0], together.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    others = np.ones(h.shape[1], dtype=bool)
    others[list(chosen)] = False
    n_others = max(int(others.sum()), 1)
    # The share of non-selected units on, averaged over each run, by cumulative sums.
    extra_per_char = on[:, others].sum(axis=1) / n_others
    cumulative = np.concatenate([[0.0], np.cumsum(extra_per_char)])
    lengths = ends - starts
    extra = (cumulative[ends] - cumulative[starts]) / lengths
    q_len = end - start
    scores = 1.0 - np.abs(lengths - q_len) / q_len - extra
    order = np.argsort(-scores, kind="stable")
    matches = []
    for i in order:
        s, e = int(starts[i]), int(ends[i])
        if s < end and start < e:  # the run that holds the query itself
            continue
        matches.append(Match(s, e, float(scores[i])))
        if len(matches) == top:
            break
    return PatternSearch(chosen, threshold, (start, end), tuple(matches))


@dataclass(frozen=True)
class Saturation:
    """How a gate's values spread over [0, 1]."""

    gate: str
    closed: float  # share of values below NEAR (the gate blocks)
    open: float  # share above 1 − NEAR (the gate passes everything)
    counts: Array  # histogram counts over `edges`
    edges: Array


def saturation(gates: dict[str, npt.ArrayLike], bins: int = 20) -> list[Saturation]:
    """Histogram and closed/open shares of each gate (values in [0, 1]; any shape)."""
    out = []
    edges = np.linspace(0.0, 1.0, bins + 1)
    for name, values in gates.items():
        v = np.asarray(values, dtype=np.float64).ravel()
        if v.size == 0:
            raise ValueError(f"gate {name!r} has no values")
        counts, _ = np.histogram(np.clip(v, 0.0, 1.0), bins=edges)
        out.append(
            Saturation(name, float((v < NEAR).mean()), float((v > 1 - NEAR).mean()), counts, edges)
        )
    return out


@dataclass(frozen=True)
class TextTrace:
    """A character model's cell over one or more sequences, one row per character read.

    Row i is the state after reading `text[i]` (Karpathy's convention): a⟨t⟩ with
    x⟨t⟩ = text[i]. Each sequence ends with END, which the model reads too.
    """

    text: str
    h: Array  # (T, n_a) a⟨t⟩
    gates: dict[str, Array]  # each (T, n_a): Γu, Γr, c̃ (GRU); Γf, Γi, Γo, c̃ (LSTM)
    c: Array | None  # (T, n_a) c⟨t⟩ of an LSTM
    starts: tuple[int, ...]  # where each sequence begins in `text`


def read_sequences(model, sequences: list[str] | tuple[str, ...], max_chars: int = 0) -> TextTrace:
    """Run a `core.rnn.charlm.CharLM` over each sequence (state reset for each, as in training).

    Args:
        max_chars: stop adding sequences once the text is this long (0: no limit).
    """
    from core.rnn import cells, charlm

    texts, hs, cs, starts = [], [], [], []
    gate_rows: dict[str, list[Array]] = {}
    total = 0
    for seq in sequences:
        ids = model.vocab.encode(seq)  # −1 (unknown) is read as 0⃗
        x = charlm.one_hot(np.concatenate([[model.vocab.bos], ids, [0]]), model.vocab.size)
        tr = cells.forward(model.params, x[None])  # rows: after 0⃗, each character, END
        starts.append(total)
        texts.append(model.vocab.decode(ids) + END)
        hs.append(tr.h[0, 1:])
        if tr.c is not None:
            cs.append(tr.c[0, 1:])
        for name, values in tr.gates.items():
            gate_rows.setdefault(name, []).append(values[0, 1:])
        total += len(ids) + 1
        if max_chars and total >= max_chars:
            break
    if not texts:
        raise ValueError("argument `sequences` expected at least one sequence, got none")
    return TextTrace(
        "".join(texts),
        np.concatenate(hs),
        {name: np.concatenate(rows) for name, rows in gate_rows.items()},
        np.concatenate(cs) if cs else None,
        tuple(starts),
    )
