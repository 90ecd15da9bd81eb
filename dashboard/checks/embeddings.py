"""Check-yourself questions of week 2: GloVe, analogies, debiasing, word2vec, Emojify."""

from __future__ import annotations

import numpy as np

from dashboard.checks.base import Check, Reveal, pick, question

NEAR = {
    "king": ("queen", "prince", "throne", "kingdom"),
    "paris": ("france", "london", "rome", "city"),
    "coffee": ("tea", "cup", "milk", "beans"),
    "happy": ("glad", "sad", "pleased", "smile"),
    "car": ("truck", "vehicle", "cars", "driver"),
    "doctor": ("physician", "nurse", "patient", "surgeon"),
}
SENTENCES = (
    "not feeling happy", "i adore my cat", "let us play ball", "i am starving",
    "this is not good at all", "congratulations on your promotion", "i miss you so much",
    "the game was great", "she did not enjoy the food", "never been so sad",
)  # fmt: skip


@question("embedding-projector")
def nearest_of_four(rng: np.random.Generator) -> Check:
    word = pick(rng, tuple(NEAR))
    options = tuple(NEAR[word])

    def reveal() -> Reveal:
        from dashboard import cache

        emb = cache.embeddings()
        cos = {w: emb.cosine(word, w) for w in options}
        best = max(options, key=cos.get)
        rank = [n.word for n in cache.most_similar(word, 10)]
        return Reveal(best, "cos(e_" + word + ", ·): " + ", ".join(f"{w} **{c:.3f}**" for w, c in
                      cos.items()) + f". Its 10 nearest among 400,000 words: {', '.join(rank)}. "
                      "Words used in the same contexts point the same way — even opposites "
                      "like happy and sad.")  # fmt: skip

    return Check(f"Which of these words is nearest to “{word}” in GloVe (cosine)?", reveal, options)


@question("embedding-projector")
def pca_variance(rng: np.random.Generator) -> Check:
    from core.embeddings import word_sets

    name = pick(rng, ("Countries & capitals", "Gender pairs", "Professions", "Numbers"))
    dims = int(pick(rng, (2, 3)))
    options = ("under 25 %", "25–50 %", "50–75 %", "over 75 %")

    def reveal() -> Reveal:
        from core.embeddings import projection
        from dashboard import cache

        words = word_sets.presets()[name]
        _, variance = projection.pca(cache.embeddings().matrix(words), dims)
        kept = float(variance.sum())
        answer = options[int(np.searchsorted([0.25, 0.5, 0.75], kept))]
        return Reveal(
            answer,
            f"The first {dims} principal components of the {len(words)} "
            f"words keep **{kept:.0%}** of their variance; the rest is spread over "
            "the other dimensions, so the plot is a shadow of the 50-D cloud.",
        )

    return Check(
        f"Projecting the preset “{name}” to {dims}-D by PCA: how much of the words' variance "
        "do the axes keep?",
        reveal,
        options,
    )


@question("analogies-and-similarity")
def analogy_right(rng: np.random.Generator) -> Check:
    from core.embeddings import word_sets

    category, a, b, c, d = pick(rng, word_sets.analogy_questions())
    options = (f"yes, “{d}”", "no, another word")

    def reveal() -> Reveal:
        from dashboard import cache

        top = cache.analogy(a, b, c, 3)
        answer = options[0] if top[0].word == d else options[1]
        return Reveal(answer, f"argmax cos(e_w, e_{b} − e_{a} + e_{c}) over 400,000 words "
                      "(a, b, c excluded): " + ", ".join(f"{n.word} ({n.cosine:.3f})" for n in
                      top) + f". Category: {category}.")  # fmt: skip

    return Check(f"{a} : {b} :: {c} : ? — will GloVe's top answer be “{d}”?", reveal, options)


@question("analogies-and-similarity")
def best_category(rng: np.random.Generator) -> Check:
    from core.embeddings import word_sets

    categories = list(word_sets.ANALOGY_CATEGORIES)
    picked = [categories[i] for i in sorted(rng.choice(len(categories), 3, replace=False))]
    options = tuple(picked)

    def reveal() -> Reveal:
        import pandas as pd

        from dashboard import cache

        report = pd.DataFrame(cache.analogy_report())
        accuracy = report.groupby("category")["correct"].mean()
        best = max(options, key=lambda c: accuracy[c])
        return Reveal(best, "Accuracy: " + ", ".join(f"{c} **{accuracy[c]:.0%}**" for c in
                      options) + ". Relations that the text states often and in one way "
                      "(capitals, plurals) make the cleanest offsets.")  # fmt: skip

    return Check("Of these categories of the analogy test, which does GloVe 50-d get right "
                 "most often?", reveal, options)  # fmt: skip


def _woman_man_cos(word: str) -> float:
    from core.embeddings import debias
    from dashboard import cache

    emb = cache.embeddings()
    return debias.cosine(emb.vector(word), debias.bias_axis(emb, [("man", "woman")]).g)


