"""Generating text from a language model: temperature sampling, greedy decoding, repetition.

``softmax_with_temperature(logits, T)`` divides the logits by ``T`` before the softmax:
``T < 1`` sharpens the distribution (towards greedy), ``T > 1`` flattens it (towards
uniform). ``generate`` feeds each chosen token back in; ``distinct_ngram_ratio`` measures
how repetitive the result is. ``utils.viz.temperature_widgets`` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import Tensor

from utils.models.lm import RNNModel


def softmax_with_temperature(logits: Tensor, temperature: float) -> Tensor:
    """``softmax(logits / T)`` over the last axis; ``logits``: ``(..., vocab)``."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    if logits.ndim == 0 or logits.shape[-1] == 0:
        raise ValueError(f"logits need a vocabulary axis, got shape {tuple(logits.shape)}")
    return torch.softmax(logits.float() / temperature, dim=-1)


@torch.no_grad()
def next_token_probs(model: RNNModel, prompt_ids: Sequence[int], temperature: float = 1.0
                     ) -> Tensor:
    """P(next token | prompt) at ``temperature``, ``(vocab,)``."""
    if len(prompt_ids) == 0:
        raise ValueError("the prompt needs at least one token")
    model.eval()
    device = next(model.parameters()).device
    logits, _ = model(torch.tensor([list(prompt_ids)], device=device))
    return softmax_with_temperature(logits[0, -1].cpu(), temperature)


@torch.no_grad()
def generate(
    model: RNNModel,
    prompt_ids: Sequence[int],
    length: int,
    *,
    temperature: float = 1.0,
    greedy: bool = False,
    generator: torch.Generator | None = None,
    banned: Sequence[int] = (),
) -> list[int]:
    """Continue ``prompt_ids`` by ``length`` tokens; returns only the new ids.

    Each step reads the previous token with the carried state and either takes the most
    likely next token (``greedy``) or samples from ``softmax(logits / temperature)`` with
    ``generator`` (seed it for a reproducible sample). ``banned`` ids (e.g. ``<pad>``) are
    never produced.
    """
    if len(prompt_ids) == 0:
        raise ValueError("the prompt needs at least one token")
    if length < 0:
        raise ValueError(f"length must be >= 0, got {length}")
    if not greedy and not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    model.eval()
    device = next(model.parameters()).device
    logits, state = model(torch.tensor([list(prompt_ids)], device=device))
    last = logits[0, -1].cpu()
    out: list[int] = []
    for _ in range(length):
        if banned:
            last = last.clone()
            last[list(banned)] = -float("inf")
        if greedy:
            token = int(last.argmax())
        else:
            probs = softmax_with_temperature(last, temperature)
            token = int(torch.multinomial(probs, 1, generator=generator))
        out.append(token)
        logits, state = model(torch.tensor([[token]], device=device), state)
        last = logits[0, -1].cpu()
    return out


def distinct_ngram_ratio(tokens: Sequence, n: int) -> float:
    """Distinct n-grams ÷ all n-grams of ``tokens``: 1.0 = nothing repeats, → 0 = a loop."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    if not grams:
        raise ValueError(f"need at least {n} tokens to count {n}-grams, got {len(tokens)}")
    return len(set(grams)) / len(grams)


def entropy_bits(probs: np.ndarray) -> float:
    """Entropy of a distribution ``(vocab,)`` in bits."""
    p = np.asarray(probs, dtype=float)
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


