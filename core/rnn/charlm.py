"""Character-level language models: corpora, a GRU/LSTM trained in Keras, sampling in numpy.

Course: Sequence Models, week 1 — "Language model and sequence generation", "Sampling
novel sequences" and the assignment "Dinosaur Island — Character-level language model".
The model reads one character at a time, x⟨t⟩ = y⟨t−1⟩ as a one-hot vector (x⟨1⟩ = 0⃗),
updates a⟨t⟩ with a GRU or LSTM cell (core.rnn.cells) and predicts the next character,
ŷ⟨t⟩ = softmax(Wya a⟨t⟩ + by). The end of a sequence is the character "\\n", as in the
course. Characters outside the vocabulary are read as x⟨t⟩ = 0⃗ and shown as "�".

Keras trains the model (`fit`, imported lazily); everything else is numpy, so a page can
sample, score and trace the gates (`read(...).trace`, a `cells.Trace`) without TensorFlow.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
import numpy.typing as npt

from core import assets
from core.rnn import cells
from core.rnn.activations import softmax

Array = npt.NDArray[np.float64]
END = "\n"  # the course's <EOS>: the end of a name or tune
UNKNOWN = "\ufffd"  # how a character outside the vocabulary is shown
CORPORA = ("dinosaurs", "names", "tunes")
KINDS = ("gru", "lstm")
SPLIT_SEED, VALID_FRACTION = 0, 0.1
MAX_TEXT_BYTES = 1_000_000  # pasted or uploaded text, UTF-8
MAX_TEXT_VOCAB = 100  # the most frequent characters of a pasted text; the rest are unknown
DINOSAUR_FILE = "dinosaur_genera.txt"
NAME_LOCALES = ("en_US", "en_GB", "en_IE", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "sv_SE")
TUNE_BOOKS = ("oneills1850", "ryansMammoth")
LN2 = float(np.log(2.0))


def fold(text: str) -> str:
    """Lower-case and strip accents (José → jose), as the name corpora are stored."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# ----------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Vocab:
    """Characters and their ids: id 0 is END ("\\n"); `bos` (= size) is the zero input x⟨1⟩."""

    chars: str  # chars[0] == END, then the corpus' characters sorted
    folded: bool = False  # input is lower-cased and accent-stripped first (name corpora)

    def __post_init__(self) -> None:
        if not self.chars.startswith(END) or len(set(self.chars)) != len(self.chars):
            raise ValueError(f"argument `chars` expected END then distinct characters, got "
                             f"{self.chars[:20]!r}")  # fmt: skip

    @property
    def size(self) -> int:
        return len(self.chars)

    @property
    def bos(self) -> int:
        """The start token of beam search: not a character, read as x⟨1⟩ = 0⃗."""
        return len(self.chars)

    def encode(self, text: str) -> npt.NDArray[np.int64]:
        """Ids of `text`'s characters; −1 for a character outside the vocabulary."""
        index = {ch: i for i, ch in enumerate(self.chars) if ch != END}  # a "\n" typed: unknown
        return np.array([index.get(ch, -1) for ch in self.normalise(text)], dtype=np.int64)

    def normalise(self, text: str) -> str:
        return fold(text) if self.folded else text

    def decode(self, ids: npt.ArrayLike) -> str:
        """Characters of `ids`; out-of-vocabulary ids are shown as "�"."""
        return "".join(self.chars[i] if 0 <= i < self.size else UNKNOWN for i in np.ravel(ids))

    @classmethod
    def from_sequences(cls, sequences: list[str], folded: bool = False, limit: int = 0) -> Vocab:
        """END plus the characters of `sequences` (the `limit` most frequent when > 0)."""
        counts = Counter(ch for s in sequences for ch in s)
        counts.pop(END, None)
        kept = [ch for ch, _ in counts.most_common(limit or None)]
        return cls(END + "".join(sorted(kept)), folded)


# ----------------------------------------------------------------------------- corpora


@dataclass(frozen=True)
class Corpus:
    """Sequences (names or tunes) split 90/10 with a fixed seed, and their vocabulary."""

    name: str
    train: tuple[str, ...]
    valid: tuple[str, ...]
    vocab: Vocab
    source: str  # one line of provenance


