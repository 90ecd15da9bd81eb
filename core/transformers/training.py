"""Fitting the dates Transformer in Keras and moving its weights to and from numpy.

Course: Sequence Models, week 4, the Transformer assignment, trained on the week 3
dates task (`core.translation.data`): teacher forcing, the decoder fed ⟨s⟩ ŷ⟨1⟩ … ŷ⟨T_y−1⟩.
The learning rate warms up for one epoch and then follows a cosine, as the paper's
schedule warms up and decays (Vaswani et al., 2017, §5.3).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from core.transformers import model as tmodel
from core.transformers.attention import MHAWeights
from core.translation import data as dates


def build_keras(config: tmodel.Config, seed: int = 0):
    """The Keras `Transformer`, built (called once on zeros) so that its weights exist."""
    import keras

    from core.transformers.layers import Transformer

    keras.utils.set_random_seed(seed)
    model = Transformer(config, tmodel.PAD_ID, name="transformer")
    model((np.zeros((1, config.max_input), "int32"), np.zeros((1, config.max_target), "int32")))
    return model


def _parts(model, config: tmodel.Config):
    """(weight-name prefix, Keras layer, names of its arrays in get_weights() order)."""
    ffn = ("W1", "b1", "W2", "b2")
    yield "encoder", model.encoder.embedding, ("embedding",)
    yield "decoder", model.decoder.embedding, ("embedding",)
    yield "final_layer", model.final_layer, ("W", "b")
    for i in range(config.num_layers):
        enc, dec = model.encoder.enc_layers[i], model.decoder.dec_layers[i]
        e, d = f"encoder_layer{i + 1}", f"decoder_layer{i + 1}"
        yield f"{e}/mha", enc.mha, tmodel.MHA_PARTS
        yield f"{e}/ffn", enc.ffn, ffn
        yield f"{e}/layernorm1", enc.layernorm1, ("gamma", "beta")
        yield f"{e}/layernorm2", enc.layernorm2, ("gamma", "beta")
        yield f"{d}/mha1", dec.mha1, tmodel.MHA_PARTS
        yield f"{d}/mha2", dec.mha2, tmodel.MHA_PARTS
        yield f"{d}/ffn", dec.ffn, ffn
        for j in (1, 2, 3):
            yield f"{d}/layernorm{j}", getattr(dec, f"layernorm{j}"), ("gamma", "beta")


def weights_from_keras(model, config: tmodel.Config) -> dict[str, np.ndarray]:
    out = {}
    for prefix, layer, names in _parts(model, config):
        arrays = layer.get_weights()
        out.update({f"{prefix}/{n}": np.asarray(a) for n, a in zip(names, arrays, strict=True)})
    return out


def keras_from_weights(weights: dict[str, np.ndarray], config: tmodel.Config):
    """Rebuild the Keras graph around saved weights (the tests compare it with numpy)."""
    model = build_keras(config)
    for prefix, layer, names in _parts(model, config):
        layer.set_weights([weights[f"{prefix}/{n}"] for n in names])
    return model


def keras_mha_weights(layer) -> MHAWeights:
    return MHAWeights.from_list(layer.get_weights())


def arrays(pairs: list[tuple[str, str]]) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """((input ids (m, T_x), decoder inputs (m, T_y)), targets (m, T_y)) for teacher forcing."""
    x = np.stack([dates.encode(h).ids for h, _ in pairs]).astype("int32")
    y = np.stack([dates.encode_iso(iso) for _, iso in pairs]).astype("int32")
    y_in = np.concatenate([np.full((len(y), 1), tmodel.BOS, "int32"), y[:, :-1]], axis=1)
    return (x, y_in), y


def fit(
    train: list[tuple[str, str]],
    val: list[tuple[str, str]],
    config: tmodel.Config,
    epochs: int,
    seed: int = 0,
    batch_size: int = 128,
    peak_lr: float = 2e-3,
    on_epoch: Callable[[int, dict], None] | None = None,
):
    """Train with teacher forcing; returns (Keras model, history dict)."""
    import keras

    (x, y_in), y = arrays(train)
    (xv, yv_in), yv = arrays(val)
    model = build_keras(config, seed)
    steps = epochs * int(np.ceil(len(x) / batch_size))
    warmup = min(steps // 2, int(np.ceil(len(x) / batch_size)))
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps - warmup, alpha=0.02, warmup_target=peak_lr, warmup_steps=warmup
    )
    model.compile(
        optimizer=keras.optimizers.Adam(schedule, beta_2=0.98, clipnorm=1.0),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    callbacks = [] if on_epoch is None else [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch)]
    history = model.fit(
        (x, y_in), y, validation_data=((xv, yv_in), yv), epochs=epochs, batch_size=batch_size,
        verbose=0, callbacks=callbacks, shuffle=True,
    )  # fmt: skip
    return model, history.history
