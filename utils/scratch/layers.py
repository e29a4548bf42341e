"""Time-distributed NumPy layers around the RNN: one-hot input, affine output, softmax loss.

They complete ``utils.scratch.rnn.TimeRNN`` into a language model (lesson 01). Each layer
works on whole sequences with the batch first, ``(batch, time, features)``, and follows the
same ``params`` / ``grads`` / ``cache`` / ``forward`` / ``backward`` style as the RNN.
"""

from __future__ import annotations

import numpy as np

from utils.scratch.functions import SoftmaxWithLoss


def one_hot(ids: np.ndarray, size: int) -> np.ndarray:
    """Integer ids ``(...)`` → one-hot float64 vectors ``(..., size)``.

    ``one_hot(ids, V) @ W`` picks rows of ``W``: a one-hot input times a weight matrix *is*
    an embedding lookup ``W[ids]``.
    """
    ids = np.asarray(ids)
    if size < 1:
        raise ValueError(f"size must be at least 1, got {size}")
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= size):
        raise ValueError(f"ids must lie in [0, {size}), got min {ids.min()}, max {ids.max()}")
    return np.eye(size)[ids.astype(int)]


class TimeAffine:
    """The same affine map at every time step: ``ys[:, t] = hs[:, t] @ W + b``.

    ``W (hidden, out)``, ``b (out,)``. ``forward(hs (batch, time, hidden))`` →
    ``ys (batch, time, out)``; ``backward(dys (batch, time, out))`` → ``dhs``, and the weight
    gradients (summed over batch and time, the weights being shared) land in ``grads``.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"expected W (in, out) and b (out,), got {W.shape} and {b.shape}")
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.cache: np.ndarray | None = None

    def forward(self, hs: np.ndarray) -> np.ndarray:
        W, b = self.params
        if hs.ndim != 3 or hs.shape[2] != W.shape[0]:
            raise ValueError(f"hs must be (batch, time, {W.shape[0]}), got shape {hs.shape}")
        self.cache = hs
        return hs @ W + b

    def backward(self, dys: np.ndarray) -> np.ndarray:
        if self.cache is None:
            raise RuntimeError("call forward before backward")
        W, _ = self.params
        hs = self.cache
        if dys.shape != hs.shape[:2] + (W.shape[1],):
            raise ValueError(f"dys must be {hs.shape[:2] + (W.shape[1],)}, got {dys.shape}")
        flat_h = hs.reshape(-1, hs.shape[2])  # (batch * time, hidden)
        flat_d = dys.reshape(-1, dys.shape[2])  # (batch * time, out)
        self.grads = [flat_h.T @ flat_d, flat_d.sum(axis=0)]
        return dys @ W.T


class TimeSoftmaxWithLoss:
    """Softmax + cross-entropy at every step, averaged over batch **and** time.

    ``forward(logits (batch, time, vocab), targets (batch, time) int)`` → scalar loss;
    ``backward()`` → ``dlogits (batch, time, vocab) = (softmax - one_hot) / (batch * time)``.
    It reshapes to ``(batch * time, vocab)`` and reuses ``utils.scratch.functions.SoftmaxWithLoss``.
    """

    def __init__(self) -> None:
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        self._loss = SoftmaxWithLoss()
        self.shape: tuple[int, int, int] | None = None

    def forward(self, logits: np.ndarray, targets: np.ndarray) -> float:
        targets = np.asarray(targets)
        if logits.ndim != 3:
            raise ValueError(f"logits must be (batch, time, vocab), got shape {logits.shape}")
        if targets.shape != logits.shape[:2]:
            raise ValueError(
                f"targets must be class ids of shape {logits.shape[:2]}, got {targets.shape}"
            )
        if targets.size == 0:
            raise ValueError("empty batch: no time steps to score")
        self.shape = logits.shape
        return self._loss.forward(logits.reshape(-1, logits.shape[2]), targets.reshape(-1))

    def backward(self, dout: float = 1.0) -> np.ndarray:
        if self.shape is None:
            raise RuntimeError("call forward before backward")
        return self._loss.backward(dout).reshape(self.shape)
