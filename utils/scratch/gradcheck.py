"""Numerical gradients: the safety net under every hand-written backward pass."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of the scalar ``f()`` with respect to the array ``x``.

    ``x`` is perturbed **in place**, one entry at a time, and restored afterwards, so ``f``
    can read it through whatever object holds it (a layer's weight, say). Returns an array
    of ``x``'s shape. Use float64 arrays: float32 rounding swamps the difference.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a NumPy array (perturbed in place), got {type(x).__name__}")
    if x.dtype != np.float64:
        raise TypeError(f"use a float64 array for gradient checks, got {x.dtype}")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        f_plus = f()
        x[i] = old - eps
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Largest entry-wise relative error ``|a - b| / max(|a| + |b|, tiny)``.

    Below about 1e-7 in float64 means an analytic gradient agrees with a numerical one.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)))
