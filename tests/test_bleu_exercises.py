"""Lesson 10's exercise checks: right answers pass, typical mistakes get their explanation."""

import math

import pytest

from utils.exercises.bleu import (
    check_brevity_penalty,
    check_clipped_precision,
    check_corpus_bleu,
    corpus_problem,
)
from utils.metrics.bleu import bleu_from_statistics, brevity_penalty, segment_statistics, to_tokens


@pytest.mark.parametrize(
    ("answer", "ok", "says"),
    [
        (None, False, "still None"),
        ("two sevenths", False, "should be a number"),
        (2 / 7, True, "2/7"),
        (1.0, False, "unclipped"),
        (3 / 7, False, "maximum"),
        (1 / 7, False, "first reference"),
        (28.6, False, "percentage"),
        (0.5, False, "clipped matches / 7"),
    ],
)
def test_clipped_precision(capsys, answer, ok, says):
    assert check_clipped_precision(answer) is ok
    assert says in capsys.readouterr().out


def _simplified(c, r):
    return min(1.0, c / r) if r else 1.0


def _no_zero_guard(c, r):
    return 1.0 if c >= r else math.exp(1 - r / c)


def _always_exp(c, r):
    return math.exp(1 - r / c) if c else 0.0


def _swapped(c, r):
    return 1.0 if c >= r else (math.exp(1 - c / r) if c else 0.0)


def _broken(c, r):
    raise KeyError("oops")


@pytest.mark.parametrize(
    ("fn", "ok", "says"),
    [
        (None, False, "still None"),
        (3, False, "should be a function"),
        (brevity_penalty, True, "exp(1 − r/c)"),
        (_simplified, False, "simplified"),
        (_no_zero_guard, False, "divides by zero"),
        (_always_exp, False, "not penalised"),
        (_swapped, False, "swapped"),
        (_broken, False, "raised KeyError"),
        (lambda c, r: "one", False, "return a number"),
    ],
)
def test_brevity_penalty(capsys, fn, ok, says):
    assert check_brevity_penalty(fn) is ok
    assert says in capsys.readouterr().out


def _corpus_by_hand():
    hyps, refs = corpus_problem()
    total = [0] * 10
    for h, r in zip(hyps, refs[0], strict=True):
        total = [a + b for a, b in zip(total, segment_statistics(to_tokens(h), [to_tokens(r)]),
                                       strict=True)]
    return bleu_from_statistics(total, smooth_method="none").score


def test_corpus_bleu(capsys):
    score = _corpus_by_hand()
    assert 40 < score < 42
    assert check_corpus_bleu(score) is True
    assert "mean of the sentence scores is 50.00" in capsys.readouterr().out
    assert check_corpus_bleu(50.0) is False
    assert "mean of the two sentence BLEU" in capsys.readouterr().out
    assert check_corpus_bleu(score / 100) is False
    assert "multiply by 100" in capsys.readouterr().out
    assert check_corpus_bleu(12.0) is False
    assert "segment_statistics" in capsys.readouterr().out
    assert check_corpus_bleu(None) is False


def test_answers_rounded_by_hand_are_accepted(capsys):
    assert check_clipped_precision(0.286) is True  # 2/7 to three decimals
    assert check_clipped_precision(0.29) is False
    score = _corpus_by_hand()
    assert check_corpus_bleu(round(score, 2)) is True  # as the success message prints it
    assert check_corpus_bleu(round(score, 1) + 0.1) is False
