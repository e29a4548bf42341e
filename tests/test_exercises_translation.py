"""Lesson 12's exercise checks: right answers pass, each typical slip gets its own hint."""

import random

import numpy as np
import torch

from utils.data.splits import reference_streams
from utils.exercises.translation import (
    EXAMPLES,
    check_pair_split_leak,
    check_reference_streams,
    check_unknown_share,
    pair_split_leak,
)


def test_pair_split_leak(fr_pairs, capsys):
    leaked, n_test = pair_split_leak(fr_pairs)
    assert (leaked, n_test) == (708, 1268)
    assert check_pair_split_leak(leaked, fr_pairs) and "708 of the 1268" in capsys.readouterr().out
    assert check_pair_split_leak(float(leaked), fr_pairs)
    assert not check_pair_split_leak(None, fr_pairs)
    assert not check_pair_split_leak(0, fr_pairs)
    assert "by *source*" in capsys.readouterr().out
    assert not check_pair_split_leak(leaked / n_test, fr_pairs)
    assert "not their share" in capsys.readouterr().out
    shuffled = list(fr_pairs)
    random.Random(0).shuffle(shuffled)
    test, train = shuffled[-n_test:], shuffled[:-n_test]
    distinct = len({s for s, _ in test} & {s for s, _ in train})
    assert not check_pair_split_leak(distinct, fr_pairs)
    assert "distinct sentences" in capsys.readouterr().out
    assert not check_pair_split_leak(leaked + 1, fr_pairs)


def test_reference_streams(capsys):
    right = reference_streams(EXAMPLES)
    assert right == [["je suis à la maison.", "elle est grande.", "nous sommes prêts."],
                     ["je suis chez moi.", None, "nous sommes prêtes."],
                     [None, None, "on est prêts."]]
    assert check_reference_streams(right)
    assert check_reference_streams([tuple(s) for s in right])
    assert not check_reference_streams([list(ex.references) for ex in EXAMPLES])
    assert "one list per *sentence*" in capsys.readouterr().out
    assert not check_reference_streams([[r for r in s if r is not None] for s in right])
    assert "put None" in capsys.readouterr().out
    for wrong in (None, "refs", [["a"]]):
        assert not check_reference_streams(wrong)


def test_unknown_share(capsys):
    train = ["i'm tired.", "he is tired", "you're home."]
    test = ["i'm tired?", "tired? he is"]  # 5 tokens, "tired?" (twice) unknown
    assert check_unknown_share(2 / 5, train, test)
    assert "40.00%" in capsys.readouterr().out
    assert check_unknown_share(torch.tensor(0.4), train, test)
    assert check_unknown_share(np.float32(0.4), train, test)
    assert not check_unknown_share(40.0, train, test)
    assert "not a percentage" in capsys.readouterr().out
    assert not check_unknown_share(1 / 4, train, test)  # 1 of 4 distinct words
    assert "distinct words" in capsys.readouterr().out
    for wrong in (None, [0.4], "forty", 0.1):
        assert not check_unknown_share(wrong, train, test)
