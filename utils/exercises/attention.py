"""Exercise checks for lesson 08 (attention). Each prints ✅/❌ with an explanation and
returns a bool; none raises on a wrong answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from utils.attention import GeneralScore, attention
from utils.feedback import check_array, incorrect

#: The lecture notes' encoder states (keys = values), one per row.
KEYS = np.array([[0.0, 1.0, 1.0], [5.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 5.0, 1.0]])
#: Exercise 1's decoder state (query), new to the learner.
QUERY = np.array([0.0, 10.0, 5.0])


def expected_weights_and_context() -> tuple[np.ndarray, np.ndarray]:
    """The answer to exercise 1, from ``utils.attention``."""
    ctx, w = attention(torch.tensor(QUERY)[None], torch.tensor(KEYS)[None])
    return w[0].numpy(), ctx[0].numpy()


def check_attention_by_hand(weights: Any, context: Any) -> bool:
    """Exercise 1: dot-score attention weights ``(4,)`` and context ``(3,)`` for ``QUERY``."""
    if weights is None or context is None:
        return incorrect("`weights` or `context` is still None: compute both with NumPy.")
    w_exp, c_exp = expected_weights_and_context()
    try:
        w = np.asarray(weights, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return incorrect("`weights` should be 4 numbers, one per encoder state.")
    if w.shape == (4,):
        if np.allclose(w, KEYS @ QUERY):
            return incorrect("those are the scores (15, 5, 10, 55); pass them through a "
                             "softmax to get weights that are positive and sum to 1.")
        if not np.isclose(w.sum(), 1.0, atol=1e-6):
            return incorrect(f"attention weights sum to 1, yours sum to {w.sum():.4g}: "
                             "did you divide by the sum of the exponentials?")
    if not check_array("weights", w, w_exp, atol=1e-6,
                       hint="scores are query · key for each key (KEYS @ QUERY)."):
        return False
    c = np.asarray(context, dtype=float).reshape(-1)
    if c.shape == (4,):
        return incorrect("the context is a weighted sum of the 3-dimensional encoder states "
                         "(weights @ KEYS), not of the weights themselves.")
    return check_array("context", c, c_exp, atol=1e-6,
                       hint="context = Σ weight_s · key_s = weights @ KEYS.",
                       success="Almost all weight is on the 4th state (score 55), so the "
                               "context is ≈ [0, 5, 1].")


def check_general_score(fn: Callable[[Any, Any, Any], Any] | None) -> bool:
    """Exercise 2: ``fn(query (batch, q_dim), W (q_dim, k_dim), keys (batch, src_len, k_dim))``
    returns the general scores ``(batch, src_len)``, checked against ``GeneralScore``."""
    if fn is None:
        return incorrect("`general_score` is still None: define a function of (query, W, keys).")
    gen = torch.Generator().manual_seed(0)
    q, keys = torch.randn(2, 3, generator=gen), torch.randn(2, 5, 4, generator=gen)
    score = GeneralScore(3, 4)
    with torch.no_grad():
        score.W_a.weight.copy_(torch.randn(3, 4, generator=gen))
        expected = score(q, keys)
    W = score.W_a.weight.detach().clone()
    try:
        got = fn(q.clone(), W.clone(), keys.clone())
    except Exception as err:  # a learner's bug: explain, do not raise
        return incorrect(f"your function raised {type(err).__name__}: {err}. Shapes: query "
                         "(2, 3), W (3, 4), keys (2, 5, 4); the result should be (2, 5).")
    if got is None:
        return incorrect("your function returned None: did you forget `return`?")
    got_t = torch.as_tensor(got, dtype=expected.dtype)
    return check_array("general_score(query, W, keys)", got_t, expected.numpy(), atol=1e-5,
                       hint="score_s = queryᵀ W key_s: e.g. ((query @ W)[:, None, :] * keys)"
                            ".sum(-1), or keys @ (query @ W)[..., None].",
                       success="h_tᵀ W_a h_s for every source position at once.")
