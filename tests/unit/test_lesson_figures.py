"""Issue 54 §4 on the Week 4 pages: labels a student has to read are not drawn over each
other or over a figure's title."""

import numpy as np

from dashboard.charts import ner_qa_charts, transformer_charts


def test_long_words_of_a_short_sentence_tilt_their_column_labels():
    words = ["1 internationalization", "2 counterrevolutionaries", "3 telecommunications"]
    fig = transformer_charts.matrix(np.eye(3), words, words, "QKᵀ")
    assert fig.layout.xaxis.tickangle == -45  # level, they overlapped
    level = transformer_charts.matrix(np.eye(3), ["1", "2", "3"], words, "QKᵀ").layout.height
    assert fig.layout.height >= level + 4 * len(words[1])  # tilted, they take rows' height
    short = ["1 the", "2 cat", "3 sat"]
    assert transformer_charts.matrix(np.eye(3), short, short, "QKᵀ").layout.xaxis.tickangle == 0


def test_tags_over_the_bars_have_room_below_the_title():
    labels = ["1: Priya", "2: Sharma", "3: joined"]
    fig = ner_qa_charts.tag_bars(labels, ["B-PERSON", "I-PERSON", "O"], np.ones(3), 0)
    top = fig.layout.yaxis.range[1]
    assert top >= 1.4  # "B-PERSON" upright above a bar of P = 1 needs ~40% more height
    assert max(fig.layout.yaxis.tickvals) == 1.0  # but no probability above 1 is labelled
