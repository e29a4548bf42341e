"""``nn.RNN`` and the NumPy RNN of lesson 01: the same numbers, and the same shapes.

PyTorch stores one layer (and one direction) of an ``nn.RNN`` as ``weight_ih (H, input)``,
``weight_hh (H, H)`` and two biases ``bias_ih``, ``bias_hh`` ``(H,)``, and computes
``h_t = tanh(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh)``. The NumPy layer of
``utils.scratch.rnn`` computes ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)``; so
``Wx = W_ihᵀ``, ``Wh = W_hhᵀ`` and ``b = b_ih + b_hh`` (two biases added are one bias).

``numpy_rnn_forward`` runs a whole (stacked, bidirectional) ``nn.RNN`` with ``TimeRNN``
alone: a deep RNN feeds each layer's outputs to the next layer, and a bidirectional one runs
a second RNN on the time-reversed input and concatenates the two. Names of the directions
follow PyTorch: ``reverse=True`` is the ``..._reverse`` weight set.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from utils.scratch.rnn import TimeRNN, check_rnn_weights


def _suffix(rnn: nn.RNN, layer: int, reverse: bool) -> str:
    if not isinstance(rnn, nn.RNN):
        raise ValueError(f"expected an nn.RNN, got {type(rnn).__name__}")
    if not 0 <= layer < rnn.num_layers:
        raise ValueError(f"layer must be in 0..{rnn.num_layers - 1}, got {layer}")
    if reverse and not rnn.bidirectional:
        raise ValueError("reverse=True needs a bidirectional nn.RNN")
    if rnn.nonlinearity != "tanh":
        raise ValueError(f"the NumPy RNN uses tanh, this nn.RNN uses {rnn.nonlinearity!r}")
    return f"_l{layer}" + ("_reverse" if reverse else "")


def numpy_weights(
    rnn: nn.RNN, layer: int = 0, reverse: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One layer/direction of ``rnn`` as float64 ``Wx (input, H)``, ``Wh (H, H)``, ``b (H,)``.

    ``Wx = weight_ihᵀ``, ``Wh = weight_hhᵀ``, ``b = bias_ih + bias_hh`` (zeros when the
    RNN has ``bias=False``). The arrays are copies: changing them leaves ``rnn`` alone.
    """
    s = _suffix(rnn, layer, reverse)

    def arr(name: str) -> np.ndarray:
        return getattr(rnn, name + s).detach().cpu().double().numpy().copy()

    Wx, Wh = arr("weight_ih").T.copy(), arr("weight_hh").T.copy()
    b = arr("bias_ih") + arr("bias_hh") if rnn.bias else np.zeros(Wh.shape[0])
    return Wx, Wh, b


@torch.no_grad()
def load_numpy_weights(
    rnn: nn.RNN, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray, layer: int = 0,
    reverse: bool = False,
) -> None:
    """The way back: write NumPy ``(Wx, Wh, b)`` into one layer/direction of ``rnn``.

    ``weight_ih ← Wxᵀ``, ``weight_hh ← Whᵀ``, ``bias_ih ← b`` and ``bias_hh ← 0`` (only the
    sum of the two biases matters). Shapes must fit the layer.
    """
    s = _suffix(rnn, layer, reverse)
    check_rnn_weights(Wx, Wh, b)
    w_ih, w_hh = getattr(rnn, "weight_ih" + s), getattr(rnn, "weight_hh" + s)
    if Wx.T.shape != tuple(w_ih.shape) or Wh.shape != tuple(w_hh.shape):
        raise ValueError(
            f"layer {layer} needs Wx {tuple(w_ih.shape[::-1])} and Wh {tuple(w_hh.shape)}, "
            f"got {Wx.shape} and {Wh.shape}"
        )
    if not rnn.bias and np.any(b != 0):
        raise ValueError("this nn.RNN has bias=False, so b must be all zeros")
    w_ih.copy_(torch.as_tensor(Wx.T))
    w_hh.copy_(torch.as_tensor(Wh.T))
    if rnn.bias:
        getattr(rnn, "bias_ih" + s).copy_(torch.as_tensor(b))
        getattr(rnn, "bias_hh" + s).zero_()


def rnn_output_shapes(
    input_shape: tuple[int, int, int], hidden_size: int, num_layers: int = 1, *,
    batch_first: bool = False, bidirectional: bool = False,
) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The shapes ``(output, h_n)`` an ``nn.RNN`` returns, worked out without running it.

    ``input_shape`` is ``(time, batch, input)``, or ``(batch, time, input)`` with
    ``batch_first``. ``output`` has the input's layout with ``dirs · hidden`` features (the
    top layer at every step); ``h_n`` is always ``(layers · dirs, batch, hidden)`` (every
    layer's last step), whatever ``batch_first`` says.
    """
    if len(input_shape) != 3 or min(input_shape) < 1:
        raise ValueError(f"input_shape must be 3 positive sizes, got {input_shape}")
    if hidden_size < 1 or num_layers < 1:
        raise ValueError(f"hidden_size and num_layers must be ≥ 1, got {hidden_size}, "
                         f"{num_layers}")
    dirs = 2 if bidirectional else 1
    batch = input_shape[0] if batch_first else input_shape[1]
    output = (input_shape[0], input_shape[1], dirs * hidden_size)
    return output, (num_layers * dirs, batch, hidden_size)


def numpy_rnn_forward(rnn: nn.RNN, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run ``rnn`` with the NumPy ``TimeRNN`` only; return ``(output, h_n)`` like PyTorch.

    ``x``: ``(batch, time, input)`` if ``rnn.batch_first`` else ``(time, batch, input)``.
    Returns ``output`` in the same layout with ``dirs · hidden`` features and ``h_n``
    ``(layers · dirs, batch, hidden)``, rows ordered layer 0 forward, layer 0 backward,
    layer 1 forward, ... (PyTorch's order). Zero initial state.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 3 or x.shape[2] != rnn.input_size:
        layout = "(batch, time, input)" if rnn.batch_first else "(time, batch, input)"
        raise ValueError(f"x must be {layout} with input = {rnn.input_size}, got {x.shape}")
    xs = x if rnn.batch_first else x.transpose(1, 0, 2)  # NumPy RNN is batch first
    h_n = []
    for layer in range(rnn.num_layers):
        outs = []
        for reverse in (False, True)[: 1 + rnn.bidirectional]:
            inp = xs[:, ::-1] if reverse else xs
            hs = TimeRNN(*numpy_weights(rnn, layer, reverse)).forward(inp)
            h_n.append(hs[:, -1])  # the last step *this direction* read
            outs.append(hs[:, ::-1] if reverse else hs)  # back in reading order
        xs = np.concatenate(outs, axis=2)  # the next layer's input
    output = xs if rnn.batch_first else xs.transpose(1, 0, 2)
    return output, np.stack(h_n)
