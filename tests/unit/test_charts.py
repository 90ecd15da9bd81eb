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
    start = int(pairs.starts[4])
    spans = [(s.x0, s.x1) for s in fig.layout.shapes]  # the input window, then the target
    assert spans == [(start - 0.5, start + 8 - 0.5), (start + 8 - 0.5, start + 8 + 3 - 0.5)]
    matrix = sequence_charts.windows_matrix(pairs.inputs, pairs.targets, 4)
    assert np.asarray(matrix.data[0].z).shape == (len(pairs.starts), 8 + 1 + 3)
    (row,) = matrix.layout.shapes  # the selected pair's row is outlined
    assert (row.y0, row.y1) == (3.5, 4.5) and matrix.layout.yaxis.autorange == "reversed"


def test_trigger_charts_mark_the_words_the_threshold_and_each_detection():
    from dashboard.charts import audio_charts

    rate = 16_000
    wave = np.zeros(10 * rate, dtype=np.float32)
    spans = {
        "activate": [(rate, 2 * rate)],
        "other words": [(3 * rate, 4 * rate), (5 * rate, 6 * rate)],
    }
    fig = audio_charts.waveform(wave, rate, spans, "clip")
    bands = [(s.x0, s.x1, s.fillcolor) for s in fig.layout.shapes]
    assert [b[:2] for b in bands] == [(1.0, 2.0), (3.0, 4.0), (5.0, 6.0)]
    assert bands[0][2] != bands[1][2] == bands[2][2]  # the trigger in its own colour
    assert [t.name for t in fig.data] == ["waveform", "activate", "other words"]

    times = np.arange(500) * 0.02
    trace = audio_charts.probability_trace(times, np.zeros(500), 0.7, fired=(2.5, 6.0))
    threshold, *events = trace.layout.shapes
    assert (threshold.y0, threshold.y1) == (0.7, 0.7)
    assert [(e.x0, e.x1) for e in events] == [(2.5, 2.5), (6.0, 6.0)]
    assert tuple(trace.layout.yaxis.range) == (0, 1.05)


def test_span_shapes_are_placed_as_plotlys_own_helpers_place_them():
    """theme.vspan/hspan (shapes built without plotly's slow add_* helpers) equal the shapes
    add_vline, add_vrect, add_hline and add_hrect add."""
    import plotly.graph_objects as go

    from dashboard.charts import theme

    ours = [
        theme.vspan(3, line=dict(color="blue", width=2)),
        theme.vspan(1, 2, fillcolor="red", opacity=0.2, line_width=0),
        theme.hspan(0.5, line_dash="dot"),
        theme.hspan(1, 2, line=dict(color="green", width=3)),
    ]
    fig = go.Figure()
    fig.add_vline(x=3, line=dict(color="blue", width=2))
    fig.add_vrect(x0=1, x1=2, fillcolor="red", opacity=0.2, line_width=0)
    fig.add_hline(y=0.5, line_dash="dot")
    fig.add_hrect(y0=1, y1=2, line=dict(color="green", width=3))
    built = go.Figure(layout=dict(shapes=ours))
    assert [s.to_plotly_json() for s in built.layout.shapes] == [
        s.to_plotly_json() for s in fig.layout.shapes
    ]


def test_marks_sit_on_the_current_step_the_chosen_row_and_zero():
    """The outline or line each figure draws is where the page says: the current step of a⟨t⟩
    and ŷ⟨t⟩, the chosen output row of α⟨t,t'⟩ (none when none is chosen), cos = 0."""
    from dashboard.charts import embedding_charts, nmt_charts, rnn_charts

    h = np.zeros((6, 3))
    (column,) = rnn_charts.state_heatmap(h, [f"t{i}" for i in range(1, 7)], 4, "a").layout.shapes
    assert (column.x0, column.x1, column.yref) == (2.5, 3.5, "y domain")  # 4th column, index 3
    (now,) = rnn_charts.sine_prediction(np.arange(8.0), np.arange(7.0), 5).layout.shapes
    assert (now.type, now.x0, now.x1) == ("line", 5, 5)
    alpha = np.full((3, 4), 0.25)
    (row,) = nmt_charts.attention_heatmap(alpha, list("abcd"), list("xyz"), 2).layout.shapes
    assert (row.y0, row.y1, row.xref) == (1.5, 2.5, "x domain")
    assert not nmt_charts.attention_heatmap(alpha, list("abcd"), list("xyz")).layout.shapes
    (zero,) = embedding_charts.bias_bars({"he": -0.2, "she": 0.3}, None, "b").layout.shapes
    assert (zero.type, zero.x0, zero.x1) == ("line", 0, 0)


def test_cell_outlines_frame_the_highlighted_step_and_pair():
    """The one-hot step x⟨2⟩ (1-based) is outlined on its column, pair 3 (0-based) of the window
    matrix on its row; both in the target colour, round the cells and nothing more."""
    from dashboard.charts import sequence_charts, theme

    one_hot = np.eye(3, dtype=np.float32)[[0, 1, 2, 1]]
    fig = sequence_charts.one_hot_heatmap(one_hot, tuple("abcb"), tuple("abc"), highlight_t=2)
    (column,) = fig.layout.shapes
    assert (column.x0, column.x1, column.yref) == (0.5, 1.5, "y domain")
    assert column.line.color == theme.TARGET
    beyond = sequence_charts.one_hot_heatmap(one_hot, tuple("abcb"), tuple("abc"), highlight_t=5)
    assert not beyond.layout.shapes  # a step past the end: no outline
    inputs, targets = np.zeros((6, 4), np.float32), np.zeros((6, 1), np.float32)
    (row,) = sequence_charts.windows_matrix(inputs, targets, 3).layout.shapes
    assert (row.y0, row.y1, row.xref, row.line.color) == (2.5, 3.5, "x domain", theme.TARGET)
    assert theme.cell_outline("y", 3, width=2) == row.to_plotly_json()


def test_beam_tree_caps_pruned_nodes_so_a_wide_beam_stays_readable():
    from core.rnn import charlm
    from core.translation import beam
    from dashboard.charts import nmt_charts

    model = charlm.load_shipped("dinosaurs", "gru")
    wide = beam.beam_search(charlm.log_prob_fn(model), model.vocab.bos, 0, 10, 8)
    fig = nmt_charts.beam_tree(wide, lambda i: model.vocab.decode([i]), pruned_per_parent=10)
    xs = [x for trace in fig.data[2:4] for x in trace.x]  # the pruned and the kept nodes
    per_step = {step: xs.count(step) for step in set(xs)}
    assert max(per_step.values()) <= nmt_charts.MAX_ROWS
    assert "pruned candidate" in fig.layout.title.text  # the cap is said, not silent
    narrow = beam.beam_search(charlm.log_prob_fn(model), model.vocab.bos, 0, 2, 8)
    small = nmt_charts.beam_tree(narrow, lambda i: model.vocab.decode([i]), pruned_per_parent=3)
    assert small.layout.title.text == "Beam-search tree"  # no cap needed: as asked


def test_gate_heatmap_numbers_its_columns_as_the_page_numbers_steps():
    from dashboard.charts import gate_charts

    fig = gate_charts.gate_heatmap(np.zeros((3, 2)), ["a", " ", ""], "Γu", False, current=0)
    assert list(fig.data[0].x) == ["1:a", "2:␣", "⟨3⟩"]  # t = 1 is the first character read
