"""What if output t had looked elsewhere? Edit one row of α⟨t,·⟩ and decode again.

The "Translation with attention" page's what-if: a share m of output t's attention moves to
one input character, α′⟨t,t'⟩ = (1 − m) α⟨t,t'⟩ + m [t' = j], and
`core.translation.translator.with_attention` decodes greedily with that row (through
`dashboard.cache.attention_whatif`); the later steps
attend as trained, but they start from the changed state and output.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.translation import translator
from dashboard import cache, export, state
from dashboard.parts import code_panel

KEY = "nmt_whatif"


@state.fragment
def show(text: str, result, t: int, x_labels: list[str]) -> None:
    """The what-if section for output step t (0-based) of the page's greedy `result`; a
    fragment: its two controls rerun it alone, with the step chosen above."""
    st.subheader(f"What if output {t + 1} had looked elsewhere?")
    chars = result.encoded.text
    alpha = result.attention[t]
    c1, c2 = st.columns([2, 1])
    target = c1.selectbox(
        f"Move attention of output {t + 1} (“{result.steps[t].char}”) to input character",
        range(len(chars)), index=int(np.argmax(alpha[: len(chars)])),
        format_func=lambda j: x_labels[j], key=f"{KEY}_to",
    )  # fmt: skip
    mass = c2.slider("Share m of the attention moved", 0.0, 1.0, 1.0, 0.05, key=f"{KEY}_mass")
    new, row = cache.attention_whatif(text, t, min(target, len(chars) - 1), mass)
    st.latex(
        rf"\alpha'^{{\langle {t + 1},t'\rangle}} = (1 - {mass:g})\,\alpha^{{\langle {t + 1},t'"
        rf"\rangle}} + {mass:g}\,[t' = {target + 1}]"
    )
    m1, m2 = st.columns(2)
    m1.metric("Output as trained", result.output, f"P = {np.exp(result.log_prob):.3f}", "off",
              delta_arrow="off")  # fmt: skip
    m2.metric("Output with the edited row", new.output, f"P = {np.exp(new.log_prob):.3f}", "off",
              delta_arrow="off")  # fmt: skip
    changed = [i + 1 for i, (a, b) in enumerate(zip(result.output, new.output, strict=False))
               if a != b]  # fmt: skip
    y_labels = [f"{i + 1} {s.char}" for i, s in enumerate(new.steps)]
    heat = cache.attention_figure(new.attention, tuple(x_labels), tuple(y_labels), t)
    export.plotly(st, heat, key=f"{KEY}_heat")
    st.caption(
        (f"Characters {', '.join(map(str, changed))} changed. " if changed else
         "The output did not change: the context moved, but not far enough to change what "
         "the decoder writes. ")
        + f"Row {t + 1} of this heatmap is the edited one; the rows after it are the model's "
        "own attention, computed from the new state."
    )  # fmt: skip
    code_panel.show(translator.with_attention, text, t, row, code_panel.Raw("model"))
