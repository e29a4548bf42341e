"""LSTM vs GRU on the long-range task of ``utils.long_range``: accuracy, time, data size.

Lesson 05 and ``benchmarks/lstm_vs_gru.py`` use these to put the folk rule "GRU with less
data, LSTM with more" to a (small) test. Every run is ``utils.long_range.train_long_range``
(a fresh ``SequenceClassifier``, Adam, cross-entropy), timed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes

from utils.long_range import (
    SequenceClassifier,
    long_range_vocab_size,
    make_long_range_data,
    train_long_range,
)


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
    """``utils.long_range.train_long_range``, timed, with an optional budget of updates.

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


def plot_data_sizes(
    results: dict[str, np.ndarray], sizes: Sequence[int], ax: Axes | None = None,
    *, chance: float | None = 1 / 8,
) -> Axes:
    """Held-out accuracy against the training-set size (log axis), one colour per kind.

    ``results`` maps a kind to a ``(len(sizes), seeds)`` array (:func:`compare_data_sizes`).
    Each kind's line is its **mean over the seeds**; each faint dot is **one seed's run**
    (dots of different kinds are nudged sideways so they do not cover each other; runs with
    the same accuracy, e.g. several at 1.0, fall on one dot). The legend says both.
    """
    if not results:
        raise ValueError("results is empty")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.2))
    for i, (kind, accs) in enumerate(results.items()):
        accs = np.asarray(accs, dtype=float)
        if accs.ndim != 2 or accs.shape[0] != len(sizes) or accs.shape[1] < 1:
            raise ValueError(f"{kind!r}: need ({len(sizes)}, seeds) accuracies, got {accs.shape}")
        color = f"C{i}"
        n_seeds = accs.shape[1]
        offset = 1 + 0.04 * (i - (len(results) - 1) / 2)  # keep the dots of kinds apart
        ax.plot(sizes, accs.mean(axis=1), marker="o", color=color,
                label=f"{kind.upper()}: mean of {n_seeds} seed{'s' if n_seeds > 1 else ''}")
        ax.scatter(np.repeat(np.asarray(sizes, dtype=float) * offset, n_seeds), accs.ravel(),
                   color=color, alpha=0.35, s=12, label=f"{kind.upper()}: one dot per seed")
    if chance is not None:
        ax.axhline(chance, color="grey", linestyle="--", linewidth=1, label="chance")
    ax.set_xscale("log")
    ax.set_xticks(list(sizes), [str(n) for n in sizes])
    ax.minorticks_off()
    ax.set_xlabel("training sequences")
    ax.set_ylabel("held-out accuracy")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize="small")
    return ax


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

