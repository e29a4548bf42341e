"""The vanilla RNN from scratch in NumPy: one cell, and the cell unrolled over time (BPTT).

Shapes follow the maths with the batch first: ``x_t`` is ``(batch, input)``, ``h_t`` is
``(batch, hidden)``, a whole sequence ``xs`` is ``(batch, time, input)``.
Weights: ``Wx (input, hidden)``, ``Wh (hidden, hidden)``, ``b (hidden,)``, so that
``h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b)``.
"""

from __future__ import annotations

import numpy as np


def check_rnn_weights(Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> None:
    """Raise a clear ``ValueError`` unless ``Wx (input, H)``, ``Wh (H, H)``, ``b (H,)`` fit."""
    if Wx.ndim != 2 or Wh.ndim != 2 or b.ndim != 1:
        raise ValueError(
            f"expected Wx (input, hidden), Wh (hidden, hidden), b (hidden,), got shapes "
            f"{Wx.shape}, {Wh.shape}, {b.shape}"
        )
    hidden = Wh.shape[0]
    if Wh.shape != (hidden, hidden) or Wx.shape[1] != hidden or b.shape != (hidden,):
        raise ValueError(
            f"inconsistent hidden size: Wx {Wx.shape}, Wh {Wh.shape}, b {b.shape} "
            f"(need Wx (input, H), Wh (H, H), b (H,))"
        )


class RNNCell:
    """One time step: ``h_next = tanh(x @ Wx + h_prev @ Wh + b)``.

    ``params`` holds the weights (shared, not copied, so a time layer's cells see one set),
    ``grads`` the gradients of the last ``backward``, ``cache`` what backward needs.
    """

    def __init__(self, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> None:
        check_rnn_weights(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def forward(self, x: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
        """``x (batch, input)``, ``h_prev (batch, hidden)`` → ``h_next (batch, hidden)``."""
        Wx, Wh, b = self.params
        if x.ndim != 2 or x.shape[1] != Wx.shape[0]:
            raise ValueError(f"x must be (batch, {Wx.shape[0]}), got shape {x.shape}")
        if h_prev.shape != (x.shape[0], Wh.shape[0]):
            raise ValueError(f"h_prev must be {(x.shape[0], Wh.shape[0])}, got {h_prev.shape}")
        h_next = np.tanh(x @ Wx + h_prev @ Wh + b)
        self.cache = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``dh_next (batch, hidden)`` → ``(dx (batch, input), dh_prev (batch, hidden))``.

        The weight gradients land in ``self.grads``.
        """
        if self.cache is None:
            raise RuntimeError("call forward before backward")
        Wx, Wh, _ = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next**2)  # tanh'(a) = 1 - tanh(a)^2
        self.grads = [x.T @ dt, h_prev.T @ dt, dt.sum(axis=0)]
        return dt @ Wx.T, dt @ Wh.T


class TimeRNN:
    """The cell unrolled over ``time`` steps, with the same weights at every step.

    ``forward(xs (batch, time, input), h0=None)`` → ``hs (batch, time, hidden)``.
    ``backward(dhs (batch, time, hidden))`` → ``dxs (batch, time, input)``; it runs each
    cell's backward in reverse time order and **sums** their weight gradients (BPTT).
    The gradient reaching the initial state is left in ``self.dh0``.
    """

    def __init__(self, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> None:
        check_rnn_weights(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cells: list[RNNCell] = []
        self.dh0: np.ndarray | None = None

    def forward(self, xs: np.ndarray, h0: np.ndarray | None = None) -> np.ndarray:
        Wx, Wh, _ = self.params
        if xs.ndim != 3 or xs.shape[2] != Wx.shape[0]:
            raise ValueError(f"xs must be (batch, time, {Wx.shape[0]}), got shape {xs.shape}")
        batch, time, _ = xs.shape
        if time == 0:
            raise ValueError("xs has no time steps")
        h = np.zeros((batch, Wh.shape[0]), dtype=xs.dtype) if h0 is None else h0
        self.cells = []
        hs = np.empty((batch, time, Wh.shape[0]), dtype=np.result_type(xs, Wx))
        for t in range(time):
            cell = RNNCell(*self.params)
            h = cell.forward(xs[:, t, :], h)
            hs[:, t, :] = h
            self.cells.append(cell)
        return hs

    def backward(self, dhs: np.ndarray) -> np.ndarray:
        if not self.cells:
            raise RuntimeError("call forward before backward")
        Wx, _, _ = self.params
        batch, time, hidden = dhs.shape
        if time != len(self.cells):
            raise ValueError(f"dhs has {time} time steps, forward saw {len(self.cells)}")
        dxs = np.empty((batch, time, Wx.shape[0]), dtype=dhs.dtype)
        grads = [np.zeros_like(p) for p in self.params]
        dh = np.zeros((batch, hidden), dtype=dhs.dtype)
        for t in reversed(range(time)):
            cell = self.cells[t]
            # h_t feeds both the output at step t and the next step: add the two gradients.
            dx, dh = cell.backward(dhs[:, t, :] + dh)
            dxs[:, t, :] = dx
            for total, g in zip(grads, cell.grads, strict=True):
                total += g
        self.grads = grads
        self.dh0 = dh
        return dxs
