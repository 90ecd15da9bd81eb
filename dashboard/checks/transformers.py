"""Check-yourself questions of week 4: positional encoding, self-attention, multi-head."""

from __future__ import annotations

import numpy as np

from dashboard.checks.base import Check, Reveal, pick, question
from dashboard.checks.translation import random_date_text

SENTENCES = (
    "the cat sat on the mat",
    "a dog chased the ball in the park",
    "she reads books at night",
    "paris is the capital of france",
    "the river flows to the sea",
)


@question("positional-encoding")
def self_dot_product(rng: np.random.Generator) -> Check:
    d_model, pos = int(rng.integers(4, 65)), int(rng.integers(0, 50))

    def reveal() -> Reveal:
        from dashboard import transformer_cache as tcache

        pe = tcache.positional_encoding(50, d_model)
        value = float(pe[pos] @ pe[pos])
        return Reveal(value, f"PE_{pos} · PE_{pos} = **{value:.2f}**: each (sin, cos) pair adds "
                      f"sin² + cos² = 1, so an even d_model gives d_model / 2"
                      + ("; the odd last dimension adds a lone sin²." if d_model % 2 else "."),
                      tolerance=0.05)  # fmt: skip

    return Check(
        f"d_model = {d_model}: what is PE_{pos} · PE_{pos}, the dot product of the encoding of "
        f"position {pos} with itself? (within 0.05)",
        reveal,
        bounds=(0.0, 64.0, 0.5),
    )


@question("positional-encoding")
def near_or_far(rng: np.random.Generator) -> Check:
    pos, far = int(rng.integers(0, 30)), int(pick(rng, (5, 10, 20)))
    options = (f"PE_{pos} · PE_{pos + 1}", f"PE_{pos} · PE_{pos + far}")

    def reveal() -> Reveal:
        from dashboard import transformer_cache as tcache

        pe = tcache.positional_encoding(60, 64)
        near, distant = float(pe[pos] @ pe[pos + 1]), float(pe[pos] @ pe[pos + far])
        answer = options[0] if near > distant else options[1]
        return Reveal(answer, f"{options[0]} = **{near:.2f}**, {options[1]} = **{distant:.2f}**: "
                      "the dot product depends only on the distance and falls off with it "
                      "(not monotonically: fast waves wrap around).")  # fmt: skip

    return Check("d_model = 64: which dot product is larger?", reveal, options)


def _sentence_stages(sentence: str, d_k: int | None, scale: bool):
    from dashboard import transformer_cache as tcache

    tokens = tuple(sentence.split())
    x, _ = tcache.token_vectors(tokens, "glove", 50, 0)
    return tokens, tcache.self_attention(x, (False,) * len(tokens), d_k, 0, scale, True, False)


@question("self-attention")
def attends_to_itself(rng: np.random.Generator) -> Check:
    sentence = pick(rng, SENTENCES)
    words = sentence.split()
    i = int(rng.integers(len(words)))
    options = tuple(dict.fromkeys(words))

    def reveal() -> Reveal:
        tokens, s = _sentence_stages(sentence, None, True)
        j = int(np.argmax(s.weights[i]))
        own = "its own key" if tokens[j] == words[i] else f"“{tokens[j]}”, not its own key"
        return Reveal(
            tokens[j],
            f"Row {i + 1} of softmax(XXᵀ/√50): the largest weight, "
            f"**{s.weights[i, j]:.2f}**, goes to {own}. Without W_Q and W_K a query "
            "is the word's own vector: q·k is large for similar directions and for "
            "long vectors, which frequent words like “the” and “to” have.",
        )

    return Check(
        f"“{sentence}” with GloVe vectors and **no** projection (Q = K = V = X). Which word "
        f"does query {i + 1} (“{words[i]}”) give the most weight?",
        reveal,
        options,
    )


@question("self-attention")
def scale_sharpens(rng: np.random.Generator) -> Check:
    sentence = pick(rng, SENTENCES)
    i = int(rng.integers(len(sentence.split())))
    options = ("goes up", "goes down")

    def reveal() -> Reveal:
        _, scaled = _sentence_stages(sentence, None, True)
        _, raw = _sentence_stages(sentence, None, False)
        a, b = float(scaled.weights[i].max()), float(raw.weights[i].max())
        answer = options[0] if b > a else options[1]
        return Reveal(
            answer,
            f"Largest weight of query {i + 1}: **{a:.3f}** with the scale, "
            f"**{b:.3f}** without. Unscaled scores are √50 ≈ 7 times larger, and the "
            "softmax of large scores gives nearly everything to one key.",
        )

    return Check(
        f"“{sentence}”, GloVe, no projection. Switch *Divide by √d_k* off: query {i + 1}'s "
        "largest attention weight…",
        reveal,
        options,
    )


@question("multi-head-attention")
def cross_attention_peak(rng: np.random.Generator) -> Check:
    text, iso = random_date_text(rng)
    step = int(pick(rng, (1, 2, 3, 4, 6, 7, 9, 10)))
    layer = int(rng.integers(2))

    def reveal() -> Reveal:
        from dashboard import transformer_cache as tcache

        weights, _, _keys = tcache.head_weights(text, "cross", layer, tcache.MEAN)
        top = int(np.argmax(weights[step - 1])) + 1
        return Reveal(top, f"Layer {layer + 1}, mean of the heads: output {step} gives "
                      f"**{weights[step - 1, top - 1]:.2f}** to input {top} (“{text[top - 1]}”). "
                      "Heads spread the lookup, so the mean can peak away from the obvious "
                      "character.", tolerance=1)  # fmt: skip

    return Check(
        f"The Transformer reads `{text}` ({iso}). In layer {layer + 1}'s cross-attention "
        f"(mean of the heads), which input position does output {step} (“{iso[step - 1]}”) "
        "weigh most? (within one character)",
        reveal,
        bounds=(1, len(text), 1),
    )


@question("multi-head-attention")
def same_as_the_rnn(rng: np.random.Generator) -> Check:
    text, _ = random_date_text(rng)
    options = ("the same output", "different outputs")

    def reveal() -> Reveal:
        from dashboard import cache
        from dashboard import transformer_cache as tcache

        ours, rnn = tcache.transformer_translate(text).output, cache.translate(text, 1).output
        answer = options[0] if ours == rnn else options[1]
        return Reveal(
            answer,
            f"Transformer: **{ours}**; Bi-LSTM with attention: **{rnn}**. "
            "Trained on the same dates, both usually agree on the styles they saw.",
        )

    return Check(f"On `{text}`, will the Transformer and the Bi-LSTM write…", reveal, options)
