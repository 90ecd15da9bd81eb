"""What a student did on a page survives a visit to another page: one mechanism for every page.

Streamlit forgets the value of a widget that a run does not draw, so leaving a page reset its
sliders, texts and choices. `keeping_widget_values` (around every page's run in app.py)
copies each widget's value into a private dict after the page is drawn, and in the run that
opens another page writes the copies back into session state as the app's own values,
which Streamlit keeps until the session ends; a widget picks its value up again when its page
is drawn. Written back on every rerun instead, the value sent by the server overrode a newer
one in the browser, and quick key presses on a slider were lost.

Buttons, file uploaders, audio inputs and chart selections cannot be given a value, so they are
skipped; an upload is kept as bytes by `kept_upload` instead, and trained results are kept in
session state by the pages (keyed by the settings they were trained with).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

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
T = TypeVar("T")
UPLOAD_MB = 1  # an uploader's own cap unless its page gives one (the weather CSV: 64 MB)
KEPT = "_seqlab_kept_values"  # widget key -> its value at the end of the latest run
RUN = "_seqlab_run"  # how many runs of the app this session has had
LAST_PAGE = "_seqlab_last_page"
SAME_PAGE = "_seqlab_same_page"  # True when this run draws the page the previous run drew


def _widget_values() -> dict[str, object]:
    """Every keyed, assignable widget value of this run, read without a yield point.

    Read from the SessionState behind st.session_state: after st.stop() every access through
    st.session_state raises StopException again, and the values are wanted exactly then.
    """
    from streamlit.runtime.state.session_state_proxy import get_session_state

    try:
        state = get_session_state()._state
        values = state.filtered_state
    except AttributeError:  # Streamlit's internals moved: keep nothing rather than fail
        return {}
    kept = {}
    for key, value in values.items():
        if not isinstance(key, str) or key.startswith("_") or isinstance(value, Mapping):
            continue  # ours, or a chart or table selection (read-only)
        try:
            metadata = state.get_widget_metadata(state._get_widget_id(key))
        except AttributeError:
            return {}
        if metadata is not None and metadata.value_type in ASSIGNABLE:
            kept[key] = value
    return kept


@contextmanager
def keeping_widget_values():
    """Around a page's run: give the kept values back on a page change, remember them after."""
    if not st.session_state.get(SAME_PAGE, False):
        for key, value in st.session_state.setdefault(KEPT, {}).items():
            st.session_state[key] = value
    with _remembering_widget_values():
        yield


@contextmanager
def _remembering_widget_values():
    """Remember the run's widget values at its end, also when it stops early (st.stop,
    st.rerun, a newer run): the kept dict is taken before, since st.session_state raises
    again after st.stop."""
    kept = st.session_state.setdefault(KEPT, {})
    try:
        yield
    finally:
        kept.update(_widget_values())


def fragment(part: Callable[..., T]) -> Callable[..., T]:
    """`st.fragment` for a part of a page whose widgets change nothing outside it: moving one
    reruns that part alone, not the page and its models above. A fragment reruns without
    app.py, so the part keeps its widget values itself, as `keeping_widget_values` does for a
    page: a value set in it survives a visit to another page.
    """

    @functools.wraps(part)
    def run(*args, **kwargs) -> T:
        with _remembering_widget_values():
            return part(*args, **kwargs)

    return st.fragment(run)


def note_page(name: str) -> None:
    """Record the page this run draws, so a page can tell a return from a rerun."""
    st.session_state[SAME_PAGE] = st.session_state.get(LAST_PAGE) == name
    st.session_state[RUN] = st.session_state.get(RUN, 0) + 1
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
    live = f"_kept_{key}_live"  # the last run in which the uploader held a file
    if widget is None:  # the server accepts up to maxUploadSize; a text needs 1 MB
        kwargs.setdefault("max_upload_size", UPLOAD_MB)
    upload = (widget or st.file_uploader)(label, key=key, **kwargs)
    cap = kwargs.get("max_upload_size")
    if upload is not None and cap and upload.size > cap * 2**20:  # the browser checks, we too
        st.error(f"{upload.name} has {upload.size:,} bytes; files up to {cap} MB are accepted.")
        return None
    if upload is not None:
        st.session_state[store] = KeptFile(upload.name or "the file", upload.getvalue())
        st.session_state[live] = st.session_state.get(RUN, 0)
        return st.session_state[store]
    held = st.session_state.pop(live, None)
    if held is not None and held == st.session_state.get(RUN, 0) - 1:
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
