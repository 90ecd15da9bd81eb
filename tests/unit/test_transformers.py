"""Positional encoding, masks and attention against Keras and by hand; the numpy
Transformer against its Keras graph; the shipped model's quality on the held-out set."""

import numpy as np
import pytest

from core import assets
from core.transformers import attention as att
from core.transformers import model as tmodel
from core.transformers import translator
from core.translation import data as dates

RNG = np.random.default_rng(0)


# ----------------------------------------------------------------------------- positional encoding


def test_positional_encoding_follows_the_papers_formula_entry_by_entry():
    pe = att.positional_encoding(7, 6)
    assert pe.shape == (7, 6)
    for pos in range(7):
        for i in range(3):
            angle = pos / 10000 ** (2 * i / 6)
            assert pe[pos, 2 * i] == pytest.approx(np.sin(angle), abs=1e-12)
            assert pe[pos, 2 * i + 1] == pytest.approx(np.cos(angle), abs=1e-12)
    np.testing.assert_allclose(pe[0], [0, 1, 0, 1, 0, 1])


def test_odd_d_model_ends_on_a_sine_and_keeps_the_even_columns():
    odd, even = att.positional_encoding(50, 7), att.positional_encoding(50, 8)
    assert odd.shape == (50, 7)
    angles = np.arange(50) / 10000 ** (6 / 7)
    np.testing.assert_allclose(odd[:, 6], np.sin(angles))  # the last dimension is a sine
    assert np.abs(odd).max() <= 1.0
    assert not np.allclose(odd[:, :6], even[:, :6])  # the frequencies depend on d_model


def test_positional_encoding_edges_and_bad_arguments():
    assert att.positional_encoding(0, 4).shape == (0, 4)
    assert att.positional_encoding(5, 0).shape == (5, 0)
    for bad in (-1, 2.5, True, "8"):
        with pytest.raises(ValueError, match="d_model"):
            att.positional_encoding(4, bad)
    with pytest.raises(ValueError, match="max_len"):
        att.positional_encoding(-3, 4)


def test_near_positions_have_larger_dot_products_than_far_ones():
    pe = att.positional_encoding(60, 64)
    dots = pe @ pe[20]
    assert dots[20] == pytest.approx(32.0)  # ‖PE(pos)‖² = d_model / 2
    assert dots[21] > dots[25] > dots[40]
    np.testing.assert_allclose(dots[19], dots[21])  # depends on the distance only


# ----------------------------------------------------------------------------- masks and softmax


def test_padding_and_look_ahead_masks():
    tokens = np.array([[5, 7, 0, 0], [1, 0, 2, 0]])
    mask = att.padding_mask(tokens, pad_id=0)
    assert mask.shape == (2, 1, 4) and mask.dtype == bool
    np.testing.assert_array_equal(mask[:, 0], [[1, 1, 0, 0], [1, 0, 1, 0]])
    np.testing.assert_array_equal(att.look_ahead_mask(3), [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
    assert att.look_ahead_mask(0).shape == (0, 0)
    with pytest.raises(ValueError, match="tokens"):
        att.padding_mask([1, 2, 0], 0)
    with pytest.raises(ValueError, match="`n`"):
        att.look_ahead_mask(-1)


@pytest.mark.parametrize("kind", ["padding", "look-ahead", "both"])
def test_masked_keys_get_exactly_zero_and_rows_sum_to_one(kind):
    q, k, v = RNG.normal(size=(2, 5, 4)), RNG.normal(size=(2, 5, 4)), RNG.normal(size=(2, 5, 3))
    tokens = np.array([[3, 4, 5, 0, 0], [3, 0, 4, 5, 6]])
    pad = att.padding_mask(tokens, 0)
    mask = {"padding": pad, "look-ahead": att.look_ahead_mask(5), "both": pad}[kind]
    if kind == "both":
        mask = pad & att.look_ahead_mask(5)
    out, w = att.scaled_dot_product_attention(q * 30, k * 30, v, mask)  # large scores: no leak
    full = np.broadcast_to(mask, w.shape)
    assert (w[~full] == 0.0).all()
    live = full.any(axis=-1)
    np.testing.assert_allclose(w.sum(axis=-1)[live], 1.0, atol=1e-12)
    assert (w[~live] == 0).all() and (out[~live] == 0).all()  # a row with no key: no weight
    np.testing.assert_allclose(out, w @ v)


def test_attention_by_hand():
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    v = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    out, w = att.scaled_dot_product_attention(q, k, v)
    scores = np.array([1.0, 0.0, 1.0]) / np.sqrt(2.0)  # q·k / √d_k
    e = np.exp(scores)
    expected = e / e.sum()  # = [0.401, 0.198, 0.401]
    np.testing.assert_allclose(w[0], expected)
    np.testing.assert_allclose(w[0], [0.40111209, 0.19777581, 0.40111209], atol=1e-8)
    np.testing.assert_allclose(out[0], expected @ v)
    _, w2 = att.scaled_dot_product_attention(q, k, v, mask=np.array([[True, True, False]]))
    np.testing.assert_allclose(w2[0], [e[0] / (e[0] + e[1]), e[1] / (e[0] + e[1]), 0.0])
    _, unscaled = att.scaled_dot_product_attention(q, k, v, scale=False)
    assert unscaled[0, 0] > w[0, 0]  # without /√d_k the softmax is sharper


def test_attention_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="d_k"):
        att.scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4)))


