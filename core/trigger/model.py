"""The course's trigger-word model, trained in Keras and run in numpy (batch or streaming).

Causal mean normalisation → Conv1D (15 frames, stride 2) → BatchNorm → ReLU → GRU →
BatchNorm → GRU → BatchNorm → time-distributed Dense(sigmoid): one probability per output
step (20 ms). Every layer is causal along time, so the numpy `Runner` can carry its state
from one audio chunk to the next and give exactly what a single pass over the whole
recording gives.

The normalisation subtracts from each mel band its running mean (the plain mean of the
frames so far for the first NORM_FRAMES, then an exponential one with that memory), so
the model sees each band relative to the last few seconds of the same microphone, room
and voice: a fixed colouring of the sound (a synthesiser's or a laptop's) is taken away.
Measured against it (the model without the normalisation, cepstral smoothing after it, the
course's size, a longer first layer): docs/trigger-experiments.md, M1-M4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.rnn import cells
from core.trigger.features import N_MELS

KERNEL, STRIDE, FILTERS, UNITS = 15, 2, 64, 64
NORM_FRAMES = 300  # the running mean's memory: 3 s of 10 ms frames
LAYERS = ("conv", "bn0", "gru1", "bn1", "gru2", "bn2", "out")


def _mean_rates(first: int, n: int) -> np.ndarray:
    """The running mean's update rate at frames first … first + n - 1."""
    return np.maximum(1.0 / (np.arange(first, first + n) + 1.0), 1.0 / NORM_FRAMES)


def mean_normalise(frames: np.ndarray, mean: np.ndarray, seen: int):
    """(frames minus the running mean, the mean after them, frames seen): numpy, chunk by chunk.

    mean⟨t⟩ = mean⟨t-1⟩ + r⟨t⟩ (x⟨t⟩ - mean⟨t-1⟩) with r⟨t⟩ = max(1/t, 1/NORM_FRAMES),
    t counted from 1; the output is x⟨t⟩ - mean⟨t⟩.
    """
    out = np.empty_like(frames)
    for i, r in enumerate(_mean_rates(seen, len(frames))):
        mean = mean + r * (frames[i] - mean)
        out[i] = frames[i] - mean
    return out, mean, seen + len(frames)


def _keras_mean_normalise(x):
    """The same in Keras ops, over a whole batch (batch, time, bands) at once: the
    recurrence mean⟨t⟩ = (1 - r⟨t⟩) mean⟨t-1⟩ + r⟨t⟩ x⟨t⟩ is linear, so an associative
    scan computes it."""
    from keras import ops

    t = ops.cast(ops.arange(ops.shape(x)[1]), x.dtype)
    rate = ops.maximum(1.0 / (t + 1.0), 1.0 / NORM_FRAMES)[None, :, None]

    def combine(earlier, later):  # (a, b): mean ↦ a · mean + b, applied earlier then later
        return earlier[0] * later[0], later[0] * earlier[1] + later[1]

    _, mean = ops.associative_scan(
        combine, (ops.broadcast_to(1.0 - rate, ops.shape(x)), rate * x), axis=1
    )
    # the scan's result can lose its static shape in a traced graph: give it back
    return ops.reshape(x - mean, (-1, ops.shape(x)[1], x.shape[-1]))


def output_steps(n_frames: int) -> int:
    return 0 if n_frames < KERNEL else (n_frames - KERNEL) // STRIDE + 1


def build_keras(seed: int = 0):
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    x = keras.Input((None, N_MELS))
    h = layers.Lambda(_keras_mean_normalise, output_shape=lambda shape: shape, name="norm")(x)
    h = layers.Conv1D(FILTERS, KERNEL, strides=STRIDE, name="conv")(h)
    h = layers.BatchNormalization(name="bn0")(h)
    h = layers.Activation("relu")(h)
    h = layers.Dropout(0.3)(h)
    h = layers.GRU(UNITS, return_sequences=True, name="gru1")(h)
    h = layers.Dropout(0.3)(h)
    h = layers.BatchNormalization(name="bn1")(h)
    h = layers.GRU(UNITS, return_sequences=True, name="gru2")(h)
    h = layers.Dropout(0.3)(h)
    h = layers.BatchNormalization(name="bn2")(h)
    y = layers.TimeDistributed(layers.Dense(1, activation="sigmoid"), name="out")(h)
    model = keras.Model(x, y, name="trigger_word")
    model.compile(
        optimizer=keras.optimizers.Adam(0.002), loss="binary_crossentropy", metrics=["accuracy"]
    )
    return model


