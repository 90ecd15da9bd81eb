"""The what-ifs of week 3: beam search forced to start with a prefix, and decoding with an
edited attention row (core.translation.beam, core.translation.translator)."""

import itertools

import numpy as np
import pytest

from core.translation import beam, translator
from core.translation.data import MACHINE_VOCAB, TX
from tests.unit.test_beam import BOS, EOS, VOCAB, markov_model


def best_starting_with(fn, first: int, max_len: int) -> tuple[tuple[int, ...], float]:
    """Every output (ending on EOS or at max_len) that starts with `first`, the best by Σ log P."""
    outputs = []
    for length in range(1, max_len + 1):
        for body in itertools.product(range(VOCAB), repeat=length):
            if body[0] != first or EOS in body[:-1] or (length < max_len and body[-1] != EOS):
                continue
            outputs.append((beam.sequence_log_prob(fn, BOS, body), body))
    log_p, body = max(outputs)
    return body, log_p


@pytest.mark.parametrize("seed", range(4))
def test_forced_prefix_then_the_best_continuation(seed):
    fn = markov_model(seed)
    free = beam.beam_search(fn, BOS, EOS, 64, 4, 0.0)  # wide enough to be exhaustive
    first = next(t for t in range(VOCAB - 1) if t != free.best.tokens[0])
    result = beam.beam_search(fn, BOS, EOS, 64, 4, 0.0, forced=(first,))
    tokens, log_p = best_starting_with(fn, first, 4)
    assert result.best.tokens == tokens
    assert result.best.log_prob == pytest.approx(log_p)
    assert result.best.log_prob <= free.best.log_prob + 1e-12
    step1 = [n for n in result.tree if n.step == 1]
    assert [n.token for n in step1 if n.kept] == [first] and len(step1) == VOCAB


def test_forcing_the_search_own_choice_changes_nothing():
    fn = markov_model(3)
    free = beam.beam_search(fn, BOS, EOS, 1, 5, 0.7)  # greedy: its prefix is its own choice
    same = beam.beam_search(fn, BOS, EOS, 1, 5, 0.7, forced=free.best.tokens[:2])
    assert same.best == free.best


def test_impossible_or_too_long_forcing_is_named():
    fn = markov_model(0)
    with pytest.raises(ValueError, match="forced"):
        beam.beam_search(fn, BOS, EOS, 2, 2, 0.0, forced=(2, 2, 2))
    with pytest.raises(ValueError, match="forced token 99"):
        beam.beam_search(fn, BOS, EOS, 2, 4, 0.0, forced=(99,))


TEXT = "saturday, 3rd of may 1979"


def test_the_model_own_attention_row_reproduces_the_translation():
    trained = translator.translate(TEXT)
    for step in range(len(trained.output)):
        same = translator.with_attention(TEXT, step, trained.attention[step])
        assert same.output == trained.output
        np.testing.assert_allclose(same.attention, trained.attention, atol=1e-12)
        assert same.log_prob == pytest.approx(trained.log_prob, abs=1e-9)


def test_an_edited_row_is_used_and_flows_into_later_steps():
    trained = translator.translate(TEXT)
    row = np.zeros(TX)
    row[TEXT.index("7")] = 1.0  # the first output digit reads the year's "7" only
    edited = translator.with_attention(TEXT, 0, row)
    np.testing.assert_array_equal(edited.attention[0], row)
    np.testing.assert_allclose(edited.attention[1:].sum(axis=1), 1.0)
    assert edited.output != trained.output
    assert not np.allclose(edited.attention[1], trained.attention[1])  # s⟨1⟩ changed


def test_forced_translation_starts_with_the_forced_symbol():
    two = MACHINE_VOCAB.index("2")
    result = translator.translate(TEXT, 3, forced=(two,))
    assert result.output.startswith("2")
    assert result.log_prob < translator.translate(TEXT, 3).log_prob
