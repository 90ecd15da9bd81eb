"""core.rnn.gates: features worked by hand, correlations against numpy, LSTMVis search by hand."""

import numpy as np
import pytest

from core.rnn import gates


def test_char_features_by_hand():
    f = gates.char_features("abe\nxo")
    np.testing.assert_array_equal(f["position in the word"], [0, 1, 2, 0, 0, 1])
    np.testing.assert_array_equal(f["characters to the end"], [3, 2, 1, 0, 2, 1])
    np.testing.assert_array_equal(f["next character ends the word"], [0, 0, 1, 0, 0, 0])
    np.testing.assert_array_equal(f["vowel"], [1, 0, 1, 0, 0, 1])
    assert "position inside a bar" not in f  # no bar lines: a constant feature is left out
    bars = gates.char_features("ab|cde|f")["position inside a bar"]
    np.testing.assert_array_equal(bars, [0, 1, 2, 0, 1, 2, 3, 0])


def test_correlations_equal_numpy_corrcoef_and_constant_units_give_zero():
    rng = np.random.default_rng(0)
    h = rng.normal(size=(200, 5))
    h[:, 3] = 1.0
    feature = rng.normal(size=200)
    r = gates.correlations(h, feature)
    for u in (0, 1, 2, 4):
        assert r[u] == pytest.approx(np.corrcoef(h[:, u], feature)[0, 1], abs=1e-12)
    assert r[3] == 0.0
    with pytest.raises(ValueError, match="expected h"):
        gates.correlations(h, feature[:10])


def test_legible_units_finds_the_unit_planted_on_a_feature():
    text = "\n".join(["triceratops", "rex", "velociraptor", "ankylosaurus"] * 5)
    rng = np.random.default_rng(1)
    h = rng.normal(scale=0.5, size=(len(text), 8))
    position = gates.char_features(text)["position in the word"]
    h[:, 6] = np.tanh(position / 5) + rng.normal(scale=0.05, size=len(text))
    found = gates.legible_units(h, text)
    by_feature = {u.feature: u for u in found}
    assert by_feature["position in the word"].unit == 6
    assert by_feature["position in the word"].r > 0.9
    assert all(abs(u.r) >= 0.3 for u in found)
    assert [abs(u.r) for u in found] == sorted((abs(u.r) for u in found), reverse=True)


def test_match_pattern_ranks_runs_by_length_and_extra_units_by_hand():
    h = np.zeros((30, 4))
    h[2:5, [0, 1]] = 1.0  # the query: units 0 and 1 on for 3 characters
    h[10:13, [0, 1]] = 1.0  # the same pattern, same length: score 1
    h[20:22, [0, 1, 2, 3]] = 1.0  # shorter, and every other unit on too
    h[25:26, 0] = 1.0  # unit 0 alone: not the pattern
    search = gates.match_pattern(h, (2, 5), threshold=0.5)
    assert search.units == (0, 1)
    assert [(m.start, m.end) for m in search.matches] == [(10, 13), (20, 22)]
    assert search.matches[0].score == pytest.approx(1.0)
    assert search.matches[1].score == pytest.approx(1 - 1 / 3 - 1.0)
    only_unit0 = gates.match_pattern(h, (2, 5), units=[0], threshold=0.5)
    assert (25, 26) in [(m.start, m.end) for m in only_unit0.matches]
    assert len(gates.match_pattern(h, (2, 5), threshold=0.5, top=1).matches) == 1


def test_match_pattern_with_no_unit_on_and_bad_spans():
    h = np.zeros((10, 3))
    assert gates.match_pattern(h, (0, 4), threshold=0.5).matches == ()
    with pytest.raises(ValueError, match="span"):
        gates.match_pattern(h, (5, 5))
    with pytest.raises(ValueError, match="span"):
        gates.match_pattern(h, (0, 11))
    with pytest.raises(ValueError, match="units"):
        gates.match_pattern(h, (0, 2), units=[7])


def test_saturation_shares_and_histogram_by_hand():
    values = np.array([0.01, 0.05, 0.5, 0.95, 0.99, 0.999, 0.3, 0.7])
    (sat,) = gates.saturation({"forget": values}, bins=10)
    assert sat.closed == pytest.approx(2 / 8)
    assert sat.open == pytest.approx(3 / 8)
    assert sat.counts.sum() == 8
    assert sat.counts[0] == 2 and sat.counts[-1] == 3


def tiny_model(kind: str, seed: int = 0):
    from core.rnn import cells, charlm

    rng = np.random.default_rng(seed)
    vocab = charlm.Vocab("\nabcdeor")
    k = {"gru": 3, "lstm": 4}[kind]
    n_a = 5
    b = rng.normal(size=(2, k * n_a)) if kind == "gru" else rng.normal(size=k * n_a)
    params = cells.CellParams(
        kind, rng.normal(size=(vocab.size, k * n_a)), rng.normal(size=(n_a, k * n_a)), b
    )
    return charlm.CharLM(vocab, params, rng.normal(size=(n_a, vocab.size)), np.zeros(vocab.size))


@pytest.mark.parametrize("kind", ["gru", "lstm"])
def test_read_sequences_rows_are_the_state_after_each_character(kind):
    from core.rnn import charlm

    model = tiny_model(kind)
    trace = gates.read_sequences(model, ["abc", "dora"])
    assert trace.text == "abc\ndora\n"
    assert trace.starts == (0, 4)
    assert trace.h.shape == (9, 5)
    expected = set(
        ("update", "reset", "candidate")
        if kind == "gru"
        else ("forget", "input", "output", "candidate")
    )
    assert set(trace.gates) == expected
    assert (trace.c is not None) == (kind == "lstm")
    # The state after reading "ab" does not depend on what comes after (causal, aligned).
    shorter = gates.read_sequences(model, ["ab"])
    np.testing.assert_allclose(trace.h[:2], shorter.h[:2], atol=1e-12)
    # The second sequence starts from a⟨0⟩ = 0 again, as in training.
    alone = gates.read_sequences(model, ["dora"])
    np.testing.assert_allclose(trace.h[4:], alone.h, atol=1e-12)
    # Rows 0-2 are what charlm.read computes after each character (its row 0 is after 0⃗).
    np.testing.assert_allclose(trace.h[:3], charlm.read(model, "abc").trace.h[0, 1:], atol=1e-12)
    assert gates.read_sequences(model, ["a\nz"]).text == "a��\n"  # unknown, shown as such
    assert len(gates.read_sequences(model, ["abc", "dora", "abc"], max_chars=3).text) == 4
