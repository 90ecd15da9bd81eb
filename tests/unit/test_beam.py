"""core.translation.beam against greedy decoding and exhaustive search on small hand-made models."""

import itertools

import numpy as np
import pytest

from core.translation import beam, errors

BOS, EOS, VOCAB = 4, 3, 4  # tokens 0..3 can be emitted; 3 ends a hypothesis


def markov_model(seed: int, calls: list | None = None):
    """log P(next | prefix) from a random table over (last token, position)."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=2.0, size=(VOCAB + 1, 8, VOCAB))
    table = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))

    def log_prob_fn(prefixes):
        if calls is not None:
            calls.append(len(prefixes))
        return np.stack([table[p[-1], len(p) - 1] for p in prefixes])

    return log_prob_fn


def exhaustive(log_prob_fn, max_len: int, alpha: float):
    """Score every output that ends on EOS or reaches max_len; return the best."""
    best = None
    for length in range(1, max_len + 1):
        for body in itertools.product(range(VOCAB), repeat=length):
            if EOS in body[:-1] or (length < max_len and body[-1] != EOS):
                continue
            log_p = beam.sequence_log_prob(log_prob_fn, BOS, body)
            score = beam.normalised(log_p, length, alpha)
            if best is None or score > best[1] + 1e-12:
                best = (body, score)
    return best


@pytest.mark.parametrize("seed", range(5))
def test_width_one_is_greedy(seed):
    fn = markov_model(seed)
    result = beam.beam_search(fn, BOS, EOS, beam_width=1, max_len=6)
    assert list(result.best.tokens) == beam.greedy(fn, BOS, EOS, 6)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("alpha", [0.0, 0.7, 1.0])
def test_wide_beam_is_exhaustive(seed, alpha):
    fn = markov_model(seed)
    result = beam.beam_search(fn, BOS, EOS, beam_width=VOCAB**5, max_len=5, alpha=alpha)
    tokens, score = exhaustive(fn, 5, alpha)
    assert result.best.tokens == tokens
    assert result.best.score == pytest.approx(score)


def test_beam_beats_greedy_when_the_first_step_misleads():
    # P(A)=0.6 but every continuation of A is unsure; P(B)=0.4 then B→EOS surely.
    table = {(): [0.6, 0.4, 0.0], (0,): [0.0, 0.5, 0.5], (1,): [0.0, 0.0, 1.0]}

    def fn(prefixes):
        with np.errstate(divide="ignore"):
            return np.log([table.get(tuple(p[1:]), [0.0, 0.0, 1.0]) for p in prefixes])

    greedy = beam.beam_search(fn, bos=9, eos=2, beam_width=1, max_len=3)
    wide = beam.beam_search(fn, bos=9, eos=2, beam_width=2, max_len=3)
    assert greedy.best.tokens[0] == 0 and greedy.best.log_prob == pytest.approx(np.log(0.3))
    assert wide.best.tokens == (1, 2) and wide.best.log_prob == pytest.approx(np.log(0.4))
    # the course's rule by hand: y* = B EOS (P 0.4) beats greedy's A B (P 0.3): the search's fault
    case = errors.attribute_tokens(fn, 9, (1, 2), greedy.best.tokens)
    assert case.log_p_reference == pytest.approx(np.log(0.4)) and case.fault == errors.BEAM
    assert errors.attribute_tokens(fn, 9, (0, 1, 2), wide.best.tokens).fault == errors.MODEL


def test_one_batched_call_per_step_and_a_consistent_tree():
    calls: list = []
    result = beam.beam_search(markov_model(1, calls), BOS, EOS, beam_width=3, max_len=6)
    assert len(calls) <= 6 and max(calls) <= 3
    tree = result.tree
    assert tree[0].parent == -1 and tree[0].token == BOS
    for step in range(1, 7):
        kept = [n for n in tree if n.step == step and n.kept]
        assert len(kept) <= 3
    for node in tree[1:]:
        parent = tree[node.parent]
        assert parent.kept and parent.step == node.step - 1 and not parent.finished
        assert node.score == pytest.approx(parent.score + node.log_prob)
    best = result.best
    assert [n.token for n in result.path(best.node)] == list(best.tokens)
    scores = [h.score for h in result.hypotheses]
    assert scores == sorted(scores, reverse=True)


def test_length_normalisation_prefers_longer_outputs():
    lengths = {}
    for alpha in (0.0, 1.0):
        result = beam.beam_search(markov_model(3), BOS, EOS, beam_width=8, max_len=7, alpha=alpha)
        lengths[alpha] = np.mean([len(h.tokens) for h in result.hypotheses[:3]])
    assert lengths[1.0] >= lengths[0.0]


@pytest.mark.parametrize(
    "kwargs, word",
    [({"beam_width": 0}, "beam_width"), ({"max_len": 0}, "max_len"), ({"alpha": 2}, "alpha")],
)
def test_bad_arguments_are_named(kwargs, word):
    args = {"beam_width": 2, "max_len": 3, "alpha": 0.0} | kwargs
    with pytest.raises(ValueError, match=word):
        beam.beam_search(markov_model(0), BOS, EOS, **args)
