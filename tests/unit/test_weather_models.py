"""The shipped weather forecasters, checked by inference on the held-out test period."""

import numpy as np
import pytest

from core import assets
from core.timeseries import forecasters as fw
from core.timeseries import models as ts
from core.timeseries.weather import hourly_temperature

pytest.importorskip("keras")


@pytest.fixture(scope="module")
def test_period():
    return {h: fw.prepare(hourly_temperature().to_numpy(), fw.WINDOW, h) for h in fw.HORIZONS}


@pytest.fixture(scope="module")
def model_outputs(test_period):
    """{horizon: {name: scaled forecasts}} from the shipped Keras models themselves."""
    return {
        h: {name: ts.predict(fw.load_shipped(name, h), name, prep.test.X) for name in ts.MODELS}
        for h, prep in test_period.items()
    }


@pytest.fixture(scope="module")
def scores(test_period, model_outputs):
    """{horizon: {model or baseline: metrics}} on the test period."""
    out = {}
    for h, prep in test_period.items():
        forecasts = fw.baseline_forecasts(prep, h) | model_outputs[h]
        out[h] = {k: fw.metrics(prep, v) for k, v in forecasts.items()}
    return out


def test_page_forecasts_are_the_shipped_models_outputs(test_period, model_outputs):
    # The weather page reads these instead of running the models (no TensorFlow there).
    for h, prep in test_period.items():
        shipped = fw.shipped_forecasts(h, len(prep.test.Y))
        assert set(shipped) == set(ts.MODELS)
        for name in ts.MODELS:
            np.testing.assert_allclose(
                shipped[name], model_outputs[h][name], rtol=0, atol=1e-4, err_msg=f"{name} {h} h"
            )


def test_forecasts_for_another_test_period_are_refused(test_period):
    n = len(test_period[24].test.Y)
    with pytest.raises(assets.AssetError, match=r"core\.train weather_forecasts"):
        fw.shipped_forecasts(24, n + 1)


def test_best_model_beats_persistence_by_ten_percent_at_24_hours(scores):
    scores = dict(scores[24])
    persistence = scores.pop("persistence")["mae_last"]
    scores.pop("seasonal_naive")
    best = min(scores, key=lambda k: scores[k]["mae_last"])
    assert scores[best]["mae_last"] <= 0.9 * persistence, (best, scores[best], persistence)


def test_every_next_hour_model_is_sane(scores):
    scores = scores[1]
    for name in ts.MODELS:
        assert scores[name]["mae"] < 3 * scores["persistence"]["mae"], name
    best = min(ts.MODELS, key=lambda k: scores[k]["mae"])
    assert scores[best]["mae"] < scores["persistence"]["mae"]


def test_metrics_table_matches_the_models(scores):
    import json

    table = json.loads(assets.resolve("weather_metrics.json").read_text())
    scores = scores[24]
    for name in ts.MODELS:
        recorded = table["horizons"]["24"][name]["mae"]
        assert scores[name]["mae"] == pytest.approx(recorded, rel=1e-4), name
    assert np.isfinite([s["rmse"] for s in scores.values()]).all()


def test_semicolon_csv_with_decimal_commas_is_read():
    from core.timeseries.weather import series_from_csv

    series, _ = series_from_csv(
        b"date;temperature_c\n2021-01-01 00:00;0,2\n2021-01-01 01:00;-1,5\n"
    )
    assert series.tolist() == [0.2, -1.5]


def test_a_csv_without_numbers_says_which_column_is_missing():
    from core.timeseries.weather import series_from_csv

    with pytest.raises(ValueError, match="holds dates but no column holds numbers"):
        series_from_csv(b"date,name\n2021-01-01,a\n2021-01-02,b\n2021-01-03,c\n")


def test_season_is_found_from_the_spacing_of_the_dates():
    import pandas as pd

    from core.timeseries.weather import season

    assert season(pd.date_range("2021", periods=50, freq="h")) == (24, "Same hour yesterday")
    assert season(pd.date_range("2021", periods=50, freq="D"))[0] == 365
    assert season(pd.date_range("2021", periods=50, freq="W")) is None


def test_the_hourly_file_is_smooth_like_normals_and_the_daily_file_is_not():
    from core.timeseries.weather import daily, daily_smoothness

    jump_hourly, _ = daily_smoothness(hourly_temperature())
    jump_daily, _ = daily_smoothness(daily("temp_max"))
    assert jump_hourly < 0.5 < 5 < jump_daily, (jump_hourly, jump_daily)


def test_decimal_commas_are_not_mistaken_for_dates():
    from core.timeseries.weather import series_from_csv

    rows = "\n".join(f"2021-01-01 {h:02d}:00;{10 + h / 3:.1f}".replace(".", ",") for h in range(24))
    series, _ = series_from_csv(f"date;temperature_c\n{rows}\n".encode())
    assert len(series) == 24 and series.iloc[3] == 11.0
