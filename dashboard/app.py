"""SeqLab's one entry point: `streamlit run dashboard/app.py`.

Builds the navigation from `dashboard/registry.py`. Imports nothing heavy:
TensorFlow is imported only by the lessons that need it.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st

from dashboard.registry import HOME, built_lessons, by_section

st.set_page_config(page_title="SeqLab", page_icon=":material/timeline:", layout="wide")

pages = {
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
st.navigation(pages, expanded=True).run()
