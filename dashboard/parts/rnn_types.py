"""The course's "Different types of RNNs", each with the page of this app that uses it."""

import streamlit as st

from dashboard import cache, export
from dashboard.registry import lesson_named

# (name, inputs per step, outputs per step, example, lesson title)
TYPES = [
    (
        "One to one",
        "x",
        "ŷ",
        "a plain network: a window in, one forecast out",
        "Time series: sine waves",
    ),
    (
        "One to many",
        "x···",
        "ŷŷŷŷ",
        "generation: a seed in, a name or tune out",
        "Language model & sampling",
    ),
    (
        "Many to one",
        "xxxx",
        "···ŷ",
        "classification: a sentence in, a sentiment/emoji out",
        "Emojify",
    ),
    ("Many to many, T_x = T_y", "xxxx", "ŷŷŷŷ", "tagging: is each word a name?", "Sequence data"),
    (
        "Many to many, T_x ≠ T_y",
        "xxx··",
        "···ŷŷ",
        "translation: encoder, then decoder",
        "Translation with attention",
    ),
]


def _figure(name: str, inputs: str, outputs: str):
    x = tuple(f"x⟨{i}⟩" if c == "x" else "" for i, c in enumerate(inputs, 1))
    y = tuple(f"ŷ⟨{i}⟩" if c == "ŷ" else "" for i, c in enumerate(outputs, 1))
    return cache.mini_chain(x, y, "")  # the name goes above, where it can wrap


def show() -> None:
    st.header("Types of RNN")
    st.markdown(
        "The same cell, wired five ways: what changes is where inputs go in and outputs come "
        "out (T_x and T_y). Each example links to the page of SeqLab that uses it."
    )
    columns = st.columns(len(TYPES))
    for col, (name, inputs, outputs, example, title) in zip(columns, TYPES, strict=True):
        with col:
            st.markdown(f"**{name}**")  # a Plotly title is cut off in a fifth of the page
            export.plotly(st, _figure(name, inputs, outputs), key=f"unr_type_{name}", data=False)
            st.caption(example)
            lesson = lesson_named(title)
            if lesson.built:
                st.page_link(str(lesson.file), label=title, icon=lesson.icon)
            else:
                st.caption(f"{lesson.icon} {title} · planned")
