"""Beam search over any next-token model, keeping the whole search tree.

Course: Sequence Models, week 3, "Beam search" and "Refinements to beam search".
At every step each live hypothesis is extended by every token; the B candidates
with the highest Σ log P(y⟨t⟩ | x, y⟨<t⟩) survive. Finished hypotheses are ranked
by the length-normalised objective (1 / T_y^α) Σ log P, so α = 0 is the raw
product of probabilities and α = 1 the mean log-probability per token.

The search is model-agnostic: `log_prob_fn(prefixes)` scores a whole beam in one
call, so an RNN decoder runs one batched step per output position.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

LogProbFn = Callable[[list[list[int]]], npt.ArrayLike]


@dataclass(frozen=True)
class Node:
    """One candidate the search considered: `token` appended to its parent's prefix."""

    id: int
    parent: int  # -1 for the root (the bos token)
    step: int  # 1-based output position; 0 for the root
    token: int
    log_prob: float  # log P(token | prefix)
    score: float  # cumulative Σ log P up to and including this token
    kept: bool  # survived the top-B cut at its step
    finished: bool  # ended the hypothesis (eos, or max_len reached)


@dataclass(frozen=True)
class Hypothesis:
    """A finished output: tokens without bos (with eos when it ended on one)."""

    tokens: tuple[int, ...]
    log_prob: float  # Σ log P
    score: float  # (1 / T^α) Σ log P, the ranking objective
    node: int  # id of its last node in the tree


@dataclass(frozen=True)
class BeamResult:
    hypotheses: tuple[Hypothesis, ...]  # best first
    tree: tuple[Node, ...]  # every expanded node; tree[0] is the root
    beam_width: int
    alpha: float

    @property
    def best(self) -> Hypothesis:
        return self.hypotheses[0]

    def path(self, node_id: int) -> list[Node]:
        """The nodes from the first output token down to `node_id`."""
        out = []
        while node_id > 0:
            node = self.tree[node_id]
            out.append(node)
            node_id = node.parent
        return out[::-1]


def normalised(log_prob: float, length: int, alpha: float) -> float:
    """The course's length-normalised objective (1 / T_y^α) Σ log P."""
    return log_prob / max(length, 1) ** alpha


def beam_search(
    log_prob_fn: LogProbFn,
    bos: int,
    eos: int | None,
    beam_width: int,
    max_len: int,
    alpha: float = 0.0,
    forced: Sequence[int] = (),
) -> BeamResult:
    """Search for the most probable output under the length-normalised objective.

    Args:
        log_prob_fn: maps a list of prefixes (token lists starting with `bos`) to an
            array `(len(prefixes), vocab)` of next-token log-probabilities.
        bos: the start token every prefix begins with.
        eos: the token that ends a hypothesis, or None for fixed-length outputs.
        beam_width: B, how many candidates survive each step (1 = greedy decoding).
        max_len: the most output tokens; hypotheses still live then are finished.
        alpha: length-normalisation exponent α in [0, 1].
        forced: tokens the first outputs must be (Seq2Seq-Vis' "what if"): the search keeps
            only this prefix for its first len(forced) steps, scoring (and pruning) the rest,
            then searches on from it as usual.

    Returns:
        A `BeamResult` with the finished hypotheses, best first, and the search tree.
    """
    if int(beam_width) != beam_width or beam_width < 1:
        raise ValueError(f"argument `beam_width` expected a positive integer, got {beam_width}")
    if int(max_len) != max_len or max_len < 1:
        raise ValueError(f"argument `max_len` expected a positive integer, got {max_len}")
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"argument `alpha` expected a number in [0, 1], got {alpha}")
    if len(forced) > max_len:
        raise ValueError(f"argument `forced` expected at most {max_len} tokens, got {forced}")
    tree: list[Node] = [Node(0, -1, 0, bos, 0.0, 0.0, True, False)]
    live: list[tuple[list[int], float, int]] = [([bos], 0.0, 0)]  # (prefix, Σ log P, node)
    finished: list[Hypothesis] = []
    for step in range(1, int(max_len) + 1):
        scores = _scores(log_prob_fn, [prefix for prefix, _, _ in live])
        total = np.array([score for _, score, _ in live])[:, None] + scores  # (live, vocab)
        flat = total.ravel()
        order = np.argsort(-flat, kind="stable")  # ties: earlier hypothesis, lower token id
        keep = set(order[:beam_width].tolist())
        vocab = scores.shape[1]
        if step <= len(forced):  # one live prefix, the forced one: keep only its next token
            token = int(forced[step - 1])
            if not 0 <= token < vocab or not np.isfinite(flat[token]):
                raise ValueError(f"forced token {token} at step {step} is impossible here")
            keep = {token}
        next_live = []
        for index in range(flat.size):
            row, token = divmod(index, vocab)
            if not np.isfinite(flat[index]):
                continue  # impossible tokens (log P = −inf) are not drawn
            prefix, _, parent = live[row]
            kept = index in keep
            done = kept and (token == eos or step == max_len)
            node = Node(
                len(tree),
                parent,
                step,
                token,
                float(scores[row, token]),
                float(flat[index]),
                kept,
                done,
            )
            tree.append(node)
            if not kept:
                continue
            if done:
                tokens = (*tuple(prefix[1:]), token)
                finished.append(
                    Hypothesis(
                        tokens, node.score, normalised(node.score, len(tokens), alpha), node.id
                    )
                )
            else:
                next_live.append(([*prefix, token], node.score, node.id))
        live = sorted(next_live, key=lambda item: -item[1])
        if not live:
            break
    ranked = sorted(finished, key=lambda h: (-h.score, h.node))
    return BeamResult(tuple(ranked), tuple(tree), int(beam_width), float(alpha))


def _scores(log_prob_fn: LogProbFn, prefixes: list[list[int]]) -> np.ndarray:
    scores = np.asarray(log_prob_fn(prefixes), dtype=np.float64)
    if scores.ndim != 2 or scores.shape[0] != len(prefixes):
        raise ValueError(
            f"`log_prob_fn` expected to return shape ({len(prefixes)}, vocab), got {scores.shape}"
        )
    return scores


def greedy(log_prob_fn: LogProbFn, bos: int, eos: int | None, max_len: int) -> list[int]:
    """Pick the most probable token at every step (the reference beam width 1 must match)."""
    prefix = [bos]
    for _ in range(max_len):
        token = int(np.argmax(_scores(log_prob_fn, [prefix])[0]))
        prefix.append(token)
        if token == eos:
            break
    return prefix[1:]


def sequence_log_prob(log_prob_fn: LogProbFn, bos: int, tokens: Sequence[int]) -> float:
    """Σ log P(y⟨t⟩ | y⟨<t⟩) of a given output: teacher forcing, one call per position."""
    total, prefix = 0.0, [bos]
    for token in tokens:
        total += float(_scores(log_prob_fn, [prefix])[0, token])
        prefix.append(int(token))
    return total
