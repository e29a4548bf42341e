"""BERT's inputs: a sentence pair with [CLS] / [SEP] and segment ids, and the masked-LM rule.

Devlin et al. (2019) pre-train a Transformer encoder by hiding tokens and asking it to
restore them (*masked language model*). Of the ordinary tokens of a sequence, 15 % are
chosen for prediction; each chosen token is replaced by

- ``[MASK]`` 80 % of the time,
- a random token 10 % of the time,
- itself (unchanged) 10 % of the time,

and the loss is computed at the chosen positions only. The 10 % + 10 % keep the model from
learning that only ``[MASK]`` positions matter: ``[MASK]`` never occurs when the model is
later fine-tuned, and any token may be one it must check. Here the number chosen is
``max(1, round(0.15 · n))`` of the ``n`` ordinary tokens (special tokens are never chosen),
and a random replacement is any ordinary token of the vocabulary (BERT's reference code
rounds 15 % of the whole sequence, special tokens included, and caps it per sequence).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import NamedTuple

CLS, SEP, MASK = "[CLS]", "[SEP]", "[MASK]"
BERT_SPECIALS = (CLS, SEP, MASK)
#: What happens to a chosen token, in the order of the rule's probabilities.
MASKED, RANDOM, KEPT = "[MASK]", "random", "unchanged"


def sentence_pair(a: Sequence[str], b: Sequence[str] | None = None
                  ) -> tuple[list[str], list[int]]:
    """``[CLS] a [SEP]`` (``+ b [SEP]``) and the segment ids: 0 for ``[CLS]``, ``a`` and its
    ``[SEP]``, 1 for ``b`` and the last ``[SEP]``. BERT adds a learned segment embedding
    (A or B) and a learned position embedding to every token embedding."""
    if not a or (b is not None and not b):
        raise ValueError("sentences must hold at least one token")
    tokens = [CLS, *a, SEP]
    segments = [0] * len(tokens)
    if b is not None:
        tokens += [*b, SEP]
        segments += [1] * (len(b) + 1)
    return tokens, segments


class MaskedExample(NamedTuple):
    """``inputs``: the tokens the encoder reads; ``targets[i]``: the original token where
    position ``i`` was chosen for prediction, ``None`` elsewhere (no loss there);
    ``actions[i]``: what was done to a chosen token (``MASKED``, ``RANDOM``, ``KEPT``) or
    ``None``."""

    inputs: list[str]
    targets: list[str | None]
    actions: list[str | None]


def mask_tokens(tokens: Sequence[str], vocabulary: Sequence[str], *, rng: random.Random,
                rate: float = 0.15, probs: tuple[float, float, float] = (0.8, 0.1, 0.1)
                ) -> MaskedExample:
    """Apply BERT's masked-LM rule to ``tokens`` (see the module docstring).

    ``vocabulary``: the ordinary tokens a random replacement is drawn from; ``rng`` a
    seeded ``random.Random``; ``rate`` the share chosen; ``probs`` the shares of
    ``[MASK]``, random and unchanged among the chosen.
    """
    if not 0.0 < rate <= 1.0:
        raise ValueError(f"rate must lie in (0, 1], got {rate}")
    if len(probs) != 3 or min(probs) < 0 or abs(sum(probs) - 1.0) > 1e-9:
        raise ValueError(f"probs must be three non-negative shares summing to 1, got {probs}")
    ordinary = [i for i, t in enumerate(tokens) if t not in BERT_SPECIALS]
    if not ordinary:
        raise ValueError("no ordinary token to mask (only special tokens)")
    pool = [t for t in dict.fromkeys(vocabulary) if t not in BERT_SPECIALS]
    if not pool:
        raise ValueError("the vocabulary needs ordinary tokens to draw random replacements from")
    chosen = rng.sample(ordinary, max(1, round(rate * len(ordinary))))
    inputs, targets = list(tokens), [None] * len(tokens)
    actions: list[str | None] = [None] * len(tokens)
    for i in sorted(chosen):
        u = rng.random()
        targets[i] = tokens[i]
        if u < probs[0]:
            inputs[i], actions[i] = MASK, MASKED
        elif u < probs[0] + probs[1]:
            inputs[i], actions[i] = rng.choice(pool), RANDOM
        else:
            actions[i] = KEPT
    return MaskedExample(inputs, targets, actions)
