"""The GRU from scratch: PyTorch's convention equals nn.GRU (forward and gradients), the
lecture convention is a different function, and the difference is exactly where r acts."""

import pytest
import torch
from torch import nn

from utils.scratch.gru import GRUWeights, gru_cell, gru_layer, gru_step


def make_gru(n_in=3, hidden=4, seed=0):
    torch.manual_seed(seed)
    return nn.GRU(n_in, hidden, batch_first=True).double()


def data(batch=2, time=6, n_in=3, seed=1):
    return torch.randn(batch, time, n_in, dtype=torch.float64,
                       generator=torch.Generator().manual_seed(seed))


def test_step_matches_the_pytorch_equations():
    w = GRUWeights.from_module(make_gru())
    x, h = data()[:, 0], torch.randn(2, 4, dtype=torch.float64)
    W_ir, W_iz, W_in = w.weight_ih.chunk(3)
    W_hr, W_hz, W_hn = w.weight_hh.chunk(3)
    b_ir, b_iz, b_in = w.bias_ih.chunk(3)
    b_hr, b_hz, b_hn = w.bias_hh.chunk(3)
    r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    out = gru_step(x, h, w)
    torch.testing.assert_close(out["h"], (1 - z) * n + z * h, rtol=0, atol=1e-14)
    lec = gru_step(x, h, w, "lecture")
    n_lec = torch.tanh(x @ W_in.T + b_in + (r * h) @ W_hn.T + b_hn)
    torch.testing.assert_close(lec["h"], (1 - z) * h + z * n_lec, rtol=0, atol=1e-14)


def test_pytorch_convention_equals_nn_gru():
    gru = make_gru(seed=2)
    xs, h0 = data(seed=3), torch.randn(1, 2, 4, dtype=torch.float64)
    out, h_n = gru(xs, h0)
    hs, h_last = gru_layer(xs, GRUWeights.from_module(gru), h0[0])
    assert (hs - out).abs().max().item() < 1e-12
    assert (h_last - h_n[0]).abs().max().item() < 1e-12


def test_pytorch_convention_equals_nn_gru_cell():
    torch.manual_seed(4)
    cell = nn.GRUCell(3, 4).double()
    x, h = torch.randn(5, 3, dtype=torch.float64), torch.randn(5, 4, dtype=torch.float64)
    w = GRUWeights.from_module(cell)
    assert (gru_cell(x, h, w) - cell(x, h)).abs().max().item() < 1e-12


def test_gradients_equal_nn_grus():
    gru = make_gru(seed=5)
    xs = data(seed=6).requires_grad_()
    up = torch.randn(2, 6, 4, dtype=torch.float64)
    (gru(xs)[0] * up).sum().backward()
    expected = [p.grad.clone() for p in gru.parameters()] + [xs.grad.clone()]
    gru.zero_grad()
    xs.grad = None
    (gru_layer(xs, GRUWeights.from_module(gru))[0] * up).sum().backward()
    got = [p.grad for p in gru.parameters()] + [xs.grad]
    for a, b in zip(got, expected, strict=True):
        assert (a - b).abs().max().item() < 1e-12


def test_lecture_convention_is_a_different_function():
    gru = make_gru(seed=7)
    w = GRUWeights.from_module(gru)
    xs = data(seed=8)
    pt, _ = gru_layer(xs, w)
    lec, _ = gru_layer(xs, w, convention="lecture")
    assert (pt - lec).abs().max().item() > 0.05
    # flipping z removes part of the gap, but not all of it: r still acts elsewhere
    flipped, _ = gru_layer(xs, w.negate_update_gate(), convention="lecture")
    assert 1e-3 < (pt - flipped).abs().max().item() < (pt - lec).abs().max().item()


def test_with_z_flipped_and_r_open_the_conventions_agree():
    """If r = 1 everywhere, resetting before or after the product is the same."""
    gru = make_gru(seed=9)
    with torch.no_grad():
        gru.bias_ih_l0[:4] = 60.0  # reset gate pre-activation huge: r = 1 in float64
    w = GRUWeights.from_module(gru)
    xs = data(seed=10)
    pt, _ = gru_layer(xs, w)
    flipped, _ = gru_layer(xs, w.negate_update_gate(), convention="lecture")
    assert (pt - flipped).abs().max().item() < 1e-12


def test_negate_update_gate_gives_one_minus_z():
    w = GRUWeights.from_module(make_gru(seed=11))
    x, h = data(seed=12)[:, 0], torch.randn(2, 4, dtype=torch.float64)
    z, z_neg = gru_step(x, h, w)["z"], gru_step(x, h, w.negate_update_gate())["z"]
    torch.testing.assert_close(z_neg, 1 - z, rtol=0, atol=1e-14)
    assert torch.equal(gru_step(x, h, w)["r"], gru_step(x, h, w.negate_update_gate())["r"])


def test_bad_input_raises_clear_errors():
    gru = make_gru()
    w = GRUWeights.from_module(gru)
    with pytest.raises(ValueError, match="convention must be one of"):
        gru_cell(torch.zeros(2, 3, dtype=torch.float64), torch.zeros(2, 4), w, "keras")
    with pytest.raises(ValueError, match=r"x must be \(batch, 3\)"):
        gru_cell(torch.zeros(2, 5), torch.zeros(2, 4), w)
    with pytest.raises(ValueError, match="h must be"):
        gru_cell(torch.zeros(2, 3), torch.zeros(3, 4), w)
    with pytest.raises(ValueError, match="no time steps"):
        gru_layer(torch.zeros(2, 0, 3), w)
    with pytest.raises(ValueError, match="xs must be"):
        gru_layer(torch.zeros(2, 3), w)
    with pytest.raises(ValueError, match="expected weight_ih"):
        GRUWeights(w.weight_ih, w.weight_hh[:8], w.bias_ih, w.bias_hh)
    with pytest.raises(ValueError, match="no GRU layer 1"):
        GRUWeights.from_module(gru, layer=1)
    with pytest.raises(ValueError, match="no GRU layer"):
        GRUWeights.from_module(nn.LSTM(3, 4))

