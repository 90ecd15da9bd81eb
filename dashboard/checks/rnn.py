"""Check-yourself questions of week 1: RNNs, gradients, language models, gates, music."""

from __future__ import annotations

import numpy as np

from dashboard.checks.base import Check, Reveal, pick, question

WORDS = ("sequence", "attention", "gradient", "language", "python", "function", "network")
CORPORA = {"dinosaurs": "dinosaur names", "names": "first names"}


@question("rnn-unrolled")
def most_sure_step(rng: np.random.Generator) -> Check:
    word, kind = pick(rng, WORDS), pick(rng, ("rnn", "gru", "lstm"))

    def reveal() -> Reveal:
        from dashboard import cache

        _, truth, pred = cache.next_step_run("word", kind, 64, (word,))
        p_true = pred.y_hat[np.arange(len(truth)), truth]
        t = int(np.argmax(p_true)) + 1
        shown = ", ".join(f"{t_}: {p:.0%}" for t_, p in enumerate(p_true, 1))
        return Reveal(
            t,
            f"P(the true next letter) at each t — {shown}. Step **{t}** is the "
            "surest: by then the prefix leaves few English words open.",
            tolerance=0,
        )

    return Check(
        f"The {kind.upper()}-64 word model reads “{word}” one letter at a time (t = 1 reads "
        "the zero vector). At which step t does it give the true next letter its highest "
        "probability?",
        reveal,
        bounds=(1, len(word) + 1, 1),
    )


@question("rnn-unrolled")
def parameter_count(rng: np.random.Generator) -> Check:
    kind, units = pick(rng, ("rnn", "gru", "lstm")), int(pick(rng, (4, 8, 16)))

    def reveal() -> Reveal:
        from core.shapes import tensor_shapes

        rows = tensor_shapes(kind, 27, units, 27)
        total = sum(r["parameters"] for r in rows)
        parts = " + ".join(f"{r['tensor']} {r['parameters']}" for r in rows if r["parameters"])
        return Reveal(total, f"{parts} = **{total:,}** (Keras' count_params). The same weights "
                      "serve every time step, so T_x does not appear.")  # fmt: skip

    return Check(
        f"A one-layer {kind.upper()} with n_a = {units} units reads one-hot letters "
        "(n_x = 27) and outputs 27 probabilities. How many trainable parameters?",
        reveal,
        bounds=(0, 20_000, 1),
    )


@question("vanishing-and-exploding-gradients")
def vanish_or_explode(rng: np.random.Generator) -> Check:
    radius = float(pick(rng, (0.6, 0.8, 0.95, 1.05, 1.3, 1.6)))
    activation = pick(rng, ("linear", "tanh"))
    options = ("vanishes", "stays about the same", "explodes")

    def reveal() -> Reveal:
        from dashboard import cache

        flows, _, g_prime = cache.gradient_views(60, radius, activation, 1.0, 2.0, "last", 0)
        rate = flows["rnn"].decay_per_step
        answer = options[0] if rate < 0.99 else options[2] if rate > 1.01 else options[1]
        return Reveal(answer, f"The fitted factor per step is **×{rate:.3g}** (ρ · mean g′ = "
                      f"{radius} · {g_prime:.2f} = {radius * g_prime:.3f}); over 60 steps that "
                      f"is ×10^{59 * np.log10(rate):.1f}. With tanh, g′ < 1 pulls the factor "
                      "below ρ.")  # fmt: skip

    return Check(
        f"A vanilla RNN with spectral radius ρ(Waa) = {radius} and {activation} activation, "
        "T = 60, loss at the last step. Going back from the loss, ∂L/∂a⟨t⟩…",
        reveal,
        options,
    )


