"""Music generation: the LSTM's next-event quality against unigram and bigram, and its costs."""

from __future__ import annotations

from benchmarks.timing import median_time, ok
from core import assets
from core.rnn import music

IMPROVISE_TARGET_S, SIZE_LIMIT = 0.300, 10_000_000


def quality_rows(model: music.MusicLM, tunes: music.TuneSet) -> list[str]:
    valid = music.sequences(tunes, model.vocab, True)
    q = music.evaluate(model, valid)
    base = music.baselines(music.sequences(tunes, model.vocab, False), valid, model.vocab.size)
    size = assets.resolve(music.MODEL_FILE).stat().st_size
    better = q["xent"] < base["bigram_xent"] < base["unigram_xent"]
    return [
        "| model | nats/event | perplexity | top-1 accuracy |",
        "|---|---:|---:|---:|",
        f"| LSTM-{model.params.units} | {q['xent']:.3f} | {q['perplexity']:.1f} | "
        f"{q['accuracy']:.1%} |",
        f"| event bigram (add-one) | {base['bigram_xent']:.3f} | "
        f"{2.718281828 ** base['bigram_xent']:.1f} | {base['bigram_accuracy']:.1%} |",
        f"| event unigram (add-one) | {base['unigram_xent']:.3f} | "
        f"{2.718281828 ** base['unigram_xent']:.1f} | |",
        "",
        f"LSTM below bigram below unigram: {ok(better)}. {len(valid)} held-out tunes, "
        f"{model.vocab.size} tokens; `{music.MODEL_FILE}` {size / 1e6:.2f} MB "
        f"{ok(size < SIZE_LIMIT)} < 10 MB.",
    ]


def timing_rows(model: music.MusicLM, tunes: music.TuneSet) -> list[str]:
    i = tunes.split(True)[0]
    opening = music.opening(tunes.events[i], tunes.meters[i], 2)
    t_imp = median_time(lambda: music.improvise(model, opening, 64, 1.0, 0), 10)
    tune = music.improvise(model, opening, 64, 1.0, 0)
    t_wav = median_time(lambda: music.wav_bytes(music.synthesize(tune.events)), 10)
    t_midi = median_time(lambda: music.midi_bytes(tune.events), 10)
    total = t_imp + t_wav
    return [
        "| measure | value | target |",
        "|---|---:|---|",
        f"| improvise 64 events (numpy LSTM) | {t_imp * 1000:.0f} ms | |",
        f"| render them to a 22.05 kHz WAV ({len(tune.events)} events) | {t_wav * 1000:.0f} ms | |",
        f"| improvise + render | {total * 1000:.0f} ms | {ok(total < IMPROVISE_TARGET_S)} "
        f"< {IMPROVISE_TARGET_S * 1000:.0f} ms |",
        f"| MIDI export | {t_midi * 1000:.1f} ms | |",
    ]


def live_training() -> str:
    """The page's default live run (its epochs and units), TensorFlow's import included."""
    import time

    from dashboard.parts import music_training as page

    start = time.perf_counter()
    model = music.fit(
        music.load_tunes(),
        music.TrainConfig(units=page.DEFAULT_UNITS, epochs=page.DEFAULT_EPOCHS),
    )
    seconds = time.perf_counter() - start
    return (
        f"| live training, page defaults (LSTM-{page.DEFAULT_UNITS}, {page.DEFAULT_EPOCHS} "
        f"epochs; TensorFlow imported) | {seconds:.1f} s ({model.meta['train_seconds']:.1f} s "
        f"fitting) | {ok(seconds < 90)} < 90 s |"
    )


def section() -> list[str]:
    model, tunes = music.load(), music.load_tunes()
    return [
        f"## Music generation (`assets/{music.MODEL_FILE}`, `assets/{music.EVENTS_FILE}`)",
        "",
        "Shipped by `python -m core.train music`: the first "
        f"{music.MAX_PER_BOOK} tunes of each of music21's {', '.join(music.TUNE_BOOKS)} parsed "
        f"into note events ({tunes.skipped} skipped), 10% held out with a fixed seed. "
        "Cross-entropy per event (END included, meter token excluded) on the held-out tunes.",
        "",
        *quality_rows(model, tunes),
        "",
        *timing_rows(model, tunes),
        live_training(),
    ]


if __name__ == "__main__":
    print("\n".join(section()))
