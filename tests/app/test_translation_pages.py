"""The Week 3 translation pages driven like a student would, with odd inputs."""

from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, messages, open_page


def _type(at, key, value):
    at.text_input(key=key).set_value(value)
    at.run()
    assert_clean(at, f"{key} = {value!r}")


def test_translation_shows_output_attention_and_follows_the_clicked_step():
    at = open_page(lesson_named("Translation with attention"))
    assert at.metric[0].value == "1979-05-03"
    at.selectbox(key="nmt_text_examples").set_value("25/12/1999")
    at.run()
    assert at.text_input(key="nmt_text").value == "25/12/1999"
    assert at.metric[0].value == "1999-12-25"
    step = at.get("pills")[0]
    assert len(step.options) == 10
    step.set_value(step.options[8])  # the first digit of the day
    at.run()
    assert_clean(at, "step pill")
    assert any("t = 9" in h.value for h in at.subheader)


def test_translation_bad_inputs_get_messages_not_tracebacks():
    at = open_page(lesson_named("Translation with attention"))
    _type(at, "nmt_text", "   ")
    assert any("Type a date" in m for m in messages(at))
    _type(at, "nmt_text", "the 3rd of may in the year 1979 at noon")
    assert any("longer than the model's T_x = 30" in m for m in messages(at))
    _type(at, "nmt_text", "3 may 1979 ☃")
    assert any("'☃'" in m and "<unk>" in m for m in messages(at))
    _type(at, "nmt_text", "hello world")
    assert any("Low confidence" in m for m in messages(at))
    at.slider(key="nmt_beam").set_value(10)
    at.run()
    assert_clean(at, "beam 10")


def test_beam_search_on_both_models():
    at = open_page(lesson_named("Beam search"))
    at.slider(key="beam_width").set_value(10)
    at.run()
    assert len(at.dataframe[0].value) >= 1
    at.radio(key="beam_model").set_value("English-word character model")
    at.run()
    assert_clean(at, "word model")
    ranked = at.dataframe[0].value
    assert len(ranked) == 10 and ranked["output"].str.len().min() >= 1
    assert not [w for w in at.text_input if w.key == "beam_text"]  # no text box for words
    at.radio(key="beam_model").set_value("Date translator")
    at.run()
    _type(at, "beam_text", "")
    assert any("Type a date" in m for m in messages(at))


def test_error_analysis_blames_the_model_on_real_typo_failures():
    at = open_page(lesson_named("Error analysis"))
    at.radio(key="err_set").set_value("Held-out dates with a typo in a word")
    at.run()
    assert_clean(at, "typo set")
    failures = [o for o in at.selectbox(key="err_case").options if "should be" in o]
    assert failures, "the typo set should have real failures"
    at.selectbox(key="err_case").set_value(failures[0])
    at.run()
    assert (
        "RNN model at fault" in at.error[0].value or "Beam search at fault" in at.warning[0].value
    )
    _type(at, "err_ref", "3 may")
    assert any("YYYY-MM-DD" in m for m in messages(at))


def test_bleu_presets_empty_fields_and_pasted_pairs():
    at = open_page(lesson_named("BLEU score"))
    assert float(at.metric[0].value) > 0
    # the date set's corpus BLEU (cached once per process) is the translator's, scored afresh
    from core import assets
    from core.translation import bleu, translator
    from core.translation import data as dates
    from core.translation import errors as date_errors

    pairs = dates.load_test(assets.resolve(dates.TEST_FILE))
    wrong = {
        e.text: e.output
        for e in date_errors.test_report(translator.shipped_model(), pairs, 1)["errors"]
    }
    fresh = bleu.corpus_bleu([wrong.get(t, iso) for t, iso in pairs], [[iso] for _, iso in pairs])
    shown = next(m for m in at.metric if m.label == "Corpus BLEU")
    assert shown.value == f"{fresh.score:.2f}"
    at.selectbox(key="bleu_preset").set_value("A good machine translation")
    at.run()
    assert at.metric[0].value == "100.00"
    _type(at, "bleu_candidate", "")
    assert any("empty" in m for m in messages(at)) and at.metric[0].value == "0.00"
    _type(at, "bleu_candidate", "the cat")
    for i in range(4):
        at.text_input(key=f"bleu_ref_{i}").set_value("")
    at.run()
    assert_clean(at, "no references")
    assert any("no reference" in m for m in messages(at))
    at.radio(key="bleu_corpus").set_value("Pasted sentence pairs")
    at.run()
    at.text_area(key="bleu_pairs").set_value("a b c ||| a b c\nno separator here\n")
    at.run()
    assert_clean(at, "pasted pairs")
    assert any("without '|||'" in m for m in messages(at))
    at.text_area(key="bleu_pairs").set_value("")
    at.run()
    assert_clean(at, "no pairs")
