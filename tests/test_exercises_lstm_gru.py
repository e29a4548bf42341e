"""The exercise checks of lessons 04 and 05 accept the right answers and explain the
typical wrong ones."""

import numpy as np
import torch
from torch import nn

from utils.exercises.gru import check_gru_step, check_param_counts, gru_step_problem
from utils.exercises.lstm import check_lstm_param_count, check_lstm_step, lstm_step_problem
from utils.scratch.gru import GRUWeights, gru_cell, gru_step


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
    assert check_lstm_param_count(2560.0)  # an integral float is a whole number
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


# --- every numeric type a learner may produce, and every slip a hint names ---------------

import pytest  # noqa: E402

NUMERIC_KINDS = {
    "numpy float64": lambda a: np.asarray(a, dtype=np.float64),
    "numpy float32": lambda a: np.asarray(a, dtype=np.float32),
    "torch float64": lambda a: torch.as_tensor(np.asarray(a), dtype=torch.float64),
    "torch float32": lambda a: torch.as_tensor(np.asarray(a), dtype=torch.float32),
    "nested list": lambda a: np.asarray(a).tolist(),
}


def _lstm_solution():
    p = lstm_step_problem()
    c = p["f"] * p["c_prev"] + p["i"] * p["g"]
    return c, p["o"] * np.tanh(c)


@pytest.mark.parametrize("kind", NUMERIC_KINDS)
def test_lstm_step_check_accepts_the_solution_in_every_numeric_type(capsys, kind):
    c, h = _lstm_solution()
    convert = NUMERIC_KINDS[kind]
    assert check_lstm_step(convert(c), convert(h)) is True
    assert "✅" in capsys.readouterr().out


def test_lstm_step_check_accepts_float32_computed_from_float32_inputs(capsys):
    p = {k: v.astype(np.float32) for k, v in lstm_step_problem().items()}
    c = p["f"] * p["c_prev"] + p["i"] * p["g"]
    assert check_lstm_step(c, p["o"] * np.tanh(c)) is True
    t = {k: torch.tensor(v) for k, v in p.items()}
    c_t = t["f"] * t["c_prev"] + t["i"] * t["g"]
    assert check_lstm_step(c_t, t["o"] * torch.tanh(c_t)) is True


@pytest.mark.parametrize("kind", ["numpy float64", "numpy float32", "torch float32"])
def test_lstm_step_check_names_each_slip(capsys, kind):
    p = lstm_step_problem()
    c, h = _lstm_solution()
    convert = NUMERIC_KINDS[kind]
    slips = [
        ((p["i"] * p["c_prev"] + p["f"] * p["g"], h), "mixes up the gates"),
        ((p["f"] * p["c_prev"] + p["g"], h), "adds the whole candidate"),
        ((c, p["o"] * c), "forgot the tanh"),
        ((c, p["o"] * np.tanh(p["c_prev"])), "the *old* cell"),
        ((c + 0.01, h), "c_next = f ⊙ c_prev + i ⊙ g"),
        ((c, h + 0.01), "h_next = o ⊙ tanh(c_next)"),
        ((c[:1], h), "shape"),
    ]
    for (c_ans, h_ans), says in slips:
        assert check_lstm_step(convert(c_ans), convert(h_ans)) is False, says
        assert says in capsys.readouterr().out


@pytest.mark.parametrize("answer", [2560, np.int64(2560), np.int32(2560), 2560.0,
                                    np.float64(2560), np.float32(2560), torch.tensor(2560),
                                    torch.tensor(2560.0), np.array(2560)])
def test_lstm_param_count_accepts_every_whole_number_type(capsys, answer):
    assert check_lstm_param_count(answer) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [2560.5, "2560", True, [2560], torch.tensor([2560, 1])])
def test_lstm_param_count_rejects_non_integral_numbers_and_strings(capsys, answer):
    assert check_lstm_param_count(answer) is False
    assert "whole number" in capsys.readouterr().out


