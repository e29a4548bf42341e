"""Checks for the exercises of lesson 00 (foundations). Each prints ✅/❌ and returns a bool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from utils.feedback import check_array, correct, incorrect
from utils.scratch.functions import softmax

#: The multiply node of exercise 2: forward inputs and the gradient arriving from above.
MUL_X, MUL_Y, MUL_DOUT = 3.0, -4.0, 2.0

#: Exercise 3: a data set of N examples, mini-batches of this size, this many updates.
EPOCH_N, EPOCH_BATCH, EPOCH_ITERATIONS = 60_000, 100, 12_000


def check_stable_softmax(fn: Callable[[np.ndarray], np.ndarray] | None) -> bool:
    """Exercise 1: ``fn(x)`` must be a softmax over the last axis that survives huge logits."""
    if fn is None:
        return incorrect("`stable_softmax` is still None: write the function and assign it.")
    if not callable(fn):
        return incorrect(f"`stable_softmax` should be a function, got {type(fn).__name__}.")
    cases = [
        ("small logits [1, 2, 3]", np.array([1.0, 2.0, 3.0])),
        ("a batch of two rows", np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])),
        ("huge logits [1000, 1001, 1002]", np.array([1000.0, 1001.0, 1002.0])),
        ("very negative logits [-1000, -1001]", np.array([-1000.0, -1001.0])),
        # exp overflows past 709: subtracting the row *minimum* instead of the maximum fails here
        ("logits far apart [0, 1000]", np.array([0.0, 1000.0])),
    ]
    for label, x in cases:
        try:
            with np.errstate(all="ignore"):
                got = fn(x.copy())
        except Exception as e:  # a learner's bug: explain it, do not crash the notebook
            return incorrect(f"on {label} your function raised {type(e).__name__}: {e}")
        try:
            got_arr = np.asarray(got, dtype=float) if got is not None else None
        except (TypeError, ValueError):
            got_arr = None  # not numbers: check_array below explains
        if got_arr is not None and got_arr.shape == x.shape and not np.all(np.isfinite(got_arr)):
            return incorrect(
                f"on {label} the result contains NaN or inf: exp overflowed (or 0/0). Subtract "
                "the largest logit of each row before exponentiating; it cancels in the ratio."
            )
        if got_arr is not None and got_arr.shape == x.shape and x.ndim == 2:
            sums = got_arr.sum(axis=-1)
            if not np.allclose(sums, 1.0) and np.isclose(got_arr.sum(), 1.0):
                return incorrect(
                    "each row must sum to 1, but your whole batch sums to 1: take the max and "
                    "the sum over the last axis (`axis=-1, keepdims=True`)."
                )
        want = softmax(x)
        ok = got_arr is not None and got_arr.shape == want.shape
        if ok and np.allclose(got_arr, want, rtol=0, atol=1e-9):
            continue  # this case passes; report only the first failing one
        print(f"On {label}:")
        return check_array(
            "stable_softmax(x)", got, want, atol=1e-9,
            hint="Check the axis (`axis=-1, keepdims=True`) and that you divide by the sum.",
        )
    return correct(
        "Your softmax matches utils.scratch.functions.softmax on small, batched, huge and very "
        "negative logits: subtracting the maximum kept exp from overflowing."
    )


def check_mul_backward(dx: Any, dy: Any) -> bool:
    """Exercise 2: the gradients of ``out = x * y`` at ``x = MUL_X``, ``y = MUL_Y``.

    ``dout = MUL_DOUT`` arrives from above; the answer is ``dx = dout * y, dy = dout * x``.
    """
    if dx is None or dy is None:
        return incorrect("set both `dx` and `dy` (they are still None).")
    try:
        dx, dy = float(dx), float(dy)
    except (TypeError, ValueError):
        return incorrect("`dx` and `dy` should be single numbers.")
    want_dx, want_dy = MUL_DOUT * MUL_Y, MUL_DOUT * MUL_X
    if np.isclose(dx, want_dx) and np.isclose(dy, want_dy):
        return correct(f"dx = dout·y = {want_dx:g} and dy = dout·x = {want_dy:g}.")
    if np.isclose(dx, want_dy) and np.isclose(dy, want_dx):
        return incorrect(
            "you have the two the wrong way round: ∂(x·y)/∂x = y, so dx uses the *other* input."
        )
    if np.isclose(dx, MUL_Y) and np.isclose(dy, MUL_X):
        return incorrect(
            "right idea (the inputs swap), but multiply by the gradient arriving from above, "
            f"dout = {MUL_DOUT:g} (chain rule)."
        )
    if np.isclose(dx, MUL_DOUT) and np.isclose(dy, MUL_DOUT):
        return incorrect(
            "that is the add node's backward; a multiply node scales by the other input."
        )
    return incorrect(
        f"got dx = {dx:g}, dy = {dy:g}. Use dx = dout · y and dy = dout · x with x = {MUL_X:g}, "
        f"y = {MUL_Y:g}, dout = {MUL_DOUT:g}."
    )


def check_epochs(answer: Any) -> bool:
    """Exercise 3: how many epochs are ``EPOCH_ITERATIONS`` updates on mini-batches?"""
    if answer is None:
        return incorrect("`epochs` is still None.")
    try:
        answer = float(answer)
    except (TypeError, ValueError):
        return incorrect(f"`epochs` should be a number, got {type(answer).__name__}.")
    per_epoch = EPOCH_N / EPOCH_BATCH
    want = EPOCH_ITERATIONS / per_epoch
    if np.isclose(answer, want):
        return correct(
            f"{EPOCH_N} / {EPOCH_BATCH} = {per_epoch:g} updates make one epoch, so "
            f"{EPOCH_ITERATIONS} updates are {want:g} epochs."
        )
    if np.isclose(answer, per_epoch):
        return incorrect(
            f"{per_epoch:g} is the number of updates in ONE epoch (N ÷ batch). "
            "Now divide the total number of updates by it."
        )
    if np.isclose(answer, EPOCH_ITERATIONS / EPOCH_BATCH):
        return incorrect("an epoch is one pass over all N examples: iterations ÷ (N ÷ batch).")
    return incorrect(
        f"got {answer:g}. One epoch = N ÷ batch updates; epochs = iterations ÷ (N ÷ batch)."
    )
