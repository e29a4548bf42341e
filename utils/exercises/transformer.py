"""Exercise checks for lesson 11 (the Transformer). Each prints ✅/❌ with an explanation and
returns a bool; none raises on a wrong answer."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from utils.feedback import (
    answer_atol,
    as_float_array,
    check_array,
    correct,
    incorrect,
    whole_number,
)
from utils.models.multihead import causal_mask, multihead_param_count, scaled_dot_product_attention
from utils.scratch.functions import softmax

#: Exercise 1: two queries, three keys and values, d_k = 4 (so √d_k = 2).
Q = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 2.0]])
K = np.array([[1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0]])
V = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
#: Exercise 2: the sentence of the causal-mask example.
SENTENCE = "I play soccer in the morning".split()
#: Exercise 3: the sizes of the original Transformer's base model.
D_MODEL, HEADS = 512, 8
ATOL = 1e-6


def expected_attention() -> tuple[np.ndarray, np.ndarray]:
    """Exercise 1's answer from ``utils.models.multihead``: weights ``(2, 3)``, output
    ``(2, 2)``."""
    out, w = scaled_dot_product_attention(torch.tensor(Q), torch.tensor(K), torch.tensor(V))
    return w.numpy(), out.numpy()


def _weights_hint(w: np.ndarray, w_exp: np.ndarray, atol: float) -> str | None:
    """The hint for a wrong ``weights`` array, ``None`` when it is right."""
    scores = Q @ K.T
    slips = (
        (scores, "those are the raw scores Q Kᵀ; divide by √d_k and take a softmax over "
                 "each row."),
        (scores / 2, "those are the scaled scores; the weights are their softmax along each "
                     "row (over the keys)."),
        (softmax(scores), "you forgot the scale: divide the scores by √d_k = 2 before the "
                          "softmax."),
        (softmax(scores / 4), "you divided by d_k = 4; the scale is √d_k = 2."),
        (softmax((scores / 2).T).T, "your softmax ran down the columns (over the queries); "
                                    "each query's weights over the keys must sum to 1: "
                                    "axis=-1."),
    )
    for wrong, hint in slips:
        if w.shape == wrong.shape and np.allclose(w, wrong, atol=1e-4):
            return hint
    if w.shape == w_exp.shape[::-1]:
        return "your weights are transposed: one row per query (2 rows), one column per key."
    if w.shape != w_exp.shape:
        return f"`weights` should have shape {w_exp.shape} (queries × keys), got {w.shape}."
    if not np.all(np.isfinite(w)):
        return "`weights` contains NaN or inf: subtract each row's largest score before np.exp."
    err = float(np.abs(w - w_exp).max())
    if err <= atol:
        return None
    return f"your weights differ from softmax(Q Kᵀ / √d_k) by up to {err:.3g}."


def check_scaled_attention(weights: Any, output: Any) -> bool:
    """Exercise 1: ``weights = softmax(Q Kᵀ / √d_k)`` ``(2, 3)`` and ``output = weights V``
    ``(2, 2)``; NumPy arrays, torch tensors or lists."""
    if weights is None or output is None:
        missing = " and ".join(n for n, v in (("weights", weights), ("output", output))
                               if v is None)
        return incorrect(f"`{missing}` still None: compute both with NumPy from Q, K and V.")
    w_exp, out_exp = expected_attention()
    w = as_float_array(weights)
    if w is None:
        return incorrect("`weights` should be a (2, 3) array of numbers.")
    hint = _weights_hint(w, w_exp, answer_atol(weights, ATOL))
    if hint is not None:
        return incorrect(hint)
    out = as_float_array(output)
    if out is not None and out.shape == (2, 4):
        return incorrect("the output mixes the values V (2 features each), not the keys: "
                         "weights @ V.")
    return check_array("output", output, out_exp, atol=answer_atol(output, ATOL),
                       hint="output = weights @ V: each row a weighted mix of V's rows.",
                       success=f"The scale halves the scores (√d_k = 2): without it query 1 "
                               f"would put {softmax(Q @ K.T)[0, 1]:.2f} instead of "
                               f"{w_exp[0, 1]:.2f} on key 2.")


def check_causal_mask(mask: Any) -> bool:
    """Exercise 2: the causal mask for ``SENTENCE`` (6 tokens), ``(6, 6)``, ``True`` (or 1)
    where query ``i`` may look at key ``j``."""
    if mask is None:
        return incorrect("`mask` is still None: build a (6, 6) boolean array.")
    got = as_float_array(mask)
    n = len(SENTENCE)
    if got is None or got.shape != (n, n):
        shape = None if got is None else got.shape
        return incorrect(f"`mask` should have shape ({n}, {n}), one row per query and one "
                         f"column per key; got {shape}.")
    if not np.isin(got, (0.0, 1.0)).all():
        return incorrect("a mask holds only True/False (or 1/0).")
    expected = causal_mask(n).numpy().astype(float)
    if np.array_equal(got, expected):
        soccer = SENTENCE.index("soccer")
        seen = " ".join(t for t, ok in zip(SENTENCE, got[soccer], strict=True) if ok)
        return correct(f"Row '{SENTENCE[soccer]}' lets it see \"{seen}\" and nothing later.")
    if np.array_equal(got, 1 - expected):
        return incorrect("that is the opposite convention (True = blocked, as in torch's "
                         "attn_mask); here True means 'may attend'.")
    if np.array_equal(got, expected.T):
        return incorrect("your mask lets each word see the words *after* it; a query may look "
                         "at keys j ≤ i (lower triangle, np.tril).")
    if np.array_equal(got, np.tril(np.ones((n, n)), -1)):
        return incorrect("a word must see itself too: keep the diagonal (j ≤ i, not j < i).")
    return incorrect("query i (row) may look at key j (column) exactly when j ≤ i: "
                     "np.tril(np.ones((6, 6), dtype=bool)).")


def check_multihead_params(answer: Any) -> bool:
    """Exercise 3: the parameters of one multi-head attention layer with ``d_model = 512``
    and 8 heads, biases included."""
    if answer is None:
        return incorrect("`answer` is still None: count W^Q, W^K, W^V, W^O and their biases.")
    n = whole_number(answer)
    if n is None:
        return incorrect(f"the answer is a whole number of parameters, got {answer!r}.")
    d, h = D_MODEL, HEADS
    expected = multihead_param_count(d)
    if n == expected:
        return correct(f"4·{d}² + 4·{d} = {expected:,}; with 1 head or 16 the count is the "
                       "same, the heads only split d_model into slices.")
    hints = {
        4 * d * d: "you counted the four matrices; each also has a bias of d_model numbers.",
        3 * d * d + 3 * d: "W^Q, W^K and W^V are there; add the output projection W^O "
                           "(d_model × d_model + d_model).",
        h * expected: "the heads do not multiply the count: each head gets a d_k = d_model / h "
                      "slice of the same four projections.",
        4 * (d * d // h) + 4 * (d // h): "that is one head's share; the four projections are "
                                         "d_model × d_model in total.",
    }
    return incorrect(hints.get(n, "count 4 matrices of d_model × d_model and 4 bias vectors "
                                  "of d_model."))
