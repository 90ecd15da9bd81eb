"""Cached entry points into core: the only place caching decorators live.

`st.cache_data` for derived arrays (copied per session), `st.cache_resource`
for models (one shared copy per process: never mutate what it returns).
"""

import streamlit as st

from core import sequences


@st.cache_data(max_entries=128, show_spinner=False)
def encode_text(text: str, level: str, vocab_size: int, max_steps: int, lowercase: bool):
    return sequences.encode_text(text, level, vocab_size, max_steps, lowercase)


@st.cache_data(max_entries=128, show_spinner=False)
def sine_windows(
    length: int, period: float, noise: float, seed: int, window: int, horizon: int, stride: int
):
    series = sequences.sine_wave(length, period, noise=noise, seed=seed)
    return series, sequences.make_windows(series, window, horizon, stride)
