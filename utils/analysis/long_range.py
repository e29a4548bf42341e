"""Experiments on the long-range memory task (``utils.data.long_range``): train a fresh
``SequenceClassifier`` at a given gap and measure its held-out accuracy, for one model kind
or many gaps. A vanilla RNN loses the symbol as the gap grows; LSTM and GRU keep it.
``utils.viz.long_range_plots`` draws the results.
"""
from __future__ import annotations

from collections.abc import Sequence

import torch

from utils.data.long_range import long_range_vocab_size, make_long_range_data
from utils.models.classifiers import MEMORY_GATE_BIAS, SequenceClassifier
from utils.training.classifiers import accuracy, train_classifier


def train_long_range(
    kind: str,
    gap: int,
    *,
    hidden: int = 32,
    n_train: int = 2000,
    n_test: int = 1000,
    epochs: int = 10,
    batch_size: int = 64,
    lr: float = 0.01,
    n_symbols: int = 8,
    seed: int = 0,
    memory_bias: float | None = MEMORY_GATE_BIAS,
    chunk: int | None = None,
    progress: bool = False,
) -> float:
    """Train a fresh :class:`SequenceClassifier` on the task; return held-out accuracy.

    Training and test sets are generated with different seeds (``seed`` and
    ``seed + 10_000``); weights are seeded with ``seed``. Adam, cross-entropy, no clipping.
    ``chunk`` trains with truncated BPTT (``utils.training.truncated_bptt.TruncatedBPTT``): the
    gradient flows back at most ``chunk`` steps. The result is a share in ``[0, 1]``;
    chance is ``1 / n_symbols``.
    """
    x_train, y_train = make_long_range_data(n_train, gap, n_symbols=n_symbols, seed=seed)
    x_test, y_test = make_long_range_data(n_test, gap, n_symbols=n_symbols, seed=seed + 10_000)
    torch.manual_seed(seed)
    model = SequenceClassifier(kind, long_range_vocab_size(n_symbols), n_symbols, hidden=hidden,
                               memory_bias=memory_bias)
    if chunk is not None:
        from utils.training.truncated_bptt import TruncatedBPTT  # it imports this module

        model = TruncatedBPTT(model, chunk)
    train_classifier(model, x_train, y_train, epochs=epochs, batch_size=batch_size, lr=lr,
                     seed=seed, progress=progress)
    return accuracy(model, x_test, y_test)


def accuracy_vs_gap(
    kinds: Sequence[str], gaps: Sequence[int], **kwargs: object
) -> dict[str, list[float]]:
    """Held-out accuracy of each kind at each gap: ``{kind: [acc at gaps[0], ...]}``.

    ``kwargs`` go to :func:`train_long_range` (e.g. ``epochs``, ``seed``).
    """
    if not kinds or not gaps:
        raise ValueError("need at least one kind and one gap")
    return {kind: [train_long_range(kind, gap, **kwargs) for gap in gaps] for kind in kinds}


