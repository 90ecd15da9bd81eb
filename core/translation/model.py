"""The course's date translator: Bi-LSTM encoder, one-step attention, LSTM decoder.

Course: Sequence Models, week 3, "Attention model" (Bahdanau et al., 2015).
Encoder: a Bidirectional LSTM gives a⟨t'⟩ = [a→⟨t'⟩; a←⟨t'⟩] for every input
character. At output step t a small network scores each a⟨t'⟩ against the decoder's
previous state s⟨t−1⟩:

    e⟨t,t'⟩ = relu(W2 · tanh(W1 [a⟨t'⟩; s⟨t−1⟩] + b1) + b2)
    α⟨t,t'⟩ = softmax over t' of e⟨t,t'⟩
    context⟨t⟩ = Σ_t' α⟨t,t'⟩ a⟨t'⟩

and the post-attention LSTM reads [context⟨t⟩; y⟨t−1⟩] to give s⟨t⟩ and
ŷ⟨t⟩ = softmax(Wy s⟨t⟩ + by). Like the lecture's decoder (and unlike the
assignment's shortcut), it is fed the previous output y⟨t−1⟩, so beam search and
P(y | x) by teacher forcing mean something.

Keras trains it (`build_keras`, `fit`); inference runs on the same weights in
numpy (`DateModel`): a whole beam is one batched step of small matrix products.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.rnn import cells
from core.translation import data as dates

N_A = 32  # encoder units per direction
N_S = 64  # decoder units
N_E = 10  # hidden units of the energy network
BOS = len(dates.MACHINE_VOCAB)  # y⟨0⟩: the start symbol fed to the first step
N_Y_IN = BOS + 1  # one-hot width of y⟨t−1⟩
WEIGHT_NAMES = (
    "enc_fw_W", "enc_fw_U", "enc_fw_b", "enc_bw_W", "enc_bw_U", "enc_bw_b",
    "att_W1", "att_b1", "att_W2", "att_b2", "dec_W", "dec_U", "dec_b", "out_W", "out_b",
)  # fmt: skip


def one_hot(ids: np.ndarray, depth: int) -> np.ndarray:
    return np.eye(depth, dtype=np.float32)[np.asarray(ids)]


def teacher_inputs(y_ids: np.ndarray) -> np.ndarray:
    """(m, TY) target ids → (m, TY, N_Y_IN) one-hot y⟨t−1⟩ with BOS first."""
    prev = np.concatenate([np.full((len(y_ids), 1), BOS), y_ids[:, :-1]], axis=1)
    return one_hot(prev, N_Y_IN)


def build_keras(seed: int = 0):
    """The training graph: inputs (X, y⟨t−1⟩) → (m, TY, 11) softmaxes, shared layers per step."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    x_in = keras.Input((dates.TX, len(dates.HUMAN_VOCAB)), name="x")
    y_prev = keras.Input((dates.TY, N_Y_IN), name="y_prev")
    a = layers.Bidirectional(layers.LSTM(N_A, return_sequences=True), name="encoder")(x_in)
    hidden = layers.Dense(N_E, activation="tanh", name="attention_hidden")
    energy = layers.Dense(1, activation="relu", name="attention_energy")
    decoder = layers.LSTM(N_S, return_state=True, name="decoder")
    out = layers.Dense(len(dates.MACHINE_VOCAB), activation="softmax", name="output")
    s = c = keras.ops.zeros_like(a[:, 0, :1]) * keras.ops.zeros((1, N_S))  # (m, N_S) zeros
    outputs = []
    for t in range(dates.TY):
        s_rep = layers.RepeatVector(dates.TX)(s)
        e = energy(hidden(layers.Concatenate(axis=-1)([a, s_rep])))  # (m, TX, 1)
        alphas = layers.Softmax(axis=1)(e)
        context = layers.Dot(axes=1)([alphas, a])  # (m, 1, 2·N_A)
        step_in = layers.Concatenate(axis=-1)([context, y_prev[:, t : t + 1, :]])
        _, s, c = decoder(step_in, initial_state=[s, c])
        outputs.append(out(s))
    y = keras.ops.stack(outputs, axis=1)  # (m, TY, 11)
    return keras.Model([x_in, y_prev], y, name="date_translator")


def weights_from_keras(model) -> dict[str, np.ndarray]:
    enc = model.get_layer("encoder")
    fw, bw = cells.params_from_layer(enc.forward_layer), cells.params_from_layer(enc.backward_layer)
    dec = cells.params_from_layer(model.get_layer("decoder"))
    h, e, o = (model.get_layer(n) for n in ("attention_hidden", "attention_energy", "output"))
    arrays = (
        fw.W, fw.U, fw.b, bw.W, bw.U, bw.b, *h.get_weights(), *e.get_weights(),
        dec.W, dec.U, dec.b, *o.get_weights(),
    )  # fmt: skip
    return {
        name: np.asarray(w, dtype=np.float32) for name, w in zip(WEIGHT_NAMES, arrays, strict=True)
    }


