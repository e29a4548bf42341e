"""The LSTM from scratch in NumPy: one cell, and the cell unrolled over time (BPTT).

Same style and shapes as ``utils.scratch.rnn`` (batch first): ``x_t`` is ``(batch, input)``,
``h_t`` and ``c_t`` are ``(batch, hidden)``, a sequence ``xs`` is ``(batch, time, input)``.
The four gates share one matrix product, in **PyTorch's gate order i, f, g, o**:

    a = x_t @ Wx + h_{t-1} @ Wh + b             # (batch, 4 * hidden)
    i, f, g, o = sigmoid(a_i), sigmoid(a_f), tanh(a_g), sigmoid(a_o)
    c_t = f * c_{t-1} + i * g                   # the cell state: long-term memory
    h_t = o * tanh(c_t)                         # the hidden state: what the step outputs

Weights: ``Wx (input, 4H)``, ``Wh (H, 4H)``, ``b (4H,)``; columns ``[0:H]`` belong to the
input gate i, ``[H:2H]`` to the forget gate f, ``[2H:3H]`` to the candidate g and
``[3H:4H]`` to the output gate o. ``nn.LSTM`` stores the transposes (``weight_ih_l0`` is
``(4H, input)``) and two bias vectors whose sum is ``b``: see ``lstm_weights_from_torch``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.scratch.activations import sigmoid

GATES = ("i", "f", "g", "o")


def _check_weights(Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> None:
    if Wx.ndim != 2 or Wh.ndim != 2 or b.ndim != 1:
        raise ValueError(
            f"expected Wx (input, 4H), Wh (H, 4H), b (4H,), got shapes "
            f"{Wx.shape}, {Wh.shape}, {b.shape}"
        )
    hidden = Wh.shape[0]
    if Wh.shape != (hidden, 4 * hidden) or Wx.shape[1] != 4 * hidden or b.shape != (4 * hidden,):
        raise ValueError(
            f"inconsistent hidden size: Wx {Wx.shape}, Wh {Wh.shape}, b {b.shape} "
            f"(need Wx (input, 4H), Wh (H, 4H), b (4H,) with the gates i, f, g, o side by side)"
        )


def split_gates(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cut ``(..., 4H)`` into the four ``(..., H)`` blocks in PyTorch's order i, f, g, o."""
    if a.shape[-1] % 4:
        raise ValueError(f"last axis must be 4 * hidden, got {a.shape[-1]}")
    i, f, g, o = np.split(a, 4, axis=-1)
    return i, f, g, o


