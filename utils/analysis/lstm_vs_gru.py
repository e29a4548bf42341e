"""LSTM vs GRU on the long-range task of ``utils.analysis.long_range``: accuracy, time, data size.

Lesson 05 and ``benchmarks/lstm_vs_gru.py`` use these to put the folk rule "GRU with less
data, LSTM with more" to a (small) test. Every run is ``utils.analysis.long_range.train_long_range``
(a fresh ``SequenceClassifier``, Adam, cross-entropy), timed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from utils.analysis.long_range import train_long_range
from utils.data.long_range import long_range_vocab_size, make_long_range_data
from utils.models.classifiers import SequenceClassifier


@dataclass(frozen=True)
class RunResult:
    """One training run: held-out accuracy in [0, 1] and CPU seconds spent training."""

    kind: str
    gap: int
    n_train: int
    seed: int
    accuracy: float
    seconds: float


def train_and_evaluate(
    kind: str,
    gap: int,
    *,
    n_train: int = 2000,
    steps: int | None = None,
    epochs: int = 10,
    batch_size: int = 64,
    seed: int = 0,
    **kwargs: object,
) -> RunResult:
    """``utils.analysis.long_range.train_long_range``, timed, with an optional budget of updates.

    ``steps``: when given, train for about that many updates whatever ``n_train`` is
    (``epochs = steps * batch_size / n_train``, rounded, at least 1), so small and large
    training sets get the same amount of optimisation. ``kwargs`` go to
    ``train_long_range`` (``memory_bias``, ``hidden``, ``lr``, ...). ``seconds`` is the
    ``time.process_time`` of the whole call (data, training, evaluation).
    """
    if steps is not None:
        if steps < 1:
            raise ValueError(f"steps must be at least 1, got {steps}")
        if n_train < 1:
            raise ValueError(f"need at least one training sequence, got n_train={n_train}")
        epochs = max(1, round(steps * batch_size / n_train))
    start = time.process_time()
    acc = train_long_range(kind, gap, n_train=n_train, epochs=epochs, batch_size=batch_size,
                           seed=seed, **kwargs)
    return RunResult(kind, gap, n_train, seed, acc, time.process_time() - start)


def compare_data_sizes(
    kinds: Sequence[str], sizes: Sequence[int], seeds: Sequence[int], **kwargs: object
) -> dict[str, np.ndarray]:
    """Held-out accuracy for every kind, training-set size and seed.

    Returns ``{kind: (len(sizes), len(seeds)) array}``; ``kwargs`` go to
    ``train_and_evaluate`` (e.g. ``gap``, ``steps``, ``memory_bias``).
    """
    if not kinds or not sizes or not seeds:
        raise ValueError("need at least one kind, one size and one seed")
    return {
        kind: np.array([[train_and_evaluate(kind, n_train=n, seed=s, **kwargs).accuracy
                         for s in seeds] for n in sizes])
        for kind in kinds
    }


def time_forward_backward(
    kind: str, *, batch: int = 64, length: int = 42, hidden: int = 32, embed: int = 16,
    repeats: int = 30, seed: int = 0,
) -> float:
    """Median CPU seconds of one forward + backward pass of a ``SequenceClassifier`` on a
    ``(batch, length)`` batch of the long-range task (after one warm-up pass)."""
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    x, y = make_long_range_data(batch, length - 2, seed=seed)
    torch.manual_seed(seed)
    model = SequenceClassifier(kind, long_range_vocab_size(), 8, hidden=hidden, embed=embed)
    loss_fn = torch.nn.CrossEntropyLoss()
    times = []
    for _ in range(repeats + 1):
        start = time.process_time()
        model.zero_grad()
        loss_fn(model(x), y).backward()
        times.append(time.process_time() - start)
    return statistics.median(times[1:])

