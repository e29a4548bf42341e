"""Two ways to fight overfitting: L2 weight decay and dropout, in NumPy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def l2_penalty(weights: Sequence[np.ndarray], lam: float) -> float:
    """``lam / 2 * sum of every squared weight``: added to the loss, it favours small weights."""
    if lam < 0:
        raise ValueError(f"lam must be non-negative, got {lam}")
    return float(0.5 * lam * sum(np.sum(np.asarray(w, dtype=float) ** 2) for w in weights))


def l2_grads(weights: Sequence[np.ndarray], lam: float) -> list[np.ndarray]:
    """Gradient of :func:`l2_penalty`: ``lam * W`` for each ``W``.

    Adding it to a weight's gradient is "weight decay": plain SGD then shrinks every weight
    by the factor ``(1 - lr * lam)`` on each step before following the data's gradient,
    which is what ``torch.optim.SGD(weight_decay=lam)`` does.
    """
    if lam < 0:
        raise ValueError(f"lam must be non-negative, got {lam}")
    return [lam * np.asarray(w, dtype=float) for w in weights]


class Dropout:
    """Dropout: during training, zero each unit with probability ``p``.

    ``inverted=True`` (what PyTorch does): kept units are divided by ``1 - p`` at training
    time, so the expected activation is unchanged and test time is the identity.
    ``inverted=False`` (the original paper): training zeroes without rescaling, and test
    time multiplies everything by ``1 - p`` instead. Both give test-time outputs equal to
    the training-time average.

    ``forward(x, train)`` takes and returns any shape; ``backward(dout)`` routes the
    gradient through the same mask (and scale) as the last training forward.
    """

    def __init__(
        self, p: float = 0.5, *, inverted: bool = True, rng: np.random.Generator | None = None
    ) -> None:
        if not 0 <= p < 1:
            raise ValueError(f"drop probability p must be in [0, 1), got {p}")
        self.p = p
        self.inverted = inverted
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.mask: np.ndarray | None = None  # training-time multiplier: 0, 1 or 1 / (1 - p)

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if not train:
            self.mask = None
            return x.copy() if self.inverted else x * (1 - self.p)
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep / (1 - self.p) if self.inverted else keep.astype(float)
        return x * self.mask

    def backward(self, dout: np.ndarray) -> np.ndarray:
        if self.mask is None:
            raise RuntimeError("backward needs a training-mode forward first")
        if np.shape(dout) != self.mask.shape:
            raise ValueError(f"dout must have shape {self.mask.shape}, got {np.shape(dout)}")
        return dout * self.mask