def weights_from_keras(model) -> dict[str, np.ndarray]:
    w: dict[str, np.ndarray] = {}
    conv = model.get_layer("conv").get_weights()
    w["conv_W"], w["conv_b"] = conv
    for name in ("bn0", "bn1", "bn2"):
        gamma, beta, mean, var = model.get_layer(name).get_weights()
        scale = gamma / np.sqrt(var + model.get_layer(name).epsilon)
        w[f"{name}_scale"], w[f"{name}_shift"] = scale, beta - mean * scale
    for name in ("gru1", "gru2"):
        p = cells.params_from_layer(model.get_layer(name))
        w[f"{name}_W"], w[f"{name}_U"], w[f"{name}_b"] = p.W, p.U, p.b
    dense = model.get_layer("out").layer.get_weights()
    w["out_W"], w["out_b"] = dense
    return {k: np.asarray(v, dtype=np.float32) for k, v in w.items()}


@dataclass
class State:
    """What a Runner carries between chunks."""

    frames: np.ndarray  # (< KERNEL + STRIDE, N_MELS) normalised frames not yet fully used
    skip: int  # frames to drop before the next conv window (stride alignment)
    a1: np.ndarray  # (1, UNITS) GRU 1 state
    a2: np.ndarray  # (1, UNITS) GRU 2 state
    mean: np.ndarray  # (N_MELS,) the running mean of the frames seen
    seen: int  # frames seen


class Runner:
    """Numpy inference; `probabilities(frames)` is the batch pass, `step` the streaming one."""

    def __init__(self, weights: dict[str, np.ndarray]):
        self.w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
        self.gru = [
            cells.CellParams("gru", self.w[f"{n}_W"], self.w[f"{n}_U"], self.w[f"{n}_b"])
            for n in ("gru1", "gru2")
        ]
        self.conv = self.w["conv_W"].reshape(KERNEL * N_MELS, FILTERS)

    def start(self) -> State:
        zeros = np.zeros((1, UNITS))
        return State(np.zeros((0, N_MELS)), 0, zeros, zeros, np.zeros(N_MELS), 0)

    def step(self, state: State, frames: np.ndarray) -> tuple[np.ndarray, State]:
        """Feed new log-mel frames; returns the probabilities of the output steps completed."""
        normal, mean, seen = mean_normalise(np.asarray(frames, np.float64), state.mean, state.seen)
        buf = np.concatenate([state.frames, normal])[state.skip :]
        n_out = output_steps(len(buf))
        if n_out == 0:
            return np.zeros(0), State(buf, 0, state.a1, state.a2, mean, seen)
        idx = np.arange(KERNEL)[None, :] + STRIDE * np.arange(n_out)[:, None]
        z = buf[idx].reshape(n_out, KERNEL * N_MELS) @ self.conv + self.w["conv_b"]
        h = np.maximum(z * self.w["bn0_scale"] + self.w["bn0_shift"], 0.0)
        a1, a2, probs = state.a1, state.a2, np.empty(n_out)
        for t in range(n_out):
            a1 = cells.gru_step(self.gru[0], h[t : t + 1], a1)["a"]
            g1 = a1 * self.w["bn1_scale"] + self.w["bn1_shift"]
            a2 = cells.gru_step(self.gru[1], g1, a2)["a"]
            g2 = a2 * self.w["bn2_scale"] + self.w["bn2_shift"]
            probs[t] = 1 / (1 + np.exp(-(g2 @ self.w["out_W"] + self.w["out_b"])[0, 0]))
        used = n_out * STRIDE  # the next window starts here
        rest = buf[used:] if used <= len(buf) else np.zeros((0, N_MELS))
        return probs, State(rest, max(0, used - len(buf)), a1, a2, mean, seen)

    def probabilities(self, frames: np.ndarray) -> np.ndarray:
        """(output_steps(len(frames)),) for a whole recording at once."""
        return self.step(self.start(), frames)[0]
