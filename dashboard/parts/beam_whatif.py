"""What if the search had to say this? Force a symbol into a hypothesis, watch beam search go on.

Seq2Seq-Vis' what-if on the "Beam search" page: keep the first t − 1 symbols of one output,
force another symbol at step t, and `core.translation.beam.beam_search(forced=…)` searches on
from that prefix with the same B and α.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import cache, export, state

KEY = "beam_whatif"


@state.fragment
def show(
    search, label: Callable[[int], str], render: Callable, rerun: Callable, show_pruned: int,
    settings: tuple,
) -> None:  # fmt: skip
    """The what-if section under the page's tree, a fragment: its three controls rerun it
    alone, with the page's search and settings of its last full run.

    Args:
        search: the page's `BeamResult`.
        label: a token id as the tree shows it; render: an output's tokens as text.
        rerun: `forced -> BeamResult`, the page's search forced to start with `forced`.
        show_pruned: pruned candidates drawn per node, as in the page's tree.
        settings: what `rerun` searches with besides `forced` (model, input, B, α…): the
            key of the cached tree figure.
    """
    st.subheader("What if: force the next symbol")
    st.markdown(
        "As in Seq2Seq-Vis: pick an output, keep its first t − 1 symbols, **force** another "
        "symbol at step t, and let the search carry on from there with the same B and α. "
        "Does it recover, and what does the detour cost in Σ log P?"
    )
    finals = search.hypotheses[: search.beam_width]
    symbols = sorted({n.token for n in search.tree if n.step == 1})  # every symbol scored
    c1, c2, c3 = st.columns(3)
    pick = c1.selectbox(
        "Output of the beam", range(len(finals)), key=f"{KEY}_hyp",
        format_func=lambda i: f"{i + 1}: {render(finals[i].tokens) or '(empty)'}",
    )  # fmt: skip
    tokens = finals[min(pick, len(finals) - 1)].tokens
    t = c2.slider("Step t", 1, max(len(tokens), 2), 1, key=f"{KEY}_step") if len(tokens) > 1 else 1
    t = min(t, len(tokens))
    own = tokens[t - 1]
    symbol = c3.selectbox(
        f"Force y⟨{t}⟩ to be", symbols, index=symbols.index(own) if own in symbols else 0,
        format_func=label, key=f"{KEY}_symbol_{pick}_{t}",
    )  # fmt: skip
    forced = (*tokens[: t - 1], int(symbol))
    try:
        result = rerun(forced)
    except ValueError as err:
        st.warning(f"{err}: pick another symbol.")
        return
    best, own_best = result.best, search.best
    m1, m2 = st.columns(2)
    m1.metric("The search's own best", render(own_best.tokens) or "(empty)",
              f"Σ log P = {own_best.log_prob:.3f}", "off", delta_arrow="off")  # fmt: skip
    m2.metric(f"Best after forcing “{label(int(symbol))}” at t = {t}", render(best.tokens) or
              "(empty)", f"Σ log P = {best.log_prob:.3f}", "off", delta_arrow="off")  # fmt: skip
    labels = tuple(label(i) for i in range(max(symbols) + 1))
    fig = cache.beam_tree_figure(result, (*settings, forced), labels, show_pruned)
    export.plotly(st, fig, key=f"{KEY}_tree")
    cost = own_best.log_prob - best.log_prob
    st.caption(
        f"Forced prefix: {' '.join(label(i) for i in forced)}. "
        + (
            "That is the search's own choice: nothing changes."
            if tuple(best.tokens[: len(forced)]) == tuple(own_best.tokens[: len(forced)])
            else f"The detour costs {cost:.3f} nats of log-probability; after it the search "
            "picks the likeliest continuation of the forced prefix, which can differ from "
            "the rest of the original output."
        )
    )
