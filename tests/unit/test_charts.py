"""Chart builders: plain arrays in, figures whose data match the arrays out."""

import numpy as np

from core import sequences as seq
from dashboard.charts import sequence_charts


def test_one_hot_heatmap_has_one_column_per_step_and_one_row_per_entry():
    enc = seq.encode_text("the cat saw the dog", vocab_size=6)
    fig = sequence_charts.one_hot_heatmap(enc.one_hot, enc.tokens, enc.vocab.tokens, 2)
    z = np.asarray(fig.data[0].z)
    assert z.shape == (len(enc.vocab), enc.T_x)
    np.testing.assert_array_equal(z.sum(axis=0), np.ones(enc.T_x))
    assert len(fig.layout.shapes) == 1  # the highlighted step


def test_one_hot_heatmap_can_drop_unused_rows():
    enc = seq.encode_text("b a b", vocab_size=50)
    fig = sequence_charts.one_hot_heatmap(
        enc.one_hot, enc.tokens, enc.vocab.tokens, used_rows_only=True
    )
    assert list(fig.data[0].y) == ["2: a", "3: b"]


def test_window_figures_draw_the_selected_pair():
    series = seq.sine_wave(60, period=12)
    pairs = seq.make_windows(series, 8, 3, 2)
    fig = sequence_charts.window_figure(series, int(pairs.starts[4]), 8, 3)
    np.testing.assert_allclose(fig.data[1].y, pairs.inputs[4])
    np.testing.assert_allclose(fig.data[2].y, pairs.targets[4])
    matrix = sequence_charts.windows_matrix(pairs.inputs, pairs.targets, 4)
    assert np.asarray(matrix.data[0].z).shape == (len(pairs.starts), 8 + 1 + 3)
