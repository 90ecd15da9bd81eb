"""Read an uploaded `.keras` file safely: in memory, as JSON and arrays, never through Keras.

Keras' own `load_model(safe_mode=True)` has been bypassed repeatedly (CVE-2025-1550,
CVE-2025-8747, CVE-2025-9906), and `.h5` files ignore safe_mode (CVE-2025-9905), so an
uploaded model is never deserialised by Keras. A `.keras` file is a zip of `config.json`,
`model.weights.h5` and `metadata.json`: the zip is read from a BytesIO with limits on its
size, members and their uncompressed sizes (zip bombs), the config is plain JSON checked by
`keras_config`, and the weights are read as float arrays by h5py from memory, through hard
links only (an HDF5 external link, external or virtual dataset could name a file on disk).
Nothing is extracted or written to disk, and nothing from the file is imported or called.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from core.rnn.keras_config import LayerNode, ModelFileError, check_objects, layer_graph, refuse

Array = npt.NDArray[np.float64]
MAX_FILE_BYTES = 20 * 1024 * 1024  # the upload itself
MAX_MEMBERS = 64  # a .keras holds 3 files (more with assets)
MAX_JSON_BYTES = 4 * 1024 * 1024  # config.json or metadata.json, uncompressed
MAX_WEIGHTS_BYTES = 24 * 1024 * 1024  # model.weights.h5, uncompressed
MAX_TOTAL_BYTES = 40 * 1024 * 1024  # all members, as the zip declares them
MAX_VALUES = 8 * 1024 * 1024  # floats in one weight array (64 MB as float64)
REQUIRED = ("config.json", "model.weights.h5")
# Where each layer kind keeps its variables under its own group (Keras 3's saving_lib).
WEIGHT_GROUPS = {
    "SimpleRNN": ("cell/vars",),
    "GRU": ("cell/vars",),
    "LSTM": ("cell/vars",),
    "Bidirectional": ("forward_layer/cell/vars", "backward_layer/cell/vars"),
    "TimeDistributed": ("layer/vars",),
    "Dense": ("vars",),
    "Embedding": ("vars",),
}
SIGNATURES = {  # what a wrongly named file usually is, by its first bytes
    b"\x89HDF\r\n\x1a\n": "an HDF5 (.h5) file, Keras' legacy format, which can carry code "
    "that Keras runs even in safe mode (CVE-2025-9905): save with model.save('m.keras')",
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"\x80": "a Python pickle, which SeqLab never unpickles",
    b"\x93NUMPY": "a NumPy .npy array",
}


@dataclass(frozen=True)
class SavedLayer:
    """One layer of the uploaded model with its weights as float64 arrays.

    `weights` maps a group ("cell/vars", "forward_layer/cell/vars", "vars", …) to its
    variables in Keras' order: (kernel, recurrent_kernel, bias) for a recurrent cell,
    (kernel, bias) for Dense, (embeddings,) for Embedding.
    """

    node: LayerNode
    weights: Mapping[str, tuple[Array, ...]]

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def class_name(self) -> str:
        return self.node.class_name

    @property
    def config(self) -> Mapping[str, Any]:
        return self.node.config


@dataclass(frozen=True)
class SavedModel:
    """A `.keras` file as data: its layers in the order they run, and what wrote it."""

    class_name: str  # "Sequential" or "Functional"
    layers: tuple[SavedLayer, ...]
    keras_version: str
    size: int  # bytes of the upload

    def layer(self, name: str) -> SavedLayer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(f"argument `name` expected a layer of the model, got {name!r}")


def read_keras_file(data: bytes) -> SavedModel:
    """Read a `.keras` upload without Keras, refusing anything outside the allow-list.

    Args:
        data: the uploaded bytes.

    Raises:
        ModelFileError: a message for the student saying what is wrong and what is accepted.
    """
    if len(data) > MAX_FILE_BYTES:
        raise refuse(f"The file is {len(data) / 1e6:.1f} MB; the limit is 20 MB.")
    _check_signature(data)
    members = _read_members(data)
    config = _parse_json(members["config.json"], "config.json")
    metadata = (
        _parse_json(members["metadata.json"], "metadata.json") if "metadata.json" in members else {}
    )
    try:
        check_objects(config)
        nodes = layer_graph(config)
    except ModelFileError:
        raise
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as err:
        raise refuse(f"config.json is not laid out as Keras writes it ({err!r:.80}).") from None
    layers = _read_weights(members["model.weights.h5"], nodes)
    version = metadata.get("keras_version") if isinstance(metadata, dict) else None
    return SavedModel(config["class_name"], layers, str(version or "unknown"), len(data))


def _check_signature(data: bytes) -> None:
    if data.startswith(b"PK\x03\x04"):
        return
    kind = next((what for magic, what in SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None and not data:
        kind = "empty"
    raise refuse(f"This is {kind or 'not a zip archive'}, not a .keras file.")


def _read_members(data: bytes) -> dict[str, bytes]:
    """The zip's JSON and weights members, each read with a bound on its real size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_listing(infos)
            wanted = {"config.json": MAX_JSON_BYTES, "metadata.json": MAX_JSON_BYTES}
            wanted["model.weights.h5"] = MAX_WEIGHTS_BYTES
            return {
                info.filename: _read_bounded(archive, info, wanted[info.filename])
                for info in infos
                if info.filename in wanted
            }
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as err:
        raise refuse(f"The zip archive is damaged or truncated ({err}).") from None
    except (NotImplementedError, RuntimeError, ValueError) as err:
        raise refuse(f"The zip archive uses a feature SeqLab does not read ({err}).") from None