def keras_from_weights(weights: dict[str, np.ndarray]):
    """Rebuild the Keras graph around saved weights (the tests compare it with numpy)."""
    model = build_keras()
    w = weights
    enc = model.get_layer("encoder")
    enc.forward_layer.set_weights([w["enc_fw_W"], w["enc_fw_U"], w["enc_fw_b"]])
    enc.backward_layer.set_weights([w["enc_bw_W"], w["enc_bw_U"], w["enc_bw_b"]])
    model.get_layer("attention_hidden").set_weights([w["att_W1"], w["att_b1"]])
    model.get_layer("attention_energy").set_weights([w["att_W2"], w["att_b2"]])
    model.get_layer("decoder").set_weights([w["dec_W"], w["dec_U"], w["dec_b"]])
    model.get_layer("output").set_weights([w["out_W"], w["out_b"]])
    return model


@dataclass(frozen=True)
class DecoderState:
    """The decoder after some prefix: s⟨t⟩, c⟨t⟩ and what step t computed."""

    s: np.ndarray  # (m, N_S)
    c: np.ndarray  # (m, N_S)
    log_probs: np.ndarray  # (m, 11) log P(y⟨t+1⟩ | x, y⟨≤t⟩)
    alpha: np.ndarray | None  # (m, TX) α⟨t,·⟩ of the step that produced this state
    energies: np.ndarray | None  # (m, TX) e⟨t,·⟩


