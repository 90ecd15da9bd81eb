"""Recurrent networks (Sequence Models, week 1): cells, backpropagation through time, gates.

What it teaches: a⟨t⟩ = g(Waa a⟨t−1⟩ + Wax x⟨t⟩ + ba) and the GRU's and LSTM's gates
(Γu, Γr; Γf, Γi, Γo) in numpy, checked against Keras; why gradients vanish or explode
through time and how clipping helps; next-step prediction and character language models.

- `activations`: the activations a Keras recurrent layer accepts, in numpy.
- `cells`: RNN, GRU and LSTM cells, forward traces of every gate (`forward`, `trace`).
- `bptt`, `gradients`, `jacobians`, `clipping`: backpropagation through time, ∂L/∂a⟨t⟩
  for every cell, the Jacobian products, gradient clipping.
- `next_step`, `next_step_fit`: the next-character and next-value models of "RNN unrolled".
- `memory_task`: recall the first symbol after T steps, for RNN, GRU and LSTM.
- `charlm`: character language models (dinosaur names, first names, folk tunes), sampling.
- `gates`: reading a cell's gates: legible units, LSTMVis span patterns, saturation.
- `music`: folk tunes as note events, an LSTM that improvises them, WAV/MIDI/ABC output.
- `keras_file`, `keras_config`, `own_model`, `own_inputs`: a student's own `.keras` model,
  read safely as JSON and arrays (never loaded by Keras), run in numpy layer by layer.

Pages: RNN unrolled, Vanishing & exploding gradients, Language model & sampling, Inside GRU &
LSTM gates, Music generation, Beam search and Error analysis (the word and dinosaur
models; a narrow beam on them shows the search at fault); RNN unrolled,
Vanishing & exploding gradients and Inside GRU & LSTM gates also show a student's own model;
`cells` also runs the recurrent layers of Emojify, the date translator and the trigger model.
"""
