"""Exercise checks for lesson 08 (attention). Each prints ✅/❌ with an explanation and
returns a bool; none raises on a wrong answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from utils.feedback import as_float_array, check_array, incorrect
from utils.models.attention import GeneralScore, attention
from utils.scratch.functions import softmax

#: The lecture notes' encoder states (keys = values), one per row.
KEYS = np.array([[0.0, 1.0, 1.0], [5.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 5.0, 1.0]])
#: Exercise 1's decoder state (query), new to the learner. Its scores (1.4, 2, 0.6, 3) are
#: moderate, so the softmax spreads the weight (largest ≈ 0.6): an argmax (one-hot) answer or
#: a softmax of scaled scores is far from the right one.
QUERY = np.array([0.2, 0.4, 1.0])

#: How far (max. abs. difference) an answer may be from the reference: float32 rounding
#: (≈ 1e-7 here) passes, every slip the hints name is off by more than 0.05.
ATOL = 1e-5


def expected_weights_and_context() -> tuple[np.ndarray, np.ndarray]:
    """The answer to exercise 1, from ``utils.models.attention``: weights ``(4,)``, context
    ``(3,)``."""
    ctx, w = attention(torch.tensor(QUERY)[None], torch.tensor(KEYS)[None])
    return w[0].numpy(), ctx[0].numpy()


def _as_vector(x: Any) -> np.ndarray | None:
    """A NumPy array, torch tensor (even one that requires grad) or list, flattened to float64
    ``(n,)``; ``None`` when it is not numbers."""
    arr = as_float_array(x)
    return None if arr is None else arr.reshape(-1)


def _weights_hint(w: np.ndarray, w_exp: np.ndarray) -> str | None:
    """The hint for a wrong ``weights`` vector, ``None`` when it is right."""
    scores = KEYS @ QUERY
    if w.shape != w_exp.shape:
        return (f"`weights` should hold {len(w_exp)} numbers, one per encoder state (row of "
                f"KEYS); got {w.size}.")
    if not np.all(np.isfinite(w)):
        return "`weights` contains NaN or inf: subtract the largest score before np.exp."
    if np.allclose(w, w_exp, atol=ATOL):
        return None
    if np.allclose(w, scores, atol=ATOL):
        return (f"those are the scores {tuple(np.round(scores, 2))}; pass them through a "
                "softmax to get weights that are positive and sum to 1.")
    if np.allclose(w, scores / scores.sum(), atol=ATOL):
        return ("you divided the scores by their sum; the softmax exponentiates first: "
                "exp(score_s) / Σ exp(score_s').")
    if np.allclose(w, np.eye(len(w))[scores.argmax()], atol=ATOL):
        return ("that is a one-hot vector on the largest score (an argmax, 'hard' attention); "
                "the softmax gives every state a share, larger for larger scores.")
    if not np.isclose(w.sum(), 1.0, atol=1e-4):
        return (f"attention weights sum to 1, yours sum to {w.sum():.4g}: did you divide by "
                "the sum of the exponentials?")
    for name, scale in (("√d = √3", np.sqrt(KEYS.shape[1])), ("d = 3", KEYS.shape[1])):
        if np.allclose(w, softmax(scores / scale), atol=ATOL):
            return (f"you scaled the scores by 1/{name} (the Transformer's scaled dot "
                    "product, lesson 11); this exercise uses the plain dot score query · key.")
    return (f"your weights differ from the right ones by up to {np.abs(w - w_exp).max():.3g}: "
            "scores are query · key for each key (KEYS @ QUERY), then a softmax.")


def check_attention_by_hand(weights: Any, context: Any) -> bool:
    """Exercise 1: dot-score attention weights ``(4,)`` and context ``(3,)`` for ``QUERY``.

    Accepts NumPy arrays (float32 or float64), torch tensors and lists.
    """
    if weights is None or context is None:
        missing = " and ".join(n for n, v in (("weights", weights), ("context", context))
                               if v is None)
        return incorrect(f"`{missing}` still None: compute both with NumPy.")
    w_exp, c_exp = expected_weights_and_context()
    w = _as_vector(weights)
    if w is None:
        return incorrect("`weights` should be 4 numbers, one per encoder state.")
    hint = _weights_hint(w, w_exp)
    if hint is not None:
        return incorrect(hint)
    c = _as_vector(context)
    if c is None:
        return incorrect("`context` should be 3 numbers, a weighted sum of the rows of KEYS.")
    if c.shape == (4,):
        return incorrect("the context is a weighted sum of the 3-dimensional encoder states "
                         "(weights @ KEYS), not of the weights themselves.")
    if c.shape == c_exp.shape and np.allclose(c, KEYS[w_exp.argmax()], atol=ATOL):
        return incorrect("that is the most-attended encoder state alone; the context adds up "
                         "all four, each times its weight (weights @ KEYS).")
    return check_array("context", c, c_exp, atol=ATOL,
                       hint="context = Σ weight_s · key_s = weights @ KEYS.",
                       success=f"The 4th state (score {(KEYS @ QUERY)[3]:.1f}) gets the largest "
                               f"weight, {w_exp[3]:.2f}, but every state contributes: the "
                               f"context {np.round(c_exp, 2)} is a blend, not a copy of one "
                               "state.")


def check_general_score(fn: Callable[[Any, Any, Any], Any] | None) -> bool:
    """Exercise 2: ``fn(query (batch, q_dim), W (q_dim, k_dim), keys (batch, src_len, k_dim))``
    returns the general scores ``(batch, src_len)``, checked against ``GeneralScore``.

    The result may be a torch tensor, a NumPy array (float32 or float64) or nested lists.
    """
    if fn is None:
        return incorrect("`general_score` is still None: define a function of (query, W, keys).")
    if not callable(fn):
        return incorrect("`general_score` should be a function: def general_score(query, W, "
                         "keys): ...")
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
    got_np = as_float_array(got)
    if got_np is None:
        return incorrect(f"your function should return numbers (batch, src_len), got "
                         f"{type(got).__name__}.")
    exp_np = expected.numpy().astype(float)
    if got_np.shape in ((2, 5, 1), (2, 1, 5)) and np.allclose(got_np.reshape(2, 5), exp_np,
                                                                atol=1e-5):
        return incorrect(f"right numbers, shape {got_np.shape}: squeeze the size-1 axis to get "
                         "(batch, src_len) = (2, 5).")
    if got_np.shape == exp_np.shape and np.allclose(got_np, torch.softmax(expected, -1).numpy(),
                                                    atol=1e-5):
        return incorrect("those are attention weights (a softmax of the scores); the score "
                         "function returns the raw scores, the softmax comes after it.")
    if got_np.shape == exp_np.shape and np.allclose(got_np, -exp_np, atol=1e-5):
        return incorrect("right size, opposite sign: the score is + queryᵀ W key.")
    return check_array("general_score(query, W, keys)", got_np, exp_np, atol=1e-5,
                       hint="score_s = queryᵀ W key_s: e.g. ((query @ W)[:, None, :] * keys)"
                            ".sum(-1), or keys @ (query @ W)[..., None].",
                       success="h_tᵀ W_a h_s for every source position at once.")
