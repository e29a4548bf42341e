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
