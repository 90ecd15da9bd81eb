"""What a student did on a page survives a visit to another page: one mechanism for every page.

Streamlit forgets the value of a widget that a run does not draw, so leaving a page reset its
sliders, texts and choices. `keep_widget_values` (called by app.py before every page) writes
each widget's value back into session state as the app's own value, which Streamlit keeps
until the session ends; the widget picks it up again when its page is drawn.

Buttons, file uploaders, audio inputs and chart selections cannot be given a value, so they are
skipped; an upload is kept as bytes by `kept_upload` instead, and trained results are kept in
session state by the pages (keyed by the settings they were trained with).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

# Widget value types that st.session_state may set (sliders, inputs, selects, checkboxes, radios).
# Buttons are "trigger_value", uploads and recordings "file_uploader_state_value".
ASSIGNABLE = frozenset(
    {
        "bool_value",
        "int_value",
        "double_value",
        "string_value",
        "double_array_value",
        "int_array_value",
        "string_array_value",
    }
)
LAST_PAGE = "_seqlab_last_page"
SAME_PAGE = "_seqlab_same_page"  # True when this run draws the page the previous run drew


def _value_type(key: str) -> str | None:
    """The value type of the widget drawn with `key` in an earlier run, or None if none was."""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    try:
        state = get_session_state()._state  # the SessionState behind st.session_state
        metadata = state.get_widget_metadata(state._get_widget_id(key))
    except AttributeError:  # Streamlit's internals moved: keep nothing rather than fail
        return None
    return None if metadata is None else metadata.value_type


def keep_widget_values() -> None:
    """Copy every assignable widget value into session state, so it outlives its page."""
    for key in list(st.session_state.keys()):
        if not isinstance(key, str) or key.startswith("_"):
            continue
        if _value_type(key) not in ASSIGNABLE:
            continue
        value = st.session_state[key]
        if isinstance(value, Mapping):  # chart and table selections: read-only
            continue
        st.session_state[key] = value


def note_page(name: str) -> None:
    """Record the page this run draws, so a page can tell a return from a rerun."""
    st.session_state[SAME_PAGE] = st.session_state.get(LAST_PAGE) == name
    st.session_state[LAST_PAGE] = name


@dataclass(frozen=True)
class KeptFile:
    """An uploaded file kept as bytes: the same `.name`, `.size` and `.getvalue()` as an upload."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def getvalue(self) -> bytes:
        return self.data


def kept_upload(label: str, key: str, widget=None, **kwargs) -> KeptFile | None:
    """`st.file_uploader` (or `widget`, e.g. st.audio_input) whose file is kept for the session.

    The uploader itself starts empty when its page is drawn again; the kept file is used
    then, named under the uploader with a button to forget it. Removing the file from the
    uploader (its ×) forgets it too.
    """
    store = f"_kept_{key}"
    live = f"_kept_{key}_live"  # the uploader held a file in the previous run of this page
    upload = (widget or st.file_uploader)(label, key=key, **kwargs)
    if upload is not None:
        st.session_state[store] = KeptFile(upload.name or "the file", upload.getvalue())
        st.session_state[live] = True
        return st.session_state[store]
    if st.session_state.pop(live, False) and st.session_state.get(SAME_PAGE, False):
        st.session_state.pop(store, None)  # the student removed it with the uploader's ×
        return None
    kept = st.session_state.get(store)
    if kept is None:
        return None
    text, forget = st.columns([4, 1])
    text.caption(f"Using **{kept.name}** ({kept.size:,} bytes), given earlier in this session.")
    if forget.button("Forget it", key=f"{key}_forget"):
        st.session_state.pop(store, None)
        st.rerun()
    return kept
