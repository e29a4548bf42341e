"""The long-range memory task shared by lessons 03-05: remember the first token.

Each sequence shows one *symbol* (the thing to remember), then ``gap`` random *distractor*
tokens, then a *query* marker that asks "what was the symbol?"::

    [symbol, d_1, d_2, ..., d_gap, QUERY]        label = symbol

Token ids: symbols are ``0 .. n_symbols-1``, distractors ``n_symbols .. 2*n_symbols-1``,
the query marker is ``2*n_symbols`` (see :func:`long_range_vocab_size`). A model reading the
sequence left to right must carry the symbol across ``gap`` steps of noise; chance accuracy
is ``1 / n_symbols``. The model is ``utils.models.classifiers.SequenceClassifier``; the
experiments are in ``utils.analysis.long_range``.
"""
from __future__ import annotations

import torch
from torch import Tensor


def long_range_vocab_size(n_symbols: int = 8) -> int:
    """Number of token ids the task uses: symbols, as many distractors, and the query."""
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be at least 2, got {n_symbols}")
    return 2 * n_symbols + 1


def make_long_range_data(
    n: int, gap: int, *, n_symbols: int = 8, seed: int = 0
) -> tuple[Tensor, Tensor]:
    """``n`` sequences of the remember-the-first-token task.

    Returns ``inputs (n, gap + 2)`` long token ids ``[symbol, gap distractors, QUERY]`` and
    ``labels (n,)`` = the symbol, shown ``gap + 1`` steps before the last input (``gap``
    tokens lie between it and the query). The same ``seed`` gives the same data.
    """
    vocab = long_range_vocab_size(n_symbols)  # validates n_symbols
    if n < 1:
        raise ValueError(f"need at least one sequence, got n={n}")
    if gap < 0:
        raise ValueError(f"gap must be >= 0, got {gap}")
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, n_symbols, (n,), generator=g)
    distractors = torch.randint(n_symbols, 2 * n_symbols, (n, gap), generator=g)
    query = torch.full((n, 1), vocab - 1)
    return torch.cat([labels[:, None], distractors, query], dim=1), labels
