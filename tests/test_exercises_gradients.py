"""Lesson 03's exercise checks accept the right answers and explain the usual mistakes."""

import numpy as np

from utils.exercises.gradients import (
    check_clipping,
    check_jacobian_product,
    check_steady_scale,
    jacobian_problem,
)


def solve_jacobian():
    p = jacobian_problem()
    J = np.eye(2)
    for h in p["hs"]:
        J = np.diag(1 - h**2) @ p["W_hh"] @ J
    return J


def test_jacobian_check(capsys):
    assert check_jacobian_product(solve_jacobian())
    assert "✅" in capsys.readouterr().out
    p = jacobian_problem()
    assert not check_jacobian_product(None)
    assert "still None" in capsys.readouterr().out
    assert not check_jacobian_product(np.linalg.matrix_power(p["W_hh"], 3))
    assert "tanh derivative" in capsys.readouterr().out
    J = np.eye(2)
    for h in p["hs"][::-1]:
        J = np.diag(1 - h**2) @ p["W_hh"] @ J
    assert not check_jacobian_product(J)
    assert "wrong order" in capsys.readouterr().out
    J = np.eye(2)
    for h in p["hs"]:
        J = p["W_hh"] @ np.diag(1 - h**2) @ J
    assert not check_jacobian_product(J)
    assert "rows" in capsys.readouterr().out
    assert not check_jacobian_product(np.zeros((3, 3)))
    assert "shape" in capsys.readouterr().out


def good_clip(grads, threshold):
    norm = np.sqrt(sum((g**2).sum() for g in grads))
    return [g * threshold / norm for g in grads] if norm >= threshold else grads


def test_clipping_check(capsys):
    assert check_clipping(good_clip)
    assert "✅" in capsys.readouterr().out

    def per_tensor(grads, threshold):
        return [g * min(1, threshold / np.linalg.norm(g)) for g in grads]

    assert not check_clipping(per_tensor)
    assert "ONE vector" in capsys.readouterr().out

    def always_scale(grads, threshold):
        norm = np.sqrt(sum((g**2).sum() for g in grads))
        return [g * threshold / norm for g in grads]

    assert not check_clipping(always_scale)
    assert "unchanged" in capsys.readouterr().out
    assert not check_clipping(lambda grads, threshold: None)
    assert "returns None" in capsys.readouterr().out

    def crashes(grads, threshold):
        raise KeyError("oops")

    assert not check_clipping(crashes)
    assert "raised KeyError" in capsys.readouterr().out


def test_steady_scale_check(capsys):
    assert check_steady_scale(2.5)
    assert "✅" in capsys.readouterr().out
    assert not check_steady_scale(1.0)
    assert "vanishes" in capsys.readouterr().out
    assert not check_steady_scale(5.0)
    assert "explodes" in capsys.readouterr().out
    assert not check_steady_scale(None)
    assert not check_steady_scale("abc")
    assert not check_steady_scale(-1)


# --- every numeric type a learner may produce, and every slip a hint names ---------------

import pytest  # noqa: E402
import torch  # noqa: E402

from utils.analysis.gradient_flow import rnn_step_jacobians  # noqa: E402
from utils.feedback import FLOAT32_ATOL, answer_atol, as_float_array  # noqa: E402


def _as(kind, array):
    return {
        "numpy float64": lambda a: np.asarray(a, dtype=np.float64),
        "numpy float32": lambda a: np.asarray(a, dtype=np.float32),
        "torch float64": lambda a: torch.tensor(a, dtype=torch.float64),
        "torch float32": lambda a: torch.tensor(a, dtype=torch.float32),
        "torch float32 requiring grad": lambda a: torch.tensor(a, dtype=torch.float32,
                                                               requires_grad=True),
        "nested list": lambda a: np.asarray(a).tolist(),
    }[kind](array)


NUMERIC_KINDS = ["numpy float64", "numpy float32", "torch float64", "torch float32",
                 "torch float32 requiring grad", "nested list"]


def test_answer_atol_widens_only_for_low_precision():
    assert answer_atol(np.zeros(2), 1e-8) == 1e-8
    assert answer_atol([0.0], 1e-8) == 1e-8
    assert answer_atol(np.zeros(2, dtype=np.float32), 1e-8) == FLOAT32_ATOL
    assert answer_atol(torch.zeros(2), 1e-8) == FLOAT32_ATOL
    assert answer_atol(torch.zeros(2, dtype=torch.bfloat16), 1e-8) == 1e-2
    assert answer_atol(np.zeros(2, dtype=np.float32), 1e-3) == 1e-3  # never tighter
    np.testing.assert_array_equal(as_float_array(torch.ones(2, dtype=torch.bfloat16)), [1, 1])
    assert as_float_array("abc") is None


