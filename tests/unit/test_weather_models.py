"""The shipped weather forecasters, checked by inference on the held-out test period."""

import numpy as np
import pytest

from core import assets
from core import forecast_weather as fw
from core import timeseries as ts
from core.weather import hourly_temperature

pytest.importorskip("keras")


@pytest.fixture(scope="module")
def test_period():
    return {h: fw.prepare(hourly_temperature().to_numpy(), fw.WINDOW, h) for h in fw.HORIZONS}


def _forecasts(prep, horizon):
    out = fw.baseline_forecasts(prep, horizon)
    for name in ts.MODELS:
        out[name] = ts.predict(fw.load_shipped(name, horizon), name, prep.test.X)
    return {k: fw.metrics(prep, v) for k, v in out.items()}


def test_best_model_beats_persistence_by_ten_percent_at_24_hours(test_period):
    scores = _forecasts(test_period[24], 24)
    persistence = scores.pop("persistence")["mae_last"]
    scores.pop("seasonal_naive")
    best = min(scores, key=lambda k: scores[k]["mae_last"])
    assert scores[best]["mae_last"] <= 0.9 * persistence, (best, scores[best], persistence)


def test_every_next_hour_model_is_sane(test_period):
    scores = _forecasts(test_period[1], 1)
    for name in ts.MODELS:
        assert scores[name]["mae"] < 3 * scores["persistence"]["mae"], name
    best = min(ts.MODELS, key=lambda k: scores[k]["mae"])
    assert scores[best]["mae"] < scores["persistence"]["mae"]


def test_metrics_table_matches_the_models(test_period):
    import json

    table = json.loads(assets.resolve("weather_metrics.json").read_text())
    scores = _forecasts(test_period[24], 24)
    for name in ts.MODELS:
        recorded = table["horizons"]["24"][name]["mae"]
        assert scores[name]["mae"] == pytest.approx(recorded, rel=1e-4), name
    assert np.isfinite([s["rmse"] for s in scores.values()]).all()
