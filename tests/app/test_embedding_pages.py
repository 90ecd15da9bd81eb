"""The Week 2 embedding pages driven like a student would, with odd inputs."""

import re

import numpy as np

from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, finish_training, messages, open_page


def _set(at, kind, key, value):
    getattr(at, kind)(key=key).set_value(value)
    at.run()
    assert_clean(at, f"{key} = {value!r}")


def test_projector_typed_words_unknown_duplicates_and_a_huge_list():
    at = open_page(lesson_named("Embedding projector"))
    _set(at, "selectbox", "proj_source", "Type my own")
    _set(at, "text_area", "proj_words", "King king QUEEN man woman qeen paris france")
    text = " ".join(messages(at))
    assert "Repeated words" in text and "'queen'" in text  # suggestion for "qeen"
    assert at.selectbox(key="proj_focus").options[0] == "king"
    _set(at, "text_area", "proj_words", " ".join(f"word{i}" for i in range(10_000)))
    assert any("beyond the first 2,000" in m for m in messages(at))
    _set(at, "text_area", "proj_words", "the of and to in")
    _set(at, "radio", "proj_method", "t-SNE")
    _set(at, "radio", "proj_dims", "3-D")
    _set(at, "text_input", "proj_ax_b", "zzzqqq")
    assert any("not in GloVe" in m for m in messages(at))


def test_projector_presets_come_from_the_shipped_projections():
    at = open_page(lesson_named("Embedding projector"))
    _set(at, "selectbox", "proj_source", "2,000 most frequent words")
    _set(at, "radio", "proj_method", "UMAP")  # shipped: no numba compile in the test
    assert "2,000 words" in str(at.get("plotly_chart")[0].proto.spec)


def test_analogies_repeated_and_unknown_words():
    at = open_page(lesson_named("Analogies & similarity"))
    assert at.dataframe[1].value["answer"].iloc[0] == "queen"
    _set(at, "text_input", "ana_c", "Man")
    assert any("same" in m for m in messages(at))
    _set(at, "text_input", "ana_c", "kingg")
    assert any("Did you mean" in m for m in messages(at))
    _set(at, "text_area", "ana_pairs", "one\nfather mother\nx y z")
    assert sum("exactly two" in m for m in messages(at)) == 2


def test_debiasing_pca_axis_and_bad_pairs():
    at = open_page(lesson_named("Debiasing"))
    _set(at, "radio", "deb_axis", "the first principal component of several pairs")
    _set(at, "text_input", "deb_pairs", "man woman, lonely, he she")
    assert any("left out" in m for m in messages(at))
    _set(at, "text_input", "deb_pairs", "")
    assert any("falls back" in m for m in messages(at))


def test_word2vec_trains_live_and_rejects_a_too_short_text():
    at = open_page(lesson_named("Learning embeddings: word2vec"))
    _set(at, "slider", "w2v_epochs", 1)
    _set(at, "slider", "w2v_dim", 10)
    at.button(key="w2v_train").click()
    at.run()
    finish_training(at)
    assert_clean(at, "train")
    assert at.success and "Trained" in at.success[0].value
    _set(at, "radio", "w2v_source", "Pasted text")
    _set(at, "text_area", "w2v_text", "a tiny text")
    at.button(key="w2v_train").click()
    at.run()
    finish_training(at)
    assert any("at least 10" in m for m in messages(at))


def test_emojify_examples_and_negation():
    at = open_page(lesson_named("Emojify"))
    assert at.metric[0].value == "😄" and at.metric[1].value == "😞"  # not feeling happy
    _set(at, "selectbox", "emo_text_examples", "i am starving")
    assert at.metric[1].value == "🍴"
    _set(at, "text_input", "emo_text", "qwxz zzyq")
    assert any("Not in GloVe" in m for m in messages(at))


