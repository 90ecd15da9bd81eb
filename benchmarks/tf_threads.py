"""TensorFlow's thread pools for a classroom: many small inferences at once, one training.

TensorFlow sizes its intra-op pool (threads splitting one op) and inter-op pool (ops run side
by side) to the machine's cores by default. In SeqLab each student's rerun runs in its own
thread and calls small models on one input, so several reruns compete for the cores; one
student training a model competes with all of them. dashboard/app.py sets
TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS (read once, when TensorFlow starts) before any
page imports it; this module measures the choices, each in a fresh process:

    python -m benchmarks.tf_threads
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time

from benchmarks.timing import ok

CHOICES = ((0, 0), (1, 1), (1, 2))  # (intra, inter); 0 = TensorFlow's default (cores)
CHOSEN = (1, 2)  # dashboard/app.py's setting
INFER_THREADS, CALLS = 8, 20


def _model():
    import keras
    import numpy as np

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((50, 8)), keras.layers.LSTM(64, return_sequences=True),
         keras.layers.LSTM(64), keras.layers.Dense(8)]
    )  # fmt: skip
    x = np.random.default_rng(0).normal(size=(1, 50, 8)).astype("float32")
    model(x, training=False)
    return model, x


def _infer(model, x, out: list[float], calls: int) -> None:
    for _ in range(calls):
        start = time.perf_counter()
        model(x, training=False)
        out.append(time.perf_counter() - start)


def _concurrent(model, x, threads: int, calls: int, train=None) -> list[float]:
    times: list[float] = []
    workers = [
        threading.Thread(target=_infer, args=(model, x, times, calls)) for _ in range(threads)
    ]
    if train is not None:
        workers.append(threading.Thread(target=train))
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return times


def probe() -> dict:
    """This process's figures (its TF_NUM_* variables were set by the caller)."""
    import numpy as np

    model, x = _model()
    _concurrent(model, x, INFER_THREADS, 3)  # warm-up
    start = time.perf_counter()
    alone = _concurrent(model, x, INFER_THREADS, CALLS)
    wall = time.perf_counter() - start
    trainee, _ = _model()
    trainee.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(1000, 50, 8)).astype("float32"), rng.normal(size=(1000, 8))
    trainee.fit(X[:64], Y[:64], epochs=1, verbose=0)
    start = time.perf_counter()
    trainee.fit(X, Y, epochs=2, batch_size=32, verbose=0)
    train_s = time.perf_counter() - start
    fit = lambda: trainee.fit(X, Y, epochs=2, batch_size=32, verbose=0)  # noqa: E731
    during = _concurrent(model, x, INFER_THREADS // 2, CALLS, train=fit)
    q = lambda v, p: statistics.quantiles(v, n=100)[p - 1]  # noqa: E731
    return {
        "infer_median_ms": statistics.median(alone) * 1e3,
        "infer_p95_ms": q(alone, 95) * 1e3,
        "infer_per_s": len(alone) / wall,
        "train_s": train_s,
        "infer_p95_training_ms": q(during, 95) * 1e3,
    }


def measure(intra: int, inter: int) -> dict:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    for name, value in (("TF_NUM_INTRAOP_THREADS", intra), ("TF_NUM_INTEROP_THREADS", inter)):
        env.pop(name, None)
        if value:
            env[name] = str(value)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.tf_threads", "--probe"],
        env=env, capture_output=True, text=True, check=True, timeout=900,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def section(repeats: int = 2) -> list[str]:
    """Markdown: each setting's medians over `repeats` fresh processes, interleaved."""
    runs: dict[tuple[int, int], list[dict]] = {c: [] for c in CHOICES}
    for _ in range(repeats):
        for choice in CHOICES:
            runs[choice].append(measure(*choice))
    med = {c: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for c, rs in runs.items()}
    default = med[(0, 0)]
    lines = [
        "## TensorFlow threads for a classroom",
        "",
        f"`python -m benchmarks.tf_threads`: {INFER_THREADS} threads each call a 2-layer "
        f"LSTM(64) on one sequence of 50 steps {CALLS} times (as {INFER_THREADS} students' "
        "reruns do), then half of them while one thread trains a model of the same size "
        f"(2 epochs, 1,000 windows). Medians of {repeats} fresh processes per setting. "
        f"SeqLab sets intra = {CHOSEN[0]}, inter = {CHOSEN[1]} (dashboard/app.py).",
        "",
        "| intra-op / inter-op threads | inference median | p95 | inferences/s | training "
        "alone | inference p95 while one trains | chosen |",
        "|---|---:|---:|---:|---:|---:|:---:|",
    ]
    for (intra, inter), m in med.items():
        name = f"{intra or 'default'} / {inter or 'default'}"
        lines.append(
            f"| {name} | {m['infer_median_ms']:.1f} ms | {m['infer_p95_ms']:.1f} ms | "
            f"{m['infer_per_s']:.0f} | {m['train_s']:.1f} s | {m['infer_p95_training_ms']:.1f} ms "
            f"| {'✓' if (intra, inter) == CHOSEN else ''} |"
        )
    chosen = med[CHOSEN]
    lines += [
        "",
        f"Chosen against the default: inference p95 while one trains "
        f"{chosen['infer_p95_training_ms']:.0f} ms vs {default['infer_p95_training_ms']:.0f} ms "
        f"{ok(chosen['infer_p95_training_ms'] <= default['infer_p95_training_ms'])}; "
        f"throughput {chosen['infer_per_s']:.0f} vs {default['infer_per_s']:.0f} inferences/s; "
        f"training alone {chosen['train_s']:.1f} s vs {default['train_s']:.1f} s.",
        "",
    ]
    return lines


if __name__ == "__main__":
    if "--probe" in sys.argv:
        print(json.dumps(probe()))
    else:
        print("\n".join(section()))
