#!/usr/bin/env bash
# Install what the tests need, then run the whole suite: lint, unit, AppTest, Chromium e2e.
# Usage: scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=$(command -v python || command -v python3)
export PIP_DISABLE_PIP_VERSION_CHECK=1 TF_CPP_MIN_LOG_LEVEL=2

echo "== pip install -r requirements-dev.txt"
"$PY" -m pip install --quiet -r requirements-dev.txt

# System packages: Chromium for the browser tests, PortAudio for sounddevice, PulseAudio
# for a virtual microphone (the live-detection test), espeak-ng, flite and festival (three
# voices) for the clip tests, an emoji font for screenshots.
missing=()
[ -x "${SEQLAB_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libportaudio\.so\.2' || missing+=(libportaudio2)
command -v pulseaudio >/dev/null || missing+=(pulseaudio pulseaudio-utils libasound2-plugins)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v flite >/dev/null || missing+=(flite)
command -v text2wave >/dev/null || missing+=(festival)
voices=/usr/share/festival/voices
[ -d $voices/english/ked_diphone ] || missing+=(festvox-kdlpc16k)
[ -d $voices/english/kal_diphone ] || missing+=(festvox-kallpc16k)
[ -d $voices/us/cmu_us_slt_arctic_hts ] || missing+=(festvox-us-slt-hts)
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
command -v nginx >/dev/null || missing+=(nginx)  # tests/deploy: replicas behind nginx
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "== apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "WARNING: missing system packages: ${missing[*]}." >&2
    echo "  Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) or run this script" >&2
    echo "  as root. Until then the browser tests are skipped and audio input is unavailable." >&2
  fi
fi

# A virtual microphone: a PulseAudio null sink whose monitor is the default input.
if command -v pulseaudio >/dev/null && ! pactl info >/dev/null 2>&1; then
  pulseaudio -D --exit-idle-time=-1 2>/dev/null || true
  sleep 1
fi
if pactl info >/dev/null 2>&1; then
  pactl list short sinks | grep -q seqlab_sink ||
    pactl load-module module-null-sink sink_name=seqlab_sink >/dev/null
  pactl set-default-sink seqlab_sink
  pactl set-default-source seqlab_sink.monitor
fi

echo "== ruff"
"$PY" -m ruff check .
"$PY" -m ruff format --check .

echo "== pytest"
# Two workers; an idle one takes tests from the other's queue (worksteal), so a file of long
# browser tests no longer leaves one worker busy alone at the end (a module fixture may then be
# computed by both). The slowest tests are listed so a slow newcomer is seen.
# SEQLAB_TEST_WORKERS=0 runs in one process.
"$PY" -m pytest -n "${SEQLAB_TEST_WORKERS:-2}" --dist worksteal --durations=25 "$@"
