"""The allow-list for a student's Keras model, and its layer graph, read from `config.json`.

The config is plain JSON and is only ever read: no class it names is looked up, imported or
called. Every object in it must come from Keras itself (layers from the list below, the
initializers, regularizers and constraints that only shape training, the dtype policy); a
Lambda, a custom object or any other module is refused. The graph says which layer reads
which, so `own_model` can run the layers before the chosen one in numpy.

Weights sit in `model.weights.h5` under `layers/<name>`, where <name> is the snake_case class
name with `_1`, `_2`, … for repeats, in the order of `model.layers` (Keras 3's saving_lib).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.rnn import activations

LAYERS = (
    "InputLayer",
    "Embedding",
    "SimpleRNN",
    "GRU",
    "LSTM",
    "Bidirectional",
    "TimeDistributed",
    "Dense",
    "Dropout",
    "Masking",
)
RECURRENT = {"SimpleRNN": "rnn", "GRU": "gru", "LSTM": "lstm"}
MODELS = ("Sequential", "Functional")
# Objects that only describe training (never used by an inference in numpy) or the dtype.
INERT_MODULES = (
    "keras.initializers",
    "keras.regularizers",
    "keras.constraints",
    "keras.optimizers",
    "keras.optimizers.schedules",
    "keras.losses",
    "keras.metrics",
)
DTYPES = ("DTypePolicy", "FloatDTypePolicy")
MASK_OP = ("keras.src.ops.numpy", "NotEqual")  # Keras' own mask of Embedding(mask_zero=True)
MODEL_MODULES = ("keras", "keras.models", "keras.src.models.functional")
MAX_DEPTH = 40  # a Keras config nests about 12 levels deep
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
ACCEPTED = (
    "Accepted: a `.keras` file written by Keras 3's `model.save('m.keras')`, of a Sequential "
    "or Functional model made of the layers " + ", ".join(LAYERS) + ", with the built-in "
    "activations. Nothing from the file is imported or run."
)


class ModelFileError(ValueError):
    """An uploaded model SeqLab refuses; the message says why and what is accepted."""


def refuse(why: str) -> ModelFileError:
    return ModelFileError(f"{why} {ACCEPTED}")


@dataclass(frozen=True)
class LayerNode:
    """One layer of the model: its settings, where its weights are, which layer it reads."""

    name: str  # the layer's name in the model (as model.summary() prints it)
    class_name: str  # one of LAYERS
    config: Mapping[str, Any]  # the layer's config, as saved
    weights_path: str | None  # its group in model.weights.h5 (None for the mask op)
    source: str | None  # the layer whose output it reads; None for the input


def check_objects(node: Any, where: str = "config.json", depth: int = 0) -> None:
    """Refuse anything in the config that does not come from Keras' own allow-listed objects.

    Raises:
        ModelFileError: naming the object and its place in the config.
    """
    if depth > MAX_DEPTH:
        raise refuse(f"config.json nests deeper than {MAX_DEPTH} levels (at {where[:80]}…).")
    if isinstance(node, list):
        for i, item in enumerate(node):
            check_objects(item, f"{where}[{i}]", depth + 1)
        return
    if not isinstance(node, dict):
        return
    if "class_name" in node:
        _check_object(node, where)
    for key, value in node.items():
        check_objects(value, f"{where}.{key}", depth + 1)


def _check_object(node: Mapping[str, Any], where: str) -> None:
    cls, module, registered = (
        node.get("class_name"),
        node.get("module"),
        node.get("registered_name"),
    )
    if cls in ("__keras_tensor__", "__tuple__") and module is None:
        return
    if cls == "__lambda__" or cls == "Lambda":
        raise refuse(f"The model holds a Lambda layer, Python code (at {where}).")
    if not isinstance(cls, str) or not isinstance(module, str) or not NAME.match(cls):
        raise refuse(f"The config names an object SeqLab cannot check at {where}.")
    named = node.get("config", {}).get("name") if isinstance(node.get("config"), dict) else None
    label = f"`{module}.{cls}`" + (f" {named!r}" if isinstance(named, str) else "")
    if module == "keras.layers":
        if cls not in LAYERS:
            raise refuse(f"The layer {label} (at {where}) is not one SeqLab can run.")
    elif module in MODEL_MODULES and cls in MODELS:
        if where != "config.json":
            raise refuse(f"A model inside the model ({label} at {where}) is not accepted.")
        if registered not in (None, cls):
            raise refuse(f"The model is registered as custom class {registered!r}.")
        return
    elif (module, cls) == MASK_OP or (module == "keras" and cls in DTYPES):
        if registered not in (None, cls):
            raise refuse(f"{label} at {where} is registered as {registered!r}.")
        return
    elif module not in INERT_MODULES:
        raise refuse(f"The config names {label} (module {module!r}, at {where}).")
    if registered is not None:
        raise refuse(f"{label} at {where} is a custom object (registered as {registered!r}).")


def snake_case(name: str) -> str:
    """Keras' `naming.to_snake_case`: "SimpleRNN" → "simple_rnn", "InputLayer" → "input_layer"."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def layer_graph(config: Mapping[str, Any]) -> tuple[LayerNode, ...]:
    """The model's layers in the order they run, each with its source and weights path.

    Args:
        config: the parsed config.json, already passed through `check_objects`.
    """
    if not isinstance(config, dict) or config.get("class_name") not in MODELS:
        raise refuse("config.json does not describe a Sequential or Functional model.")
    body = config.get("config")
    layers = body.get("layers") if isinstance(body, dict) else None
    if not isinstance(layers, list) or not all(_is_layer_dict(la) for la in layers):
        raise refuse("config.json has no list of layers, each with a class_name and a config.")
    if config["class_name"] == "Sequential":
        return _sequential(layers, body)
    return _functional(layers, body)


