"""Produce every trained asset: `python -m core.train NAME [options]`.

Each trainer writes its files into assets/ and records them in
assets/manifest.json with their sha256 and the command that reproduces them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from core import assets


def train_rnn_unrolled(args: argparse.Namespace) -> None:
    """Next-character (words) and next-value (sine) models for the "RNN unrolled" lesson."""
    from core.rnn import next_step, next_step_fit

    for task in args.task or next_step.TASKS:
        models = {}
        for kind in next_step.KINDS:
            for units in next_step.UNITS:
                start = time.perf_counter()
                models[(kind, units)] = next_step_fit.fit(
                    task, kind, units, seed=args.seed, on_step=lambda _message: None
                )
                print(f"{task} {kind}-{units}: {time.perf_counter() - start:.0f} s", flush=True)
        meta = {
            "task": task,
            "units": list(next_step.UNITS),
            "seed": args.seed,
            "quality": next_step_fit.evaluate(task, models),
        }
        path = assets.ASSETS_DIR / f"next_step_{task}.npz"
        next_step.save_bundle(models, meta, path)
        what = (
            "next character of English words from Python's documentation (pydoc_data)"
            if task == "word"
            else "next value of noisy sine waves (periods 8-60, noise 0.05)"
        )
        assets.record(
            path,
            f"SimpleRNN/GRU/LSTM x {list(next_step.UNITS)} units + Dense read-out "
            f"predicting the {what}; Keras, seed {args.seed}.",
            f"python -m core.train rnn_unrolled --task {task}",
        )
        print(f"wrote {path.name}: {meta['quality']}", flush=True)


def train_memory_task(args: argparse.Namespace) -> None:
    """The "recall the first symbol" experiment of the gradients lesson, for 3 seeds."""
    from core.rnn import memory_task

    runs = []
    for seed in (args.seed, args.seed + 1, args.seed + 2):
        result = memory_task.train(memory_task.MemoryConfig(seed=seed))
        print(f"seed {seed}: {result.accuracy} in {result.seconds:.0f} s", flush=True)
        runs.append(json.loads(result.to_json()))
    path = assets.ASSETS_DIR / "memory_task.json"
    path.write_text(json.dumps({"runs": runs}) + "\n", encoding="utf-8")
    assets.record(
        path,
        "Accuracy against lag T and per-epoch RNNbow gradients of SimpleRNN/GRU/"
        "LSTM (16 units, recurrent init of spectral radius 0.9) on recall-the-first-"
        f"symbol, seeds {args.seed}-{args.seed + 2}; Keras.",
        "python -m core.train memory_task",
    )


def train_timeseries(args: argparse.Namespace) -> None:
    """Hourly Seattle temperature forecasters (every model, 1 h and 24 h ahead) and metrics."""
    from core.timeseries import forecasters as fw
    from core.timeseries import models as timeseries

    table = fw.train_all(assets.ASSETS_DIR, seed=args.seed)
    fw.save_table(table, assets.ASSETS_DIR / "weather_metrics.json")
    command = "python -m core.train timeseries"
    for horizon in fw.HORIZONS:
        for name in timeseries.MODELS:
            assets.record(
                fw.model_path(assets.ASSETS_DIR, name, horizon),
                f"{timeseries.LABELS[name]} forecasting Seattle hourly temperature "
                f"(vega_datasets seattle-temps, 2010) {horizon} h ahead from "
                f"{fw.WINDOW} h; {fw.EPOCHS} epochs, seed {args.seed}; Keras.",
                command,
            )
    assets.record(
        assets.ASSETS_DIR / "weather_metrics.json",
        "Test-period MAE/RMSE (°C) of every weather model and baseline.",
        command,
    )
    write_weather_forecasts(args)


def write_weather_forecasts(args: argparse.Namespace) -> None:
    """The shipped weather models' test-period forecasts, so the page needs no TensorFlow."""
    from core.timeseries import forecasters as fw

    path = fw.write_forecasts(assets.ASSETS_DIR)
    assets.record(
        path,
        f"Scaled test-period forecasts (float32) of every shipped weather model, "
        f"{' h and '.join(map(str, fw.HORIZONS))} h ahead, computed by the models' "
        "Keras forward pass; the weather page reads them instead of importing TensorFlow.",
        fw.FORECASTS_COMMAND,
    )
    print(f"wrote {path.name}", flush=True)


