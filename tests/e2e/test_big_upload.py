"""A real-sized upload in Chromium: eight years of 10-minute weather (Jena-like, ~41 MB) on
the weather page, past the 1 MB cap of text uploads, read in chunks and averaged to hours."""

import numpy as np
import pandas as pd
import pytest

from tests.e2e.browser import wait_ready

pytestmark = pytest.mark.e2e


def jena_like_csv(path, rows: int = 420_480) -> int:
    """Eight years of 10-minute rows with 14 numeric columns, as the Jena record has; the
    number of clock hours they fall in."""
    times = pd.date_range("2009-01-01 00:10", periods=rows, freq="10min")
    rng = np.random.default_rng(0)
    hours = np.arange(rows) / 6
    columns = {"Date Time": times.strftime("%d.%m.%Y %H:%M:%S")}
    columns["T (degC)"] = (
        9 + 10 * np.sin(2 * np.pi * hours / 8766) + rng.normal(0, 1, rows)
    ).round(2)
    for i in range(13):
        columns[f"x{i} (unit)"] = rng.normal(10, 3, rows).round(2)
    pd.DataFrame(columns).to_csv(path, index=False)
    assert path.stat().st_size > 35e6
    return times.floor("h").nunique()


def test_a_multi_year_weather_csv_uploads_and_is_read_to_hours(page, app_url, tmp_path):
    csv = tmp_path / "jena_climate_2009_2016.csv"
    hours = jena_like_csv(csv)
    page.goto(f"{app_url}/weather-forecasting")
    wait_ready(page, "Weather forecasting")
    page.get_by_test_id("stRadio").filter(has_text="Data").get_by_text("Upload a CSV").click()
    wait_ready(page)
    uploader = page.get_by_test_id("stFileUploader").first
    uploader.locator("input[type=file]").set_input_files(str(csv), timeout=120_000)
    page.get_by_text("Using jena_climate_2009_2016.csv").wait_for(timeout=180_000)
    wait_ready(page)
    assert page.get_by_text(f"averaged to {hours:,} hours").count() == 1
    assert page.get_by_text("T (degC) is the value.").count() == 1  # temperature is guessed
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("Persistence").count() >= 1  # the forecasts table is drawn
