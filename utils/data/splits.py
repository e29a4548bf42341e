"""Train / dev / test splits by source sentence, with several references per source.

Tatoeba often translates one English sentence several ways (``"i'm home."`` → ``"je suis
à la maison."``, ``"je suis chez moi."``, ...). Splitting *pairs* at random would put one
translation of a sentence in training and another in the test set: the model would be
tested on sentences it has seen. So the unit of the split is the **source sentence**:

1. :func:`group_by_source` gathers each source's distinct translations (in file order);
2. :func:`split_by_source` shuffles the sources with ``random.Random(seed)`` (the same
   order on every machine) and deals them out: the first ``n_test`` to test, the next
   ``n_dev`` to dev, the rest to training;
3. training uses every ``(source, translation)`` pair of its sources; dev and test keep
   each source once, with all its translations as references for BLEU
   (:func:`reference_streams` lays them out as sacreBLEU expects).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

Pair = tuple[str, str]


class MultiReference(NamedTuple):
    """One source sentence and all its distinct reference translations (file order)."""

    source: str
    references: tuple[str, ...]


def group_by_source(pairs: Sequence[Pair]) -> list[MultiReference]:
    """Each distinct source once, in order of first appearance, with its distinct
    translations (a pair that occurs twice gives one reference)."""
    if not pairs:
        raise ValueError("no pairs to group")
    refs: dict[str, dict[str, None]] = {}
    for source, target in pairs:
        refs.setdefault(source, {})[target] = None
    return [MultiReference(s, tuple(t)) for s, t in refs.items()]


def expand(examples: Sequence[MultiReference]) -> list[Pair]:
    """Every ``(source, reference)`` pair of ``examples``: the training pairs of a split."""
    return [(ex.source, ref) for ex in examples for ref in ex.references]


def reference_streams(examples: Sequence[MultiReference]) -> list[list[str | None]]:
    """References in sacreBLEU's layout: stream ``j`` holds every sentence's ``j``-th
    reference, ``None`` where a sentence has fewer than ``j + 1``."""
    if not examples:
        raise ValueError("no examples")
    width = max(len(ex.references) for ex in examples)
    return [[ex.references[j] if j < len(ex.references) else None for ex in examples]
            for j in range(width)]


@dataclass
class SourceSplit:
    """``train``: the pairs of the training sources (every distinct translation);
    ``train_sources``, ``dev``, ``test``: the sources of each split with their references;
    ``seed``: the seed that dealt them."""

    train: list[Pair]
    train_sources: list[MultiReference]
    dev: list[MultiReference]
    test: list[MultiReference]
    seed: int

    def subset(self, n_sources: int) -> SourceSplit:
        """The same dev and test with only ``n_sources`` training sources: the first ones
        of an order shuffled by ``seed``, so a smaller subset is part of every larger one."""
        if not isinstance(n_sources, int) or not 1 <= n_sources <= len(self.train_sources):
            raise ValueError(f"n_sources must be an int in [1, {len(self.train_sources)}], "
                             f"got {n_sources!r}")
        order = list(range(len(self.train_sources)))
        random.Random(self.seed).shuffle(order)
        kept = [self.train_sources[i] for i in sorted(order[:n_sources])]
        return SourceSplit(expand(kept), kept, self.dev, self.test, self.seed)


def _count(size: int | float, n: int, name: str) -> int:
    if isinstance(size, float):
        if not 0.0 <= size < 1.0:
            raise ValueError(f"{name} as a fraction must lie in [0, 1), got {size}")
        return round(size * n)
    if not isinstance(size, int) or size < 0:
        raise ValueError(f"{name} must be a non-negative int or a fraction, got {size!r}")
    return size


def split_by_source(pairs: Sequence[Pair], *, n_dev: int | float = 0.05,
                    n_test: int | float = 0.1, seed: int = 0) -> SourceSplit:
    """Deal the distinct sources of ``pairs`` into test, dev and train (see the module
    docstring). ``n_dev`` and ``n_test`` are numbers of *sources*, or fractions of them."""
    groups = group_by_source(pairs)
    n_te, n_dv = _count(n_test, len(groups), "n_test"), _count(n_dev, len(groups), "n_dev")
    if n_te + n_dv >= len(groups):
        raise ValueError(f"{n_te} test + {n_dv} dev sources leave none of the {len(groups)} "
                         "for training")
    order = list(range(len(groups)))
    random.Random(seed).shuffle(order)
    test = [groups[i] for i in order[:n_te]]
    dev = [groups[i] for i in order[n_te:n_te + n_dv]]
    train_sources = [groups[i] for i in sorted(order[n_te + n_dv:])]
    return SourceSplit(expand(train_sources), train_sources, dev, test, seed)