class LSTMCell:
    """One time step of the LSTM (see the module docstring for the equations).

    ``params = [Wx, Wh, b]`` (shared, not copied), ``grads`` the gradients of the last
    ``backward``, ``cache`` what backward needs. After ``forward`` the gate values are in
    ``self.gates``: a dict ``{"i", "f", "g", "o"}`` of ``(batch, hidden)`` arrays.
    """

    def __init__(self, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> None:
        _check_weights(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache: tuple[np.ndarray, ...] | None = None
        self.gates: dict[str, np.ndarray] = {}

    def forward(
        self, x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``x (batch, input)``, ``h_prev``, ``c_prev (batch, hidden)`` → ``(h_next, c_next)``."""
        Wx, Wh, b = self.params
        if x.ndim != 2 or x.shape[1] != Wx.shape[0]:
            raise ValueError(f"x must be (batch, {Wx.shape[0]}), got shape {x.shape}")
        state_shape = (x.shape[0], Wh.shape[0])
        if h_prev.shape != state_shape or c_prev.shape != state_shape:
            raise ValueError(
                f"h_prev and c_prev must be {state_shape}, got {h_prev.shape} and {c_prev.shape}"
            )
        a_i, a_f, a_g, a_o = split_gates(x @ Wx + h_prev @ Wh + b)
        i, f, g, o = sigmoid(a_i), sigmoid(a_f), np.tanh(a_g), sigmoid(a_o)
        c_next = f * c_prev + i * g
        tanh_c = np.tanh(c_next)
        h_next = o * tanh_c
        self.cache = (x, h_prev, c_prev, i, f, g, o, tanh_c)
        self.gates = {"i": i, "f": f, "g": g, "o": o}
        return h_next, c_next

    def backward(
        self, dh_next: np.ndarray, dc_next: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``dh_next``, ``dc_next (batch, hidden)`` → ``(dx, dh_prev, dc_prev)``.

        ``dc_next`` is the gradient arriving along the cell path from the next step. The
        weight gradients land in ``self.grads``.
        """
        if self.cache is None:
            raise RuntimeError("call forward before backward")
        Wx, Wh, _ = self.params
        x, h_prev, c_prev, i, f, g, o, tanh_c = self.cache
        do = dh_next * tanh_c
        dc = dc_next + dh_next * o * (1 - tanh_c**2)  # both paths into c_t
        dc_prev = dc * f  # the additive path: only a multiplication by f
        di, df, dg = dc * g, dc * c_prev, dc * i
        da = np.concatenate(
            [di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1
        )
        self.grads = [x.T @ da, h_prev.T @ da, da.sum(axis=0)]
        return da @ Wx.T, da @ Wh.T, dc_prev


class TimeLSTM:
    """The LSTM cell unrolled over ``time`` steps with the same weights at every step.

    ``forward(xs (batch, time, input), h0=None, c0=None)`` → ``hs (batch, time, hidden)``;
    the final states are kept in ``self.h`` and ``self.c`` (nn.LSTM's ``h_n``, ``c_n``).
    ``backward(dhs (batch, time, hidden), dc_last=None)`` → ``dxs (batch, time, input)``,
    where ``dc_last (batch, hidden)`` is a gradient on the final cell state (zero if None).
    It runs each cell's backward in reverse time order and sums their weight gradients;
    the gradients reaching the initial states are left in ``self.dh0`` and ``self.dc0``.
    """

    def __init__(self, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> None:
        _check_weights(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cells: list[LSTMCell] = []
        self.h: np.ndarray | None = None
        self.c: np.ndarray | None = None
        self.dh0: np.ndarray | None = None
        self.dc0: np.ndarray | None = None
        self._states: dict[str, np.ndarray] = {}

    @property
    def hidden_size(self) -> int:
        return self.params[1].shape[0]

    def forward(
        self, xs: np.ndarray, h0: np.ndarray | None = None, c0: np.ndarray | None = None
    ) -> np.ndarray:
        Wx = self.params[0]
        if xs.ndim != 3 or xs.shape[2] != Wx.shape[0]:
            raise ValueError(f"xs must be (batch, time, {Wx.shape[0]}), got shape {xs.shape}")
        batch, time, _ = xs.shape
        if time == 0:
            raise ValueError("xs has no time steps")
        dtype = np.result_type(xs, Wx)
        zeros = np.zeros((batch, self.hidden_size), dtype=dtype)
        h = zeros if h0 is None else h0
        c = zeros if c0 is None else c0
        self.cells = []
        hs = np.empty((batch, time, self.hidden_size), dtype=dtype)
        cs = np.empty_like(hs)
        for t in range(time):
            cell = LSTMCell(*self.params)
            h, c = cell.forward(xs[:, t, :], h, c)
            hs[:, t, :], cs[:, t, :] = h, c
            self.cells.append(cell)
        self.h, self.c = h, c
        self._states = {"c": cs, "h": hs.copy()}
        return hs

    def backward(self, dhs: np.ndarray, dc_last: np.ndarray | None = None) -> np.ndarray:
        if not self.cells:
            raise RuntimeError("call forward before backward")
        Wx = self.params[0]
        batch = self.cells[0].cache[0].shape[0]
        expected = (batch, len(self.cells), self.hidden_size)
        if dhs.shape != expected:
            raise ValueError(f"dhs must be {expected} like forward's output, got {dhs.shape}")
        dh = np.zeros((batch, self.hidden_size), dtype=dhs.dtype)
        dc = dh.copy() if dc_last is None else np.asarray(dc_last, dtype=dhs.dtype)
        if dc.shape != dh.shape:
            raise ValueError(f"dc_last must be {dh.shape}, got {dc.shape}")
        dxs = np.empty((batch, len(self.cells), Wx.shape[0]), dtype=dhs.dtype)
        grads = [np.zeros_like(p) for p in self.params]
        for t in reversed(range(len(self.cells))):
            cell = self.cells[t]
            # h_t feeds both the output at step t and the next step: add the two gradients.
            dx, dh, dc = cell.backward(dhs[:, t, :] + dh, dc)
            dxs[:, t, :] = dx
            for total, g in zip(grads, cell.grads, strict=True):
                total += g
        self.grads = grads
        self.dh0, self.dc0 = dh, dc
        return dxs

    def trace(self) -> dict[str, np.ndarray]:
        """What the last forward computed, step by step: ``{"i", "f", "g", "o", "c", "h"}``.

        Each value is ``(batch, time, hidden)``. This is what the gate explorer draws.
        """
        if not self.cells:
            raise RuntimeError("call forward before trace")
        out = {k: np.stack([cell.gates[k] for cell in self.cells], axis=1) for k in GATES}
        return out | self._states


def lstm_weights_from_torch(lstm: Any, layer: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Copy one layer of an ``nn.LSTM`` (or ``nn.LSTMCell``) into ``(Wx, Wh, b)`` float64.

    PyTorch keeps ``weight_ih (4H, input)``, ``weight_hh (4H, H)`` and two biases
    ``bias_ih``, ``bias_hh`` (4H,), gate order i, f, g, o. Here ``Wx = weight_ih.T``,
    ``Wh = weight_hh.T`` and ``b = bias_ih + bias_hh``: the two biases are always added, so
    one vector does the same job.
    """
    suffix = f"_l{layer}" if hasattr(lstm, "weight_ih_l0") else ""
    if not hasattr(lstm, f"weight_ih{suffix}"):
        raise ValueError(f"{type(lstm).__name__} has no LSTM layer {layer}")
    if getattr(lstm, "proj_size", 0):
        raise ValueError("LSTMs with proj_size > 0 are not supported")

    def arr(name: str) -> np.ndarray:
        return getattr(lstm, f"{name}{suffix}").detach().cpu().double().numpy().copy()

    Wx, Wh = arr("weight_ih").T.copy(), arr("weight_hh").T.copy()
    b = arr("bias_ih") + arr("bias_hh") if getattr(lstm, "bias", True) else np.zeros(Wx.shape[1])
    _check_weights(Wx, Wh, b)
    return Wx, Wh, b
