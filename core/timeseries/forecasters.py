"""The shipped weather forecasters: hourly Seattle temperature, 48 h in, 1 h or 24 h out.

`train_all` fits every model of core.timeseries.models and the baselines on the same
time split and returns test-period metrics; `load_shipped` reads a shipped model
back. `write_forecasts` runs the shipped models once over the test period and
keeps their outputs in a small file, so that the weather page shows them without
importing TensorFlow (+640 MiB of server memory, more than half the hosting
budget); a test checks that file against the models.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from core import assets
from core.timeseries import models as ts
from core.timeseries.weather import hourly_temperature

WINDOW = 48
HORIZONS = (1, 24)
EPOCHS = 15
DAY = 24
FORECASTS_FILE = "weather_forecasts.npz"
FORECASTS_COMMAND = "python -m core.train weather_forecasts"


def prepare(values: np.ndarray, window: int = WINDOW, horizon: int = 24) -> ts.Prepared:
    """The hourly series prepared so that every training target has a day of history
    (the same-hour-yesterday baseline needs it)."""
    return ts.prepare(values, window, horizon, first_target=window + DAY)


def baseline_forecasts(prep: ts.Prepared, horizon: int) -> dict[str, np.ndarray]:
    """Scaled forecasts of the test windows by persistence and by same-hour-yesterday."""
    return {
        "persistence": ts.persistence(prep.test.X, horizon),
        "seasonal_naive": ts.seasonal_naive(prep.z, prep.test.target_start, horizon, DAY),
    }


def metrics(prep: ts.Prepared, forecast: np.ndarray) -> dict[str, float]:
    """MAE/RMSE in °C over the whole horizon and at its last step."""
    truth, pred = prep.scaler.inverse(prep.test.Y), prep.scaler.inverse(forecast)
    mae, rmse = ts.mae_rmse(truth, pred)
    mae_last, rmse_last = ts.mae_rmse(truth[:, -1], pred[:, -1])
    return {
        "mae": float(mae),
        "rmse": float(rmse),
        "mae_last": float(mae_last),
        "rmse_last": float(rmse_last),
    }


def model_path(folder: Path, name: str, horizon: int) -> Path:
    return folder / f"weather_{name}_h{horizon}.keras"


def train_all(folder: Path, seed: int = 0, on_step: Callable[[str], None] = print) -> dict:
    """Fit every model for every horizon, save them under `folder`; return the metrics table."""
    values = hourly_temperature().to_numpy()
    table: dict = {"window": WINDOW, "epochs": EPOCHS, "seed": seed, "horizons": {}}
    for horizon in HORIZONS:
        prep = prepare(values, WINDOW, horizon)
        rows = {name: metrics(prep, f) for name, f in baseline_forecasts(prep, horizon).items()}
        for name in ts.MODELS:
            model, history = ts.fit(
                name, prep.train, prep.valid, prep.z, WINDOW, horizon, EPOCHS, seed
            )
            model.save(model_path(folder, name, horizon))
            rows[name] = metrics(prep, ts.predict(model, name, prep.test.X))
            rows[name]["val_loss"] = history["val_loss"][-1]
            on_step(f"h={horizon} {name}: test MAE {rows[name]['mae']:.2f} °C")
        table["horizons"][str(horizon)] = rows
    return table


def load_shipped(name: str, horizon: int):
    """A shipped model from assets/, after its sha256 is checked against the manifest."""
    import keras

    path = assets.resolve(model_path(assets.ASSETS_DIR, name, horizon).name)
    return keras.models.load_model(path, compile=False)


def _forecast_key(name: str, horizon: int) -> str:
    return f"h{horizon}_{name}"


def write_forecasts(folder: Path) -> Path:
    """Run every model saved under `folder` over its test period; save the scaled forecasts
    (float32, as the models compute them) to `folder`/FORECASTS_FILE and return its path."""
    import keras

    values = hourly_temperature().to_numpy()
    arrays = {}
    for horizon in HORIZONS:
        X = prepare(values, WINDOW, horizon).test.X
        for name in ts.MODELS:
            model = keras.models.load_model(model_path(folder, name, horizon), compile=False)
            arrays[_forecast_key(name, horizon)] = ts.predict(model, name, X).astype(np.float32)
    path = folder / FORECASTS_FILE
    np.savez_compressed(path, **arrays)
    return path


def shipped_forecasts(horizon: int, n_windows: int) -> dict[str, np.ndarray]:
    """{model name: scaled test-period forecasts, shape (n_windows, horizon)} of the shipped
    models, read from FORECASTS_FILE after its sha256 is checked; no TensorFlow.

    Raises:
        AssetError: the file is missing, altered, or was made for another test period.
    """
    path = assets.resolve(FORECASTS_FILE)
    with np.load(path) as data:
        keys = {name: _forecast_key(name, horizon) for name in ts.MODELS}
        out = {name: data[key].astype(np.float64) for name, key in keys.items() if key in data}
    if len(out) < len(keys) or any(v.shape != (n_windows, horizon) for v in out.values()):
        raise assets.AssetError(
            f"`{FORECASTS_FILE}` does not hold {n_windows} forecasts {horizon} h ahead for "
            f"every model ({', '.join(ts.MODELS)}); rebuild it with `{FORECASTS_COMMAND}`."
        )
    return out


def save_table(table: dict, path: Path) -> None:
    path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
