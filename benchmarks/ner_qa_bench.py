"""Week 4 applications: the NER tagger and the QA reader, quality on held-out templates and
the time of one prediction."""

from __future__ import annotations

from benchmarks.timing import median_time, ok
from core import assets
from core.transformers import entities, ner, qa

F1_TARGET = 0.90
EM_TARGET = 0.90
ONE_TARGET_S = 0.050
SIZE_TARGET_MB = 10
SENTENCE = "Priya Sharma joined Tata Group as Data scientist on 3 May 2019 in Mumbai."
CONTEXT = (
    "Priya Sharma founded Sharma Ltd in Pune on 3 May 1999. Rao Group bought Iyer Inc for "
    "₹4.5 million on 12 June 2015. Arjun Mehta was born in Chennai on 1 March 1980."
)
QUESTION = "How much did Rao Group pay for Iyer Inc?"


def section() -> list[str]:
    tagger, reader = ner.shipped(), qa.shipped()
    sentences = entities.load_sentences(assets.resolve(ner.HELDOUT_FILE))
    examples = entities.load_qa(assets.resolve(qa.HELDOUT_FILE))
    f1 = ner.evaluate(tagger, sentences)
    em = qa.exact_match(reader, examples)
    one_tag = median_time(lambda: ner.tag(SENTENCE, tagger))
    longest = " ".join(["Ana Ruiz was born in Leeds on 3 May 1990."] * 12)
    one_tag_long = median_time(lambda: ner.tag(longest, tagger))
    one_answer = median_time(lambda: qa.answer(CONTEXT, QUESTION, reader))
    one_answer_long = median_time(lambda: qa.answer(longest * 2, QUESTION, reader))
    mb = {name: assets.resolve(name).stat().st_size / 2**20
          for name in (ner.MODEL_FILE, qa.MODEL_FILE)}  # fmt: skip
    per = ", ".join(f"{label} {f:.3f}" for label, (_, _, f, _) in f1.per_label.items())
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    return [
        "## Transformers: named-entity recognition and question answering "
        f"(`assets/{ner.MODEL_FILE}`, `assets/{qa.MODEL_FILE}`)",
        "",
        f"Encoders trained here (`python -m core.train ner`, `… qa`; {tagger.meta['epochs']} and "
        f"{reader.meta['epochs']} epochs in {tagger.meta['train_seconds']} s and "
        f"{reader.meta['train_seconds']} s), scored on held-out sets written from templates never "
        "used in training (another Faker seed). Run in numpy; see docs/ner-qa.md for the recipes.",
        "",
        "| measure | value | target |",
        "|---|---:|:---:|",
        f"| NER entity F1, exact span ({f1.support:,} held-out entities) | {f1.f1:.3f} | "
        f"{ok(f1.f1 >= F1_TARGET)} ≥ {F1_TARGET} |",
        f"| … by type | {per} | |",
        f"| QA exact match ({len(examples):,} held-out questions) | {em['all']:.3f} | "
        f"{ok(em['all'] >= EM_TARGET)} ≥ {EM_TARGET} |",
        f"| … answerable / no answer | {em['answerable']:.3f} / {em['no_answer']:.3f} | |",
        f"| parameters NER / QA | {tagger.encoder.parameters:,} / {reader.encoder.parameters:,} "
        "| |",
        f"| shipped files NER / QA | {mb[ner.MODEL_FILE]:.2f} / {mb[qa.MODEL_FILE]:.2f} MB | "
        f"{ok(max(mb.values()) < SIZE_TARGET_MB)} < {SIZE_TARGET_MB} MB each |",
        f"| one NER prediction, {len(SENTENCE.split())} words (median) | {ms(one_tag)} | "
        f"{ok(one_tag < ONE_TARGET_S)} < {ms(ONE_TARGET_S)} |",
        f"| one NER prediction, {ner.MAX_LEN} tokens, the most it reads (median) | "
        f"{ms(one_tag_long)} | {ok(one_tag_long < ONE_TARGET_S)} < {ms(ONE_TARGET_S)} |",
        f"| one QA answer, 3-sentence context (median) | {ms(one_answer)} | "
        f"{ok(one_answer < ONE_TARGET_S)} < {ms(ONE_TARGET_S)} |",
        f"| one QA answer, {qa.MAX_LEN} tokens, the most it reads (median) | "
        f"{ms(one_answer_long)} | {ok(one_answer_long < ONE_TARGET_S)} < {ms(ONE_TARGET_S)} |",
        "",
        "Each prediction returns every layer's and head's attention, which the pages draw.",
        "",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