@question("vanishing-and-exploding-gradients")
def which_cell_keeps_it(rng: np.random.Generator) -> Check:
    radius = float(pick(rng, (0.7, 0.9, 1.0)))
    steps = int(pick(rng, (40, 80, 120)))
    options = ("RNN", "GRU", "LSTM")

    def reveal() -> Reveal:
        from dashboard import cache

        flows, _, _ = cache.gradient_views(steps, radius, "tanh", 1.0, 2.0, "last", 0)
        first = {k.upper(): float(f.norms[0]) for k, f in flows.items()}
        best = max(options, key=lambda k: first[k] if np.isfinite(first[k]) else -1)
        return Reveal(best, "‖∂L/∂a⟨1⟩‖: " + ", ".join(f"{k} **{v:.2e}**" for k, v in
                      first.items()) + ". The gated cells' additive memory path passes the "
                      "gradient back while its gate stays near 1.")  # fmt: skip

    return Check(
        f"Same input, T = {steps}, ρ = {radius}, tanh, memory-gate bias 2. Which cell has "
        "the largest gradient left at the first step, ∂L/∂a⟨1⟩?",
        reveal,
        options,
    )


@question("language-model-and-sampling")
def temperature_and_length(rng: np.random.Generator) -> Check:
    corpus, seed = pick(rng, tuple(CORPORA)), int(rng.integers(1000))
    low, high = float(pick(rng, (0.3, 0.5))), float(pick(rng, (1.5, 2.0)))
    options = ("longer", "shorter", "about the same (within 1 character)")

    def reveal() -> Reveal:
        from dashboard import cache

        mean = {}
        for t in (low, high):
            samples = cache.charlm_samples(corpus, "gru", "", t, 0, 60, 20, seed)
            mean[t] = float(np.mean([len(s.text) for s in samples]))
        diff = mean[high] - mean[low]
        answer = options[2] if abs(diff) < 1 else options[0] if diff > 0 else options[1]
        return Reveal(answer, f"20 samples each (seed {seed}): mean length **{mean[low]:.1f}** "
                      f"at T = {low}, **{mean[high]:.1f}** at T = {high}. A flatter softmax "
                      "makes the end ⏎ less likely to be drawn at the usual place and rare "
                      "letters more likely, so the names wander.")  # fmt: skip

    return Check(
        f"The GRU model of {CORPORA[corpus]}: raise the temperature from {low} to {high}. "
        "Will the sampled names get…",
        reveal,
        options,
    )


@question("language-model-and-sampling")
def more_surprising(rng: np.random.Generator) -> Check:
    from dashboard import cache

    corpus = pick(rng, tuple(CORPORA))
    valid = [w for w in cache.charlm_corpus(corpus).valid if 5 <= len(w) <= 14]
    word = pick(rng, valid).lower()
    reversed_word = word[::-1]
    options = (f"“{word}”", f"“{reversed_word}”") if word != reversed_word else (f"“{word}”",)
    options = options if len(options) == 2 else (f"“{word}”", f"“{word}x”")

    def reveal() -> Reveal:
        bits = {o: float(np.nanmean(cache.charlm_reading(corpus, "gru", o[1:-1]).bits))
                for o in options}  # fmt: skip
        worst = max(options, key=bits.get)
        return Reveal(worst, "Bits per character: " + ", ".join(f"{o} **{b:.2f}**" for o, b in
                      bits.items()) + ". Read backwards, the letter patterns of the corpus "
                      "(endings, common pairs) are gone, so each letter surprises the model "
                      "more.")  # fmt: skip

    return Check(
        f"The GRU model of {CORPORA[corpus]} scores a held-out name and the same name "
        "reversed. Which costs more bits per character?",
        reveal,
        options,
    )


