"""NumPy building blocks used from the first lesson on: softmax and cross-entropy."""

from __future__ import annotations

import numpy as np


def softmax(x: np.ndarray) -> np.ndarray:
    """Numerically stable softmax over the last axis.

    Subtracting the row maximum first changes nothing mathematically (it cancels in the
    ratio) but keeps ``exp`` from overflowing. ``x``: ``(..., classes)`` → same shape.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"softmax needs at least one class on the last axis, got shape {x.shape}")
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(probs: np.ndarray, targets: np.ndarray) -> float:
    """Mean cross-entropy ``-mean(log p[target])``.

    ``probs``: ``(batch, classes)`` rows that sum to 1. ``targets``: either class indices
    ``(batch,)`` or one-hot rows ``(batch, classes)``; both give the same number.
    """
    probs = np.asarray(probs, dtype=float)
    targets = np.asarray(targets)
    if probs.ndim != 2:
        raise ValueError(f"probs must be (batch, classes), got shape {probs.shape}")
    if targets.shape == probs.shape:
        targets = targets.argmax(axis=1)
    if targets.shape != (probs.shape[0],):
        raise ValueError(
            f"targets must be class indices of shape ({probs.shape[0]},) or one-hot of shape "
            f"{probs.shape}, got shape {targets.shape}"
        )
    if targets.size and (targets.min() < 0 or targets.max() >= probs.shape[1]):
        raise ValueError(f"class indices must lie in [0, {probs.shape[1]}), got {targets}")
    picked = probs[np.arange(probs.shape[0]), targets.astype(int)]
    # Clamp only a probability of exactly 0 (which would give -log 0 = inf).
    return float(-np.mean(np.log(np.maximum(picked, np.finfo(float).tiny))))


class SoftmaxWithLoss:
    """Softmax followed by cross-entropy, as one layer whose backward is ``(y - t) / batch``.

    ``forward(x, t)``: ``x`` logits ``(batch, classes)``, ``t`` class indices ``(batch,)``
    → scalar loss. ``backward()`` → ``dx`` of shape ``(batch, classes)``.
    """

    def __init__(self) -> None:
        self.cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        y = softmax(x)
        loss = cross_entropy(y, t)
        t = np.asarray(t)
        if t.shape == y.shape:
            t = t.argmax(axis=1)
        self.cache = (y, t.astype(int))
        return loss

    def backward(self, dout: float = 1.0) -> np.ndarray:
        if self.cache is None:
            raise RuntimeError("call forward before backward")
        y, t = self.cache
        dx = y.copy()
        dx[np.arange(len(t)), t] -= 1.0
        return dx * dout / len(t)
