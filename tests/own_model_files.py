"""Small Keras models saved as `.keras` bytes, the way a student's notebook saves them.

Built once per test process with fixed seeds; together they hold every layer kind and option
the reader accepts. The page tests read two of them saved once under tests/fixtures/ (rebuild:
`python -m tests.own_model_files`), so they need no Keras; the unit tests check those files
against Keras like the others.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAVED_ONCE = ("char_lstm", "stack")  # the models the page tests read from FIXTURES


def _char_lstm(keras, layers):
    """The course's character model: one-hot letters in, P(next letter) out at every step."""
    return keras.Sequential(
        [
            keras.Input((None, 27)),
            layers.LSTM(8, return_sequences=True),
            layers.TimeDistributed(layers.Dense(27, activation="softmax")),
        ]
    )


def _stack(keras, layers):
    """Sequential and deep: Masking, SimpleRNN (relu), Bi-GRU (reset_after=False),
    a backwards LSTM, TimeDistributed(Dense), Dropout."""
    return keras.Sequential(
        [
            keras.Input((None, 5)),
            layers.Masking(mask_value=0.0),
            layers.SimpleRNN(4, activation="relu", return_sequences=True),
            layers.Bidirectional(layers.GRU(3, return_sequences=True, reset_after=False)),
            layers.LSTM(3, return_sequences=True, go_backwards=True),
            layers.TimeDistributed(layers.Dense(4, activation="softmax")),
            layers.Dropout(0.2),
        ]
    )


def _functional(keras, layers):
    """Functional with an Embedding front, GRU (reset_after=True), every merge mode,
    layers without bias, repeated layer kinds and a many-to-one ending."""
    ids = keras.Input((None,), dtype="int32")
    h = layers.Embedding(12, 4)(ids)
    h = layers.GRU(5, return_sequences=True)(h)
    h = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode="sum")(h)
    h = layers.Bidirectional(
        layers.SimpleRNN(2, return_sequences=True, use_bias=False), merge_mode="ave"
    )(h)
    h = layers.Bidirectional(
        layers.GRU(2, return_sequences=True, reset_after=False), merge_mode="mul"
    )(h)
    h = layers.Dense(3, activation="tanh")(h)
    h = layers.GRU(3, use_bias=False)(h)
    return keras.Model(ids, layers.Dense(2, activation="sigmoid")(h))


def _mask_zero(keras, layers):
    """Embedding(mask_zero=True): Keras adds its own NotEqual op to the saved graph."""
    ids = keras.Input((None,), dtype="int32")
    h = layers.Embedding(30, 6, mask_zero=True)(ids)
    h = layers.LSTM(4, return_sequences=True)(h)
    return keras.Model(ids, layers.Dense(1)(h))


BUILDERS = {"char_lstm": _char_lstm, "stack": _stack, "functional": _functional}
BUILDERS["mask_zero"] = _mask_zero


@functools.cache
def saved(name: str) -> tuple[bytes, object]:
    """(the .keras bytes, the Keras model they were saved from)."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(len(name))
    model = BUILDERS[name](keras, layers)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.keras"
        model.save(path)
        return path.read_bytes(), model


def keras_bytes(name: str) -> bytes:
    return saved(name)[0]


def fixture(name: str) -> Path:
    """The saved-once file of model `name` (one of SAVED_ONCE)."""
    return FIXTURES / f"own_{name}.keras"


if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    for name in SAVED_ONCE:
        fixture(name).write_bytes(keras_bytes(name))
        print(f"wrote {fixture(name)} ({fixture(name).stat().st_size:,} bytes)")