def train_dates(args: argparse.Namespace) -> None:
    """The attention date translator and its fixed held-out test set."""
    import numpy as np

    from core.translation import data as dates
    from core.translation import model as date_model
    from core.translation import translator

    n_train, epochs = 80_000, 12
    train = dates.make_dataset(n_train, args.seed)
    val = dates.make_dataset(2_000, args.seed + 2)
    test = dates.held_out(2_000, seed=args.seed + 1, train_seed=args.seed, train_n=n_train)
    start = time.perf_counter()
    report = lambda epoch, logs: print(  # noqa: E731
        f"epoch {epoch + 1}: val_accuracy {logs['val_accuracy']:.4f}", flush=True
    )
    model, _ = date_model.fit(train, val, epochs, seed=args.seed, on_epoch=report)
    weights = date_model.weights_from_keras(model)
    numpy_model = date_model.DateModel(weights)
    x = np.stack([dates.encode(text).ids for text, _ in test])
    ids, _, _ = numpy_model.greedy(x)
    accuracy = float(
        np.mean([dates.decode_iso(row) == iso for row, (_, iso) in zip(ids, test, strict=True)])
    )
    meta = {
        "seed": args.seed, "train_examples": n_train, "epochs": epochs,
        "train_seconds": round(time.perf_counter() - start), "test_exact_match": accuracy,
    }  # fmt: skip
    path = assets.ASSETS_DIR / translator.MODEL_FILE
    date_model.save(weights, meta, path)
    test_path = assets.ASSETS_DIR / dates.TEST_FILE
    test_path.write_text("".join(f"{text}\t{iso}\n" for text, iso in test), encoding="utf-8")
    command = "python -m core.train dates"
    assets.record(
        path,
        f"Bi-LSTM ({date_model.N_A}) + one-step attention + LSTM ({date_model.N_S}) "
        f"date translator, {n_train} Faker/Babel dates, {epochs} epochs, seed {args.seed}; Keras.",
        command,
    )
    assets.record(
        test_path,
        f"{len(test)} held-out (human date, ISO date) pairs, Faker seed {args.seed + 1}.",
        command,
    )
    print(f"wrote {path.name}: {meta}", flush=True)
    write_date_errors(args)


def write_date_errors(args: argparse.Namespace) -> None:
    """The Error analysis page's test reports (every beam width, with and without typos)."""
    from core.translation import data as dates
    from core.translation import errors, translator

    start = time.perf_counter()
    model = translator.shipped_model()
    pairs = dates.load_test(assets.resolve(dates.TEST_FILE))
    path = errors.write_reports(
        model, pairs, assets.ASSETS_DIR / errors.REPORTS_FILE, errors.report_sources()
    )
    assets.record(
        path,
        "Exact match and every error, with its beam-or-model attribution, of the shipped date "
        f"translator on assets/{dates.TEST_FILE} and on its inputs with one typo each (seed 0), "
        f"at beam widths {', '.join(map(str, errors.BEAM_WIDTHS))}; numpy inference.",
        errors.REPORTS_COMMAND,
    )
    print(f"wrote {path.name} in {time.perf_counter() - start:.0f} s", flush=True)


