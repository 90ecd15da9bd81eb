"""Human-readable dates → ISO dates: the data of the course's translation task.

Course: Sequence Models, week 3, "Neural machine translation with attention".
Random dates come from Faker; Babel writes them the way English-speaking
locales do (its CLDR patterns: "3 Sept 1979" in en_GB, "5/3/79" in en_US), and a
few hand-written styles add ordinals ("3rd of may, 1979"). Inputs are lower-cased
and at most `TX` characters; outputs are `TY` = 10 characters "YYYY-MM-DD".

Two ambiguities are settled once, for every example, so that the task is
learnable: a numeric date with "/" or "-" is read month first ("03/05/79" is
March 5, as in en_US) unless its first number cannot be a month ("25/12/79"), and
a two-digit year means 1950-2049.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

import numpy as np

TX = 30  # input characters, the course's T_x
TY = 10  # output characters, "YYYY-MM-DD"
PAD, UNK = "<pad>", "<unk>"
HUMAN_CHARS = " ',-./0123456789abcdefghijklmnopqrstuvwxyz"
HUMAN_VOCAB: tuple[str, ...] = (*tuple(HUMAN_CHARS), UNK, PAD)
HUMAN_INDEX = {ch: i for i, ch in enumerate(HUMAN_VOCAB)}
MACHINE_VOCAB: tuple[str, ...] = tuple("-0123456789")  # 11 output symbols
MACHINE_INDEX = {ch: i for i, ch in enumerate(MACHINE_VOCAB)}
FIRST, LAST = dt.date(1600, 1, 1), dt.date(2199, 12, 31)
TWO_DIGIT_FIRST, TWO_DIGIT_LAST = dt.date(1950, 1, 1), dt.date(2049, 12, 31)

LOCALES = ("en_US", "en_GB", "en_AU", "en_CA", "en_IN", "en_IE", "en_NZ", "en_ZA", "en_PH")
# Babel patterns; "dmy/" marks numeric day-first dates whose separator month-first
# dates also use: they are drawn only where the day cannot be read as a month.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("medium", ""), ("long", ""), ("full", ""), ("short", "locale"),
    ("d MMM y", ""), ("d MMMM y", ""), ("dd MMM y", ""), ("d MMM, y", ""),
    ("d MMMM, y", ""), ("dd, MMM y", ""), ("MMMM d y", ""), ("MMMM d, y", ""),
    ("MMM d, y", ""), ("MMM d y", ""), ("EEE, MMM d, y", ""), ("EEEE, d MMMM y", ""),
    ("EEE d MMM yy", ""), ("MMM d yy", ""), ("d-MMM-y", ""), ("d-MMM-yy", ""),
    ("y MMMM d", ""), ("dd.MM.yy", ""), ("d.M.y", ""), ("dd.MM.y", ""), ("d MM yy", ""),
    ("y-MM-dd", ""), ("MM/dd/y", ""), ("M/d/y", ""), ("M/d/yy", ""), ("dd/MM/y", "dmy/"),
    ("EEE dd/MM/y", "dmy/"), ("EEE MM/dd/y", ""), ("dd-MM-y", "dmy/"), ("MM-dd-y", ""),
    ("d/M/yy", "dmy/"), ("y/MM/dd", ""), ("y.MM.dd", ""), ("yyyyMMdd", ""), ("d MMM ''yy", ""),
    ("MMMM d, ''yy", ""), ("dd/MM/yy", "dmy/"),
)  # fmt: skip
ORDINAL_STYLES = (
    "{o} of {MMMM}, {y}", "the {o} of {MMMM} {y}", "{MMMM} {o}, {y}", "{EEEE}, {MMMM} {o}, {y}",
    "{o} {MMMM} {y}", "{MMM} {o} {y}", "{EEE} {o} {MMM} {y}", "the {w} of {MMMM} {y}",
    "{w} of {MMMM}, {y}", "{MMMM} the {w}, {y}",
)  # fmt: skip
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
DAY_FIRST_SHORT = {"en_GB", "en_AU", "en_IN", "en_IE", "en_NZ"}  # Babel's "short" is d/m/y


@dataclass(frozen=True)
class Encoded:
    """A human date as the model reads it."""

    text: str  # normalised: lower case, single spaces, cut to TX characters
    ids: np.ndarray  # (TX,) indices into HUMAN_VOCAB, padded with PAD
    unknown: tuple[str, ...]  # characters outside the vocabulary, read as <unk>
    truncated: bool  # the input was longer than TX characters


def normalise(text: str) -> str:
    """Lower-case, turn every kind of space into " " and collapse runs of them."""
    return re.sub(r"\s+", " ", str(text).lower()).strip()


def encode(text: str) -> Encoded:
    """Normalise and index one input; unknown characters become <unk>, not an error."""
    clean = normalise(text)
    truncated = len(clean) > TX
    clean = clean[:TX]
    ids = np.full(TX, HUMAN_INDEX[PAD], dtype=np.int64)
    unknown = []
    for i, ch in enumerate(clean):
        if ch in HUMAN_INDEX:
            ids[i] = HUMAN_INDEX[ch]
        else:
            ids[i] = HUMAN_INDEX[UNK]
            unknown.append(ch)
    return Encoded(clean, ids, tuple(dict.fromkeys(unknown)), truncated)


def encode_iso(iso: str) -> np.ndarray:
    """(TY,) output ids of "YYYY-MM-DD"."""
    if len(iso) != TY or any(ch not in MACHINE_INDEX for ch in iso):
        raise ValueError(f"argument `iso` expected 'YYYY-MM-DD', got {iso!r}")
    return np.array([MACHINE_INDEX[ch] for ch in iso], dtype=np.int64)


def decode_iso(ids) -> str:
    return "".join(MACHINE_VOCAB[int(i)] for i in ids)


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def spelled_ordinal(day: int) -> str:
    """1 → "first", 21 → "twenty-first", 30 → "thirtieth"."""
    if day < 10:
        return _UNITS[day - 1]
    if day < 20:
        return _TEENS[day - 10]
    tens = {2: "twent", 3: "thirt"}[day // 10]
    return f"{tens}ieth" if day % 10 == 0 else f"{tens}y-{_UNITS[day % 10 - 1]}"


def _ambiguous(tag: str, locale: str, date: dt.date) -> bool:
    day_first = tag == "dmy/" or (tag == "locale" and locale in DAY_FIRST_SHORT)
    return day_first and date.day <= 12 and date.day != date.month


def render(date: dt.date, rng: random.Random) -> str:
    """One human-readable form of `date`, drawn at random from every style."""
    from babel.dates import format_date

    locale = rng.choice(LOCALES)
    if rng.random() < 0.15:
        style = rng.choice(ORDINAL_STYLES)
        names = {k: format_date(date, k, locale=locale) for k in ("MMMM", "MMM", "EEEE", "EEE")}
        text = style.format(o=_ordinal(date.day), w=spelled_ordinal(date.day), y=date.year, **names)
    else:
        pattern, tag = rng.choice(PATTERNS)
        if _ambiguous(tag, locale, date):
            return ""
        text = format_date(date, pattern, locale=locale)
    if rng.random() < 0.15:
        text = text.replace(",", "")
    return normalise(text)


def _random_date(fake, first: dt.date, last: dt.date) -> dt.date:
    return fake.date_between_dates(date_start=first, date_end=last)


def make_dataset(n: int, seed: int) -> list[tuple[str, str]]:
    """`n` (human, "YYYY-MM-DD") pairs, reproducible from `seed`."""
    from faker import Faker

    if n < 0:
        raise ValueError(f"argument `n` expected a non-negative integer, got {n}")
    fake = Faker()
    fake.seed_instance(seed)
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    while len(pairs) < n:
        date = _random_date(fake, FIRST, LAST)
        text = render(date, rng)
        if not text:
            continue
        two_digit_year = str(date.year) not in text
        if two_digit_year and not TWO_DIGIT_FIRST <= date <= TWO_DIGIT_LAST:
            continue  # "79" means 1979 only: two-digit years are drawn from 1950-2049
        if len(text) <= TX:
            pairs.append((text, date.isoformat()))
    return pairs


def held_out(n: int = 2000, seed: int = 1, train_seed: int = 0, train_n: int = 0) -> list:
    """The fixed test set: another seed, without inputs seen in training."""
    seen = {text for text, _ in make_dataset(train_n, train_seed)} if train_n else set()
    pairs = [pair for pair in make_dataset(n + len(seen) // 50 + 50, seed) if pair[0] not in seen]
    return pairs[:n]


def load_test(path) -> list[tuple[str, str]]:
    """The shipped held-out pairs, one "human<TAB>iso" per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if "\t" in line]


def parse_iso(text: str) -> dt.date | None:
    """The date an output names, or None when it is not a real calendar date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


TEST_FILE = "date_test.tsv"  # the shipped held-out pairs (another seed, no training input)
