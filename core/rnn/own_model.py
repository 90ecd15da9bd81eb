"""A student's own Keras model, run in numpy from its weights: every layer up to the chosen one.

Course: Sequence Models, week 1 — the RNN, GRU and LSTM a student builds in the notebooks,
bidirectional and deep (stacked) RNNs. `keras_file` reads the upload as data; here the layers
run in numpy: Embedding looks rows up, Dense and TimeDistributed(Dense) are g(x W + b),
Dropout and Masking pass x through (inference), SimpleRNN/GRU/LSTM run `cells.forward`,
Bidirectional merges its two directions as Keras does. Tests check each kind against Keras.
Masks are not applied: every step is computed, and `masked_steps` names those Keras skips.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from core.rnn import activations, cells
from core.rnn.keras_config import RECURRENT, ModelFileError, check_activation, refuse
from core.rnn.keras_file import SavedLayer, SavedModel, read_keras_file

Array = npt.NDArray[np.float64]
MERGES = ("concat", "sum", "mul", "ave")
FORWARD, BACKWARD = "forward_layer/cell/vars", "backward_layer/cell/vars"
MAX_INPUT = 20_000  # n_x: a one-hot vocabulary of 20,000 words is the largest read


@dataclass(frozen=True)
class Recurrent:
    """A recurrent layer of the model, as the page lists it."""

    name: str
    class_name: str  # "SimpleRNN", "GRU" or "LSTM" (the cell inside a Bidirectional)
    units: int  # n_a of one direction
    n_x: int  # the size of the x⟨t⟩ it reads
    bidirectional: bool
    params: tuple[cells.CellParams, ...]  # one per direction: (forward,) or (forward, backward)
    sequences: bool = True  # return_sequences: every a⟨t⟩, or only the last
    merge: str = "concat"  # how a Bidirectional joins its directions

    @property
    def kind(self) -> str:
        return RECURRENT[self.class_name]

    @property
    def label(self) -> str:
        cell = f"{self.class_name}({self.units})"
        if self.class_name == "GRU":
            cell = f"GRU({self.units}, reset_after={self.params[0].reset_after})"
        shown = f"Bidirectional({cell})" if self.bidirectional else cell
        return f"{self.name} — {shown}, reads n_x = {self.n_x}"


@dataclass(frozen=True)
class OwnModel:
    """An uploaded model SeqLab can run: what it reads and its recurrent layers."""

    saved: SavedModel
    reads_ids: bool  # True: (T,) token ids into an Embedding; False: (T, n_x) vectors
    n_x: int  # features per step, or the vocabulary size when it reads ids
    fixed_steps: int | None  # T when the model was built for one length
    recurrent: tuple[Recurrent, ...]
    mask: str | None  # "Masking(mask_value=0.0)" or "Embedding(mask_zero=True)", if any
    mask_value: float | None = None  # the Masking layer's mask_value


@dataclass(frozen=True)
class CellView:
    """One direction of a recurrent layer, run forward in the order it reads its input.

    A backward direction reads x⟨T⟩ first: `x` is reversed in time and `steps` holds each
    processed step's t, so a⟨1⟩ of the view is the state after reading x⟨T⟩.
    """

    layer: str
    direction: str  # "forward" or "backward"
    params: cells.CellParams  # go_backwards=False
    x: Array  # (1, T, n_x) the layer's input, in processing order
    trace: cells.Trace  # (1, T, n_a) arrays
    steps: tuple[int, ...]  # (T,) the 1-based t of x⟨t⟩ read at each processed step


def load(data: bytes) -> OwnModel:
    """Read an upload (`keras_file.read_keras_file`) and check that numpy can run all of it.

    Raises:
        ModelFileError: the file is refused, or its layers cannot be run; says why.
    """
    saved = read_keras_file(data)
    try:
        return _runnable(saved)
    except ModelFileError:
        raise
    except (KeyError, TypeError, AttributeError, IndexError, ValueError, OverflowError) as err:
        raise refuse(
            f"config.json and the weights do not fit together ({type(err).__name__}: {err})."
        ) from None


def _runnable(saved: SavedModel) -> OwnModel:
    recurrent = tuple(_recurrent(layer) for layer in saved.layers if _is_recurrent(layer))
    for layer in saved.layers:
        _check_options(layer)
    if not recurrent:
        raise refuse("The model has no SimpleRNN, GRU, LSTM or Bidirectional layer to look at.")
    reads_ids, n_x, steps = _input_spec(saved)
    mask, mask_value = _mask(saved)
    model = OwnModel(saved, reads_ids, n_x, steps, recurrent, mask, mask_value)
    probe = np.zeros((1, 2), int) if reads_ids else np.full((1, 2, n_x), 0.5)
    run(model, probe)  # every weight meets its input once, so a bad shape is refused now
    return model


def _is_recurrent(layer: SavedLayer) -> bool:
    return layer.class_name in RECURRENT or layer.class_name == "Bidirectional"


def _inner(layer: SavedLayer) -> Mapping[str, Any]:
    inner = layer.config.get("layer")
    if not isinstance(inner, dict) or inner.get("class_name") not in RECURRENT:
        raise refuse(f"Bidirectional {layer.name!r} must wrap a SimpleRNN, GRU or LSTM.")
    return inner


def cell_params(config: Mapping[str, Any], class_name: str, weights: tuple[Array, ...], where: str):
    """CellParams of one recurrent layer from its config and (kernel, recurrent kernel, bias)."""
    kind = RECURRENT[class_name]
    use_bias = bool(config.get("use_bias", True))
    if len(weights) != (3 if use_bias else 2):
        raise refuse(f"{where} has {len(weights)} weight arrays; its config needs {2 + use_bias}.")
    if weights[0].ndim != 2 or weights[1].ndim != 2:
        raise refuse(f"{where}: its kernels are not matrices.")
    reset_after = bool(config.get("reset_after", True)) if kind == "gru" else False
    bias = weights[2] if use_bias else None
    units, k = weights[1].shape[0], {"rnn": 1, "gru": 3, "lstm": 4}[kind]
    expected = (2, k * units) if reset_after else (k * units,)
    if bias is not None and bias.shape != expected:
        raise refuse(f"{where}: bias of shape {bias.shape}, expected {expected}.")
    try:
        return cells.CellParams(
            kind,
            weights[0],
            weights[1],
            bias,
            activation=check_activation(config.get("activation", "tanh"), where),
            recurrent_activation=check_activation(
                config.get("recurrent_activation", "sigmoid"), where
            ),
            reset_after=reset_after,
            go_backwards=bool(config.get("go_backwards", False)),
        )
    except ValueError as err:
        raise refuse(f"{where}: {err}.") from None


def _recurrent(layer: SavedLayer) -> Recurrent:
    config, name = layer.config, layer.name
    if layer.class_name != "Bidirectional":
        p = cell_params(config, layer.class_name, layer.weights["cell/vars"], name)
        sequences = bool(config.get("return_sequences", False))
        return Recurrent(name, layer.class_name, p.units, p.n_x, False, (p,), sequences)
    inner = _inner(layer)
    back = config.get("backward_layer") or {
        "config": {**inner["config"], "go_backwards": not inner["config"].get("go_backwards")}
    }
    fwd = cell_params(inner["config"], inner["class_name"], layer.weights[FORWARD], name)
    bwd = cell_params(back["config"], inner["class_name"], layer.weights[BACKWARD], name)
    merge = config.get("merge_mode", "concat")
    if merge not in MERGES:
        raise refuse(f"Bidirectional {name!r}: merge_mode must be one of {MERGES}, not {merge}.")
    sequences = bool(inner["config"].get("return_sequences", False))
    return Recurrent(
        name, inner["class_name"], fwd.units, fwd.n_x, True, (fwd, bwd), sequences, merge
    )


def _check_options(layer: SavedLayer) -> None:
    """Refuse settings that change what the layer computes beyond what numpy runs here."""
    config = layer.config
    if config.get("lora_rank") or config.get("quantization_config"):
        raise refuse(f"Layer {layer.name!r} is LoRA-adapted or quantized.")
    if layer.class_name == "Dense":
        check_activation(config.get("activation", "linear"), f"Dense {layer.name!r}")
    if layer.class_name == "TimeDistributed":
        inner = config.get("layer") or {}
        if inner.get("class_name") not in ("Dense", "Dropout"):
            raise refuse(f"TimeDistributed {layer.name!r} must wrap a Dense or Dropout layer.")
        if inner["class_name"] == "Dense":
            check_activation(inner["config"].get("activation", "linear"), f"{layer.name!r}")


def _input_spec(saved: SavedModel) -> tuple[bool, int, int | None]:
    head = next(la for la in saved.layers if la.class_name == "InputLayer")
    shape = head.config.get("batch_shape") or head.config.get("batch_input_shape")
    readers = [la for la in saved.layers if la.node.source == head.name]
    reads_ids = any(la.class_name == "Embedding" for la in readers)
    if not isinstance(shape, list) or len(shape) != (2 if reads_ids else 3):
        raise refuse(
            "The model's input must be (batch, T, n_x) vectors, or (batch, T) token ids read "
            f"by an Embedding; got {shape}."
        )
    steps = shape[1] if isinstance(shape[1], int) and shape[1] > 0 else None
    if reads_ids:
        embedding = next(la for la in readers if la.class_name == "Embedding")
        return True, int(embedding.weights["vars"][0].shape[0]), steps
    if not isinstance(shape[2], int) or not 1 <= shape[2] <= MAX_INPUT:
        raise refuse(
            f"The model's input size n_x must be fixed, 1 to {MAX_INPUT:,}; got {shape[2]}."
        )
    return False, shape[2], steps


def _mask(saved: SavedModel) -> tuple[str | None, float | None]:
    for layer in saved.layers:
        if layer.class_name == "Masking":
            value = layer.config.get("mask_value", 0.0)
            if not isinstance(value, int | float):
                raise refuse(f"Masking {layer.name!r} has mask_value {value!r}, not a number.")
            return f"Masking(mask_value={value})", float(value)
        if layer.class_name == "Embedding" and layer.config.get("mask_zero"):
            return "Embedding(mask_zero=True)", None
    return None, None


def _dense(weights: tuple[Array, ...], config: Mapping[str, Any], x: Array) -> Array:
    kernel, bias = weights[0], weights[1] if len(weights) > 1 else np.zeros(weights[0].shape[-1])
    if kernel.ndim != 2 or bias.shape != (kernel.shape[1],):
        raise ValueError(f"a kernel {kernel.shape} and bias {bias.shape} that do not match")
    z = x @ kernel + bias
    return activations.get(config.get("activation", "linear"))(z)


def _recurrent_output(rec: Recurrent, x: Array) -> Array:
    """The layer's output as Keras returns it: every a⟨t⟩ or the last, directions merged."""
    traces = [cells.forward(p, x) for p in rec.params]
    if not rec.sequences:
        outs = [tr.h_T for tr in traces]
    else:  # a backward direction returns its states last-read first; Bidirectional re-aligns
        outs = [traces[0].h] + [tr.h[:, ::-1] for tr in traces[1:]]
    if not rec.bidirectional:
        return outs[0]
    fwd, bwd = outs
    if rec.merge == "concat":
        return np.concatenate([fwd, bwd], axis=-1)
    return {"sum": fwd + bwd, "mul": fwd * bwd, "ave": (fwd + bwd) / 2}[rec.merge]


