"""Character language models and gates: quality per corpus and cell, and the pages' costs."""

from __future__ import annotations

import dataclasses
import time

from benchmarks.timing import median_time, ok
from core import assets
from core.rnn import charlm, gates
from dashboard.charts import gate_charts

SAMPLE_TARGET_S, HEATMAP_TARGET_S, SEARCH_TARGET_S, TRAIN_TARGET_S = 0.200, 0.300, 0.500, 60.0
SEARCH_CHARS = 20_000  # as the gates page scans


def quality_rows() -> list[str]:
    rows = [
        "| corpus | cell | units | validation bits/char | bigram baseline | better | file |",
        "|---|---|---:|---:|---:|:---:|---:|",
    ]
    for corpus_name in charlm.CORPORA:
        corpus = charlm.load_corpus(corpus_name)
        bigram = charlm.bigram_bits_per_char(corpus)
        for kind in charlm.KINDS:
            model = charlm.load_shipped(corpus_name, kind)
            bits = charlm.corpus_bits_per_char(model, corpus.valid)
            size = assets.resolve(charlm.shipped_file(corpus_name, kind)).stat().st_size
            rows.append(
                f"| {corpus_name} | {kind.upper()} | {model.params.units} | {bits:.3f} | "
                f"{bigram:.3f} | {ok(bits < bigram)} | {size / 1e6:.2f} MB "
                f"{ok(size < 5e6)} |"
            )
    return rows


def novelty() -> list[str]:
    corpus = charlm.load_corpus("dinosaurs")
    known = set(corpus.train)
    out = []
    for kind in charlm.KINDS:
        model = charlm.load_shipped("dinosaurs", kind)
        names = [charlm.sample(model, temperature=1.0, seed=s).text for s in range(100)]
        new = sum(name not in known for name in names) / len(names)
        out.append(f"{kind.upper()} {new:.0%} {ok(new >= 0.8)}")
    return out


def timings() -> list[str]:
    model = charlm.load_shipped("dinosaurs", "gru")
    lstm = charlm.load_shipped("dinosaurs", "lstm")
    corpus = charlm.load_corpus("dinosaurs")
    t_sample = median_time(
        lambda: [charlm.sample(model, temperature=1.0, seed=s) for s in range(10)], 10
    )
    text = "".join(corpus.valid)[:200]

    def heatmaps() -> None:
        trace = gates.read_sequences(lstm, [text])
        for name, values in {**trace.gates, "c": trace.c, "a": trace.h}.items():
            gate_charts.gate_heatmap(values, trace.text, name, name in gate_charts.SIGNED, 0)

    t_heat = median_time(heatmaps, 10)
    tunes = charlm.load_shipped("tunes", "lstm")
    tune_trace = gates.read_sequences(tunes, charlm.load_corpus("tunes").valid, SEARCH_CHARS)
    t_search = median_time(lambda: gates.match_pattern(tune_trace.h, (10, 14), None, 0.3), 10)
    t_legible = median_time(lambda: gates.legible_units(tune_trace.h, tune_trace.text, 2), 5)
    return [
        f"| sample 10 dinosaur names (GRU, T = 1) | {t_sample * 1000:.0f} ms | "
        f"{ok(t_sample < SAMPLE_TARGET_S)} < {SAMPLE_TARGET_S * 1000:.0f} ms |",
        f"| every gate's heatmap for 200 characters (LSTM, uncached: trace + 6 figures) | "
        f"{t_heat * 1000:.0f} ms | {ok(t_heat < HEATMAP_TARGET_S)} < "
        f"{HEATMAP_TARGET_S * 1000:.0f} ms |",
        f"| LSTMVis span search over {len(tune_trace.text):,} tune characters × "
        f"{tunes.params.units} units | {t_search * 1000:.0f} ms | "
        f"{ok(t_search < SEARCH_TARGET_S)} < {SEARCH_TARGET_S * 1000:.0f} ms |",
        f"| legible units over the same characters (8 features) | {t_legible * 1000:.0f} ms | |",
    ]


def live_training() -> str:
    """The page's default live run on the dinosaurs (its slider, units and clipping defaults)."""
    from dashboard.parts import charlm_training as page

    corpus = charlm.load_corpus("dinosaurs")
    base = charlm.DEFAULTS["dinosaurs"]
    config = dataclasses.replace(
        base,
        epochs=min(base.epochs, page.DEFAULT_EPOCHS),
        units=page.DEFAULT_UNITS,
        clipnorm=page.DEFAULT_CLIPNORM,
    )
    start = time.perf_counter()
    fit = charlm.fit(corpus, config)
    seconds = time.perf_counter() - start
    bits = fit.history["val_bits_per_char"][-1]
    return (
        f"| live training, page defaults (dinosaurs, GRU-{config.units}, {config.epochs} "
        f"epochs, clipnorm {config.clipnorm:g}; TensorFlow imported) | {seconds:.1f} s, "
        f"validation {bits:.3f} bits/char | {ok(seconds < TRAIN_TARGET_S)} < "
        f"{TRAIN_TARGET_S:.0f} s |"
    )


def section() -> list[str]:
    return [
        "## Language model & sampling, Inside GRU & LSTM gates (`assets/charlm_*.npz`)",
        "",
        "Shipped by `python -m core.train charlm`; validation = the 10% of sequences held out "
        "with a fixed seed. Bits per character include the end ⏎; the baseline is an add-one "
        "character bigram fitted on the same training split. Target: every model better than "
        "its bigram, every file under 5 MB.",
        "",
        *quality_rows(),
        "",
        "Novel dinosaur names (100 samples at T = 1 not in the training list; target ≥ 80%): "
        + ", ".join(novelty())
        + ".",
        "",
        "| measure | value | target |",
        "|---|---:|:---:|",
        *timings(),
        live_training(),
        "",
    ]
