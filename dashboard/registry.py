"""The one list of SeqLab's pages, grouped by course week.

`app.py` builds the navigation from it, Home draws the course map from it and
the tests discover every page from it: a new page is added here and nowhere else.
A lesson without a `path` is on the course map but not built yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DASHBOARD_DIR = Path(__file__).resolve().parent

START = "SeqLab"
FOUNDATIONS = "Foundations · time series"
WEEK1 = "Week 1 · Recurrent networks"
WEEK2 = "Week 2 · Word embeddings"
WEEK3 = "Week 3 · Attention & audio"
WEEK4 = "Week 4 · Transformers"
SECTIONS = (START, FOUNDATIONS, WEEK1, WEEK2, WEEK3, WEEK4)


@dataclass(frozen=True)
class Lesson:
    """One page of the app (or of the course map, while `path` is None)."""

    title: str
    section: str
    summary: str
    icon: str
    path: str | None = None  # relative to dashboard/

    @property
    def built(self) -> bool:
        return self.path is not None

    @property
    def url_path(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower().replace("&", "and")).strip("-")

    @property
    def file(self) -> Path:
        if self.path is None:
            raise ValueError(f"lesson {self.title!r} has no page yet")
        return DASHBOARD_DIR / self.path


HOME = Lesson("Home", START, "The course map.", ":material/home:", "lessons/home.py")

LESSONS: tuple[Lesson, ...] = (
    HOME,
    Lesson(
        "Sequence data",
        FOUNDATIONS,
        "What a sequence is: x⟨t⟩, T_x, one-hot words and windows cut from a sine wave.",
        ":material/data_array:",
        "lessons/sequence_data.py",
    ),
    Lesson(
        "Time series: sine waves",
        FOUNDATIONS,
        "Linear, DNN, CNN and RNN forecasters trained live on a sine wave you shape.",
        ":material/ssid_chart:",
        "lessons/sine_forecasting.py",
    ),
    Lesson(
        "The variable-length problem",
        FOUNDATIONS,
        "Padding, truncation, masking and bucketing, and why RNNs take any length.",
        ":material/straighten:",
        "lessons/variable_length.py",
    ),
    Lesson(
        "Weather forecasting",
        FOUNDATIONS,
        "Seattle temperatures (or your own CSV): models against persistence, by month.",
        ":material/thermostat:",
        "lessons/weather_forecasting.py",
    ),
    Lesson(
        "RNN unrolled",
        WEEK1,
        "Step through a⟨t⟩ = g(Waa a⟨t−1⟩ + Wax x⟨t⟩ + ba) with the real numbers.",
        ":material/linear_scale:",
        "lessons/rnn_unrolled.py",
    ),
    Lesson(
        "Vanishing & exploding gradients",
        WEEK1,
        "Backpropagation through time: watch ∂L/∂a⟨t⟩ fade or blow up, and clip it.",
        ":material/trending_down:",
        "lessons/vanishing_gradients.py",
    ),
    Lesson(
        "Language model & sampling",
        WEEK1,
        "Character models of dinosaur names and folk tunes; temperature and top-k.",
        ":material/text_fields:",
        "lessons/language_model.py",
    ),
    Lesson(
        "Inside GRU & LSTM gates",
        WEEK1,
        "Γu, Γr, Γf, Γo at every step of a real sequence; units you can name; LSTMVis spans.",
        ":material/tune:",
        "lessons/gru_lstm_gates.py",
    ),
    Lesson(
        "Music generation",
        WEEK1,
        "An LSTM improvises Irish folk tunes note by note: piano roll, audio, MIDI.",
        ":material/music_note:",
        "lessons/music_generation.py",
    ),
    Lesson(
        "Embedding projector",
        WEEK2,
        "GloVe's 400,000 words in 2-D or 3-D by PCA, t-SNE or UMAP; neighbours and custom axes.",
        ":material/scatter_plot:",
        "lessons/embedding_projector.py",
    ),
    Lesson(
        "Analogies & similarity",
        WEEK2,
        "Cosine similarity and man : woman :: king : ?, with an accuracy report.",
        ":material/compare_arrows:",
        "lessons/analogies.py",
    ),
    Lesson(
        "Debiasing",
        WEEK2,
        "The bias axis g; neutralise and equalise, before and after.",
        ":material/balance:",
        "lessons/debiasing.py",
    ),
    Lesson(
        "Learning embeddings: word2vec",
        WEEK2,
        "Skip-gram with negative sampling trained live; GloVe's co-occurrence counts.",
        ":material/model_training:",
        "lessons/word2vec.py",
    ),
    Lesson(
        "Emojify",
        WEEK2,
        "Sentence to emoji: averaged GloVe vectors against an LSTM, and why negation matters.",
        ":material/mood:",
        "lessons/emojify.py",
    ),
    Lesson(
        "Translation with attention",
        WEEK3,
        "Dates to ISO format with attention: α⟨t,t'⟩ as a heatmap, one step at a time.",
        ":material/translate:",
        "lessons/date_translation.py",
    ),
    Lesson(
        "Beam search",
        WEEK3,
        "The search tree, kept and pruned, greedy against beam, and length normalisation.",
        ":material/account_tree:",
        "lessons/beam_search.py",
    ),
    Lesson(
        "Error analysis",
        WEEK3,
        "P(y*|x) against P(ŷ|x): is the beam search or the model at fault?",
        ":material/troubleshoot:",
        "lessons/error_analysis.py",
    ),
    Lesson(
        "BLEU score",
        WEEK3,
        "Clipped n-gram counts, brevity penalty and the score, computed as sacrebleu does.",
        ":material/rule:",
        "lessons/bleu_score.py",
    ),
    Lesson(
        "Trigger-word detection",
        WEEK3,
        "Spectrograms, synthesised training data and a live microphone.",
        ":material/mic:",
        "lessons/trigger_word.py",
    ),
    Lesson(
        "Positional encoding",
        WEEK4,
        "Sines and cosines that tell attention where each word is; added to GloVe vectors.",
        ":material/pin:",
        "lessons/positional_encoding.py",
    ),
    Lesson(
        "Self-attention",
        WEEK4,
        "Q, K, V, QKᵀ/√d_k, the masks and the softmax, stage by stage with the numbers.",
        ":material/hub:",
        "lessons/self_attention.py",
    ),
    Lesson(
        "Multi-head attention",
        WEEK4,
        "Every layer and head of a trained dates Transformer, beside the RNN's α⟨t,t'⟩.",
        ":material/view_module:",
        "lessons/multi_head_attention.py",
    ),
    Lesson(
        "Named-entity recognition",
        WEEK4,
        "An encoder trained here tags people, companies, places, dates and money; click a word.",
        ":material/label:",
        "lessons/named_entity_recognition.py",
    ),
    Lesson(
        "Question answering",
        WEEK4,
        "Start and end probabilities over the context, the span chosen, and “no answer”.",
        ":material/quiz:",
        "lessons/question_answering.py",
    ),
)


def built_lessons() -> tuple[Lesson, ...]:
    """The lessons that have a page, in navigation order."""
    return tuple(lesson for lesson in LESSONS if lesson.built)


def by_section(lessons: tuple[Lesson, ...] = LESSONS) -> dict[str, list[Lesson]]:
    """{section: lessons}, sections in course order, empty sections left out."""
    grouped: dict[str, list[Lesson]] = {section: [] for section in SECTIONS}
    for lesson in lessons:
        grouped[lesson.section].append(lesson)
    return {section: items for section, items in grouped.items() if items}


def lesson_named(title: str) -> Lesson:
    """The registered lesson called `title`."""
    for lesson in LESSONS:
        if lesson.title == title:
            return lesson
    raise KeyError(f"no lesson titled {title!r} in dashboard/registry.py")
