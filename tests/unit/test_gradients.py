"""core.rnn.gradients, core.rnn.jacobians and core.rnn.clipping against TensorFlow and by hand."""

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from core.rnn import cells, clipping, gradients, jacobians  # noqa: E402

TOL = dict(rtol=1e-5, atol=1e-6)
LAYERS = {"rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}


def keras_layer(kind, n_x=3, units=4, seed=0, **kwargs):
    layer = LAYERS[kind](units, return_sequences=True, dtype="float64", **kwargs)
    layer.build((None, None, n_x))
    rng = np.random.default_rng(seed)
    layer.set_weights([0.7 * rng.standard_normal(w.shape) for w in layer.get_weights()])
    return layer


def tape_gradients(layer, x, R):
    """∂L/∂a⟨t⟩ and ∂L/∂kernel for L = Σ R ∗ a⟨t⟩, unrolling the Keras cell by hand."""
    xt = tf.constant(x)
    cell = layer.cell
    state = [tf.zeros((x.shape[0], cell.units), tf.float64)]
    if isinstance(cell, keras.layers.LSTMCell):
        state.append(tf.zeros((x.shape[0], cell.units), tf.float64))
    with tf.GradientTape() as tape:
        hs = []
        for t in range(x.shape[1]):
            h, state = cell(xt[:, t], state)
            state = list(state) if isinstance(state, (list, tuple)) else [state]
            hs.append(h)
        loss = tf.reduce_sum(tf.stack(hs, axis=1) * R)
    grads = tape.gradient(loss, [*hs, cell.kernel])
    return np.stack([g.numpy() for g in grads[:-1]], axis=1), grads[-1].numpy()


CASES = [
    ("rnn", {}),
    ("rnn", {"activation": "relu"}),
    ("gru", {}),
    ("gru", {"reset_after": False}),
    ("lstm", {}),
    ("lstm", {"activation": "sigmoid"}),
]


@pytest.mark.parametrize(("kind", "kwargs"), CASES, ids=lambda c: str(c))
def test_backward_matches_gradient_tape(kind, kwargs):
    layer = keras_layer(kind, **kwargs)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 6, 3))
    R = rng.standard_normal((2, 6, 4))
    da_ref, dW_ref = tape_gradients(layer, x, R)
    p = cells.params_from_layer(layer)
    back = gradients.backward(p, x, R)
    np.testing.assert_allclose(back.da, da_ref, **TOL)
    dW = np.einsum("mti,mtj->ij", x, back.dz_in)  # Σ_t x⟨t⟩ᵀ dz⟨t⟩
    np.testing.assert_allclose(dW, dW_ref, **TOL)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_gradient_flow_matches_finite_differences(kind):
    """Perturb a⟨t⟩'s input path: L(x) changes by ∂L/∂x⟨t⟩ = dz_in⟨t⟩ Wᵀ."""
    p = jacobians.random_cell(kind, 2, 3, radius=0.9, gate_bias=1.0, seed=2)
    x = np.random.default_rng(3).standard_normal((1, 5, 2))
    v = np.array([0.3, -0.5, 0.8])

    def loss(x_):
        return float(cells.forward(p, x_).h[0, -1] @ v)

    dL = np.zeros((1, 5, 3))
    dL[0, -1] = v
    dx = gradients.backward(p, x, dL).dz_in[0] @ p.W.T  # (T, n_x)
    eps = 1e-6
    for t in range(5):
        for i in range(2):
            bumped = x.copy()
            bumped[0, t, i] += eps
            assert (loss(bumped) - loss(x)) / eps == pytest.approx(dx[t, i], abs=1e-5)


def test_vanishing_and_exploding_rnn_flow():
    x = np.random.default_rng(0).standard_normal((4, 60, 3)) * 0.1
    small = gradients.gradient_flow(jacobians.random_cell("rnn", 3, 16, radius=0.5), x)
    big = gradients.gradient_flow(
        jacobians.random_cell("rnn", 3, 16, radius=1.5, init_scale=0.1, activation="linear"), x
    )
    assert small.norms[0] < 1e-10 * small.norms[-1] and small.decay_per_step < 0.6
    assert big.norms[0] > 1e6 * big.norms[-1] and big.decay_per_step > 1.3
    lstm = gradients.gradient_flow(
        jacobians.random_cell("lstm", 3, 16, radius=0.5, gate_bias=4.0), x
    )
    assert lstm.decay_per_step > small.decay_per_step  # the forget path carries the gradient


