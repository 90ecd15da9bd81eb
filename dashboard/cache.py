"""Cached entry points into core: the only place caching decorators live.

`st.cache_data` for derived arrays (copied per session), `st.cache_resource`
for models and Plotly figures (one shared copy per process: never mutate what it returns;
`st.plotly_chart` only reads a figure, it validates a copy).
"""

import streamlit as st

from core import sequences


@st.cache_data(max_entries=128, show_spinner=False)
def encode_text(text: str, level: str, vocab_size: int, max_steps: int, lowercase: bool):
    return sequences.encode_text(text, level, vocab_size, max_steps, lowercase)


@st.cache_data(max_entries=128, show_spinner=False)
def sine_windows(
    length: int, period: float, noise: float, seed: int, window: int, horizon: int, stride: int
):
    series = sequences.sine_wave(length, period, noise=noise, seed=seed)
    return series, sequences.make_windows(series, window, horizon, stride)


@st.cache_resource(show_spinner="Loading the trained models…")
def next_step_models(task: str):
    """{(cell, units): NextStepModel} for "word" or "sine": one shared copy per process."""
    from core import assets
    from core.rnn import next_step

    return next_step.load_bundle(assets.resolve(f"next_step_{task}.npz"))[0]


@st.cache_data(max_entries=256, show_spinner=False)
def next_step_run(task: str, kind: str, units: int, source: tuple):
    """(x, truth, Prediction) for a word ("word", source = (word,)) or a sine window
    ("sine", source = (steps, period, noise, seed)); truth is the target ids or the series."""
    from core.rnn import next_step

    model = next_step_models(task)[(kind, units)]
    if task == "word":
        x, truth = next_step.encode_word(source[0])
    else:
        steps, period, noise, seed = source
        truth = next_step.sine_series(steps, period, noise, seed=seed)
        x = truth[:-1, None]
    return x, truth, next_step.predict(model, x)


@st.cache_data(max_entries=64, show_spinner=False)
def gradient_views(
    steps: int,
    radius: float,
    activation: str,
    init_scale: float,
    gate_bias: float,
    loss_at: str,
    seed: int,
):
    """({cell: Flow}, RNN Jacobian norms, mean g′ of the RNN) for one setting of the sliders."""
    import numpy as np

    from core.rnn import cells, gradients, jacobians

    x = np.random.default_rng(seed).standard_normal((8, steps, 4))
    flows, rnn = {}, None
    for kind in ("rnn", "gru", "lstm"):
        p = jacobians.random_cell(
            kind,
            4,
            16,
            radius,
            init_scale,
            activation if kind == "rnn" else "tanh",
            gate_bias,
            seed,
        )
        flows[kind] = gradients.gradient_flow(p, x, loss_at)
        rnn = rnn or p
    tr = cells.forward(rnn, x[:1])
    g_prime = float(gradients.derivative(activation)(tr.h).mean())
    return flows, jacobians.rnn_jacobian_norms(rnn, tr), g_prime


@st.cache_data(max_entries=64, show_spinner=False)
def clip_demo(
    radius: float,
    activation: str,
    init_scale: float,
    mode: str,
    threshold: float,
    learning_rate: float,
    seed: int,
):
    import numpy as np

    from core.rnn import clipping, jacobians

    rng = np.random.default_rng(seed)
    p = jacobians.random_cell("rnn", 4, 16, radius, init_scale, activation, seed=seed)
    x, y = rng.standard_normal((16, 40, 4)), rng.standard_normal(16)
    return clipping.clipped_step(p, x, y, mode, threshold, learning_rate, seed)


@st.cache_resource(show_spinner=False)
def memory_runs() -> list[dict]:
    """The shipped memory-task runs (3 seeds), read once per process."""
    import json

    from core import assets

    return json.loads(assets.resolve("memory_task.json").read_text(encoding="utf-8"))["runs"]


