"""Check-yourself questions of the foundations pages (time series, sequences, lengths)."""

from __future__ import annotations

import numpy as np

from dashboard.checks.base import Check, Reveal, pick, question
from dashboard.widgets import plural

SENTENCES = (
    "The cat, the hat and the bat sat.",
    "Don't panic: it's only a test!",
    "I think, therefore I am.",
    "New York is big; Paris is old.",
    "Yes, no, maybe... who knows?",
)


@question("sequence-data")
def pairs_from_a_series(rng: np.random.Generator) -> Check:
    length, window = int(rng.integers(60, 300)), int(rng.integers(5, 40))
    horizon, stride = int(rng.integers(1, 8)), int(rng.integers(1, 6))

    def reveal() -> Reveal:
        from dashboard import cache

        _, pairs = cache.sine_windows(length, 40.0, 0.0, 0, window, horizon, stride)
        n = len(pairs.starts)
        return Reveal(n, f"`make_windows` cut **{n}** pairs: ⌊(L − N − H) / stride⌋ + 1 = "
                      f"⌊({length} − {window} − {horizon}) / {stride}⌋ + 1. The last pair must "
                      "still have H targets after its window.")  # fmt: skip

    return Check(
        f"A series of L = {length} steps is cut into windows of N = {window} inputs and "
        f"H = {horizon} targets, moving {plural(stride, 'step')} at a time. How many "
        "(input, target) pairs?",
        reveal,
        bounds=(0, 300, 1),
    )


@question("sequence-data")
def tokens_in_a_sentence(rng: np.random.Generator) -> Check:
    sentence = pick(rng, SENTENCES)

    def reveal() -> Reveal:
        from dashboard import cache

        enc = cache.encode_text(sentence, "word", 200, 80, True)
        return Reveal(enc.total_tokens, f"The tokeniser made **{enc.total_tokens}** steps: "
                      + " · ".join(f"`{t}`" for t in enc.tokens) + ". Punctuation marks are "
                      "tokens of their own, so T_x counts them.")  # fmt: skip

    return Check(
        f"Split into words as on this page (lower-cased): how long is T_x for “{sentence}”?",
        reveal,
        bounds=(1, 30, 1),
    )


def _sine_prep(period: int, noise: float, window: int):
    from core.sequences import sine_wave
    from core.timeseries import models as ts

    series = sine_wave(1000, period, 1.0, 0.0, noise, 0.0, 0).astype(np.float64)
    return ts.prepare(series, window, 1)


@question("time-series-sine-waves")
def window_length(rng: np.random.Generator) -> Check:
    noise = float(pick(rng, (0.1, 0.2, 0.3, 0.5)))
    short, long = int(rng.integers(2, 5)), int(rng.integers(20, 60))
    options = (f"N = {short}", f"N = {long}")

    def reveal() -> Reveal:
        from core.timeseries import models as ts

        rmse = {}
        for n in (short, long):
            prep = _sine_prep(50, noise, n)
            tr = ts.windows(prep.z, n, 1, n, prep.split.train)
            va = ts.windows(prep.z, n, 1, prep.split.train, prep.split.valid)
            rmse[n] = ts.linear_lstsq(tr, va)[1] * prep.scaler.std
        best = short if rmse[short] < rmse[long] else long
        return Reveal(
            f"N = {best}",
            f"Least squares gives validation RMSE **{rmse[short]:.3f}** "
            f"with N = {short} and **{rmse[long]:.3f}** with N = {long} (noise σ = "
            f"{noise}). A longer window lets the linear model average the noise away.",
        )

    return Check(
        f"A sine of period 50 with noise σ = {noise}: which window gives the best linear "
        "(least-squares) forecaster of the next value?",
        reveal,
        options,
    )


@question("time-series-sine-waves")
def persistence_error(rng: np.random.Generator) -> Check:
    noise = float(pick(rng, (0.1, 0.2, 0.3, 0.4, 0.5)))
    options = ("about σ / 2", "about σ", "about 1.4 σ", "about 2 σ")

    def reveal() -> Reveal:
        from core.timeseries import models as ts

        prep = _sine_prep(100, noise, 20)
        truth = prep.scaler.inverse(prep.test.Y[:, 0])
        pred = prep.scaler.inverse(ts.persistence(prep.test.X, 1)[:, 0])
        rmse = ts.mae_rmse(truth, pred)[1]
        ratios = np.array([0.5, 1.0, np.sqrt(2), 2.0])
        answer = options[int(np.argmin(np.abs(ratios - rmse / noise)))]
        return Reveal(answer, f"Persistence scored RMSE **{rmse:.3f}** = {rmse / noise:.2f} σ. "
                      "Its error is the difference of two independent noisy values, so its "
                      "variance is 2σ²: RMSE ≈ √2 σ on a slow wave.")  # fmt: skip

    return Check(
        f"A slow sine (period 100) with noise σ = {noise}. Persistence (next = last) will have "
        "a test RMSE of…",
        reveal,
        options,
    )


