"""The exercise checks of lessons 04 and 05 accept the right answers and explain the
typical wrong ones."""

import numpy as np
import torch
from torch import nn

from utils.exercises.gru import check_gru_step, check_param_counts, gru_step_problem
from utils.exercises.lstm import check_lstm_param_count, check_lstm_step, lstm_step_problem
from utils.gru import GRUWeights, gru_cell, gru_step


def test_lstm_step_check(capsys):
    p = lstm_step_problem()
    c = p["f"] * p["c_prev"] + p["i"] * p["g"]
    assert check_lstm_step(c, p["o"] * np.tanh(c))
    assert capsys.readouterr().out.count("✅") == 1
    assert not check_lstm_step("c", "h")
    assert "array of numbers" in capsys.readouterr().out
    assert not check_lstm_step(c, c)
    assert "differ" in capsys.readouterr().out
    assert not check_lstm_step(None, None)
    assert not check_lstm_step(p["i"] * p["c_prev"] + p["f"] * p["g"], c)
    assert "mixes up the gates" in capsys.readouterr().out
    assert not check_lstm_step(c, p["o"] * c)
    assert "forgot the tanh" in capsys.readouterr().out
    assert not check_lstm_step(c[:1], c)
    assert "shape" in capsys.readouterr().out


def test_lstm_param_count_check(capsys):
    assert check_lstm_param_count(4 * (20 * 10 + 20 * 20 + 2 * 20))  # 2560
    assert not check_lstm_param_count(4 * (20 * 10 + 20 * 20 + 20))
    assert "two* bias" in capsys.readouterr().out
    assert not check_lstm_param_count(640)
    assert "one vanilla RNN" in capsys.readouterr().out
    assert not check_lstm_param_count(2560.0)
    assert not check_lstm_param_count(None)


def test_gru_step_check(capsys):
    cell, x, h = gru_step_problem()
    with torch.no_grad():
        assert check_gru_step(cell(x, h))
        w = GRUWeights.from_module(cell)
        assert not check_gru_step(gru_cell(x, h, w, "lecture"))
        assert "lecture convention" in capsys.readouterr().out
        assert not check_gru_step(gru_cell(x, h, w.negate_update_gate(), "lecture"))
        assert "after* the product" in capsys.readouterr().out
        s = gru_step(x, h, w)
        assert not check_gru_step(s["z"] * s["n"] + (1 - s["z"]) * h)
        assert "swapped" in capsys.readouterr().out
    assert not check_gru_step(None)
    assert not check_gru_step("text")


def test_param_counts_check(capsys):
    counts = [sum(p.numel() for p in m(10, 20).parameters()) for m in (nn.RNN, nn.LSTM, nn.GRU)]
    assert counts == [640, 2560, 1920]
    assert check_param_counts(*counts)
    assert "1 : 4 : 3" in capsys.readouterr().out
    assert not check_param_counts(640, 2560, 4 * 640)
    assert "gru` = 2560" in capsys.readouterr().out
    assert not check_param_counts(620, 2560, 1920)
    assert "two bias" in capsys.readouterr().out
    assert not check_param_counts(640, None, 1920)
