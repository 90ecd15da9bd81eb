"""Week 4 transformers: the dates Transformer beside the Bi-LSTM, same data, same test set."""

from __future__ import annotations

import time

from benchmarks.timing import median_time, ok
from core import assets
from core.transformers import model as tmodel
from core.transformers import translator as ttranslator
from core.translation import data as dates
from core.translation import errors as date_errors
from core.translation import model as date_model
from core.translation import translator

ACCURACY_TARGET = 0.98
TRANSLATE_TARGET_S = 0.050  # one translation with every layer's and head's attention
SIZE_TARGET_MB = 10
EXAMPLE = "saturday, 3rd of may 1979"
LONGEST = "wednesday, 21st of october 201"  # T_x = 30 characters, the most the models read


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def section() -> list[str]:
    rnn_path = assets.resolve(translator.MODEL_FILE)
    tr_path = assets.resolve(ttranslator.MODEL_FILE)
    rnn, rnn_meta = date_model.load(rnn_path)
    tr, tr_meta = tmodel.load(tr_path)
    test = dates.load_test(assets.resolve(dates.TEST_FILE))
    typos = date_errors.with_typos(test)
    fresh = dates.make_dataset(2000, seed=4242)
    rnn_acc = {name: date_errors.test_report(rnn, pairs, 1)["accuracy"]
               for name, pairs in (("test", test), ("typos", typos), ("fresh", fresh))}  # fmt: skip
    tr_acc = {name: tmodel.exact_match(tr, pairs)
              for name, pairs in (("test", test), ("typos", typos), ("fresh", fresh))}  # fmt: skip
    rnn_one = median_time(lambda: translator.translate(EXAMPLE, model=rnn))
    tr_one = median_time(lambda: ttranslator.translate(EXAMPLE, tr))
    tr_longest = median_time(lambda: ttranslator.translate(LONGEST, tr))
    rnn_batch = _timed(lambda: date_errors.test_report(rnn, test, 1))
    tr_batch = _timed(lambda: tmodel.exact_match(tr, test))
    rnn_params = sum(int(w.size) for w in rnn.w.values())
    c = tr.config
    mb = {k: p.stat().st_size / 2**20 for k, p in (("rnn", rnn_path), ("tr", tr_path))}
    target = f"≥ {ACCURACY_TARGET:.0%}"
    return [
        "## Transformers: the dates Transformer beside the Bi-LSTM (`assets/date_transformer.npz`)",
        "",
        f"Both trained on the same {tr_meta['train_examples']:,} Faker/Babel dates (seed "
        f"{tr_meta['seed']}) and scored on the same held-out file, greedy decoding, exact match "
        f"of 'YYYY-MM-DD'. Transformer: {c.num_layers} encoder + {c.num_layers} decoder layers, "
        f"d_model {c.d_model}, {c.num_heads} heads, dff {c.dff}; `python -m core.train "
        f"transformer_dates`, {tr_meta['epochs']} epochs in {tr_meta['train_seconds']} s (the "
        f"Bi-LSTM: {rnn_meta['epochs']} epochs in {rnn_meta['train_seconds']} s; wall times of "
        "each trainer's own run on this machine, with whatever else it was running). Both run "
        "in numpy.",
        "",
        "| measure | Bi-LSTM + attention | Transformer | target (Transformer) |",
        "|---|---:|---:|:---:|",
        f"| held-out set (shipped, {len(test):,}) | {rnn_acc['test']:.2%} | {tr_acc['test']:.2%} "
        f"| {ok(tr_acc['test'] >= ACCURACY_TARGET)} {target} |",
        f"| held-out inputs with one typo in a word ({len(typos):,}) | {rnn_acc['typos']:.2%} | "
        f"{tr_acc['typos']:.2%} | |",
        f"| fresh dates, Faker seed 4242 (2,000) | {rnn_acc['fresh']:.2%} | {tr_acc['fresh']:.2%} "
        "| |",
        f"| parameters | {rnn_params:,} | {tr.parameters:,} | |",
        f"| shipped file | {mb['rnn']:.2f} MB | {mb['tr']:.2f} MB | "
        f"{ok(mb['tr'] < SIZE_TARGET_MB)} < {SIZE_TARGET_MB} MB |",
        f"| one date, greedy (median) | {rnn_one * 1000:.1f} ms | {tr_one * 1000:.1f} ms | "
        f"{ok(tr_one < TRANSLATE_TARGET_S)} < {TRANSLATE_TARGET_S * 1000:.0f} ms |",
        f"| one date of T_x = {dates.TX} characters, every layer's and head's attention "
        f"(median) | — | {tr_longest * 1000:.1f} ms | "
        f"{ok(tr_longest < TRANSLATE_TARGET_S)} < {TRANSLATE_TARGET_S * 1000:.0f} ms |",
        f"| the held-out set, batched greedy (one run) | {rnn_batch:.2f} s | {tr_batch:.2f} s | |",
        "",
        "The Transformer's single translation returns the encoder's self-attention, the masked "
        "decoder self-attention and the cross-attention of every layer and head "
        f"({c.num_layers} × {c.num_heads} maps each), which the Multi-head attention page draws. "
        "The typo row is not a target: neither model saw a typo in training.",
        "",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
