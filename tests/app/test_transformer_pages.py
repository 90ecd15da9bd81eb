"""The Week 4 pages driven like a student would: odd settings, bad text, the longest input."""

import base64
import json

import numpy as np

from core.translation import data as dates
from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, messages, open_page


def _set(at, kind, key, value):
    getattr(at, kind)(key=key).set_value(value)
    at.run()
    assert_clean(at, f"{key} = {value!r}")


def _chart(at, title_part):
    """The figure spec (data and layout) of the chart whose title contains `title_part`."""
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec["layout"].get("title", {})
        if title_part in (title.get("text", "") if isinstance(title, dict) else str(title)):
            return spec
    raise AssertionError(f"no chart titled …{title_part}…")


def _array(value) -> np.ndarray:
    """A figure's array as Plotly serialises it: a list, or {"dtype", "bdata", "shape"}."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(flat))).split(",")]
        return flat.reshape(shape)
    return np.array(value, dtype=float)


def test_positional_encoding_bad_sizes_odd_d_model_and_words():
    at = open_page(lesson_named("Positional encoding"))
    z = _array(_chart(at, "one row per position")["data"][0]["z"])
    assert z.shape == (50, 64) and np.abs(z).max() <= 1
    _set(at, "slider", "pe_d_model", 7)
    assert any("odd" in m and "i = 6" in m for m in messages(at))
    assert _array(_chart(at, "one row per position")["data"][0]["z"]).shape == (50, 7)
    for key in ("pe_d_model", "pe_max_len"):
        _set(at, "slider", key, 0)
        assert any("at least one position and one dimension" in m for m in messages(at))
        _set(at, "slider", key, 7 if key == "pe_d_model" else 50)
    _set(at, "text_input", "pe_word", "qzxwv")
    assert any("not in GloVe" in m for m in messages(at))
    _set(at, "text_input", "pe_word", "king queen")
    assert any("one word" in m for m in messages(at))
    _set(at, "text_input", "pe_word", "king")
    own = at.dataframe[-2].value
    assert own.iloc[0, 0] != "king" and len(own) == 8  # the word itself is not its neighbour
    for weight in (0.5, 1.0, 2.0):  # the caption says what the two tables show (issue 54 §2)
        _set(at, "slider", "pe_weight", weight)
        moved = list(at.dataframe[-1].value.iloc[:, 0])
        kept = sum(w in moved for w in own.iloc[:, 0])
        note = next(c.value for c in at.caption if " still among the 8 nearest" in c.value)
        assert note.startswith("‖e_king‖ = ") and f"‖{weight:g}·PE(10)‖ = {5 * weight:.2f}" in note
        assert f"{kept} of the word's 8 neighbours {'is' if kept == 1 else 'are'} still" in note
        assert ("survives" in note) == (moved[0] == "king" and 2 * kept >= 8), note
        assert ("drowned" in note) == ("king" not in moved), note
    _set(at, "slider", "pe_weight", 0.0)  # no encoding: the same neighbours
    assert list(at.dataframe[-1].value.iloc[:, 0])[1:] == list(own.iloc[:, 0])[:7]


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_self_attention_masks_scale_and_unknown_words():
    at = open_page(lesson_named("Self-attention"))
    w = _array(_chart(at, "α = softmax")["data"][0]["z"])
    n = len(w)
    assert n == 10 + 2  # ten words and two <pad>
    np.testing.assert_allclose(np.nansum(w, axis=1), 1.0, atol=0.02)  # printed to 2 decimals
    assert np.all(w[:, -2:] == 0)  # the padding mask
    _set(at, "toggle", "sa_causal", True)
    w = _array(_chart(at, "α = softmax")["data"][0]["z"])
    assert np.all(np.triu(w, 1) == 0)
    scaled, unscaled = (float(_metric(at, f"Largest weight, {s}")) for s in ("scaled", "unscaled"))
    assert unscaled >= scaled

    def saturation() -> str:  # the caption under the metrics follows them (issue 54 §2)
        return next(c.value for c in at.caption if c.value.startswith("Here d_k = "))

    assert "sees a single key" in saturation()  # query 1 under the look-ahead mask
    _set(at, "toggle", "sa_causal", False)
    assert float(_metric(at, "Largest weight, unscaled")) < 0.9
    assert "not saturated yet" in saturation()
    _set(at, "toggle", "sa_project", False)  # Q = K = V = GloVe: d_k = 50
    # query 1 is "the", in the sentence twice: two equal keys share the saturated softmax
    assert saturation().startswith("Here d_k = 50: the softmax without the scale gives 0.9")
    assert "“1 the” and “5 the” (the same word: the same key)" in saturation()
    assert float(_metric(at, "Largest weight, unscaled")) >= 0.45
    _set(at, "pills", "sa_query", "2 cat")
    assert float(_metric(at, "Largest weight, unscaled")) >= 0.9
    assert "gives nearly all the weight to one key" in saturation()
    _set(at, "toggle", "sa_project", True)
    _set(at, "text_input", "sa_text", "the qzxwv cat")
    assert any("'qzxwv'" in m and "not in GloVe" in m for m in messages(at))
    _set(at, "radio", "sa_vectors", "Small random vectors")
    assert not any("not in GloVe" in m for m in messages(at))
    _set(at, "text_input", "sa_text", "word " * 40)
    assert any(f"first {10} words" in m for m in messages(at))


def test_multi_head_page_at_the_longest_input_every_kind_and_downloads():
    at = open_page(lesson_named("Multi-head attention"))
    assert at.metric[0].value == "1979-05-03" and at.metric[1].value == "1979-05-03"
    longest = "wednesday, 21st of october 2015"  # 31 characters: one over T_x
    _set(at, "text_input", "mha_text", longest)
    assert any(f"T_x = {dates.TX}" in m for m in messages(at))
    for kind in ("Encoder self-attention", "Decoder self-attention (masked)",
                 "Cross-attention (decoder → input)"):  # fmt: skip
        _set(at, "radio", "mha_kind", kind)
        for head in ("Head 1", "Mean of the heads"):
            _set(at, "radio", "mha_head", head)
            grid = _chart(at, "Every layer and head")
            assert len(grid["layout"]["annotations"]) == 2 * 4  # one tile per layer and head
            first_row = _array(grid["data"][0]["z"])[0]
            cols = int(np.argmax(np.isnan(first_row)))  # the first tile ends at its gutter
            assert cols == (dates.TY if kind.startswith("Decoder") else dates.TX)
    labels = [d.label for d in at.get("download_button")]
    assert any("CSV" in label for label in labels) and any("Figure" in label for label in labels)


def test_multi_head_bad_text():
    at = open_page(lesson_named("Multi-head attention"))
    _set(at, "text_input", "mha_text", "   ")
    assert any("Type a date" in m for m in messages(at))
    _set(at, "text_input", "mha_text", "3 may 1979 ☃")
    assert any("'☃'" in m and "<unk>" in m for m in messages(at))
