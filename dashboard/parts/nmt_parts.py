"""Pieces the translation lessons share: input notes and the architecture table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.translation import data as dates
from core.translation import model as date_model


def input_notes(result) -> None:
    """Say what happened to the student's text before the model read it."""
    enc = result.encoded
    if enc.truncated:
        st.warning(
            f"The input is longer than the model's T_x = {dates.TX} characters; it reads only "
            f"the first {dates.TX}: “{enc.text}”."
        )
    if enc.unknown:
        shown = ", ".join(repr(ch) for ch in enc.unknown)
        st.warning(
            f"{shown} {'is' if len(enc.unknown) == 1 else 'are'} outside the model's vocabulary "
            "(a–z, 0–9, space and , . / - ') and read as <unk>."
        )
    if result.low_confidence:
        if result.date is None:
            why = "is not a real calendar date"
        elif not result.names_a_year:
            why = "comes from an input with fewer than two digits, which cannot name a year"
        else:
            why = f"has a step the model chose with probability {result.confidence:.2f}"
        st.warning(
            f"Low confidence: the output {result.output} {why}. The model always writes "
            "*some* date — for text that is not a date, treat the answer as a guess."
        )


def architecture_table(model: date_model.DateModel) -> pd.DataFrame:
    """Each tensor of the translator with its shape (per example) and its weights."""
    tx, ty, n_a, n_s = dates.TX, dates.TY, date_model.N_A, date_model.N_S
    n_x, n_y, n_e = len(dates.HUMAN_VOCAB), len(dates.MACHINE_VOCAB), date_model.N_E
    w = model.w

    def size(*names):
        return sum(int(w[name].size) for name in names)

    rows = [
        ("x⟨1..T_x⟩", "input characters, one-hot", f"({tx}, {n_x})", 0),
        (
            "a⟨t'⟩ = [a→; a←]",
            "Bidirectional LSTM",
            f"({tx}, {2 * n_a})",
            size("enc_fw_W", "enc_fw_U", "enc_fw_b", "enc_bw_W", "enc_bw_U", "enc_bw_b"),
        ),
        (
            "[a⟨t'⟩; s⟨t−1⟩]",
            "s⟨t−1⟩ repeated T_x times, concatenated",
            f"({tx}, {2 * n_a + n_s})",
            0,
        ),
        ("tanh(W₁[·] + b₁)", "Dense, tanh", f"({tx}, {n_e})", size("att_W1", "att_b1")),
        ("e⟨t,t'⟩", "Dense, relu", f"({tx}, 1)", size("att_W2", "att_b2")),
        ("α⟨t,t'⟩", "softmax over t'", f"({tx}, 1)", 0),
        ("context⟨t⟩", "Σ_t' α⟨t,t'⟩ a⟨t'⟩", f"(1, {2 * n_a})", 0),
        ("[context⟨t⟩; y⟨t−1⟩]", "decoder input", f"(1, {2 * n_a + date_model.N_Y_IN})", 0),
        (
            "s⟨t⟩, c⟨t⟩",
            "post-attention LSTM",
            f"({n_s},), ({n_s},)",
            size("dec_W", "dec_U", "dec_b"),
        ),
        ("ŷ⟨t⟩", "Dense, softmax", f"({n_y},)", size("out_W", "out_b")),
    ]
    table = pd.DataFrame(rows, columns=["tensor", "computed by", "shape", "weights"])
    table.loc[len(table)] = ["all", f"steps t = 1..{ty} share the weights", "", table.weights.sum()]
    return table
