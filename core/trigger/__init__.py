"""Trigger-word detection ("activate"): synthesised clips, features, model and detectors.

Course: Sequence Models, week 3, "Trigger word detection". What it teaches: how a
spectrogram of a 10 s clip becomes one probability per time step, y⟨t⟩ = 1 just after
the word; how training data is synthesised by mixing spoken words into backgrounds;
and how a streaming detector fires on a live microphone.

- `voices`, `sentences`, `make_clips`: every voice (espeak-ng, flite, festival, and speakers
  recorded from real people: MBROLA, SVOX Pico), the sentences they read, the shipped clips.
- `synth`: the course's training-data synthesis (words mixed into 10 s of noise).
- `audio`, `features`: reading any WAV, resampling to 16 kHz, log-mel features.
- `model`, `training`, `continued`: the Conv1D → GRU → GRU → sigmoid model and its recipe
  (measured alternatives: docs/trigger-experiments.md).
- `speech_scores`, `quality_runs`: held-out speakers, false alarms per hour of ordinary
  speech, and the runs `python -m core.train trigger` scores.
- `detect`, `live`: events from a clip or a stream, and the server's microphone.

Page: Trigger-word detection.
"""