@question("debiasing")
def which_way(rng: np.random.Generator) -> Check:
    from core.embeddings import word_sets

    word = pick(rng, word_sets.PROFESSIONS)
    options = ("towards woman", "towards man")

    def reveal() -> Reveal:
        cos = _woman_man_cos(word)
        answer = options[0] if cos > 0 else options[1]
        return Reveal(answer, f"cos(e_{word}, g) = **{cos:+.3f}** with g = e_woman − e_man: "
                      "positive leans to woman, negative to man. Neutralising removes this "
                      "component, so afterwards it is 0.")  # fmt: skip

    return Check(f"In GloVe, before debiasing, does “{word}” lean towards woman or man along "
                 "g = woman − man?", reveal, options)  # fmt: skip


@question("debiasing")
def which_leans_more(rng: np.random.Generator) -> Check:
    from core.embeddings import word_sets

    first, second = (word_sets.PROFESSIONS[int(i)] for i in
                     rng.choice(len(word_sets.PROFESSIONS), 2, replace=False))  # fmt: skip
    options = (first, second)

    def reveal() -> Reveal:
        cos = {w: _woman_man_cos(w) for w in options}
        answer = max(options, key=cos.get)
        return Reveal(answer, ", ".join(f"cos(e_{w}, g) = **{c:+.3f}**" for w, c in cos.items())
                      + ". The larger value leans further towards woman.")  # fmt: skip

    return Check(f"Which leans further towards *woman* (g = woman − man): “{first}” or "
                 f"“{second}”?", reveal, options)  # fmt: skip


@question("learning-embeddings-word2vec")
def three_quarters(rng: np.random.Generator) -> Check:
    rank = int(pick(rng, (0, 1, 2, 50, 400, 1500)))
    options = ("more often than its frequency", "less often than its frequency")

    def reveal() -> Reveal:
        from core.embeddings import word2vec as w2v

        vocab = w2v.build_vocab(w2v.tokens(w2v.pydoc_text()))
        word = vocab.words[min(rank, len(vocab.words) - 1)]
        f = vocab.counts / vocab.counts.sum()
        p = w2v.sampling_distribution(vocab.counts)
        i = vocab.words.index(word)
        answer = options[0] if p[i] > f[i] else options[1]
        return Reveal(answer, f"“{word}”: frequency **{f[i]:.4%}**, f(w)^¾ share **{p[i]:.4%}**. "
                      "The ¾ power lifts rare words and lowers frequent ones.")  # fmt: skip

    place = "the most frequent word" if rank == 0 else f"the word ranked {rank + 1} by frequency"
    return Check(
        f"In Python's documentation, negatives are drawn from f(w)^¾. Is {place} drawn…",
        reveal,
        options,
    )


@question("learning-embeddings-word2vec")
def glove_weight(rng: np.random.Generator) -> Check:
    x = int(pick(rng, (1, 10, 25, 50, 100, 400)))

    def reveal() -> Reveal:
        from core.embeddings import word2vec as w2v

        value = float(w2v.glove_weight(np.array([float(x)]))[0])
        return Reveal(value, f"f({x}) = min((x / 100)^¾, 1) = **{value:.3f}**: rare pairs weigh "
                      "little, pairs past x_max = 100 weigh 1.", tolerance=0.02)  # fmt: skip

    return Check(
        f"GloVe weights each pair's error by f(X_ij), x_max = 100. What is f({x})? (within 0.02)",
        reveal,
        bounds=(0.0, 1.0, 0.01),
    )


@question("emojify")
def average_model_says(rng: np.random.Generator) -> Check:
    from core.embeddings.emojify_data import EMOJI, NAMES

    sentence = pick(rng, SENTENCES)
    options = tuple(f"{e} {n}" for e, n in zip(EMOJI, NAMES, strict=True))

    def reveal() -> Reveal:
        from dashboard import cache

        models, _ = cache.emoji_models()
        p = models.average_model(sentence)
        return Reveal(
            options[p.label],
            "Model 1's softmax: "
            + ", ".join(f"{o} {q:.0%}" for o, q in zip(options, p.probs, strict=True))
            + ". It averages "
            "the words' vectors, so their order — and a negation's scope — is lost.",
        )

    return Check(f"Which emoji will model 1 (the average of GloVe vectors) put on “{sentence}”?",
                 reveal, options)  # fmt: skip


@question("emojify")
def models_agree(rng: np.random.Generator) -> Check:
    from core.embeddings.emojify_data import EMOJI

    sentence = pick(rng, SENTENCES)
    options = ("they agree", "they disagree")

    def reveal() -> Reveal:
        from dashboard import cache

        models, _ = cache.emoji_models()
        a, b = models.average_model(sentence).label, models.lstm_model(sentence).label
        answer = options[0] if a == b else options[1]
        return Reveal(answer, f"Model 1 (average): {EMOJI[a]}, model 2 (LSTM): {EMOJI[b]}. "
                      "The LSTM reads the words in order, so “not happy” can differ from "
                      "“happy”.")  # fmt: skip

    return Check(f"On “{sentence}”, will the averaging model and the LSTM pick the same emoji?",
                 reveal, options)  # fmt: skip
