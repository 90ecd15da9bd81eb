"""Seattle weather as the vega_datasets package ships it, and user CSVs, as plain series.

`seattle-temps`: hourly temperature for 2010; `seattle-weather`: daily max/min
temperature, precipitation and wind for 2012–2015. Both are read from the installed
package (no download); temperatures are converted to °C.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

DAILY_COLUMNS = {
    "temp_max": "max temperature (°C)",
    "temp_min": "min temperature (°C)",
    "precipitation": "precipitation (mm)",
    "wind": "wind (m/s)",
}


def hourly_temperature() -> pd.Series:
    """Hourly temperature in °C, 2010, indexed by time (8,759 values)."""
    from vega_datasets import local_data

    df = local_data.seattle_temps()
    celsius = (df["temp"].to_numpy(dtype=np.float64) - 32.0) * 5.0 / 9.0
    return pd.Series(celsius, index=pd.DatetimeIndex(df["date"]), name="temperature (°C)")


def daily(column: str = "temp_max") -> pd.Series:
    """One daily column of seattle-weather (2012–2015), indexed by date."""
    from vega_datasets import local_data

    if column not in DAILY_COLUMNS:
        raise ValueError(
            f"argument `column` expected one of {sorted(DAILY_COLUMNS)}, got {column!r}"
        )
    df = local_data.seattle_weather()
    return pd.Series(
        df[column].to_numpy(dtype=np.float64),
        index=pd.DatetimeIndex(df["date"]),
        name=DAILY_COLUMNS[column],
    )


def series_from_csv(data: bytes) -> tuple[pd.Series, list[str]]:
    """A series from a CSV with a date column and a numeric column; returns (series, notes).

    Missing values are filled by linear interpolation in time (and said so in the notes).

    Raises:
        ValueError: saying which columns are needed.
    """
    need = "a CSV with a header, one date column and one numeric column (e.g. date,value)"
    try:
        df = _read_table(data)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ValueError(
            f"Could not read the file as CSV ({type(err).__name__}): upload {need}."
        ) from err
    for c in df.columns:  # first: "10,0" would also pass for a date
        if not pd.api.types.is_numeric_dtype(df[c]):
            df[c] = _decimal_commas(df[c])
    dates = [c for c in df.columns if _is_dates(df[c])]
    numbers = [c for c in df.columns if c not in dates and pd.api.types.is_numeric_dtype(df[c])]
    if not dates or not numbers:
        found = f"Found columns {list(df.columns)[:8]}"
        if dates:
            found += f"; `{dates[0]}` holds dates but no column holds numbers"
        elif numbers:
            found += f"; `{numbers[0]}` holds numbers but no column holds dates"
        raise ValueError(f"{found}; needed {need}.")
    index = pd.to_datetime(df[dates[0]], errors="coerce", format="mixed")
    series = pd.Series(df[numbers[0]].to_numpy(dtype=np.float64), index=index, name=str(numbers[0]))
    series = series[series.index.notna()].sort_index()
    notes = [f"Using `{dates[0]}` as time and `{numbers[0]}` as the value."]
    missing = int(series.isna().sum())
    if missing == len(series):
        raise ValueError(f"`{numbers[0]}` has no numbers in it: upload {need}.")
    if missing:
        series = series.interpolate(method="time").bfill().ffill()
        notes.append(f"{missing} missing values were filled by linear interpolation.")
    return series, notes


def _read_table(data: bytes) -> pd.DataFrame:
    """Read CSV text, sniffing the delimiter (, ; tab) and falling back to commas."""
    try:
        return pd.read_csv(io.BytesIO(data), sep=None, engine="python")
    except csv.Error:
        return pd.read_csv(io.BytesIO(data))


def _decimal_commas(column: pd.Series) -> pd.Series:
    """Numbers written with a decimal comma ("0,2", as a `;` CSV does) as floats; else as is."""
    text = column.astype(str).str.strip().str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    return numbers if numbers.notna().mean() > 0.9 else column


def season(index: pd.DatetimeIndex) -> tuple[int, str] | None:
    """(period in steps, name) of the seasonal naive forecast of hourly or daily data, or None."""
    if len(index) < 3:
        return None
    step = pd.Series(index).diff().median()
    if step == pd.Timedelta(hours=1):
        return 24, "Same hour yesterday"
    if step == pd.Timedelta(days=1):
        return 365, "Same day last year"
    return None


def step_name(index: pd.DatetimeIndex) -> str:
    """ "hour", "day" or "step": what one row of the series is."""
    found = season(index)
    return {24: "hour", 365: "day"}.get(found[0], "step") if found else "step"


def daily_smoothness(series: pd.Series) -> tuple[float, float]:
    """(largest change of the daily mean from one day to the next, mean daily range), in units.

    Observed weather changes by several degrees from day to day; a climatological normal
    (an average over many years) by a fraction of a degree.
    """
    days = series.resample("D").agg(["mean", "min", "max"]).dropna()
    return float(days["mean"].diff().abs().max()), float((days["max"] - days["min"]).mean())


def _is_dates(column: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(column):
        return False
    parsed = pd.to_datetime(column, errors="coerce", format="mixed")
    return bool(parsed.notna().mean() > 0.9)
