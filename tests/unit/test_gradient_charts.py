"""Gradient figures survive overflow: ∞/NaN are blanked and announced, never drawn as numbers."""

import numpy as np

from core.rnn.gradients import Flow
from dashboard.charts import gradient_charts


def _flow(norms):
    norms = np.asarray(norms, dtype=float)
    return Flow(norms, np.tile(norms[:, None], (1, 3)), np.arange(len(norms))[::-1], 0.5)


def test_overflow_is_blanked_and_counted():
    flow = _flow([np.inf, np.nan, 1e3, 1.0])
    heat = gradient_charts.flow_heatmap(flow.per_unit, "RNN", (-5, 5))
    z = np.asarray(heat.data[0].z, dtype=float)
    assert np.isnan(z[:, :2]).all() and np.allclose(z[:, 2:], [[3, 0]] * 3)
    assert "6 overflowed" in heat.layout.title.text
    lines = gradient_charts.flow_lines({"rnn": flow})
    assert "2 steps overflowed" in lines.layout.title.text
    y = np.asarray(lines.data[0].y, dtype=float)
    assert np.isnan(y[:2]).all() and y[2] == 1e3
    fig = gradient_charts.jacobian_chart(np.array([0.5, np.inf]), 1.2, 0.9)
    assert np.isnan(np.asarray(fig.data[0].y, dtype=float)[1])
    fig.to_json()  # serialisable: no inf reaches Plotly


def test_rnnbow_rows_are_shares():
    fig = gradient_charts.rnnbow(np.array([[1.0, 3.0], [0.0, 0.0]]), "t")
    np.testing.assert_allclose(np.asarray(fig.data[0].z), [[0.25, 0.75], [0, 0]])


def test_memory_accuracy_draws_mean_and_each_run():
    runs = [{"rnn": [1.0, 0.5]}, {"rnn": [0.8, 0.3]}]
    fig = gradient_charts.memory_accuracy([10, 30], runs, 0.25)
    np.testing.assert_allclose(fig.data[0].y, [0.9, 0.4])
    assert len(fig.data) == 3