@question("the-variable-length-problem")
def padding_cells(rng: np.random.Generator) -> Check:
    lengths = [int(v) for v in rng.integers(1, 12, int(rng.integers(3, 6)))]
    maxlen = int(rng.integers(4, 10))

    def reveal() -> Reveal:
        from core.timeseries import variable_length as vl

        batch = vl.pad([np.ones(n) for n in lengths], maxlen, "post", "post")
        pads = int((~batch.mask).sum())
        return Reveal(pads, f"`pad` made a {batch.mask.shape[0]} × {maxlen} rectangle with "
                      f"**{pads}** padding cells: a sequence of length n gets max(0, {maxlen} − n) "
                      "of them, and longer ones are cut, not padded.")  # fmt: skip

    return Check(
        f"Sequences of lengths {lengths} are padded and truncated to max length {maxlen}. "
        "How many cells of the batch are padding?",
        reveal,
        bounds=(0, 60, 1),
    )


@question("the-variable-length-problem")
def bucketing_saves(rng: np.random.Generator) -> Check:
    low, high = int(rng.integers(1, 10)), int(rng.integers(30, 60))
    options = ("under 10 %", "10–30 %", "30–60 %", "over 60 %")

    def reveal() -> Reveal:
        from core.timeseries import variable_length as vl

        lengths = [len(s) for s in vl.random_sequences(512, low, high, 0)]
        share = vl.padding_fraction(lengths)
        bucketed = vl.padding_fraction(lengths, 32)
        answer = options[int(np.searchsorted([0.1, 0.3, 0.6], share))]
        return Reveal(answer, f"One batch of 512 is **{share:.0%}** padding: every row is as "
                      f"long as the longest (about {high}) while the mean is about "
                      f"{(low + high) / 2:.0f}. Sorted into buckets of 32 it is "
                      f"{bucketed:.1%}.")  # fmt: skip

    return Check(
        f"512 sequences with lengths spread evenly between {low} and {high}, in one padded "
        "batch: what share of the batch is padding?",
        reveal,
        options,
    )


@question("weather-forecasting")
def baseline_race(rng: np.random.Generator) -> Check:
    lead = int(pick(rng, (1, 3, 6, 12, 18)))
    options = ("Persistence", "Same hour yesterday")

    def reveal() -> Reveal:
        from core.timeseries import models as ts
        from dashboard import cache

        fc = cache.weather_forecasts(24)
        truth = fc["truth"][:, lead - 1]
        mae = {k: ts.mae_rmse(truth, fc["forecasts"][k][:, lead - 1])[0]
               for k in ("persistence", "seasonal_naive")}  # fmt: skip
        best = options[0] if mae["persistence"] < mae["seasonal_naive"] else options[1]
        return Reveal(best, f"Test MAE {lead} h ahead: persistence "
                      f"**{mae['persistence']:.3f} °C**, same hour yesterday "
                      f"**{mae['seasonal_naive']:.3f} °C**. The further "
                      "ahead, the less the last hour says; the daily cycle repeats.")  # fmt: skip

    return Check(
        f"Seattle hourly temperature, {lead} h ahead: which baseline has the lower test MAE?",
        reveal,
        options,
    )


@question("weather-forecasting")
def hardest_month(rng: np.random.Generator) -> Check:
    from core.timeseries import models as ts
    from dashboard import cache

    fc = cache.weather_forecasts(1)  # the page's own default: already cached
    names = sorted(fc["forecasts"])
    name = pick(rng, names)
    months = fc["months"]
    options = tuple(dict.fromkeys(months))
    label = {"persistence": "Persistence", "seasonal_naive": "Same hour yesterday", **ts.LABELS}

    def reveal() -> Reveal:
        err = np.abs(fc["forecasts"][name][:, 0] - fc["truth"][:, 0])
        mae = {m: float(err[months == m].mean()) for m in options}
        worst = max(options, key=mae.get)
        return Reveal(worst, f"{label.get(name, name)}'s MAE by month: " + ", ".join(
            f"{m} **{v:.3f} °C**" for m, v in mae.items()) + ". Months whose temperature "
            "swings more from hour to hour are harder for every forecaster.")  # fmt: skip

    return Check(
        f"{label.get(name, name)}, 1 h ahead, over the test period: in which month is its "
        "mean absolute error largest?",
        reveal,
        options,
    )
