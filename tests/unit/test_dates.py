"""The date data, the numpy translator against Keras, and the shipped model's quality."""

import collections
import datetime as dt

import numpy as np
import pytest

from core import assets
from core.translation import beam, translator
from core.translation import data as dates
from core.translation import errors as date_errors
from core.translation import model as date_model


@pytest.fixture(scope="module")
def shipped():
    return translator.shipped_model()


@pytest.fixture(scope="module")
def test_pairs():
    return dates.load_test(assets.resolve(dates.TEST_FILE))


def test_dataset_is_reproducible_consistent_and_unambiguous():
    pairs = dates.make_dataset(3000, seed=11)
    assert pairs == dates.make_dataset(3000, seed=11)
    assert pairs != dates.make_dataset(3000, seed=12)
    readings = collections.defaultdict(set)
    for text, iso in pairs:
        assert len(text) <= dates.TX and text == dates.normalise(text)
        assert set(text) <= set(dates.HUMAN_CHARS)
        assert dates.parse_iso(iso) is not None
        readings[text].add(iso)
    assert all(len(isos) == 1 for isos in readings.values()), "one input, two dates"
    assert len({text for text, _ in pairs}) > 2900  # many distinct styles and dates


def test_dataset_writes_the_day_and_year_it_means():
    for text, iso in dates.make_dataset(500, seed=3):
        date = dt.date.fromisoformat(iso)
        assert str(date.year) in text or f"{date.year % 100:02d}" in text
        if str(date.year) not in text:
            assert 1950 <= date.year <= 2049  # two-digit years are read as 1950-2049


def test_held_out_set_shares_no_input_with_training():
    train = {text for text, _ in dates.make_dataset(2000, 0)}
    test = dates.held_out(300, seed=1, train_seed=0, train_n=2000)
    assert len(test) == 300 and not train & {text for text, _ in test}


def test_encode_reports_unknown_and_truncated_input():
    enc = dates.encode("  3 MAY 1979 ☃ " + "x" * 40)
    assert enc.truncated and len(enc.text) == dates.TX
    assert "☃" in enc.unknown
    assert enc.ids[enc.text.index("☃")] == dates.HUMAN_INDEX[dates.UNK]
    empty = dates.encode("")
    assert (empty.ids == dates.HUMAN_INDEX[dates.PAD]).all() and not empty.truncated


def test_numpy_inference_matches_keras():
    model = date_model.build_keras(seed=3)  # random weights: nothing trained needed
    weights = date_model.weights_from_keras(model)
    numpy_model = date_model.DateModel(weights)
    pairs = dates.make_dataset(16, seed=5)
    x = np.stack([dates.encode(t).ids for t, _ in pairs])
    y = np.stack([dates.encode_iso(i) for _, i in pairs])
    probs = model(
        [date_model.one_hot(x, len(dates.HUMAN_VOCAB)), date_model.teacher_inputs(y)],
        training=False,
    ).numpy()
    keras_log_p = np.log(np.take_along_axis(probs, y[..., None], axis=-1)[..., 0])
    ours, alphas = numpy_model.teacher_forced(x, y)
    np.testing.assert_allclose(ours, keras_log_p, atol=1e-5)
    np.testing.assert_allclose(alphas.sum(axis=-1), 1.0, atol=1e-9)
    rebuilt = date_model.keras_from_weights(weights)
    again = rebuilt([date_model.one_hot(x, 44), date_model.teacher_inputs(y)], training=False)
    np.testing.assert_allclose(again.numpy(), probs, atol=1e-6)


def test_tiny_training_learns_something():
    train, val = dates.make_dataset(1500, 0), dates.make_dataset(200, 9)
    _, history = date_model.fit(train, val, epochs=2, batch_size=64)
    assert history["val_accuracy"][-1] > 0.3  # chance is 1/11 per character
    assert history["loss"][-1] < history["loss"][0]


def test_shipped_model_exact_match_on_the_held_out_set(shipped, test_pairs):
    assert len(test_pairs) >= 2000
    x = np.stack([dates.encode(text).ids for text, _ in test_pairs])
    ids, _, _ = shipped.greedy(x)
    accuracy = np.mean(
        [dates.decode_iso(r) == iso for r, (_, iso) in zip(ids, test_pairs, strict=True)]
    )
    assert accuracy >= 0.98


def test_shipped_model_on_fresh_dates_from_another_seed(shipped):
    pairs = dates.make_dataset(400, seed=2024)
    outputs = [translator.translate(text, model=shipped).output for text, _ in pairs]
    assert np.mean([o == iso for o, (_, iso) in zip(outputs, pairs, strict=True)]) >= 0.97


@pytest.mark.parametrize(
    "text, iso",
    [("3 May 1979", "1979-05-03"), ("Tuesday, March 3, 2009", "2009-03-03"),
     ("03.05.79", "1979-05-03"), ("may 3 1979", "1979-05-03"), ("3rd of May, 1979", "1979-05-03")],
)  # fmt: skip
def test_the_issues_examples(shipped, text, iso):
    assert translator.translate(text, model=shipped).output == iso


