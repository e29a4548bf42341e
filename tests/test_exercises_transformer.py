"""The lesson 11 exercise checks: right answers pass in every numeric type a learner may
produce, and each slip a hint names fails with that hint."""

import numpy as np
import pytest
import torch

from utils.exercises.transformer import (
    K,
    Q,
    V,
    check_causal_mask,
    check_multihead_params,
    check_scaled_attention,
    expected_attention,
)
from utils.scratch.functions import softmax

W = softmax(Q @ K.T / 2.0)
OUT = W @ V


def test_expected_answer_is_the_formula():
    w, out = expected_attention()
    np.testing.assert_allclose(w, W, atol=1e-12)
    np.testing.assert_allclose(out, OUT, atol=1e-12)
    np.testing.assert_allclose(Q @ K.T, [[2, 4, 0], [4, 0, 4]])      # scores by hand


@pytest.mark.parametrize("convert", [
    np.array, lambda x: x.astype(np.float32), torch.tensor,
    lambda x: torch.tensor(x, dtype=torch.float32), lambda x: x.tolist(),
])
def test_scaled_attention_accepts_every_type(convert, capsys):
    assert check_scaled_attention(convert(W), convert(OUT))
    assert capsys.readouterr().out.count("✅ Correct.") == 1


@pytest.mark.parametrize("weights, output, hint", [
    (None, OUT, "still None"),
    (Q @ K.T, OUT, "raw scores"),
    (Q @ K.T / 2, OUT, "scaled scores"),
    (softmax(Q @ K.T), OUT, "forgot the scale"),
    (softmax(Q @ K.T / 4), OUT, "d_k = 4"),
    (softmax((Q @ K.T / 2).T).T, OUT, "columns"),
    (W.T, OUT, "transposed"),
    (W, W @ K, "values V"),
    (W, OUT + 0.1, "weights @ V"),
    ("abc", OUT, "(2, 3) array"),
    (np.ones(3), OUT, "shape (2, 3)"),
    (np.full((2, 3), np.nan), OUT, "NaN"),
    (W + 0.01, OUT, "differ from softmax"),
])
def test_scaled_attention_slips_get_their_hint(weights, output, hint, capsys):
    assert not check_scaled_attention(weights, output)
    out = capsys.readouterr().out
    assert "❌" in out and hint in out


@pytest.mark.parametrize("convert", [
    lambda m: m, lambda m: m.astype(int), lambda m: torch.tensor(m), lambda m: m.tolist(),
])
def test_causal_mask_accepts_bool_and_0_1(convert, capsys):
    mask = np.tril(np.ones((6, 6), dtype=bool))
    assert check_causal_mask(convert(mask))
    assert "✅ Correct. Row 'soccer' lets it see \"I play soccer\"" in capsys.readouterr().out


@pytest.mark.parametrize("mask, hint", [
    (None, "still None"),
    (np.ones((5, 5), dtype=bool), "shape (6, 6)"),
    (np.full((6, 6), 0.5), "True/False"),
    (~np.tril(np.ones((6, 6), dtype=bool)), "opposite convention"),
    (np.triu(np.ones((6, 6), dtype=bool)), "*after*"),
    (np.tril(np.ones((6, 6), dtype=bool), -1), "see itself"),
    (np.ones((6, 6), dtype=bool), "j ≤ i"),
])
def test_causal_mask_slips_get_their_hint(mask, hint, capsys):
    assert not check_causal_mask(mask)
    out = capsys.readouterr().out
    assert "❌" in out and hint in out


@pytest.mark.parametrize("answer", [1_050_624, 1050624.0, np.int64(1_050_624),
                                    torch.tensor(1_050_624)])
def test_multihead_params_accepts_whole_numbers(answer, capsys):
    assert check_multihead_params(answer)
    assert "4·512² + 4·512 = 1,050,624" in capsys.readouterr().out


@pytest.mark.parametrize("answer, hint", [
    (None, "still None"),
    (1_050_624.5, "whole number"),
    (4 * 512 * 512, "bias"),
    (3 * 512 * 512 + 3 * 512, "W^O"),
    (8 * 1_050_624, "do not multiply"),
    (4 * 512 * 64 + 4 * 64, "one head's share"),
    (12345, "count 4 matrices"),
])
def test_multihead_params_slips_get_their_hint(answer, hint, capsys):
    assert not check_multihead_params(answer)
    out = capsys.readouterr().out
    assert "❌" in out and hint in out
