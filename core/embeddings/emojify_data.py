"""The Emojify dataset: short sentences labelled with one of five emoji.

Course: Sequence Models, week 2, "Emojify". Written by this project from the
templates below (no download): each class has its own phrasings and slot words,
and negated sentences ("i am not happy") are labelled by what they mean, so a
model that ignores word order is caught out.
"""

from __future__ import annotations

import random

EMOJI = ("❤️", "⚾", "😄", "😞", "🍴")
NAMES = ("love", "sport", "happy", "sad", "food")

PEOPLE = (
    "you",
    "my mom",
    "my dad",
    "my wife",
    "my husband",
    "her",
    "him",
    "my family",
    "my friends",
    "my sister",
    "my brother",
    "my grandmother",
    "my kids",
    "my partner",
)
SPORTS = (
    "baseball",
    "football",
    "tennis",
    "soccer",
    "basketball",
    "golf",
    "hockey",
    "ball",
    "volleyball",
    "cricket",
)
FOODS = (
    "pizza",
    "pasta",
    "sushi",
    "a burger",
    "salad",
    "soup",
    "tacos",
    "pancakes",
    "rice",
    "sandwiches",
    "noodles",
    "steak",
    "curry",
    "cake",
)
MEALS = ("breakfast", "lunch", "dinner", "a snack", "dessert")
GOOD = ("happy", "glad", "cheerful", "joyful", "delighted", "thrilled", "excited")
BAD = ("sad", "upset", "unhappy", "miserable", "depressed", "lonely", "heartbroken")
VERY = ("so", "really", "very", "truly", "extremely", "quite")
WHO = ("i am", "we are", "she is", "he is", "they are", "i'm", "we're", "she's", "he's", "they're")
# Contractions as people type them; GloVe splits "don't" into do + n't, so the
# LSTM must meet n't in training to read it as a negation.
DONT = ("do not", "don't", "really don't", "just don't")

TEMPLATES: dict[int, tuple[str, ...]] = {
    0: (
        "i love {p}",
        "i adore {p}",
        "i really love {p}",
        "{p} means the world to me",
        "i miss {p} so much",
        "i will always love {p}",
        "you are the love of my life",
        "my heart belongs to {p}",
        "i cherish {p}",
        "sending hugs to {p}",
        "i care about {p} deeply",
        "love you forever",
        "i am so in love",
        "give me a kiss",
        "you are my sweetheart",
    ),
    1: (
        "let us play {s}",
        "i want to play {s}",
        "we won the {s} game",
        "the {s} match starts now",
        "he is a great {s} player",
        "she scored in the {s} game",
        "i practice {s} every day",
        "our team lost the {s} game",
        "throw me the ball",
        "do you want to watch {s}",
        "the coach trained us hard",
        "what a great catch",
        "he hit a home run",
        "{s} practice was tough today",
        "we are going to the stadium",
    ),
    2: (
        "i am so {g}",
        "i feel {g} today",
        "what a wonderful day",
        "this made me {g}",
        "i am {g} for you",
        "that is great news",
        "we had so much fun",
        "you made my day",
        "everything is awesome",
        "i can not stop smiling",
        "i can't stop smiling",
        "i like this",
        "i really like it",
        "i'm so {g}",
        "best day ever",
        "i passed the exam",
        "she is {g} with the result",
        "{w} {v} {g}",
        "{w} {v} {g} today",
        "feeling {g}",
        "i am feeling {v} {g}",
    ),
    3: (
        "i am so {b}",
        "i feel {b} today",
        "this is so disappointing",
        "nothing is going right",
        "i failed the exam",
        "i lost my job",
        "my day was terrible",
        "i miss the old days",
        "this is the worst day",
        "she is {b} about the news",
        "i want to cry",
        "i {d} like this",
        "i {d} like it at all",
        "i'm so {b}",
        "i can't take this anymore",
        "{w} {v} {b}",
        "{w} {v} {b} today",
        "feeling {b}",
        "i am feeling {v} {b}",
    ),
    4: (
        "let us have {f} for {m}",
        "i want to eat {f}",
        "i am hungry",
        "what is for {m}",
        "{f} is my favorite food",
        "do you want some {f}",
        "i cooked {f} for {m}",
        "this {f} is delicious",
        "let us grab {m}",
        "i had {f} for {m}",
        "we ordered {f}",
        "the restaurant serves great {f}",
        "i am starving",
        "can we get {m} now",
        "i baked {f} today",
    ),
}


# Negated sentences mean the opposite of their emotion word. They are a minority
# (NEGATED_SHARE of the happy and sad classes), as in everyday text, and come in
# both classes so that "not" alone says nothing: a model has to read the order.
NEGATED: dict[int, tuple[str, ...]] = {
    2: (
        "{w} not {b}",
        "i am not {b} at all",
        "i'm not feeling {b}",
        "i {d} feel {b}",
        "she isn't {b}",
    ),
    3: (
        "{w} not {g}",
        "i am not {g} at all",
        "i'm not feeling {g}",
        "i {d} feel {g}",
        "she isn't {g}",
    ),
}
NEGATED_SHARE = 0.2


def make_dataset(per_class: int = 100, seed: int = 0) -> list[tuple[str, int]]:
    """`per_class` distinct (sentence, label) pairs for each emoji, shuffled reproducibly."""
    rng = random.Random(seed)
    out: list[tuple[str, int]] = []
    for label, templates in TEMPLATES.items():
        seen: set[str] = set()
        attempts = 0
        while len(seen) < per_class and attempts < 50 * per_class:
            attempts += 1
            negated = label in NEGATED and rng.random() < NEGATED_SHARE
            sentence = rng.choice(NEGATED[label] if negated else templates).format(
                p=rng.choice(PEOPLE),
                s=rng.choice(SPORTS),
                f=rng.choice(FOODS),
                m=rng.choice(MEALS),
                g=rng.choice(GOOD),
                b=rng.choice(BAD),
                v=rng.choice(VERY),
                w=rng.choice(WHO),
                d=rng.choice(DONT),
            )
            seen.add(sentence)
        out += [(s, label) for s in sorted(seen)]
    rng.shuffle(out)
    return out


def split(pairs: list[tuple[str, int]], test_fraction: float = 0.2, seed: int = 0):
    """A stratified train/test split: the same share of every class in the test set."""
    rng = random.Random(seed)
    train, test = [], []
    for label in range(len(EMOJI)):
        items = [p for p in pairs if p[1] == label]
        rng.shuffle(items)
        cut = round(len(items) * test_fraction)
        test += items[:cut]
        train += items[cut:]
    return train, test
