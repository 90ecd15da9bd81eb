"""Error analysis of the date translator: is the beam search or the model at fault?

Course: Sequence Models, week 3, "Error analysis in beam search". For an input x
with the right answer y* and the beam's output ŷ, compute both probabilities with
the model (teacher forcing):

- P(y*|x) > P(ŷ|x): the model preferred the right answer but the search did not
  find it — the beam search is at fault (a wider beam helps);
- P(y*|x) ≤ P(ŷ|x): the model itself ranks the wrong answer higher — the RNN is
  at fault (more data, regularisation, another architecture).

The date translator is rarely wrong and then mostly the model's fault, so
`attribute_tokens` applies the same rule to any `core.translation.beam` model, e.g. a
character language model under a narrow beam, where the search's half appears too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.translation import beam, translator
from core.translation import data as dates
from core.translation import model as date_model

BEAM, MODEL, CORRECT = "beam search", "RNN model", "correct"


def blame(same: bool, log_p_reference: float, log_p_output: float) -> str:
    """The course's rule: CORRECT, or BEAM when P(y*|x) > P(ŷ|x), else MODEL."""
    if same:
        return CORRECT
    return BEAM if log_p_reference > log_p_output else MODEL


@dataclass(frozen=True)
class Attribution:
    text: str
    reference: str  # y*
    output: str  # ŷ
    log_p_reference: float  # log P(y*|x)
    log_p_output: float  # log P(ŷ|x)
    steps_reference: np.ndarray  # (TY,) per-step log P of y*
    steps_output: np.ndarray  # (TY,) per-step log P of ŷ

    @property
    def fault(self) -> str:
        return blame(self.output == self.reference, self.log_p_reference, self.log_p_output)


@dataclass(frozen=True)
class TokenAttribution:
    """The rule on token ids of any beam-searchable model (e.g. a character LM)."""

    reference: tuple[int, ...]  # y*, ending with eos
    output: tuple[int, ...]  # ŷ, the search's best
    log_p_reference: float
    log_p_output: float

    @property
    def fault(self) -> str:
        return blame(self.output == self.reference, self.log_p_reference, self.log_p_output)


def attribute_tokens(
    log_prob_fn: beam.LogProbFn, bos: int, reference: tuple[int, ...], output: tuple[int, ...]
) -> TokenAttribution:
    """Score y* and ŷ with the model (teacher forcing) and apply the rule."""
    return TokenAttribution(
        tuple(reference),
        tuple(output),
        beam.sequence_log_prob(log_prob_fn, bos, reference),
        beam.sequence_log_prob(log_prob_fn, bos, output),
    )


def check_reference(reference: str) -> str:
    """The reference as ISO text; ValueError saying what is accepted otherwise."""
    ref = reference.strip()
    try:
        dates.encode_iso(ref)
    except ValueError:
        raise ValueError(
            f"The reference {ref!r} is not of the form YYYY-MM-DD (digits and dashes, "
            "10 characters), e.g. 1979-05-03."
        ) from None
    return ref


def attribute(
    model: date_model.DateModel, text: str, reference: str, beam_width: int = 1
) -> Attribution:
    """Translate `text` with the beam, then score the reference and the output."""
    ref = check_reference(reference)
    output = translator.translate(text, beam_width, model=model).output
    return attributions(model, [text], [ref], [output])[0]


def attributions(
    model: date_model.DateModel, texts: list[str], references: list[str], outputs: list[str]
) -> list[Attribution]:
    """Teacher-forced log P of each reference and output, batched in chunks."""
    if not texts:
        return []
    x = np.stack([dates.encode(text).ids for text in texts])
    y_ref = np.stack([dates.encode_iso(r) for r in references])
    y_out = np.stack([dates.encode_iso(o) for o in outputs])
    lp_ref = _chunked(lambda rows: model.teacher_forced(x[rows], y_ref[rows])[0], len(texts))
    lp_out = _chunked(lambda rows: model.teacher_forced(x[rows], y_out[rows])[0], len(texts))
    return [
        Attribution(dates.normalise(t), r, o, float(a.sum()), float(b.sum()), a, b)
        for t, r, o, a, b in zip(texts, references, outputs, lp_ref, lp_out, strict=True)
    ]


def test_report(model: date_model.DateModel, pairs: list[tuple[str, str]], beam_width: int) -> dict:
    """Exact-match accuracy over `pairs` and the attribution of every error.

    Greedy decoding runs batched over the whole set; with a wider beam every input
    is searched on its own (one batched decoder step per output position).
    """
    if beam_width == 1 and pairs:
        x = np.stack([dates.encode(text).ids for text, _ in pairs])
        ids = _chunked(lambda rows: model.greedy(x[rows])[0], len(pairs))
        outputs = [dates.decode_iso(row) for row in ids]
    else:
        outputs = [translator.translate(text, beam_width, model=model).output for text, _ in pairs]
    wrong = [i for i, (out, (_, ref)) in enumerate(zip(outputs, pairs, strict=True)) if out != ref]
    errors = attributions(
        model,
        [pairs[i][0] for i in wrong],
        [pairs[i][1] for i in wrong],
        [outputs[i] for i in wrong],
    )
    tally = {BEAM: 0, MODEL: 0}
    for err in errors:
        tally[err.fault] += 1
    return {
        "n": len(pairs),
        "accuracy": 1.0 - len(wrong) / max(len(pairs), 1),
        "errors": errors,
        "tally": tally,
        "beam_width": beam_width,
    }