def test_numpy_attention_matches_tensorflow_softmax():
    import tensorflow as tf

    q, k, v = RNG.normal(size=(3, 6, 8)), RNG.normal(size=(3, 7, 8)), RNG.normal(size=(3, 7, 5))
    logits = tf.matmul(q, k, transpose_b=True) / np.sqrt(8.0)
    expected = tf.matmul(tf.nn.softmax(logits, axis=-1), v).numpy()
    np.testing.assert_allclose(att.scaled_dot_product_attention(q, k, v)[0], expected, atol=1e-10)


# ----------------------------------------------------------------------------- multi-head vs Keras


@pytest.mark.parametrize("masked", [False, True])
def test_multi_head_attention_matches_keras_with_the_same_projections(masked):
    import keras

    keras.utils.set_random_seed(1)
    layer = keras.layers.MultiHeadAttention(num_heads=3, key_dim=4)
    x_q = RNG.normal(size=(2, 5, 12)).astype("float32")
    x_kv = RNG.normal(size=(2, 7, 12)).astype("float32")
    layer(x_q, x_kv)  # build
    weights = [w + RNG.normal(scale=0.1, size=w.shape) for w in layer.get_weights()]
    layer.set_weights(weights)  # non-zero biases, so every bias is checked too
    mask = att.padding_mask(np.array([[1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 0]]), 0)
    mask = np.broadcast_to(mask, (2, 5, 7)) if masked else None
    out_k, w_k = layer(x_q, x_kv, attention_mask=mask, return_attention_scores=True)
    out, w = att.multi_head_attention(att.MHAWeights.from_list(weights), x_q, x_kv, mask)
    assert w.shape == (2, 3, 5, 7)
    np.testing.assert_allclose(out, np.asarray(out_k), atol=1e-5)
    np.testing.assert_allclose(w, np.asarray(w_k), atol=1e-5)
    if masked:
        assert (w[0, :, :, 4:] == 0).all() and (w[1, :, :, 6] == 0).all()


# ----------------------------------------------------------------------------- the Transformer


@pytest.fixture(scope="module")
def random_models():
    """A Keras Transformer with random weights and its numpy twin (nothing trained needed)."""
    from core.transformers import training

    config = tmodel.Config(num_layers=2, d_model=16, num_heads=2, dff=24)
    keras_model = training.build_keras(config, seed=3)
    weights = training.weights_from_keras(keras_model, config)
    return keras_model, tmodel.TransformerModel(weights, config), weights, config


def test_numpy_transformer_matches_keras_logits_and_every_attention(random_models):
    from core.transformers import training

    keras_model, numpy_model, _, _ = random_models
    (x, y_in), _ = training.arrays(
        [*dates.make_dataset(12, seed=5), ("3 may 1979 " * 3, "1979-05-03")]
    )
    logits_k, attn_k = keras_model((x, y_in), training=False, return_attention=True)
    logits, attn = numpy_model.forward(x, y_in)
    np.testing.assert_allclose(logits, np.asarray(logits_k), atol=1e-4)
    for ours, theirs in ((attn.encoder, "encoder"), (attn.decoder, "decoder_self"),
                         (attn.cross, "cross")):  # fmt: skip
        np.testing.assert_allclose(ours, np.stack([np.asarray(a) for a in attn_k[theirs]], 1),
                                   atol=1e-5)  # fmt: skip
    pad = x == tmodel.PAD_ID
    assert (attn.encoder.transpose(1, 2, 3, 0, 4)[..., pad] == 0).all()  # padding never attended
    assert (np.triu(np.ones((10, 10)), 1).astype(bool) & (attn.decoder > 0)).sum() == 0


def test_weights_round_trip_through_keras_and_the_npz(random_models, tmp_path):
    from core.transformers import training

    keras_model, numpy_model, weights, config = random_models
    rebuilt = training.keras_from_weights(weights, config)
    (x, y_in), _ = training.arrays(dates.make_dataset(4, seed=9))
    np.testing.assert_allclose(np.asarray(rebuilt((x, y_in))), np.asarray(keras_model((x, y_in))),
                               atol=1e-6)  # fmt: skip
    tmodel.save(numpy_model, {"note": "test"}, tmp_path / "t.npz")
    loaded, meta = tmodel.load(tmp_path / "t.npz")
    assert meta["note"] == "test" and loaded.config == config
    np.testing.assert_allclose(loaded.forward(x, y_in)[0], numpy_model.forward(x, y_in)[0],
                               atol=1e-5)  # fmt: skip


def test_greedy_decoding_equals_teacher_forcing_on_its_own_output(random_models):
    _, numpy_model, _, _ = random_models
    x = np.stack([dates.encode(t).ids for t in ("3 may 1979", "", "x" * 40)])
    ids, probs, attn = numpy_model.greedy(x)
    y_in = np.concatenate([np.full((3, 1), tmodel.BOS), ids[:, :-1]], axis=1)
    logits, forced = numpy_model.forward(x, y_in)
    np.testing.assert_array_equal(logits.argmax(-1), ids)
    np.testing.assert_allclose(probs, att.softmax(logits))
    np.testing.assert_allclose(attn.cross, forced.cross)


