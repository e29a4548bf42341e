"""Lesson 00's exercise checks accept right answers and explain wrong ones."""

import numpy as np
import pytest

from utils.exercises.foundations import check_epochs, check_mul_backward, check_stable_softmax
from utils.scratch.functions import softmax


def naive(x):
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def whole_batch(x):
    z = np.exp(x - x.max())
    return z / z.sum()


def stable(x):
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize(
    ("fn", "ok", "says"),
    [
        (None, False, "still None"),
        (3, False, "should be a function"),
        (stable, True, "matches utils.scratch.functions.softmax"),
        (softmax, True, "Correct"),
        (naive, False, "overflowed"),
        (whole_batch, False, "each row must sum to 1"),
        (lambda x: np.exp(x), False, "differ by up to"),
        (lambda x: x[5], False, "raised IndexError"),
        (lambda x: "abc", False, "array of numbers"),
        (lambda x: stable(x)[..., :2], False, "has shape"),
    ],
)
def test_check_stable_softmax(capsys, fn, ok, says):
    assert check_stable_softmax(fn) is ok
    assert says in capsys.readouterr().out


@pytest.mark.parametrize(
    ("dx", "dy", "ok", "says"),
    [
        (-8.0, 6.0, True, "Correct"),
        (6.0, -8.0, False, "wrong way round"),
        (-4.0, 3.0, False, "multiply by the gradient arriving"),
        (2.0, 2.0, False, "add node"),
        (None, 1.0, False, "still None"),
        ("a", 1.0, False, "single numbers"),
        (1.0, 1.0, False, "got dx = 1"),
    ],
)
def test_check_mul_backward(capsys, dx, dy, ok, says):
    assert check_mul_backward(dx, dy) is ok
    assert says in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "ok", "says"),
    [
        (20, True, "600 updates make one epoch"),
        (20.0, True, "Correct"),
        (600, False, "ONE epoch"),
        (120, False, "one pass over all N"),
        (None, False, "still None"),
        ([1], False, "should be a number"),
        (7, False, "got 7"),
    ],
)
def test_check_epochs(capsys, answer, ok, says):
    assert check_epochs(answer) is ok
    assert says in capsys.readouterr().out


def test_subtracting_the_row_minimum_is_caught(capsys):
    """It passes on logits that span < 709, but exp overflows on [0, 1000]."""
    def min_shift(x):
        z = np.exp(x - x.min(axis=-1, keepdims=True))
        return z / z.sum(axis=-1, keepdims=True)

    assert check_stable_softmax(min_shift) is False
    assert "NaN or inf" in capsys.readouterr().out
