"""Trigger-word detection ("activate"): synthesised clips, features, model and detectors.

Course: Sequence Models, week 3, "Trigger word detection". What it teaches: how a
spectrogram of a 10 s clip becomes one probability per time step, y⟨t⟩ = 1 just after
the word; how training data is synthesised by mixing spoken words into backgrounds;
and how a streaming detector fires on a live microphone.

- `synth`, `make_clips`: speech synthesis (espeak-ng, flite, festival) and the shipped clips.
- `audio`, `features`: reading any WAV, resampling to 16 kHz, log-mel features.
- `model`, `training`: the Conv1D → GRU → GRU → sigmoid model and its recipe
  (measured alternatives: docs/trigger-experiments.md).
- `detect`, `live`: events from a clip or a stream, and the server's microphone.

Page: Trigger-word detection.
"""
