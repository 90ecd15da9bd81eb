""" "Use my own model": a student's `.keras` file on the recurrent-network pages.

The upload is read as data (core.rnn.keras_file: JSON and float arrays, never Keras'
load_model), kept in this session's state only (never a process-wide cache), and run in
numpy. The student picks one recurrent layer, a direction and an input; the page then draws
its own views for that layer (dashboard/parts/own_views.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.rnn import own_inputs, own_model
from core.rnn.keras_config import ModelFileError
from core.rnn.keras_file import MAX_FILE_BYTES
from dashboard.state import kept_upload

SOURCES = ("The course's trained model", "My own Keras model (.keras)")
INPUTS = ("Random", "Typed", "From a file (.npy or .csv)")
MAX_STEPS = 200  # steps drawn; longer inputs are cut
LOADED = "_own_model_loaded"  # session state: (sha256, OwnModel or the refusal message)
VIEWED = "_own_model_view"  # session state: (what was asked, the CellView computed)


@dataclass(frozen=True)
class OwnRun:
    """What the student picked: the model, one recurrent layer's direction, the input."""

    model: own_model.OwnModel
    layer: own_model.Recurrent
    sequence: own_inputs.Sequence
    view: own_model.CellView
    file_name: str
    output: np.ndarray  # what the whole model returns on this input: (1, T, k) or (1, k)


def choose() -> OwnRun | None:
    """The model source radio; None for the course's model. For the student's own model, the
    upload and pickers; the page stops here (with a message) until all of it is usable.

    The choice, the file and the pickers are shared by the three pages (same keys), so a
    student who picked their model on one page sees it on the others.
    """
    picked = st.radio("Model", SOURCES, horizontal=True, key="own_model_source")
    if picked == SOURCES[0]:
        return None
    with st.container(border=True):
        model, name, digest = _uploaded_model()
        layer = _pick_layer(model)
        sequence = _pick_input(model)
    direction = st.session_state.get("own_direction", "forward →").split()[0]
    direction = direction if layer.bidirectional else "forward"
    view, output = _view(model, digest, layer.name, sequence, direction)
    return OwnRun(model, layer, sequence, view, name, output)


def _uploaded_model() -> tuple[own_model.OwnModel, str, str]:
    if "own_model_file" not in st.session_state:
        # The uploader was not drawn in the previous run (another page, or the course's model
        # picked): its "held a file" flag is stale and must not read as the student's ×.
        st.session_state.pop("_kept_own_model_file_live", None)
    upload = kept_upload(
        "Your model: a .keras file, as Keras 3's `model.save('m.keras')` writes it",
        key="own_model_file",
        max_upload_size=MAX_FILE_BYTES // 2**20,  # 20 MB; the reader checks it again
        help="Read as data (its JSON config and weight arrays), never loaded by Keras: "
        "nothing in the file is run. Kept for this browser session only.",
    )
    if upload is None:
        st.info(
            "Upload a Keras 3 `.keras` file of a model with a SimpleRNN, GRU, LSTM or "
            "Bidirectional layer (Sequential or Functional; Embedding, Dense, TimeDistributed, "
            "Dropout and Masking around them), up to 20 MB."
        )
        st.stop()
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    kept = st.session_state.get(LOADED)
    if kept is None or kept[0] != digest:
        try:
            kept = (digest, own_model.load(data))
        except ModelFileError as err:
            kept = (digest, str(err))
        st.session_state[LOADED] = kept
        st.session_state.pop(VIEWED, None)
    if isinstance(kept[1], str):
        st.error(f"**{upload.name}** is refused. {kept[1]}")
        st.stop()
    model = kept[1]
    st.caption(
        f"Read **{upload.name}** ({model.saved.size / 1e3:,.0f} kB, {model.saved.class_name}, "
        f"{len(model.saved.layers)} layers, Keras {model.saved.keras_version}) as data: "
        "nothing from the file was imported or run."
    )
    return model, upload.name, digest


