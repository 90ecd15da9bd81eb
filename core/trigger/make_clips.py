"""Speak the trigger word, other words and ordinary sentences with five synthesisers.

Run `python -m core.train clips` (or `python -m core.trigger.make_clips`).

Debian's espeak-ng (formant synthesis: 8 English accents, every one of its 101 voice
variants) and flite (diphone/cluster units, 5 voices) say "activate" and at least 30
other words, near misses first ("activity", "captivate", …), at several speeds and pitches;
festival (LPC diphones of two speakers, one of whom neither other synthesiser has,
and an HTS vocoder voice) is a third way of making speech, kept for testing. Every
clip is trimmed of silence, resampled to 16 kHz mono 16-bit and written to
assets/trigger/clips/; clips.csv lists word, synthesiser, voice, speed, pitch and the
split. Some voices of espeak-ng and flite never reach training (split "heldout"): the
"held-out voices" of the quality targets; festival's voices are all held out.

Six speakers recorded from real people (Debian non-free: MBROLA's us1, us2, us3 and en1
diphones through espeak-ng, SVOX Pico's en-US and en-GB) say the same words at the same
speeds and pitches; each of `voices.SPEAKER_DRAWS` leaves some of them out of training
(the split column is the shipped draw's). Every voice also reads ordinary sentences
(`sentences`): training voices the training texts, every voice the test texts.

Words are stored as FLAC (lossless), sentences as Ogg Vorbis (they are long, and only
negatives): the shipped clips stay under 20 MB. The synthesisers are needed only here.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import assets
from core.trigger import audio, sentences
from core.trigger.voices import (
    ESPEAK_ACCENTS,
    ESPEAK_MORE_ACCENTS,
    ESPEAK_MORE_VARIANTS,
    ESPEAK_VARIANTS,
    FESTIVAL_VOICES,
    FLITE_VOICES,
    HELDOUT,
    MBROLA_VOICES,
    PICO_VOICES,
    PITCHES,
    SHARES_SPEAKER_WITH,
    SPEAKER_DRAWS,
    SPEAKER_SYNTHS,
    SPEAKERS,
    SPEEDS,
    SYNTHS,
    TRAIN_SYNTHS,
)

__all__ = ["SHARES_SPEAKER_WITH", "SPEAKERS", "SPEAKER_DRAWS", "SYNTHS", "TRAIN_SYNTHS"]

TRIGGER = "activate"
NEAR_MISSES = (
    "activity",
    "active",
    "captivate",
    "deactivate",
    "motivate",
    "activation",
    "cultivate",
    "activist",
    "actually",
    "elevate",
)
OTHERS = (
    "hello",
    "computer",
    "weather",
    "music",
    "tomorrow",
    "kitchen",
    "banana",
    "window",
    "seven",
    "yes",
    "stop",
    "play",
    "lights",
    "morning",
    "teacher",
    "student",
    "coffee",
    "garden",
    "picture",
    "table",
    "evening",
    "listen",
    "battery",
    "vacation",
)
NEGATIVES = NEAR_MISSES + OTHERS
CLIPS_DIR = assets.ASSETS_DIR / "trigger" / "clips"
INDEX = assets.ASSETS_DIR / "trigger" / "clips.csv"


def _split(synth: str, key: str) -> str:
    """A voice's split (espeak-ng's: its variant's): "heldout" if never trained on, or "train"."""
    return "heldout" if key in HELDOUT[synth] else "train"


@dataclass(frozen=True)
class Clip:
    word: str
    synth: str  # "espeak-ng", "flite" or "festival"
    voice: str  # accent+variant for espeak-ng, voice name for flite
    speed: float  # 1.0 = the synthesiser's default rate
    pitch: float  # 1.0 = the voice's default pitch
    split: str  # "train" or "heldout"

    @property
    def is_sentence(self) -> bool:
        return " " in self.word

    @property
    def file(self) -> str:
        safe = self.voice.replace("+", "_")
        if self.is_sentence:  # named by its text's digest: the text is in clips.csv
            name = "sentence_" + hashlib.sha1(self.word.encode()).hexdigest()[:10]
            return f"{name}__{self.synth}__{safe}__s{self.speed:.2f}__p{self.pitch:.2f}.ogg"
        return f"{self.word}__{self.synth}__{safe}__s{self.speed:.2f}__p{self.pitch:.2f}.flac"