class DateModel:
    """Numpy inference on the trained weights; shares nothing mutable between calls."""

    def __init__(self, weights: dict[str, np.ndarray]):
        w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
        self.w = w
        self.fw = cells.CellParams("lstm", w["enc_fw_W"], w["enc_fw_U"], w["enc_fw_b"])
        self.bw = cells.CellParams("lstm", w["enc_bw_W"], w["enc_bw_U"], w["enc_bw_b"])
        self.dec = cells.CellParams("lstm", w["dec_W"], w["dec_U"], w["dec_b"])
        self.W1_a, self.W1_s = w["att_W1"][: 2 * N_A], w["att_W1"][2 * N_A :]

    def encode(self, x_ids: np.ndarray) -> np.ndarray:
        """(m, TX) input ids → a (m, TX, 2·N_A), the Bi-LSTM's annotations a⟨t'⟩."""
        x = one_hot(x_ids, len(dates.HUMAN_VOCAB)).astype(np.float64)
        forward = cells.forward(self.fw, x).h
        backward = cells.forward(self.bw, x[:, ::-1]).h[:, ::-1]
        return np.concatenate([forward, backward], axis=-1)

    def start(self, m: int) -> DecoderState:
        zeros = np.zeros((m, N_S))
        return DecoderState(zeros, zeros, np.zeros((m, len(dates.MACHINE_VOCAB))), None, None)

    def attend(self, a: np.ndarray, a_proj: np.ndarray, s_prev: np.ndarray):
        """One-step attention: (energies e, weights α, context) for states s⟨t−1⟩ (m, N_S)."""
        hidden = np.tanh(a_proj + (s_prev @ self.W1_s)[:, None, :] + self.w["att_b1"])
        e = np.maximum(hidden @ self.w["att_W2"][:, 0] + self.w["att_b2"][0], 0.0)  # (m, TX)
        alpha = np.exp(e - e.max(axis=1, keepdims=True))
        alpha /= alpha.sum(axis=1, keepdims=True)
        return e, alpha, np.einsum("mt,mtk->mk", alpha, a)

    def step(
        self,
        a: np.ndarray,
        a_proj: np.ndarray,
        state: DecoderState,
        y_prev: np.ndarray,
        alpha: np.ndarray | None = None,
    ) -> DecoderState:
        """Advance m decoder states by the tokens y⟨t−1⟩ (m,) they were fed.

        `alpha` (m, TX), when given, replaces the weights the attention computes (a what-if:
        "had it looked there"); the context is then Σ α⟨t,t'⟩ a⟨t'⟩ with those weights.
        """
        e, own, context = self.attend(a, a_proj, state.s)
        if alpha is None:
            alpha = own
        else:
            context = np.einsum("mt,mtk->mk", alpha, a)
        x_t = np.concatenate([context, one_hot(y_prev, N_Y_IN)], axis=-1)
        rec = cells.lstm_step(self.dec, x_t, state.s, state.c)
        logits = rec["a"] @ self.w["out_W"] + self.w["out_b"]
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return DecoderState(rec["a"], rec["c"], log_probs, alpha, e)

    def project(self, a: np.ndarray) -> np.ndarray:
        """W1's half that only depends on a⟨t'⟩, computed once per input."""
        return a @ self.W1_a

    def teacher_forced(self, x_ids: np.ndarray, y_ids: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per-step log P(y⟨t⟩ | x, y⟨<t⟩) (m, TY) and α (m, TY, TX) for given outputs."""
        a = self.encode(x_ids)
        a_proj = self.project(a)
        state, prev = self.start(len(x_ids)), np.full(len(x_ids), BOS)
        log_p, alphas = [], []
        for t in range(dates.TY):
            state = self.step(a, a_proj, state, prev)
            log_p.append(state.log_probs[np.arange(len(x_ids)), y_ids[:, t]])
            alphas.append(state.alpha)
            prev = y_ids[:, t]
        return np.stack(log_p, axis=1), np.stack(alphas, axis=1)

    def greedy(self, x_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Batched greedy decoding: ids (m, TY), their log-probs (m, TY), α (m, TY, TX)."""
        a = self.encode(x_ids)
        a_proj = self.project(a)
        state, prev = self.start(len(x_ids)), np.full(len(x_ids), BOS)
        ids, log_p, alphas = [], [], []
        for _ in range(dates.TY):
            state = self.step(a, a_proj, state, prev)
            prev = state.log_probs.argmax(axis=1)
            ids.append(prev)
            log_p.append(state.log_probs.max(axis=1))
            alphas.append(state.alpha)
        return np.stack(ids, axis=1), np.stack(log_p, axis=1), np.stack(alphas, axis=1)

    def scorer(self, x_ids: np.ndarray) -> PrefixScorer:
        return PrefixScorer(self, x_ids)


class PrefixScorer:
    """`log_prob_fn` for beam search over one input: caches each prefix's decoder state."""

    def __init__(self, model: DateModel, x_ids: np.ndarray):
        self.model = model
        self.a = model.encode(np.asarray(x_ids)[None, :])
        self.a_proj = model.project(self.a)
        self.states: dict[tuple[int, ...], DecoderState] = {}
        self.calls = 0

    def __call__(self, prefixes: list[list[int]]) -> np.ndarray:
        """(len(prefixes), 11) next-token log-probabilities, one batched step for the misses."""
        missing = [tuple(p) for p in prefixes if tuple(p) not in self.states]
        if missing:
            self._advance(missing)
        return np.stack([self.states[tuple(p)].log_probs[0] for p in prefixes])

    def _advance(self, prefixes: list[tuple[int, ...]]) -> None:
        parents = [p[:-1] for p in prefixes if len(p) > 1]
        if any(p not in self.states for p in parents):
            self._advance(sorted({p for p in parents if p not in self.states}))
        m = len(prefixes)
        starts = [self._parent(p) for p in prefixes]
        state = DecoderState(
            np.concatenate([st.s for st in starts]),
            np.concatenate([st.c for st in starts]),
            np.zeros((m, len(dates.MACHINE_VOCAB))),
            None,
            None,
        )
        y_prev = np.array([p[-1] for p in prefixes])
        a, a_proj = np.repeat(self.a, m, axis=0), np.repeat(self.a_proj, m, axis=0)
        new = self.model.step(a, a_proj, state, y_prev)
        self.calls += 1
        for i, p in enumerate(prefixes):
            self.states[p] = DecoderState(
                new.s[i : i + 1], new.c[i : i + 1], new.log_probs[i : i + 1],
                new.alpha[i : i + 1], new.energies[i : i + 1],
            )  # fmt: skip

    def _parent(self, prefix: tuple[int, ...]) -> DecoderState:
        return self.model.start(1) if len(prefix) == 1 else self.states[prefix[:-1]]


def save(weights: dict[str, np.ndarray], meta: dict, path: Path) -> None:
    import json

    np.savez_compressed(path, meta=np.array(json.dumps(meta, sort_keys=True)), **weights)


def load(path: Path) -> tuple[DateModel, dict]:
    import json

    with np.load(path) as data:
        weights = {name: data[name] for name in WEIGHT_NAMES}
        meta = json.loads(str(data["meta"]))
    return DateModel(weights), meta


def fit(
    train: list[tuple[str, str]],
    val: list[tuple[str, str]],
    epochs: int,
    seed: int = 0,
    batch_size: int = 128,
    on_epoch: Callable[[int, dict], None] | None = None,
):
    """Train the Keras graph with teacher forcing; returns (model, history dict)."""
    import keras

    def arrays(pairs):
        x = one_hot(np.stack([dates.encode(h).ids for h, _ in pairs]), len(dates.HUMAN_VOCAB))
        y = np.stack([dates.encode_iso(iso) for _, iso in pairs])
        return (x, teacher_inputs(y)), y

    (x, y_prev), y = arrays(train)
    (xv, yv_prev), yv = arrays(val)
    model = build_keras(seed)
    model.compile(
        optimizer=keras.optimizers.Adam(0.005, clipnorm=1.0),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    callbacks = [keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=2, min_lr=2e-4)]
    if on_epoch is not None:
        callbacks.append(keras.callbacks.LambdaCallback(on_epoch_end=on_epoch))
    history = model.fit(
        [x, y_prev], y, validation_data=([xv, yv_prev], yv), epochs=epochs,
        batch_size=batch_size, verbose=0, callbacks=callbacks, shuffle=True,
    )  # fmt: skip
    return model, history.history