@st.cache_data(show_spinner="Reading the forecasts…")
def weather_forecasts(horizon: int) -> dict:
    """Test-period truth and forecasts (°C) of every shipped model and baseline.

    The models' forecasts were computed once by `python -m core.train weather_forecasts`
    (tested equal to the shipped models' outputs), so this page imports no TensorFlow.
    """
    from core.timeseries import forecasters as fw
    from core.timeseries.weather import hourly_temperature

    series = hourly_temperature()
    prep = fw.prepare(series.to_numpy(), fw.WINDOW, horizon)
    scaled = fw.baseline_forecasts(prep, horizon)
    scaled |= fw.shipped_forecasts(horizon, len(prep.test.Y))
    return {
        "truth": prep.scaler.inverse(prep.test.Y),
        "forecasts": {k: prep.scaler.inverse(v) for k, v in scaled.items()},
        "times": series.index[prep.test.target_start].to_numpy(),
        "months": series.index[prep.test.target_start].strftime("%b").to_numpy(),  # "Jan"
    }


@st.cache_data(show_spinner=False)
def weather_smoothness() -> tuple[float, float]:
    """`weather.daily_smoothness` of the shipped hourly file (reading it takes tens of ms)."""
    from core.timeseries import weather

    return weather.daily_smoothness(weather.hourly_temperature())


@st.cache_resource(show_spinner="Loading the date translator…")
def date_model():
    """The shipped attention translator (numpy inference; shared, never mutated)."""
    from core.translation import translator

    return translator.shipped_model()


@st.cache_data(max_entries=256, show_spinner=False)
def translate(text: str, beam_width: int = 1, alpha: float = 0.0, forced: tuple[int, ...] = ()):
    from core.translation import translator

    return translator.translate(text, beam_width, alpha, model=date_model(), forced=forced)


@st.cache_data(show_spinner="Translating the held-out dates…")
def date_test_report(beam_width: int, typos: bool = False) -> dict:
    """Accuracy and every error of the held-out set (or of its inputs with one typo each),
    with the course's fault attribution: read from `python -m core.train date_errors`'s file
    while it matches the shipped model, computed otherwise (a wide beam: tens of seconds)."""
    from core.translation import errors as date_errors

    shipped = _shipped_date_reports()
    if shipped and (beam_width, typos) in shipped:
        return shipped[(beam_width, typos)]
    pairs = date_test_pairs()
    if typos:
        pairs = date_errors.with_typos(pairs)
    return date_errors.test_report(date_model(), pairs, beam_width)


@st.cache_resource(show_spinner=False)
def _shipped_date_reports():
    """Every report of `python -m core.train date_errors`'s file, read once per process (None
    when it does not match the shipped model); shared: `date_test_report` hands out copies."""
    from core import assets
    from core.translation import errors as date_errors

    path = assets.ASSETS_DIR / date_errors.REPORTS_FILE
    return date_errors.load_reports(path, date_errors.report_sources())


@st.cache_data(max_entries=4, show_spinner=False)
def date_test_bleu(beam_width: int):
    """(the translator's output for each held-out date, its corpus BLEU against the ISO
    dates): scoring 2,000 sentences takes ~50 ms, so it is done once, not on every rerun."""
    from core.translation import bleu

    wrong = {e.text: e.output for e in date_test_report(beam_width)["errors"]}
    pairs = date_test_pairs()
    hyps = [wrong.get(text, iso) for text, iso in pairs]
    return hyps, bleu.corpus_bleu(hyps, [[iso] for _, iso in pairs])


@st.cache_data(max_entries=128, show_spinner=False)
def word_beam(
    cell: str, units: int, beam_width: int, alpha: float, max_len: int, forced: tuple = ()
):
    """Beam search over the "RNN unrolled" English-word character model."""
    from core.rnn import next_step
    from core.translation import beam

    model = next_step_models("word")[(cell, units)]
    fn = next_step.word_log_prob_fn(model)
    return beam.beam_search(fn, next_step.WORD_BOS, 0, beam_width, max_len, alpha, forced)


@st.cache_data(show_spinner=False)
def date_test_pairs() -> list[tuple[str, str]]:
    """The shipped held-out (human, ISO) pairs."""
    from core import assets
    from core.translation import data as dates

    return dates.load_test(assets.resolve(dates.TEST_FILE))


# ----------------------------------------------------------------------------- embeddings


@st.cache_resource(show_spinner="Loading GloVe (400,000 words × 50)…")
def embeddings():
    """GloVe 6B 50-d, one normalised copy per process (read-only)."""
    from core.embeddings.glove import Embeddings

    return Embeddings.load()