@question("inside-gru-and-lstm-gates")
def forget_gate_open(rng: np.random.Generator) -> Check:
    from dashboard import cache

    corpus = pick(rng, tuple(CORPORA))
    name = pick(rng, [w for w in cache.charlm_corpus(corpus).valid if len(w) >= 5])
    options = ("mostly open (mean Γf > 0.5)", "mostly shut (mean Γf < 0.5)")

    def reveal() -> Reveal:
        trace = cache.gate_trace(corpus, "lstm", (name,))
        forget, write = float(trace.gates["forget"].mean()), float(trace.gates["input"].mean())
        answer = options[0] if forget > 0.5 else options[1]
        return Reveal(answer, f"Over every unit and character of “{name.strip()}”: mean Γf = "
                      f"**{forget:.2f}**, mean Γu (write) = {write:.2f}. A cell that keeps "
                      "its memory holds Γf near 1.")  # fmt: skip

    return Check(
        f"The LSTM of {CORPORA[corpus]} reads “{name.strip()}”. Averaged over its units and "
        "characters, is its forget gate Γf…",
        reveal,
        options,
    )


@question("inside-gru-and-lstm-gates")
def biggest_update(rng: np.random.Generator) -> Check:
    word = pick(rng, ("tyrannosaurus", "velociraptor", "stegosaurus", "triceratops"))

    def reveal() -> Reveal:
        from dashboard import cache

        trace = cache.gate_trace("dinosaurs", "gru", (word,))
        mean = trace.gates["update"].mean(axis=1)
        t = int(np.argmax(mean)) + 1
        return Reveal(
            t,
            "Mean Γu per character: "
            + ", ".join(f"{ch}: {m:.2f}" for ch, m in zip(trace.text, mean, strict=False))
            + f". The GRU "
            f"rewrites most of a⟨t⟩ at t = **{t}** (“{trace.text[t - 1]}”).",
            tolerance=0,
        )

    return Check(
        f"The GRU of dinosaur names reads “{word}”. At which character t (1 = first) is its "
        "update gate Γu, averaged over the units, largest?",
        reveal,
        bounds=(1, len(word), 1),
    )


@question("music-generation")
def temperature_and_confidence(rng: np.random.Generator) -> Check:
    seed, low, high = int(rng.integers(1000)), 0.3, float(pick(rng, (1.2, 1.5, 2.0)))
    options = (f"T = {low}", f"T = {high}")

    def reveal() -> Reveal:
        from dashboard import music_cache

        mean = {}
        for t in (low, high):
            tune = music_cache.improvise(-1, 2, 48, t, seed)
            mean[t] = float(np.mean(tune.probs[tune.n_seed :]))
        answer = options[0] if mean[low] > mean[high] else options[1]
        return Reveal(answer, f"Mean P of the drawn events over 48 events (seed {seed}): "
                      f"**{mean[low]:.2f}** at T = {low}, **{mean[high]:.2f}** at T = {high}. "
                      "A low temperature keeps to the likely events.")  # fmt: skip

    return Check(
        f"The LSTM improvises 48 events from random notes, at T = {low} and at T = {high}. "
        "Which improvisation draws events the model finds more probable, on average?",
        reveal,
        options,
    )


@question("music-generation")
def greedy_repeats(rng: np.random.Generator) -> Check:
    a, b = (int(v) for v in rng.choice(1000, 2, replace=False))
    options = ("the same tune", "different tunes")

    def reveal() -> Reveal:
        from dashboard import music_cache

        tunes = [music_cache.improvise(-1, 2, 32, 0.0, s) for s in (a, b)]
        seeds_same = np.array_equal(tunes[0].events[: tunes[0].n_seed],
                                    tunes[1].events[: tunes[1].n_seed])  # fmt: skip
        same = np.array_equal(tunes[0].events, tunes[1].events)
        answer = options[0] if same else options[1]
        return Reveal(answer, f"The two random seed openings are "
                      f"{'the same' if seeds_same else 'different'}; at T = 0 the model takes "
                      "its likeliest event every step, so only the opening can make them "
                      f"differ. The improvisations are **{answer}**.")  # fmt: skip

    return Check(
        f"Improvise 32 events at T = 0 (greedy) from random notes with seed {a}, then with "
        f"seed {b}. You get…",
        reveal,
        options,
    )