def _is_layer_dict(layer: Any) -> bool:
    return (
        isinstance(layer, dict)
        and isinstance(layer.get("class_name"), str)
        and isinstance(layer.get("config"), dict)
    )


def _weights_paths(class_names: list[str]) -> list[str]:
    used: dict[str, int] = {}
    paths = []
    for cls in class_names:
        name = snake_case(cls)
        used[name] = used.get(name, -1) + 1
        paths.append(f"layers/{name}" + (f"_{used[name]}" if used[name] else ""))
    return paths


def _name(layer: Mapping[str, Any]) -> str:
    name = layer.get("config", {}).get("name") or layer.get("name")
    if not isinstance(name, str) or not name:
        raise refuse("A layer in config.json has no name.")
    return name


def _sequential(layers: list[dict], body: Mapping[str, Any]) -> tuple[LayerNode, ...]:
    if not layers:
        raise refuse("The Sequential model has no layers.")
    shape = body.get("build_input_shape")
    nodes = []
    if layers[0]["class_name"] == "InputLayer":
        head, layers = layers[0], layers[1:]
    elif isinstance(shape, list):
        head = {"class_name": "InputLayer", "config": {"name": "input", "batch_shape": shape}}
    else:
        raise refuse("The model has no input shape: save it after building it.")
    nodes.append(LayerNode(_name(head), "InputLayer", head["config"], None, None))
    paths = _weights_paths([la["class_name"] for la in layers])
    for layer, path in zip(layers, paths, strict=True):
        if layer["class_name"] == "InputLayer":
            raise refuse("The Sequential model has an InputLayer after its first layer.")
        nodes.append(
            LayerNode(_name(layer), layer["class_name"], layer["config"], path, nodes[-1].name)
        )
    return tuple(nodes)


def _tensor_source(arg: Any, known: set[str], where: str) -> str:
    """The layer that produced a `__keras_tensor__` argument (its first output only)."""
    history = arg.get("config", {}).get("keras_history") if isinstance(arg, dict) else None
    if not (isinstance(history, list) and len(history) == 3 and history[0] in known):
        raise refuse(f"Layer {where} reads something other than one earlier layer's output.")
    if history[1:] != [0, 0]:
        raise refuse(f"Layer {where} reads a returned state or a second call of a layer.")
    return history[0]


def _single_end(ends: Any, what: str) -> str:
    """Keras writes one end as ["name", 0, 0] and several as [["name", 0, 0], ...]."""
    if isinstance(ends, list) and len(ends) == 1 and isinstance(ends[0], list):
        ends = ends[0]
    if not (isinstance(ends, list) and len(ends) == 3 and isinstance(ends[0], str)):
        raise refuse(f"The model must have one {what}.")
    return ends[0]


def _call_source(layer: Mapping[str, Any], name: str, known: set[str]) -> str:
    calls = layer.get("inbound_nodes")
    if not isinstance(calls, list) or len(calls) != 1 or not isinstance(calls[0], dict):
        count = len(calls) if isinstance(calls, list) else 0
        raise refuse(f"Layer {name!r} is called {count} times; one call is accepted.")
    args, kwargs = calls[0].get("args") or [None], calls[0].get("kwargs") or {}
    if not isinstance(kwargs, dict) or set(kwargs) - {"training", "mask"}:
        raise refuse(f"Layer {name!r} is called with {sorted(kwargs)}: not accepted.")
    return _tensor_source(args[0], known, repr(name))


def _functional(layers: list[dict], body: Mapping[str, Any]) -> tuple[LayerNode, ...]:
    first = _single_end(body.get("input_layers"), "input")
    last = _single_end(body.get("output_layers"), "output")
    is_layer = [(la.get("module"), la["class_name"]) != MASK_OP for la in layers]
    classes = [la["class_name"] for la, ok in zip(layers, is_layer, strict=True) if ok]
    paths = iter(_weights_paths(classes))
    nodes: list[LayerNode] = []
    known: set[str] = set()
    for layer, ok in zip(layers, is_layer, strict=True):
        name = _name(layer)
        path = next(paths) if ok else None
        source = None if layer["class_name"] == "InputLayer" else _call_source(layer, name, known)
        nodes.append(LayerNode(name, layer["class_name"], layer["config"], path, source))
        known.add(name)
    if first not in known or last not in known:
        raise refuse("The model's input or output layer is missing from config.json.")
    if sum(node.class_name == "InputLayer" for node in nodes) != 1:
        raise refuse("The model must have one input.")
    return tuple(nodes)


def check_activation(name: Any, where: str) -> str:
    """`name` if it is a built-in activation SeqLab computes in numpy, else a refusal."""
    if not isinstance(name, str) or name not in activations.ACTIVATIONS:
        shown = name if isinstance(name, str) else "a custom function"
        raise ModelFileError(
            f"{where} uses the activation {shown!r}; accepted: "
            + ", ".join(sorted(activations.ACTIVATIONS))
            + "."
        )
    return name