@st.cache_resource(show_spinner=False)
def shipped_projections() -> dict:
    """{"preset|method|dims": coords} computed by `python -m core.train projections`."""
    from core import assets
    from core.embeddings import projection

    return projection.load_presets(assets.resolve(projection.PRESETS_FILE))


@st.cache_data(max_entries=64, show_spinner=False)
def projected(words: tuple[str, ...], method: str, dims: int, seed: int = 0):
    """Coordinates of a typed word set (presets come from `shipped_projections`)."""
    from core.embeddings import projection

    return projection.project(embeddings().matrix(list(words)), method, dims, seed)


@st.cache_data(max_entries=512, show_spinner=False)
def most_similar(word_or_vector, k: int = 10, exclude: tuple[str, ...] = ()):
    return embeddings().most_similar(word_or_vector, k, exclude)


@st.cache_data(max_entries=256, show_spinner=False)
def analogy(a: str, b: str, c: str, k: int = 5):
    return embeddings().analogy(a, b, c, k)


@st.cache_data(show_spinner="Answering the analogy questions over all 400,000 words…")
def analogy_report():
    from core.embeddings import word_sets

    emb = embeddings()
    rows = []
    for category, a, b, c, d in word_sets.analogy_questions():
        guess = emb.analogy(a, b, c, 1)[0]
        rows.append(
            {
                "category": category,
                "question": f"{a} : {b} :: {c} : ?",
                "expected": d,
                "answer": guess.word,
                "cosine": round(guess.cosine, 3),
                "correct": guess.word == d,
            }
        )
    return rows


@st.cache_resource(show_spinner="Loading the Emojify models…")
def emoji_models():
    from core import assets
    from core.embeddings import emojify

    return emojify.load(assets.resolve(emojify.MODEL_FILE), embeddings())


@st.cache_data(show_spinner=False)
def emoji_test_predictions():
    """([(sentence, label)], model 1's labels, model 2's labels) on the shipped test split:
    the same on every rerun, so computed once."""
    models, _ = emoji_models()
    test = [(s, y) for s, y, part in emoji_sentences() if part == "test"]
    pred1 = [models.average_model(s).label for s, _ in test]
    pred2 = [p.label for p in models.lstm_batch([s for s, _ in test])]
    return test, pred1, pred2


@st.cache_data(show_spinner=False)
def emoji_sentences():
    """[(sentence, label, split)] of the shipped Emojify dataset."""
    from core import assets
    from core.embeddings import emojify

    lines = assets.resolve(emojify.DATA_FILE).read_text(encoding="utf-8").splitlines()[1:]
    return [(s, int(y), part) for s, y, part in (line.rsplit(",", 2) for line in lines)]


# ----------------------------------------------------------------------------- trigger word


@st.cache_resource(show_spinner=False)
def trigger_weights() -> dict:
    """The shipped trigger-word weights (read-only: fine-tuning copies them)."""
    from core.trigger import detect

    return detect.load_weights()


@st.cache_resource(show_spinner=False)
def trigger_runner():
    from core.trigger import model

    return model.Runner(trigger_weights())


@st.cache_resource(show_spinner="Reading the synthesised word clips…")
def trigger_clips(held_out: tuple[str, ...] = ()):
    """(positives, negatives), 16 kHz waveforms: the training split, or with `held_out`
    (synthesisers) the held-out voices of those."""
    from core import assets
    from core.trigger import training

    assets.resolve("trigger/clips.csv")
    return training.load_clips("heldout", held_out) if held_out else training.load_clips("train")


@st.cache_resource(show_spinner=False)
def near_miss_clips() -> list:
    """[(word, 3 s of quiet noise with that word in it)] for every near miss."""
    import numpy as np

    from core.trigger import audio, make_clips, training

    rng = np.random.default_rng(0)
    rows = training.clip_index()
    out = []
    for word in make_clips.NEAR_MISSES:
        w = training.read_clip(next(r for r in rows if r["word"] == word))
        x = 0.01 * rng.standard_normal(3 * audio.RATE).astype(np.float32)
        x[audio.RATE : audio.RATE + len(w)] += w[: 2 * audio.RATE]
        out.append((word, x))
    return out


@st.cache_data(max_entries=32, show_spinner=False)
def trigger_example(seed: int, augmentation: bool = True, held_out: tuple[str, ...] = ()):
    """One synthesised 10 s clip (the same for a seed, every rerun) of the training voices,
    or of `held_out` synthesisers' held-out voices: what the model never heard."""
    import numpy as np

    from core.trigger import synth

    pos, neg = trigger_clips(held_out)
    return synth.make_example(pos, neg, np.random.default_rng(seed), augmentation=augmentation)


