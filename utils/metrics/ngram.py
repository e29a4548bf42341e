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

``KneserNeyLM`` is the stronger classic (interpolated Kneser-Ney, Chen & Goodman 1998):
subtract a discount ``D`` from every seen count and give the mass freed to the shorter
context, whose estimate counts *continuations* (how many different tokens came before a
k-gram) rather than occurrences:

    P_k(w | h) = (max(c(h, w) - D_k, 0) + D_k * N(h) * P_{k-1}(w | h')) / c(h)

with ``N(h)`` the number of distinct tokens seen after ``h``; below the top order ``c`` is
the continuation count. ``D_k = n1 / (n1 + 2 n2)`` (Ney's estimate from the numbers of
counts equal to 1 and 2 at that level; 0.5 when either is missing).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

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


class KneserNeyLM(NGramLM):
    """Interpolated Kneser-Ney over ids ``0 .. vocab_size - 1``; the same interface as
    ``NGramLM`` (``fit``, ``prob``, ``distribution`` ``(vocab,)``, ``nll``, ``order=``).

    The top order of a query uses the occurrence counts, every lower one the continuation
    counts; the lowest level is interpolated with the uniform ``1 / V``, so every id keeps
    some probability and each distribution sums to 1.
    """

    def __init__(self, order: int, vocab_size: int) -> None:
        super().__init__(order, vocab_size)
        # cont[k][context of length k] = Counter: w -> number of distinct tokens seen before h w
        self.cont: list[dict[tuple[int, ...], Counter[int]]] = [{} for _ in range(order - 1)]
        self.cont_totals: list[dict[tuple[int, ...], int]] = [{} for _ in range(order - 1)]
        self.discounts: list[float] = []  # occurrence counts, by context length
        self.cont_discounts: list[float] = []  # continuation counts, by context length

    @classmethod
    def from_ngram(cls, model: NGramLM) -> KneserNeyLM:
        """Kneser-Ney from the counts of an already fitted ``NGramLM`` (shared, not copied),
        which saves counting the training stream again."""
        if not model.totals[0]:
            raise ValueError("the NGramLM has not been fitted")
        kn = cls(model.order, model.vocab_size)
        kn.counts, kn.totals = model.counts, model.totals
        kn._fit_continuations()
        return kn

    @staticmethod
    def _discount(counters: Iterable[Counter[int]]) -> float:
        hist = Counter(c for counter in counters for c in counter.values() if c <= 2)
        n1, n2 = hist[1], hist[2]
        return n1 / (n1 + 2 * n2) if n1 > 0 and n2 > 0 else 0.5

    def fit(self, ids: Sequence[int]) -> KneserNeyLM:
        """Count occurrences and continuations of every k-gram (k ≤ order); returns ``self``."""
        super().fit(ids)
        self._fit_continuations()
        return self

    def _fit_continuations(self) -> None:
        for k in range(self.order - 1):
            cont, totals = self.cont[k], self.cont_totals[k]
            for longer, followers in self.counts[k + 1].items():
                h = longer[1:]
                c = cont.get(h)
                if c is None:
                    c = cont[h] = Counter()
                for w in followers:
                    c[w] += 1
                totals[h] = totals.get(h, 0) + len(followers)
        self.discounts = [self._discount(level.values()) for level in self.counts]
        self.cont_discounts = [self._discount(level.values()) for level in self.cont]

    def prob(self, context: Sequence[int], w: int, order: int | None = None) -> float:
        """P(w | the last ``order - 1`` tokens of ``context``), interpolated Kneser-Ney."""
        order = self._check_order(order)
        if not 0 <= w < self.vocab_size:
            raise ValueError(f"w must lie in [0, {self.vocab_size}), got {w}")
        if not self.discounts:
            raise ValueError("call fit() first")
        context = tuple(self._check_ids(context))
        top = min(order - 1, len(context))
        p = 1.0 / self.vocab_size
        for k in range(top + 1):
            h = context[len(context) - k :]
            if k == order - 1:  # the query's top order: occurrences
                counts, total, d = self.counts[k].get(h), self.totals[k].get(h), self.discounts[k]
            else:  # a lower order: continuations
                counts, total = self.cont[k].get(h), self.cont_totals[k].get(h)
                d = self.cont_discounts[k]
            if not total:  # never seen: longer contexts are unseen too
                break
            p = (max(counts[w] - d, 0.0) + d * len(counts) * p) / total
        return p