def test_lstm_param_count_names_each_slip(capsys):
    H, D = 20, 10
    slips = [
        (4 * (H * D + H * H + H), "two* bias"),
        (4.0 * (H * D + H * H + H), "two* bias"),  # a float slip gets the same hint
        (H * D + H * H + 2 * H, "one vanilla RNN"),
        (H * D + H * H + H, "one vanilla RNN"),
        (4 * (H * D + H * H), "two biases of size H"),
        (None, "still None"),
    ]
    for answer, says in slips:
        assert check_lstm_param_count(answer) is False, says
        assert says in capsys.readouterr().out


def _gru_solution(dtype=torch.float64, to_numpy=False):
    cell, x, h = gru_step_problem()
    with torch.no_grad():
        W_ih, W_hh, b_ih, b_hh = (t.to(dtype) for t in (cell.weight_ih, cell.weight_hh,
                                                         cell.bias_ih, cell.bias_hh))
        x, h = x.to(dtype), h.to(dtype)
        x_r, x_z, x_n = (x @ W_ih.T + b_ih).chunk(3, dim=1)
        h_r, h_z, h_n = (h @ W_hh.T + b_hh).chunk(3, dim=1)
        r, z = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
        n = torch.tanh(x_n + r * h_n)
        out = (1 - z) * n + z * h
    return out.numpy() if to_numpy else out


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("to_numpy", [False, True])
def test_gru_step_check_accepts_the_solution_in_float64_and_float32(capsys, dtype, to_numpy):
    assert check_gru_step(_gru_solution(dtype, to_numpy)) is True
    out = capsys.readouterr().out
    assert "✅" in out and "r, z, n" not in out


def test_gru_step_check_keeps_float64_strict(capsys):
    assert check_gru_step(_gru_solution() + 1e-6) is False  # float64 with a real error
    assert "r, z, n" in capsys.readouterr().out
    assert check_gru_step(_gru_solution().tolist()) is True


@pytest.mark.parametrize("kind", ["numpy float64", "numpy float32", "torch float32"])
def test_gru_step_check_names_each_slip(capsys, kind):
    cell, x, h = gru_step_problem()
    convert = NUMERIC_KINDS[kind]
    with torch.no_grad():
        w = GRUWeights.from_module(cell)
        s = gru_step(x, h, w)
        H = cell.hidden_size
        x_n = x @ cell.weight_ih[2 * H:].T + cell.bias_ih[2 * H:]
        n_outside = torch.tanh(x_n + s["r"] * (h @ cell.weight_hh[2 * H:].T) + cell.bias_hh[2 * H:])
        slips = [
            (gru_cell(x, h, w, "lecture"), "lecture convention"),
            (gru_cell(x, h, w.negate_update_gate(), "lecture"), "after* the product"),
            (s["z"] * s["n"] + (1 - s["z"]) * h, "swapped"),
            ((1 - s["z"]) * n_outside + s["z"] * h, "b_hn belongs *inside*"),
            (s["n"], "r, z, n"),
            (h[:1], "shape"),
        ]
    for answer, says in slips:
        assert check_gru_step(convert(answer.numpy())) is False, says
        assert says in capsys.readouterr().out
    assert not check_gru_step(None)
    assert "still None" in capsys.readouterr().out


@pytest.mark.parametrize("convert", [int, np.int64, float, np.float32, torch.tensor])
def test_param_counts_check_accepts_every_whole_number_type(capsys, convert):
    assert check_param_counts(convert(640), convert(2560), convert(1920)) is True
    assert "1 : 4 : 3" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [640.5, "640", True])
def test_param_counts_check_rejects_non_integral_numbers_and_strings(capsys, bad):
    assert check_param_counts(bad, 2560, 1920) is False
    assert "`rnn` should be a whole number" in capsys.readouterr().out


def test_param_counts_check_names_each_slip(capsys):
    assert not check_param_counts(640, 4 * 620, 1920)
    assert "`lstm`: PyTorch keeps two bias vectors" in capsys.readouterr().out
    assert not check_param_counts(640.0, 2560.0, 3.0 * 620)
    assert "`gru`: PyTorch keeps two bias vectors" in capsys.readouterr().out
    assert not check_param_counts(640, 2560, 2 * 640)
    assert "gru` = 1280 is not it" in capsys.readouterr().out
    assert "has 3" not in capsys.readouterr().out
