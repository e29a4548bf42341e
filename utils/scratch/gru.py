"""The GRU from scratch in PyTorch tensors, in the two conventions you will meet.

Both use an update gate ``z``, a reset gate ``r`` and a candidate state, and both make the
new hidden state an interpolation between the old one and the candidate. They differ in two
places (``x (batch, input)``, ``h (batch, hidden)``; ``W_i* (input, H)``, ``W_h* (H, H)``)::

    lecture (Chung et al. 2014, most notes)            PyTorch (nn.GRU, cuDNN)
    z = sigmoid(x W_iz + h W_hz + b_z)                 same
    r = sigmoid(x W_ir + h W_hr + b_r)                 same
    h~ = tanh(x W_in + (r * h) W_hn + b_n)             n = tanh(x W_in + b_in + r * (h W_hn + b_hn))
    h_t = (1 - z) * h + z * h~                         h_t = (1 - z) * n + z * h

1. **Which side z weights.** In the lecture form z is "how much to update"; in PyTorch z
   is "how much to keep". Negating z's weights and bias turns one into the other
   (``sigmoid(-a) = 1 - sigmoid(a)``): a relabelling, not a different model. (Cho et al.
   2014, who introduced the GRU, also let z keep the old state, with r as in the lecture.)
2. **Where r acts.** The lecture form resets ``h`` *before* the matrix product; PyTorch
   resets the product ``h W_hn + b_hn`` *after* it. These are different functions.

Weights are kept in ``nn.GRU``'s layout (gate order r, z, n): ``weight_ih (3H, input)``,
``weight_hh (3H, H)``, ``bias_ih``, ``bias_hh (3H,)``. Autograd supplies the backward pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import torch
from torch import Tensor, nn

Convention = Literal["pytorch", "lecture"]
CONVENTIONS = ("pytorch", "lecture")


@dataclass
class GRUWeights:
    """One GRU layer's weights in ``nn.GRU``'s layout; gate order r, z, n along dim 0."""

    weight_ih: Tensor  # (3H, input)
    weight_hh: Tensor  # (3H, H)
    bias_ih: Tensor  # (3H,)
    bias_hh: Tensor  # (3H,)

    def __post_init__(self) -> None:
        three_h, hidden = self.weight_hh.shape if self.weight_hh.ndim == 2 else (0, -1)
        if (
            self.weight_ih.ndim != 2
            or three_h != 3 * hidden
            or self.weight_ih.shape[0] != three_h
            or self.bias_ih.shape != (three_h,)
            or self.bias_hh.shape != (three_h,)
        ):
            raise ValueError(
                "expected weight_ih (3H, input), weight_hh (3H, H), bias_ih (3H,), bias_hh (3H,), "
                f"got {tuple(self.weight_ih.shape)}, {tuple(self.weight_hh.shape)}, "
                f"{tuple(self.bias_ih.shape)}, {tuple(self.bias_hh.shape)}"
            )

    @property
    def hidden_size(self) -> int:
        return self.weight_hh.shape[1]

    @property
    def input_size(self) -> int:
        return self.weight_ih.shape[1]

    @classmethod
    def from_module(cls, gru: nn.GRU | nn.GRUCell, layer: int = 0) -> GRUWeights:
        """The weights of ``gru`` (layer ``layer`` of an ``nn.GRU``), shared, not copied:
        gradients of a loss computed from them reach the module's parameters."""
        suffix = f"_l{layer}" if isinstance(gru, nn.GRU) else ""
        if not isinstance(gru, nn.GRU | nn.GRUCell) or not hasattr(gru, f"weight_ih{suffix}"):
            raise ValueError(f"{type(gru).__name__} has no GRU layer {layer}")
        if not gru.bias:
            raise ValueError("GRUs without biases are not supported")
        return cls(*(getattr(gru, f"{n}{suffix}") for n in
                     ("weight_ih", "weight_hh", "bias_ih", "bias_hh")))

    def negate_update_gate(self) -> GRUWeights:
        """The same weights with z's rows negated, so the new z equals ``1 - z``.

        A lecture-form GRU with these weights weights ``h`` and the candidate the way
        PyTorch does: what is left between the two conventions is where r acts.
        """
        sign = torch.ones(3 * self.hidden_size, dtype=self.weight_hh.dtype)
        sign[self.hidden_size : 2 * self.hidden_size] = -1
        return GRUWeights(self.weight_ih * sign[:, None], self.weight_hh * sign[:, None],
                          self.bias_ih * sign, self.bias_hh * sign)


def gru_step(
    x: Tensor, h: Tensor, w: GRUWeights, convention: Convention = "pytorch"
) -> dict[str, Tensor]:
    """One GRU step; returns every intermediate: ``{"r", "z", "n", "h"}``, each (batch, H).

    ``x (batch, input)``, ``h (batch, hidden)``. ``n`` is the candidate (h~ in the lecture
    form) and ``h`` the new hidden state, computed in ``convention``.
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
    if x.ndim != 2 or x.shape[1] != w.input_size:
        raise ValueError(f"x must be (batch, {w.input_size}), got shape {tuple(x.shape)}")
    if h.shape != (x.shape[0], w.hidden_size):
        raise ValueError(f"h must be {(x.shape[0], w.hidden_size)}, got {tuple(h.shape)}")
    x_r, x_z, x_n = (x @ w.weight_ih.T + w.bias_ih).chunk(3, dim=1)
    W_hr, W_hz, W_hn = w.weight_hh.chunk(3, dim=0)  # each (H, H), applied as h @ W.T
    b_hr, b_hz, b_hn = w.bias_hh.chunk(3)
    r = torch.sigmoid(x_r + h @ W_hr.T + b_hr)
    z = torch.sigmoid(x_z + h @ W_hz.T + b_hz)
    if convention == "pytorch":
        n = torch.tanh(x_n + r * (h @ W_hn.T + b_hn))  # reset after the product
        h_new = (1 - z) * n + z * h  # z keeps the old state
    else:
        n = torch.tanh(x_n + (r * h) @ W_hn.T + b_hn)  # reset before the product
        h_new = (1 - z) * h + z * n  # z takes the candidate
    return {"r": r, "z": z, "n": n, "h": h_new}


def gru_cell(x: Tensor, h: Tensor, w: GRUWeights, convention: Convention = "pytorch") -> Tensor:
    """The new hidden state ``(batch, hidden)`` after one step (see ``gru_step``)."""
    return gru_step(x, h, w, convention)["h"]


def gru_layer(
    xs: Tensor, w: GRUWeights, h0: Tensor | None = None, convention: Convention = "pytorch"
) -> tuple[Tensor, Tensor]:
    """The GRU over a sequence: ``xs (batch, time, input)`` → ``(hs (batch, time, H), h_n)``.

    Like ``nn.GRU(batch_first=True)`` for one layer, except that ``h_n`` is ``(batch, H)``
    (no layer axis). ``h0`` defaults to zeros.
    """
    if xs.ndim != 3:
        raise ValueError(f"xs must be (batch, time, input), got shape {tuple(xs.shape)}")
    if xs.shape[1] == 0:
        raise ValueError("xs has no time steps")
    h = xs.new_zeros(xs.shape[0], w.hidden_size) if h0 is None else h0
    hs = []
    for t in range(xs.shape[1]):
        h = gru_cell(xs[:, t], h, w, convention)
        hs.append(h)
    return torch.stack(hs, dim=1), h