def test_translation_is_consistent_with_beam_and_teacher_forcing(shipped):
    for text in ("thu 1 jan 70", "the 21st of october, 2015", "hello world"):
        greedy = translator.translate(text, 1, model=shipped)
        ids, log_p, alpha = shipped.greedy(dates.encode(text).ids[None])
        assert greedy.output == dates.decode_iso(ids[0])
        np.testing.assert_allclose(greedy.attention, alpha[0], atol=1e-12)
        assert greedy.attention.shape == (dates.TY, dates.TX)
        assert greedy.log_prob == pytest.approx(log_p.sum())
        wide = translator.translate(text, 5, model=shipped)
        assert wide.log_prob >= greedy.log_prob - 1e-9  # B = 5 never finds worse than greedy
        steps, _ = shipped.teacher_forced(dates.encode(text).ids[None], np.array([wide.tokens]))
        assert wide.log_prob == pytest.approx(steps.sum())


def test_beam_batches_the_model_calls(shipped):
    scorer = shipped.scorer(dates.encode("3 may 1979").ids)
    beam.beam_search(scorer, date_model.BOS, None, 5, dates.TY)
    assert scorer.calls == dates.TY  # one batched decoder step per output position


def test_non_dates_are_flagged(shipped):
    assert translator.translate("hello world", model=shipped).low_confidence
    assert not translator.translate("3 may 1979", model=shipped).low_confidence


def test_error_attribution_follows_the_course_rule(shipped):
    case = date_errors.attribute(shipped, "3 may 1979", "1979-05-04")
    assert case.output == "1979-05-03" and case.fault == date_errors.MODEL
    assert case.log_p_output > case.log_p_reference
    right = date_errors.attribute(shipped, "3 may 1979", "1979-05-03")
    assert right.fault == date_errors.CORRECT
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        date_errors.check_reference("3 may")


def test_error_report_tallies_every_error(shipped):
    pairs = [("3 may 1979", "1979-05-04"), ("3 may 1979", "1979-05-03")]
    report = date_errors.test_report(shipped, pairs, beam_width=1)
    assert report["accuracy"] == 0.5 and len(report["errors"]) == 1
    assert sum(report["tally"].values()) == 1


def test_beam_fault_is_detected_with_a_misleading_search():
    """A hand-made case where greedy misses the likelier output: the search is to blame."""
    table = {(): [0.6, 0.4, 0.0], (0,): [0.0, 0.5, 0.5], (1,): [0.0, 0.0, 1.0]}

    def fn(prefixes):
        with np.errstate(divide="ignore"):
            return np.log([table.get(tuple(p[1:]), [0.0, 0.0, 1.0]) for p in prefixes])

    greedy = beam.beam_search(fn, 9, 2, 1, 3).best
    reference = (1, 2)
    assert beam.sequence_log_prob(fn, 9, reference) > greedy.log_prob  # beam search at fault


def test_shipped_error_reports_are_the_shipped_models_own(shipped, test_pairs):
    """The Error analysis page reads `python -m core.train date_errors`'s reports: computed
    from the shipped model and test set, equal to a fresh computation (greedy on both sets
    whole; a beam of 3 on the typo set's errors and on 60 of its other inputs), and not served
    for another model."""
    path = assets.resolve(date_errors.REPORTS_FILE)
    sources = date_errors.report_sources()
    reports = date_errors.load_reports(path, sources)
    assert reports is not None, "the reports are not those of the shipped model: rebuild them"
    assert set(reports) == {(b, t) for b in date_errors.BEAM_WIDTHS for t in (False, True)}
    assert date_errors.load_reports(path, {**sources, translator.MODEL_FILE: "0" * 64}) is None

    def rows(report):
        return [(e.text, e.reference, e.output, e.fault) for e in report["errors"]]

    for typos in (False, True):
        pairs = date_errors.with_typos(test_pairs) if typos else test_pairs
        fresh, stored = date_errors.test_report(shipped, pairs, 1), reports[(1, typos)]
        assert (stored["n"], stored["accuracy"], stored["tally"]) == (
            fresh["n"], fresh["accuracy"], fresh["tally"],
        )  # fmt: skip
        assert rows(stored) == rows(fresh)
        for a, b in zip(stored["errors"], fresh["errors"], strict=True):
            np.testing.assert_allclose(a.steps_output, b.steps_output, rtol=1e-6, atol=1e-9)
            np.testing.assert_allclose(a.log_p_reference, b.log_p_reference, rtol=1e-6)
    stored = reports[(3, True)]
    assert stored["accuracy"] == 1 - len(stored["errors"]) / stored["n"]
    wrong = {e.text: e.output for e in stored["errors"]}
    pairs = date_errors.with_typos(test_pairs)
    right = [(t, iso) for t, iso in pairs if dates.normalise(t) not in wrong][:60]
    for text, iso in right + [(e.text, e.reference) for e in stored["errors"]]:
        expected = wrong.get(dates.normalise(text), iso)
        assert translator.translate(text, 3, model=shipped).output == expected, text
