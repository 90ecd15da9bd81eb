"""Numpy versions of the activations a Keras recurrent layer accepts.

Names and defaults follow `keras.activations` (Keras 3), so a layer's activation
can be looked up by its serialized name; tests check each against Keras.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

_erf = np.vectorize(math.erf, otypes=[np.float64])


def sigmoid(z: Array) -> Array:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + e^-z), without overflow


def softplus(z: Array) -> Array:
    return np.logaddexp(0.0, z)


def softmax(z: Array) -> Array:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _elu(z: Array, alpha: float = 1.0) -> Array:
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def _gelu_exact(z: Array) -> Array:
    return 0.5 * z * (1.0 + _erf(z / math.sqrt(2.0)))


def _log_softmax(z: Array) -> Array:
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def sparsemax(z: Array) -> Array:
    """Martins & Astudillo 2016: the Euclidean projection of z onto the simplex (last axis)."""
    z_sorted = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    cumsum = np.cumsum(z_sorted, axis=-1)
    support = (1 + k * z_sorted) > cumsum
    k_z = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumsum, k_z - 1, axis=-1) - 1) / k_z
    return np.maximum(z - tau, 0.0)


ACTIVATIONS: dict[str, Callable[[Array], Array]] = {
    "linear": lambda z: z,
    "tanh": np.tanh,
    "sigmoid": sigmoid,
    "relu": lambda z: np.maximum(z, 0.0),
    "relu6": lambda z: np.clip(z, 0.0, 6.0),
    "leaky_relu": lambda z: np.where(z >= 0, z, 0.2 * z),
    "elu": _elu,
    "celu": _elu,  # alpha = 1: identical to elu
    "selu": lambda z: SELU_SCALE * _elu(z, SELU_ALPHA),
    "gelu": _gelu_exact,
    "exponential": np.exp,
    "softplus": softplus,
    "softsign": lambda z: z / (1.0 + np.abs(z)),
    "silu": lambda z: z * sigmoid(z),
    "swish": lambda z: z * sigmoid(z),
    "mish": lambda z: z * np.tanh(softplus(z)),
    "log_sigmoid": lambda z: -softplus(-z),
    "hard_sigmoid": lambda z: np.clip(z + 3.0, 0.0, 6.0) / 6.0,
    "hard_silu": lambda z: z * np.clip(z + 3.0, 0.0, 6.0) / 6.0,
    "hard_swish": lambda z: z * np.clip(z + 3.0, 0.0, 6.0) / 6.0,
    "hard_tanh": lambda z: np.clip(z, -1.0, 1.0),
    "hard_shrink": lambda z: np.where(np.abs(z) > 0.5, z, 0.0),
    "soft_shrink": lambda z: np.where(z > 0.5, z - 0.5, np.where(z < -0.5, z + 0.5, 0.0)),
    "tanh_shrink": lambda z: z - np.tanh(z),
    "squareplus": lambda z: (z + np.sqrt(z * z + 4.0)) / 2.0,
    "sparse_plus": lambda z: np.where(z <= -1, 0.0, np.where(z < 1, 0.25 * (z + 1) ** 2, z)),
    "sparse_sigmoid": lambda z: np.clip(0.5 * (z + 1.0), 0.0, 1.0),
    "softmax": softmax,
    "log_softmax": _log_softmax,
    "sparsemax": sparsemax,
}


def get(name: str) -> Callable[[Array], Array]:
    """The numpy activation called `name` (a `keras.activations` name).

    Raises:
        ValueError: naming the accepted activations.
    """
    try:
        return ACTIVATIONS[name]
    except KeyError:
        accepted = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(
            f"argument `activation` expected one of {accepted}; got {name!r}"
        ) from None
