"""Seattle weather as the vega_datasets package ships it, and user CSVs, as plain series.

`seattle-temps`: hourly temperature for 2010; `seattle-weather`: daily max/min
temperature, precipitation and wind for 2012–2015. Both are read from the installed
package (no download); temperatures are converted to °C.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

DAILY_COLUMNS = {
    "temp_max": "max temperature (°C)",
    "temp_min": "min temperature (°C)",
    "precipitation": "precipitation (mm)",
    "wind": "wind (m/s)",
}
NEED = "a CSV with a header, one date column and one numeric column (e.g. date,value)"
CHUNK_ROWS = 100_000
MAX_STEPS = 75_000  # 8½ years of hours; windows of 168 h over them: 100 MB


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


@dataclass(frozen=True)
class CsvTable:
    """The numeric columns of an uploaded CSV, indexed by its date column, oldest first.

    Steps shorter than an hour are averaged to hours (as TensorFlow's time-series tutorial
    subsamples the 10-minute Jena record), and only the last `MAX_STEPS` rows are kept: a
    student's windows of a longer series would cost hundreds of MB per session.
    """

    frame: pd.DataFrame  # (steps, numeric columns), float64, DatetimeIndex
    time_column: str
    notes: tuple[str, ...]


def table_from_csv(
    data: bytes | BinaryIO, on_progress: Callable[[float], None] | None = None
) -> CsvTable:
    """Read a CSV with a date column and numeric columns in chunks of `CHUNK_ROWS` rows.

    Args:
        data: the file's bytes, or a binary file object (read once, never whole in memory
            beyond what the caller holds).
        on_progress: called with the fraction of the file read after each chunk.

    Raises:
        ValueError: saying which columns are needed.
    """
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    size = max(stream.seek(0, io.SEEK_END), 1)
    stream.seek(0)
    head = stream.read(65_536)
    stream.seek(0)
    try:
        chunks = pd.read_csv(stream, sep=_delimiter(head), chunksize=CHUNK_ROWS)
        first = next(chunks)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ValueError(
            f"Could not read the file as CSV ({type(err).__name__}): upload {NEED}."
        ) from err
    time_column, numbers, date_format = _columns(first)
    parts = []
    for chunk in itertools.chain([first], chunks):
        parts.append(_numeric_rows(chunk, time_column, numbers, date_format))
        if on_progress is not None:
            on_progress(min(stream.tell() / size, 1.0))
    frame = pd.concat(parts).loc[lambda f: f.index.notna()].sort_index()
    notes = [f"Using `{time_column}` as time."]
    if len(frame) > 2 and frame.index.to_series().diff().median() < pd.Timedelta(hours=1):
        frame = frame.resample("h").mean().dropna(how="all")
        notes.append(f"Steps shorter than an hour were averaged to {len(frame):,} hours.")
    if len(frame) > MAX_STEPS:
        notes.append(f"The last {MAX_STEPS:,} of its {len(frame):,} steps are used.")
        frame = frame.iloc[-MAX_STEPS:]
    return CsvTable(frame, time_column, tuple(notes))


def column_series(table: CsvTable, column: str | None = None) -> tuple[pd.Series, list[str]]:
    """One numeric column of `table` (default the first) as a series without gaps; (series,
    notes). Missing values are filled by linear interpolation in time (and said so)."""
    column = table.frame.columns[0] if column is None else column
    series = table.frame[column].rename(str(column))
    notes = [*table.notes, f"`{column}` is the value."]
    missing = int(series.isna().sum())
    if missing == len(series):
        raise ValueError(f"`{column}` has no numbers in it: upload {NEED}.")
    if missing:
        series = series.interpolate(method="time").bfill().ffill()
        notes.append(f"{missing} missing values were filled by linear interpolation.")
    return series, notes


def series_from_csv(
    data: bytes | BinaryIO, on_progress: Callable[[float], None] | None = None
) -> tuple[pd.Series, list[str]]:
    """A series from a CSV with a date column and a numeric column (the first); (series, notes).

    Raises:
        ValueError: saying which columns are needed.
    """
    return column_series(table_from_csv(data, on_progress))


def _delimiter(head: bytes) -> str:
    """The delimiter (, ; tab) sniffed from the file's first bytes; a comma if unsure."""
    try:
        return csv.Sniffer().sniff(head.decode("utf-8", errors="ignore"), ",;\t").delimiter
    except csv.Error:
        return ","


def _columns(first: pd.DataFrame) -> tuple[str, list[str], str]:
    """(date column, numeric columns, date format or "mixed"), decided on the first rows."""
    df = first.head(2_000).copy()
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
        raise ValueError(f"{found}; needed {NEED}.")
    return dates[0], numbers, _date_format(df[dates[0]])


def _numeric_rows(
    chunk: pd.DataFrame, time_column: str, numbers: list[str], fmt: str
) -> pd.DataFrame:
    """The chunk's numeric columns as float64, indexed by its parsed dates (NaT if unreadable)."""
    index = pd.to_datetime(chunk[time_column].astype(str), errors="coerce", format=fmt)
    values = {
        c: chunk[c] if pd.api.types.is_numeric_dtype(chunk[c]) else _decimal_commas(chunk[c])
        for c in numbers
    }
    values = {c: pd.to_numeric(v, errors="coerce") for c, v in values.items()}
    return pd.DataFrame({c: v.to_numpy(dtype=np.float64) for c, v in values.items()}, index=index)


def _date_format(column: pd.Series) -> str:
    """One format for every date of the column, guessed from its first value (day-first if
    month-first fails, as 13.01.2009 does); "mixed" (slow, per value) when none fits."""
    text = column.dropna().astype(str)
    for dayfirst in (False, True):
        fmt = guess_datetime_format(text.iloc[0], dayfirst=dayfirst) if len(text) else None
        if fmt and pd.to_datetime(text, errors="coerce", format=fmt).notna().mean() > 0.99:
            return fmt
    return "mixed"


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