@st.cache_data(max_entries=8, show_spinner=False)
def trigger_detection(x16, threshold: float):
    """(the shipped model on a 16 kHz recording, seconds it took): a rerun for another widget,
    or a threshold moved back, reuses it (a 2-minute upload takes about 0.4 s)."""
    import time

    from core.trigger import audio, detect

    start = time.perf_counter()
    result = detect.detect(x16, audio.RATE, trigger_runner(), threshold)
    return result, time.perf_counter() - start


@st.cache_data(max_entries=32, show_spinner=False)
def near_miss_table(threshold: float) -> list[dict]:
    """The shipped model on each near miss alone in quiet noise."""
    return near_miss_rows(trigger_runner(), threshold)


def near_miss_rows(runner, threshold: float) -> list[dict]:
    from core.trigger import audio, detect

    rows = []
    for word, wave in near_miss_clips():
        d = detect.detect(wave, audio.RATE, runner, threshold)
        rows.append({"word": word, "max probability": round(float(d.probabilities.max()), 3),
                     "fired": "🔔" if d.times else ""})  # fmt: skip
    return rows


@st.cache_resource(max_entries=256, show_spinner=False)
def unrolled_diagram(spec):
    """The RNN-unrolled page's diagram (`rnn_diagrams.Unrolled` → figure): Plotly validates
    its ~100 shapes and annotations for ~15 ms, on every rerun of the page without this."""
    from dashboard.charts.rnn_diagrams import unrolled_figure

    return unrolled_figure(spec)


@st.cache_resource(max_entries=16, show_spinner=False)
def mini_chain(x_labels: tuple[str, ...], y_labels: tuple[str, ...], title: str):
    """A "types of RNN" thumbnail; the five are the same on every rerun."""
    from dashboard.charts.rnn_diagrams import mini_chain

    return mini_chain(x_labels, y_labels, title)


# ----------------------------------------------------------------------------- character models


@st.cache_resource(show_spinner="Loading the character model…")
def charlm_model(corpus: str, kind: str):
    """A shipped `core.rnn.charlm.CharLM` (numpy): one shared copy per process, never mutated."""
    from core.rnn import charlm

    return charlm.load_shipped(corpus, kind)


@st.cache_resource(show_spinner="Loading the corpus…")
def charlm_corpus(corpus: str):
    from core.rnn import charlm

    return charlm.load_corpus(corpus)


@st.cache_data(max_entries=64, show_spinner=False)
def gate_trace(corpus: str, kind: str, sequences: tuple[str, ...], max_chars: int = 0):
    """`core.rnn.gates.read_sequences` of the shipped model over `sequences`."""
    from core.rnn import gates

    return gates.read_sequences(charlm_model(corpus, kind), list(sequences), max_chars)


@st.cache_data(max_entries=16, show_spinner="Reading the validation corpus…")
def gate_corpus_trace(corpus: str, kind: str, max_chars: int):
    """The shipped model over the validation sequences: the corpus LSTMVis-style search scans."""
    return gate_trace(corpus, kind, charlm_corpus(corpus).valid, max_chars)


@st.cache_data(max_entries=128, show_spinner=False)
def charlm_samples(
    corpus: str, kind: str, prefix: str, temperature: float, top_k: int, max_len: int,
    count: int, seed: int,
) -> list:  # fmt: skip
    """`count` samples of the shipped model; sample i uses seed + i (reproducible)."""
    from core.rnn import charlm

    model = charlm_model(corpus, kind)
    return [
        charlm.sample(model, prefix, temperature, top_k, max_len, seed + i) for i in range(count)
    ]


@st.cache_data(max_entries=128, show_spinner=False)
def charlm_reading(corpus: str, kind: str, text: str):
    """The shipped model reading `text` (+ END): probabilities, bits and every gate."""
    from core.rnn import charlm

    return charlm.read(charlm_model(corpus, kind), text)


