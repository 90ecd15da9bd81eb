"""core.rnn.bptt's numpy backpropagation through time against tf.GradientTape, to 1e-5."""

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from core.rnn import bptt, cells  # noqa: E402

TOL = dict(rtol=1e-5, atol=1e-5)


def setup(activation, steps=9, units=5, n_x=3, batch=4, seed=0):
    rng = np.random.default_rng(seed)
    layer = keras.layers.SimpleRNN(
        units, activation=activation, return_sequences=True, dtype="float64"
    )
    layer.build((None, steps, n_x))
    layer.set_weights([0.6 * rng.standard_normal(w.shape) for w in layer.get_weights()])
    x = rng.standard_normal((batch, steps, n_x))
    R = rng.standard_normal((batch, steps, units))  # L = Σ R ∗ a⟨t⟩
    return layer, x, R


def manual_states(layer, x):
    """Unroll with TF ops, so the tape can differentiate w.r.t. each a⟨t⟩ itself."""
    W, U, b = layer.cell.kernel, layer.cell.recurrent_kernel, layer.cell.bias
    act = keras.activations.get(layer.cell.activation)
    a = tf.zeros((x.shape[0], U.shape[0]), tf.float64)
    states = []
    for t in range(x.shape[1]):
        a = act(x[:, t] @ W + a @ U + b)
        states.append(a)
    return states


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("loss_at", ["every", "last"])
def test_rnn_backward_matches_gradient_tape(activation, loss_at):
    layer, x, R = setup(activation)
    if loss_at == "last":
        R[:, :-1] = 0.0
    xt = tf.constant(x)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(layer(xt) * R)
        states = manual_states(layer, xt)
        loss_manual = tf.reduce_sum(tf.stack(states, axis=1) * R)
    dW, dU, db, dx = tape.gradient(
        loss, [layer.cell.kernel, layer.cell.recurrent_kernel, layer.cell.bias, xt]
    )
    da = np.stack([g.numpy() for g in tape.gradient(loss_manual, states)], axis=1)

    grads = bptt.rnn_backward(cells.params_from_layer(layer), x, R)
    np.testing.assert_allclose(grads.dW, dW.numpy(), **TOL)
    np.testing.assert_allclose(grads.dU, dU.numpy(), **TOL)
    np.testing.assert_allclose(grads.db, db.numpy(), **TOL)
    np.testing.assert_allclose(grads.dx, dx.numpy(), **TOL)
    np.testing.assert_allclose(grads.da, da, **TOL)


def test_gradient_of_the_first_state_from_a_last_step_loss_worked_by_hand():
    # Linear scalar RNN: a⟨t⟩ = u·a⟨t−1⟩ + w·x⟨t⟩, L = a⟨T⟩, so ∂L/∂a⟨t⟩ = u^(T−t).
    p = cells.CellParams(
        "rnn", W=np.array([[1.0]]), U=np.array([[0.5]]), b=None, activation="linear"
    )
    dL = np.zeros((1, 6, 1))
    dL[0, -1, 0] = 1.0
    grads = bptt.rnn_backward(p, np.ones((1, 6, 1)), dL)
    np.testing.assert_allclose(grads.da[0, :, 0], 0.5 ** np.arange(5, -1, -1))
    assert grads.da0[0, 0] == pytest.approx(0.5**6)


def test_rnn_backward_refuses_what_it_cannot_do():
    gru = cells.CellParams("gru", W=np.ones((2, 9)), U=np.ones((3, 9)), b=None)
    with pytest.raises(ValueError, match="vanilla RNN"):
        bptt.rnn_backward(gru, np.ones((1, 2, 2)), np.ones((1, 2, 3)))
    elu = cells.CellParams("rnn", W=np.ones((2, 3)), U=np.ones((3, 3)), b=None, activation="elu")
    with pytest.raises(ValueError, match="`activation` expected one of"):
        bptt.rnn_backward(elu, np.ones((1, 2, 2)), np.ones((1, 2, 3)))
