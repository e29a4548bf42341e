"""Weight initialisation: Xavier and He scales, a deep stack to watch activations, and the
symmetry problem of constant initial weights."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from utils.scratch.activations import ACTIVATIONS


def xavier_std(n_in: int) -> float:
    """LeCun's scale ``1 / sqrt(n_in)``, for tanh and sigmoid layers.

    Keeps the variance of a linear layer's output equal to its input's when ``n_in`` inputs
    of unit variance are summed. Glorot and Bengio's "Xavier" rule (PyTorch's
    ``xavier_normal_``) uses ``sqrt(2 / (n_in + n_out))``: the same number when
    ``n_in == n_out``, as in lesson 00's equal-width stacks, hence this function's name.
    """
    if n_in < 1:
        raise ValueError(f"n_in must be a positive number of inputs, got {n_in}")
    return float(1 / np.sqrt(n_in))


def he_std(n_in: int) -> float:
    """He (Kaiming) scale ``sqrt(2 / n_in)``, for ReLU layers (ReLU zeroes half the signal)."""
    if n_in < 1:
        raise ValueError(f"n_in must be a positive number of inputs, got {n_in}")
    return float(np.sqrt(2 / n_in))


def stack_activations(
    x: np.ndarray,
    n_layers: int,
    std: float | str,
    activation: str = "tanh",
    rng: np.random.Generator | None = None,
) -> list[np.ndarray]:
    """Push ``x (batch, width)`` through ``n_layers`` square layers ``act(h @ W)``.

    Each ``W (width, width)`` is drawn from ``N(0, std**2)``; ``std`` is a number or
    ``"xavier"`` / ``"he"``. ``activation`` is a key of ``utils.scratch.activations.ACTIVATIONS``.
    Returns the activations of every layer, a list of ``n_layers`` arrays
    ``(batch, width)``.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"x must be a non-empty (batch, width) array, got shape {x.shape}")
    if n_layers < 1:
        raise ValueError(f"n_layers must be at least 1, got {n_layers}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(ACTIVATIONS)}, got {activation!r}")
    width = x.shape[1]
    scales = {"xavier": xavier_std(width), "he": he_std(width)}
    if isinstance(std, str):
        if std not in scales:
            raise ValueError(f"std must be a number, 'xavier' or 'he', got {std!r}")
        std = scales[std]
    rng = rng if rng is not None else np.random.default_rng(0)
    act = ACTIVATIONS[activation][0]
    h, out = x, []
    for _ in range(n_layers):
        h = act(h @ rng.normal(scale=std, size=(width, width)))
        out.append(h)
    return out


def train_two_layer_net(
    init_value: float | None, steps: int = 50, lr: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, list[float]]:
    """Train ``Linear(3, 4) → tanh → Linear(4, 1)`` by SGD on a small random regression task.

    ``init_value``: every weight and bias starts at this constant; ``None`` keeps PyTorch's
    random initialisation. Returns the first layer's weight after training, ``(4, 3)``
    (one row per hidden unit), and the loss before each of the ``steps`` updates.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(32, 3, generator=gen)
    y = torch.sin(x @ torch.tensor([[1.0], [-2.0], [0.5]]))
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    if init_value is not None:
        for p in net.parameters():
            nn.init.constant_(p, init_value)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        loss = nn.functional.mse_loss(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return net[0].weight.detach().numpy().copy(), losses
