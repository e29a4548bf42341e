"""How far back a gradient reaches: the norm of ``∂h_T/∂h_t`` in a recurrent layer.

Backpropagation through time multiplies one Jacobian per step. For the vanilla RNN
``h_k = tanh(W_ih x_k + W_hh h_{k-1} + b)`` the step Jacobian is
``∂h_k/∂h_{k-1} = diag(1 - h_k²) W_hh``, so ``∂h_T/∂h_t`` is a product of ``T - t`` such
matrices and its norm shrinks or grows geometrically with ``T - t``.
:func:`hidden_gradient_norms` measures it with autograd; :func:`rnn_step_jacobians` builds
the same product by hand from the formula (the tests check one against the other).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor, nn

from utils.models.classifiers import RECURRENT_LAYERS

#: How :func:`make_recurrent_layer` may initialise the recurrent blocks of ``weight_hh_l0``.
RECURRENT_INITS = ("random", "orthogonal")


def largest_singular_value(matrix: Tensor | np.ndarray) -> float:
    """The spectral norm ``σ_max`` of a 2-D matrix: the most it can stretch a vector."""
    m = torch.as_tensor(matrix, dtype=torch.float64)
    if m.ndim != 2 or m.numel() == 0:
        raise ValueError(f"need a non-empty 2-D matrix, got shape {tuple(m.shape)}")
    return float(torch.linalg.matrix_norm(m, ord=2))


def make_recurrent_layer(
    kind: str,
    *,
    hidden: int = 32,
    n_inputs: int = 8,
    scale: float | None = 1.0,
    seed: int = 0,
    forget_bias: float | None = None,
    keep_bias: float | None = None,
    recurrent_init: str = "random",
) -> nn.RNNBase:
    """A randomly initialised one-layer ``nn.RNN``/``nn.LSTM``/``nn.GRU`` in float64.

    ``recurrent_init`` chooses each gate's ``(hidden, hidden)`` block of ``weight_hh_l0``
    (the only block for ``"rnn"``): ``"random"`` keeps PyTorch's uniform initialisation,
    ``"orthogonal"`` replaces it by a random orthogonal matrix (all singular values 1 and
    all eigenvalues on the unit circle, Saxe et al. 2014). ``scale`` then **rescales each
    block so that its largest singular value equals** ``scale`` (``None``: left as is).

    ``keep_bias`` sets the bias of the gate that keeps the old state, as the sum of
    PyTorch's two bias vectors: the LSTM's forget gate f, the GRU's update gate z (in
    PyTorch's GRU, z weights ``h_{t-1}``). ``forget_bias`` is the LSTM-only name for the
    same thing. Batch-first, tanh non-linearity for the vanilla RNN.
    """
    if kind not in RECURRENT_LAYERS:
        raise ValueError(f"kind must be one of {sorted(RECURRENT_LAYERS)}, got {kind!r}")
    if hidden < 1 or n_inputs < 1:
        raise ValueError(f"hidden and n_inputs must be >= 1, got {hidden} and {n_inputs}")
    if scale is not None and not scale > 0:
        raise ValueError(f"scale must be positive (or None), got {scale}")
    if recurrent_init not in RECURRENT_INITS:
        raise ValueError(f"recurrent_init must be one of {RECURRENT_INITS}, got "
                         f"{recurrent_init!r}")
    if forget_bias is not None:
        if kind != "lstm":
            raise ValueError(f"forget_bias only applies to kind='lstm' (use keep_bias for "
                             f"the GRU), got {kind!r}")
        if keep_bias is not None:
            raise ValueError("give forget_bias or keep_bias, not both (they are the same bias)")
        keep_bias = forget_bias
    if keep_bias is not None and kind == "rnn":
        raise ValueError("keep_bias needs a gated layer ('lstm' or 'gru'); the RNN has no gate")
    torch.manual_seed(seed)
    layer = RECURRENT_LAYERS[kind](n_inputs, hidden, batch_first=True).double()
    with torch.no_grad():
        for block in layer.weight_hh_l0.split(hidden, dim=0):  # one block per gate
            if recurrent_init == "orthogonal":
                nn.init.orthogonal_(block)
            if scale is not None:
                block.mul_(scale / largest_singular_value(block))
        if keep_bias is not None:
            # Gate order: LSTM (i, f, g, o), GRU (r, z, n): f and z are both the second block.
            for bias in (layer.bias_ih_l0, layer.bias_hh_l0):
                bias[hidden : 2 * hidden] = keep_bias / 2
    return layer


def random_inputs(
    length: int, *, n_inputs: int = 8, input_scale: float = 1.0, seed: int = 0
) -> Tensor:
    """Seeded inputs ``x ~ N(0, input_scale²)`` of shape ``(1, length, n_inputs)``, float64."""
    if length < 1:
        raise ValueError(f"length must be at least 1, got {length}")
    if input_scale < 0:
        raise ValueError(f"input_scale must be >= 0, got {input_scale}")
    g = torch.Generator().manual_seed(seed)
    return input_scale * torch.randn(1, length, n_inputs, generator=g, dtype=torch.float64)


def _step(layer: nn.RNNBase, x_t: Tensor, state: Tensor) -> Tensor:
    """One step on a flat state: ``h`` for RNN/GRU, ``[h, c]`` for the LSTM, ``(1, ·)``."""
    if isinstance(layer, nn.LSTM):
        h, c = state.chunk(2, dim=-1)
        _, (h_new, c_new) = layer(x_t, (h[None], c[None]))
        return torch.cat([h_new[0], c_new[0]], dim=-1)
    _, h_new = layer(x_t, state[None])
    return h_new[0]


def hidden_gradient_norms(
    kind: str,
    length: int,
    *,
    hidden: int = 32,
    scale: float | None = 1.0,
    seed: int = 0,
    n_inputs: int = 8,
    input_scale: float = 1.0,
    forget_bias: float | None = None,
    keep_bias: float | None = None,
    recurrent_init: str = "random",
) -> np.ndarray:
    """``‖∂h_T/∂h_t‖`` for ``t = 0 .. T-1`` (``T = length``) of a random recurrent layer.

    The layer comes from :func:`make_recurrent_layer` (``scale`` = the largest singular
    value each block of ``W_hh`` is rescaled to; ``recurrent_init`` = ``"random"`` or
    ``"orthogonal"``; ``keep_bias`` for the LSTM's forget gate or the GRU's update gate,
    ``forget_bias`` the LSTM-only name for it); it reads
    :func:`random_inputs` (``x ~ N(0, input_scale²)``, size ``n_inputs``) from a zero
    initial state ``h_0``.
    Entry ``t`` is the spectral norm of the Jacobian of the last hidden state ``h_T``
    with respect to the state after step ``t`` (``h_0`` is the initial state), so entry
    ``t`` has travelled ``T - t`` steps back. For the LSTM the state is ``[h_t, c_t]``
    (the cell path included); the Jacobian is then ``(hidden, 2·hidden)``.
    Returns a float64 array of shape ``(length,)``.
    """
    xs = random_inputs(length, n_inputs=n_inputs, input_scale=input_scale, seed=seed)
    layer = make_recurrent_layer(kind, hidden=hidden, n_inputs=n_inputs, scale=scale, seed=seed,
                                 forget_bias=forget_bias, keep_bias=keep_bias,
                                 recurrent_init=recurrent_init)
    width = 2 * hidden if kind == "lstm" else hidden
    states = [torch.zeros(1, width, dtype=torch.float64, requires_grad=True)]
    for t in range(length):
        states.append(_step(layer, xs[:, t : t + 1], states[-1]))
    for s in states[1:-1]:
        s.retain_grad()
    h_T = states[-1][0, :hidden]
    # Row i of every Jacobian ∂h_T/∂s_t: backpropagate unit i of h_T once.
    jacobians = np.zeros((length, hidden, width))
    for i in range(hidden):
        for s in states[:-1]:
            s.grad = None
        h_T[i].backward(retain_graph=True)
        for t, s in enumerate(states[:-1]):
            jacobians[t, i] = s.grad[0].numpy()
    return np.linalg.norm(jacobians, ord=2, axis=(1, 2))


def rnn_step_jacobians(
    W_hh: np.ndarray, hs: np.ndarray
) -> np.ndarray:
    """The vanilla RNN's step Jacobians ``∂h_k/∂h_{k-1} = diag(1 - h_k²) W_hh`` by hand.

    ``W_hh (hidden, hidden)`` in PyTorch's convention (``h_k = tanh(... + W_hh h_{k-1})``),
    ``hs (time, hidden)`` the hidden states ``h_1 .. h_T``. Returns ``(time, hidden, hidden)``.
    """
    W_hh, hs = np.asarray(W_hh, dtype=float), np.asarray(hs, dtype=float)
    if W_hh.ndim != 2 or W_hh.shape[0] != W_hh.shape[1]:
        raise ValueError(f"W_hh must be square (hidden, hidden), got {W_hh.shape}")
    if hs.ndim != 2 or hs.shape[1] != W_hh.shape[0]:
        raise ValueError(f"hs must be (time, {W_hh.shape[0]}), got {hs.shape}")
    return (1 - hs**2)[:, :, None] * W_hh[None]


