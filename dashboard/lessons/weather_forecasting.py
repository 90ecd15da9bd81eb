"""Weather forecasting: Seattle's hourly temperature (shipped models) or any series, live."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.timeseries import models as ts
from dashboard import cache, export, widgets
from dashboard.charts import ts_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, weather_live

st.title("Weather forecasting")
st.markdown(
    "Real baselines. A forecaster is only useful if it beats **persistence** "
    "(the next value = the last one) and the **seasonal naive** forecast (same hour yesterday). "
    "The last 15 % of the series is the test period every number below is measured on."
)
source = st.radio(
    "Data",
    [
        "Seattle hourly temperature, 2010 (shipped models)",
        "Seattle daily weather, 2012–2015",
        "Upload a CSV",
    ],
    key="wx_source",
)
if not source.startswith("Seattle hourly"):
    weather_live.show(source)
    st.stop()

c1, c2 = st.columns(2)
horizon = {"1 h ahead": 1, "24 h ahead": 24}[
    c1.radio("Forecast", ["1 h ahead", "24 h ahead"], horizontal=True, key="wx_horizon")
]
lead = c2.slider("Lead time shown (h)", 1, horizon, horizon, key="wx_lead") if horizon > 1 else 1
try:
    fc = cache.weather_forecasts(horizon)
except AssetError as err:
    st.error(str(err))
    st.stop()
times, truth = pd.DatetimeIndex(fc["times"]), fc["truth"]
live = weather_live.live_hourly(horizon)
forecasts_all = {**fc["forecasts"], **live}
names = list(forecasts_all)
label = {"persistence": "Persistence", "seasonal_naive": "Same hour yesterday", **ts.LABELS}
label |= {k: k for k in live}
rows = []
for name in names:
    mae, rmse = ts.mae_rmse(truth[:, lead - 1], forecasts_all[name][:, lead - 1])
    rows.append({"model": label[name], "MAE (°C)": mae, "RMSE (°C)": rmse})
if np.allclose(  # 24 h ahead both are the last hour seen (up to float rounding)
    forecasts_all["persistence"][:, lead - 1], forecasts_all["seasonal_naive"][:, lead - 1]
):
    rows = [r for r in rows if r["model"] != "Same hour yesterday"]
    st.info(
        "24 h ahead, *same hour yesterday* is the last hour observed: the two baselines are the "
        "same forecast, so one row stands for both. Pick a shorter lead time to see them differ."
    )
table = pd.DataFrame(rows).set_index("model").sort_values("MAE (°C)")
persist = table.loc["Persistence", "MAE (°C)"]
table["vs persistence"] = (table["MAE (°C)"] / persist - 1).map("{:+.0%}".format)
st.dataframe(
    table,
    column_config=widgets.decimals("MAE (°C)", "RMSE (°C)"),
    height=35 * (len(table) + 1) + 3,  # every row in view: the persistence reference included
    key="wx_table",
)
code_panel.show(ts.mae_rmse, truth[:, lead - 1], forecasts_all["persistence"][:, lead - 1])
st.caption(
    f"Test windows: {len(truth):,}, {times[0]:%d %b} – {times[-1]:%d %b %Y}; "
    f"{lead} h ahead. "
    "The shipped models' forecasts were computed once, when they were trained "
    "(`python -m core.train weather_forecasts`); TensorFlow loads only if you train one live."
)

jump, span = cache.weather_smoothness()
st.caption(
    f"What the hourly file is: vega_datasets' seattle-temps, labelled 2010. Its daily mean never "
    f"moves more than {jump:.2f} °C from one day to the next (real weather moves by several "
    f"degrees) and every day has the same smooth shape ({span:.1f} °C from night to afternoon "
    "on average): it looks like hourly climate *normals* (an average over many years), not one "
    "year's observations. So same hour yesterday is a very strong baseline here; the daily "
    "Seattle data and your own uploads are observations."
)

shown = st.multiselect(
    "Models on the chart",
    [label[n] for n in names],
    default=["Persistence", table.index[0]],
    key="wx_models",
)
start, stop = st.slider(
    "Dates shown",
    times[0].to_pydatetime(),
    times[-1].to_pydatetime(),
    (times[0].to_pydatetime(), times[min(7 * 24, len(times) - 1)].to_pydatetime()),
    format="DD MMM HH:mm",
    key="wx_range",
)
view = (times >= pd.Timestamp(start)) & (times <= pd.Timestamp(stop))
if view.sum() < 2:
    st.warning("Pick a wider date range: at least two hours are needed to draw a line.")
else:
    by_label = {label[n]: n for n in names}
    forecasts = {s: forecasts_all[by_label[s]][view, lead - 1] for s in shown}
    band = {s: float(table.loc[s, "RMSE (°C)"]) for s in shown}
    export.plotly(
        st,
        ts_charts.forecast_overlay(
            times[view],
            truth[view, lead - 1],
            forecasts,
            band,
            f"{lead} h ahead forecasts over the truth; bands = ± test RMSE",
        ),
        key="wx_overlay",
    )

months = fc["months"]
per_month = {
    label[n]: [
        float(np.abs(forecasts_all[n][months == m, lead - 1] - truth[months == m, lead - 1]).mean())
        for m in dict.fromkeys(months)
    ]
    for n in names
    if label[n] in shown
}
export.plotly(
    st,
    ts_charts.grouped_bars(
        list(dict.fromkeys(months)), per_month, "MAE per month of the test period", "MAE (°C)"
    ),
    key="wx_months",
)

checks.show("weather-forecasting")