def _apply(model: OwnModel, layer: SavedLayer, x: Array) -> Array:
    cls, config = layer.class_name, layer.config
    if cls == "Embedding":
        table = layer.weights["vars"][0]
        if table.ndim != 2:
            raise ValueError(f"an embedding table of shape {table.shape}")
        ids = np.asarray(x)
        if ids.dtype.kind not in "iu" or ids.min() < 0 or ids.max() >= len(table):
            raise ValueError(f"token ids expected in 0..{len(table) - 1}")
        return table[ids]
    if cls == "Dense":
        return _dense(layer.weights["vars"], config, x)
    if cls == "TimeDistributed":
        inner = config["layer"]
        if inner["class_name"] == "Dense":
            return _dense(layer.weights["layer/vars"], inner["config"], x)
        return x
    if cls in RECURRENT or cls == "Bidirectional":
        rec = recurrent_layer(model, layer.name)
        if x.ndim != 3 or x.shape[2] != rec.n_x:
            raise ValueError(f"it expects (batch, T, {rec.n_x}), got {x.shape}")
        return _recurrent_output(rec, x)
    return x  # InputLayer, Dropout and Masking at inference


def run(model: OwnModel, x: npt.ArrayLike, until: str | None = None) -> dict[str, Array]:
    """Every layer's output on `x`, in the order the layers run, stopping after `until`.

    Args:
        x: (m, T, n_x) floats, or (m, T) token ids for a model that starts with an Embedding.

    Raises:
        ModelFileError: when a layer's weights do not fit what reaches it.
    """
    x = np.asarray(x)
    outputs: dict[str, Array] = {}
    for layer in model.saved.layers:
        if layer.class_name == "NotEqual":
            continue  # the mask Keras builds for Embedding(mask_zero=True): not applied here
        if layer.node.source is None:
            outputs[layer.name] = x if model.reads_ids else x.astype(np.float64)
        elif layer.node.source not in outputs:
            raise refuse(f"Layer {layer.name!r} reads a mask as its input.")
        else:
            try:
                outputs[layer.name] = _apply(model, layer, outputs[layer.node.source])
            except (ValueError, IndexError) as err:
                raise ModelFileError(
                    f"Layer {layer.name!r} cannot read what reaches it: {err}."
                ) from None
        if layer.name == until:
            break
    return outputs


