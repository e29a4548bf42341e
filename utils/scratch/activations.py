"""Activation functions and their derivatives, in NumPy.

Each function maps an array of any shape to an array of the same shape, element by
element. The derivatives are written in terms of the input ``x`` (not the output), so
``sigmoid_grad(x)`` is ``d sigmoid / dx`` evaluated at ``x``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Activation = Callable[[np.ndarray], np.ndarray]


def _as_float(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        raise ValueError("activation got an empty array")
    return x


def sigmoid(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))``, written so that ``exp`` never overflows. Output in (0, 1)."""
    x = _as_float(x)
    e = np.exp(-np.abs(x))  # always in (0, 1]
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """``sigmoid(x) * (1 - sigmoid(x))``; largest (0.25) at ``x = 0``."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, output in (-1, 1); equal to ``2 * sigmoid(2x) - 1``."""
    return np.tanh(_as_float(x))


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """``1 - tanh(x)**2``; largest (1) at ``x = 0``."""
    return 1.0 - np.tanh(_as_float(x)) ** 2


def relu(x: np.ndarray) -> np.ndarray:
    """``max(0, x)``."""
    return np.maximum(_as_float(x), 0.0)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """1 where ``x > 0``, else 0 (at exactly 0 we use 0, as PyTorch does)."""
    return (_as_float(x) > 0).astype(float)


def leaky_relu(x: np.ndarray, slope: float = 0.01) -> np.ndarray:
    """``x`` where ``x > 0``, else ``slope * x``: negative inputs keep a small gradient."""
    if slope < 0:
        raise ValueError(f"slope must be non-negative, got {slope}")
    x = _as_float(x)
    return np.where(x > 0, x, slope * x)


def leaky_relu_grad(x: np.ndarray, slope: float = 0.01) -> np.ndarray:
    """1 where ``x > 0``, else ``slope``."""
    if slope < 0:
        raise ValueError(f"slope must be non-negative, got {slope}")
    return np.where(_as_float(x) > 0, 1.0, slope)


#: name → (function, derivative), in the order the lesson introduces them.
ACTIVATIONS: dict[str, tuple[Activation, Activation]] = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
}
