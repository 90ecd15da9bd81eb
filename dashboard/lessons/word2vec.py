"""Learning embeddings: skip-gram with negative sampling, trained live; GloVe's counts."""

import numpy as np
import pandas as pd
import streamlit as st

from core.embeddings import projection
from core.embeddings import word2vec as w2v
from dashboard import export, jobs
from dashboard.charts import embedding_charts
from dashboard.checks import ui as checks
from dashboard.parts import code_panel
from dashboard.state import kept_upload
from dashboard.widgets import about, about_training, text_from_upload

# Seconds per epoch on the Python docs: a linear fit in 1, w, w·(k + 1), w·d (window w,
# negatives k, dimensions d) to measured runs (docs/measurements.md).
COST = (0.62, 0.11, 0.028, 0.016)


def seconds_estimate(words: int, pydoc_words: int, dim: int, window: int, k: int, epochs: int):
    a, b, c, d = COST
    per_epoch = a + window * (b + c * (k + 1) + d * dim)
    return 3 + epochs * per_epoch * words / max(pydoc_words, 1)  # + building the model: ≈ 3 s


st.title("Learning embeddings: word2vec")
st.markdown(
    "Embeddings are learned from which words appear near which. **Skip-gram** picks a "
    "context word c and a target t within a window around it; **negative sampling** turns "
    "“predict t among all words” into k + 1 yes/no questions: is (c, t) a real pair, and "
    "are k random words (drawn from f(w)^¾) not?"
)
st.latex(
    r"P(y = 1 \mid c, t) = \sigma(\theta_t^\top e_c), \qquad "
    r"\mathcal{L} = -\log \sigma(\theta_t^\top e_c) "
    r"- \sum_{i=1}^{k} \log \sigma(-\theta_{n_i}^\top e_c)"
)
source = st.radio(
    "Corpus",
    ["Python's documentation (ships with Python)", "Pasted text"],
    horizontal=True,
    key="w2v_source",
)
if source.startswith("Pasted"):
    pasted = st.text_area("Text (a few paragraphs at least)", key="w2v_text", height=150)
    uploaded = text_from_upload(kept_upload("…or a .txt file (up to 1 MB)", key="w2v_upload"))
    text = uploaded if uploaded is not None else pasted
else:
    text = w2v.pydoc_text()
toks = w2v.tokens(text or "")
st.caption(f"{len(toks):,} words in the corpus, {len(set(toks)):,} distinct.")

c1, c2, c3, c4, c5 = st.columns(5)
dim = c1.slider("Dimensions", 10, 100, 50, 10, key="w2v_dim")
window = c2.slider("Window ±", 1, 5, 2, key="w2v_window")
k = c3.slider("Negatives k", 1, 20, 5, key="w2v_k")
epochs = c4.slider("Epochs", 1, 20, 8, key="w2v_epochs")
seed = int(c5.number_input("Seed", 0, 10_000, 0, key="w2v_seed"))


def loss_chart(losses: list[float], k: int):
    """L of the formula above (the sum of k + 1 log-losses) per pair, averaged by epoch."""
    return embedding_charts.line(
        np.arange(1, len(losses) + 1),
        {"L": np.array(losses)},
        f"Loss L per (c, t) pair: 1 + k = {k + 1} terms, mean over the epoch",
        "epoch",
        "L",
    )


pydoc_words = len(w2v.tokens(w2v.pydoc_text())) if source.startswith("Pasted") else len(toks)
estimate = seconds_estimate(len(toks), pydoc_words, dim, window, k, epochs)
if estimate > 60:
    st.warning(
        f"These settings take {about(estimate)} on a 2-core machine: the window and the "
        "negatives k multiply the work of every epoch. Lower them, or the epochs, for a quick run."
    )


def train_job(job: jobs.Job, text: str, dim: int, window: int, k: int, epochs: int, seed: int):
    """Runs as a job (dashboard/jobs.py); a failure drops the old run (it would pass for this)."""
    job.report(0.0, "Building skip-gram pairs…")

    def report(epoch: int, loss: float) -> None:
        job.report(epoch / epochs, f"Epoch {epoch}/{epochs}: loss {loss:.3f}", L=loss)

    return w2v.train(text, dim, window, k, epochs, seed, on_epoch=report)


def live_loss(snap: jobs.Snapshot, k: int) -> None:
    if snap.history.get("L"):
        export.plotly(st, loss_chart(snap.history["L"], k), key="w2v_live", data=False)


settings = (text, dim, window, k, epochs, seed)
jobs.trained("w2v_train", f"Train word2vec ({about_training(estimate)})",
             lambda job, settings=settings: train_job(job, *settings), store="w2v_run",
             draw=lambda snap, k=k: live_loss(snap, k), type="primary")  # fmt: skip

