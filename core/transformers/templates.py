"""Sentence and question templates of the NER and QA data: training and held-out, disjoint.

Each relation (a founding, a hiring, …) has roles; a template writes some of them. Held-out
templates reorder and reword the facts with mostly the same words, so the held-out score
measures reading a new sentence, not memorising one. Questions name the roles they give
and the one they ask for. The tests check that no held-out template is a training one.
"""

from __future__ import annotations

# role → entity type (None: a filler that is not an entity, e.g. a job title)
ROLES = {
    "person": "PERSON", "company": "ORG", "target": "ORG", "place": "LOC", "date": "DATE",
    "amount": "MONEY", "job": None,
}  # fmt: skip

SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "founded": {
        "train": (
            "{person} founded {company} in {place} on {date}.",
            "{company} was founded by {person} on {date}.",
            "On {date}, {person} founded {company}.",
            "{person} started {company} in {place}.",
            "{company}, founded in {place} by {person}, opened on {date}.",
            "Founded by {person} in {place}, {company} grew quickly.",
            "It was {person} who founded {company} on {date}.",
            "{place} is home to {company}, which {person} founded on {date}.",
            "On {date}, {company} was founded in {place}.",
            "The founder of {company}, {person}, lives in {place}.",
        ),
        "heldout": (
            "{company} was started by {person} in {place} on {date}.",
            "In {place}, {person} founded {company} on {date}.",
        ),
    },
    "joined": {
        "train": (
            "{person} joined {company} as {job} on {date}.",
            "{company} hired {person} as {job} on {date}.",
            "On {date}, {person} became {job} at {company}.",
            "{person} works as {job} at {company}.",
            "Since {date}, {person} has worked for {company} in {place}.",
            "{company} gave {person} a job as {job}.",
            "In {place}, {company} hired {person} on {date}.",
            "The new {job} at {company} is {person}.",
        ),
        "heldout": (
            "{person} was hired by {company} on {date} as {job}.",
            "On {date}, {company} hired {person}.",
        ),
    },
    "acquired": {
        "train": (
            "{company} bought {target} for {amount} on {date}.",
            "{target} was bought by {company} for {amount}.",
            "On {date}, {company} acquired {target} for {amount}.",
            "{company} paid {amount} for {target}.",
            "The deal, worth {amount}, gave {company} control of {target}.",
            "{target} was sold to {company} on {date}.",
            "In a deal signed on {date}, {company} bought {target}.",
            "{company} spent {amount} to buy {target}.",
        ),
        "heldout": (
            "{company} agreed to buy {target} for {amount} on {date}.",
            "For {amount}, {target} was acquired by {company}.",
        ),
    },
    "born": {
        "train": (
            "{person} was born in {place} on {date}.",
            "Born on {date} in {place}, {person} grew up there.",
            "{person} was born on {date}.",
            "{person}, born in {place}, turned twenty on {date}.",
            "In {place}, on {date}, {person} was born.",
            "The birthplace of {person} is {place}.",
        ),
        "heldout": (
            "{person} was born on {date} in {place}.",
            "{place} is where {person} was born.",
        ),
    },
    "salary": {
        "train": (
            "{person} earns {amount} a year at {company}.",
            "{company} pays {person} {amount} a year.",
            "{person} makes {amount} a month as {job}.",
            "As {job} at {company}, {person} earns {amount}.",
            "Every year {company} pays {amount} to {person}.",
            "The salary of {person} at {company} is {amount}.",
        ),
        "heldout": (
            "At {company}, {person} earns {amount} a year.",
            "{person} is paid {amount} a year by {company}.",
        ),
    },
    "office": {
        "train": (
            "{company} opened an office in {place} on {date}.",
            "{company} is based in {place}.",
            "{company} moved to {place} on {date}.",
            "In {place}, {company} opened an office on {date}.",
            "The head office of {company} is in {place}.",
            "On {date}, {company} moved its office to {place}.",
        ),
        "heldout": (
            "On {date}, {company} opened a new office in {place}.",
            "{company} has its head office in {place}.",
        ),
    },
}

