"""Word lists the embedding lessons use: projector presets, analogy questions, bias words.

Every word is lower case (GloVe 6B is uncased) and in GloVe's vocabulary (tested).
"""

from __future__ import annotations

CAPITALS = (
    ("france", "paris"), ("germany", "berlin"), ("italy", "rome"), ("spain", "madrid"),
    ("portugal", "lisbon"), ("russia", "moscow"), ("japan", "tokyo"), ("china", "beijing"),
    ("egypt", "cairo"), ("greece", "athens"), ("turkey", "ankara"), ("poland", "warsaw"),
    ("austria", "vienna"), ("hungary", "budapest"), ("sweden", "stockholm"),
    ("norway", "oslo"), ("finland", "helsinki"), ("denmark", "copenhagen"),
    ("ireland", "dublin"), ("england", "london"), ("canada", "ottawa"), ("australia", "canberra"),
    ("kenya", "nairobi"), ("peru", "lima"), ("chile", "santiago"), ("cuba", "havana"),
    ("iran", "tehran"), ("iraq", "baghdad"), ("thailand", "bangkok"), ("vietnam", "hanoi"),
    ("afghanistan", "kabul"), ("pakistan", "islamabad"), ("ukraine", "kiev"),
    ("belgium", "brussels"), ("netherlands", "amsterdam"), ("switzerland", "bern"),
)  # fmt: skip
GENDER = (
    ("man", "woman"), ("king", "queen"), ("boy", "girl"), ("father", "mother"),
    ("son", "daughter"), ("brother", "sister"), ("husband", "wife"), ("uncle", "aunt"),
    ("nephew", "niece"), ("prince", "princess"), ("he", "she"), ("his", "her"),
    ("grandfather", "grandmother"), ("grandson", "granddaughter"), ("actor", "actress"),
    ("waiter", "waitress"), ("gentleman", "lady"), ("male", "female"), ("mr", "mrs"),
    ("stepfather", "stepmother"), ("emperor", "empress"), ("boyfriend", "girlfriend"),
    ("sir", "madam"), ("dad", "mom"), ("groom", "bride"), ("lord", "lady"),
    ("monk", "nun"), ("duke", "duchess"), ("policeman", "policewoman"), ("hero", "heroine"),
)  # fmt: skip
PLURALS = (
    ("car", "cars"), ("dog", "dogs"), ("cat", "cats"), ("house", "houses"), ("city", "cities"),
    ("child", "children"), ("woman", "women"), ("man", "men"), ("mouse", "mice"),
    ("foot", "feet"), ("tooth", "teeth"), ("country", "countries"), ("book", "books"),
    ("bird", "birds"), ("apple", "apples"), ("tree", "trees"), ("key", "keys"),
    ("horse", "horses"), ("girl", "girls"), ("boy", "boys"), ("computer", "computers"),
    ("road", "roads"), ("river", "rivers"), ("window", "windows"), ("bottle", "bottles"),
    ("eye", "eyes"), ("hand", "hands"), ("student", "students"), ("teacher", "teachers"),
    ("night", "nights"),
)  # fmt: skip
PAST_TENSE = (
    ("walk", "walked"), ("go", "went"), ("see", "saw"), ("take", "took"), ("write", "wrote"),
    ("eat", "ate"), ("run", "ran"), ("speak", "spoke"), ("swim", "swam"), ("sing", "sang"),
    ("play", "played"), ("jump", "jumped"), ("dance", "danced"), ("give", "gave"),
    ("know", "knew"), ("think", "thought"), ("bring", "brought"), ("buy", "bought"),
    ("fly", "flew"), ("grow", "grew"), ("draw", "drew"), ("drive", "drove"),
    ("fall", "fell"), ("sleep", "slept"), ("listen", "listened"), ("look", "looked"),
    ("decrease", "decreased"), ("increase", "increased"), ("say", "said"), ("sell", "sold"),
)  # fmt: skip
COMPARATIVES = (
    ("big", "bigger"), ("small", "smaller"), ("good", "better"), ("bad", "worse"),
    ("fast", "faster"), ("slow", "slower"), ("tall", "taller"), ("short", "shorter"),
    ("old", "older"), ("young", "younger"), ("strong", "stronger"), ("weak", "weaker"),
    ("cheap", "cheaper"), ("hard", "harder"), ("easy", "easier"), ("large", "larger"),
    ("long", "longer"), ("high", "higher"), ("low", "lower"), ("warm", "warmer"),
    ("cold", "colder"), ("hot", "hotter"), ("heavy", "heavier"), ("wide", "wider"),
    ("deep", "deeper"), ("rich", "richer"), ("poor", "poorer"), ("great", "greater"),
    ("quick", "quicker"), ("smart", "smarter"),
)  # fmt: skip
ANALOGY_CATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "capital–country": tuple((capital, country) for country, capital in CAPITALS),
    "male–female": GENDER,
    "singular–plural": PLURALS,
    "verb tense (present–past)": PAST_TENSE,
    "comparative": COMPARATIVES,
}
PROFESSIONS = (
    "receptionist", "nurse", "secretary", "homemaker", "librarian", "hairdresser", "nanny",
    "stylist", "dancer", "teacher", "designer", "pharmacist", "doctor", "lawyer", "scientist",
    "engineer", "programmer", "architect", "pilot", "surgeon", "carpenter", "plumber",
    "mechanic", "soldier", "captain", "banker", "philosopher", "boss", "manager", "chef",
)  # fmt: skip
NUMBERS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "hundred", "thousand", "million", "billion",
    "first", "second", "third", "fourth", "fifth", "1", "2", "3", "4", "5", "10", "100",
)  # fmt: skip


def analogy_questions(per_pair: int = 2) -> list[tuple[str, str, str, str, str]]:
    """(category, a, b, c, d): "a is to b as c is to d", pairing each pair with the next ones."""
    questions = []
    for category, pairs in ANALOGY_CATEGORIES.items():
        n = len(pairs)
        for i, (a, b) in enumerate(pairs):
            for k in range(1, per_pair + 1):
                c, d = pairs[(i + 7 * k) % n]
                if len({a, b, c, d}) == 4:
                    questions.append((category, a, b, c, d))
    return questions


def presets(frequent: list[str] | None = None) -> dict[str, list[str]]:
    """Projector presets: name → word list (the frequent-words one needs the vocabulary)."""
    sets = {
        "Countries & capitals": [w for pair in CAPITALS[:20] for w in pair],
        "Gender pairs": [w for pair in GENDER[:20] for w in pair],
        "Professions": list(PROFESSIONS) + ["man", "woman"],
        "Numbers": list(NUMBERS),
        "Verb tenses": [w for pair in PAST_TENSE[:20] for w in pair],
        "Comparatives": [w for pair in COMPARATIVES[:20] for w in pair],
    }
    if frequent is not None:
        sets["2,000 most frequent words"] = frequent[:2000]
    return sets
