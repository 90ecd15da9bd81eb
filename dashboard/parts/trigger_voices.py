"""The trigger-word lesson's voices: whose clips a synthesised example is made of, and a
gallery to hear one voice of each family (the recorded speakers' too), from the shipped clips."""

from __future__ import annotations

import streamlit as st

from core.trigger import audio, synth, training
from dashboard import state

# the synthesised clip's voices: (synthesisers whose held-out voices speak, or () for the
# training voices; who they are)
VOICES = {
    "training voices": ((), "voices the model was trained on"),
    "held-out voices": (
        ("espeak-ng", "flite"),
        "held-out voices, never in training: espeak-ng's f5, m7 and steph variants (steph2 and "
        "steph3 too) and flite's rms, who says the /v/ of “activate” as a /b/ (the model hears "
        "most of them, not all; step 5 teaches it a new voice)",
    ),
    "recorded speakers (held out)": (
        ("mbrola", "pico"),
        "recorded speakers the shipped model never heard: MBROLA's us2 (a US man) and Pico's "
        "en-GB (a British woman)",
    ),
    "festival (never heard)": (
        ("festival",),
        "festival, a third synthesiser the model never heard (one of its three speakers, ked, "
        "is in neither training synthesiser)",
    ),
}


# (synthesiser, voice, what the student hears): one voice of each family, every recorded one
GALLERY = (
    ("espeak-ng", "en-us", "espeak-ng, US accent: formant synthesis, no recording behind it"),
    ("espeak-ng", "en-gb-x-rp", "espeak-ng, British received pronunciation"),
    ("flite", "slt", "flite's slt: units cut from one speaker's recordings (CMU ARCTIC)"),
    ("flite", "rms", "flite's rms (held out): says the /v/ of “activate” as a stop"),
    ("festival", "ked_diphone", "festival's ked (never heard in training): LPC diphones"),
    ("mbrola", "mb-us1", "MBROLA us1: diphones recorded from a US woman"),
    ("mbrola", "mb-us2", "MBROLA us2: diphones recorded from a US man"),
    ("mbrola", "mb-us3", "MBROLA us3: diphones recorded from another US man"),
    ("mbrola", "mb-en1", "MBROLA en1: diphones recorded from a British man"),
    ("pico", "en-US", "SVOX Pico en-US: recorded from a US woman"),
    ("pico", "en-GB", "SVOX Pico en-GB: recorded from a British woman"),
)


@state.fragment
def voice_gallery() -> None:
    """Hear one voice of each family say the trigger and read a sentence (shipped clips); a
    fragment: picking a voice reruns the gallery alone."""
    rows = training.clip_index()
    labels = [label for _, _, label in GALLERY]
    pick = st.selectbox("Hear a voice", labels, key="trig_gallery",
                        help="Each clip is one of the shipped training or test clips.")  # fmt: skip
    synth_name, voice, _ = GALLERY[labels.index(pick)]
    mine = [r for r in rows if (r["synth"], r["voice"]) == (synth_name, voice)]
    word = next((r for r in mine if r["word"] == "activate" and r["speed"] == "1.0"),
                next((r for r in mine if r["word"] == "activate"), None))  # fmt: skip
    said = next((r for r in mine if training.is_sentence(r)), None)
    left, right = st.columns(2)
    for column, row, what in ((left, word, "“activate”"), (right, said, "a sentence")):
        if row is None:
            column.caption(f"No clip of {what} in this voice.")
            continue
        text = row["word"] if training.is_sentence(row) else what
        column.audio(audio.to_wav_bytes(training.read_clip(row)), format="audio/wav")
        column.caption(f"{text} (speed ×{float(row['speed']):g}, pitch ×{float(row['pitch']):g})")
    trained = any(r["split"] == "train" for r in mine if r["word"] == "activate")
    st.caption(
        ("The shipped model trained on this voice. " if trained else "The shipped model never "
         "heard this voice: it is one of the held-out voices it is scored on. ")
        + "MBROLA's four and Pico's two voices are made from real speakers' recordings (Debian's "
        "non-free component); every voice also reads ordinary sentences, so that the model "
        "learns that speech without “activate” in it is not the trigger."
    )  # fmt: skip


def clip_truth(example: synth.Example, who: str) -> None:
    """Where the clip's triggers really end, to hold the detections below against."""
    ends = ", ".join(f"{end / audio.RATE:.2f} s" for _, end in sorted(example.positives))
    st.caption(
        f"Spoken by {who}. “activate” ends at {ends}; a detection counts if it fires within "
        "1 s after."
    )