def plan(seed: int = 0, positives: int = 300, per_negative: int = 14) -> list[Clip]:
    """Which clips to speak: every voice at least once for the trigger, a sample for the rest."""
    rng = random.Random(seed)
    voices = [("espeak-ng", f"{a}+{v}" if v else a, v) for a, v in
              itertools.product(ESPEAK_ACCENTS, ESPEAK_VARIANTS)]  # fmt: skip
    voices += [("flite", v, v) for v in FLITE_VOICES]

    def clip(word, synth, voice, key):
        return Clip(word, synth, voice, rng.choice(SPEEDS), rng.choice(PITCHES), _split(synth, key))

    clips = [clip(TRIGGER, s, v, k) for s, v, k in voices]  # every voice says the trigger
    flite = [v for v in voices if v[0] == "flite"]
    while len(clips) < positives:  # flite has few voices: give it its share of the rest
        s, v, k = rng.choice(flite) if rng.random() < 0.6 else rng.choice(voices)
        clips.append(clip(TRIGGER, s, v, k))
    for word in NEGATIVES:
        for _ in range(per_negative):
            s, v, k = rng.choice(flite) if rng.random() < 0.3 else rng.choice(voices)
            clips.append(clip(word, s, v, k))
    clips += _festival_plan(random.Random(seed + 1))  # its own draws: the rest stay as they were
    clips += _more_espeak_plan(random.Random(seed + 2))
    clips += _speaker_plan(random.Random(seed + 3))
    clips += _sentence_plan(random.Random(seed + 4))
    return list(dict.fromkeys(clips))  # drop exact repeats


def _speaker_plan(rng: random.Random, near_miss_takes: int = 2) -> list[Clip]:
    """Each recorded speaker: the trigger at every speed and pitch, each near miss
    `near_miss_takes` times and each other word once (speed and pitch drawn)."""

    def clip(word, synth, voice, speed=None, pitch=None):
        speed, pitch = speed or rng.choice(SPEEDS), pitch or rng.choice(PITCHES)
        return Clip(word, synth, voice, speed, pitch, _split(synth, voice))

    clips = []
    for synth, voices in (("mbrola", MBROLA_VOICES), ("pico", PICO_VOICES)):
        for v in voices:
            clips += [clip(TRIGGER, synth, v, s, p) for s in SPEEDS for p in PITCHES]
            clips += [clip(w, synth, v) for w in NEAR_MISSES for _ in range(near_miss_takes)]
            clips += [clip(w, synth, v) for w in OTHERS]
    return clips


