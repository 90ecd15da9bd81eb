"""Speak the trigger word and other words with three synthesisers.

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
espeak-ng, flite and festival are needed only here.
"""

from __future__ import annotations

import csv
import itertools
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import assets
from core.trigger import audio

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

ESPEAK_ACCENTS = (
    "en-us",
    "en-gb",
    "en-gb-scotland",
    "en-gb-x-rp",
    "en-gb-x-gbclan",
    "en-gb-x-gbcwmd",
    "en-029",
)
ESPEAK_VARIANTS = (
    "",
    "m1",
    "m2",
    "m3",
    "m4",
    "m5",
    "m6",
    "m7",
    "f1",
    "f2",
    "f3",
    "f4",
    "f5",
    "klatt",
    "klatt2",
    "croak",
    "whisper",
    "adam",
    "linda",
    "steph",
)
# espeak-ng's other voice variants (Debian's espeak-ng-data/voices/!v) and its New York
# accent: spoken in a later draw of their own (`_more_espeak_plan`), so the clips of the
# voices above stay byte for byte what they were
ESPEAK_MORE_VARIANTS = (
    "Alex", "Alicia", "Andrea", "Andy", "Annie", "antonio", "aunty", "belinda", "benjamin",
    "boris", "caleb", "david", "Demonic", "Denis", "Diogo", "ed", "edward", "edward2", "Gene",
    "Gene2", "gustave", "announcer", "Henrique", "Hugo", "iven", "iven2", "iven3", "iven4",
    "Jacky", "john", "kaukovalta", "Lee", "marcelo", "Marco", "Mario", "max", "Michael",
    "michel", "miguel", "Mike", "Mr", "Nguyen", "pablo", "paul", "pedro", "quincy",
    "RicishayMax", "RicishayMax2", "RicishayMax3", "rob", "robert", "robosoft", "robosoft2",
    "robosoft3", "robosoft4", "robosoft5", "robosoft6", "robosoft7", "robosoft8", "steph2",
    "steph3", "Storm", "Tweaky", "UniRobot", "zac", "anika", "anikaRobot", "AnxiousAndy",
    "fast", "whisperf", "grandpa", "klatt3", "klatt4", "klatt5", "klatt6", "norbert",
    "sandro", "shelby", "travis", "victor", "m8", "grandma",
)  # fmt: skip
ESPEAK_MORE_ACCENTS = ("en-us-nyc",)
FLITE_VOICES = ("kal", "kal16", "awb", "rms", "slt")  # and awb_time, which only says times
# Debian's festvox-kdlpc16k (speaker ked), festvox-kallpc16k (kal) and festvox-us-slt-hts
FESTIVAL_VOICES = ("ked_diphone", "kal_diphone", "cmu_us_slt_arctic_hts")
SYNTHS = ("espeak-ng", "flite", "festival")
# festival voices recorded by a speaker another synthesiser also has (the CMU kal diphones,
# the ARCTIC slt recordings): a run that leaves that synthesiser out leaves them out too
SHARES_SPEAKER_WITH = {"kal_diphone": "flite", "cmu_us_slt_arctic_hts": "flite"}
HELDOUT = {  # variants/voices never trained on
    "espeak-ng": {"f5", "m7", "steph", "steph2", "steph3"},  # steph2/3: steph's siblings
    "flite": {"rms"},
    # festival never reaches training: a synthesiser the shipped model has never heard
    # (training on some of its voices measured no better: docs/trigger-experiments.md, D2)
    "festival": set(FESTIVAL_VOICES),
}
SPEEDS, PITCHES = (0.85, 1.0, 1.15), (0.8, 1.0, 1.25)  # × the voice's default rate, pitch


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
    def file(self) -> str:
        safe = self.voice.replace("+", "_")
        return f"{self.word}__{self.synth}__{safe}__s{self.speed:.2f}__p{self.pitch:.2f}.wav"


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
    return list(dict.fromkeys(clips))  # drop exact repeats


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
    """Synthesise one clip to `out` (16 kHz mono int16, silence trimmed)."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        if clip.synth == "espeak-ng":
            cmd = ["espeak-ng", "-v", clip.voice, "-s", str(int(165 * clip.speed)),
                   "-p", str(int(50 * clip.pitch)), "-w", str(raw), clip.word]  # fmt: skip
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
    audio.write(out, wave / max(float(np.abs(wave).max()), 1e-6) * 0.8, audio.RATE)


def main() -> None:
    for tool in ("espeak-ng", "flite", "text2wave"):
        if shutil.which(tool) is None:
            raise SystemExit(
                f"{tool} is missing: `apt-get install espeak-ng flite festival festvox-kdlpc16k "
                "festvox-kallpc16k festvox-us-slt-hts` (build only)."
            )
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
        f"Index of {len(clips)} 16 kHz clips spoken by espeak-ng, flite and festival "
        "(word, voice, speed, pitch, split, sha256 of each clip).",
        "python -m core.train clips",
    )
    total = sum(p.stat().st_size for p in CLIPS_DIR.iterdir())
    print(f"wrote {len(clips)} clips ({total / 1e6:.1f} MB) to {CLIPS_DIR}")


if __name__ == "__main__":
    main()
