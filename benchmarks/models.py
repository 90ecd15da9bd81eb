"""Quality of the shipped models, measured by inference on held-out data."""

from __future__ import annotations

import time

import numpy as np

from core import assets
from core.corpora import python_doc_words, split_words
from core.rnn import next_step
from core.rnn.next_step_fit import ngram_bits_per_char, sine_rmse, word_bits_per_char


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


def memory_task_section() -> list[str]:
    """The gradients lesson's live experiment: its duration with the defaults, and results."""
    import json

    from core.rnn import memory_task

    live = memory_task.train(memory_task.MemoryConfig(seed=7))
    runs = json.loads(assets.resolve("memory_task.json").read_text())["runs"]
    lags = memory_task.DEFAULT_LAGS
    lines = [
        "## Live experiment: recall the first symbol (Vanishing & exploding gradients)",
        "",
        f"Training all {len(memory_task.KINDS) * len(lags)} models with the page's defaults "
        f"(seed 7, {memory_task.MemoryConfig().epochs} epochs, 16 units): "
        f"**{live.seconds:.1f} s** {'✅' if live.seconds < 60 else '❌'} (target < 60 s; "
        "server-side, TensorFlow already imported).",
        "",
        "Test accuracy (512 held-out sequences; chance 0.25) — mean of the 3 shipped seeds, "
        "then the live run:",
        "",
        "| cell | " + " | ".join(f"T = {lag}" for lag in lags) + " |",
        "|---|" + "---:|" * len(lags),
    ]
    for kind in memory_task.KINDS:
        mean = np.mean([r["accuracy"][kind] for r in runs], axis=0)
        cells_ = [f"{m:.2f} / {v:.2f}" for m, v in zip(mean, live.accuracy[kind], strict=True)]
        lines.append(f"| {kind.upper()} | " + " | ".join(cells_) + " |")
    return [*lines, ""]


def gradient_compute_section() -> list[str]:
    """Uncached cost of one slider setting of the gradients lesson at the longest T."""
    from core.rnn import cells, gradients, jacobians

    x = np.random.default_rng(0).standard_normal((8, 200, 4))
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for kind in ("rnn", "gru", "lstm"):
            p = jacobians.random_cell(kind, 4, 16, 1.2, gate_bias=2.0)
            gradients.gradient_flow(p, x)
        rnn = jacobians.random_cell("rnn", 4, 16, 1.2)
        jacobians.rnn_jacobian_norms(rnn, cells.forward(rnn, x[:1]))
        times.append(time.perf_counter() - start)
    return [
        "## Gradients lesson: one new slider setting, uncached",
        "",
        "∂L/∂a⟨t⟩ for RNN, GRU and LSTM (batch 8, 16 units) plus the RNN's 200 Jacobian "
        f"products at T = 200: median **{np.median(times) * 1000:.0f} ms** (numpy BPTT, no "
        "TensorFlow). Revisited settings come from `st.cache_data` (see the page table).",
        "",
    ]