REPORTS_FILE = "date_error_reports.json"
REPORTS_COMMAND = "python -m core.train date_errors"
BEAM_WIDTHS = (1, 2, 3, 4, 5)  # the Error analysis page's slider


def write_reports(
    model: date_model.DateModel, pairs: list[tuple[str, str]], path: Path, sources: dict
) -> Path:
    """`test_report` for every beam width of BEAM_WIDTHS on `pairs` and on their typo set,
    as JSON: a wide beam searches each of 2,000 inputs on its own (tens of seconds of CPU),
    so the page reads these instead. `sources`: {asset name: sha256} of the model and the
    test set they were computed from (`load_reports` serves them only while those hold)."""
    reports = []
    for typos in (False, True):
        data = with_typos(pairs) if typos else pairs
        for width in BEAM_WIDTHS:
            report = test_report(model, data, width)
            errors = [
                {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in vars(e).items()}
                for e in report["errors"]
            ]
            reports.append({**report, "typos": typos, "errors": errors})
    path.write_text(json.dumps({"sources": sources, "reports": reports}) + "\n", encoding="utf-8")
    return path


def report_sources() -> dict[str, str]:
    """{asset name: manifest sha256} of the shipped model and test set the reports depend on."""
    from core import assets

    manifest = assets.load_manifest()
    names = (translator.MODEL_FILE, dates.TEST_FILE)
    return {name: manifest[name].sha256 for name in names if name in manifest}


def load_reports(path: Path, sources: dict) -> dict[tuple[int, bool], dict] | None:
    """{(beam width, typos): `test_report`} from `write_reports`' file, or None when the file
    is missing or was computed from another model or test set than `sources`."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if raw.get("sources") != sources:
        return None
    out = {}
    for report in raw["reports"]:
        errors = [Attribution(**{**e, "steps_reference": np.array(e["steps_reference"]),
                                 "steps_output": np.array(e["steps_output"])})
                  for e in report["errors"]]  # fmt: skip
        key = (report.pop("beam_width"), report.pop("typos"))
        out[key] = {**report, "errors": errors, "beam_width": key[0]}
    return out


def with_typos(pairs: list[tuple[str, str]], seed: int = 0) -> list[tuple[str, str]]:
    """The pairs whose input has a word of 4+ letters, with one typo in that word.

    A letter is dropped, doubled or swapped with its neighbour, as people mistype
    "febuary" or "septmeber": the date meant is unchanged, so the reference holds.
    """
    import random
    import re

    rng = random.Random(seed)
    out = []
    for text, iso in pairs:
        words = [m for m in re.finditer(r"[a-z]{4,}", text)]
        if not words:
            continue
        word = rng.choice(words)
        i = rng.randrange(word.start() + 1, word.end() - 1)
        kind = rng.choice(("drop", "double", "swap"))
        if kind == "drop":
            typo = text[:i] + text[i + 1 :]
        elif kind == "double":
            typo = text[:i] + text[i] + text[i:]
        else:
            typo = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if typo != text and len(typo) <= dates.TX:
            out.append((typo, iso))
    return out


def _chunked(fn, n: int, size: int = 256) -> np.ndarray:
    """fn over row slices of at most `size`, concatenated: the encoder's traces stay small
    (2,000 dates at once would hold ≈ 200 MB of gate activations)."""
    parts = [fn(slice(start, start + size)) for start in range(0, n, size)]
    return np.concatenate(parts) if parts else np.zeros((0, dates.TY))


# Inputs outside the training styles (typos, unusual orders and separators), with the
# date a person would read: where the model is most likely to be wrong.
HARD_CASES: tuple[tuple[str, str], ...] = (
    ("3/may/1979", "1979-05-03"),
    ("may the 3rd, 1979", "1979-05-03"),
    ("1979, may 3rd", "1979-05-03"),
    ("3 mai 1979", "1979-05-03"),
    ("the third of may 1979", "1979-05-03"),
    ("07-04-1776", "1776-07-04"),
    ("1 jan 0001", "0001-01-01"),
    ("christmas day 2020", "2020-12-25"),
    ("20th of sept. '99", "1999-09-20"),
    ("tues 3 march 09", "2009-03-03"),
    ("2009 3 march", "2009-03-03"),
)
