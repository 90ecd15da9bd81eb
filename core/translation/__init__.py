"""Sequence to sequence with attention (Sequence Models, week 3): dates, beam search, BLEU.

What it teaches: a Bi-LSTM encoder and an attention decoder translating human dates to
ISO dates, with α⟨t,t'⟩ at every step; beam search over any next-token model; whether an
error is the search's or the model's; and how BLEU scores a translation.

- `data`: the dates data set (Faker + Babel), encodings and the held-out test file.
- `model`: the Keras graph and its numpy inference, `DateModel`.
- `translator`: `translate` one date with beam search, every step's softmax and attention.
- `beam`: beam search over any `log_prob_fn`, with the whole search tree kept.
- `errors`: error analysis, P(y*|x) against P(ŷ|x).
- `bleu`: BLEU with every count kept, equal to sacrebleu.

Dependencies run one way: data ← model ← translator ← errors.
Pages: Translation with attention, Beam search, Error analysis, BLEU score; Multi-head
attention reads the same dates (`data`) for its Transformer.
"""
