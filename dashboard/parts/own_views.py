"""The three recurrent-network pages' views, drawn for a student's own layer (an `OwnRun`).

Same figures and formulas as for the course's models: the unrolled steps with live numbers
(RNN unrolled), ∂L/∂a⟨t⟩ over time (Vanishing & exploding gradients), every gate (Inside GRU
& LSTM gates). Computed in numpy on every rerun (a few ms), never cached across sessions.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.corpora import CHARS
from core.rnn import gradients, jacobians
from dashboard import cache, export
from dashboard.charts import equations, gate_charts, gradient_charts, rnn_charts
from dashboard.charts.rnn_diagrams import Unrolled
from dashboard.parts.own_model import OwnRun
from dashboard.widgets import ranged_slider

WINDOW = 10  # steps drawn in the unrolled diagram
GRU_COURSE = (  # reset_after=False: the course's candidate, Γr applied before the product
    r"\tilde c^{\langle t \rangle} = \tanh\left(W_c[\Gamma_r \ast a^{\langle t-1 \rangle}, "
    r"x^{\langle t \rangle}] + b_c\right) \qquad a^{\langle t \rangle} = \Gamma_u \ast "
    r"\tilde c^{\langle t \rangle} + (1 - \Gamma_u) \ast a^{\langle t-1 \rangle}"
)
ORDER = {"rnn": ("a",), "gru": ("update", "reset", "candidate", "a"),
         "lstm": ("forget", "input", "output", "candidate", "c", "a")}  # fmt: skip


def _about(run: OwnRun) -> str:
    view, p = run.view, run.view.params
    reads = " (it reads x⟨T⟩ first)" if view.direction == "backward" else ""
    return (
        f"**{run.layer.name}** of {run.file_name}: {run.layer.class_name}, n_a = {p.units}, "
        f"n_x = {p.n_x}, activation {p.activation}, {view.direction} direction{reads}; "
        f"T = {len(view.steps)} steps."
    )


def _step_labels(run: OwnRun) -> list[str]:
    """Processing order: ⟨t⟩ of the x read at each step, with the typed token if any."""
    labels = run.sequence.labels
    return [f"⟨{s}⟩{' ' + labels[s - 1] if labels[s - 1] else ''}" for s in run.view.steps]


def _per_step_output(run: OwnRun) -> tuple[np.ndarray | None, list[str]]:
    """ŷ⟨t⟩ of the whole model at each original step t, (T, k), with class names for ŷ; None
    when the model returns one vector for the sequence (many to one)."""
    y = run.output[0]
    if y.ndim != 2 or len(y) != len(run.view.steps):
        return None, []
    names = ["end", *CHARS[1:]] if y.shape[1] == len(CHARS) else [str(i) for i in range(y.shape[1])]
    return y, names


def _is_distribution(y: np.ndarray) -> bool:
    return y.size > 1 and bool(np.all(y >= 0)) and abs(float(y.sum()) - 1) < 1e-4


def _y_label(y: np.ndarray, names: list[str]) -> str:
    if y.size == 1:
        return f"{float(y[0]):.2f}"
    best = int(np.argmax(y))
    return f"'{names[best]}' {y[best]:.0%}" if _is_distribution(y) else f"max: {names[best]}"


def _x_tex(x: np.ndarray, step: int) -> str:
    """x⟨t⟩ with its numbers; a one-hot vector by the index of its 1."""
    x_t = rf"x^{{\langle {step} \rangle}}"
    if np.count_nonzero(x) == 1 and x.max() == 1.0:
        return rf"{x_t} = \text{{one-hot, 1 at index {int(np.argmax(x))} of {x.size}}}"
    return rf"{x_t} = {equations.vec(x)}"


def unrolled(run: OwnRun) -> None:
    """RNN unrolled: the diagram, the step's formula with its numbers, a⟨t⟩ at every step."""
    view, tr, kind = run.view, run.view.trace, run.view.params.kind
    T, steps = len(view.steps), view.steps
    st.header("Step through time")
    st.markdown(_about(run))
    t = ranged_slider("Time step t", 1, T, min(3, T), key="own_unr_t")
    first = min(max(1, t - WINDOW // 2), max(1, T - WINDOW + 1))
    shown = slice(first - 1, first - 1 + WINDOW)
    y, names = _per_step_output(run)
    out = [f"a⟨{i}⟩ ↑" if run.layer.sequences or i == T else "" for i in range(1, T + 1)]
    if y is not None:
        out = [f"ŷ⟨{s}⟩ {_y_label(y[s - 1], names)}" for s in steps]
    x_labels = tuple(f"x⟨{s}⟩ {run.sequence.labels[s - 1]}".strip() for s in steps)
    spec = Unrolled(x_labels[shown], tuple(out)[shown], first, t, 1, False, kind.upper())
    export.plotly(st, cache.unrolled_diagram(spec), key="own_unr_diagram", data=False)
    if not run.layer.sequences:
        st.caption("return_sequences=False: only the last a⟨T⟩ leaves the layer (many to one).")
    st.markdown(f"**Step t = {t}** (reads x⟨{steps[t - 1]}⟩) — the formula, then its numbers:")
    symbolic = equations.SYMBOLIC[kind]
    if kind == "gru" and not view.params.reset_after:
        symbolic = [symbolic[0], GRU_COURSE]
    for line in symbolic:
        st.latex(line)
    values = {"a": tr.h[0, t - 1], "a_prev": tr.h[0, t - 2] if t > 1 else 0 * tr.h[0, 0]}
    values |= {g: v[0, t - 1] for g, v in tr.gates.items()}
    if tr.c is not None:
        values["c"] = tr.c[0, t - 1]
        values["c_prev"] = tr.c[0, t - 2] if t > 1 else 0 * tr.c[0, 0]
    x_tex = rf"x^{{\langle {steps[t - 1]} \rangle}}"
    st.latex(_x_tex(view.x[0, t - 1], steps[t - 1]))
    for line in equations.numeric(kind, t, values, x_tex):
        st.latex(line)
    if y is not None and (y.shape[1] == 1 or _is_distribution(y[steps[t - 1] - 1])):
        st.latex(equations.readout(steps[t - 1], names, y[steps[t - 1] - 1]))
        st.caption("ŷ⟨t⟩ is your whole model's output at this step: this layer and the ones after.")
    if view.params.activation != "tanh":
        st.caption(f"This layer's g is {view.params.activation}, where the formula says tanh.")
    title = f"a⟨t⟩ at every step × unit ({run.layer.class_name}, n_a = {view.params.units})"
    figure = rnn_charts.state_heatmap(tr.h[0], _step_labels(run), t, title)
    export.plotly(st, figure, key="own_unr_states")
    k = view.params.W.shape[1] // view.params.units
    st.caption(
        f"The same weights at every step: W {view.params.W.shape} = Waxᵀ, U "
        f"{view.params.U.shape} = Waaᵀ ({k} block{'s' if k > 1 else ''} in Keras' order)."
    )


def gradients_view(run: OwnRun) -> None:
    """Vanishing & exploding gradients: ∂L/∂a⟨t⟩ over time through this layer."""
    view, p = run.view, run.view.params
    st.header("∂L/∂a⟨t⟩ through your layer")
    st.markdown(_about(run))
    names = {p.activation, p.recurrent_activation} if p.kind != "rnn" else {p.activation}
    unsupported = sorted(n for n in names if n not in ("tanh", "sigmoid", "relu", "linear"))
    if unsupported:
        st.info(
            f"Backpropagation here covers tanh, sigmoid, relu and linear; this layer uses "
            f"{', '.join(unsupported)}. The other two pages show it."
        )
        return
    where = st.radio("Loss at", ["last step", "every step"], horizontal=True, key="own_grad_loss")
    flow = gradients.gradient_flow(p, view.x, {"last step": "last", "every step": "every"}[where])
    logs = gradient_charts.log10_finite(flow.per_unit)[0]
    finite = np.concatenate([logs[np.isfinite(logs)], [0.0]])
    zrange = (float(np.percentile(finite, 2)), float(np.percentile(finite, 98)) + 1e-9)
    left, right = st.columns(2)
    name = f"{run.layer.name} ({p.kind.upper()})"
    heat = gradient_charts.flow_heatmap(flow.per_unit, name, zrange)
    export.plotly(left, heat, key="own_grad_heat")
    export.plotly(right, gradient_charts.flow_lines({p.kind: flow}), key="own_grad_lines")
    st.latex(
        r"L = \sum_{t \in S} v \cdot a^{\langle t \rangle},\quad v = \tfrac{1}{\sqrt{n_a}}"
        r"(1, \dots, 1):\quad \frac{\partial L}{\partial a^{\langle t-1 \rangle}} = "
        r"\frac{\partial L}{\partial a^{\langle t \rangle}}\,"
        r"\frac{\partial a^{\langle t \rangle}}{\partial a^{\langle t-1 \rangle}} + \dots"
    )
    rate = flow.decay_per_step
    if not np.isfinite(rate):
        st.caption("The gradient overflowed (∞/NaN) or is zero: it cannot be fitted.")
    else:
        way = "vanishes" if rate < 0.99 else "explodes" if rate > 1.01 else "is kept"
        total = (len(view.steps) - 1) * np.log10(rate)
        st.caption(
            f"Fitted: ×{rate:.3g} per step, so the gradient {way} (×10^{total:.1f} over "
            f"T = {len(view.steps)}), on this input with your trained weights."
        )
    if p.kind == "rnn":
        radius = jacobians.spectral_radius(p.U)
        g_prime = float(gradients.derivative(p.activation)(view.trace.h).mean())
        norms = jacobians.rnn_jacobian_norms(p, view.trace)
        jac = gradient_charts.jacobian_chart(norms, radius, g_prime)
        export.plotly(st, jac, key="own_grad_jac")
        st.caption(f"ρ(Waa) = {radius:.3f}, mean g′ on this input = {g_prime:.3f}: "
                   f"ρ · g′ = {radius * g_prime:.3f} per step.")  # fmt: skip


def gates(run: OwnRun) -> None:
    """Inside GRU & LSTM gates: every gate of this layer at every step, and one unit's numbers."""
    view, tr, kind = run.view, run.view.trace, run.view.params.kind
    st.header("Every gate, every step")
    st.markdown(_about(run))
    if kind == "rnn":
        st.info("A SimpleRNN has no gates: a⟨t⟩ = g(Waa a⟨t−1⟩ + Wax x⟨t⟩ + ba) is all of it.")
    t = ranged_slider("Step t", 1, len(view.steps), min(3, len(view.steps)), key="own_gates_t")
    values = {**{g: v[0] for g, v in tr.gates.items()}, "a": tr.h[0]}
    if tr.c is not None:
        values["c"] = tr.c[0]
    left, right = st.columns([3, 2])
    with right:
        _unit_panel(kind, values, t, view.steps[t - 1], view.params.activation)
    tokens = [run.sequence.labels[s - 1].strip("'") for s in view.steps]
    if view.direction == "backward":  # columns in reading order: name each x⟨t⟩ read
        tokens = [f"⟨{s}⟩{tok}" for s, tok in zip(view.steps, tokens, strict=True)]
    with left:
        for name in ORDER[kind]:
            signed = name in gate_charts.SIGNED
            title = gate_charts.GATE_TITLES[name]
            fig = gate_charts.gate_heatmap(values[name], tokens, title, signed, t - 1)
            export.plotly(st, fig, key=f"own_gates_heat_{name}")


@st.fragment
def _unit_panel(
    kind: str, values: dict[str, np.ndarray], t: int, reads: int, activation: str
) -> None:
    """One unit's equation at step t; a fragment, so picking a unit redraws no heatmap."""
    units = values["a"].shape[1]
    unit = ranged_slider("Unit for the equation", 0, units - 1, 0, key="own_gates_unit")
    g = {name: float(v[t - 1, unit]) for name, v in values.items()}
    prev = {name: float(v[t - 2, unit]) if t > 1 else 0.0 for name, v in values.items()}
    st.markdown(f"**Unit {unit} at t = {t}** (reads x⟨{reads}⟩):")
    escaped = activation.replace("_", r"\_")
    g_tex = r"\tanh" if activation == "tanh" else rf"\text{{{escaped}}}"
    for line in _unit_equations(kind, g, prev):
        st.latex(line.replace("g(", g_tex + "("))


def _unit_equations(kind: str, g: dict[str, float], prev: dict[str, float]) -> list[str]:
    if kind == "gru":
        return [
            r"a^{\langle t \rangle} = \Gamma_u \ast \tilde c^{\langle t \rangle}"
            r" + (1 - \Gamma_u) \ast a^{\langle t-1 \rangle}",
            rf"{g['a']:.3f} = {g['update']:.3f} \times {g['candidate']:.3f} + "
            rf"(1 - {g['update']:.3f}) \times {prev['a']:.3f}",
            rf"\Gamma_r = {g['reset']:.3f}",
        ]
    if kind == "lstm":
        return [
            r"c^{\langle t \rangle} = \Gamma_f \ast c^{\langle t-1 \rangle}"
            r" + \Gamma_u \ast \tilde c^{\langle t \rangle}",
            rf"{g['c']:.3f} = {g['forget']:.3f} \times {prev['c']:.3f} + "
            rf"{g['input']:.3f} \times {g['candidate']:.3f}",
            r"a^{\langle t \rangle} = \Gamma_o \ast g(c^{\langle t \rangle})",
            rf"{g['a']:.3f} = {g['output']:.3f} \times g({g['c']:.3f})",
        ]
    at, before = rf"a^{{\langle t \rangle}} = {g['a']:.3f}", f"{prev['a']:.3f}"
    return [rf"{at}, \quad a^{{\langle t-1 \rangle}} = {before}"]
