"""Show the code: the core function behind a figure, read from the installed module, and the call.

`inspect.getsource` reads the function from the file Python imported, so the panel always
shows the code that ran; the call line is written from the arguments the page passed, with
arrays summarised by their shape (the numbers themselves are on the chart and in its CSV).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import lru_cache

import numpy as np
import streamlit as st

MAX_REPR = 60  # characters of one argument's repr before it is cut


class Raw(str):
    """An argument shown as written, not as a value: `Raw("model")` shows `model`."""


def dotted_name(func: Callable) -> str:
    """`core.translation.beam.beam_search` for the function `beam_search`."""
    return f"{func.__module__}.{func.__qualname__}"


@lru_cache(maxsize=256)
def source_of(func: Callable) -> str:
    """The function's source as installed (its decorators included)."""
    return inspect.getsource(inspect.unwrap(func))


SIMPLE = (type(None), bool, int, float, str, bytes, np.integer, np.floating, np.bool_)


def _plain(value, depth: int = 0) -> bool:
    """Whether `value` is short data whose repr is cheap: scalars, and small lists, tuples
    and dataclasses of them (a dataclass of arrays, a long list: repr costs milliseconds)."""
    if isinstance(value, SIMPLE):
        return True
    if depth > 2:
        return False
    if isinstance(value, list | tuple):
        return len(value) <= 16 and all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return len(value) <= 16 and all(_plain(v, depth + 1) for v in (*value, *value.values()))
    if is_dataclass(value) and not isinstance(value, type):
        return all(_plain(getattr(value, f.name), depth + 1) for f in fields(value))
    return False


def argument(value) -> str:
    """One argument as the call line shows it: short values as Python, arrays by shape,
    anything bigger by its type (and shape or length)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, np.ndarray):
        return f"<array {value.shape} {value.dtype}>"
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    name = type(value).__name__
    if not _plain(value):
        if isinstance(value, list | tuple):
            return f"<{name} of {len(value)}>"
        shape = getattr(value, "shape", None)
        return f"<{name} {tuple(shape)}>" if isinstance(shape, tuple) else f"<{name}>"
    text = repr(value)
    if isinstance(value, list | tuple) and len(text) > MAX_REPR:
        return f"<{name} of {len(value)}>"
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 4] + "…" + text[-3:]


def call_line(func: Callable, *args, **kwargs) -> str:
    """`module.function(arg, name=value)` with the page's own arguments."""
    parts = [argument(a) for a in args] + [f"{k}={argument(v)}" for k, v in kwargs.items()]
    module = func.__module__.rsplit(".", 1)
    head = f"from {module[0]} import {module[1]}\n\n" if len(module) == 2 else ""
    name = f"{module[-1]}.{func.__qualname__}" if len(module) == 2 else func.__qualname__
    return f"{head}{name}({', '.join(parts)})"


def show(func: Callable, *args, where=None, **kwargs) -> None:
    """An expander under a figure: the call with this page's arguments, then the function.

    Args:
        func: the core function whose numbers the figure draws.
        args, kwargs: the arguments the page called it with (summarised for display).
        where: `st` (default) or a container to draw the expander in.
    """
    where = where or st
    with where.expander(f"Show the code: `{dotted_name(func)}`", icon=":material/code:"):
        st.caption("The call this page made, with its arguments:")
        st.code(call_line(func, *args, **kwargs), language="python")
        path = inspect.getsourcefile(func) or "?"
        short = path[path.rfind("core/") :] if "core/" in path else path
        st.caption(f"The function, as installed ({short}):")
        st.code(source_of(func), language="python", line_numbers=True)
