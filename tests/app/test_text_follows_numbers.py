"""Issue 54 §2: the teaching text states what the page's own numbers show."""

import re

import pytest

from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, open_page


def _set(at, kind, key, value):
    getattr(at, kind)(key=key).set_value(value)
    at.run()
    assert_clean(at, f"{key} = {value!r}")


def _rnn_rate(at) -> tuple[float, str]:
    caption = next(c.value for c in at.caption if c.value.startswith("RNN: ×"))
    match = re.match(r"RNN: ×([\d.e+-]+) per step, so the gradient (\w+ \w+|\w+)", caption)
    return float(match.group(1)), match.group(2)


def test_gradients_can_explode_and_the_caption_says_which_way_they_go():
    at = open_page(lesson_named("Vanishing & exploding gradients"))
    rate, way = _rnn_rate(at)
    assert rate < 1 and way == "vanishes"  # defaults: ρ = 0.9, tanh
    _set(at, "selectbox", "grad_act", "linear")
    _set(at, "slider", "grad_radius", 2.0)
    rate, way = _rnn_rate(at)
    assert rate == pytest.approx(2.0, rel=0.05) and way == "explodes"  # g′ = 1: the factor is ρ
    jac = next(c.value for c in at.caption if c.value.startswith("Each step multiplies"))
    assert "> 1: it explodes" in jac
    _set(at, "selectbox", "grad_act", "tanh")
    _set(at, "slider", "grad_radius", 1.2)
    rate, way = _rnn_rate(at)
    jac = next(c.value for c in at.caption if c.value.startswith("Each step multiplies"))
    assert rate < 1 and way == "vanishes"  # tanh's mean g′ ≈ 0.5 undoes ρ = 1.2 ...
    assert "still vanishes" in jac  # ... and the caption says so instead of "above 1 explodes"


def test_noise_ratio_reads_as_a_dash_at_zero_noise():
    at = open_page(lesson_named("Time series: sine waves"))
    _set(at, "slider", "sin_noise", 0.0)
    cell = at.dataframe[0].value.loc["persistence", "RMSE / noise σ"]
    assert isinstance(cell, str) and cell.startswith("—")  # a NaN is drawn as "None"
    _set(at, "slider", "sin_noise", 0.1)
    assert float(at.dataframe[0].value.loc["persistence", "RMSE / noise σ"]) > 0
