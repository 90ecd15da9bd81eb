"""LaTeX for one recurrent step: the course's formula, then the same with live numbers."""

from __future__ import annotations

import numpy as np

SYMBOLIC = {
    "rnn": [
        r"a^{\langle t \rangle} = \tanh\left(W_{aa}\, a^{\langle t-1 \rangle} + "
        r"W_{ax}\, x^{\langle t \rangle} + b_a\right)"
    ],
    "gru": [
        r"\Gamma_u = \sigma\left(W_u [a^{\langle t-1 \rangle}, x^{\langle t \rangle}] + b_u\right)"
        r"\qquad \Gamma_r = \sigma\left(W_r [a^{\langle t-1 \rangle}, x^{\langle t \rangle}] "
        r"+ b_r\right)",
        r"\tilde c^{\langle t \rangle} = \tanh\left(W_{cx} x^{\langle t \rangle} + \Gamma_r "
        r"\ast (W_{ca} a^{\langle t-1 \rangle} + b_{ca}) + b_{cx}\right) \qquad "
        r"a^{\langle t \rangle} = \Gamma_u \ast \tilde c^{\langle t \rangle} + (1 - \Gamma_u) "
        r"\ast a^{\langle t-1 \rangle}",
    ],
    "lstm": [
        r"\Gamma_f = \sigma(W_f[a^{\langle t-1 \rangle}, x^{\langle t \rangle}] + b_f) \quad "
        r"\Gamma_u = \sigma(W_u[\cdot] + b_u) \quad \Gamma_o = \sigma(W_o[\cdot] + b_o) \quad "
        r"\tilde c^{\langle t \rangle} = \tanh(W_c[\cdot] + b_c)",
        r"c^{\langle t \rangle} = \Gamma_u \ast \tilde c^{\langle t \rangle} + \Gamma_f \ast "
        r"c^{\langle t-1 \rangle} \qquad a^{\langle t \rangle} = \Gamma_o \ast "
        r"\tanh c^{\langle t \rangle}",
    ],
}
READOUT = {
    "word": r"\hat y^{\langle t \rangle} = \mathrm{softmax}\left(W_{ya}\, a^{\langle t \rangle} "
    r"+ b_y\right)",
    "sine": r"\hat y^{\langle t \rangle} = W_{ya}\, a^{\langle t \rangle} + b_y",
}


def vec(v: np.ndarray, shown: int = 3) -> str:
    """A column vector as its first values: [0.12, −0.40, …]ᵀ with its size underneath."""
    values = " & ".join(f"{x:.2f}" for x in v[:shown])
    more = r" & \cdots" if v.size > shown else ""
    column = rf"\begin{{bmatrix}} {values}{more} \end{{bmatrix}}^{{\!T}}"
    return rf"\underset{{{v.size}\times 1}}{{{column}}}"


def numeric(kind: str, t: int, values: dict[str, np.ndarray], x_text: str) -> list[str]:
    """The step's equations with numbers, at most two vectors a line so they fit a page.

    `values` holds a_prev, a, and the gates (and c, c_prev for an LSTM) of `kind` at step t.
    """
    n_a = values["a"].size
    at, prev = rf"a^{{\langle {t} \rangle}}", rf"a^{{\langle {t - 1} \rangle}}"
    lines = [rf"{prev} = {vec(values['a_prev'])}"]
    if kind == "lstm":  # the memory cell is the LSTM's second state: c⟨t⟩ is built from it
        lines[0] += rf" \qquad c^{{\langle {t - 1} \rangle}} = {vec(values['c_prev'])}"
    if kind == "rnn":
        lines.append(
            rf"\tanh\big(\underset{{{n_a}\times{n_a}}}{{W_{{aa}}}}\, {prev} + "
            rf"\underset{{{n_a}\times n_x}}{{W_{{ax}}}}\, {x_text} + b_a\big) = "
            rf"{at} = {vec(values['a'])}"
        )
    elif kind == "gru":
        lines += [
            rf"\Gamma_u = {vec(values['update'])} \qquad \Gamma_r = {vec(values['reset'])}",
            rf"\tilde c^{{\langle {t} \rangle}} = {vec(values['candidate'])} \qquad "
            rf"{at} = \Gamma_u \ast \tilde c + (1 - \Gamma_u) \ast {prev} = {vec(values['a'])}",
        ]
    else:
        lines += [
            rf"\Gamma_f = {vec(values['forget'])} \qquad \Gamma_u = {vec(values['input'])}",
            rf"\Gamma_o = {vec(values['output'])} \qquad "
            rf"\tilde c^{{\langle {t} \rangle}} = {vec(values['candidate'])}",
            rf"c^{{\langle {t} \rangle}} = \Gamma_u \ast \tilde c + \Gamma_f \ast "
            rf"c^{{\langle {t - 1} \rangle}} = {vec(values['c'])}",
            rf"{at} = \Gamma_o \ast \tanh c^{{\langle {t} \rangle}} = {vec(values['a'])}",
        ]
    return lines


def readout(t: int, labels: list[str], y_hat: np.ndarray, top: int = 3) -> str:
    """ŷ⟨t⟩ with numbers: the `top` most likely classes, or the one predicted value."""
    if y_hat.size == 1:
        return rf"\hat y^{{\langle {t} \rangle}} = {float(y_hat[0]):.3f}"
    best = np.argsort(y_hat)[::-1][:top]
    shown = r",\; ".join(rf"P(\text{{{labels[i]}}}) = {y_hat[i]:.2f}" for i in best)
    return rf"\hat y^{{\langle {t} \rangle}}: \; {shown}, \dots \quad(\textstyle\sum = 1)"