def sentence_voices(rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """((synth, voice) reading the training texts, (synth, voice) reading the test texts).

    Training texts: training voices only (a recorded speaker is left out with its draw).
    Test texts: every voice family, held-out voices included: each espeak-ng accent, its
    held-out variants, every flite, festival and recorded voice.
    """
    trained = [v for v in ESPEAK_VARIANTS if v and v not in HELDOUT["espeak-ng"]]
    train = [
        ("espeak-ng", f"{rng.choice(ESPEAK_ACCENTS)}+{rng.choice(trained)}") for _ in range(10)
    ]
    train += [("flite", v) for v in FLITE_VOICES if v not in HELDOUT["flite"]]
    train += [("mbrola", v) for v in MBROLA_VOICES] + [("pico", v) for v in PICO_VOICES]
    held = sorted(HELDOUT["espeak-ng"])
    test = [("espeak-ng", a) for a in ESPEAK_ACCENTS + ESPEAK_MORE_ACCENTS]
    test += [("espeak-ng", f"{rng.choice(ESPEAK_ACCENTS)}+{v}") for v in held]
    test += [("espeak-ng", "en-us+f3")]  # one of the four the greeting fired in
    test += [("flite", v) for v in FLITE_VOICES] + [("festival", v) for v in FESTIVAL_VOICES]
    test += [("mbrola", v) for v in MBROLA_VOICES] + [("pico", v) for v in PICO_VOICES]
    return list(dict.fromkeys(train)), list(dict.fromkeys(test))


def _sentence_plan(rng: random.Random, per_train_voice: int = 4, per_test_voice: int = 6):
    """Training voices read `per_train_voice` training texts; every voice reads the greeting
    that fired ("hello there, how are you today") and `per_test_voice` - 1 other test texts."""
    train_texts, test_texts = sentences.texts()
    train_voices, test_voices = sentence_voices(rng)

    def clip(text, synth, voice, split):
        pitch = 1.0 if voice.endswith("_hts") else rng.choice(PITCHES)
        return Clip(text, synth, voice, rng.choice(SPEEDS), pitch, split)

    clips = []
    for synth, voice in train_voices:
        split = "heldout" if synth in SPEAKER_SYNTHS and voice in HELDOUT[synth] else "train"
        clips += [clip(t, synth, voice, split) for t in rng.sample(train_texts, per_train_voice)]
    for synth, voice in test_voices:
        said = [test_texts[0], *rng.sample(test_texts[1:], per_test_voice - 1)]
        clips += [clip(t, synth, voice, "heldout") for t in said]
    return clips


def _more_espeak_plan(rng: random.Random, negatives: int = 40) -> list[Clip]:
    """espeak-ng's other variants: each says the trigger once, in a random accent; the New
    York accent says it in four voices; `negatives` clips of other words, half near misses."""
    accents = ESPEAK_ACCENTS + ESPEAK_MORE_ACCENTS

    def clip(word, accent, variant):
        voice = f"{accent}+{variant}" if variant else accent
        speed, pitch = rng.choice(SPEEDS), rng.choice(PITCHES)
        return Clip(word, "espeak-ng", voice, speed, pitch, _split("espeak-ng", variant))

    trained = [v for v in ESPEAK_VARIANTS if v not in HELDOUT["espeak-ng"]]
    clips = [clip(TRIGGER, rng.choice(accents), v) for v in ESPEAK_MORE_VARIANTS]
    clips += [clip(TRIGGER, a, rng.choice(trained)) for a in ESPEAK_MORE_ACCENTS for _ in range(4)]
    for _ in range(negatives):
        word = rng.choice(NEAR_MISSES if rng.random() < 0.5 else OTHERS)
        clips.append(clip(word, rng.choice(accents), rng.choice(ESPEAK_MORE_VARIANTS)))
    return clips


def _festival_plan(rng: random.Random, extra_positives: int = 4) -> list[Clip]:
    """Each festival voice: the trigger at every speed (and a few more), each other word once."""

    def clip(word, voice, speed=None):
        pitch = 1.0 if voice.endswith("_hts") else rng.choice(PITCHES)  # HTS makes its own f0
        speed = speed or rng.choice(SPEEDS)
        return Clip(word, "festival", voice, speed, pitch, _split("festival", voice))

    clips = [clip(TRIGGER, v, s) for v in FESTIVAL_VOICES for s in SPEEDS]
    clips += [clip(TRIGGER, v) for v in FESTIVAL_VOICES for _ in range(extra_positives)]
    return clips + [clip(word, v) for word in NEGATIVES for v in FESTIVAL_VOICES]


def _festival_command(clip: Clip, text: Path, raw: Path) -> list[str]:
    """text2wave with the clip's voice, speed and pitch (an HTS voice: speed only, an engine
    option; it ignores festival's duration and intonation settings)."""
    if clip.voice.endswith("_hts"):
        setting = ('(set! hts_engine_params (append hts_engine_params (list (list "-r" '
                   f"{clip.speed:.3f}))))")  # fmt: skip
    else:
        setting = (f"(begin (Parameter.set 'Duration_Stretch {1 / clip.speed:.3f}) "
                   f"(set! int_lr_params '((target_f0_mean {int(105 * clip.pitch)}) "
                   "(target_f0_std 14) (model_f0_mean 170) (model_f0_std 34))))")  # fmt: skip
    return ["text2wave", "-eval", f"(voice_{clip.voice})", "-eval", setting, "-o", str(raw),
            str(text)]  # fmt: skip


def speak(clip: Clip, out: Path) -> None:
    """Synthesise one clip to `out` (16 kHz mono, 16-bit FLAC or Ogg Vorbis by its suffix,
    silence trimmed)."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        if clip.synth in ("espeak-ng", "mbrola"):  # MBROLA's voices speak through espeak-ng
            cmd = ["espeak-ng", "-v", clip.voice, "-s", str(int(165 * clip.speed)),
                   "-p", str(int(50 * clip.pitch)), "-w", str(raw), clip.word]  # fmt: skip
        elif clip.synth == "pico":  # Pico's own markup for rate and pitch (100: its default)
            text = (f"<speed level='{round(100 * clip.speed)}'><pitch level="
                    f"'{round(100 * clip.pitch)}'>{clip.word}</pitch></speed>")  # fmt: skip
            cmd = ["pico2wave", "-l", clip.voice, "-w", str(raw), text]
        elif clip.synth == "festival":
            text = Path(tmp) / "word.txt"
            text.write_text(clip.word + "\n", encoding="utf-8")
            cmd = _festival_command(clip, text, raw)
        else:
            cmd = ["flite", "-voice", clip.voice, "-t", clip.word, "-o", str(raw),
                   "--setf", f"duration_stretch={1 / clip.speed:.3f}",
                   "--setf", f"int_f0_target_mean={int(110 * clip.pitch)}"]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True)
        wave, rate = audio.read(raw)
    wave = audio.trim_silence(audio.resample(wave, rate, audio.RATE))
    write(out, wave / max(float(np.abs(wave).max()), 1e-6) * 0.8)


def write(out: Path, wave: np.ndarray) -> None:
    """16 kHz FLAC (16-bit, lossless) or, for an .ogg path, Ogg Vorbis."""
    import soundfile

    if out.suffix == ".ogg":
        soundfile.write(out, wave, audio.RATE, format="OGG", subtype="VORBIS",
                        compression_level=0.8)  # fmt: skip
    else:  # the samples audio.write would put in a WAV, bit for bit
        pcm = np.frombuffer(audio.pcm16(wave), "<i2")
        soundfile.write(out, pcm, audio.RATE, format="FLAC", subtype="PCM_16")


REBUILD = (
    "`apt-get install espeak-ng flite festival festvox-kdlpc16k festvox-kallpc16k "
    "festvox-us-slt-hts`, and from Debian's non-free component (`Components: contrib non-free` "
    "in /etc/apt/sources.list.d/, then `apt-get update`) `apt-get install mbrola mbrola-us1 "
    "mbrola-us2 mbrola-us3 mbrola-en1 libttspico-utils` (build only)"
)


def missing_tools() -> list[str]:
    """The synthesisers and voices `main` needs that are not installed here."""
    missing = [t for t in ("espeak-ng", "flite", "text2wave", "pico2wave") if not shutil.which(t)]
    voices = Path("/usr/share/mbrola")
    missing += [f"mbrola-{v[3:]}" for v in MBROLA_VOICES if not (voices / v[3:]).exists()]
    return missing + ([] if shutil.which("mbrola") else ["mbrola"])


def main() -> None:
    if missing := missing_tools():
        raise SystemExit(f"{', '.join(missing)} missing: {REBUILD}.")
    clips = plan()
    if CLIPS_DIR.exists():
        shutil.rmtree(CLIPS_DIR)
    CLIPS_DIR.mkdir(parents=True)
    for clip in clips:
        speak(clip, CLIPS_DIR / clip.file)
    with open(INDEX, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "word", "synth", "voice", "speed", "pitch", "split", "sha256"])
        for c in clips:
            digest = assets.sha256_of(CLIPS_DIR / c.file)
            writer.writerow([c.file, c.word, c.synth, c.voice, c.speed, c.pitch, c.split, digest])
    assets.record(
        INDEX,
        f"Index of {len(clips)} 16 kHz clips spoken by espeak-ng, flite, festival, MBROLA and "
        "SVOX Pico (word or sentence, voice, speed, pitch, split, sha256 of each clip). "
        "Licences: espeak-ng GPL-3, flite and festival BSD-style, festival's voices free "
        "(festvox); MBROLA's voices (us1, us2, us3, en1, Debian non-free) may be used and "
        "copied free of charge but not sold or built into a product that is sold: "
        "non-commercial use, as in this teaching tool; SVOX Pico's language files "
        "Apache-2.0 as shipped by Debian non-free (redistributable). See README.",
        "python -m core.train clips",
    )
    total = sum(p.stat().st_size for p in CLIPS_DIR.iterdir())
    print(f"wrote {len(clips)} clips ({total / 1e6:.1f} MB) to {CLIPS_DIR}")


if __name__ == "__main__":
    main()
