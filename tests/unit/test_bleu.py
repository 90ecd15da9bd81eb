"""core.translation.bleu against sacrebleu (13a tokenisation, no smoothing for corpus BLEU)."""

import math
import random
import re

import pytest

from core.translation import bleu

sacrebleu = pytest.importorskip("sacrebleu")

WORDS = [
    "the",
    "cat",
    "is",
    "on",
    "mat",
    "a",
    "there",
    "dog",
    ",",
    ".",
    "sat",
    "3-4",
    "he's",
    '"quoted"',
    "&amp;",
    "1,000",
    "3.5",
    "end-of-line",
    "(yes)",
    "x/y",
    "$5",
    "<b>",
    "it's",
    "U.S.A.",
    "e.g.",
    "100%",
    "don't",
]


def random_corpus(seed: int, n: int, refs: int):
    rng = random.Random(seed)

    def sent(k):
        return " ".join(rng.choice(WORDS) for _ in range(k))

    hyps = [sent(rng.randint(0, 20)) for _ in range(n)]
    streams = [[sent(rng.randint(1, 20)) for _ in range(n)] for _ in range(refs)]
    return hyps, streams


def real_corpus(seed: int, n: int):
    """Sentences of Python's own documentation as references, edited ones as candidates."""
    from pydoc_data import topics

    text = " ".join(topics.topics.values())
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 20 < len(s) < 200]
    rng = random.Random(seed)
    refs = rng.sample(sentences, n)
    hyps = []
    for ref in refs:
        words = ref.split()
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(len(words))
            action = rng.choice(("drop", "swap", "repeat"))
            if action == "drop" and len(words) > 1:
                words.pop(i)
            elif action == "swap":
                j = rng.randrange(len(words))
                words[i], words[j] = words[j], words[i]
            else:
                words.insert(i, words[i])
        hyps.append(" ".join(words))
    return hyps, [refs]


def per_hypothesis(streams):
    return [list(refs) for refs in zip(*streams, strict=True)]


@pytest.mark.parametrize("seed, refs", [(0, 1), (1, 2), (2, 4)])
def test_corpus_bleu_equals_sacrebleu_on_random_corpora(seed, refs):
    hyps, streams = random_corpus(seed, 300, refs)
    ours = bleu.corpus_bleu(hyps, per_hypothesis(streams))
    ref = sacrebleu.corpus_bleu(hyps, streams, smooth_method="none", force=True)
    assert ours.score == pytest.approx(ref.score, abs=0.01)
    assert list(ours.counts) == list(ref.counts) and list(ours.totals) == list(ref.totals)
    assert (ours.sys_len, ours.ref_len) == (ref.sys_len, ref.ref_len)
    assert ours.bp == pytest.approx(ref.bp)
    assert ours.precisions == pytest.approx(ref.precisions)


@pytest.mark.parametrize("seed", [0, 1])
def test_corpus_bleu_equals_sacrebleu_on_real_text(seed):
    hyps, streams = real_corpus(seed, 200)
    ours = bleu.corpus_bleu(hyps, per_hypothesis(streams))
    ref = sacrebleu.corpus_bleu(hyps, streams, smooth_method="none")
    assert 10 < ref.score < 100
    assert ours.score == pytest.approx(ref.score, abs=0.01)


@pytest.mark.parametrize("seed", range(4))
def test_sentence_bleu_equals_sacrebleu(seed):
    hyps, streams = random_corpus(seed + 10, 60, 2)
    for hyp, refs in zip(hyps, per_hypothesis(streams), strict=True):
        ours = bleu.sentence_bleu(hyp, refs)
        assert ours.score == pytest.approx(sacrebleu.sentence_bleu(hyp, refs).score, abs=0.01)


