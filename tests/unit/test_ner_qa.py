"""NER and QA of week 4: generated data, tokens, entity F1 (by hand and against seqeval),
the numpy encoder against its Keras graph, and the shipped models' quality by inference."""

import re

import numpy as np
import pytest
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

from core import assets
from core.transformers import bio, entities, ner, qa, templates
from core.transformers.encoder import EncoderConfig, EncoderModel, load, save
from core.transformers.tokens import CONT, UNK, Vocab, truncate

# ----------------------------------------------------------------------------- data


def test_heldout_templates_are_never_training_templates():
    for relation, split in templates.SENTENCES.items():
        assert split["train"] and split["heldout"]
        assert not set(split["train"]) & set(split["heldout"]), relation
    for key, split in templates.QUESTIONS.items():
        assert not set(split["train"]) & set(split["heldout"]), key

    # a held-out sentence, its entities written as their types, fits no training template
    def typed(template):
        slots = {r: f"<{t}>" if t else "JOB" for r, t in templates.ROLES.items()}
        return re.escape(template.format(**slots)).replace("JOB", ".+")

    train = [re.compile(typed(t)) for s in templates.SENTENCES.values() for t in s["train"]]
    held = [re.compile(typed(t)) for s in templates.SENTENCES.values() for t in s["heldout"]]
    for s in entities.make_sentences(100, 1, "heldout"):
        text = s.text
        for e in reversed(s.entities):
            text = f"{text[: e.start]}<{e.label}>{text[e.end :]}"
        parts = re.split(r"(?<=\.) (?=\S)", text)  # its one or two facts
        assert all(any(p.fullmatch(f) for p in held) for f in parts), text
        assert not any(p.fullmatch(f) for p in train for f in parts), text


def test_entities_are_the_filled_values_and_splits_use_other_seeds():
    sentences = entities.make_sentences(200, 0)
    labels = set()
    for s in sentences:
        for e in s.entities:
            value = s.text[e.start : e.end]
            assert value == value.strip() and value, s
            labels.add(e.label)
    assert labels == set(entities.LABELS)
    assert entities.make_sentences(5, 0) == sentences[:5]  # seeded
    assert {s.text for s in sentences}.isdisjoint(s.text for s in entities.make_sentences(200, 2))


def test_qa_answers_sit_in_their_context_and_a_third_have_none():
    examples = entities.make_qa(300, 0)
    for e in examples:
        if e.answer is not None:
            assert e.context[e.start : e.start + len(e.answer)] == e.answer
            assert (e.start, e.start + len(e.answer)) in {(x.start, x.end) for x in e.entities}
    share = np.mean([e.answer is None for e in examples])
    assert 0.25 < share < 0.42
    with pytest.raises(ValueError, match="split"):
        entities.make_qa(1, 0, "test")


def test_bio_tags_by_hand():
    text = "Ana Ruiz joined Ruiz Ltd."
    s = entities.Sentence(text, (entities.Entity(0, 8, "PERSON"), entities.Entity(16, 24, "ORG")))
    words = Vocab(("[PAD]", "[UNK]", "[CLS]", "[SEP]")).encode(text).words
    assert entities.bio_tags(words, s.entities) == ["B-PERSON", "I-PERSON", "O", "B-ORG",
                                                    "I-ORG", "O"]  # fmt: skip


# ----------------------------------------------------------------------------- tokens


def test_unknown_words_are_spelled_numbers_read_by_shape_and_nothing_crashes():
    vocab = Vocab.build(["Ana paid $1,234 on 3 May 1999.", "Ana paid $5,678."], min_count=1)
    p = vocab.encode("Zoë paid $9,999 🚀")
    assert p.pieces[:3] == ("Z", CONT + "o", CONT + "ë")  # ë never seen: [UNK]
    assert vocab.tokens[p.ids[2]] == UNK
    assert p.pieces[3:6] == ("paid", "$", "0,000")  # unknown number, known shape
    assert p.spelled == ("Zoë", "🚀") and p.first_pieces() == [0, 3, 4, 5, 6]
    assert vocab.encode("").ids == () and vocab.encode(" \x00\t").pieces == ("\x00",)


def test_truncation_keeps_whole_words_and_counts_the_cut():
    vocab = Vocab.build(["a b c"], min_count=1)
    p = vocab.encode("a xyz b c")  # a x ##y ##z b c
    kept, cut = truncate(p, 3)  # the cut falls inside "xyz": it goes whole
    assert kept.pieces == ("a",) and cut == 3
    assert truncate(p, 6) == (p, 0)


# ----------------------------------------------------------------------------- entity F1

