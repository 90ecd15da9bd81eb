"""Vanishing & exploding gradients: backpropagation through time, made visible."""

import numpy as np
import streamlit as st

from core.rnn import gradients
from dashboard import cache, export, state
from dashboard.charts import gradient_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel, memory_experiment, own_model, own_views

st.title("Vanishing & exploding gradients")
st.markdown(
    "Backpropagation through time multiplies one Jacobian diag(g′)·Waa per step. When the "
    "factor ρ(Waa)·mean g′ is below 1 the product shrinks geometrically and early steps get no "
    "gradient (**vanishing**); above 1 it grows geometrically (**exploding**) until it "
    "overflows float32, Keras' default, past ≈ 3·10³⁸ (ρ = 3 over 200 steps gives ≈ 10⁹⁵). "
    "g′ ≤ 1 for tanh (≤ ¼ for sigmoid, 0 or 1 for relu), so "
    "exploding needs ρ well above 1: try ρ = 2 with *linear* or *relu*. GRU and LSTM add a "
    "gated path that lets the gradient pass."
)

own = own_model.choose()  # "Use my own model": a student's .keras, read safely
if own is not None:
    own_views.gradients_view(own)
    st.stop()

c1, c2, c3, c4 = st.columns(4)
steps = c1.slider("Sequence length T", 10, 200, 80, key="grad_T")
radius = c2.slider("Spectral radius ρ(Waa)", 0.5, 3.0, 0.9, 0.05, key="grad_radius")
activation = c3.selectbox(
    "RNN activation g",
    ["tanh", "relu", "sigmoid", "linear"],
    key="grad_act",
    help="linear: g′ = 1 everywhere, so the factor per step is ρ itself.",
)
loss_at = {"last step": "last", "every step": "every"}[
    c4.radio("Loss at", ["last step", "every step"], key="grad_loss")
]
c5, c6, c7 = st.columns(3)
init_scale = c5.slider(
    "Input weight scale",
    0.1,
    3.0,
    1.0,
    0.1,
    key="grad_init",
    help="Std of Wax × √n_x: large inputs saturate tanh and shrink g′.",
)
gate_bias = c6.slider(
    "Memory gate bias (LSTM b_f, GRU 1 − Γu)",
    0.0,
    5.0,
    2.0,
    0.5,
    key="grad_gate",
    help="Trained cells learn to open these gates.",
)
seed = int(c7.number_input("Seed", 0, 10_000, 0, key="grad_seed"))


def flow_verdict(cell: str, rate: float, steps: int) -> str:
    """One sentence on the fitted factor per step and what it does over the sequence."""
    if not np.isfinite(rate):
        return f"{cell}: the gradient overflowed (∞/NaN)."
    total = (steps - 1) * np.log10(rate)
    way = "vanishes" if rate < 0.99 else "explodes" if rate > 1.01 else "is kept"
    return (
        f"{cell}: ×{rate:.3g} per step, so the gradient {way} (×10^{total:.1f} over T = {steps})."
    )


flows, jac_norms, g_prime = cache.gradient_views(
    steps, radius, activation, init_scale, gate_bias, loss_at, seed
)
logs = [gradient_charts.log10_finite(f.per_unit)[0] for f in flows.values()]
finite = np.concatenate([v[np.isfinite(v)] for v in logs] + [np.array([0.0])])
zrange = (float(np.percentile(finite, 2)), float(np.percentile(finite, 98)) + 1e-9)

st.header("∂L/∂a⟨t⟩ for the same input, three cells")
for col, (kind, flow) in zip(st.columns(3), flows.items(), strict=True):
    export.plotly(
        col,
        gradient_charts.flow_heatmap(flow.per_unit, kind.upper(), zrange),
        key=f"grad_heat_{kind}",
    )
export.plotly(st, gradient_charts.flow_lines(flows), key="grad_lines")
cell_call = f"random_cell('rnn', 4, 16, {radius}, {init_scale}, {activation!r}, {gate_bias})"
code_panel.show(gradients.gradient_flow, code_panel.Raw(cell_call), code_panel.Raw("x"), loss_at)
rate = flows["rnn"].decay_per_step
if not np.all(np.isfinite(flows["rnn"].norms)):
    st.warning(
        "The RNN's gradient overflowed to ∞/NaN: that is an exploding gradient. "
        "Clipping (below) is the course's fix."
    )
