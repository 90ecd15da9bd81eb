"""Time series (the course's "Sequence models for time series"): windows, models, weather.

What it teaches: forecasting a series from a window of its past with linear, DNN, CNN and
RNN models against naive baselines, on sine waves and real hourly weather; and how a batch
holds sequences of different lengths (padding, truncation, masks, buckets).

- `models`: splits, scaling, the Keras forecasters, baselines and metrics.
- `weather`: Seattle weather from `vega_datasets` and a student's own CSV, as plain series.
- `forecasters`: the shipped weather forecasters (`python -m core.train timeseries`).
- `variable_length`: padding, truncation, masks and bucketing.

Pages: Time series: sine waves, Weather forecasting, The variable-length problem.
Windowing itself (`make_windows`) is shared and lives in `core.sequences`.
"""