TRUE = [["B-PER", "I-PER", "O", "B-LOC", "I-LOC"], ["I-ORG", "O", "B-DATE", "I-DATE", "I-MONEY"]]
PRED = [["B-PER", "O", "O", "B-LOC", "I-LOC"], ["B-ORG", "O", "B-DATE", "I-DATE", "B-MONEY"]]


def test_entity_f1_by_hand():
    # sentence 1: PER "B I" predicted as one word (a miss and a false alarm), LOC right;
    # sentence 2: ORG (I- after nothing starts one), DATE, MONEY (I- after DATE starts one) right
    assert bio.spans(TRUE[1]) == [("ORG", 0, 1), ("DATE", 2, 4), ("MONEY", 4, 5)]
    s = bio.entity_scores(TRUE, PRED)
    assert (s.precision, s.recall, s.support) == (4 / 5, 4 / 5, 5)
    assert s.f1 == pytest.approx(0.8)
    assert s.per_label["PER"] == (0.0, 0.0, 0.0, 1) and s.per_label["LOC"] == (1.0, 1.0, 1.0, 1)
    with pytest.raises(ValueError, match="sequence 0"):
        bio.entity_scores([["O"]], [["O", "O"]])


def test_entity_f1_equals_seqeval_on_random_tags():
    rng = np.random.default_rng(0)
    tags = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "I-LOC"]
    true = [list(rng.choice(tags, 12)) for _ in range(50)]
    pred = [[t if rng.random() < 0.7 else rng.choice(tags) for t in row] for row in true]
    ours = bio.entity_scores(true, pred)
    assert ours.f1 == pytest.approx(f1_score(true, pred))
    assert ours.precision == pytest.approx(precision_score(true, pred))
    assert ours.recall == pytest.approx(recall_score(true, pred))
    report = classification_report(true, pred, output_dict=True)
    for label, (p, r, f, n) in ours.per_label.items():
        assert (p, r, f, n) == pytest.approx(
            tuple(report[label][k] for k in ("precision", "recall", "f1-score", "support"))
        )


# ----------------------------------------------------------------------------- numpy vs Keras


@pytest.mark.parametrize("span", [False, True], ids=["tagger", "span"])
def test_numpy_encoder_equals_keras(span, tmp_path):
    from core.transformers import encoder_training as et

    config = EncoderConfig(vocab=40, max_len=12, outputs=2 if span else 5, d_model=16,
                           num_heads=2, dff=24, types=3 if span else 0)  # fmt: skip
    keras_model = et.build_keras(config, span, seed=3)
    rng = np.random.default_rng(1)
    for layer in keras_model.encoder.enc_layers:  # LayerNorm's 1, 0 hide γ, β mix-ups
        for norm in (layer.layernorm1, layer.layernorm2):
            norm.set_weights([rng.normal(1, 0.3, 16), rng.normal(0, 0.3, 16)])
    ids = rng.integers(1, 40, (3, 10))
    ids[1, 6:], ids[2, 3:] = 0, 0  # padding
    types = rng.integers(0, 3, ids.shape) if span else None
    model = et.to_numpy(keras_model, config)
    scores, attention = model.forward(ids, types)
    want = np.asarray(keras_model.scores(ids.astype("int32"), types=types))
    real = ids != 0
    np.testing.assert_allclose(scores[real], want[real], atol=1e-5)
    mask = np.expand_dims(real, 1)
    _, keras_attention = keras_model.encoder(ids.astype("int32"), mask, types=types)
    for i, w in enumerate(keras_attention):  # (m, h, T, T) each; padded queries aside
        for b, n in enumerate(real.sum(axis=1)):
            np.testing.assert_allclose(attention[b, i, :, :n], np.asarray(w)[b, :, :n], atol=1e-5)
    save(model, ("a",), {"seed": 3}, tmp_path / "m.npz")
    again, vocab, meta = load(tmp_path / "m.npz")
    assert vocab == ("a",) and meta == {"seed": 3}
    np.testing.assert_allclose(again.forward(ids, types)[0], scores, atol=1e-5)
    back = et.from_numpy(again, span)
    np.testing.assert_allclose(np.asarray(back.scores(ids, types=types))[real], want[real],
                               atol=1e-5)  # fmt: skip