@pytest.mark.parametrize("seed", range(2))
def test_lowercase_equals_sacrebleus_lowercase_option(seed):
    hyps, streams = random_corpus(seed + 20, 40, 2)
    hyps = [h.upper() if i % 2 else h.title() for i, h in enumerate(hyps)]  # case differs
    ours = bleu.corpus_bleu(hyps, per_hypothesis(streams), lowercase=True)
    ref = sacrebleu.corpus_bleu(hyps, streams, smooth_method="none", lowercase=True, force=True)
    assert ours.score == pytest.approx(ref.score, abs=0.01) and ref.score > 0
    cased = sacrebleu.corpus_bleu(hyps, streams, smooth_method="none", force=True)
    assert bleu.corpus_bleu(hyps, per_hypothesis(streams)).score == pytest.approx(
        cased.score, abs=0.01
    )
    for hyp, refs in zip(hyps, per_hypothesis(streams), strict=True):
        mine = bleu.sentence_bleu(hyp, refs, lowercase=True)
        theirs = sacrebleu.sentence_bleu(hyp, refs, lowercase=True)
        assert mine.score == pytest.approx(theirs.score, abs=0.01)


def test_an_upper_cased_copy_only_matches_with_lowercase():
    ref = "the cat is on the mat"
    assert bleu.sentence_bleu(ref.upper(), [ref]).score < 10
    assert bleu.sentence_bleu(ref.upper(), [ref], lowercase=True).score == pytest.approx(100)


def test_effective_order_counts_only_the_orders_that_exist():
    refs = ["the cat is on the mat", "there is a cat on the mat"]
    short = bleu.sentence_bleu("the cat", refs)  # 2 tokens: no 3- or 4-grams
    assert short.order == 2
    assert short.score == pytest.approx(sacrebleu.sentence_bleu("the cat", refs).score, abs=0.01)
    geo = math.exp(sum(math.log(p / 100) for p in short.precisions[: short.order]) / short.order)
    assert short.score == pytest.approx(100 * short.bp * geo)  # BLEU = BP · geometric mean
    paper = bleu.sentence_bleu("the cat", refs, smooth="none", effective_order=False)
    assert paper.order == 4 and paper.score == 0.0  # an empty order makes the paper's BLEU 0
    theirs = sacrebleu.sentence_bleu(
        "the cat", refs, smooth_method="none", use_effective_order=False
    )
    assert theirs.score == 0.0


def test_tokenisation_is_13a():
    tok = sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a()
    for line in [*WORDS, "Hello, world. 3,5 and 3.5-4 (a/b) &quot;q&quot; it's-ok\n"]:
        assert " ".join(bleu.tokenize_13a(line)) == tok(line.rstrip())


def test_the_course_example_by_hand():
    # Candidate "the the the the the the the", references from the lecture: p1 = 2/7.
    result = bleu.sentence_bleu(
        "the the the the the the the", ["the cat is on the mat", "there is a cat on the mat"],
        smooth="none", effective_order=False,
    )  # fmt: skip
    assert result.counts[0] == 2 and result.totals[0] == 7
    assert result.precisions[0] == pytest.approx(100 * 2 / 7)
    assert result.matched[0] == {("the",): 2}
    assert result.score == 0.0 and "2-gram" in result.note


def test_brevity_penalty_by_hand():
    result = bleu.sentence_bleu("the cat", ["the cat is on the mat"], smooth="none")
    assert result.bp == pytest.approx(2.718281828 ** (1 - 6 / 2))


@pytest.mark.parametrize(
    "hyp, refs", [("", ["the cat"]), ("the cat", []), ("the cat", ["", "  "]), ("", [""])]
)
def test_empty_inputs_score_zero_with_a_reason(hyp, refs):
    result = bleu.sentence_bleu(hyp, refs)
    assert result.score == 0.0 and result.note


def test_empty_corpus_and_mismatched_lengths():
    assert bleu.corpus_bleu([], []).score == 0.0
    with pytest.raises(ValueError, match="one list of references per hypothesis"):
        bleu.corpus_bleu(["a"], [])
