"""What every page offers beyond its lesson, listed once so that tests discover it.

Three habits of every page (issue 51): check-yourself questions (registered in
`dashboard/checks`, keyed by the lesson's url_path), a *Show the code* panel under each main
figure (the core functions below, read with `inspect` by `dashboard/parts/code_panel.py`) and
the downloads of every chart (`dashboard/export.py`: the figure as SVG from a Plotly chart's
camera icon or the "Figure (SVG)" button of a Vega-Lite chart, its data as CSV from the buttons
below). The tests open every page of the registry and check that it shows exactly these; a page
added to the registry without its entries fails, and so does a chart drawn without export.py
(tests/unit/test_every_chart_exports.py).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from dashboard.checks import QUESTIONS, Question

# The core functions whose source each page shows, by url_path.
CODE_PANELS: dict[str, tuple[str, ...]] = {
    "sequence-data": ("core.sequences.encode_text", "core.sequences.make_windows"),
    "time-series-sine-waves": (
        "core.timeseries.models.prepare",
        "core.timeseries.models.linear_lstsq",
    ),
    "the-variable-length-problem": (
        "core.timeseries.variable_length.pad",
        "core.timeseries.variable_length.padding_fraction",
    ),
    "weather-forecasting": ("core.timeseries.models.mae_rmse",),
    "rnn-unrolled": ("core.rnn.next_step.predict",),
    "vanishing-and-exploding-gradients": ("core.rnn.gradients.gradient_flow",),
    "language-model-and-sampling": ("core.rnn.charlm.sample",),
    "inside-gru-and-lstm-gates": ("core.rnn.gates.read_sequences",),
    "music-generation": ("core.rnn.music.improvise",),
    "embedding-projector": ("core.embeddings.projection.project",),
    "analogies-and-similarity": ("core.embeddings.glove.Embeddings.analogy",),
    "debiasing": ("core.embeddings.debias.before_after", "core.embeddings.debias.equalize"),
    "learning-embeddings-word2vec": ("core.embeddings.word2vec.train",),
    "emojify": ("core.embeddings.emojify.EmojiModels.average_model",),
    "translation-with-attention": (
        "core.translation.translator.translate",
        "core.translation.model.DateModel.attend",
        "core.translation.translator.with_attention",
    ),
    "beam-search": ("core.translation.beam.beam_search",),
    "error-analysis": ("core.translation.errors.attribute",),
    "bleu-score": ("core.translation.bleu.sentence_bleu",),
    "trigger-word-detection": ("core.trigger.detect.detect",),
    "positional-encoding": ("core.transformers.attention.positional_encoding",),
    "self-attention": ("core.transformers.stages.self_attention_stages",),
    "multi-head-attention": ("core.transformers.translator.translate",),
    "named-entity-recognition": ("core.transformers.ner.tag",),
    "question-answering": ("core.transformers.qa.answer",),
}

# The download buttons of the charts a page draws with its default settings, by url_path
# (charts that appear only after training, or for other choices, have theirs too).
# fmt: off
EXPORTS: dict[str, tuple[str, ...]] = {
    "sequence-data": ("seq_onehot_csv", "win_fig_csv", "win_matrix_csv"),
    "time-series-sine-waves": ("sin_overlay_csv", "sin_window_fig_csv"),
    "the-variable-length-problem": ("var_heat_csv", "var_buckets_csv"),
    "weather-forecasting": ("wx_overlay_csv", "wx_months_csv"),
    "rnn-unrolled": ("unr_yhat_csv", "unr_states_csv"),
    "vanishing-and-exploding-gradients": (
        "grad_heat_rnn_csv", "grad_heat_gru_csv", "grad_heat_lstm_csv", "grad_lines_csv",
        "grad_jac_csv", "grad_clip_bars_csv", "grad_mem_acc_csv", "grad_bow_csv",
    ),
    "language-model-and-sampling": ("lm_samples_plot_csv", "lm_top_bars_csv"),
    "inside-gru-and-lstm-gates": (
        "gates_heat_update_csv", "gates_heat_reset_csv", "gates_heat_candidate_csv",
        "gates_heat_a_csv", "gates_span_figure", "gates_span_csv", "gates_saturation_csv",
    ),
    "music-generation": ("music_roll_csv",),
    "embedding-projector": ("proj_scatter_csv", "proj_neighbours_csv", "proj_custom_csv"),
    "analogies-and-similarity": ("ana_parallelogram_csv",),
    "debiasing": ("deb_neutral_csv", "deb_equalised_csv"),
    "learning-embeddings-word2vec": (),  # its charts appear after training
    "emojify": (
        "emo_probs_csv", "emo_contrib_csv", "emo_confusion_model 1_csv",
        "emo_confusion_model 2_csv",
    ),
    "translation-with-attention": ("nmt_heat_csv", "nmt_probs_csv", "nmt_whatif_heat_csv"),
    "beam-search": ("beam_tree_chart_csv", "beam_whatif_tree_csv"),
    "error-analysis": ("err_steps_csv",),
    "bleu-score": ("bleu_bars_csv",),
    "trigger-word-detection": ("trig_synth_wave_csv", "trig_synth_labels_csv"),
    "positional-encoding": ("pe_heat_csv", "pe_curves_csv", "pe_similarity_csv", "pe_gram_csv"),
    "self-attention": (
        "sa_Q_csv", "sa_K_csv", "sa_V_csv", "sa_scores_csv", "sa_scaled_csv", "sa_masked_csv",
        "sa_weights_csv", "sa_output_csv", "sa_saturation_csv",
    ),
    "multi-head-attention": (
        "mha_grid_dl_html", "mha_grid_dl_csv", "mha_lines_dl_html", "mha_lines_dl_csv",
        "mha_heat_dl_html", "mha_heat_dl_csv", "mha_ours_dl_html", "mha_ours_dl_csv",
        "mha_rnn_dl_html", "mha_rnn_dl_csv",
    ),
    "named-entity-recognition": ("ner_bars_csv", "ner_heat_csv", "ner_attention_csv"),
    "question-answering": ("qa_bars_csv", "qa_attention_csv"),
}

# The downloads of the views of a student's own model ("Use my own model", tests/fixtures/
# own_char_lstm.keras uploaded, default settings), by url_path: dashboard/parts/own_views.py.
OWN_MODEL_EXPORTS: dict[str, tuple[str, ...]] = {
    "rnn-unrolled": ("own_unr_states_csv",),
    "vanishing-and-exploding-gradients": ("own_grad_heat_csv", "own_grad_lines_csv"),
    "inside-gru-and-lstm-gates": (
        "own_gates_heat_forget_csv", "own_gates_heat_input_csv", "own_gates_heat_output_csv",
        "own_gates_heat_candidate_csv", "own_gates_heat_c_csv", "own_gates_heat_a_csv",
    ),
}
# fmt: on


@dataclass(frozen=True)
class PageTools:
    questions: tuple[Question, ...]
    code: tuple[str, ...]  # dotted names of core functions
    exports: tuple[str, ...]  # keys of download buttons
    own_exports: tuple[str, ...] = ()  # … and of the views of a student's uploaded model


def tools(url_path: str) -> PageTools:
    """Everything the registry lists for one page (empty where nothing is listed)."""
    return PageTools(
        tuple(QUESTIONS.get(url_path, ())),
        CODE_PANELS.get(url_path, ()),
        EXPORTS.get(url_path, ()),
        OWN_MODEL_EXPORTS.get(url_path, ()),
    )


def resolve(dotted: str):
    """The function named `core.module.Class.method` (AttributeError/ImportError if gone)."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(f"no module in {dotted!r}")
