"""Nodes of a computational graph with forward and backward: the add and multiply gates.

A node remembers what backward needs during ``forward`` and, given the gradient of the
final output with respect to its own output (``dout``), returns the gradients with respect
to each of its inputs (the chain rule, one node at a time). Inputs may be numbers or NumPy
arrays of the same shape (element-wise nodes).
"""

from __future__ import annotations

import numpy as np

Value = float | np.ndarray


def _check_same_shape(x: Value, y: Value) -> None:
    if np.shape(x) != np.shape(y):
        raise ValueError(f"inputs must have the same shape, got {np.shape(x)} and {np.shape(y)}")


class AddNode:
    """``out = x + y``. Backward passes ``dout`` through unchanged to both inputs."""

    def __init__(self) -> None:
        self.shapes: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    def forward(self, x: Value, y: Value) -> Value:
        _check_same_shape(x, y)
        self.shapes = (np.shape(x), np.shape(y))
        return x + y

    def backward(self, dout: Value) -> tuple[Value, Value]:
        """``dout`` (shape of ``out``) → ``(dx, dy) = (dout, dout)``, since ∂out/∂x = 1."""
        if self.shapes is None:
            raise RuntimeError("call forward before backward")
        if np.shape(dout) != self.shapes[0]:
            raise ValueError(f"dout must have shape {self.shapes[0]}, got {np.shape(dout)}")
        return dout * 1, dout * 1  # copies, so changing one gradient leaves the other alone


class MulNode:
    """``out = x * y``. Backward multiplies ``dout`` by the *other* input (they swap)."""

    def __init__(self) -> None:
        self.cache: tuple[Value, Value] | None = None

    def forward(self, x: Value, y: Value) -> Value:
        _check_same_shape(x, y)
        self.cache = (x, y)
        return x * y

    def backward(self, dout: Value) -> tuple[Value, Value]:
        """``dout`` → ``(dx, dy) = (dout * y, dout * x)``, since ∂(xy)/∂x = y."""
        if self.cache is None:
            raise RuntimeError("call forward before backward")
        x, y = self.cache
        if np.shape(dout) != np.shape(x):
            raise ValueError(f"dout must have shape {np.shape(x)}, got {np.shape(dout)}")
        return dout * y, dout * x
