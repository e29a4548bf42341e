"""Minibatches: shuffled (or ordered) index tensors covering a dataset once per epoch,
shared by the classifier and seq2seq training loops.
"""
from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import Tensor


def minibatch_indices(
    n: int, batch_size: int, *, shuffle: bool = True, generator: torch.Generator | None = None
) -> Iterator[Tensor]:
    """Yield index tensors that cover ``range(n)`` once, ``batch_size`` at a time."""
    if n < 1:
        raise ValueError(f"need at least one example, got n={n}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    yield from order.split(batch_size)