def _pick_layer(model: own_model.OwnModel) -> own_model.Recurrent:
    labels = {rec.label: rec for rec in model.recurrent}
    if st.session_state.get("own_layer") not in labels:
        st.session_state.pop("own_layer", None)
    left, right = st.columns([3, 1])
    label = left.selectbox(f"Recurrent layer ({len(labels)} found)", list(labels), key="own_layer")
    layer = labels[label]
    if layer.bidirectional:
        right.radio("Direction", ["forward →", "backward ←"], key="own_direction")
    return layer


def _pick_input(model: own_model.OwnModel) -> own_inputs.Sequence:
    reads = f"token ids 0 … {model.n_x - 1}" if model.reads_ids else f"n_x = {model.n_x}"
    kind = st.radio(f"Input x (the model reads {reads})", INPUTS, horizontal=True, key="own_input")
    if kind == INPUTS[0]:
        c1, c2 = st.columns(2)
        default = min(max(model.fixed_steps or 20, 2), MAX_STEPS)
        steps = c1.slider("Steps T", 2, MAX_STEPS, default, key="own_steps")
        seed = int(c2.number_input("Seed", 0, 10_000, 0, key="own_seed"))
        sequence = own_inputs.random_sequence(model, steps, seed)
    elif kind == INPUTS[1]:
        default = "dinosaur" if model.n_x >= 27 else " ".join(str(i % model.n_x) for i in range(8))
        text = st.text_input(
            "Sequence: letters (a = 1 … z = 26, as the course's character models) or numbers "
            "(3 1 4), one-hot encoded"
            + (" as token ids" if model.reads_ids else f" to {model.n_x}"),
            default,
            key="own_typed",
        )
        sequence = own_inputs.typed_sequence(model, text, MAX_STEPS)
        if sequence.dropped:
            shown = " ".join(repr(tok[:12]) for tok in sequence.dropped[:20])
            st.warning(f"Outside this model's {model.n_x} classes, left out: {shown}")
        if sequence.left_out:
            st.info(f"Drawing the first {MAX_STEPS} steps; {sequence.left_out:,} more left out.")
    else:
        sequence = _file_input(model)
    if sequence.steps == 0:
        st.warning("The sequence is empty: type letters a–z or numbers, e.g. “3 1 4”.")
        st.stop()
    if sequence.steps > MAX_STEPS:
        st.info(f"Drawing the first {MAX_STEPS} of {sequence.steps:,} steps.")
        sequence = own_inputs.Sequence(
            sequence.values[:MAX_STEPS], sequence.labels[:MAX_STEPS], sequence.dropped
        )
    masked = own_inputs.masked_steps(model, sequence)
    if masked:
        st.warning(
            f"Keras would skip steps {', '.join(map(str, masked[:10]))} ({model.mask}); "
            "the views compute every step."
        )
    return sequence


def _file_input(model: own_model.OwnModel) -> own_inputs.Sequence:
    what = "(T,) token ids" if model.reads_ids else f"(T, {model.n_x})"
    upload = kept_upload(f"Input of shape {what}: .npy or .csv", key="own_array_file")
    if upload is None:
        st.info(f"Upload a .npy or .csv of shape {what}, or pick another input.")
        st.stop()
    try:
        return own_inputs.sequence_from_file(model, upload.name, upload.getvalue())
    except ValueError as err:
        st.error(str(err))
        st.stop()


def _view(model, digest: str, name: str, sequence: own_inputs.Sequence, direction: str):
    """The CellView and the model's output for this pick, computed once and kept in the
    session's state."""
    asked = (digest, name, direction, hashlib.sha256(sequence.values.tobytes()).hexdigest())
    kept = st.session_state.get(VIEWED)
    if kept is None or kept[0] != asked:
        x = own_inputs.batch(sequence)
        kept = (
            asked,
            (own_model.cell_view(model, name, x, direction), own_model.model_output(model, x)),
        )
        st.session_state[VIEWED] = kept
    return kept[1]