def load_corpus(name: str) -> Corpus:
    """One of CORPORA, read offline (assets/ or an installed package)."""
    loaders = {"dinosaurs": dinosaurs, "names": names, "tunes": tunes}
    if name not in loaders:
        raise ValueError(f"argument `name` expected one of {CORPORA}, got {name!r}")
    return loaders[name]()


def split(sequences: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Distinct sequences, sorted, then a fixed-seed permutation: 90% train, 10% validation."""
    distinct = sorted(set(sequences))
    order = np.random.default_rng(SPLIT_SEED).permutation(len(distinct))
    n_valid = max(1, round(VALID_FRACTION * len(distinct)))
    valid = tuple(sorted(distinct[i] for i in order[:n_valid]))
    return tuple(sorted(distinct[i] for i in order[n_valid:])), valid


def _corpus(name: str, sequences: list[str], source: str, folded: bool, limit: int = 0) -> Corpus:
    train, valid = split(sequences)
    return Corpus(name, train, valid, Vocab.from_sequences(sequences, folded, limit), source)


@lru_cache(maxsize=1)
def dinosaurs() -> Corpus:
    """1,600 dinosaur genus names (a–z), the list of the course's Dinosaur Island."""
    path = assets.resolve(DINOSAUR_FILE)
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
    return _corpus("dinosaurs", words, "dinosaur genera (Wikipedia's list), assets/", True)


@lru_cache(maxsize=1)
def names() -> Corpus:
    """First names from Faker's person providers of NAME_LOCALES.

    Each is lower-cased and accent-stripped (`fold`); names still holding anything but
    a–z and "-" after that (spaces, "Hans-J.", Polish ł) are dropped, duplicates removed.
    """
    found: set[str] = set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            found.update(fold(n) for n in getattr(provider, attr, ()))
    kept = [n for n in found if len(n) > 1 and re.fullmatch(r"[a-z]+(-[a-z]+)*", n)]
    source = f"first names of Faker {version('faker')}'s {', '.join(NAME_LOCALES)} providers"
    return _corpus("names", kept, source, True)


def music21_corpus_dir() -> Path:
    """music21's corpus folder, found without importing music21 (a slow import)."""
    spec = importlib.util.find_spec("music21")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "The tunes corpus reads ABC files shipped with music21, which is not installed: "
            "`python -m pip install music21`."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "corpus"


@lru_cache(maxsize=1)
def tunes() -> Corpus:
    """Irish folk tunes of O'Neill's 1850 and Ryan's Mammoth Collection, one line each (ABC)."""
    root = music21_corpus_dir()
    found = [
        tune
        for book in TUNE_BOOKS
        for path in sorted((root / book).glob("*.abc"))
        for tune in split_abc(path.read_text(encoding="utf-8"))
    ]
    if not found:
        raise FileNotFoundError(f"no ABC tunes under {root}/{{{','.join(TUNE_BOOKS)}}}")
    source = f"ABC tunes of music21 {version('music21')}'s corpus: {', '.join(TUNE_BOOKS)}"
    return _corpus("tunes", found, source, False)


def split_abc(text: str) -> list[str]:
    """Tunes of an ABC file as one line each: "[M:6/8][L:1/8][K:D]" + the body.

    Keeps the meter, unit length and key (as inline fields, valid ABC) and the notes;
    drops titles, notes, comments and "quoted" annotations; a key or meter change inside
    the body becomes an inline field; body lines are joined with a space.
    """
    out = []
    for block in re.split(r"(?m)^X:", text)[1:]:
        heads, body, in_body = {}, [], False
        for line in block.splitlines()[1:]:
            line = line.split("%")[0].rstrip()
            field_ = re.match(r"([A-Za-z]):\s*(.*)$", line)
            if field_:
                key, value = field_.group(1), field_.group(2).strip()
                if key in "MLK":
                    (body.append(f"[{key}:{value}]") if in_body else heads.update({key: value}))
                in_body = in_body or key == "K"
            elif line.strip() and in_body:
                body.append(line.rstrip("\\").strip())
        notes = re.sub(r"\s+", " ", re.sub(r'"[^"]*"', "", " ".join(body))).strip()
        if notes:
            out.append("".join(f"[{k}:{heads[k]}]" for k in "MLK" if k in heads) + notes)
    return out


def corpus_from_text(text: str | bytes, name: str = "text") -> Corpus:
    """A corpus from pasted or uploaded text: one sequence per distinct non-empty line.

    Accepts UTF-8 text up to MAX_TEXT_BYTES with at least 2 non-empty lines. The vocabulary
    keeps the MAX_TEXT_VOCAB most frequent characters; the rest are read as unknown.

    Raises:
        ValueError: empty, too large, not UTF-8, binary, or a single line; the message says
            what is accepted.
    """
    accepted = f"UTF-8 text (.txt) up to {MAX_TEXT_BYTES // 1_000_000} MB, one sequence a line"
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_TEXT_BYTES:
        raise ValueError(f"The text has {len(raw):,} bytes, too large: expected {accepted}.")
    try:
        decoded = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise ValueError(f"The text is not valid UTF-8 ({err.reason} at byte {err.start}): "
                         f"expected {accepted}.") from err  # fmt: skip
    controls = sum(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in decoded)
    if "\x00" in decoded or controls > 0.01 * len(decoded):
        raise ValueError(f"The file looks binary ({controls} control characters): expected "
                         f"{accepted}.")  # fmt: skip
    lines = [line.strip() for line in decoded.splitlines() if line.strip()]
    if len(set(lines)) < 2:  # repeated lines count once: the split is of distinct sequences
        raise ValueError(f"The text has {len(set(lines))} distinct non-empty line(s): expected "
                         f"{accepted}, with at least 2 different lines (one is held out for "
                         "validation).")  # fmt: skip
    return _corpus(name, lines, "pasted text", False, MAX_TEXT_VOCAB)


# ----------------------------------------------------------------------------- dataset


def make_dataset(
    sequences: tuple[str, ...] | list[str], vocab: Vocab, window: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Teacher-forcing arrays: x⟨t⟩ = y⟨t−1⟩, with x⟨1⟩ = `vocab.bos` (the zero vector).

    Each sequence s gives inputs [bos, s₁ … s_T] and targets [s₁ … s_T, END]; long ones are
    cut into chunks of `window` steps (a chunk starts from a zero state in training).
    Unknown input characters read as `bos`; unknown targets and padding get mask 0.

    Returns:
        x (N, window) input ids, y (N, window) target ids, mask (N, window) of real targets.
    """
    xs, ys = [], []
    for s in sequences:
        ids = vocab.encode(s)
        x = np.concatenate([[vocab.bos], np.where(ids < 0, vocab.bos, ids)])
        y = np.append(ids, 0)
        for start in range(0, len(y), window):
            xs.append(x[start : start + window])
            ys.append(y[start : start + window])
    steps = min(window, max(len(row) for row in ys))
    x_out = np.full((len(xs), steps), vocab.bos, np.int64)
    y_out = np.zeros((len(ys), steps), np.int64)
    mask = np.zeros((len(ys), steps), np.float32)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        x_out[i, : len(x)], y_out[i, : len(y)] = x, np.maximum(y, 0)
        mask[i, : len(y)] = y >= 0
    return x_out, y_out, mask


# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class CharLM:
    """A character model as plain arrays: the cell's weights and ŷ⟨t⟩ = softmax(Wya a⟨t⟩ + by).

    The input is one-hot, so `params.W` (n_x = vocab.size, k·n_a) holds one row per character.
    """

    vocab: Vocab
    params: cells.CellParams
    Wy: Array  # (n_a, n_y) the course's Wyaᵀ
    by: Array  # (n_y,)
    meta: dict = field(default_factory=dict, compare=False)  # corpus, training, quality

    @property
    def kind(self) -> str:
        return self.params.kind

    @property
    def max_len(self) -> int:
        """The default length limit of a sample (characters, END excluded)."""
        return int(self.meta.get("max_len", 100))


def save(model: CharLM, path: Path) -> None:
    """One .npz (float32 weights, JSON header; no pickles)."""
    p = model.params
    header = {"vocab": model.vocab.chars, "folded": model.vocab.folded, "kind": p.kind,
              "activation": p.activation, "recurrent_activation": p.recurrent_activation,
              "reset_after": p.reset_after, "meta": model.meta}  # fmt: skip
    arrays = {"W": p.W, "U": p.U, "b": p.b, "Wy": model.Wy, "by": model.by}
    with open(path, "wb") as fh:
        floats = {k: np.asarray(v, np.float32) for k, v in arrays.items()}
        np.savez_compressed(fh, header=np.array(json.dumps(header, sort_keys=True)), **floats)


def load(path: Path) -> CharLM:
    """Inverse of `save`."""
    with np.load(path, allow_pickle=False) as data:
        header = json.loads(str(data["header"]))
        g = lambda k: data[k].astype(np.float64)  # noqa: E731
        params = cells.CellParams(
            header["kind"], g("W"), g("U"), g("b"), header["activation"],
            header["recurrent_activation"], header["reset_after"],
        )  # fmt: skip
        vocab = Vocab(header["vocab"], header["folded"])
        return CharLM(vocab, params, g("Wy"), g("by"), header["meta"])


def shipped_file(corpus: str, kind: str) -> str:
    return f"charlm_{corpus}_{kind}.npz"


def load_shipped(corpus: str = "dinosaurs", kind: str = "gru") -> CharLM:
    """The model `python -m core.train charlm` shipped for `corpus` and `kind`."""
    if corpus not in CORPORA or kind not in KINDS:
        raise ValueError(f"expected a corpus in {CORPORA} and a kind in {KINDS}, "
                         f"got {corpus!r} and {kind!r}")  # fmt: skip
    return load(assets.resolve(shipped_file(corpus, kind)))


# ----------------------------------------------------------------------------- numpy inference


def one_hot(ids: npt.ArrayLike, size: int) -> Array:
    """x⟨t⟩ for input ids of any shape; `bos`, unknown (−1) and padding give 0⃗."""
    ids = np.asarray(ids)
    valid = (ids >= 0) & (ids < size)
    hot = (np.where(valid, ids, 0)[..., None] == np.arange(size)) & valid[..., None]
    return hot.astype(np.float64)


@dataclass(frozen=True)
class Reading:
    """The model reading a text: every a⟨t⟩, gate and ŷ⟨t⟩, and the bits of each character."""

    chars: str  # the text as read (unknown shown as "�"), then END: the targets y⟨t⟩
    targets: npt.NDArray[np.int64]  # (T+1,) ids of `chars`; −1 unknown
    trace: cells.Trace  # batch of 1; trace.h[0, t] is a⟨t+1⟩ after reading x⟨t+1⟩
    probs: Array  # (T+1, n_y) ŷ⟨t⟩, the distribution over the character at position t
    bits: Array  # (T+1,) −log2 ŷ⟨t⟩[y⟨t⟩]; NaN where y⟨t⟩ is unknown


def read(model: CharLM, text: str) -> Reading:
    """Run the model over `text` + END with teacher forcing, in numpy (`cells.forward`)."""
    targets = np.append(model.vocab.encode(text), 0)
    x = one_hot(np.concatenate([[model.vocab.bos], targets[:-1]]), model.vocab.size)
    tr = cells.forward(model.params, x[None])
    probs = softmax(tr.h[0] @ model.Wy + model.by)  # (T+1, n_y)
    picked = probs[np.arange(len(targets)), np.maximum(targets, 0)]
    bits = np.where(targets >= 0, -np.log2(np.maximum(picked, 1e-300)), np.nan)
    return Reading(model.vocab.decode(targets), targets, tr, probs, bits)


def bits_per_char(model: CharLM, text: str) -> Array:
    """−log2 P(character | the ones before) for each character of `text` and then END.

    Shapes: (len(text) + 1,); NaN for characters outside the vocabulary.
    """
    return read(model, text).bits


def corpus_bits_per_char(model: CharLM, sequences: tuple[str, ...] | list[str]) -> float:
    """Mean bits per character over every sequence (END included, unknown targets skipped)."""
    total, count = 0.0, 0
    ordered = sorted(sequences, key=len)
    for start in range(0, len(ordered), 256):  # batches of similar length, one forward each
        x, y, mask = make_dataset(ordered[start : start + 256], model.vocab, 1 << 30)
        h = cells.forward(model.params, one_hot(x, model.vocab.size)).h
        logits = h @ model.Wy + model.by  # (m, T, n_y)
        logits -= logits.max(axis=-1, keepdims=True)
        log_p = np.take_along_axis(logits, y[..., None], -1)[..., 0] - np.log(
            np.exp(logits).sum(axis=-1)
        )
        total -= float((log_p * mask).sum())
        count += int(mask.sum())
    return total / count / LN2


def bigram_bits_per_char(corpus: Corpus) -> float:
    """The baseline: add-one smoothed P(y⟨t⟩ | y⟨t−1⟩) from `corpus.train`, on `corpus.valid`."""
    vocab = corpus.vocab
    counts = np.ones((vocab.size + 1, vocab.size))  # row `bos`: the first character
    x, y, mask = make_dataset(corpus.train, vocab, 1 << 30)
    np.add.at(counts, (x[mask > 0], y[mask > 0]), 1.0)
    log_p = np.log(counts / counts.sum(axis=1, keepdims=True))
    x, y, mask = make_dataset(corpus.valid, vocab, 1 << 30)
    return float(-log_p[x[mask > 0], y[mask > 0]].sum() / mask.sum() / LN2)


# ----------------------------------------------------------------------------- sampling


@dataclass(frozen=True)
class Sample:
    """A sampled sequence and, per drawn character, the distribution it was drawn from."""

    text: str  # prefix (as read, unknown shown as "�") + drawn characters, END excluded
    prefix: str  # the prefix as read
    top: tuple[tuple[tuple[str, float], ...], ...]  # per draw: ≤10 (char, p), p > 0, best first
    chosen: tuple[float, ...]  # per draw: p of the drawn character
    ended: bool  # the model drew END (False: stopped at max_len)


def step(model: CharLM, x_id: int, a_prev: Array, c_prev: Array) -> tuple[Array, Array, Array]:
    """One time step: (logits Wya a⟨t⟩ + by, a⟨t⟩, c⟨t⟩) after reading the id `x_id`.

    Shapes: a_prev, c_prev (1, n_a); logits (n_y,). c is unused (returned as is) by a GRU.
    """
    x_t = one_hot([x_id], model.vocab.size)
    if model.kind == "lstm":
        rec = cells.lstm_step(model.params, x_t, a_prev, c_prev)
        a, c = rec["a"], rec["c"]
    else:
        a, c = cells.gru_step(model.params, x_t, a_prev)["a"], c_prev
    return (a @ model.Wy + model.by)[0], a, c


def distribution(logits: Array, temperature: float, top_k: int | None) -> Array:
    """The softmax the sampler draws from: only the top_k largest logits, divided by T.

    Temperature 0 is greedy: the draw is the argmax, and the distribution returned (shown
    as `.top`) is the softmax at T = 1 over the top_k. top_k None, 0 or ≥ vocabulary: no cut.
    """
    z = np.asarray(logits, np.float64) / (temperature if temperature > 0 else 1.0)
    if top_k and top_k < z.size:
        cut = np.argsort(-z, kind="stable")[top_k:]
        z = z.copy()
        z[cut] = -np.inf
    return softmax(z)


def _check_sampling(temperature: float, top_k: int | None, max_len: int) -> None:
    if not np.isfinite(temperature) or temperature < 0:
        raise ValueError(f"argument `temperature` expected a number ≥ 0, got {temperature}")
    if top_k is not None and (int(top_k) != top_k or top_k < 0):
        raise ValueError(f"argument `top_k` expected None or an integer ≥ 0, got {top_k}")
    if int(max_len) != max_len or max_len < 1:
        raise ValueError(f"argument `max_len` expected a positive integer, got {max_len}")


def sample(
    model: CharLM,
    prefix: str = "",
    temperature: float = 1.0,
    top_k: int | None = None,
    max_len: int | None = None,
    seed: int | None = None,
) -> Sample:
    """Draw one sequence, character by character, feeding each draw back as x⟨t+1⟩.

    Args:
        model: a trained `CharLM`.
        prefix: characters read first (teacher-forced); unknown ones read as 0⃗.
        temperature: T in softmax(z / T); 0 = greedy (argmax).
        top_k: draw only among the k most likely; None, 0 or ≥ vocabulary = no cut.
        max_len: most characters in `.text` (prefix included); None = `model.max_len`.
        seed: of numpy's generator; the same seed gives the same sample.

    Raises:
        ValueError: negative or NaN temperature, negative or fractional top_k, a max_len
            below 1, or a prefix longer than max_len.
    """
    max_len = model.max_len if max_len is None else max_len
    _check_sampling(temperature, top_k, max_len)
    ids = model.vocab.encode(prefix)
    if len(ids) > max_len:
        raise ValueError(f"argument `prefix` has {len(ids)} characters, more than "
                         f"`max_len` = {max_len}; shorten it or raise max_len.")  # fmt: skip
    rng = np.random.default_rng(seed)
    a = c = np.zeros((1, model.params.units))
    x_id = model.vocab.bos
    for i in ids:  # read the prefix
        _, a, c = step(model, x_id, a, c)
        x_id = int(i)
    drawn, top, chosen = [], [], []
    while len(ids) + len(drawn) < max_len:
        logits, a, c = step(model, x_id, a, c)
        p = distribution(logits, temperature, top_k)
        if temperature == 0:
            x_id = int(np.argmax(p))
        else:
            x_id = min(int(np.searchsorted(np.cumsum(p), rng.random() * p.sum())), p.size - 1)
        best = np.argsort(-p, kind="stable")[:10]
        top.append(tuple((model.vocab.chars[j], float(p[j])) for j in best if p[j] > 0))
        chosen.append(float(p[x_id]))
        if x_id == 0:
            break
        drawn.append(x_id)
    read_prefix = model.vocab.decode(ids)
    text = read_prefix + model.vocab.decode(drawn)
    return Sample(text, read_prefix, tuple(top), tuple(chosen), x_id == 0)


# ----------------------------------------------------------------------------- beam search


def log_prob_fn(model: CharLM) -> Callable[[list[list[int]]], Array]:
    """`log_prob_fn` for core.translation.beam: bos = `model.vocab.bos`, eos = 0 (END).

    Prefixes are [bos, ids…]; a beam's prefixes of equal length run as one batch through
    `cells.forward` (x⟨1⟩ = 0⃗). Returns (len(prefixes), vocab.size) log-probabilities.
    """

    def fn(prefixes: list[list[int]]) -> Array:
        out = np.empty((len(prefixes), model.vocab.size))
        by_length: dict[int, list[int]] = {}
        for i, prefix in enumerate(prefixes):
            by_length.setdefault(len(prefix), []).append(i)
        for rows in by_length.values():
            x = one_hot(np.array([prefixes[i] for i in rows]), model.vocab.size)
            h = cells.forward(model.params, x).h[:, -1]  # (m, n_a)
            logits = h @ model.Wy + model.by
            logits -= logits.max(axis=1, keepdims=True)
            out[rows] = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return out

    return fn


# ----------------------------------------------------------------------------- training (Keras)


@dataclass(frozen=True)
class TrainConfig:
    """How `fit` trains: one-hot → GRU/LSTM(units) → Dense softmax, Adam, optional clipping."""

    kind: str = "gru"
    units: int = 64
    epochs: int = 12
    batch_size: int = 32
    learning_rate: float = 0.005
    clipnorm: float | None = None  # rescale each weight's gradient to this norm when larger
    clipvalue: float | None = None  # clip each gradient entry to [−clipvalue, clipvalue]
    # (at most one of the two, as Keras' optimizers allow)
    window: int = 100  # longer sequences are cut into chunks of this many steps
    max_seconds: float | None = None  # stop after the batch that passes this time
    seed: int = 0


DEFAULTS = {  # the shipped recipes, chosen by validation bits/char (docs/charlm.md)
    "dinosaurs": TrainConfig(),
    "names": TrainConfig(),
    "tunes": TrainConfig(units=192, epochs=8, batch_size=64),  # ≈ 3 min on 2 cores
    "text": TrainConfig(epochs=10, max_seconds=60.0),
}


@dataclass(frozen=True)
class FitResult:
    model: CharLM
    history: dict[str, list[float]]  # per epoch: "bits_per_char", "val_bits_per_char"
    seconds: float


def build(kind: str, units: int, vocab_size: int):
    """The Keras network; its frozen "x" embedding is the one-hot table [I; 0⃗] (row bos = 0⃗)."""
    import keras

    table = np.vstack([np.eye(vocab_size), np.zeros((1, vocab_size))])
    rnn = {"gru": keras.layers.GRU, "lstm": keras.layers.LSTM}[kind]
    return keras.Sequential([
        keras.Input((None,), dtype="int32"),
        keras.layers.Embedding(vocab_size + 1, vocab_size, trainable=False, name="x",
                               embeddings_initializer=keras.initializers.Constant(table)),
        rnn(units, return_sequences=True, name="recurrent"),
        keras.layers.Dense(vocab_size, name="y"),  # logits; the loss applies the softmax
    ])  # fmt: skip


def to_charlm(net, vocab: Vocab, meta: dict | None = None) -> CharLM:
    """The Keras network's weights as a numpy `CharLM`."""
    Wy, by = (np.asarray(v, np.float64) for v in net.get_layer("y").get_weights())
    params = cells.params_from_layer(net.get_layer("recurrent"))
    return CharLM(vocab, params, Wy, by, dict(meta or {}))


def fit(
    corpus: Corpus,
    config: TrainConfig | None = None,
    on_epoch: Callable[[int, dict, CharLM], None] | None = None,
) -> FitResult:
    """Train a character model on `corpus.train`, validating on `corpus.valid` every epoch.

    Args:
        corpus: from `load_corpus` or `corpus_from_text`.
        config: None = `DEFAULTS[corpus.name]`.
        on_epoch: called after each epoch with (epoch from 0, logs, the model so far) where
            logs has "bits_per_char" and "val_bits_per_char" (on `window`-step chunks) and
            "seconds"; the model is a numpy `CharLM`, ready to `sample`.
    """
    import keras
    import tensorflow as tf

    config = config or DEFAULTS.get(corpus.name, DEFAULTS["text"])
    if config.kind not in KINDS:
        raise ValueError(f"argument `kind` expected one of {KINDS}, got {config.kind!r}")
    clips = {"clipnorm": config.clipnorm, "clipvalue": config.clipvalue}
    if None not in clips.values() or any(v is not None and not v > 0 for v in clips.values()):
        raise ValueError(f"arguments `clipnorm` and `clipvalue` expected at most one positive "
                         f"number, got {clips}")  # fmt: skip
    keras.utils.set_random_seed(config.seed)
    tf.config.experimental.enable_op_determinism()
    x, y, mask = make_dataset(corpus.train, corpus.vocab, config.window)
    x_val, y_val, mask_val = make_dataset(corpus.valid, corpus.vocab, config.window)
    net = build(config.kind, config.units, corpus.vocab.size)
    net.compile(
        optimizer=keras.optimizers.Adam(config.learning_rate, clipnorm=config.clipnorm,
                                        clipvalue=config.clipvalue),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        weighted_metrics=[keras.metrics.SparseCategoricalCrossentropy(from_logits=True,
                                                                      name="xent")],
    )  # fmt: skip
    longest = max(len(s) for s in corpus.train)
    meta = {"corpus": corpus.name, "max_len": int(min(1000, 1.5 * longest) + 1),
            "config": config.__dict__}  # fmt: skip
    history: dict[str, list[float]] = {"bits_per_char": [], "val_bits_per_char": []}
    start = time.perf_counter()

    class Report(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if config.max_seconds and time.perf_counter() - start > config.max_seconds:
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            logs = {"bits_per_char": logs["xent"] / LN2, "val_bits_per_char":
                    logs["val_xent"] / LN2, "seconds": time.perf_counter() - start}  # fmt: skip
            for key in history:
                history[key].append(float(logs[key]))
            if on_epoch is not None:
                on_epoch(epoch, logs, to_charlm(self.model, corpus.vocab, meta))

    net.fit(x, y, sample_weight=mask, validation_data=(x_val, y_val, mask_val),
            epochs=config.epochs, batch_size=config.batch_size, shuffle=True, verbose=0,
            callbacks=[Report()])  # fmt: skip
    seconds = time.perf_counter() - start
    model = to_charlm(net, corpus.vocab, {**meta, "epochs": len(history["bits_per_char"]),
                                          "train_seconds": round(seconds, 1)})  # fmt: skip
    return FitResult(model, history, seconds)
