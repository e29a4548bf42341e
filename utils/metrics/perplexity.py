"""A language model's quality from its mean cross-entropy in nats per token: perplexity
(exp of it) for words, bits per character (divided by ln 2) for characters.
"""
from __future__ import annotations

import math


def perplexity(nll: float) -> float:
    """exp(mean cross-entropy in nats): the effective number of equally likely next tokens."""
    if not math.isfinite(nll) or nll < 0:
        raise ValueError(f"nll must be a finite, non-negative number of nats, got {nll}")
    return math.exp(nll)


def bits_per_char(nll: float) -> float:
    """Nats per character → bits per character (divide by ln 2)."""
    if not math.isfinite(nll) or nll < 0:
        raise ValueError(f"nll must be a finite, non-negative number of nats, got {nll}")
    return nll / math.log(2)