# (relation, asked role) → {"train": …, "heldout": …}; the placeholders are the given roles
QUESTIONS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("founded", "person"): {
        "train": (
            "Who founded {company}?",
            "Who started {company}?",
            "{company} was founded by whom?",
            "Who is the founder of {company}?",
        ),
        "heldout": ("Who was {company} founded by?",),
    },
    ("founded", "company"): {
        "train": (
            "Which company did {person} found?",
            "What did {person} start?",
            "Which company was started by {person}?",
            "What is the company {person} founded?",
        ),
        "heldout": ("What company was founded by {person}?",),
    },
    ("founded", "date"): {
        "train": (
            "When was {company} founded?",
            "When did {person} found {company}?",
            "What was the date {company} was founded?",
            "On which day did {person} start {company}?",
        ),
        "heldout": ("On what date was {company} founded?",),
    },
    ("founded", "place"): {
        "train": (
            "Where was {company} founded?",
            "Where did {person} start {company}?",
            "Which city was {company} founded in?",
            "In what place did {person} found {company}?",
        ),
        "heldout": ("In which city was {company} founded?",),
    },
    ("joined", "company"): {
        "train": (
            "Which company did {person} join?",
            "Where does {person} work?",
            "Which company hired {person}?",
            "{person} works at which company?",
        ),
        "heldout": ("Who hired {person}?",),
    },
    ("joined", "person"): {
        "train": (
            "Who joined {company}?",
            "Who did {company} hire?",
            "Who works for {company}?",
            "Which person was hired by {company}?",
        ),
        "heldout": ("Who works at {company}?",),
    },
    ("joined", "date"): {
        "train": (
            "When did {person} join {company}?",
            "When was {person} hired?",
            "On which day was {person} hired?",
            "What was the date {person} joined {company}?",
        ),
        "heldout": ("On what date did {person} join {company}?",),
    },
    ("acquired", "company"): {
        "train": (
            "Who bought {target}?",
            "Which company acquired {target}?",
            "By which company was {target} acquired?",
            "{target} was sold to which company?",
        ),
        "heldout": ("{target} was bought by which company?",),
    },
    ("acquired", "target"): {
        "train": (
            "What did {company} buy?",
            "Which company did {company} acquire?",
            "Which company was bought by {company}?",
            "What company did {company} acquire?",
        ),
        "heldout": ("What was acquired by {company}?",),
    },
    ("acquired", "amount"): {
        "train": (
            "How much did {company} pay for {target}?",
            "How much was {target} bought for?",
            "What was the price of {target}?",
            "At what price was {target} sold?",
        ),
        "heldout": ("What price did {company} pay for {target}?",),
    },
    ("acquired", "date"): {
        "train": (
            "When was {target} bought?",
            "When did {company} acquire {target}?",
            "On which day did {company} buy {target}?",
            "What was the date of the deal for {target}?",
        ),
        "heldout": ("On what date was {target} acquired?",),
    },
    ("born", "place"): {
        "train": (
            "Where was {person} born?",
            "Which city was {person} born in?",
            "In what place was {person} born?",
            "Where is {person} from?",
        ),
        "heldout": ("In which city was {person} born?",),
    },
    ("born", "date"): {
        "train": (
            "When was {person} born?",
            "What is the date of birth of {person}?",
            "On which day was {person} born?",
        ),
        "heldout": ("On what date was {person} born?",),
    },
    ("salary", "amount"): {
        "train": (
            "How much does {person} earn?",
            "How much does {person} make?",
            "What is the salary of {person}?",
            "How much money is paid to {person}?",
        ),
        "heldout": ("How much is {person} paid?",),
    },
    ("salary", "company"): {
        "train": (
            "Which company pays {person}?",
            "By which company is {person} paid?",
            "Who pays {person}?",
            "Who pays the salary of {person}?",
        ),
        "heldout": ("Who is {person} paid by?",),
    },
    ("office", "place"): {
        "train": (
            "Where is {company} based?",
            "Where did {company} open an office?",
            "Which city is {company} based in?",
            "In what city is the office of {company}?",
        ),
        "heldout": ("In which city is {company} based?",),
    },
    ("office", "date"): {
        "train": (
            "When did {company} open an office?",
            "When did {company} move?",
            "On which day did {company} move?",
            "What was the date {company} opened its office?",
        ),
        "heldout": ("On what date did {company} open its office?",),
    },
}