def test_end_given_start_equals_keras_and_decodes_the_best_pair(tmp_path):
    from core.transformers import encoder_training as et

    config = EncoderConfig(vocab=40, max_len=12, outputs=2, d_model=16, num_heads=2, dff=24,
                           types=3, end_given_start=True)  # fmt: skip
    keras_model = et.build_keras(config, True, seed=4)
    rng = np.random.default_rng(2)
    ids = rng.integers(1, 40, (3, 10)).astype("int32")
    ids[1, 6:] = 0
    types, start = rng.integers(0, 3, ids.shape).astype("int32"), np.array([0, 2, 5], "int32")
    want = np.asarray(keras_model((ids, ids != 0, types, start)))  # (m, 2, T) given `start`
    save(et.to_numpy(keras_model, config), ("a",), {}, tmp_path / "m.npz")
    model = load(tmp_path / "m.npz")[0]  # U survives the round trip
    x, _ = model.states(ids, types)
    for b, n in enumerate((ids != 0).sum(axis=1)):
        scores = x[b, :n] @ model.w["head/W"] + model.w["head/b"]
        np.testing.assert_allclose(scores[:, 0], want[b, 0, :n], atol=1e-5)
        ends = qa._end_scores(model, x[b, :n], scores)  # (n, n): row i, the start
        np.testing.assert_allclose(ends[start[b]], want[b, 1, :n], atol=1e-5)
        assert not np.allclose(ends[0], ends[1])  # the end depends on the start
    # decoding: the answer is the pair with the largest P_start(i) P_end(j | i), by brute force
    vocab = Vocab([*Vocab.build(["x"]).tokens, *(f"w{k}" for k in range(30))])
    reader = qa.Reader(EncoderModel(model.w, config), vocab, {})
    ctx = "w1 w2 w3 w4 w5 w6 w7"
    a = qa.answer(ctx, "w8 w9", reader)
    x, _ = model.states(np.array([a.inp.ids]), a.inp.types[None])
    keep = np.r_[0, a.inp.offset : a.inp.offset + 7]
    scores = x[0, keep] @ model.w["head/W"] + model.w["head/b"]
    p_s = np.exp(scores[:, 0]) / np.exp(scores[:, 0]).sum()
    e = np.exp(qa._end_scores(model, x[0, keep], scores))
    p_e = e / e.sum(axis=1, keepdims=True)
    pairs = {(i, j): p_s[i] * p_e[i, j] for i in range(1, 8) for j in range(i, 8)}
    best = max(pairs, key=pairs.get)
    if pairs[best] > p_s[0] * p_e[0, 0]:
        assert a.span_tokens == (best[0] - 1, best[1] - 1)
        np.testing.assert_allclose(a.prob, pairs[best])
        np.testing.assert_allclose(a.p_end, p_e[best[0]])
    else:
        assert a.text is None and np.isclose(a.prob, p_s[0] * p_e[0, 0])


def test_encoder_rejects_bad_ids_and_missing_weights():
    config = EncoderConfig(vocab=5, max_len=4, outputs=2, d_model=4, num_heads=2, dff=4)
    with pytest.raises(ValueError, match="weights"):
        EncoderModel({}, config)


# ----------------------------------------------------------------------------- rows