@st.cache_data(max_entries=128, show_spinner=False)
def charlm_beam(
    corpus: str, kind: str, beam_width: int, alpha: float, max_len: int, forced: tuple = ()
):
    """Beam search over a shipped character model (bos: the zero input, eos: END)."""
    from core.rnn import charlm
    from core.translation import beam

    model = charlm_model(corpus, kind)
    fn = charlm.log_prob_fn(model)
    return beam.beam_search(fn, model.vocab.bos, 0, beam_width, max_len, alpha, forced)


@st.cache_data(max_entries=16, show_spinner=False)
def gate_legible_units(corpus: str, kind: str, max_chars: int):
    """`core.rnn.gates.legible_units` over the validation corpus (two units a feature)."""
    from core.rnn import gates

    trace = gate_corpus_trace(corpus, kind, max_chars)
    return gates.legible_units(trace.h, trace.text, per_feature=2)


@st.cache_data(max_entries=16, show_spinner=False)
def gate_saturation(corpus: str, kind: str, max_chars: int):
    """Histograms of every gate (not the candidate) over the validation corpus."""
    from core.rnn import gates

    trace = gate_corpus_trace(corpus, kind, max_chars)
    return gates.saturation({k: v for k, v in trace.gates.items() if k != "candidate"})


@st.cache_resource(max_entries=8, show_spinner=False)
def gate_saturation_figure(corpus: str, max_chars: int):
    """GRU and LSTM gate histograms side by side (a shared figure: never mutate it)."""
    from core.rnn import charlm
    from dashboard.charts import gate_charts

    by_cell = {kind.upper(): gate_saturation(corpus, kind, max_chars) for kind in charlm.KINDS}
    return gate_charts.saturation_bars(by_cell)


@st.cache_data(max_entries=256, show_spinner=False)
def charlm_best_tokens(corpus: str, kind: str, beam_width: int, alpha: float, max_len: int):
    """Only the best output of `charlm_beam`: a few ints to unpickle, not the whole tree."""
    return tuple(charlm_beam(corpus, kind, beam_width, alpha, max_len).best.tokens)


@st.cache_data(max_entries=128, show_spinner=False)
def date_attribution(text: str, reference: str, beam_width: int):
    """`errors.attribute` of the shipped date translator (raises its ValueError on bad input)."""
    from core.translation import errors

    return errors.attribute(date_model(), text, reference, beam_width)


@st.cache_data(max_entries=64, show_spinner=False)
def charlm_beam_faults(corpus: str, kind: str, reference: tuple[int, ...], max_len: int) -> dict:
    """{B: errors.attribute_tokens(...)} for beam widths 1..10 against `reference` (y* as ids
    ending with END): ten teacher-forced scorings, drawn once per reference, not per rerun."""
    from core.rnn import charlm
    from core.translation import errors

    model = charlm_model(corpus, kind)
    fn = charlm.log_prob_fn(model)
    return {
        b: errors.attribute_tokens(
            fn, model.vocab.bos, reference, charlm_best_tokens(corpus, kind, b, 0.0, max_len)
        )
        for b in range(1, 11)
    }


@st.cache_data(max_entries=128, show_spinner=False)
def attention_whatif(text: str, step: int, target: int, mass: float):
    """(greedy translation with a share `mass` of α⟨step,·⟩ moved to input `target`, the row)."""
    from core.translation import translator

    row = translator.moved_attention(translate(text, 1).attention[step], target, mass)
    return translator.with_attention(text, step, row, date_model()), row


@st.cache_resource(max_entries=64, show_spinner=False)
def beam_tree_figure(_search, key: tuple, labels: tuple[str, ...], show_pruned: int):
    """The tree of a `BeamResult` with its best path (one shared copy: never mutate it).

    `key` names the search (its model, input, B, α, forced prefix): hashing the tree itself
    takes Streamlit ~0.6 s for a thousand nodes, so `_search` is left out of the cache key.
    """
    from dashboard.charts import nmt_charts

    path = {n.id for n in _search.path(_search.best.node)}
    return nmt_charts.beam_tree(_search, lambda i: labels[i], show_pruned, path)


@st.cache_resource(max_entries=64, show_spinner=False)
def attention_figure(attention, x_labels: tuple[str, ...], y_labels: tuple[str, ...], t: int):
    """`nmt_charts.attention_heatmap`, shared (never mutate it)."""
    from dashboard.charts import nmt_charts

    return nmt_charts.attention_heatmap(attention, list(x_labels), list(y_labels), chosen=t)