code_panel.show(w2v.train, code_panel.Raw("text"), dim, window, k, epochs, seed)
run = st.session_state.get("w2v_run")
if run is None:
    st.info(f"Press **Train word2vec**: {about(estimate)} at these settings.")
else:
    vocab = run.vocab
    st.success(
        f"Trained {len(vocab.words):,} words × {run.snapshots[-1][1].shape[1]} dimensions on "
        f"{run.pairs_per_epoch:,} (context, target) pairs per epoch in {run.seconds:.1f} s."
    )
    export.plotly(st, loss_chart(run.losses, run.negatives), key="w2v_losses")
    shown = w2v.content_words(vocab, 60)
    epoch = st.slider(
        "Embedding map after epoch",
        0,
        len(run.snapshots) - 1,
        len(run.snapshots) - 1,
        key="w2v_epoch",
    )
    vectors = run.snapshots[epoch][1]
    ids = [vocab.words.index(w) for w in shown]
    coords, _ = projection.pca(vectors[ids], 2)
    chosen = st.selectbox("Nearest neighbours of", shown, key="w2v_word")
    near = w2v.neighbours(vectors, vocab.words, chosen, 8)
    left, right = st.columns([3, 2])
    export.plotly(
        left,
        embedding_charts.word_scatter(
            coords, shown, f"60 frequent words, PCA, epoch {epoch}", chosen, [w for w, _ in near]
        ),
        key="w2v_map",
    )
    export.plotly(
        right,
        embedding_charts.neighbour_bars(near, f"Nearest to “{chosen}”, epoch {epoch}"),
        key="w2v_near",
    )
    if epoch == len(run.snapshots) - 1:
        rng = np.random.default_rng(seed)
        c_id = vocab.words.index(chosen)
        t_word = near[0][0]
        negs = rng.choice(len(vocab.words), size=k, p=w2v.sampling_distribution(vocab.counts))
        e_c = vectors[c_id]
        rows = [(t_word, 1, float(1 / (1 + np.exp(-run.theta[vocab.words.index(t_word)] @ e_c))))]
        rows += [(vocab.words[n], 0, float(1 / (1 + np.exp(-run.theta[n] @ e_c)))) for n in negs]
        st.markdown(f"**The objective on one example** — context c = “{chosen}”:")
        st.dataframe(
            pd.DataFrame(rows, columns=["target t", "label y", "σ(θ_tᵀ e_c)"]),
            hide_index=True,
            key="w2v_example",
        )

    st.header("Why f(w)^¾")
    top = list(vocab.words[:15])
    f = vocab.counts / vocab.counts.sum()
    export.plotly(
        st,
        embedding_charts.sampling_bars(
            top,
            {
                "unigram f(w)": f[:15],
                "f(w)^¾ (word2vec)": w2v.sampling_distribution(vocab.counts)[:15],
                "uniform": np.full(15, 1 / len(vocab.words)),
            },
        ),
        key="w2v_sampling",
    )
    st.caption(
        "Drawing by frequency would make almost every negative “the”; uniform draws ignore how "
        "words are used. The ¾ power sits between: frequent words less dominant, rare ones "
        "likelier."
    )

    st.header("GloVe: counting instead of predicting")
    st.latex(
        r"\min \sum_{i,j} f(X_{ij})\,\big(\theta_i^\top e_j + b_i + b'_j - \log X_{ij}\big)^2, "
        r"\quad f(x) = \begin{cases}(x / x_{max})^{3/4} & x < x_{max}\\ "
        r"1 & \text{otherwise}\end{cases}"
    )
    words = w2v.content_words(vocab, 20)
    ids = np.array([vocab.words.index(w) for w in words])
    remap = np.full(len(vocab.words), len(words))
    remap[ids] = np.arange(len(words))
    x = w2v.cooccurrence(remap[vocab.ids], len(words), window)
    left, right = st.columns([3, 2])
    export.plotly(
        left,
        embedding_charts.heatmap(
            np.log1p(x), words, words, f"log(1 + X_ij), window ±{window}", "log(1+X)"
        ),
        key="w2v_cooc",
    )
    grid = np.linspace(0, 150, 151)
    export.plotly(
        right,
        embedding_charts.line(
            grid,
            {"f(x)": w2v.glove_weight(grid)},
            "GloVe's weighting f(x), x_max = 100",
            "co-occurrence count x",
            "weight",
        ),
        key="w2v_weight",
    )
    st.caption(
        "f(0) = 0 so the many pairs that never co-occur cost nothing; frequent pairs (“the”, “of”) "
        "are capped at 1 so they do not dominate."
    )

checks.show("learning-embeddings-word2vec")