def test_training_rows_point_at_first_pieces_and_answer_tokens():
    vocab = Vocab.build(["Ana Ruiz founded Ruiz Ltd in Leeds. Who founded Ruiz Ltd?"], 1)
    s = entities.Sentence("Ana Qx founded", (entities.Entity(0, 6, "PERSON"),))
    ids, weights, tags = ner.rows([s], vocab)[0]
    assert list(weights) == [1, 1, 0, 1]  # "Qx" is spelled: Q ##x
    assert [entities.TAGS[t] for t in tags[weights > 0]] == ["B-PERSON", "I-PERSON", "O"]
    ctx = "Ana Ruiz founded Ruiz Ltd in Leeds."
    found = (entities.Entity(0, 8, "PERSON"), entities.Entity(17, 25, "ORG"),
             entities.Entity(29, 34, "LOC"))  # fmt: skip
    ex = entities.QAExample(ctx, "Who founded Ruiz Ltd?", "Ana Ruiz", 0, found)
    ids, allowed, (start, end), types, tags, tag_weights = qa.rows([ex], vocab)[0]
    assert [vocab.tokens[i] for i in ids[start : end + 1]] == ["Ana", "Ruiz"]
    # the auxiliary tags: one a context word, none on the question
    assert [entities.TAGS[t] for t in tags[tag_weights > 0]] == [
        "B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]  # fmt: skip
    assert not tag_weights[~allowed].any()
    # context words also in the question ("founded", "Ruiz", "Ltd") are type 2
    assert [vocab.tokens[i] for i in ids[types == 2]] == ["Ruiz", "founded", "Ruiz", "Ltd"]
    assert types[0] == 0 and not types[~allowed].any() and set(types[allowed][1:]) <= {1, 2}
    assert allowed[0] and not allowed[1:start].any() and allowed[start:-1].all()
    none = qa.rows([entities.QAExample(ctx, "Who founded Iyer Inc?", None, None)], vocab)[0]
    assert none[2] == (0, 0)


# ----------------------------------------------------------------------------- shipped models


@pytest.fixture(scope="module")
def tagger():
    return ner.shipped()


@pytest.fixture(scope="module")
def reader():
    return qa.shipped()


def test_shipped_models_are_small_and_recorded():
    for name in (ner.MODEL_FILE, qa.MODEL_FILE, ner.HELDOUT_FILE, qa.HELDOUT_FILE):
        path = assets.resolve(name)  # sha256 checked
        assert path.stat().st_size < 10 * 2**20


def test_shipped_tagger_reaches_the_f1_target_on_heldout_templates(tagger):
    heldout = entities.load_sentences(assets.resolve(ner.HELDOUT_FILE))
    assert len(heldout) == 1000
    assert ner.evaluate(tagger, heldout).f1 >= 0.9


@pytest.fixture(scope="module")
def qa_scores(reader):
    return qa.exact_match(reader, entities.load_qa(assets.resolve(qa.HELDOUT_FILE)))


def test_shipped_reader_beats_always_saying_no_answer(qa_scores):
    # a third of the held-out questions have no answer: saying "no answer" always scores ~0.33
    assert qa_scores["all"] >= 0.42
    assert qa_scores["answerable"] >= 0.3 and qa_scores["no_answer"] >= 0.6


def test_shipped_reader_reaches_the_exact_match_target_on_heldout_templates(qa_scores):
    assert qa_scores["all"] >= 0.9
    # neither class is given up for the other
    assert qa_scores["answerable"] >= 0.85 and qa_scores["no_answer"] >= 0.85


def test_tag_finds_entities_with_probabilities_and_attention(tagger):
    t = ner.tag("Priya Sharma founded Sharma Ltd in Pune on 3 May 1999.", tagger)
    found = {(s.text, s.label) for s in t.spans}
    assert {("Priya Sharma", "PERSON"), ("Sharma Ltd", "ORG"), ("Pune", "LOC"),
            ("3 May 1999", "DATE")} <= found  # fmt: skip
    np.testing.assert_allclose(t.probs.sum(axis=1), 1.0)
    n = len(t.pieces.ids)
    assert t.attention.shape == (2, 4, n, n)
    np.testing.assert_allclose(t.attention.sum(axis=-1), 1.0)


def test_tag_takes_bad_input(tagger):
    assert ner.tag("", tagger).spans == () and ner.tag("", tagger).words == ()
    odd = ner.tag("Xqzvbrt Wkkq joined 日本語 🚀 on 3 Mai 1999 \x00", tagger)
    assert "Xqzvbrt" in odd.pieces.spelled and len(odd.tags) == len(odd.words)
    long = ner.tag("Ana Ruiz was born in Leeds. " * 40, tagger)
    assert long.words_cut > 0 and len(long.pieces.ids) <= ner.MAX_LEN


def test_answer_finds_the_span_or_says_there_is_none(reader):
    ctx = (
        "Priya Sharma founded Sharma Ltd in Pune on 3 May 1999. Rao Group bought Iyer Inc "
        "for ₹4.5 million on 12 June 2015. Arjun Mehta was born in Chennai on 1 March 1980."
    )
    a = qa.answer(ctx, "How much did Rao Group pay for Iyer Inc?", reader)
    assert a.text == "₹4.5 million" and ctx[a.start : a.end] == a.text
    assert a.p_start.shape == (1 + len(a.inp.context.ids),)
    np.testing.assert_allclose([a.p_start.sum(), a.p_end.sum()], 1.0)
    assert qa.answer(ctx, "Where was Arjun Mehta born?", reader).text == "Chennai"
    none = qa.answer(ctx, "Where was Ravi Kumar born?", reader)
    assert none.text is None and none.prob == none.no_answer_prob


def test_answer_takes_bad_input(reader):
    empty = qa.answer("", "", reader)
    assert empty.text is None and empty.p_start.shape == (1,)
    long = qa.answer("Ana Ruiz was born in Leeds on 3 May 1990. " * 30, "Who?", reader)
    assert long.inp.words_cut > 0 and len(long.inp.ids) <= qa.MAX_LEN
    odd = qa.answer("Zqxw Vbn founded 日本語 Ltd. \x00", "Who founded 日本語 Ltd?", reader)
    assert odd.text is None or odd.text in "Zqxw Vbn founded 日本語 Ltd. \x00"
