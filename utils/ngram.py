"""A count-based n-gram language model with interpolated smoothing: the baseline to beat.

The probability of token ``w`` after the context ``h`` (the last ``n - 1`` tokens) mixes
the counted estimate with the estimate from one token less of context, recursively:

    P_k(w | h) = (c(h, w) + a(h) * P_{k-1}(w | h')) / (c(h) + a(h)),      P_0(w) = 1 / V

where ``h'`` drops the oldest token of ``h``. With ``alpha`` a number, ``a(h) = alpha``
(a Dirichlet prior: ``alpha`` pseudo-counts borrowed from the shorter context). With
``alpha=None``, ``a(h)`` is the number of distinct tokens seen after ``h`` (Witten-Bell):
a context followed by many different tokens trusts its own counts less. Every ``P_k`` is a
proper distribution over the ``V`` token ids, so perplexities are comparable with a neural
model's on the same ids.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np


class NGramLM:
    """An order-``n`` model over ids ``0 .. vocab_size - 1`` (``n = 1``: unigram).

    ``fit(ids)`` counts every k-gram, k ≤ n; ``prob(context, w)``, ``distribution(context)``
    ``(vocab,)`` and ``nll(ids)`` (mean nats per predicted token) use the counts.
    """

    def __init__(self, order: int, vocab_size: int, alpha: float | None = None) -> None:
        if order < 1:
            raise ValueError(f"order must be at least 1, got {order}")
        if vocab_size < 1:
            raise ValueError(f"vocab_size must be at least 1, got {vocab_size}")
        if alpha is not None and not alpha > 0:
            raise ValueError(f"alpha must be positive (or None for Witten-Bell), got {alpha}")
        self.order, self.vocab_size, self.alpha = order, vocab_size, alpha
        # counts[k][context of length k] = Counter of the tokens that followed it
        self.counts: list[dict[tuple[int, ...], Counter[int]]] = [{} for _ in range(order)]
        self.totals: list[dict[tuple[int, ...], int]] = [{} for _ in range(order)]

    def _check_ids(self, ids: Sequence[int]) -> list[int]:
        ids = [int(i) for i in ids]
        if ids and (min(ids) < 0 or max(ids) >= self.vocab_size):
            raise ValueError(f"ids must lie in [0, {self.vocab_size}), got {min(ids)}..{max(ids)}")
        return ids

    def fit(self, ids: Sequence[int]) -> NGramLM:
        """Count the k-grams (k = 1 .. order) of one token stream; returns ``self``."""
        ids = self._check_ids(ids)
        if len(ids) < 2:
            raise ValueError("need at least 2 tokens to count anything")
        for k in range(self.order):
            counts, totals = self.counts[k], self.totals[k]
            for t in range(k, len(ids)):
                h = tuple(ids[t - k : t])
                c = counts.get(h)
                if c is None:
                    c = counts[h] = Counter()
                c[ids[t]] += 1
                totals[h] = totals.get(h, 0) + 1
        return self

    def _weight(self, k: int, h: tuple[int, ...]) -> float:
        return float(len(self.counts[k][h])) if self.alpha is None else self.alpha

    def _check_order(self, order: int | None) -> int:
        order = self.order if order is None else order
        if not 1 <= order <= self.order:
            raise ValueError(f"order must lie in [1, {self.order}], got {order}")
        return order

    def prob(self, context: Sequence[int], w: int, order: int | None = None) -> float:
        """P(w | the last ``order - 1`` tokens of ``context``).

        ``order`` (default: the model's) may be lower: the counts of every shorter n-gram
        are kept, so one fit gives every lower-order model too.
        """
        order = self._check_order(order)
        if not 0 <= w < self.vocab_size:
            raise ValueError(f"w must lie in [0, {self.vocab_size}), got {w}")
        context = tuple(self._check_ids(context))
        p = 1.0 / self.vocab_size
        for k in range(min(order - 1, len(context)) + 1):
            h = context[len(context) - k :]
            total = self.totals[k].get(h)
            if total is None:  # never seen: longer contexts are unseen too
                break
            a = self._weight(k, h)
            p = (self.counts[k][h][w] + a * p) / (total + a)
        return p

    def distribution(self, context: Sequence[int], order: int | None = None) -> np.ndarray:
        """P(· | context) over all ids, ``(vocab,)``; sums to 1."""
        return np.array([self.prob(context, w, order) for w in range(self.vocab_size)])

    def nll(self, ids: Sequence[int], order: int | None = None) -> float:
        """Mean negative log-probability (nats) of ``ids[1:]``, each given all before it.

        The same tokens a recurrent model predicts when it reads ``ids`` as one stream.
        """
        order = self._check_order(order)
        ids = self._check_ids(ids)
        if len(ids) < 2:
            raise ValueError("need at least 2 tokens: the first one is only context")
        n = order - 1
        total = sum(-math.log(self.prob(ids[max(0, t - n) : t], ids[t], order))
                    for t in range(1, len(ids)))
        return total / (len(ids) - 1)
