"""Home: the course map, one card per lesson, grouped by week."""

import streamlit as st

from dashboard.checks import ui as checks
from dashboard.registry import HOME, LESSONS, built_lessons, by_section

st.title("SeqLab")
st.markdown(
    "Sequence models you can **see and touch**: every page is one idea of the "
    "*Sequence Models* course (and the time-series module), with a live model to change and watch."
)
checked, total, answered, right = checks.score(tuple(x.url_path for x in built_lessons()))
st.markdown(
    f":material/quiz: **Check yourself: {checked} of {total} checked** this session"
    + (f" · {right} of {answered} predictions right." if answered else ".")
    + " Every lesson ends with questions its own model answers: predict, then reveal."
)

for section, lessons in by_section(LESSONS).items():
    if section == HOME.section:
        continue
    st.subheader(section)
    columns = st.columns(3)
    for i, lesson in enumerate(lessons):
        with columns[i % 3].container(border=True, height="stretch"):
            if lesson.built:
                st.page_link(str(lesson.file), label=f"**{lesson.title}**", icon=lesson.icon)
            else:
                st.markdown(f"{lesson.icon} **{lesson.title}** · :gray-badge[planned]")
            st.caption(lesson.summary)

st.subheader("Using this in class")
st.markdown(
    """
- **Offline is fine.** Everything — data and trained weights — ships
  with the app or its pip packages. Install once on the network, teach without it.
- **One idea per page, left to right:** a short why, the controls, the live figures, then the
  equation in the course's notation with the current numbers beside it.
- **Seeds are visible.** Wherever chance plays a part there is a *seed* control, so the whole
  class can reproduce the picture on the projector.
- **Demo tips:** widen the browser window or zoom in (Ctrl and +) for the
  back row; the sidebar order follows the course weeks; `R` reruns a page.
- **Hosting for a class:** deploy the repository on Streamlit Community Cloud; models load once
  per server and are shared by every student.
"""
)
