"""Train a character model live: clipping, a loss curve and samples after every epoch."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from dashboard import export, jobs, state, widgets
from dashboard.charts import lm_charts
from dashboard.jobs import Job, Snapshot

RESULT = "lm_trained"  # session state: the last run of this session (model never shared)
SAMPLES_PER_EPOCH = 5
DEFAULT_EPOCHS, DEFAULT_UNITS, DEFAULT_CLIPNORM = 10, 64, 5.0  # BENCHMARKS.md times these


def _own_corpus():
    """The pasted or uploaded text as a `Corpus`, or None after a message saying why not."""
    from core.rnn import charlm

    typed = st.text_area(
        "Paste text (one name, word or line per line works best)",
        key="lm_own_text",
        height=120,
    )
    upload = state.kept_upload("…or upload a .txt file (UTF-8, up to 1 MB)", key="lm_own_upload")
    text = widgets.text_from_upload(upload) or typed
    if not text.strip():
        st.info("Paste some text or upload a .txt file to train on it.")
        return None
    try:
        return charlm.corpus_from_text(text)
    except ValueError as err:
        st.error(str(err))
        return None


def show(corpus_name: str, corpus_label: str, kind: str) -> None:
    from core.rnn import charlm

    st.header("Train it yourself")
    st.markdown(
        "Train a fresh model and watch it learn: after every epoch it samples a few "
        "sequences, from gibberish to plausible names. Gradient **clipping** rescales a "
        "gradient whose norm exceeds the threshold — the course's cure for exploding gradients."
    )
    source = st.radio(
        "Train on", [corpus_label, "Your own text"], horizontal=True, key="lm_train_source"
    )
    if source == corpus_label:
        from dashboard import cache

        try:
            corpus = cache.charlm_corpus(corpus_name)
        except (ImportError, OSError, ValueError) as err:
            st.error(str(err))
            return
    else:
        corpus = _own_corpus()
        if corpus is None:
            return
    base = charlm.DEFAULTS.get(corpus.name, charlm.DEFAULTS["text"])
    c1, c2, c3 = st.columns(3)
    epochs = c1.slider("Epochs", 1, 40, min(base.epochs, DEFAULT_EPOCHS), key="lm_train_epochs")
    units = c2.select_slider("Units n_a", [16, 32, 64, 128], DEFAULT_UNITS, key="lm_train_units")
    cell = c3.radio("Cell", ["gru", "lstm"], index=["gru", "lstm"].index(kind),
                    format_func=str.upper, horizontal=True, key="lm_train_cell")  # fmt: skip
    d1, d2, d3 = st.columns(3)
    clip = d1.toggle("Clip gradients", True, key="lm_train_clip")
    how = d2.radio("Clip by", ["norm", "value"], horizontal=True, key="lm_train_clip_by",
                   disabled=not clip)  # fmt: skip
    threshold = d3.slider("Threshold", 0.1, 10.0, DEFAULT_CLIPNORM, 0.1, key="lm_train_clip_at",
                          disabled=not clip)  # fmt: skip
    limit = 120.0 if corpus.name in ("tunes", "text") else None
    config = dataclasses.replace(
        base, kind=cell, units=units, epochs=epochs,
        clipnorm=threshold if clip and how == "norm" else None,
        clipvalue=threshold if clip and how == "value" else None,
        max_seconds=limit,
    )  # fmt: skip
    st.caption(
        f"{len(corpus.train):,} training and "
        f"{widgets.plural(len(corpus.valid), 'validation sequence')}, "
        f"{widgets.plural(corpus.vocab.size, 'character')} in the vocabulary."
        + (f" Training stops after {limit:.0f} s on this corpus." if limit else "")
    )
    jobs.trained("lm_train_go", "Train", lambda job: _train(corpus, config, job), store=RESULT,
                 draw=_draw_live, type="primary")  # fmt: skip
    result = st.session_state.get(RESULT)
    if result:
        _show_result(result)


def _train(corpus, config, job: Job) -> dict:
    """Runs as a job (dashboard/jobs.py): reports each epoch's bits/char and samples."""
    from core.rnn import charlm

    baseline = charlm.bigram_bits_per_char(corpus)
    job.report(0.0, "Importing TensorFlow…", info={"baseline": baseline})
    history: dict[str, list[float]] = {"bits_per_char": [], "val_bits_per_char": []}
    rows: list[dict] = []

    def on_epoch(epoch: int, logs: dict, model) -> None:
        for key in history:
            history[key].append(float(logs[key]))
        drawn = [
            charlm.sample(model, temperature=1.0, seed=i, max_len=min(model.max_len, 80)).text
            for i in range(SAMPLES_PER_EPOCH)
        ]
        rows.append(
            {
                "epoch": epoch + 1,
                "val bits/char": round(logs["val_bits_per_char"], 3),
                "samples (T = 1)": " · ".join(d.replace("\n", "⏎") for d in drawn),
            }
        )
        job.report(
            (epoch + 1) / config.epochs,
            f"Epoch {epoch + 1}/{config.epochs}: validation "
            f"{logs['val_bits_per_char']:.3f} bits/char",
            row=rows[-1],
            **{key: logs[key] for key in history},
        )

    fit = charlm.fit(corpus, config, on_epoch)
    return {"history": history, "rows": rows, "model": fit.model, "seconds": fit.seconds,
            "baseline": baseline, "corpus": corpus.name, "config": config}  # fmt: skip


def _draw_live(snap: Snapshot) -> None:
    """While it trains: the curves so far and each epoch's samples."""
    if snap.rows:
        curve = lm_charts.loss_curve(snap.history, snap.info.get("baseline"))
        export.plotly(st, curve, key="lm_live_curve", data=False)
        st.dataframe(pd.DataFrame(snap.rows), hide_index=True, key="lm_live_rows")


def _show_result(result: dict) -> None:
    from core.rnn import charlm

    config = result["config"]
    clip = (f"clipnorm {config.clipnorm:g}" if config.clipnorm else
            f"clipvalue {config.clipvalue:g}" if config.clipvalue else "no clipping")  # fmt: skip
    st.success(
        f"Your {config.kind.upper()}-{config.units} on {result['corpus']} ({clip}): "
        f"{widgets.plural(len(result['rows']), 'epoch')} in {result['seconds']:.0f} s, validation "
        f"{result['history']['val_bits_per_char'][-1]:.3f} bits/char "
        f"(bigram baseline {result['baseline']:.3f})."
    )
    export.plotly(st, lm_charts.loss_curve(result["history"], result["baseline"]), key="lm_curve")
    st.dataframe(pd.DataFrame(result["rows"]), hide_index=True, key="lm_epoch_samples")
    seed = int(st.number_input("Sample your model (seed)", 0, 1_000_000, 0, key="lm_own_seed"))
    model = result["model"]
    drawn = [charlm.sample(model, temperature=1.0, seed=seed + i, max_len=min(model.max_len, 200))
             for i in range(8)]  # fmt: skip
    st.code("\n".join(s.text for s in drawn), language=None)