def test_gradient_flow_accepts_a_keras_layer_and_every_step_losses():
    layer = keras_layer("gru")
    x = np.random.default_rng(0).standard_normal((2, 7, 3))
    flow = gradients.gradient_flow(layer, x, loss_at="every")
    assert flow.norms.shape == (7,) and flow.per_unit.shape == (7, 4)
    assert list(flow.distance) == [6, 5, 4, 3, 2, 1, 0]
    with pytest.raises(ValueError, match="`loss_at`"):
        gradients.gradient_flow(layer, x, loss_at="first")


def test_rnn_jacobian_products_match_tf_jacobians():
    p = jacobians.random_cell("rnn", 2, 5, radius=1.1, seed=4)
    x = np.random.default_rng(5).standard_normal((1, 6, 2))
    tr = cells.forward(p, x)
    norms = jacobians.rnn_jacobian_norms(p, tr)
    W, U, b = (tf.constant(a) for a in (p.W, p.U, p.b))
    with tf.GradientTape(persistent=True) as tape:
        a = tf.zeros((1, 5), tf.float64)
        states = []
        for t in range(6):
            tape.watch(a)
            states.append(a)
            a = tf.tanh(x[:, t] @ W + a @ U + b)
    for k in (1, 3, 6):
        J = tape.jacobian(a, states[6 - k])[0, :, 0, :].numpy()
        assert norms[k - 1] == pytest.approx(np.linalg.norm(J, 2), rel=1e-6)


def test_with_radius_and_random_cell():
    M = np.random.default_rng(0).standard_normal((6, 6))
    assert jacobians.spectral_radius(jacobians.with_radius(M, 0.7)) == pytest.approx(0.7)
    lstm = jacobians.random_cell("lstm", 3, 4, gate_bias=2.0)
    assert (lstm.b[4:8] == 2.0).all() and (lstm.b[:4] == 0).all()  # the forget block
    for j in range(4):
        assert jacobians.spectral_radius(lstm.U[:, 4 * j : 4 * j + 4][:, :4]) == pytest.approx(1.0)


def test_clipping_matches_tensorflow():
    rng = np.random.default_rng(0)
    grads = {"a": rng.standard_normal((3, 4)) * 5, "b": rng.standard_normal(4) * 5}
    by_value = clipping.clip_by_value(grads, 1.5)
    for k in grads:
        np.testing.assert_allclose(by_value[k], tf.clip_by_value(grads[k], -1.5, 1.5).numpy())
    ref, ref_norm = tf.clip_by_global_norm([grads["a"], grads["b"]], 2.0)
    by_norm = clipping.clip_by_global_norm(grads, 2.0)
    assert clipping.global_norm(grads) == pytest.approx(ref_norm.numpy())
    np.testing.assert_allclose(by_norm["a"], ref[0].numpy(), rtol=1e-12)
    np.testing.assert_allclose(by_norm["b"], ref[1].numpy(), rtol=1e-12)
    assert clipping.global_norm(by_norm) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="`threshold`"):
        clipping.clip_by_value(grads, 0)


def test_clipping_tames_an_exploding_step():
    p = jacobians.random_cell("rnn", 2, 8, radius=1.5, activation="linear", seed=1)
    x = np.random.default_rng(2).standard_normal((8, 30, 2))
    y = np.random.default_rng(3).standard_normal(8)
    step = clipping.clipped_step(p, x, y, "norm", threshold=1.0, learning_rate=0.01)
    assert step.grad_norm > 1e3 and step.clipped_norm == pytest.approx(1.0)
    assert step.clipped_update_norm == pytest.approx(0.01)
    assert not step.loss_after < step.clipped_loss_after  # the raw step is no better
