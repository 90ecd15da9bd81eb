"""SeqLab's one entry point: `streamlit run dashboard/app.py`.

Builds the navigation from `dashboard/registry.py`. Imports nothing heavy:
TensorFlow is imported only by the lessons that need it.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Many students' small inferences at once, each in its own script thread: one TensorFlow
# thread per op, so a student training does not take every core from the others (read when
# TensorFlow starts; measured in benchmarks/tf_threads.py). A teacher's own values win.
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "2")

import streamlit as st

from dashboard import state
from dashboard.registry import HOME, built_lessons, by_section


def _keep_keras_session() -> None:
    """Stop Streamlit from clearing the Keras session after every rerun.

    Once `keras` is imported, Streamlit's script runner calls keras.backend.clear_session()
    at the end of every run (`_clean_problem_modules`), which runs a full gc.collect(): 190 ms
    a rerun on this machine, on every page, for every student, as soon as one page has
    loaded a model. SeqLab keeps no per-run Keras state (models are built once and shared
    through st.cache_resource), so the clean-up only costs time.
    """
    from streamlit.runtime.scriptrunner import script_runner

    if hasattr(script_runner, "_clean_problem_modules"):
        script_runner._clean_problem_modules = lambda: None


_keep_keras_session()

st.set_page_config(page_title="SeqLab", page_icon=":material/timeline:", layout="wide")

PAGES = "_seqlab_pages"


def _pages() -> dict[str, list[st.Page]]:
    """The navigation's pages, built once per session rather than on every rerun: `st.Page`
    resolves and checks its file with system calls, each of which lets go of the GIL that a
    classroom's script threads then queue for (docs/measurements.md). Not shared between
    sessions: st.navigation marks the page it returns as the one to run.
    """
    if PAGES not in st.session_state:
        st.session_state[PAGES] = {
            section: [
                st.Page(
                    lesson.file,
                    title=lesson.title,
                    icon=lesson.icon,
                    url_path=lesson.url_path,
                    default=lesson is HOME,
                )
                for lesson in lessons
            ]
            for section, lessons in by_section(built_lessons()).items()
        }
    return st.session_state[PAGES]


page = st.navigation(_pages(), expanded=True)
state.note_page(page.url_path)
with state.keeping_widget_values():  # what the student set outlives the page
    page.run()
