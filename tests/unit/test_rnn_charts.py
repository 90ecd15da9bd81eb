"""RNN figures: the drawn data is the data given; the diagram draws what the spec says."""

import numpy as np

from dashboard.charts import equations, rnn_charts
from dashboard.charts.rnn_diagrams import Unrolled, unrolled_figure


def _box_labels(fig):
    return [a.text for a in fig.layout.annotations if not a.showarrow and a.text]


def test_unrolled_figure_one_block_per_step_and_shared_weight_labels():
    spec = Unrolled(("x⟨1⟩", "x⟨2⟩", "x⟨3⟩"), ("ŷ⟨1⟩", "ŷ⟨2⟩", "ŷ⟨3⟩"), current=2)
    fig = unrolled_figure(spec)
    labels = _box_labels(fig)
    assert [lab for lab in labels if lab.startswith("a⟨")] == ["a⟨1⟩", "a⟨2⟩", "a⟨3⟩"]
    assert labels.count("Waa") == 2 and labels.count("Wax") == 3 and labels.count("Wya") == 3
    thick = [s for s in fig.layout.shapes if s.line.width == 3]
    assert len(thick) == 3  # x⟨2⟩, a⟨2⟩, ŷ⟨2⟩ highlighted


def test_unrolled_figure_deep_and_bidirectional():
    deep = _box_labels(unrolled_figure(Unrolled(("x⟨1⟩", "x⟨2⟩"), ("", "ŷ⟨2⟩"), layers=3)))
    assert {"a[1]⟨1⟩", "a[2]⟨2⟩", "a[3]⟨2⟩"} <= set(deep) and "ŷ⟨2⟩" in deep
    bi = _box_labels(
        unrolled_figure(Unrolled(("x⟨1⟩", "x⟨2⟩"), ("ŷ⟨1⟩", "ŷ⟨2⟩"), bidirectional=True))
    )
    assert "a⟨1⟩ ←" in bi and bi.count("Waa←") == 1


def test_deep_bidirectional_has_both_chains_on_every_layer_and_y_reads_the_top_one():
    fig = unrolled_figure(
        Unrolled(("x⟨1⟩", "x⟨2⟩", "x⟨3⟩"), ("ŷ⟨1⟩", "ŷ⟨2⟩", "ŷ⟨3⟩"), layers=3, bidirectional=True)
    )
    labels = _box_labels(fig)
    for layer in (1, 2, 3):
        assert f"a[{layer}]⟨2⟩ ←" in labels and f"a[{layer}]⟨2⟩ →" in labels
        assert (
            labels.count(f"Waa[{layer}]←") == 1 and labels.count(f"Waa[{layer}]→") == 1
        )  # once a row
    rows = {a.text: a.y for a in fig.layout.annotations if a.text and a.text.endswith(("←", "→"))}
    top = max(a.y for a in fig.layout.annotations if a.text == "ŷ⟨1⟩")
    into_y = {round(a.ay) for a in fig.layout.annotations if a.showarrow and round(a.y) == top}
    assert into_y == {rows["a[3]⟨1⟩ →"], rows["a[3]⟨1⟩ ←"]}  # only the top layer, both ways
    into_2 = {round(a.ay) for a in fig.layout.annotations
              if a.showarrow and round(a.y) == rows["a[2]⟨1⟩ ←"] and a.ax == a.x}  # fmt: skip
    assert into_2 == {rows["a[1]⟨1⟩ →"], rows["a[1]⟨1⟩ ←"]}  # layer 2 reads both of layer 1


def test_lstm_numbers_show_the_previous_memory_cell():
    rng = np.random.default_rng(0)
    values = {k: rng.uniform(-1, 1, 4) for k in
              ("a", "a_prev", "c", "c_prev", "forget", "input", "output", "candidate")}  # fmt: skip
    text = " ".join(equations.numeric("lstm", 5, values, "x"))
    assert r"c^{\langle 4 \rangle} = " + equations.vec(values["c_prev"]) in text


def test_state_heatmap_and_bars_carry_the_data():
    h = np.random.default_rng(0).uniform(-1, 1, (6, 4))
    fig = rnn_charts.state_heatmap(h, [f"{i}" for i in range(6)], 3, "a")
    np.testing.assert_array_equal(np.asarray(fig.data[0].z), h.T)
    p = np.array([0.1, 0.6, 0.3])
    bars = rnn_charts.output_bars(p, ["a", "b", "c"], actual=2, title="y")
    assert list(bars.data[0].marker.line.width) == [0, 0, 3]


def test_vec_shows_the_first_values_and_the_size():
    tex = equations.vec(np.array([0.123, -0.4, 1.0, 2.0, 3.0]), shown=2)
    assert "0.12 & -0.40 & \\cdots" in tex and "5\\times 1" in tex


def test_mini_chain_draws_only_the_inputs_and_outputs_asked_for():
    from dashboard.charts.rnn_diagrams import mini_chain

    fig = mini_chain(("x⟨1⟩", "", ""), ("ŷ⟨1⟩", "ŷ⟨2⟩", "ŷ⟨3⟩"), "One to many")
    texts = list(fig.data[1].text)
    assert texts.count("x⟨1⟩") == 1 and sum(t.startswith("ŷ") for t in texts) == 3
    assert sum(t.startswith("a⟨") for t in texts) == 3
    # 1 input arrow + 3 output arrows + 2 recurrent arrows, each "x0, x1, None"
    assert len(fig.data[0].x) == 3 * 6
