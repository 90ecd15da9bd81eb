"""Quality of the shipped models, measured by inference on held-out data."""

from __future__ import annotations

import time

import numpy as np

from core import assets, next_step
from core.corpora import python_doc_words, split_words
from core.next_step_fit import ngram_bits_per_char, sine_rmse, word_bits_per_char


def next_step_section() -> list[str]:
    """Markdown for the "RNN unrolled" models: bits/char, RMSE and one step's latency."""
    words, _ = next_step.load_bundle(assets.resolve("next_step_word.npz"))
    sines, _ = next_step.load_bundle(assets.resolve("next_step_sine.npz"))
    train, valid = split_words(python_doc_words())
    bigram = ngram_bits_per_char(train, valid, 2)
    unigram = ngram_bits_per_char(train, valid, 1)
    lines = [
        "## Models: RNN unrolled (`assets/next_step_*.npz`)",
        "",
        f"Next letter of {len(valid)} held-out English words from Python's documentation "
        f"(bits per character, lower is better; unigram baseline {unigram:.2f}, "
        f"bigram baseline {bigram:.2f}). Next value of 200 fresh noisy sine waves "
        f"(noise σ = 0.05, RMSE; the persistence baseline is below the table).",
        "",
        "| cell | " + " | ".join(f"n_a = {u}" for u in next_step.UNITS) + " |",
        "|---|" + "---:|" * len(next_step.UNITS),
    ]
    persistence = 0.0
    for kind in next_step.KINDS:
        bits = [word_bits_per_char(words[(kind, u)], valid) for u in next_step.UNITS]
        rmse = [sine_rmse(sines[(kind, u)]) for u in next_step.UNITS]
        persistence = rmse[0][1]
        lines.append(
            f"| {kind.upper()} words, bits/char | "
            + " | ".join(f"{b:.2f}" + (" ✅" if b < bigram else " ❌") for b in bits)
            + " |"
        )
        lines.append(
            f"| {kind.upper()} sine, RMSE | " + " | ".join(f"{r:.3f}" for r, _ in rmse) + " |"
        )
    x, _ = next_step.encode_word("sequence")
    lines += [
        "",
        f"Sine persistence RMSE: {persistence:.3f}. ✅ = beats the bigram baseline.",
        "",
        _latency(words[("lstm", 64)], x),
        "",
    ]
    return lines


def _latency(model, x) -> str:
    times = []
    for _ in range(50):
        start = time.perf_counter()
        next_step.predict(model, x)
        times.append(time.perf_counter() - start)
    return (
        f"One numpy forward pass of the LSTM (n_a = 64) over a 9-step word: median "
        f"{np.median(times) * 1000:.2f} ms."
    )
