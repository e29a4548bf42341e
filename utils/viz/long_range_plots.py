"""Pictures of the long-range experiments (``utils.analysis.long_range`` and
``utils.analysis.lstm_vs_gru``): accuracy against the gap, and against the training-set size.
"""
from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes


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


def plot_accuracy_vs_gap(
    results: dict[str, list[float]], gaps: Sequence[int], ax: Axes | None = None,
    *, chance: float | None = 1 / 8,
) -> Axes:
    """One line per model kind: held-out accuracy against the gap, with chance dashed."""
    if not results:
        raise ValueError("results is empty")
    for kind, accs in results.items():
        if len(accs) != len(gaps):
            raise ValueError(f"{kind!r} has {len(accs)} accuracies for {len(gaps)} gaps")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.2))
    for kind, accs in results.items():
        ax.plot(list(gaps), accs, marker="o", label=kind.upper())
    if chance is not None:
        ax.axhline(chance, color="grey", linestyle="--", linewidth=1, label="chance")
    ax.set_xlabel("gap (distractor tokens between symbol and query)")
    ax.set_ylabel("held-out accuracy")
    ax.set_ylim(0, 1.05)
    ax.legend()
    return ax