def model_output(model: OwnModel, x: npt.ArrayLike) -> Array:
    """What `model(x)` returns, computed in numpy."""
    return list(run(model, x).values())[-1]


def layer_input(model: OwnModel, name: str, x: npt.ArrayLike) -> Array:
    """(m, T, n_x): what the layer called `name` reads when the model reads `x`."""
    source = model.saved.layer(name).node.source
    return run(model, x, until=source)[source]


def recurrent_layer(model: OwnModel, name: str) -> Recurrent:
    for rec in model.recurrent:
        if rec.name == name:
            return rec
    names = ", ".join(r.name for r in model.recurrent)
    raise ValueError(f"argument `name` expected one of {names}, got {name!r}")


def cell_view(model: OwnModel, name: str, x: npt.ArrayLike, direction: str = "forward") -> CellView:
    """One direction of the recurrent layer `name`, on one sequence `x` of the model's input.

    Args:
        x: (1, T, n_x) floats or (1, T) token ids, as `run` takes them.
        direction: "forward", or "backward" for the second half of a Bidirectional.
    """
    rec = recurrent_layer(model, name)
    index = {"forward": 0, "backward": 1}.get(direction)
    if index is None or index >= len(rec.params):
        raise ValueError(f"argument `direction` expected forward or backward, got {direction!r}")
    p = rec.params[index]
    inputs = layer_input(model, name, x)[:1]
    steps = inputs.shape[1]
    order = tuple(range(steps, 0, -1)) if p.go_backwards else tuple(range(1, steps + 1))
    reads = "backward" if p.go_backwards else "forward"
    if p.go_backwards:
        p, inputs = replace(p, go_backwards=False), inputs[:, ::-1]
    return CellView(name, reads, p, inputs, cells.forward(p, inputs), order)