# ----------------------------------------------------------------------------- the shipped model


@pytest.fixture(scope="module")
def shipped():
    return translator.shipped_model()


def test_shipped_model_exact_match_on_the_held_out_set(shipped):
    pairs = dates.load_test(assets.resolve(dates.TEST_FILE))
    assert len(pairs) == 2000
    assert tmodel.exact_match(shipped, pairs) >= 0.98


def test_shipped_model_is_small_and_says_how_it_was_made(shipped):
    path = assets.resolve(translator.MODEL_FILE)
    assert path.stat().st_size < 10 * 2**20
    _, meta = tmodel.load(path)
    assert meta["parameters"] == shipped.parameters and meta["test_exact_match"] >= 0.98
    entry = assets.load_manifest()[translator.MODEL_FILE]
    assert entry.command == "python -m core.train transformer_dates"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("saturday, 3rd of may 1979", "1979-05-03"), ("25/12/1999", "1999-12-25"),
     ("the 21st of october, 2015", "2015-10-21")],
)  # fmt: skip
def test_translate_returns_the_date_and_every_layers_and_heads_attention(shipped, text, iso):
    result = translator.translate(text, shipped)
    c = shipped.config
    assert result.output == iso and result.date is not None
    assert result.encoder.shape == (c.num_layers, c.num_heads, dates.TX, dates.TX)
    assert result.decoder.shape == (c.num_layers, c.num_heads, dates.TY, dates.TY)
    assert result.cross.shape == (c.num_layers, c.num_heads, dates.TY, dates.TX)
    n = len(result.encoded.text)
    np.testing.assert_allclose(result.cross.sum(-1), 1.0, atol=1e-9)
    assert (result.cross[..., n:] == 0).all() and (result.encoder[..., n:] == 0).all()
    assert result.decoder_inputs[0] == translator.START and 0 < result.confidence <= 1


def test_translate_at_the_longest_input_and_beyond(shipped):
    longest = translator.translate("wednesday, 21st of october 2015", shipped)
    assert longest.encoded.truncated and len(longest.encoded.text) == dates.TX
    np.testing.assert_allclose(longest.cross.sum(-1), 1.0, atol=1e-9)
    unknown = translator.translate("3 may 1979 ☃", shipped)
    assert unknown.encoded.unknown == ("☃",) and len(unknown.output) == dates.TY
    empty = translator.translate("", shipped)  # every key masked: no weight, still an output
    assert (empty.cross == 0).all() and len(empty.output) == dates.TY


# ----------------------------------------------------------------------------- charts


def test_attention_lines_draw_each_pair_once_with_its_weight_as_opacity():
    from dashboard.charts import transformer_charts as charts

    w = np.array([[0.95, 0.05, 0.0], [0.3, 0.3, 0.4]])

    def drawn(fig):
        """{(query, key): opacity}, read back through the y of each token's text."""
        q_text, k_text = (t for t in fig.data if t.mode == "text")
        q_at = {float(y): q for y, q in zip(q_text.y, q_text.text, strict=True)}
        k_at = {float(y): k for y, k in zip(k_text.y, k_text.text, strict=True)}
        out = {}
        for trace in (t for t in fig.data if t.mode == "lines"):
            opacity = float(trace.line.color.rsplit(",", 1)[1].rstrip(")"))
            for y_q, y_k in np.asarray(trace.y, dtype=float).reshape(-1, 3)[:, :2]:
                out[(q_at[y_q], k_at[y_k])] = opacity
        return out

    fig = charts.attention_lines(w, ["a", "b"], ["x", "y", "z"], "t")
    assert drawn(fig) == {("a", "x"): 1.0, ("a", "y"): 0.1, ("b", "x"): 0.3, ("b", "y"): 0.3,
                          ("b", "z"): 0.4}  # fmt: skip
    focused = charts.attention_lines(w, ["a", "b"], ["x", "y", "z"], "t", focus=1)
    assert drawn(focused) == {("b", "x"): 0.3, ("b", "y"): 0.3, ("b", "z"): 0.4}


def test_head_grid_tiles_every_layer_and_head_in_place():
    from dashboard.charts import transformer_charts as charts

    w = RNG.uniform(size=(2, 3, 4, 5))
    fig = charts.head_grid(w, list("abcd"), list("vwxyz"), "t", chosen=(1, 2))
    z = np.asarray(fig.data[0].z, dtype=float)
    gap = 1
    for i in range(2):
        for j in range(3):
            r, c = i * (4 + gap), j * (5 + gap)
            np.testing.assert_array_equal(z[r : r + 4, c : c + 5], w[i, j])
    assert np.isnan(z).sum() == z.size - w.size  # the gutters hold nothing
    assert len(fig.layout.annotations) == 6 and fig.layout.shapes[0].x0 == 2 * 6 - 0.5