def train_transformer_dates(args: argparse.Namespace) -> None:
    """The dates Transformer of week 4: the dates task's training data, its shipped test set."""
    from core.transformers import model as tmodel
    from core.transformers import training, translator
    from core.translation import data as dates

    n_train, epochs, config = 80_000, 10, tmodel.Config()
    train = dates.make_dataset(n_train, args.seed)  # the same pairs `dates` trains on
    val = dates.make_dataset(2_000, args.seed + 2)
    test = dates.load_test(assets.resolve(dates.TEST_FILE))
    start = time.perf_counter()
    report = lambda epoch, logs: print(  # noqa: E731
        f"epoch {epoch + 1}: val_accuracy {logs['val_accuracy']:.4f}, "
        f"{time.perf_counter() - start:.0f} s",
        flush=True,
    )
    keras_model, _ = training.fit(train, val, config, epochs, seed=args.seed, on_epoch=report)
    seconds = round(time.perf_counter() - start)
    model = tmodel.TransformerModel(training.weights_from_keras(keras_model, config), config)
    meta = {"seed": args.seed, "train_examples": n_train, "epochs": epochs,
            "train_seconds": seconds, "parameters": model.parameters,
            "test_exact_match": tmodel.exact_match(model, test)}  # fmt: skip
    path = assets.ASSETS_DIR / translator.MODEL_FILE
    tmodel.save(model, meta, path)
    assets.record(
        path,
        f"Encoder-decoder Transformer ({config.num_layers} + {config.num_layers} layers, "
        f"d_model {config.d_model}, {config.num_heads} heads, dff {config.dff}) date translator, "
        f"the {n_train} Faker/Babel dates of `dates`, {epochs} epochs, seed {args.seed}; Keras. "
        f"Exact match {meta['test_exact_match']:.2%} on {dates.TEST_FILE}.",
        "python -m core.train transformer_dates",
    )
    print(f"wrote {path.name}: {meta}", flush=True)


