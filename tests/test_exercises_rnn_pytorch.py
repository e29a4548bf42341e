"""Lesson 02's checks accept right answers and explain wrong ones, never raising."""

import torch

from utils.exercises.rnn_pytorch import check_last_real_step, check_rnn_shapes, check_twin

CONFIG = {"input_shape": (7, 4, 3), "hidden_size": 6, "num_layers": 3, "bidirectional": True}


def test_check_rnn_shapes(capsys):
    assert check_rnn_shapes(((7, 4, 12), (6, 4, 6)), **CONFIG)
    assert "✅" in capsys.readouterr().out
    wrong = {
        None: "still None",
        "abc": "pair of shapes",
        ((1, 2), (3, 4, 5)): "three sizes",
        5: "pair of shapes",
        ((4, 7, 12), (6, 4, 6)): "batch and time swapped",
        ((7, 4, 6), (6, 4, 6)): "concatenates",
        ((7, 4, 36), (6, 4, 6)): "only the top layer",
        ((7, 4, 12), (3, 4, 6)): "layer *and* direction",
        ((7, 4, 12), (6, 7, 6)): "batch",
        ((7, 4, 12), (5, 4, 6)): "not right",
        ((7, 4, 12), (4, 6, 6)): "ignores batch_first",
    }
    for answer, says in wrong.items():
        assert check_rnn_shapes(answer, **CONFIG) is False
        out = capsys.readouterr().out
        assert "❌" in out and says in out, (answer, out)
    assert not check_rnn_shapes(((1, 10, 16), (2, 1, 8)), (1, 10, 5), 8, 2, batch_first=True,
                                bidirectional=False)
    assert "every layer keeps" not in capsys.readouterr().out
    assert not check_rnn_shapes(((1, 10, 8), (1, 1, 8)), (1, 10, 5), 8, 2, batch_first=True)
    assert "every layer keeps its last state" in capsys.readouterr().out
    assert not check_rnn_shapes(((1, 10, 8), (1, 2, 8)), (1, 10, 5), 8, 2, batch_first=True)
    assert "ignores batch_first" in capsys.readouterr().out


def test_check_last_real_step(capsys):
    outputs = torch.arange(3 * 4 * 2, dtype=torch.float).view(3, 4, 2)
    lengths = torch.tensor([2, 4, 1])
    right = outputs[torch.arange(3), lengths - 1]
    assert check_last_real_step(right, outputs, lengths)
    assert "✅" in capsys.readouterr().out
    assert not check_last_real_step(outputs[:, -1], outputs, lengths)
    assert "after the padding" in capsys.readouterr().out
    assert not check_last_real_step(outputs[torch.arange(3), lengths.clamp(max=3)], outputs,
                                    lengths)
    assert "off by one" in capsys.readouterr().out
    assert not check_last_real_step(None, outputs, lengths)
    assert "still None" in capsys.readouterr().out
    assert not check_last_real_step(outputs[:, 0, 0], outputs, lengths)
    assert "has shape (3,), expected (3, 2)" in capsys.readouterr().out


def test_check_twin(capsys):
    sentence = "the plot was fun not dull"
    assert check_twin("the plot was dull not fun", sentence)
    assert "✅" in capsys.readouterr().out
    cases = {
        None: "still None",
        42: "as a string",
        "the plot was dull not good": "extra ['good'], missing ['fun']",
        sentence: "same label too",
        "not the plot was fun dull": "disagree",
        "the plot was fun dull not": "disagree",
    }
    for answer, says in cases.items():
        assert check_twin(answer, sentence) is False
        out = capsys.readouterr().out
        assert "❌" in out and says in out, (answer, out)
