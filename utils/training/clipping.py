"""Gradient-norm clipping from scratch: the standard cure for exploding gradients.

All gradients of a model are treated as one long vector ``g``. When its length
``‖g‖ = sqrt(Σ_p ‖g_p‖²)`` reaches the threshold, every gradient is scaled by the same
factor so the length becomes exactly the threshold::

    g ← threshold · g / ‖g‖      if ‖g‖ ≥ threshold

The direction of the step is kept; only its size is capped. ``torch.nn.utils.
clip_grad_norm_`` does the same (it divides by ``‖g‖ + 1e-6``, a difference of about
``1e-6 / ‖g‖`` relative); the tests check the two agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch
from torch import Tensor, nn


def total_grad_norm(grads: Iterable[Tensor]) -> float:
    """``‖g‖``: the L2 norm of all gradient tensors taken together as one vector."""
    grads = list(grads)
    if not grads:
        raise ValueError("no gradients given")
    return math.sqrt(sum(float((g.detach().double() ** 2).sum()) for g in grads))


def clip_by_total_norm(grads: Iterable[Tensor], threshold: float) -> tuple[list[Tensor], float]:
    """Clipped copies of ``grads`` and the norm before clipping.

    Returns ``([threshold · g / ‖g‖ for g in grads], ‖g‖)`` when ``‖g‖ ≥ threshold``,
    otherwise unchanged copies. Shapes are kept.
    """
    if not threshold > 0:
        raise ValueError(f"threshold must be positive, got {threshold}")
    grads = [g.detach() for g in grads]
    norm = total_grad_norm(grads)
    if not math.isfinite(norm):
        raise ValueError(f"the gradient norm is {norm}: clipping cannot rescue NaN or inf")
    factor = threshold / norm if norm >= threshold else 1.0
    return [g * factor for g in grads], norm


def clip_grad_norm(parameters: Iterable[nn.Parameter], threshold: float) -> float:
    """Clip the ``.grad`` of ``parameters`` in place (as one vector); return the old norm.

    The from-scratch counterpart of ``torch.nn.utils.clip_grad_norm_(parameters,
    threshold)``. Parameters without a gradient are skipped.
    """
    params = [p for p in parameters if p.grad is not None]
    if not params:
        raise ValueError("none of the parameters has a gradient: call loss.backward() first")
    clipped, norm = clip_by_total_norm([p.grad for p in params], threshold)
    with torch.no_grad():
        for p, g in zip(params, clipped, strict=True):
            p.grad.copy_(g)
    return norm