def test_emojify_shows_the_bias_and_captions_what_its_numbers_say():
    import base64
    import json

    from core import assets
    from core.embeddings import emojify
    from core.embeddings.glove import Embeddings

    models, _ = emojify.load(assets.resolve(emojify.MODEL_FILE), Embeddings.load())
    at = open_page(lesson_named("Emojify"))
    for sentence in ("not feeling happy", "happy", "i don't like this"):
        _set(at, "text_input", "emo_text", sentence)
        p = models.average_model(sentence)
        heat = next(
            fig["data"][0]
            for fig in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
            if "bias b" in fig["data"][0].get("y", ())
        )  # the contributions chart has a row for b, and its last row is the logits
        z = heat["z"]
        shape = [int(n) for n in z["shape"].split(",")]
        logits = np.frombuffer(base64.b64decode(z["bdata"]), z["dtype"]).reshape(shape)[-1]
        np.testing.assert_allclose(logits - logits.mean(), np.log(p.probs) - np.log(p.probs).mean(),
                                   atol=1e-6)  # fmt: skip
        caption = next(c.value for c in at.caption if "adds most to" in c.value)
        for word, row in zip(p.known[:4], p.contributions[:4], strict=True):  # 4 are named
            top = int(np.argmax(row))
            assert f"*{word}* adds most to {emojify.EMOJI[top]} ({row[top]:.2f})" in caption
        if {"not", "n't"} & set(p.known):  # the negation sentence says what model 2 does instead
            assert caption.endswith(f"says {emojify.EMOJI[models.lstm_model(sentence).label]}.")


def test_word2vec_uploads_bad_files_get_messages_and_keep_the_typed_text():
    at = open_page(lesson_named("Learning embeddings: word2vec"))
    _set(at, "radio", "w2v_source", "Pasted text")
    _set(at, "text_area", "w2v_text", "kept text " * 30)
    for name, data, expected in [
        ("empty.txt", b"", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", ".txt"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "UTF-8"),
        ("big.txt", b"a " * 600_000, "1 MB"),
    ]:
        at.file_uploader(key="w2v_upload").set_value((name, data, "application/octet-stream"))
        at.run()
        assert_clean(at, name)
        assert any(expected in m for m in messages(at)), name
        assert at.text_area(key="w2v_text").value == "kept text " * 30


def test_debiasing_leaves_out_only_the_bad_pair_and_says_what_was_typed():
    at = open_page(lesson_named("Debiasing"))
    _set(at, "radio", "deb_axis", "the first principal component of several pairs")
    _set(at, "text_input", "deb_pairs", "man woman, he she, father mother, xyzzyq qwrtz")
    text = " ".join(messages(at))
    assert "xyzzyq" in text and "falls back" not in text
    assert any("3 centred pairs" in c.value for c in at.caption)
    _set(at, "text_input", "deb_pairs", "man woman he, , boy girl")
    text = " ".join(messages(at))
    assert "“man woman he”" in text and "left out: man, ." not in text
    _set(at, "text_area", "deb_words", "engineer nurse")
    assert not any("0.330779" in c.value for c in at.caption)


def test_an_unknown_analogy_word_keeps_the_accuracy_report():
    at = open_page(lesson_named("Analogies & similarity"))
    for value in ("qwxzzy", ""):
        _set(at, "text_input", "ana_c", value)
        assert any(h.value == "How often is it right?" for h in at.header), value
        assert any(m.label == "Accuracy over all questions" for m in at.metric)


def test_word2vec_refuses_a_corpus_without_content_words_and_drops_the_old_run():
    at = open_page(lesson_named("Learning embeddings: word2vec"))
    _set(at, "slider", "w2v_epochs", 1)
    at.button(key="w2v_train").click()
    at.run()
    finish_training(at)
    assert_clean(at, "pydoc run")
    assert any("Trained" in s.value for s in at.success)
    _set(at, "radio", "w2v_source", "Pasted text")
    _set(at, "text_area", "w2v_text", "ab cd ef gh ij kl mn op qr st uv wx " * 6)
    at.button(key="w2v_train").click()
    at.run()
    finish_training(at)
    assert_clean(at, "no content words")
    assert any("Not trained" in m for m in messages(at))
    assert not any("Trained" in s.value for s in at.success)


def test_word2vec_warns_before_settings_that_take_minutes():
    at = open_page(lesson_named("Learning embeddings: word2vec"))
    assert not any("take about" in m for m in messages(at))  # the defaults are quick
    for key, value in (("w2v_dim", 100), ("w2v_window", 5), ("w2v_k", 20), ("w2v_epochs", 20)):
        at.slider(key=key).set_value(value)
    at.run()
    warning = next(m for m in messages(at) if "take about" in m)
    assert re.search(r"take about [3-5] min", warning), warning  # 208 s measured in issue 54
    assert "min" in at.button(key="w2v_train").label
