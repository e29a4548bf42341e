"""Checks for lesson 06 (language models). Each prints ✅ or ❌ with an explanation and
returns a bool; none raises on a wrong answer."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from utils.decoding.sampling import softmax_with_temperature
from utils.feedback import correct, incorrect

#: Exercise 1: the probabilities a model gave to the four true next tokens of a text.
TOKEN_PROBS = (0.5, 0.25, 0.125, 0.5)

#: Exercise 3: words of a tiny corpus and how often each occurs.
WORD_COUNTS = {"hug": 10, "pug": 5, "pun": 12, "bun": 4, "hugs": 5}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-6)


def check_perplexity(answer: Any) -> bool:
    """Exercise 1: the perplexity of ``TOKEN_PROBS``, i.e. exp(mean of −ln p)."""
    if answer is None:
        return incorrect("`answer` is still None: replace the `None` with your code.")
    try:
        got = float(answer)
    except (TypeError, ValueError):
        return incorrect(f"`answer` should be one number, got {type(answer).__name__}.")
    p = np.array(TOKEN_PROBS)
    nats = float(-np.log(p).mean())
    expected = math.exp(nats)
    if _close(got, expected) or abs(got - expected) <= 0.005:  # 3.36, rounded by hand, counts
        return correct(
            f"Perplexity {expected:.4f} = 2^{nats / math.log(2):.2f} bits: the model was as "
            f"unsure as a fair choice among about {expected:.1f} tokens at each step."
        )
    hints = {
        nats: "that is the mean cross-entropy in nats; perplexity is exp of it.",
        nats / math.log(2): "that is the cross-entropy in bits; perplexity is 2 to that power.",
        math.exp(-np.log(p).sum()): "average the −ln p over the tokens before exponentiating.",
        1 / p.mean(): "that is 1 / (arithmetic mean of p); perplexity uses the geometric mean.",
        float(np.exp(np.log(p).mean())): "that is the geometric mean of p; take its inverse.",
    }
    for value, hint in hints.items():
        if _close(got, value):
            return incorrect(f"You got {got:.4f}: {hint}")
    return incorrect(f"You got {got:.4f}. Perplexity = exp(−(1/N) Σ ln p_i) over the N tokens.")


def check_temperature(fn: Callable[[torch.Tensor, float], Any] | None) -> bool:
    """Exercise 2: ``fn(logits, T)`` returns softmax(logits / T) over the last axis."""
    if fn is None:
        return incorrect("`apply_temperature` is still None: define the function.")
    if not callable(fn):
        return incorrect(f"`apply_temperature` should be a function, got {type(fn).__name__}.")
    logits = torch.tensor([[2.0, 1.0, 0.0, -1.0], [0.5, 0.5, 3.0, 0.0]])
    for t in (0.5, 1.0, 2.0):
        try:
            got = torch.as_tensor(fn(logits.clone(), t), dtype=torch.float32)
        except Exception as err:  # a learner's bug: explain it instead of raising
            return incorrect(f"Calling it with T={t} raised {type(err).__name__}: {err}")
        expected = softmax_with_temperature(logits, t)
        if got.shape != expected.shape:
            return incorrect(f"For logits of shape {tuple(logits.shape)} it returned shape "
                             f"{tuple(got.shape)}; keep the shape, normalise the last axis.")
        if torch.allclose(got, expected, atol=1e-5):
            continue
        if torch.allclose(got, softmax_with_temperature(logits.T, t).T, atol=1e-5):
            return incorrect("Each column sums to 1, not each row: the softmax ran over the "
                             "wrong dimension. Use dim=-1, the vocabulary axis.")
        if not torch.allclose(got.sum(-1), torch.ones(2), atol=1e-4):
            return incorrect(f"At T={t} the rows sum to {got.sum(-1).tolist()}, not 1: "
                             "apply a softmax after scaling the logits.")
        if torch.allclose(got, softmax_with_temperature(logits * t, 1.0), atol=1e-5):
            return incorrect("You multiplied the logits by T; divide them by T, so a small T "
                             "sharpens the distribution.")
        return incorrect(f"At T={t} the probabilities differ from softmax(logits / T).")
    return correct("Dividing by T < 1 stretches the gaps between logits (sharper), T > 1 "
                   "shrinks them (flatter); T = 1 leaves the model's own distribution.")


def pair_counts(word_counts: dict[str, int]) -> Counter[tuple[str, str]]:
    """How often each pair of neighbouring characters occurs, each word's pairs counted as
    many times as the word occurs."""
    pairs: Counter[tuple[str, str]] = Counter()
    for word, n in word_counts.items():
        for a, b in zip(word, word[1:], strict=False):
            pairs[(a, b)] += n
    return pairs


def check_first_merge(answer: Any) -> bool:
    """Exercise 3: the first BPE merge on ``WORD_COUNTS``, as a pair like ``("h", "u")``."""
    if answer is None:
        return incorrect("`answer` is still None: replace the `None` with your code.")
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != 2:
        return incorrect(f"Give the pair as two symbols, e.g. ('h', 'u'); got {answer!r}.")
    pair = (str(answer[0]), str(answer[1]))
    counts = pair_counts(WORD_COUNTS)
    best, n = counts.most_common(1)[0]
    if pair == best:
        return correct(f"{best} occurs {n} times, more than any other pair, so BPE merges "
                       f"it into the new token {''.join(best)!r} first.")
    if pair not in counts:
        return incorrect(f"{pair} never occurs as neighbours in these words.")
    return incorrect(f"{pair} occurs {counts[pair]} times (each word counted as often as it "
                     f"occurs), but another pair occurs {n} times.")
