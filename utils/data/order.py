"""Generated tasks where word order decides the answer (lesson 02).

**Negation.** Short movie reviews from a small vocabulary, labelled positive (1) or
negative (0) by one rule: a sentiment word right after ``not`` flips, and all sentiment
words of a review then agree. Three kinds of review::

    plain     "the movie was good overall"        → positive
    negated   "the movie was not good overall"    → negative
    contrast  "the movie was good not bad"        → positive
              "the movie was bad not good"        → negative   (its *twin*)

A contrast review and its twin hold exactly the same bag of words with opposite labels, so
a model that ignores order (bag of words) must get exactly one of each twin pair wrong.
``split_examples`` keeps twins together, so a held-out set holds both halves of every pair.

**Fill in the blank.** ``"the ___ barked at me yesterday"``: the word that fills the blank is
decided by the verb *after* it, which a left-to-right RNN has not read yet at the blank.

Everything is pure Python and deterministic given ``seed``.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from utils.data.padding import pad_sequences
from utils.data.vocab import Vocab

POSITIVE = ("good", "great", "fun", "nice")
NEGATIVE = ("bad", "boring", "awful", "dull")
NOT = "not"
OPENERS = (
    "it was", "the movie was", "the film is", "the plot was", "honestly it was",
    "the acting is", "this film was really", "the ending was",
)
ENDINGS = ("", "overall", "to me", "i think", "in the end")
KINDS = ("plain", "negated", "contrast")

BLANK = "___"
ANIMALS = ("dog", "cat", "cow", "duck")
SOUNDS = ("barked", "meowed", "mooed", "quacked")  # SOUNDS[i] is made by ANIMALS[i]
BLANK_PLACES = ("", "at me", "loudly", "all night", "at the door", "in the barn")
BLANK_TIMES = ("", "yesterday", "today", "this morning", "after dinner", "once more",
               "on sunday")


@dataclass(frozen=True)
class Example:
    """One labelled sentence. ``group`` is shared by a contrast review and its twin."""

    tokens: tuple[str, ...]
    label: int
    kind: str
    group: int

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def sentiment_label(tokens: Sequence[str]) -> int:
    """The task's rule: 1 (positive) or 0 (negative).

    Each sentiment word counts as its polarity, flipped when the token right before it is
    ``not``; all sentiment words must then agree. Raises ``ValueError`` for a sentence with
    no sentiment word or with disagreeing ones ("good bad").
    """
    votes = set()
    for i, t in enumerate(tokens):
        if t in POSITIVE or t in NEGATIVE:
            positive = t in POSITIVE
            if i > 0 and tokens[i - 1] == NOT:
                positive = not positive
            votes.add(int(positive))
    if not votes:
        raise ValueError(f"no sentiment word in {' '.join(tokens)!r}")
    if len(votes) > 1:
        raise ValueError(f"the sentiment words disagree in {' '.join(tokens)!r}")
    return votes.pop()


def _review(opener: str, middle: Sequence[str], ending: str) -> tuple[str, ...]:
    return tuple(opener.split()) + tuple(middle) + tuple(ending.split())


def negation_examples() -> list[Example]:
    """Every review the grammar can make (1,920: 320 plain, 320 negated, 1,280 contrast)."""
    out: list[Example] = []
    words = POSITIVE + NEGATIVE
    for opener, ending in itertools.product(OPENERS, ENDINGS):
        for w in words:
            for kind, middle in (("plain", [w]), ("negated", [NOT, w])):
                tokens = _review(opener, middle, ending)
                out.append(Example(tokens, sentiment_label(tokens), kind, len(out)))
        for p, n in itertools.product(POSITIVE, NEGATIVE):
            group = len(out)  # the twin pair "p not n" / "n not p" shares one group
            for a, b in ((p, n), (n, p)):
                tokens = _review(opener, [a, NOT, b], ending)
                out.append(Example(tokens, sentiment_label(tokens), "contrast", group))
    return out


def blank_examples() -> list[Example]:
    """Every fill-in-the-blank sentence (168); ``label`` indexes ``ANIMALS``.

    All start ``"the ___"``: everything that tells the animal comes after the blank.
    """
    out: list[Example] = []
    for place, time in itertools.product(BLANK_PLACES, BLANK_TIMES):
        for label, sound in enumerate(SOUNDS):
            tokens = _review("the", [BLANK, sound], f"{place} {time}")
            out.append(Example(tokens, label, "blank", len(out)))
    return out


def split_examples(
    examples: Sequence[Example], test_fraction: float = 0.3, seed: int = 0
) -> tuple[list[Example], list[Example]]:
    """Shuffle whole groups (twins stay together) and cut off ``test_fraction`` of them."""
    if not examples:
        raise ValueError("no examples to split")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    groups = sorted({e.group for e in examples})
    random.Random(seed).shuffle(groups)
    test_groups = set(groups[: max(1, round(test_fraction * len(groups)))])
    train = [e for e in examples if e.group not in test_groups]
    test = [e for e in examples if e.group in test_groups]
    return train, test


def same_bag(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when ``a`` and ``b`` hold the same words the same number of times."""
    return Counter(a) == Counter(b)


def encode_examples(examples: Sequence[Example], vocab: Vocab) -> tuple[Tensor, Tensor, Tensor]:
    """Examples → ``ids (n, max_len)`` padded with ``PAD_ID``, ``lengths (n,)``, ``labels (n,)``."""
    if not examples:
        raise ValueError("no examples to encode")
    ids, lengths = pad_sequences([vocab.encode(e.tokens) for e in examples])
    return ids, lengths, torch.tensor([e.label for e in examples], dtype=torch.long)