def _check_listing(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise refuse(f"The zip has {len(infos)} members; a .keras file has a few.")
    names = [info.filename for info in infos]
    for name in names:
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\x00" in name:
            raise refuse(f"The zip has a member named {name!r}, outside the archive.")
    if len(set(names)) != len(names):
        raise refuse("The zip lists the same member twice.")
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise refuse(f"The zip has no {' or '.join(missing)}: it is not a Keras 3 .keras file.")
    if any(info.flag_bits & 0x1 for info in infos):
        raise refuse("The zip is encrypted.")
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise refuse("The zip unpacks to more than 40 MB (a zip bomb?).")


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, refusing it past `limit` whatever size the zip declares."""
    if info.file_size > limit:
        raise refuse(f"{info.filename} unpacks to {info.file_size:,} bytes (limit {limit:,}).")
    with archive.open(info) as member:
        content = member.read(limit + 1)
    if len(content) > limit:
        raise refuse(f"{info.filename} unpacks to more than {limit:,} bytes (a zip bomb?).")
    return content


def _parse_json(raw: bytes, name: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise refuse(f"{name} is not valid JSON ({type(err).__name__}).") from None


def _read_weights(raw: bytes, nodes: tuple[LayerNode, ...]) -> tuple[SavedLayer, ...]:
    import h5py

    try:
        with h5py.File(io.BytesIO(raw), "r") as store:
            return tuple(
                SavedLayer(node, MappingProxyType(_layer_weights(store, node))) for node in nodes
            )
    except ModelFileError:
        raise
    except Exception as err:  # HDF5's C parser on hostile bytes: any failure is a refusal
        raise refuse(f"model.weights.h5 cannot be read as HDF5 ({err!r:.80}).") from None


def _layer_weights(store: Any, node: LayerNode) -> dict[str, tuple[Array, ...]]:
    groups = WEIGHT_GROUPS.get(node.class_name, ())
    return {group: _variables(store, f"{node.weights_path}/{group}", node.name) for group in groups}


def _hard_child(group: Any, part: str, where: str) -> Any:
    """`group[part]` if it is a hard link; soft and external links are refused."""
    import h5py

    link = group.get(part, getlink=True)
    if link is None:
        raise refuse(f"model.weights.h5 has no {where} (was the file saved by Keras 3?).")
    if not isinstance(link, h5py.HardLink):
        raise refuse(f"model.weights.h5 links {where} elsewhere ({type(link).__name__}).")
    return group[part]


def _variables(store: Any, path: str, layer: str) -> tuple[Array, ...]:
    """The arrays named 0, 1, … in `path`, read through hard links only."""
    import h5py

    group = store
    for i, part in enumerate(path.split("/")):
        group = _hard_child(group, part, "/".join(path.split("/")[: i + 1]))
        if not isinstance(group, h5py.Group):
            raise refuse(f"model.weights.h5: {path} of layer {layer!r} is not a group.")
    keys = sorted(group.keys(), key=lambda k: (len(k), k))
    if keys != [str(i) for i in range(len(keys))] or len(keys) > 4:
        raise refuse(f"model.weights.h5: layer {layer!r} has unexpected variables {keys[:6]}.")
    return tuple(
        _dataset(_hard_child(group, key, f"{path}/{key}"), f"{path}/{key}") for key in keys
    )


def _dataset(dataset: Any, where: str) -> Array:
    """A float dataset stored inside this file, unfiltered, of bounded size, as float64."""
    import h5py

    if not isinstance(dataset, h5py.Dataset):
        raise refuse(f"model.weights.h5: {where} is not an array.")
    plist = dataset.id.get_create_plist()
    inside = plist.get_layout() in (h5py.h5d.CONTIGUOUS, h5py.h5d.COMPACT, h5py.h5d.CHUNKED)
    if not inside or plist.get_external_count() or plist.get_nfilters():
        raise refuse(f"model.weights.h5: {where} is stored outside the file or filtered.")
    if dataset.dtype.kind != "f" or dataset.dtype.itemsize not in (2, 4, 8):
        raise refuse(f"model.weights.h5: {where} holds {dataset.dtype}, not floats.")
    if dataset.size > MAX_VALUES or dataset.ndim > 2:
        raise refuse(f"model.weights.h5: {where} has shape {dataset.shape}, too large.")
    with np.errstate(invalid="ignore", over="ignore"):
        values = np.asarray(dataset[()], dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise refuse(f"model.weights.h5: {where} holds inf or NaN.")
    return values


__all__ = ["ModelFileError", "SavedLayer", "SavedModel", "read_keras_file"]
