"""Exercise checks for lesson 05 (GRU). Each prints ✅/❌ with an explanation and returns a
bool; none raises on a wrong answer."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from utils.feedback import (
    answer_atol,
    as_float_array,
    check_array,
    correct,
    incorrect,
    whole_number,
)
from utils.scratch.gru import GRUWeights, gru_cell, gru_step


def gru_step_problem() -> tuple[nn.GRUCell, torch.Tensor, torch.Tensor]:
    """The objects of exercise 1: a float64 ``nn.GRUCell(3, 4)``, ``x (2, 3)``, ``h (2, 4)``."""
    torch.manual_seed(5)
    cell = nn.GRUCell(3, 4).double()
    g = torch.Generator().manual_seed(6)
    x = torch.randn(2, 3, dtype=torch.float64, generator=g)
    h = torch.randn(2, 4, dtype=torch.float64, generator=g)
    return cell, x, h


def check_gru_step(h_new: Any) -> bool:
    """Exercise 1: the new hidden state of ``gru_step_problem()``'s cell, by hand."""
    cell, x, h = gru_step_problem()
    with torch.no_grad():
        expected = cell(x, h).numpy()
        w = GRUWeights.from_module(cell)
        lecture = gru_cell(x, h, w, "lecture").numpy()
        flipped = gru_cell(x, h, w.negate_update_gate(), "lecture").numpy()
        s = gru_step(x, h, w)
        swapped = (s["z"] * s["n"] + (1 - s["z"]) * h).numpy()
        # b_hn added outside the reset: n = tanh(W_in x + b_in + r ⊙ (W_hn h) + b_hn)
        b_hn = cell.bias_hh[2 * cell.hidden_size :]
        h_n = h @ cell.weight_hh[2 * cell.hidden_size :].T
        x_n = x @ cell.weight_ih[2 * cell.hidden_size :].T + cell.bias_ih[2 * cell.hidden_size :]
        n_outside = torch.tanh(x_n + s["r"] * h_n + b_hn)
        bias_outside = ((1 - s["z"]) * n_outside + s["z"] * h).numpy()
    atol = answer_atol(h_new, 1e-10)
    got = as_float_array(h_new)
    if h_new is not None and got is not None and got.shape == expected.shape:
        def near(candidate: np.ndarray) -> bool:
            return bool(np.allclose(got, candidate, rtol=0, atol=atol))

        if near(lecture):
            return incorrect("that is the lecture convention (r before the product, z takes "
                             "the candidate). nn.GRU computes n = tanh(W_in x + b_in + "
                             "r ⊙ (W_hn h + b_hn)) and h' = (1 − z) ⊙ n + z ⊙ h.")
        if near(flipped):
            return incorrect("the interpolation is right; now apply r *after* the product: "
                             "r ⊙ (W_hn h + b_hn), not W_hn (r ⊙ h).")
        if near(swapped):
            return incorrect("z and 1 − z are swapped: in PyTorch z weights the *old* state.")
        if near(bias_outside):
            return incorrect("almost: b_hn belongs *inside* the reset, r ⊙ (W_hn h + b_hn); "
                             "only b_in is added outside it.")
    return check_array(
        "h_new", h_new if got is None else got, expected, atol=atol,
        hint="Rows of weight_ih / weight_hh come in the order r, z, n (use .chunk(3)).",
        success="Your cell computes exactly what nn.GRUCell does.",
    )


def check_param_counts(rnn: Any, lstm: Any, gru: Any, input_size: int = 10,
                       hidden_size: int = 20) -> bool:
    """Exercise 2: parameter counts of nn.RNN, nn.LSTM and nn.GRU (input 10, hidden 20)."""
    expected = {
        name: sum(p.numel() for p in module(input_size, hidden_size).parameters())
        for name, module in (("rnn", nn.RNN), ("lstm", nn.LSTM), ("gru", nn.GRU))
    }
    answers = {"rnn": rnn, "lstm": lstm, "gru": gru}
    if any(a is None for a in answers.values()):
        return incorrect("replace every `None` with a count (a whole number).")
    for name, a in answers.items():
        got = whole_number(a)
        if got is None:
            return incorrect(f"`{name}` should be a whole number, got {a!r}.")
        answers[name] = got
    one = expected["rnn"]
    for name, blocks in (("rnn", 1), ("lstm", 4), ("gru", 3)):
        a = answers[name]
        if a == expected[name]:
            continue
        if a == blocks * (one - hidden_size):
            return incorrect(f"`{name}`: PyTorch keeps two bias vectors (bias_ih and bias_hh) "
                             f"per block, so each block has 2H biases.")
        return incorrect(f"`{name}` = {a} is not it. Count one RNN-sized block (H·D + H·H + "
                         f"2H) and multiply by the number of blocks: {name} has {blocks}.")
    return correct(f"{one} / {expected['lstm']} / {expected['gru']}: the ratios are exactly "
                   f"1 : 4 : 3, one block per gate or candidate.")