@pytest.mark.parametrize("kind", NUMERIC_KINDS)
def test_jacobian_check_accepts_the_solution_in_every_numeric_type(capsys, kind):
    assert check_jacobian_product(_as(kind, solve_jacobian())) is True
    assert "✅" in capsys.readouterr().out


def _jacobian_slips():
    p = jacobian_problem()
    W, hs = p["W_hh"], p["hs"]

    def product(factors):
        J = np.eye(2)
        for f in factors:
            J = f @ J
        return J

    return [
        (product([np.diag(1 - h**2) @ W for h in hs[::-1]]), "wrong order"),
        (np.linalg.matrix_power(W, 3), "tanh derivative"),
        (product([W @ np.diag(1 - h**2) for h in hs]), "rows"),
        (product([np.diag(1 - np.tanh(h) ** 2) @ W for h in hs]), "tanh outputs"),
        (product(rnn_step_jacobians(W.T, hs)), "row layout"),
        (solve_jacobian().T, "transpose"),
        (solve_jacobian() + 1e-3, "differ by up to"),
        (np.zeros((3, 3)), "shape"),
        ("abc", "array of numbers"),
        (None, "still None"),
    ]


@pytest.mark.parametrize("kind", ["numpy float64", "numpy float32", "torch float32"])
def test_jacobian_check_names_each_slip_in_every_numeric_type(capsys, kind):
    for answer, says in _jacobian_slips():
        if isinstance(answer, np.ndarray) and answer.shape == (2, 2):
            answer = _as(kind, answer)
        assert check_jacobian_product(answer) is False, says
        assert says in capsys.readouterr().out


def test_jacobian_slips_are_far_from_the_answer():
    """Every slip differs from the answer by far more than float32's tolerance."""
    for answer, _ in _jacobian_slips()[:6]:
        assert np.abs(answer - solve_jacobian()).max() > 100 * FLOAT32_ATOL


@pytest.mark.parametrize("kind", ["numpy float32", "torch float64", "torch float32"])
def test_clipping_check_accepts_the_solution_returning_every_numeric_type(capsys, kind):
    def clip(grads, threshold):
        return [_as(kind, g) for g in good_clip(grads, threshold)]

    assert check_clipping(clip) is True
    assert "✅" in capsys.readouterr().out

    def clip_tuple(grads, threshold):
        return tuple(good_clip(grads, threshold))

    assert check_clipping(clip_tuple) is True


def test_clipping_check_names_each_slip(capsys):
    def per_tensor(grads, threshold):
        return [np.float32(min(1, threshold / np.linalg.norm(g))) * g.astype(np.float32)
                for g in grads]

    assert not check_clipping(per_tensor)  # float32 slips are recognised too
    assert "ONE vector" in capsys.readouterr().out

    def off_by_a_bit(grads, threshold):
        return [g * 0.99 for g in good_clip(grads, threshold)]

    assert not check_clipping(off_by_a_bit)
    assert "the result is off" in capsys.readouterr().out
    assert not check_clipping(lambda grads, threshold: [np.zeros(3)])
    assert "original shape" in capsys.readouterr().out
    assert not check_clipping(lambda grads, threshold: 5.0)
    assert "list of arrays" in capsys.readouterr().out
    assert not check_clipping(lambda grads, threshold: ["a" for _ in grads])
    assert "list of arrays" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [2.5, np.float64(2.5), np.float32(2.5), np.array(2.5),
                                    torch.tensor(2.5), torch.tensor(2.5, dtype=torch.float64)])
def test_steady_scale_check_accepts_every_numeric_type(capsys, answer):
    assert check_steady_scale(answer) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [1, np.int64(1), torch.tensor(1)])
def test_steady_scale_check_reads_integers_as_numbers(capsys, answer):
    assert check_steady_scale(answer) is False
    assert "vanishes" in capsys.readouterr().out


@pytest.mark.parametrize("answer", ["2.5", True, np.array([2.5, 3.0]), [2.5]])
def test_steady_scale_check_rejects_what_is_not_one_number(capsys, answer):
    assert check_steady_scale(answer) is False
    assert "one number" in capsys.readouterr().out


def test_steady_scale_out_of_range(capsys):
    assert not check_steady_scale(25.0)
    assert "between 0 and 20" in capsys.readouterr().out
