"""Exercise checks for lesson 04 (LSTM). Each prints ✅/❌ with an explanation and returns a
bool; none raises on a wrong answer."""

from __future__ import annotations

from typing import Any

import numpy as np
from torch import nn

from utils.feedback import (
    answer_atol,
    as_float_array,
    check_array,
    correct,
    incorrect,
    whole_number,
)


def lstm_step_problem() -> dict[str, np.ndarray]:
    """The numbers of exercise 1: one LSTM step's gate values for 2 examples × 3 units.

    Keys ``f``, ``i``, ``g``, ``o`` (already through their sigmoid / tanh) and ``c_prev``,
    each ``(2, 3)``. The learner computes ``c_next`` and ``h_next``.
    """
    return {
        "f": np.array([[0.9, 0.1, 0.5], [1.0, 0.0, 0.7]]),
        "i": np.array([[0.2, 0.9, 0.5], [0.0, 1.0, 0.3]]),
        "g": np.array([[0.5, -0.8, 0.1], [0.3, 0.6, -1.0]]),
        "o": np.array([[1.0, 0.5, 0.2], [0.8, 0.9, 1.0]]),
        "c_prev": np.array([[2.0, 1.0, -1.0], [-1.5, 3.0, 0.5]]),
    }


def check_lstm_step(c_next: Any, h_next: Any) -> bool:
    """Exercise 1: ``c_next = f c_prev + i g`` and ``h_next = o tanh(c_next)``."""
    p = lstm_step_problem()
    c = p["f"] * p["c_prev"] + p["i"] * p["g"]
    h = p["o"] * np.tanh(c)
    if c_next is None or h_next is None:
        return incorrect("replace both `None`s with your code (`c_next`, then `h_next`).")
    c_arr = as_float_array(c_next)
    if c_arr is None:
        return incorrect(f"`c_next` should be an array of numbers, got {type(c_next).__name__}.")
    c_atol = answer_atol(c_next, 1e-6)
    if c_arr.shape == c.shape:
        def near_c(candidate: np.ndarray) -> bool:
            return bool(np.allclose(c_arr, candidate, rtol=0, atol=c_atol))

        if near_c(p["i"] * p["c_prev"] + p["f"] * p["g"]):
            return incorrect("`c_next` mixes up the gates: the *forget* gate f scales the old "
                             "cell c_prev, the *input* gate i scales the candidate g.")
        if near_c(p["f"] * p["c_prev"] + p["g"]):
            return incorrect("`c_next` adds the whole candidate g: the input gate i decides "
                             "how much of it is written (i ⊙ g).")
    c_ok = c_arr.shape == c.shape and np.all(np.abs(c_arr - c) <= c_atol)
    if not c_ok:  # let check_array explain what is off (shape, NaN, values)
        return check_array("c_next", c_arr, c, atol=c_atol,
                           hint="c_next = f ⊙ c_prev + i ⊙ g, element-wise.")
    h_arr = as_float_array(h_next)
    if h_arr is None:
        return incorrect(f"`h_next` should be an array of numbers, got {type(h_next).__name__}.")
    h_atol = answer_atol(h_next, 1e-6)
    if h_arr.shape == h.shape:
        if np.allclose(h_arr, p["o"] * c, rtol=0, atol=h_atol):
            return incorrect("`h_next` forgot the tanh: h_next = o ⊙ tanh(c_next), which keeps "
                             "the hidden state in (-1, 1) even when the cell grows large.")
        if np.allclose(h_arr, p["o"] * np.tanh(p["c_prev"]), rtol=0, atol=h_atol):
            return incorrect("`h_next` shows the *old* cell: h_next = o ⊙ tanh(c_next), the "
                             "cell after this step's erase and write.")
    return check_array(
        "h_next", h_arr, h, atol=h_atol, hint="h_next = o ⊙ tanh(c_next).",
        success="Note the first example's first unit: f = 0.9 kept most of c_prev = 2.0.",
    )


def check_lstm_param_count(answer: Any, input_size: int = 10, hidden_size: int = 20) -> bool:
    """Exercise 2: the number of parameters of ``nn.LSTM(input_size, hidden_size)``."""
    expected = sum(p.numel() for p in nn.LSTM(input_size, hidden_size).parameters())
    H, D = hidden_size, input_size
    if answer is None:
        return incorrect("`answer` is still None: write the count as a formula in D and H.")
    got = whole_number(answer)
    if got is None:
        return incorrect(f"`answer` should be a whole number, got {answer!r}.")
    answer = got
    if answer == expected:
        return correct(f"{expected} = 4 × (H·D + H·H + 2H): four gate-sized RNNs in one.")
    if answer == 4 * (H * D + H * H + H):
        return incorrect("close: nn.LSTM keeps *two* bias vectors per gate (bias_ih and "
                         "bias_hh), so count 2H biases per gate, not H.")
    if answer in (H * D + H * H + 2 * H, H * D + H * H + H):
        return incorrect("that is one vanilla RNN. An LSTM computes four such blocks "
                         "(i, f, g, o), each with its own weights.")
    return incorrect(f"{answer} is not it. Each of the 4 gates has W_ih (H × D), W_hh (H × H) "
                     "and two biases of size H.")
