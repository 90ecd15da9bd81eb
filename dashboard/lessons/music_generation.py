"""Music generation: an LSTM improvises Irish folk tunes, one note event at a time."""

import numpy as np
import streamlit as st

from core.assets import AssetError
from core.rnn import music
from dashboard import export, music_cache
from dashboard.charts import music_charts, rnn_diagrams
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, music_training
from dashboard.registry import lesson_named

st.title("Music generation")
st.markdown(
    "The course's *Improvise a jazz solo with an LSTM*, on real Irish folk tunes (O'Neill's "
    "1850 and Ryan's Mammoth Collection, from music21's corpus). Each step is one **note "
    "event** — a pitch (or rest) and a duration, in a common key — and the LSTM predicts the "
    "next one; improvising feeds each drawn event back in."
)
try:
    lm, data = music_cache.model(), music_cache.tunes()
except (AssetError, ImportError, OSError, ValueError, KeyError) as err:
    st.error(f"The music model could not be loaded: {err}")
    st.stop()
if data.skipped:
    st.caption(f"Parsing the corpus: {data.note}.")
held_out = data.split(True)

# ----------------------------------------------------------------------------- controls
st.header("Improvise")
c1, c2 = st.columns(2)
source = c1.radio("Seed", ["Opening of a held-out tune", "Random notes"], key="music_source")
choice = c2.selectbox(
    "Held-out tune (not seen in training)",
    held_out,
    format_func=lambda i: f"{data.titles[i]} ({data.meters[i]}, {data.keys[i]})",
    key="music_tune",
    disabled=source != "Opening of a held-out tune",
)
s1, s2, s3, s4 = st.columns(4)
bars = s1.slider("Seed bars", 1, 4, 2, key="music_bars")
temperature = s2.slider("Temperature T", 0.0, 2.0, 1.0, 0.05, key="music_temperature")
length = int(s3.number_input("Events to improvise", 0, 100_000, 64, key="music_length"))
seed = int(s4.number_input("Random seed", 0, 1_000_000, 0, key="music_seed"))
tempo = st.slider("Tempo (quarter notes a minute)", 60, 200, 120, key="music_tempo")
if length > music.MAX_STEPS:
    st.warning(f"{length:,} events is more than this page draws: capped at {music.MAX_STEPS}.")
    length = music.MAX_STEPS
if temperature == 0:
    st.caption("T = 0 is greedy: the most likely event every step, whatever the seed.")


def _next_draw() -> None:
    st.session_state["music_seed"] = (st.session_state.get("music_seed", 0) + 1) % 1_000_001


st.button("Improvise again (next seed)", on_click=_next_draw, key="music_again")
index = -1 if source == "Random notes" or choice is None else int(choice)
tune = music_cache.improvise(index, bars, length, temperature, seed)
if length == 0:
    st.info("0 events to improvise: only the seed is shown and played.")
if not len(tune.events):
    st.info("Nothing to show: the seed is empty. Pick another tune or more events.")
    st.stop()

# ----------------------------------------------------------------------------- figures
drawn = tune.probs[tune.n_seed :]
export.plotly(
    st, music_charts.piano_roll(tune.events, tune.probs, tune.n_seed, music.TICKS), key="music_roll"
)
code_panel.show(
    music.improvise, lm, tune.events[: tune.n_seed], length, temperature, seed, tune.meter
)
m1, m2, m3 = st.columns(3)
m1.metric("Seed events (grey)", tune.n_seed)
m2.metric("Improvised events", len(drawn))
m3.metric("Mean P drawn", f"{np.mean(drawn):.2f}" if len(drawn) else "–")
wav, midi = music_cache.audio(tune.events, float(tempo))
opening = "the real opening" if index >= 0 else "the random seed"
then = ", then the model's continuation" if len(drawn) else " (nothing improvised)"
st.markdown(f"**Listen**: {opening}{then}.")
st.audio(wav, format="audio/wav")
d1, d2 = st.columns(2)
# Deferred (built on click): a 512-event WAV is ~7 MB, which the player above already holds.
d1.download_button(
    "Download MIDI", lambda: midi, "improvised.mid", "audio/midi", key="music_midi",
    on_click="ignore",
)  # fmt: skip
d2.download_button(
    "Download WAV", lambda: wav, "improvised.wav", "audio/wav", key="music_wav",
    on_click="ignore",
)  # fmt: skip
if index >= 0 and len(drawn):  # with nothing improvised it would replay the opening
    real = data.events[index][: len(tune.events)]
    st.markdown("**The real tune** over the same number of events, for comparison:")
    st.audio(music_cache.audio(real, float(tempo))[0], format="audio/wav")
with st.expander("ABC notation of the result"):
    title = "Improvised" if index < 0 else f"After {data.titles[index]}"
    st.code(music.abc_text(tune.events, tune.meter, title), language=None)

# ----------------------------------------------------------------------------- live training
music_training.show(
    data, lm.meta.get("quality", {}).get("xent"), tune.events[: tune.n_seed], tune.meter, length
)

# ----------------------------------------------------------------------------- explanation
st.header("One-to-many: the same cell fed its own output")
export.plotly(
    st,
    rnn_diagrams.mini_chain(
        ("0⃗", "ŷ⟨1⟩", "ŷ⟨2⟩", "ŷ⟨3⟩"), ("ŷ⟨1⟩", "ŷ⟨2⟩", "ŷ⟨3⟩", "ŷ⟨4⟩"), "one-to-many"
    ),
    key="music_diagram",
    data=False,
)
st.page_link(
    str(lesson_named("RNN unrolled").file), label="Types of RNN, in “RNN unrolled”", icon="↩"
)
q = lm.meta.get("quality", {})
if q:
    st.markdown(
        f"On {q['valid_tunes']} held-out tunes the LSTM predicts the next event with "
        f"**{q['accuracy']:.0%}** top-1 accuracy and **{q['xent']:.2f} nats/event** "
        f"(perplexity {q['perplexity']:.1f}); a bigram model of events gets "
        f"{q['bigram_accuracy']:.0%} and {q['bigram_xent']:.2f} nats, a unigram "
        f"{q['unigram_xent']:.2f}. Low T repeats the likeliest phrases (green notes); high T "
        "wanders (red notes: drawn with low probability)."
    )

checks.show("music-generation")
