"""Generated sentences with entities (NER) and contexts with questions (QA), offline.

Course: Sequence Models, week 4, the named-entity recognition and question answering
labs. Faker fills the templates of `core.transformers.templates` with names, companies,
cities and countries, dates, amounts of money and job titles of several English locales.
Training and held-out sets use disjoint templates and different seeds.

Entities are character spans `(start, end, label)` of the text; `bio_tags` turns them into
one BIO tag per word (B-PERSON on a name's first word, I-PERSON on the rest, O elsewhere).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from core.transformers import templates
from core.transformers.tokens import Word

LOCALES = ("en_US", "en_GB", "en_AU", "en_IN", "en_NZ", "en_IE")
LABELS = ("PERSON", "ORG", "LOC", "DATE", "MONEY")
TAGS = ("O", *(f"{p}-{label}" for label in LABELS for p in ("B", "I")))
CURRENCY = {
    "en_US": ("$", "dollars"), "en_GB": ("£", "pounds"), "en_AU": ("A$", "dollars"),
    "en_IN": ("₹", "rupees"), "en_NZ": ("NZ$", "dollars"), "en_IE": ("€", "euros"),
}  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
SPLITS = ("train", "heldout")
SLOT_RE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Sentence:
    """A text and its entities (character spans)."""

    text: str
    entities: tuple[Entity, ...]


@dataclass(frozen=True)
class QAExample:
    """A context, a question and its answer (None: the context does not say).

    `entities`: the context's entities, known when generated (QA training also tags them);
    not saved in the JSONL files."""

    context: str
    question: str
    answer: str | None
    start: int | None  # character offset of the answer in the context
    entities: tuple[Entity, ...] = field(default=(), compare=False)


@cache
def _faker(locale: str):
    from faker import Faker

    return Faker(locale)


def _date(rng: random.Random) -> str:
    d = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 130))
    month = MONTHS[d.month - 1]
    return rng.choice((
        f"{d.day} {month} {d.year}", f"{month} {d.day}, {d.year}", f"{d.day} {month[:3]} {d.year}",
        f"{d.day}/{d.month}/{d.year}", d.isoformat(), f"{month[:3]} {d.day}, {d.year}",
    ))  # fmt: skip


def _money(rng: random.Random, locale: str) -> str:
    symbol, word = CURRENCY[locale]
    n = rng.choice((rng.randrange(100, 10_000), rng.randrange(10_000, 2_000_000)))
    return rng.choice((
        f"{symbol}{n:,}", f"{symbol}{rng.randrange(1, 999) / 10:.1f} million", f"{n:,} {word}",
    ))  # fmt: skip


def _value(role: str, rng: random.Random, locale: str) -> str:
    return " ".join(_raw_value(role, rng, locale).split())  # Faker leaves stray spaces


def _raw_value(role: str, rng: random.Random, locale: str) -> str:
    fake = _faker(locale)
    fake.seed_instance(rng.randrange(2**31))
    if role == "person":
        return f"{fake.first_name()} {fake.last_name()}"
    if role in ("company", "target"):
        return fake.company()
    if role == "place":
        if rng.random() < 0.7:
            return fake.city()
        return next(c for c in iter(fake.country, None) if "," not in c and "(" not in c)
    if role == "date":
        return _date(rng)
    if role == "amount":
        return _money(rng, locale)
    return next(j for j in iter(fake.job, None) if not re.search(r"[,(/]", j) and j.count(" ") < 3)


def fill(template: str, values: dict[str, str]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The template with its slots filled, and each role's character span in the text."""
    out, spans, pos = [], {}, 0
    for m in SLOT_RE.finditer(template):
        out.append(template[pos : m.start()])
        start = sum(map(len, out))
        out.append(values[m.group(1)])
        spans[m.group(1)] = (start, start + len(values[m.group(1)]))
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), spans


def _fact(relation: str, template: str, rng: random.Random, locale: str, taken: set[str]):
    """(text, {role: span}, {role: value}) of one template, with values not yet in `taken`."""
    values = {}
    for role in SLOT_RE.findall(template):
        value = _value(role, rng, locale)
        while value in taken or value in values.values():
            value = _value(role, rng, locale)
        values[role] = value
    taken.update(values.values())
    text, spans = fill(template, values)
    return text, spans, values


def _pick(split: str, rng: random.Random) -> tuple[str, str]:
    relation = rng.choice(sorted(templates.SENTENCES))
    return relation, rng.choice(templates.SENTENCES[relation][split])


