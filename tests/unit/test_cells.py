"""core.rnn.cells against Keras' own layers, on random weights and inputs, to 1e-5."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from core.rnn import activations, cells  # noqa: E402

LAYERS = {"rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}
TOL = dict(rtol=1e-5, atol=1e-5)


def make_layer(kind, units=5, n_x=4, seed=0, scale=0.5, **kwargs):
    """A built Keras layer with random (not initialiser) weights and `return_state`."""
    layer = LAYERS[kind](units, return_sequences=True, return_state=True, **kwargs)
    layer.build((None, None, n_x))
    rng = np.random.default_rng(seed)
    layer.set_weights([scale * rng.standard_normal(w.shape) for w in layer.get_weights()])
    return layer


def inputs(batch=3, steps=7, n_x=4, seed=1):
    return np.random.default_rng(seed).standard_normal((batch, steps, n_x)).astype("float32")


def assert_matches_keras(layer, x, tr):
    outputs = [np.asarray(o) for o in layer(x)]
    np.testing.assert_allclose(tr.h, outputs[0], **TOL)
    np.testing.assert_allclose(tr.h_T, outputs[1], **TOL)
    if tr.kind == "lstm":
        np.testing.assert_allclose(tr.c_T, outputs[2], **TOL)


CONFIGS = [
    ("rnn", {}),
    ("rnn", {"use_bias": False}),
    ("gru", {"reset_after": True}),
    ("gru", {"reset_after": False}),
    ("gru", {"reset_after": True, "use_bias": False}),
    ("lstm", {}),
    ("lstm", {"use_bias": False}),
]


@pytest.mark.parametrize(("kind", "kwargs"), CONFIGS, ids=lambda c: str(c))
@pytest.mark.parametrize("go_backwards", [False, True])
def test_trace_matches_keras(kind, kwargs, go_backwards):
    layer = make_layer(kind, go_backwards=go_backwards, **kwargs)
    x = inputs()
    tr = cells.trace(layer, x)
    assert tr.h.shape == (3, 7, 5)
    assert set(tr.gates) == set(cells.GATES[kind])
    assert (tr.c is not None) == (kind == "lstm")
    assert_matches_keras(layer, x, tr)


def _accepted_activations():
    names = [n for n in dir(keras.activations) if not n.startswith("_")]
    return sorted(n for n in names if n not in ("get", "serialize", "deserialize"))


KERAS_DEVIATIONS = {
    # Keras' TensorFlow backend sums the cumulative sums over the support to find τ, so its
    # "sparsemax" does not sum to 1; core.rnn.activations implements Martins & Astudillo 2016.
    "sparsemax": "Keras' TF sparsemax is not a projection onto the simplex",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=KERAS_DEVIATIONS[n], strict=True))
        if n in KERAS_DEVIATIONS
        else n
        for n in _accepted_activations()
    ],
)
@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_every_activation_keras_accepts(kind, name):
    gated = kind != "rnn"
    kwargs = {"activation": name, **({"recurrent_activation": name} if gated else {})}
    try:
        # Small weights and few steps keep unbounded activations finite in float32;
        # exponential feeds exp(c⟨t⟩) back through the gates, so it gets smaller ones still.
        layer = make_layer(kind, scale=0.05 if name == "exponential" else 0.15, **kwargs)
        x = inputs(steps=2 if name == "exponential" else 4)
        layer(x)
    except Exception as err:  # the layer itself rejects it (e.g. glu halves the units)
        pytest.skip(f"Keras' {kind} does not run with activation {name!r}: {err}")
    assert_matches_keras(layer, x, cells.trace(layer, x))


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave"])
@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_bidirectional_matches_keras(kind, merge_mode):
    inner = LAYERS[kind](4, return_sequences=True)
    layer = keras.layers.Bidirectional(inner, merge_mode=merge_mode)
    x = inputs()
    layer.build(x.shape)
    rng = np.random.default_rng(3)
    layer.set_weights([0.5 * rng.standard_normal(w.shape) for w in layer.get_weights()])
    tr = cells.trace(layer, x)
    np.testing.assert_allclose(tr.h, np.asarray(layer(x)), **TOL)
    fwd, bwd = tr.directions
    # The backward half is time-aligned: its state at t = 0 has read the whole sequence.
    np.testing.assert_allclose(bwd.h[:, 0], bwd.h_T, **TOL)
    np.testing.assert_allclose(fwd.h[:, -1], fwd.h_T, **TOL)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_stacked_layers_match_a_keras_model(kind):
    x = inputs()
    layers = [LAYERS[kind](6, return_sequences=True), LAYERS[kind](3, return_sequences=True)]
    model = keras.Sequential([keras.Input((None, 4)), *layers])
    rng = np.random.default_rng(5)
    model.set_weights([0.5 * rng.standard_normal(w.shape) for w in model.get_weights()])
    traces = cells.trace_stack(layers, x)
    assert [t.h.shape[-1] for t in traces] == [6, 3]
    np.testing.assert_allclose(traces[-1].h, np.asarray(model(x)), **TOL)


def test_gru_gates_follow_the_course_formulas():
    layer = make_layer("gru", reset_after=False)
    tr = cells.trace(layer, inputs())
    g = tr.gates
    a_prev = np.concatenate([np.zeros_like(tr.h[:, :1]), tr.h[:, :-1]], axis=1)
    expected = g["update"] * g["candidate"] + (1 - g["update"]) * a_prev
    np.testing.assert_allclose(tr.h, expected, atol=1e-12)
    assert ((g["reset"] > 0) & (g["reset"] < 1)).all()


def test_lstm_cell_state_follows_the_course_formulas():
    tr = cells.trace(make_layer("lstm"), inputs())
    g = tr.gates
    c_prev = np.concatenate([np.zeros_like(tr.c[:, :1]), tr.c[:, :-1]], axis=1)
    np.testing.assert_allclose(tr.c, g["forget"] * c_prev + g["input"] * g["candidate"], atol=1e-12)
    np.testing.assert_allclose(tr.h, g["output"] * np.tanh(tr.c), atol=1e-12)


def test_rnn_step_worked_by_hand():
    p = cells.CellParams(
        "rnn", W=np.array([[2.0]]), U=np.array([[0.5]]), b=np.array([0.1]), activation="linear"
    )
    tr = cells.forward(p, np.array([[[1.0], [0.0], [-1.0]]]))
    # a1 = 2·1 + 0.1 = 2.1; a2 = 0.5·2.1 + 0.1 = 1.15; a3 = −2 + 0.575 + 0.1 = −1.325
    np.testing.assert_allclose(tr.h[0, :, 0], [2.1, 1.15, -1.325])


def test_unbuilt_layer_is_built_for_the_input():
    layer = keras.layers.GRU(3)
    tr = cells.trace(layer, inputs(n_x=2))
    assert layer.built and tr.h.shape == (3, 7, 3)


def test_sparsemax_is_a_projection_onto_the_simplex():
    z = np.random.default_rng(0).standard_normal((50, 7)) * 2
    p = activations.sparsemax(z)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, atol=1e-12)
    assert (p >= 0).all() and (p == 0).any()
    np.testing.assert_allclose(activations.sparsemax(np.array([[1.0, 0.0]])), [[1.0, 0.0]])
    np.testing.assert_allclose(activations.sparsemax(np.array([[0.3, 0.1]])), [[0.6, 0.4]])


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="argument `layer` expected a Keras SimpleRNN"):
        cells.trace(keras.layers.Dense(3), inputs())
    p = cells.CellParams("rnn", W=np.ones((4, 5)), U=np.ones((5, 5)), b=None)
    with pytest.raises(ValueError, match=r"argument `x` expected shape \(batch, T, 4\)"):
        cells.forward(p, np.ones((2, 3, 2)))
    with pytest.raises(ValueError, match="expected one of"):
        activations.get("no_such_activation")
