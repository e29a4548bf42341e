"""Checks for the exercises of lesson 01 (the RNN from scratch in NumPy).

Each check prints ✅ or ❌ with an explanation of the likely slip and returns a bool; none
raises on a wrong answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from utils.feedback import answer_atol, check_array, correct, incorrect, whole_number
from utils.metrics.param_counts import rnn_param_count

# Exercise 1: an RNN language model over characters.
VOCAB_SIZE, HIDDEN_SIZE, SEQ_LEN = 10, 32, 50


def check_param_count(answer: Any) -> bool:
    """Exercise 1: the number of weights of a one-hot-in, logits-out RNN language model with
    ``VOCAB_SIZE`` characters, ``HIDDEN_SIZE`` hidden units, one bias ``b`` in the recurrence
    and one ``b_y`` at the output, reading sequences of ``SEQ_LEN`` characters."""
    if answer is None:
        return incorrect("`answer` is still None: replace the `None` with your count.")
    got = whole_number(answer)
    if got is None:
        return incorrect(f"`answer` should be a whole number, got {answer!r}.")
    V, H, T = VOCAB_SIZE, HIDDEN_SIZE, SEQ_LEN
    expected = rnn_param_count(V, H, V)
    if got == expected:
        return correct(
            f"{V}·{H} (W_xh) + {H}·{H} (W_hh) + {H} (b) + {H}·{V} (W_hy) + {V} (b_y) = "
            f"{expected}, whatever the sequence length."
        )
    slips = {
        expected * T: f"you multiplied by the sequence length {T}. The same weights are "
                      "used at every step, so the length does not appear in the count.",
        expected - H - V: "you left out the biases b (hidden,) and b_y (output,).",
        expected - H: "you left out the recurrent bias b (one number per hidden unit).",
        expected - V: "you left out the output bias b_y (one number per character).",
        rnn_param_count(V, H): "that is the recurrent part only; add the output layer "
                               "W_hy (hidden, vocab) and b_y (vocab,).",
        expected + H: "that is PyTorch's count with two recurrent biases (b_ih and b_hh); "
                      "our cell has a single b.",
        expected - H * H + H: "W_hh maps a hidden state to a hidden state: it is "
                              f"({H}, {H}), not a vector.",
    }
    hint = slips.get(got, "list the matrices and vectors of the two equations "
                          "h_t = tanh(x_t W_xh + h_{t-1} W_hh + b) and y_t = h_t W_hy + b_y, "
                          "write each one's shape, and add up their sizes.")
    return incorrect(f"{got} is not the count. Hint: {hint}")


def _tanh_backward_case(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    h = np.tanh(rng.normal(size=(3, 5)))
    dh = rng.normal(size=(3, 5))
    return dh, h


def check_tanh_backward(tanh_backward: Callable[[np.ndarray, np.ndarray], np.ndarray] | None
                        ) -> bool:
    """Exercise 2: ``tanh_backward(dh, h)`` with ``h = tanh(a)`` must return ``dL/da``."""
    if tanh_backward is None:
        return incorrect("`tanh_backward` is still None: define the function.")
    if not callable(tanh_backward):
        return incorrect(f"`tanh_backward` should be a function, got {type(tanh_backward)}.")
    dh, h = _tanh_backward_case()
    try:
        got = np.asarray(tanh_backward(dh.copy(), h.copy()), dtype=float)
    except Exception as e:  # a learner's bug: explain, do not crash the notebook
        return incorrect(f"calling tanh_backward(dh, h) raised {type(e).__name__}: {e}")
    expected = dh * (1 - h**2)
    if got.shape == expected.shape and np.allclose(got, dh * (1 - h)):
        return incorrect("the derivative of tanh is 1 - tanh(a)² : square h.")
    if got.shape == expected.shape and np.allclose(got, dh * (1 - np.tanh(h) ** 2)):
        return incorrect("h is already tanh(a): use 1 - h**2, not 1 - tanh(h)**2.")
    if got.shape == expected.shape and np.allclose(got, 1 - h**2):
        return incorrect("multiply the local derivative 1 - h² by the upstream gradient dh "
                         "(the chain rule).")
    return check_array("tanh_backward(dh, h)", got, expected, atol=1e-10,
                       hint="expected dh * (1 - h**2).",
                       success="dt = dh · (1 − h²): the tanh node scales the upstream "
                               "gradient by its local slope.")


def step_problem() -> dict[str, np.ndarray]:
    """Exercise 3's data (float64): ``x (2, 3)``, ``h_prev (2, 4)``, ``Wx (3, 4)``,
    ``Wh (4, 4)``, ``b (4,)`` and the upstream gradient ``dh_next (2, 4)``."""
    rng = np.random.default_rng(1)
    return {
        "x": rng.normal(size=(2, 3)),
        "h_prev": rng.normal(size=(2, 4)),
        "Wx": rng.normal(scale=0.5, size=(3, 4)),
        "Wh": rng.normal(scale=0.5, size=(4, 4)),
        "b": rng.normal(scale=0.1, size=4),
        "dh_next": rng.normal(size=(2, 4)),
    }


def check_step_gradient(answer: Any) -> bool:
    """Exercise 3: ``dL/dWh (4, 4)`` for one step of ``step_problem()``."""
    p = step_problem()
    h_next = np.tanh(p["x"] @ p["Wx"] + p["h_prev"] @ p["Wh"] + p["b"])
    dt = p["dh_next"] * (1 - h_next**2)
    expected = p["h_prev"].T @ dt
    if answer is not None:
        got = np.asarray(answer.detach().numpy() if hasattr(answer, "detach") else answer)
        if got.shape == expected.shape and got.dtype.kind in "fiu":
            slips = [
                (p["h_prev"].T @ p["dh_next"], "you skipped the tanh: first "
                 "dt = dh_next * (1 - h_next**2), then h_prev.T @ dt."),
                (dt.T @ p["h_prev"], "the result is transposed: Wh has shape (hidden_in, "
                 "hidden_out), so its gradient is h_prev.T @ dt."),
            ]
            for wrong, hint in slips:
                if np.allclose(got.astype(float), wrong):
                    return incorrect(hint)
    return check_array("dWh", answer, expected, atol=answer_atol(answer, 1e-8),
                       hint="dWh = h_prev.T @ dt with dt = dh_next * (1 - h_next**2).",
                       success="dWh = h_prevᵀ · dt: each row of h_prev meets the gradient at "
                               "the tanh's input.")