def _train_encoder_app(args: argparse.Namespace, task: str) -> None:
    """The week 4 NER or QA encoder and its held-out set (see docs/ner-qa.md for the recipes)."""
    from core.transformers import encoder, encoder_training, entities, ner, qa

    module, n_train, epochs = {"ner": (ner, 20_000, 6), "qa": (qa, 40_000, 5)}[task]
    start = time.perf_counter()
    report = lambda epoch, logs: print(  # noqa: E731
        f"epoch {epoch + 1}: {', '.join(f'{k} {v:.4f}' for k, v in logs.items())}, "
        f"{time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
    recipe = encoder_training.train_ner if task == "ner" else encoder_training.train_qa
    model, vocab, heldout, meta = recipe(args.seed, n_train, epochs, report)
    meta["train_seconds"] = round(time.perf_counter() - start)
    path, held = assets.ASSETS_DIR / module.MODEL_FILE, assets.ASSETS_DIR / module.HELDOUT_FILE
    encoder.save(model, vocab.tokens, meta, path)
    entities.save_jsonl(heldout, held)
    c, command = model.config, f"python -m core.train {task}"
    score = (f"entity F1 {meta['heldout_f1']:.3f}" if task == "ner" else
             f"exact match {meta['heldout_exact_match']['all']:.3f}")  # fmt: skip
    what = ("BIO tagger" if task == "ner" else "start/end span reader with no-answer (end "
            "given the start, auxiliary entity tagging)")  # fmt: skip
    assets.record(path, f"Transformer encoder ({c.num_layers} layers, d_model {c.d_model}, "
                  f"{c.num_heads} heads, dff {c.dff}, {c.vocab} tokens) {what}, {n_train} "
                  f"Faker texts of the training templates, {epochs} epochs, seed {args.seed}; "
                  f"Keras. Held-out templates: {score} on {module.HELDOUT_FILE}.",
                  command)  # fmt: skip
    assets.record(held, f"{len(heldout)} held-out {task.upper()} examples from templates never "
                  f"used in training, Faker seed {args.seed + 1}.", command)  # fmt: skip
    print(f"wrote {path.name}: {meta}", flush=True)


def train_ner(args: argparse.Namespace) -> None:
    _train_encoder_app(args, "ner")


def train_qa(args: argparse.Namespace) -> None:
    _train_encoder_app(args, "qa")


def train_emojify(args: argparse.Namespace) -> None:
    """The Emojify dataset (written by the project) and both models trained on it."""
    import numpy as np

    from core.embeddings import emojify, emojify_data
    from core.embeddings.glove import Embeddings

    emb = Embeddings.load()
    pairs = emojify_data.make_dataset(seed=args.seed)
    train, test = emojify_data.split(pairs, seed=args.seed)
    data_path = assets.ASSETS_DIR / emojify.DATA_FILE
    rows = [("sentence", "label", "split")]
    rows += [(s, str(y), "train") for s, y in train] + [(s, str(y), "test") for s, y in test]
    data_path.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    x_avg = np.stack([emojify.average(emb, s)[0] for s, _ in train])
    y = np.array([label for _, label in train])
    avg_w, avg_b = emojify.train_average_model(x_avg, y, seed=args.seed)
    vocab = emojify.lstm_vocab(emb, [s for s, _ in pairs])
    index = {w: i for i, w in enumerate(vocab)}
    x_ids = np.stack([emojify.encode(s, index) for s, _ in train])
    model = emojify.fit_lstm(emojify.embedding_matrix(emb, vocab), x_ids, y, seed=args.seed)
    weights = {"avg_W": avg_w, "avg_b": avg_b, **emojify.weights_from_keras(model)}
    models = emojify.EmojiModels(weights, vocab, emb)
    truth = [label for _, label in test]
    acc1 = float(
        np.mean([models.average_model(s).label == t for (s, _), t in zip(test, truth, strict=True)])
    )
    acc2 = float(
        np.mean(
            [
                p.label == t
                for p, t in zip(models.lstm_batch([s for s, _ in test]), truth, strict=True)
            ]
        )
    )
    meta = {"seed": args.seed, "train": len(train), "test": len(test),
            "test_accuracy_average": acc1,
            "test_accuracy_lstm": acc2}  # fmt: skip
    path = assets.ASSETS_DIR / emojify.MODEL_FILE
    emojify.save(weights, vocab, meta, path)
    command = "python -m core.train emojify"
    assets.record(
        data_path,
        f"{len(pairs)} template-written sentences labelled with 5 emoji "
        f"({len(train)} train / {len(test)} test), seed {args.seed}.",
        command,
    )
    assets.record(
        path,
        "Emojify model 1 (GloVe average → softmax, numpy) and model 2 (frozen "
        f"GloVe → LSTM {emojify.LSTM_UNITS} ×2 → softmax, Keras), seed {args.seed}.",
        command,
    )
    print(f"wrote {path.name}: {meta}", flush=True)


def train_projections(args: argparse.Namespace) -> None:
    """PCA, t-SNE and UMAP of every projector preset, 2-D and 3-D, so no student waits."""
    import json

    import numpy as np

    from core.embeddings import projection, word_sets
    from core.embeddings.glove import Embeddings

    emb = Embeddings.load()
    out = {}
    for name, words in word_sets.presets(emb.words).items():
        x = emb.matrix(words)
        for method in projection.METHODS:
            for dims in (2, 3):
                start = time.perf_counter()
                coords = projection.project(x, method, dims, seed=args.seed)
                out[f"{name}|{method}|{dims}"] = np.round(coords, 4).astype(np.float32)
                print(f"{name} {method} {dims}-D: {time.perf_counter() - start:.1f} s", flush=True)
    path = assets.ASSETS_DIR / projection.PRESETS_FILE
    np.savez_compressed(
        path,
        keys=np.array(json.dumps(list(out))),
        **{str(i): v for i, v in enumerate(out.values())},
    )
    assets.record(
        path,
        "PCA, t-SNE (scikit-learn) and UMAP (umap-learn) coordinates of the "
        f"projector presets on GloVe 6B 50-d, 2-D and 3-D, seed {args.seed}.",
        "python -m core.train projections",
    )


def train_trigger(args: argparse.Namespace) -> None:
    """The shipped model and the issue's scores (core/trigger/quality_runs.py): the shipped
    recipe, the other draws of held-out recorded speakers, MBROLA left out and alone.

    `--only leave-one-out` (and `+festival`) reruns the espeak-ng / flite leave-one-out rows
    measured before the recorded speakers, from scratch at LOO_TRAIN × LOO_EPOCHS.
    """
    from core.trigger import quality_runs, training

    for run in ("shipped", "speaker-draws", "mbrola") if args.only is None else (args.only,):
        if run in quality_runs.RUNS:
            quality_runs.RUNS[run](args.seed)
    both = quality_runs.BOTH
    runs = {"leave-one-out": ((),), "leave-one-out+festival": (("festival",),)}
    for also in runs.get(args.only, ()):  # smaller runs: they are measurements, not shipped
        for left_out in both:
            kept = tuple(s for s in both if s != left_out)
            names = " and ".join(kept + also)
            print(f"train on {names}, test on every {left_out} voice:", flush=True)
            _, scores, seconds = training.train_and_score(
                kept, (left_out,), None, n_train=training.LOO_TRAIN, epochs=training.LOO_EPOCHS,
                seed=args.seed, also=also, left_out=left_out,
                thresholds=training.OPERATING_POINTS,
            )  # fmt: skip
            key = f"without {left_out}" + (" (festival added)" if also else "")
            quality_runs.save_row(key, scores, seconds, continued=False)


def train_charlm(args: argparse.Namespace) -> None:
    """Character language models: (dinosaurs, names, tunes) × (GRU, LSTM), one .npz each.

    The dinosaur list was copied once into assets/ (from ../shared/data/, see its manifest
    entry); this records it and never reads ../shared.
    """
    from dataclasses import replace

    from core.rnn import charlm

    command = "python -m core.train charlm"
    dinosaurs = assets.ASSETS_DIR / charlm.DINOSAUR_FILE
    assets.record(dinosaurs, "1,600 dinosaur genus names, lower case, one a line, sorted: a "
                  "copy of ../shared/data/dinosaur_genera.txt, the list of the course's Dinosaur "
                  "Island exercise (compiled from Wikipedia's list of dinosaur genera), cleaned "
                  "there (joined names split; the caption words Skeleton and Illustration and the "
                  "mammals Smilodon and Squalodon dropped; duplicates removed). Genus names are "
                  "facts.", command)  # fmt: skip
    for name in charlm.CORPORA:
        corpus = charlm.load_corpus(name)
        baseline = charlm.bigram_bits_per_char(corpus)
        for kind in charlm.KINDS:
            config = replace(charlm.DEFAULTS[name], kind=kind, seed=args.seed)
            report = lambda epoch, logs, _model, tag=f"{name} {kind}": print(  # noqa: E731
                f"{tag} epoch {epoch + 1}: {logs['bits_per_char']:.3f} bits/char, "
                f"validation {logs['val_bits_per_char']:.3f}, {logs['seconds']:.0f} s",
                flush=True,
            )
            fitted = charlm.fit(corpus, config, report).model
            quality = {"valid_bits_per_char": charlm.corpus_bits_per_char(fitted, corpus.valid),
                       "bigram_bits_per_char": baseline, "train_sequences": len(corpus.train),
                       "valid_sequences": len(corpus.valid), "source": corpus.source}  # fmt: skip
            model = replace(fitted, meta={**fitted.meta, **quality})
            path = assets.ASSETS_DIR / charlm.shipped_file(name, kind)
            charlm.save(model, path)
            assets.record(path, f"{kind.upper()} ({config.units} units) character language model "
                          f"of {corpus.source} ({len(corpus.train)} training sequences); "
                          f"{model.meta['epochs']} epochs, seed {args.seed}; Keras. Validation "
                          f"{quality['valid_bits_per_char']:.3f} bits/char, character bigram "
                          f"{baseline:.3f}.", command)  # fmt: skip
            print(f"wrote {path.name}: {quality}", flush=True)


def train_music(args: argparse.Namespace) -> None:
    """Parse music21's folk tunes into events (assets/music_events.npz) and train the LSTM."""
    from core.rnn import music

    command = "python -m core.train music"
    start = time.perf_counter()
    progress = lambda i, n: i % 100 == 0 and print(f"parsed {i}/{n} tunes", flush=True)  # noqa: E731
    tunes = music.parse_books(music.MAX_PER_BOOK, progress)
    if not tunes.titles:
        raise SystemExit(f"no tunes parsed: {tunes.note}")
    events_path = assets.ASSETS_DIR / music.EVENTS_FILE
    music.save_tunes(tunes, events_path)
    print(f"{len(tunes.titles)} tunes, {tunes.skipped} skipped, "
          f"{time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
    assets.record(events_path, f"Note events (MIDI pitch or rest, duration in 1/{music.TICKS} "
                  f"quarter notes) of the first {music.MAX_PER_BOOK} tunes of each of music21's "
                  f"{', '.join(music.TUNE_BOOKS)} ABC books, "
                  "parsed with music21 and transposed to a signature without sharps or flats; "
                  f"{tunes.skipped} unparsable tunes skipped; 10% held out (seed "
                  f"{music.SPLIT_SEED}).", command)  # fmt: skip
    config = music.TrainConfig(seed=args.seed)
    report = lambda epoch, logs: print(  # noqa: E731
        f"epoch {epoch + 1}: {logs['xent']:.3f} nats/event, validation {logs['val_xent']:.3f}, "
        f"{logs['seconds']:.0f} s", flush=True)  # fmt: skip
    model = music.fit(tunes, config, report)
    valid = music.sequences(tunes, model.vocab, True)
    quality = {**music.evaluate(model, valid),
               **music.baselines(music.sequences(tunes, model.vocab, False), valid,
                                 model.vocab.size),
               "train_tunes": len(tunes.split(False)), "valid_tunes": len(valid)}  # fmt: skip
    model = music.MusicLM(model.vocab, model.params, model.Wy, model.by,
                          {**model.meta, "quality": quality})  # fmt: skip
    path = assets.ASSETS_DIR / music.MODEL_FILE
    music.save(model, path)
    assets.record(path, f"LSTM ({config.units} units) predicting the next note event of "
                  f"{quality['train_tunes']} folk tunes ({model.vocab.size} tokens); "
                  f"{config.epochs} epochs, seed {args.seed}; Keras. Held-out "
                  f"{quality['xent']:.3f} nats/event, bigram {quality['bigram_xent']:.3f}.",
                  command)  # fmt: skip
    print(f"wrote {path.name}: {quality}", flush=True)


def make_trigger_clips(args: argparse.Namespace) -> None:
    """The spoken word clips of the trigger-word lesson (needs espeak-ng and flite)."""
    from core.trigger import make_clips

    make_clips.main()


TRAINERS = {
    "clips": make_trigger_clips,
    "charlm": train_charlm,
    "music": train_music,
    "trigger": train_trigger,
    "dates": train_dates,
    "date_errors": write_date_errors,
    "transformer_dates": train_transformer_dates,
    "ner": train_ner,
    "qa": train_qa,
    "emojify": train_emojify,
    "projections": train_projections,
    "rnn_unrolled": train_rnn_unrolled,
    "memory_task": train_memory_task,
    "timeseries": train_timeseries,
    "weather_forecasts": write_weather_forecasts,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m core.train", description=__doc__)
    parser.add_argument("name", choices=sorted(TRAINERS))
    parser.add_argument(
        "--task",
        action="append",
        choices=["word", "sine"],
        help="rnn_unrolled: train only this task (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--only",
        choices=[
            *("shipped", "speaker-draws", "mbrola", "mbrola-only"),
            *("leave-one-out", "leave-one-out+festival", "score"),
        ],
        help="trigger: train only the shipped model, or only the other draws of held-out "
        "recorded speakers, or only the MBROLA leave-one-out runs (or their MBROLA-only half), "
        "or only the espeak-ng / flite leave-one-synthesiser-out runs (with festival's clips "
        "added to training), or only re-score the shipped model",
    )
    args = parser.parse_args(argv)
    TRAINERS[args.name](args)


if __name__ == "__main__":
    main(sys.argv[1:])
