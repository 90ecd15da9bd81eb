"""Draw a page's check-yourself questions, and the session's score for Home.

Predict, then reveal: the student commits to a choice or a number, then asks; only then does
the question run the page's model (`Check.reveal`), once, and the result is kept in session
state. Each question's inputs come from a seed drawn once per session (so neighbours get
different questions) and moved on by "New question".
"""

from __future__ import annotations

import secrets
import zlib

import numpy as np
import streamlit as st

from core.assets import AssetError
from dashboard import state
from dashboard.checks.base import QUESTIONS, Check, Question, Reveal, is_right

REVEALED = "_chk_revealed"  # (page, name, seed, prompt crc) -> (given, Reveal, right)


def _seed_key(q: Question) -> str:
    return f"_chk_seed_{q.page}_{q.name}"


def _new_question(seed_key: str) -> None:
    st.session_state[seed_key] = st.session_state.get(seed_key, 0) + 1


def _shown(value: str | float) -> str:
    return value if isinstance(value, str) else f"{value:,.4g}"


def _answer_widget(check: Check, key: str, locked: bool):
    if check.options:
        return st.segmented_control(
            "Your prediction", check.options, key=key, disabled=locked, width="stretch"
        )
    low, high, step = check.bounds
    if all(float(v).is_integer() for v in check.bounds):
        low, high, step = int(low), int(high), int(step)
    return st.number_input("Your prediction", low, high, low, step, key=key, disabled=locked)


def _verdict(given, reveal: Reveal, right: bool) -> None:
    text = f"the answer is **{_shown(reveal.answer)}**"
    if not isinstance(reveal.answer, str) and reveal.tolerance:
        text += f" (± {_shown(reveal.tolerance)} counts)"
    if right:
        st.success(f"Right: {text}.", icon=":material/check_circle:")
    else:
        st.error(f"Not this time: you said {_shown(given)}; {text}.", icon=":material/cancel:")
    st.markdown(reveal.why)


def _one(q: Question, number: int) -> None:
    seed_key = _seed_key(q)
    if seed_key not in st.session_state:
        st.session_state[seed_key] = secrets.randbelow(1_000_000)
    seed = int(st.session_state[seed_key])
    try:
        check = q.ask(np.random.default_rng(seed))
    except AssetError as err:  # the page says so too; the question waits for the file
        st.info(f"Question {number} needs a shipped file: {err}")
        return
    crc = zlib.crc32(f"{seed}|{check.prompt}|{check.options}".encode())
    ident = (q.page, q.name, seed, crc)
    key = f"chk_{q.page}_{q.name}_{crc}"
    revealed = st.session_state.setdefault(REVEALED, {})
    done = revealed.get(ident)
    with st.container(border=True, key=f"chk_box_{q.page}_{q.name}"):
        st.markdown(f"**{number}.** {check.prompt}")
        given = _answer_widget(check, key, locked=done is not None)
        left, right, _ = st.columns([1, 1, 3])
        ask = left.button(
            "Reveal",
            key=f"{key}_reveal",
            type="primary",
            disabled=given is None or done is not None,
        )
        right.button("New question", key=f"chk_{q.page}_{q.name}_new", on_click=_new_question,
                     args=(seed_key,))  # fmt: skip
        if ask and done is None:
            with st.spinner("Asking the model…"):
                try:
                    reveal = check.reveal()
                except AssetError as err:
                    st.info(f"The model this question asks is missing: {err}")
                    return
            done = revealed[ident] = (given, reveal, is_right(reveal, given))
        if done is not None:
            _verdict(*done)


def show(page: str) -> None:
    """The questions registered for `page` (its url_path), under a "Check yourself" header."""
    questions = QUESTIONS.get(page, [])
    if not questions:
        return
    st.header("Check yourself")
    st.caption(
        "Predict first, then reveal: the answer is computed by this page's model for the "
        "question's inputs, not looked up. *New question* draws other inputs. Your score is "
        "on Home (this session only)."
    )
    _questions(page)


@state.fragment
def _questions(page: str) -> None:
    """The questions, as a fragment: answering, revealing or drawing a new one reruns them
    alone, not the page and its models above."""
    for number, q in enumerate(QUESTIONS[page], start=1):
        _one(q, number)


def score(pages: tuple[str, ...]) -> tuple[int, int, int, int]:
    """(questions checked, questions on `pages`, answers revealed, answers right)."""
    revealed = st.session_state.get(REVEALED, {})
    mine = {k: v for k, v in revealed.items() if k[0] in pages}
    checked = len({(page, name) for page, name, _, _ in mine})
    total = sum(len(QUESTIONS.get(page, [])) for page in pages)
    return checked, total, len(mine), sum(1 for _, _, right in mine.values() if right)
