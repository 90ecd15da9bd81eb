"""Check-yourself questions of the Transformer applications: named entities, question answering."""

from __future__ import annotations

import numpy as np

from dashboard.checks.base import Check, Reveal, pick, question

NONE = "none (O)"
NAMED = (
    "Priya Sharma joined Tata Group as Data scientist on 3 May 2019 in Mumbai.",
    "Ana Ruiz founded Ruiz Ltd in Leeds on 2 May 1990.",
    "John Smith paid $2,500 to Acme Inc in Boston.",
    "Maria Rossi moved to Milan in June 2011.",
)


def _entity(tag: str) -> str:
    return NONE if tag == "O" else tag[2:]


@question("named-entity-recognition")
def tag_of_a_word(rng: np.random.Generator) -> Check:
    from core.transformers.entities import TAGS

    sentence = pick(rng, NAMED)
    words = sentence.rstrip(".").split()
    word = pick(rng, words)
    options = (*sorted({_entity(t) for t in TAGS} - {NONE}), NONE)

    def reveal() -> Reveal:
        from dashboard import ner_qa_cache

        tagged = ner_qa_cache.tag(sentence)
        found = next((i for i, w in enumerate(tagged.words) if w.text == word.strip(",$")), None)
        tag = tagged.tags[found] if found is not None else "O"
        prob = float(tagged.probs[found].max()) if found is not None else float("nan")
        return Reveal(_entity(tag), f"The encoder tags “{word}” **{tag}** (P = {prob:.2f}). "
                      "It reads the whole sentence at once: capitals, the words around a name "
                      "and the shapes of dates and money decide.")  # fmt: skip

    return Check(f"In “{sentence}”, which entity type will the encoder give “{word}”?",
                 reveal, options)  # fmt: skip


@question("named-entity-recognition")
def lower_case_name(rng: np.random.Generator) -> Check:
    sentence = pick(rng, NAMED)
    lowered = sentence.lower()
    options = ("yes, a PERSON", "no PERSON")

    def reveal() -> Reveal:
        from dashboard import ner_qa_cache

        spans = ner_qa_cache.tag(lowered).spans
        found = ", ".join(f"{lowered[s.start : s.end]} ({s.label})" for s in spans) or "none"
        people = any(s.label == "PERSON" for s in spans)
        return Reveal(
            options[0] if people else options[1],
            f"Spans found: {found}. Trained only on Faker's capitalised names, the encoder "
            "leans on the capital letter; a pretrained BERT knows names from its reading.",
        )

    return Check(f"Lower-case the whole sentence: “{lowered}”. Will the encoder still find a "
                 "PERSON?", reveal, options)  # fmt: skip


def _example(rng: np.random.Generator, answerable: bool | None = None):
    from dashboard import ner_qa_cache

    examples = ner_qa_cache.qa_examples()
    if answerable is not None:
        examples = [e for e in examples if (e.answer is not None) == answerable] or examples
    return pick(rng, examples)


@question("question-answering")
def answer_or_not(rng: np.random.Generator) -> Check:
    example = _example(rng)
    options = ("it gives an answer", "it says “no answer”")

    def reveal() -> Reveal:
        from dashboard import ner_qa_cache

        a = ner_qa_cache.answer(example.context, example.question)
        answer = options[1] if a.text is None else options[0]
        said = f"“{a.text}”" if a.text is not None else "no answer"
        return Reveal(
            answer,
            f"The reader says {said} (P(no answer) = {a.no_answer_prob:.2f}); "
            f"the held-out label is {example.answer or 'no answer'}. “No answer” is "
            "the span [CLS]–[CLS] winning over every span of the context.",
        )

    return Check(f"Context: “{example.context}” Question: “{example.question}” Will the "
                 "reader answer, or say the context does not tell?", reveal, options)  # fmt: skip


@question("question-answering")
def exact_match(rng: np.random.Generator) -> Check:
    example = _example(rng, answerable=True)
    options = ("exactly right", "not exactly")

    def reveal() -> Reveal:
        from dashboard import ner_qa_cache

        a = ner_qa_cache.answer(example.context, example.question)
        answer = options[0] if a.text == example.answer else options[1]
        return Reveal(
            answer,
            f"Predicted span: “{a.text}” (P = {a.prob:.2f}); reference: "
            f"“{example.answer}”. Exact match needs the same first and last word.",
        )

    return Check(f"Context: “{example.context}” Question: “{example.question}” Will the "
                 "reader's span match the reference answer exactly?", reveal, options)  # fmt: skip
