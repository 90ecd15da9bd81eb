"""Small widget helpers shared by lessons: validated inputs and sliders whose range moves."""

from __future__ import annotations

import streamlit as st

MAX_UPLOAD_BYTES = 1_000_000


def ranged_slider(label: str, low: int, high: int, value: int, key: str, **kwargs) -> int:
    """An integer slider whose bounds depend on other controls.

    Keeps the student's value when it still fits and clamps it when the range
    shrinks. A range of one value shows that value instead of a slider
    (Streamlit needs min < max).
    """
    if high <= low:
        st.caption(f"{label}: {low} (the only possible value)")
        return low
    if key in st.session_state:
        st.session_state[key] = min(max(int(st.session_state[key]), low), high)
    else:
        st.session_state[key] = min(max(value, low), high)
    return int(st.slider(label, low, high, key=key, **kwargs))


TF_IMPORT_S = 7  # seconds `import keras` takes (measured: docs/measurements.md)


def decimals(*columns: str, places: int = 3) -> dict:
    """`st.dataframe`'s column_config showing `columns` to `places` decimals (cheaper than a
    pandas Styler, which formats every cell in Python on every rerun)."""
    return {c: st.column_config.NumberColumn(format=f"%.{places}f") for c in columns}


def about(seconds: float) -> str:
    """A measured duration as a student reads it: "about 10 s", "about 4 min"."""
    if seconds < 10:
        return f"about {max(round(seconds), 1)} s"
    if seconds < 55:
        return f"about {round(seconds / 5) * 5} s"
    return f"about {round(seconds / 60)} min"


def about_training(seconds: float) -> str:
    """`about(seconds)`, plus TensorFlow's import while this process has not loaded it yet."""
    import sys

    first = "keras" not in sys.modules
    return about(seconds) + (f" + {TF_IMPORT_S} s to load TensorFlow" if first else "")


def plural(count: int, noun: str) -> str:
    """ "1 step", "2 steps", "1,000 sentences": a count with its noun agreeing."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def text_from_upload(upload) -> str | None:
    """The text of an uploaded .txt file, or None after a message saying what is accepted.

    The caller falls back to the typed text, so a bad upload loses nothing.
    """
    if upload is None:
        return None
    name = upload.name or "the file"
    if not name.lower().endswith(".txt"):
        st.error(f"{name} is not a .txt file: upload plain UTF-8 text (.txt, up to 1 MB).")
        return None
    data = upload.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        st.error(f"{name} has {len(data):,} bytes; plain text up to 1 MB is accepted.")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        st.error(f"{name} is not UTF-8 text: save it as plain UTF-8 text (.txt) and upload again.")
        return None
    if not text.strip():
        st.warning(
            f"{name} is empty, so the typed text is used: upload a .txt file with text in it."
        )
        return None
    return text


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\^{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\~{}",
}


def latex_text(value: str, max_chars: int = 30) -> str:
    """`value` made safe inside `\\text{...}` of `st.latex` (special characters escaped)."""
    value = value if len(value) <= max_chars else value[: max_chars - 1] + "…"
    if value == " ":
        return r"\text{␣}"
    return r"\text{" + "".join(_LATEX_SPECIALS.get(ch, ch) for ch in value) + "}"


def text_with_examples(
    label: str, default: str, examples: tuple[str, ...], key: str, picker_label: str,
    placeholder: str = "Examples",
) -> str:  # fmt: skip
    """A text box beside a selectbox of examples; picking one copies it into the box.

    The box keeps what the student typed until they pick again (the picker has no value
    of its own once copied), so nothing typed is lost by a rerun.
    """

    def copy() -> None:
        picked = st.session_state[f"{key}_examples"]
        if picked is not None:
            st.session_state[key] = picked

    box, picker = st.columns([3, 2])
    picker.selectbox(
        picker_label, examples, index=None, key=f"{key}_examples", on_change=copy,
        placeholder=placeholder,
    )  # fmt: skip
    st.session_state.setdefault(key, default)
    return box.text_input(label, key=key)
