"""Translation with attention: human dates → ISO dates, with α⟨t,t'⟩ at every step."""

import numpy as np
import pandas as pd
import streamlit as st

from core.assets import AssetError
from core.translation import data as dates
from core.translation import model as date_model
from core.translation import translator
from dashboard import cache, export, state, widgets
from dashboard.charts import nmt_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, nmt_parts, nmt_whatif

st.title("Translation with attention")
st.markdown(
    "The course's translation task: read a date written the way people write it and output "
    "it as **YYYY-MM-DD**. The encoder reads every character; at each output step the "
    "decoder *attends* to the characters it needs, with weights α⟨t,t'⟩ that sum to 1."
)

GALLERY = (
    "saturday, 3rd of may 1979",
    "03.05.79",
    "may 3 1979",
    "tuesday, march 3, 2009",
    "25/12/1999",
    "03/05/1999",
    "the 21st of october, 2015",
    "thu 1 jan 70",
    "2049/12/31",
    "sept 9 99",
    "1 may",
    "hello world",
)


text = widgets.text_with_examples(
    "A date in words (any style; up to 30 characters)", "saturday, 3rd of may 1979", GALLERY,
    key="nmt_text", picker_label="Or pick a hard one", placeholder="A gallery of inputs",
)  # fmt: skip
beam_width = st.slider("Beam width B (1 = greedy)", 1, 10, 1, key="nmt_beam")

if not text.strip():
    st.info("Type a date above, e.g. *3 May 1979*, or pick one from the gallery.")
    st.stop()
try:
    result = cache.translate(text, beam_width)
except AssetError as err:
    st.error(str(err))
    st.stop()
nmt_parts.input_notes(result)

m1, m2, m3 = st.columns(3)
m1.metric("Output ŷ", result.output)
m2.metric("P(ŷ | x)", f"{np.exp(result.log_prob):.3f}")
m3.metric("Least sure step", f"{result.confidence:.3f}")


@state.fragment
def attention_steps(text: str, beam_width: int, result) -> None:
    """Where each output character looked, one step's attention and the what-if: clicking an
    output character reruns this alone, with the page's translation of its last full run."""
    chars = result.encoded.text
    x_labels = nmt_charts.input_labels(chars, dates.TX)
    y_labels = [f"{t + 1} {s.char}" for t, s in enumerate(result.steps)]
    chosen_label = st.pills(
        "Click an output character to see where it looked",
        y_labels,
        default=y_labels[0],
        key="nmt_step",
    )
    t = y_labels.index(chosen_label) if chosen_label in y_labels else 0
    alpha_t = result.attention[t]
    st.markdown(nmt_charts.highlighted_text(chars, alpha_t[: len(chars)]), unsafe_allow_html=True)
    st.caption(
        ("No output character selected, so the first is shown: " if chosen_label is None else "")
        + f"Input characters shaded by α⟨{t + 1},t'⟩ for output character {t + 1} "
        f"('{result.steps[t].char}'); the padding after the text holds "
        f"{alpha_t[len(chars) :].sum():.1%} of the attention."
    )
    export.plotly(
        st,
        nmt_charts.attention_heatmap(result.attention, x_labels, y_labels, chosen=t),
        key="nmt_heat",
    )
    code_panel.show(translator.translate, text, beam_width)

    st.subheader(f"One-step attention at t = {t + 1}")
    left, right = st.columns([3, 2])
    with left:
        st.latex(
            r"e^{\langle t,t'\rangle} = \mathrm{relu}\big(W_2 \tanh(W_1 [a^{\langle t'\rangle};"
            r" s^{\langle t-1\rangle}] + b_1) + b_2\big)"
        )
        st.latex(
            r"\alpha^{\langle t,t'\rangle} = \frac{\exp(e^{\langle t,t'\rangle})}"
            r"{\sum_{t''=1}^{T_x} \exp(e^{\langle t,t''\rangle})}, \qquad "
            r"\mathrm{context}^{\langle t\rangle} = "
            r"\sum_{t'} \alpha^{\langle t,t'\rangle} a^{\langle t'\rangle}"
        )
        top = np.argsort(-alpha_t)[:5]
        st.dataframe(
            pd.DataFrame(
                {
                    "t'": top + 1,
                    "input character": [x_labels[i].split(" ", 1)[1] for i in top],
                    "energy e⟨t,t'⟩": result.energies[t, top].round(3),
                    "α⟨t,t'⟩": alpha_t[top].round(3),
                }
            ),
            hide_index=True,
            key="nmt_top",
        )
        st.caption(
            f"Σ α over all {dates.TX} positions = {alpha_t.sum():.3f} (the softmax makes it 1)."
        )
    with right:
        step = result.steps[t]
        export.plotly(
            st,
            nmt_charts.step_probabilities(
                step.probs,
                list(dates.MACHINE_VOCAB),
                dates.MACHINE_INDEX[step.char],
                f"ŷ⟨{t + 1}⟩ = softmax(W_y s⟨{t + 1}⟩ + b_y)",
            ),
            key="nmt_probs",
        )
        code_panel.show(
            date_model.DateModel.attend,
            code_panel.Raw("model"),
            code_panel.Raw("a"),
            code_panel.Raw("a_proj"),
            code_panel.Raw("s_prev"),
        )

    nmt_whatif.show(text, result if beam_width == 1 else cache.translate(text, 1), t, x_labels)


attention_steps(text, beam_width, result)

st.subheader("The architecture, with every tensor's shape")
arch = nmt_parts.architecture_table(cache.date_model())
st.dataframe(arch, hide_index=True, height=36 * (len(arch) + 1) + 3, key="nmt_arch")
st.caption(
    f"T_x = {dates.TX} input characters over a vocabulary of {len(dates.HUMAN_VOCAB)} "
    f"(with <unk> and <pad>), T_y = {dates.TY} outputs over {len(dates.MACHINE_VOCAB)} symbols. "
    f"The decoder is also fed y⟨t−1⟩ ({date_model.N_Y_IN} values: 11 symbols and a start "
    "symbol), as in the lecture; the assignment's shortcut leaves it out, which would make "
    "beam search pointless. Inference runs these weights in numpy (tested against Keras)."
)
st.markdown(
    "**Ambiguity, settled once:** a numeric date with `/` or `-` is read month first "
    "(03/05/1999 is 5 March, as in the US), unless the first number cannot be a month "
    "(25/12/1999); a two-digit year means 1950–2049. A model cannot know the writer's "
    "locale from the string alone."
)

checks.show("translation-with-attention")
