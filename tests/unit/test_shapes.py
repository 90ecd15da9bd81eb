"""core.shapes: the parameter count of every variant equals Keras' own count."""

import pytest

from core.shapes import tensor_shapes

keras = pytest.importorskip("keras")
LAYERS = {"rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize(
    ("layers", "bidirectional"), [(1, False), (3, False), (1, True), (2, True)]
)
def test_parameter_count_matches_keras(kind, layers, bidirectional):
    n_x, n_a, n_y = 7, 5, 4
    stack = [keras.Input((None, n_x))]
    for _ in range(layers):
        layer = LAYERS[kind](n_a, return_sequences=True)
        stack.append(keras.layers.Bidirectional(layer) if bidirectional else layer)
    model = keras.Sequential([*stack, keras.layers.Dense(n_y)])
    rows = tensor_shapes(kind, n_x, n_a, n_y, layers, bidirectional)
    assert sum(r["parameters"] for r in rows) == model.count_params()
    assert sum(r["tensor"].startswith("Waa") for r in rows) == layers * (2 if bidirectional else 1)


def test_rejects_bad_sizes():
    with pytest.raises(ValueError, match="positive integers"):
        tensor_shapes("rnn", 3, 0, 2)
    with pytest.raises(ValueError, match="`kind`"):
        tensor_shapes("transformer", 3, 4, 2)
