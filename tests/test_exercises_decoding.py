"""Lesson 09's exercise checks: right answers pass, typical wrong ones get their hint."""

import math

from utils.exercises.decoding import (
    check_gnmt_score,
    check_live_hypotheses,
    check_sequence_count,
    expected_live,
)


def test_sequence_count(capsys):
    assert check_sequence_count(7381)
    assert not check_sequence_count(None)
    assert not check_sequence_count(10 ** 5)
    assert "V^T" in capsys.readouterr().out
    assert not check_sequence_count(9 ** 4)
    assert "exactly 5" in capsys.readouterr().out
    assert not check_sequence_count("7381") and not check_sequence_count(7380)


def test_live_hypotheses(capsys):
    assert expected_live() == ["I was", "he hit", "I got"]
    assert expected_live(k=2, step=3) == ["he hit me", "he hit a"]
    assert check_live_hypotheses(["I was", "he hit", "I got"])
    assert not check_live_hypotheses(["he hit", "I was", "I got"])
    assert "wrong order" in capsys.readouterr().out
    assert not check_live_hypotheses(["I was", "he hit"])
    assert "k = 3" in capsys.readouterr().out
    assert not check_live_hypotheses("I was") and not check_live_hypotheses(None)


def test_gnmt_score(capsys):
    assert check_gnmt_score(lambda lp, t, a: lp / ((5 + t) / 6) ** a)
    assert not check_gnmt_score(lambda lp, t, a: lp / t)
    assert "average" in capsys.readouterr().out
    assert not check_gnmt_score(lambda lp, t, a: lp * ((5 + t) / 6) ** a)
    assert "multiplied" in capsys.readouterr().out
    assert not check_gnmt_score(lambda lp, t, a: math.log(-1))
    assert "raised" in capsys.readouterr().out
    assert not check_gnmt_score(3.0) and not check_gnmt_score(None)


def test_sequence_count_accepts_numpy_and_integral_float_answers(capsys):
    import numpy as np

    assert check_sequence_count(np.sum(9 ** np.arange(5)))  # np.int64
    assert check_sequence_count(7381.0)
    assert not check_sequence_count(7381.5)
    assert "whole number" in capsys.readouterr().out