st.latex(
    r"\frac{\partial L}{\partial a^{\langle t-1 \rangle}} = \frac{\partial L}{\partial "
    r"a^{\langle t \rangle}}\,\mathrm{diag}\big(g'(z^{\langle t \rangle})\big)\,W_{aa}"
    r"\quad\Rightarrow\quad \Big\|\frac{\partial L}{\partial a^{\langle T-k \rangle}}\Big\| "
    rf"\approx (\rho \cdot \overline{{g'}})^k = ({radius:.2f} \cdot {g_prime:.2f})^k = "
    rf"{radius * g_prime:.3f}^k"
)
st.caption(
    flow_verdict("RNN", rate, steps)
    + f" Here ρ · mean g′ = {radius:.2f} · {g_prime:.2f} = {radius * g_prime:.3f}. "
    + flow_verdict("GRU", flows["gru"].decay_per_step, steps)
    + " "
    + flow_verdict("LSTM", flows["lstm"].decay_per_step, steps)
    + " The gated cells' additive update c⟨t⟩ = Γf ∗ c⟨t−1⟩ + … carries the gradient "
    "almost unchanged while Γf ≈ 1."
)

st.header("The vanilla RNN's Jacobians")
j1, j2 = st.columns([3, 1])
export.plotly(j1, gradient_charts.jacobian_chart(jac_norms, radius, g_prime), key="grad_jac")
j2.metric("ρ(Waa)", f"{radius:.2f}")
j2.metric("mean g′ on this input", f"{g_prime:.2f}")
j2.caption(
    f"Each step multiplies by diag(g′)·Waa. On this input mean g′ = {g_prime:.2f} ({activation}), "
    + (
        f"so ρ = {radius:.2f} > 1 still vanishes: ρ · g′ = {radius * g_prime:.3f} < 1."
        if radius > 1 and radius * g_prime < 1
        else f"so ρ · g′ = {radius * g_prime:.3f}"
        + (" > 1: it explodes." if radius * g_prime > 1 else " ≤ 1: it does not grow.")
    )
    + " Larger inputs saturate tanh and sigmoid and lower g′."
)


@state.fragment
def clipping(radius: float, activation: str, init_scale: float, seed: int) -> None:
    """One SGD step with and without clipping: its three controls rerun this section alone
    (the RNN is the page's, from the sliders above)."""
    st.header("Exploding gradients and clipping")
    k1, k2, k3 = st.columns(3)
    mode = {"by value": "value", "by global norm": "norm"}[
        k1.radio("Clip", ["by global norm", "by value"], key="grad_clip_mode")
    ]
    threshold = k2.slider("Threshold", 0.1, 10.0, 1.0, 0.1, key="grad_clip_threshold")
    lr = k3.select_slider("Learning rate", [0.001, 0.01, 0.1, 1.0], value=0.1, key="grad_clip_lr")
    step = cache.clip_demo(radius, activation, init_scale, mode, threshold, lr, seed)
    m1, m2, m3 = st.columns(3)
    m1.metric("‖gradient‖ raw → clipped", f"{step.grad_norm:.3g} → {step.clipped_norm:.3g}")
    m2.metric(
        "update size lr·‖g‖",
        f"{step.clipped_update_norm:.3g}",
        delta=f"raw {step.update_norm:.3g}",
        delta_color="off",
    )
    m3.metric(
        "loss after the step (clipped)",
        f"{step.clipped_loss_after:.3g}",
        delta=f"raw step: {step.loss_after:.3g} (before: {step.loss_before:.3g})",
        delta_color="off",
    )
    export.plotly(st, gradient_charts.clip_bars(step.per_tensor), key="grad_clip_bars")
    st.latex(
        r"\text{by norm: } g \leftarrow g \cdot \frac{\tau}{\max(\|g\|, \tau)} \qquad "
        r"\text{by value: } g_i \leftarrow \min(\max(g_i, -\tau), \tau)"
    )
    st.caption(
        "One SGD step of a many-to-one regression on 16 sequences of 40 steps, with the "
        "sliders' RNN. Clipping by norm keeps the direction; by value can change it."
    )


clipping(radius, activation, init_scale, seed)

memory_experiment.show()

checks.show("vanishing-and-exploding-gradients")
