"""core.rnn.memory_task: the data, RNNbow gradients (against GradientTape), tiny training runs."""

import numpy as np
import pytest

from core import assets
from core.rnn import cells, memory_task


def test_make_data_puts_the_answer_first():
    x, y = memory_task.make_data(50, 7, seed=3)
    assert x.shape == (50, 7, 2 * memory_task.K)
    np.testing.assert_array_equal(x[:, 0].argmax(-1), y)
    assert (x[:, 1:].argmax(-1) >= memory_task.K).all()  # distractors never look like a cue
    with pytest.raises(ValueError, match="`lag`"):
        memory_task.make_data(5, 0)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_per_step_weight_gradients_sum_to_the_tape_gradient(kind):
    tf = pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    layer = {"rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}[
        kind
    ](5, dtype="float64")
    dense = keras.layers.Dense(memory_task.K, dtype="float64")
    x, y = memory_task.make_data(16, 6, seed=1)
    x = x.astype("float64")
    with tf.GradientTape() as tape:
        logits = dense(layer(x))
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        )
    dW = tape.gradient(loss, layer.cell.kernel).numpy()
    Wy, by = (np.asarray(w) for w in dense.get_weights())
    per_step = memory_task.input_weight_gradients(cells.params_from_layer(layer), Wy, by, x, y)
    assert per_step.shape == (6, *dW.shape)
    np.testing.assert_allclose(per_step.sum(axis=0), dW, rtol=1e-6, atol=1e-9)


def test_tiny_training_run_reports_progress_and_rnnbow():
    pytest.importorskip("keras")
    cfg = memory_task.MemoryConfig(lags=(3,), epochs=2, n_train=128, units=4)
    seen = []
    result = memory_task.train(cfg, on_step=lambda f, msg: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    for kind in memory_task.KINDS:
        assert 0.0 <= result.accuracy[kind][0] <= 1.0
        assert np.asarray(result.rnnbow[f"{kind}-3"]).shape == (2, 3)
    again = memory_task.MemoryResult.from_json(result.to_json())
    assert again.config == cfg and again.accuracy == result.accuracy


def test_shipped_runs_learn_the_short_lag():
    import json

    runs = json.loads(assets.resolve("memory_task.json").read_text())["runs"]
    assert len(runs) == 3
    for run in runs:
        assert tuple(run["config"]["lags"]) == memory_task.DEFAULT_LAGS
        for kind in memory_task.KINDS:
            assert run["accuracy"][kind][0] >= 0.9, (kind, run["config"]["seed"])


def test_shipped_runs_show_the_rnn_collapsing_first_at_the_longest_lag():
    import json

    runs = json.loads(assets.resolve("memory_task.json").read_text())["runs"]
    longest = {k: np.mean([r["accuracy"][k][-1] for r in runs]) for k in memory_task.KINDS}
    assert longest["rnn"] < min(longest["gru"], longest["lstm"]) - 0.2, longest
    assert min(longest["gru"], longest["lstm"]) > 0.9, longest
