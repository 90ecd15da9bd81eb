"""Transformers (Sequence Models, week 4): positional encoding, attention, a trained Transformer.

What it teaches: the sinusoidal positional encoding, scaled dot-product attention with
its padding and look-ahead masks, multi-head attention, and a small encoder–decoder
Transformer trained on the week 3 dates task, whose every layer's and head's attention
can be drawn beside the Bi-LSTM model's α⟨t,t'⟩.

- `attention`: `positional_encoding`, `padding_mask`, `look_ahead_mask`,
  `scaled_dot_product_attention`, `multi_head_attention` in numpy (equal to Keras').
- `stages`: self-attention on a short sentence with every stage kept (Q, K, V, scores, mask).
- `layers`: the Keras graph with the course's layer names (imported for training only).
- `model`: numpy inference returning every attention weight, save and load (.npz).
- `training`: fitting in Keras, weights to and from numpy.
- `translator`: one date translated, with its attention, for the pages.
- `tokens`, `templates`, `entities`: words to ids (unknown words spelled out), and the
  generated NER sentences and QA contexts (disjoint training and held-out templates).
- `encoder`, `encoder_training`: an encoder-only Transformer with a per-token head, numpy
  inference and Keras training; `bio`: entity spans and entity-level F1.
- `ner`, `qa`: `tag(sentence)` and `answer(context, question)` with the trained encoders.

Dependencies run one way: attention ← stages, layers; attention ← model ← training, translator;
model ← encoder ← ner, qa ← encoder_training.
Pages: Positional encoding, Self-attention, Multi-head attention, Named-entity recognition,
Question answering.
"""
