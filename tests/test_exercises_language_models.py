"""Lesson 06's exercise checks: right answers pass, typical mistakes get a specific hint."""

import math

import numpy as np
import torch

from utils.exercises.language_models import (
    TOKEN_PROBS,
    WORD_COUNTS,
    check_first_merge,
    check_perplexity,
    check_temperature,
    pair_counts,
)


def test_perplexity_check(capsys):
    assert check_perplexity(2 ** 1.75) is True
    assert math.exp(-sum(math.log(p) for p in TOKEN_PROBS) / 4) == 2 ** 1.75
    assert check_perplexity(None) is False
    assert check_perplexity(1.75) is False
    assert "in bits" in capsys.readouterr().out
    assert check_perplexity(1.75 * math.log(2)) is False
    assert "in nats" in capsys.readouterr().out
    assert check_perplexity(1 / (sum(TOKEN_PROBS) / 4)) is False
    assert "geometric mean" in capsys.readouterr().out
    assert check_perplexity("three") is False


def test_temperature_check(capsys):
    assert check_temperature(lambda z, t: torch.softmax(z / t, dim=-1)) is True
    assert check_temperature(lambda z, t: torch.softmax(z * t, dim=-1)) is False
    assert "multiplied" in capsys.readouterr().out
    assert check_temperature(lambda z, t: z / t) is False
    assert "sum to" in capsys.readouterr().out
    assert check_temperature(lambda z, t: 1 / 0) is False
    assert "ZeroDivisionError" in capsys.readouterr().out
    assert check_temperature(None) is False


def test_first_merge_check(capsys):
    assert pair_counts(WORD_COUNTS).most_common(2) == [(("u", "g"), 20), (("p", "u"), 17)]
    assert check_first_merge(("u", "g")) is True
    assert check_first_merge(["u", "g"]) is True
    assert check_first_merge(("p", "u")) is False
    assert "occurs 17 times" in capsys.readouterr().out
    assert check_first_merge(("z", "q")) is False
    assert "never occurs" in capsys.readouterr().out
    assert check_first_merge("ug") is False
    assert check_first_merge(None) is False


def test_perplexity_typed_by_hand_is_accepted(capsys):
    assert check_perplexity(3.36) is True
    assert check_perplexity(np.float32(3.3636)) is True
    assert check_perplexity(3.4) is False


def test_softmax_over_the_wrong_dimension_gets_its_own_hint(capsys):
    assert check_temperature(lambda logits, t: torch.softmax(logits / t, dim=0)) is False
    assert "wrong dimension" in capsys.readouterr().out
    assert check_temperature(lambda logits, t: torch.softmax(logits / t, dim=-1)) is True
    assert check_temperature(lambda logits, t: (logits / t).softmax(-1).double().numpy()) is True
