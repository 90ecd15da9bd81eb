"""SeqLab's modelling package: numpy and Keras code, no user interface.

One package a part of the course, each with a docstring saying what it teaches and
which pages use it:

- `core.timeseries`: windows, forecasters, weather, variable length (time-series module).
- `core.rnn`: cells, backpropagation through time, gradients, next-step and character
  language models (week 1).
- `core.embeddings`: GloVe, projections, debiasing, word2vec, Emojify (week 2).
- `core.translation`: dates, attention model, beam search, error analysis, BLEU (week 3).
- `core.trigger`: trigger-word detection (week 3).

What every topic shares stays here: `assets` (shipped files, sha256-verified), `sequences`
(notation, tokens, windows), `shapes`, `corpora` and `train` (`python -m core.train NAME`).
Modules return the intermediate values a lesson shows. Nothing here imports streamlit: the
dashboard imports core, never the other way round.
"""
