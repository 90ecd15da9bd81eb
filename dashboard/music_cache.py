"""Cached entry points of the "Music generation" page (core.rnn.music), no TensorFlow."""

import numpy as np
import streamlit as st

from core.rnn import music


@st.cache_resource(show_spinner="Loading the music model…")
def model() -> music.MusicLM:
    """The shipped LSTM: one shared copy per process (never mutate it)."""
    return music.load()


@st.cache_resource(show_spinner=False)
def tunes() -> music.TuneSet:
    """The parsed tunes shipped with it (assets/music_events.npz)."""
    return music.load_tunes()


@st.cache_data(max_entries=64, show_spinner=False)
def improvise(tune_index: int, bars: int, n_steps: int, temperature: float, seed: int):
    """A Tune from the opening `bars` of held-out tune `tune_index` (−1: 8 random notes)."""
    data, lm = tunes(), model()
    if tune_index < 0:
        seed_events, meter = music.random_seed_events(lm.vocab, 8, seed), "6/8"
    else:
        meter = data.meters[tune_index]
        seed_events = music.opening(data.events[tune_index], meter, bars)
    return music.improvise(lm, seed_events, n_steps, temperature, seed, meter)


@st.cache_data(max_entries=16, show_spinner=False)
def audio(events: np.ndarray, tempo_qpm: float) -> tuple[bytes, bytes]:
    """(WAV, MIDI) bytes of `events`."""
    wav = music.wav_bytes(music.synthesize(events, tempo_qpm))
    return wav, music.midi_bytes(events, tempo_qpm)