def make_sentences(n: int, seed: int, split: str = "train") -> list[Sentence]:
    """`n` NER sentences (a third of them two facts long) from the `split`'s templates."""
    rng, out = random.Random(seed), []
    for _ in range(n):
        locale, taken, texts, entities, offset = rng.choice(LOCALES), set(), [], [], 0
        for _ in range(1 if rng.random() < 0.67 else 2):
            relation, template = _pick(split, rng)
            text, spans, _ = _fact(relation, template, rng, locale, taken)
            for role, (s, e) in spans.items():
                if templates.ROLES[role]:
                    entities.append(Entity(offset + s, offset + e, templates.ROLES[role]))
            texts.append(text)
            offset += len(text) + 1
        out.append(Sentence(" ".join(texts), tuple(sorted(entities, key=lambda e: e.start))))
    return out


def bio_tags(words: tuple[Word, ...] | list[Word], entities: tuple[Entity, ...]) -> list[str]:
    """One BIO tag per word: B- on an entity's first word, I- on the others inside it."""
    tags = ["O"] * len(words)
    for ent in entities:
        inside = [i for i, w in enumerate(words) if w.start >= ent.start and w.end <= ent.end]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + ent.label
    return tags


def _questions(relation: str, split: str, roles: set[str]) -> tuple[list, list]:
    """(answerable, unanswerable) (asked role, question template) pairs for a fact whose
    template wrote `roles`: a question is asked only when the roles it names are there."""
    yes, no = [], []
    for (rel, asked), phrasings in templates.QUESTIONS.items():
        for q in phrasings[split] if rel == relation else ():
            if set(SLOT_RE.findall(q)) <= roles:
                (yes if asked in roles else no).append((asked, q))
    return yes, no


def _qa_one(rng: random.Random, split: str, no_answer: float) -> QAExample | None:
    locale, taken, facts = rng.choice(LOCALES), set(), []
    for relation in rng.sample(sorted(templates.SENTENCES), rng.choice((2, 3))):
        template = rng.choice(templates.SENTENCES[relation][split])
        facts.append((relation, *_fact(relation, template, rng, locale, taken)))
    offsets = [sum(len(f[1]) + 1 for f in facts[:i]) for i in range(len(facts))]
    context = " ".join(f[1] for f in facts)
    found = tuple(Entity(o + s, o + e, templates.ROLES[role])
                  for o, f in zip(offsets, facts, strict=True)
                  for role, (s, e) in sorted(f[2].items(), key=lambda kv: kv[1])
                  if templates.ROLES[role])  # fmt: skip
    k = rng.randrange(len(facts))
    relation, _, spans, values = facts[k]
    yes, no = _questions(relation, split, set(spans))
    if not yes:
        return None
    if rng.random() >= no_answer:  # answerable
        asked, q = rng.choice(yes)
        start = offsets[k] + spans[asked][0]
        return QAExample(context, q.format(**values), values[asked], start, found)
    if no and rng.random() < 0.5:  # the fact is there, this detail is not
        _, q = rng.choice(no)
        return QAExample(context, q.format(**values), None, None, found)
    _, q = rng.choice(yes)  # the question names someone the context never mentions
    fresh = dict(values)
    for role in SLOT_RE.findall(q):
        while fresh[role] in taken or fresh[role] in context:
            fresh[role] = _value(role, rng, locale)
    return QAExample(context, q.format(**fresh), None, None, found)


def make_qa(n: int, seed: int, split: str = "train", no_answer: float = 1 / 3) -> list[QAExample]:
    """`n` (context of 2–3 facts, question, answer) examples; a share `no_answer` of them
    ask what the context does not say (half a missing detail, half a stranger)."""
    if split not in SPLITS:
        raise ValueError(f"argument `split` expected one of {SPLITS}, got {split!r}")
    rng, out = random.Random(seed), []
    while len(out) < n:
        example = _qa_one(rng, split, no_answer)
        if example is not None:
            out.append(example)
    return out


def save_jsonl(items: list[Sentence] | list[QAExample], path: Path) -> None:
    """One JSON object a line (entities as [start, end, label])."""
    rows = []
    for item in items:
        row = asdict(item)
        if isinstance(item, Sentence):
            row["entities"] = [[e.start, e.end, e.label] for e in item.entities]
        else:
            del row["entities"]
        rows.append(json.dumps(row, ensure_ascii=False))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def load_sentences(path: Path) -> list[Sentence]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Sentence(r["text"], tuple(Entity(*e) for e in r["entities"])) for r in rows]


def load_qa(path: Path) -> list[QAExample]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [QAExample(**r) for r in rows]
