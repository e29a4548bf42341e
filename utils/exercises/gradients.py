"""Exercise checks for lesson 03 (vanishing and exploding gradients). Each prints ✅/❌ with an
explanation and returns a bool; none raises on a wrong answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from utils.analysis.gradient_flow import hidden_gradient_norms, rnn_step_jacobians
from utils.feedback import answer_atol, as_float_array, check_array, correct, incorrect
from utils.training.clipping import clip_by_total_norm


def jacobian_problem() -> dict[str, np.ndarray]:
    """The numbers of exercise 1: a 2-unit RNN's ``W_hh (2, 2)`` in PyTorch's layout (column
    vectors, ``h_k = tanh(W_ih x_k + W_hh h_{k-1} + b)``, ``W_hh`` stored (out, in) like
    ``nn.RNN.weight_hh_l0``) and its hidden states ``hs (3, 2)`` = ``h_1, h_2, h_3``. The learner
    computes the Jacobian ``∂h_3/∂h_0`` (entry ``[i, j]`` = ``∂h_3[i]/∂h_0[j]``), ``(2, 2)``."""
    return {
        "W_hh": np.array([[0.5, -1.0], [1.5, 0.25]]),
        "hs": np.array([[0.2, -0.5], [0.9, 0.1], [-0.3, 0.6]]),
    }


def _product(steps: np.ndarray, *, reverse: bool = False) -> np.ndarray:
    J = np.eye(steps.shape[1])
    for step in steps if not reverse else steps[::-1]:
        J = step @ J
    return J


def check_jacobian_product(answer: Any) -> bool:
    """Exercise 1: ``∂h_3/∂h_0 = D_3 W_hh · D_2 W_hh · D_1 W_hh`` with ``D_k = diag(1 - h_k²)``."""
    p = jacobian_problem()
    W, hs = p["W_hh"], p["hs"]
    steps = rnn_step_jacobians(W, hs)  # (3, 2, 2): D_k W_hh
    expected = _product(steps)  # D_3 W · D_2 W · D_1 W
    if answer is None:
        return incorrect("`answer` is still None: replace the `None` with your code.")
    atol = answer_atol(answer, 1e-8)
    got = as_float_array(answer)
    if got is not None and got.shape == expected.shape:
        def near(candidate: np.ndarray) -> bool:
            return bool(np.allclose(got, candidate, rtol=0, atol=atol))

        if near(_product(steps, reverse=True)):
            return incorrect("the factors are in the wrong order. The chain rule multiplies "
                             "the *latest* step on the left: ∂h_3/∂h_0 = J_3 J_2 J_1.")
        if near(np.linalg.matrix_power(W, 3)):
            return incorrect("that is W_hh³ alone: each step also multiplies by the tanh "
                             "derivative, diag(1 − h_k²), on the left of W_hh.")
        if near(_product(rnn_step_jacobians(W.T, hs))):
            return incorrect("you used W_hhᵀ, the step Jacobian of lesson 01's row layout "
                             "(h_{k−1} W_hh, W_hh stored (in, out)). This W_hh is in PyTorch's "
                             "layout, h_k = tanh(W_ih x_k + W_hh h_{k−1} + b) with W_hh stored "
                             "(out, in), so each step is diag(1 − h_k²) @ W_hh.")
        if near(expected.T):
            return incorrect("that is the transpose of ∂h_3/∂h_0. In the Jacobian, row i "
                             "belongs to unit i of h_3 and column j to unit j of h_0; "
                             "multiply J_k = diag(1 − h_k²) @ W_hh with the latest step on "
                             "the left.")
        wrong_side = _product(np.stack([W * (1 - h**2)[None, :] for h in hs]))
        if near(wrong_side):
            return incorrect("diag(1 − h_k²) must scale the *rows* of W_hh (D_k W_hh), not "
                             "its columns: the derivative belongs to the unit being computed.")
        tanh_prime_of_h = _product(np.stack([(1 - np.tanh(h) ** 2)[:, None] * W for h in hs]))
        if near(tanh_prime_of_h):
            return incorrect("hs already holds tanh outputs, so tanh′ = 1 − h², not "
                             "1 − tanh(h)².")
    norm = np.linalg.norm(expected, 2)
    return check_array(
        "answer", answer if got is None else got, expected, atol=atol,
        hint="Start from the identity and multiply J_k = diag(1 − h_k²) @ W_hh on the left, "
             "for k = 1, 2, 3.",
        success=f"Its largest singular value is {norm:.3f}, while σ_max(W_hh)³ = "
                f"{np.linalg.norm(W, 2) ** 3:.3f}: the tanh derivatives shrank it.",
    )


def clipping_cases() -> list[tuple[list[np.ndarray], float]]:
    """Test cases for exercise 2: ``(grads, threshold)`` pairs (above, below, at the threshold)."""
    rng = np.random.default_rng(3)
    big = [rng.normal(size=(3, 4)) * 5, rng.normal(size=4) * 5]
    return [
        ([np.array([3.0, 0.0]), np.array([[0.0], [4.0]])], 1.0),  # ‖g‖ = 5
        (big, 2.0),
        ([np.array([0.3, -0.4])], 1.0),  # ‖g‖ = 0.5: unchanged
        ([np.array([0.6, 0.8])], 1.0),  # exactly at the threshold
    ]


def check_clipping(clip_fn: Callable[[list[np.ndarray], float], Any]) -> bool:
    """Exercise 2: ``clip_fn(grads, threshold)`` returns the clipped list of arrays."""
    for grads, threshold in clipping_cases():
        copies = [g.copy() for g in grads]
        try:
            got = clip_fn(copies, threshold)
        except Exception as err:  # noqa: BLE001 - a learner's bug is reported, not raised
            return incorrect(f"your function raised {type(err).__name__}: {err}")
        if got is None:
            return incorrect("your function returns None: return the list of clipped arrays.")
        expected, norm = clip_by_total_norm([torch.as_tensor(g) for g in grads], threshold)
        expected = [e.numpy() for e in expected]
        try:
            atol = max(answer_atol(g, 1e-8) for g in got) if len(got) else 1e-8
            got = [as_float_array(g) for g in got]
        except TypeError:
            got = [None]
        if any(g is None for g in got):
            return incorrect("return a list of arrays, one per gradient, in the same order.")
        if len(got) != len(expected) or any(
            a.shape != b.shape for a, b in zip(got, expected, strict=True)
        ):
            return incorrect("return one array per gradient, each with its original shape.")
        right = all(np.allclose(a, b, rtol=0, atol=atol)
                    for a, b in zip(got, expected, strict=True))
        per_tensor = [g * min(1.0, threshold / max(np.linalg.norm(g), 1e-12)) for g in grads]
        if len(grads) > 1 and not right and all(
            np.allclose(a, b, rtol=0, atol=atol) for a, b in zip(got, per_tensor, strict=True)
        ):
            return incorrect("you clipped each gradient on its own. Clipping treats all "
                             "gradients as ONE vector: ‖g‖ = sqrt(Σ ‖g_p‖²), and every "
                             "g_p is scaled by the same factor threshold / ‖g‖.")
        if norm < threshold and not right:
            return incorrect(f"with ‖g‖ = {norm:.2f} below the threshold {threshold} the "
                             "gradients must come back unchanged: clipping only ever shrinks.")
        if not right:
            return incorrect(
                f"for ‖g‖ = {norm:.2f} and threshold {threshold} the result is off. "
                "When ‖g‖ ≥ threshold, return [threshold * g / ‖g‖ for g in grads].")
    return correct("The step keeps its direction; only its length is capped.")


def check_steady_scale(answer: Any, length: int = 50) -> bool:
    """Exercise 3: a ``σ_max(W_hh)`` for which ``‖∂h_T/∂h_0‖`` over ``length`` steps ends up
    within ``[1e-2, 1e2]`` (the seed-0 RNN of ``gradient_flow_view``). Only this end-to-end
    norm is checked, not the norms ``‖∂h_T/∂h_t‖`` of the steps in between."""
    if answer is None:
        return incorrect("`answer` is still None: put a number (your σ_max) there.")
    if isinstance(answer, str | bytes | bool | np.bool_):
        return incorrect(f"`answer` should be one number, got {type(answer).__name__}.")
    try:
        scale = float(answer)  # Python and NumPy numbers, 0-d arrays and tensors
    except (TypeError, ValueError, RuntimeError):
        return incorrect(f"`answer` should be one number, got {type(answer).__name__}.")
    if not 0 < scale <= 20:
        return incorrect(f"pick a scale between 0 and 20, got {scale}.")
    norm = hidden_gradient_norms("rnn", length, scale=scale)[0]
    if norm < 1e-2:
        return incorrect(f"with σ_max = {scale:g} the gradient shrinks to {norm:.1e} over "
                         f"{length} steps: it vanishes. Try a larger scale.")
    if norm > 1e2:
        return incorrect(f"with σ_max = {scale:g} the gradient grows to {norm:.1e} over "
                         f"{length} steps: it explodes. Try a smaller scale.")
    return correct(f"‖∂h_T/∂h_0‖ = {norm:.2f}, between 1e-2 and 1e2. Note that σ_max is well "
                   "above 1 here: the tanh derivatives (< 1) and the smaller singular values "
                   "pull it down, so σ_max > 1 is needed to explode but does not guarantee it.")
