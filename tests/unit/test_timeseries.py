"""core.timeseries: models, weather and variable_length: splits, baselines, CSVs, padding."""

import numpy as np
import pytest

from core.timeseries import models as ts
from core.timeseries import variable_length as vl
from core.timeseries import weather


def test_split_is_by_time_and_scaler_uses_train_only():
    split = ts.split_by_time(100)
    assert (split.train, split.valid) == (70, 85)
    values = np.r_[np.zeros(70) + np.arange(70) % 2, np.full(30, 100.0)]
    scaler = ts.Scaler.fit(values[: split.train])
    assert scaler.mean == pytest.approx(0.5) and scaler.std == pytest.approx(0.5)
    np.testing.assert_allclose(scaler.inverse(scaler(values)), values)


def test_constant_series_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="constant"):
        ts.Scaler.fit(np.ones(50))


def test_windows_keep_targets_inside_their_part():
    z = np.arange(40, dtype=float)
    ds = ts.windows(z, window=5, horizon=3, start=20, stop=30)
    assert ds.target_start.min() == 20 and (ds.target_start + 3).max() == 30
    np.testing.assert_array_equal(ds.X[0], np.arange(15, 20))
    np.testing.assert_array_equal(ds.Y[0], [20, 21, 22])
    with pytest.raises(ValueError, match="do not fit"):
        ts.windows(z, window=30, horizon=20, start=30, stop=40)


def test_baselines_worked_by_hand():
    z = np.arange(60, dtype=float)
    ds = ts.windows(z, 4, 2, 40, 60)
    np.testing.assert_array_equal(ts.persistence(ds.X, 2)[0], [39, 39])
    np.testing.assert_array_equal(ts.seasonal_naive(z, ds.target_start, 2, 24)[0], [16, 17])
    mae, rmse = ts.mae_rmse([0, 0], [3, -4])
    assert (mae, rmse) == (3.5, pytest.approx(np.sqrt(12.5)))


def test_every_step_targets_follow_each_input_step():
    z = np.arange(30, dtype=float)
    ds = ts.windows(z, 4, 2, 10, 30)
    targets = ts.every_step_targets(z, ds, 4, 2)
    np.testing.assert_array_equal(ds.X[0], [6, 7, 8, 9])
    np.testing.assert_array_equal(targets[0], [[7, 8], [8, 9], [9, 10], [10, 11]])
    np.testing.assert_array_equal(targets[:, -1], ds.Y)


def test_linear_lstsq_recovers_an_exact_linear_rule():
    z = np.sin(0.3 * np.arange(300) + 1.0)  # obeys z⟨t⟩ = 2cos(0.3) z⟨t−1⟩ − z⟨t−2⟩ exactly
    train, valid = ts.windows(z, 3, 1, 3, 200), ts.windows(z, 3, 1, 200, 300)
    _, rmse = ts.linear_lstsq(train, valid)
    assert rmse < 1e-6


@pytest.mark.parametrize("name", ts.MODELS)
def test_every_model_builds_starts_as_persistence_and_trains(name):
    pytest.importorskip("keras")
    z = np.sin(np.arange(200) / 5.0)
    train, valid = ts.windows(z, 12, 3, 12, 150), ts.windows(z, 12, 3, 150, 200)
    model = ts.build(name, 12, 3)
    np.testing.assert_allclose(
        ts.predict(model, name, valid.X), ts.persistence(valid.X, 3), atol=1e-6
    )
    model, history = ts.fit(name, train, valid, z, 12, 3, epochs=2)
    assert len(history["val_last_step"]) == len(history["loss"]) >= 1
    assert ts.predict(model, name, valid.X).shape == valid.Y.shape


def test_hourly_and_daily_weather_come_from_the_package():
    hourly = weather.hourly_temperature()
    assert len(hourly) > 8000 and hourly.index.is_monotonic_increasing
    assert -15 < hourly.min() < hourly.max() < 40  # °C
    daily = weather.daily("precipitation")
    assert len(daily) == 1461 and (daily >= 0).all()
    with pytest.raises(ValueError, match="`column`"):
        weather.daily("humidity")


def test_csv_with_dates_gaps_and_wrong_columns():
    good = b"when,level\n2024-01-01,1.0\n2024-01-02,\n2024-01-03,3.0\n"
    series, notes = weather.series_from_csv(good)
    np.testing.assert_allclose(series.to_numpy(), [1.0, 2.0, 3.0])
    assert any("1 missing" in n for n in notes)
    semicolons = weather.series_from_csv(b"day;t\n03/01/2024;1\n03/02/2024;2\n03/03/2024;4\n")[0]
    assert semicolons.tolist() == [1.0, 2.0, 4.0] and semicolons.index[0].month == 3
    with pytest.raises(ValueError, match="one date column and one numeric column"):
        weather.series_from_csv(b"a,b\n1,2\n3,4\n")
    with pytest.raises(ValueError, match="Could not read"):
        weather.series_from_csv(b"")
    with pytest.raises(ValueError, match="no numbers"):
        weather.series_from_csv(b"date,v\n2024-01-01,\n2024-01-02,\n")


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 3, 6])
def test_pad_matches_keras_pad_sequences(padding, truncating, maxlen):
    keras = pytest.importorskip("keras")
    seqs = [[1.0, 2.0], [3.0, 4.0, 5.0, 6.0, 7.0], [8.0], [9.0, 1.5, 2.5]]
    ref = keras.utils.pad_sequences(
        seqs, maxlen=maxlen, padding=padding, truncating=truncating, dtype="float64"
    )
    ours = vl.pad(seqs, maxlen, padding, truncating)
    np.testing.assert_array_equal(ours.values, ref)
    assert ours.mask.sum() == sum(min(len(s), ref.shape[1]) for s in seqs)


def test_padding_fraction_and_buckets():
    assert vl.padding_fraction([2, 4]) == pytest.approx(0.25)
    lengths = [1, 10, 1, 10]
    assert vl.padding_fraction(lengths) == pytest.approx(18 / 40)
    assert vl.padding_fraction(lengths, 2) == 0.0
