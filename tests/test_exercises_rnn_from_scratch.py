"""Lesson 01's exercise checks accept right answers and explain wrong ones."""

import numpy as np
import pytest

from utils.exercises.rnn_from_scratch import (
    check_param_count,
    check_step_gradient,
    check_tanh_backward,
    step_problem,
)
from utils.scratch.rnn import RNNCell


@pytest.mark.parametrize(
    ("answer", "ok", "says"),
    [
        (1706, True, "Correct"),
        (None, False, "still None"),
        ("many", False, "whole number"),
        (1706 * 50, False, "sequence length"),
        (1664, False, "left out the biases"),
        (1376, False, "recurrent part only"),
        (1738, False, "two recurrent biases"),
        (1674, False, "recurrent bias"),
        (1000, False, "list the matrices"),
    ],
)
def test_param_count(capsys, answer, ok, says):
    assert check_param_count(answer) is ok
    assert says in capsys.readouterr().out


def _raises(dh, h):
    raise KeyError("oops")


@pytest.mark.parametrize(
    ("fn", "ok", "says"),
    [
        (lambda dh, h: dh * (1 - h**2), True, "Correct"),
        (None, False, "still None"),
        (3, False, "should be a function"),
        (lambda dh, h: dh * (1 - h), False, "square h"),
        (lambda dh, h: dh * (1 - np.tanh(h) ** 2), False, "already tanh"),
        (lambda dh, h: 1 - h**2, False, "chain rule"),
        (lambda dh, h: dh, False, "differ by up to"),
        (lambda dh, h: dh[0], False, "shape"),
        (_raises, False, "raised KeyError"),
    ],
)
def test_tanh_backward(capsys, fn, ok, says):
    assert check_tanh_backward(fn) is ok
    assert says in capsys.readouterr().out


def test_step_gradient_accepts_the_cells_own_gradient(capsys):
    p = step_problem()
    cell = RNNCell(p["Wx"], p["Wh"], p["b"])
    cell.forward(p["x"], p["h_prev"])
    cell.backward(p["dh_next"])
    assert check_step_gradient(cell.grads[1]) is True
    assert "Correct" in capsys.readouterr().out


def test_step_gradient_explains_slips(capsys):
    p = step_problem()
    h_next = np.tanh(p["x"] @ p["Wx"] + p["h_prev"] @ p["Wh"] + p["b"])
    dt = p["dh_next"] * (1 - h_next**2)
    cases = [
        (p["h_prev"].T @ p["dh_next"], "skipped the tanh"),
        (dt.T @ p["h_prev"], "transposed"),
        (p["x"].T @ dt, "shape (3, 4), expected (4, 4)"),
        (np.zeros((4, 4)), "differ by up to"),
        (None, "still None"),
        ("abc", "array of numbers"),
    ]
    for answer, says in cases:
        assert check_step_gradient(answer) is False
        assert says in capsys.readouterr().out


@pytest.mark.parametrize("answer", [1706, np.int64(1706), 1706.0, np.float32(1706)])
def test_param_count_accepts_every_whole_number_type(capsys, answer):
    assert check_param_count(answer) is True


@pytest.mark.parametrize("answer", [1706.9, 1706.4, "1706"])
def test_param_count_rejects_non_integral_numbers_and_strings(capsys, answer):
    assert check_param_count(answer) is False
    assert "whole number" in capsys.readouterr().out


def test_step_gradient_accepts_a_float32_answer(capsys):
    import torch

    p = step_problem()
    h_next = np.tanh(p["x"] @ p["Wx"] + p["h_prev"] @ p["Wh"] + p["b"])
    right = p["h_prev"].T @ (p["dh_next"] * (1 - h_next**2))
    assert check_step_gradient(right.astype(np.float32)) is True
    assert check_step_gradient(torch.tensor(right, dtype=torch.float32)) is True
    assert check_step_gradient(right + 1e-4) is False  # float64 with a real error still fails
