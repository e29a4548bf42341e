"""The lesson 07/08 exercise checks accept right answers and explain wrong ones."""

import numpy as np
import torch

from utils.exercises.attention import (
    KEYS,
    QUERY,
    check_attention_by_hand,
    check_general_score,
)
from utils.exercises.seq2seq import check_decoder_input_and_labels, check_encoder_shapes
from utils.functions import softmax


def test_decoder_input_and_labels(capsys):
    assert check_decoder_input_and_labels(([1, 7, 8, 9], [7, 8, 9, 2]))
    assert not check_decoder_input_and_labels(([7, 8, 9, 2], [1, 7, 8, 9]))
    assert "swapped" in capsys.readouterr().out
    assert not check_decoder_input_and_labels(([1, 7, 8, 9], [7, 8, 9]))
    assert not check_decoder_input_and_labels(([1, 7, 8, 9], [7, 8, 9, 0]))
    assert not check_decoder_input_and_labels(None)
    assert not check_decoder_input_and_labels("abc")


def test_encoder_shapes(capsys):
    assert check_encoder_shapes({"outputs": (32, 12, 128), "state": (1, 32, 128)})
    assert not check_encoder_shapes({"outputs": (32, 12, 64), "state": (1, 32, 64)})
    assert "bidirectional" in capsys.readouterr().out
    assert not check_encoder_shapes({"outputs": (12, 32, 128), "state": (1, 32, 128)})
    assert "batch_first" in capsys.readouterr().out
    assert not check_encoder_shapes({"outputs": (32, 12, 128), "state": (2, 32, 64)})
    assert not check_encoder_shapes({"outputs": "x", "state": 3})
    assert not check_encoder_shapes(None)


def test_attention_by_hand(capsys):
    w = softmax(KEYS @ QUERY)
    assert check_attention_by_hand(w, w @ KEYS)
    np.testing.assert_allclose(w @ KEYS, [0.0, 5.0, 1.0], atol=1e-6)
    assert not check_attention_by_hand(KEYS @ QUERY, w @ KEYS)
    assert "scores" in capsys.readouterr().out
    assert not check_attention_by_hand(w, w)
    assert not check_attention_by_hand(np.exp(KEYS @ QUERY - 54), w @ KEYS)
    assert not check_attention_by_hand(None, None)


def test_general_score(capsys):
    assert check_general_score(lambda q, W, k: ((q @ W)[:, None, :] * k).sum(-1))
    assert not check_general_score(lambda q, W, k: (k @ q[..., None]).squeeze(-1))
    assert "raised" in capsys.readouterr().out
    assert not check_general_score(lambda q, W, k: torch.zeros(2, 5))
    assert not check_general_score(lambda q, W, k: None)
    assert not check_general_score(None)
