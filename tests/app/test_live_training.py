"""The lessons' train buttons, clicked in AppTest with the smallest settings the widgets allow."""

import numpy as np
import pytest

from dashboard.registry import lesson_named
from tests.app.harness import assert_clean, finish_training, messages, open_page

pytest.importorskip("keras")


def test_sine_page_trains_and_reports_the_model():
    at = open_page(lesson_named("Time series: sine waves"))
    at.slider(key="sin_length").set_value(300)
    at.slider(key="sin_epochs").set_value(2)
    at.multiselect(key="sin_models").set_value(["Linear"])
    at.run()
    at.button(key="sin_train").click()
    at.run()
    finish_training(at)
    assert_clean(at, "sine training")
    assert any(s.value.startswith("Done: Linear") for s in at.success)
    table = at.dataframe[0].value
    assert list(table.index) == ["persistence", "Linear"]
    assert np.isfinite(table.loc["Linear", "RMSE"])


def test_weather_csv_upload_trains_a_model():
    at = open_page(lesson_named("Weather forecasting"))
    at.radio(key="wx_source").set_value("Upload a CSV")
    at.run()
    days = np.arange(400)
    rows = "\n".join(
        f"2020-01-01,{v:.3f}".replace("2020-01-01", str(np.datetime64("2020-01-01") + d))
        for d, v in zip(days, np.sin(days / 9.0) * 10, strict=True)
    )
    at.file_uploader(key="wx_upload").set_value(
        ("levels.csv", f"date,level\n{rows}".encode(), "text/csv")
    )
    at.run()
    assert_clean(at, "csv upload")
    at.selectbox(key="wx_any_model").set_value("Linear")
    at.slider(key="wx_any_epochs").set_value(1)
    at.run()
    at.button(key="wx_any_train").click()
    at.run()
    finish_training(at)
    assert_clean(at, "csv training")
    assert "Linear" in list(at.dataframe[0].value.index)


def test_weather_hourly_live_model_joins_the_shipped_ones():
    # The shipped forecasts come from a file; a model trained here joins them in one table.
    at = open_page(lesson_named("Weather forecasting"))
    shipped = list(at.dataframe[0].value.index)
    at.selectbox(key="wx_live_model").set_value("Linear")
    at.select_slider(key="wx_live_window").set_value(12)
    at.slider(key="wx_live_epochs").set_value(1)
    at.run()
    at.button(key="wx_live_train").click()
    at.run()
    finish_training(at)
    assert_clean(at, "hourly live training")
    table = at.dataframe[0].value
    yours = [name for name in table.index if name.startswith("Yours: Linear, 12 h window")]
    assert len(yours) == 1 and set(shipped) < set(table.index)
    mae = table["MAE (°C)"]
    assert np.isfinite(mae[yours[0]]) and mae[yours[0]] < 3 * mae["Persistence"]


def test_weather_csv_with_wrong_columns_says_what_is_needed():
    at = open_page(lesson_named("Weather forecasting"))
    at.radio(key="wx_source").set_value("Upload a CSV")
    at.run()
    at.file_uploader(key="wx_upload").set_value(("x.csv", b"a,b\nfoo,bar\n", "text/csv"))
    at.run()
    assert_clean(at, "bad csv")
    assert any("date column" in m for m in messages(at))


def test_weather_csv_constant_series_is_explained():
    at = open_page(lesson_named("Weather forecasting"))
    at.radio(key="wx_source").set_value("Upload a CSV")
    at.run()
    rows = "\n".join(f"2021-03-{d:02d},5.0" for d in range(1, 29))
    at.file_uploader(key="wx_upload").set_value(("flat.csv", f"day,v\n{rows}".encode(), "text/csv"))
    at.run()
    assert_clean(at, "constant csv")
    assert any("constant" in m for m in messages(at))


def test_sine_page_compares_the_two_losses_from_their_curves():
    at = open_page(lesson_named("Time series: sine waves"))
    assert not any("learns faster per epoch" in m.value for m in at.markdown)  # false at defaults
    at.slider(key="sin_length").set_value(300)
    at.slider(key="sin_epochs").set_value(2)
    at.run()
    at.button(key="sin_seq2seq").click()
    at.run()
    finish_training(at)
    assert_clean(at, "both LSTMs")
    caption = next(c.value for c in at.caption if "has the lower validation MSE" in c.value)
    assert "of the 2 epochs both ran" in caption


def test_early_stopping_and_the_curve_comparison_are_read_off_the_histories():
    from dashboard.parts.live_training import compare_curves, stopping_note

    histories = {
        "A": {"val_loss": [0.5, 0.4, 0.41, 0.42, 0.43, 0.44], "m": [0.5, 0.4, 0.3]},
        "B": {"val_loss": [0.6] * 10, "m": [0.6, 0.2, 0.35]},
    }
    note = stopping_note(histories, 10)
    assert "A after epoch 6 of 10" in note and "B" not in note.split("of 10")[0].replace("A", "")
    assert stopping_note({"B": histories["B"]}, 10) == ""
    text = compare_curves("A", "B", histories, "m")
    assert "B has the lower validation MSE at 1 of the 3 epochs" in text
    assert "A 0.3000 (epoch 3), B 0.2000 (epoch 2), so B ends ahead" in text


def test_the_first_model_is_not_charged_for_tensorflows_import():
    import subprocess
    import sys
    from pathlib import Path

    script = """
import sys, time
from core.timeseries import models as ts
from dashboard.parts import live_training

def fit(*args, **kwargs):  # as ts.fit: imports Keras, then (here) trains nothing
    import keras  # noqa: F401
    return None, {"val_loss": [0.0]}

assert "keras" not in sys.modules
ts.fit = fit
seconds = live_training.train_models(["linear"], None, None, None, 2, 1, 1, 0)["linear"]["seconds"]
print(seconds)
"""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=root)  # fmt: skip
    assert float(out.stdout.strip().splitlines()[-1]) < 0.5  # the import (5–8 s) is not timed


def test_durations_read_as_measured():
    from dashboard.widgets import about

    assert [about(s) for s in (2.3, 9.8, 23, 61.2, 242)] == [
        "about 2 s", "about 10 s", "about 25 s", "about 1 min", "about 4 min"]  # fmt: skip
