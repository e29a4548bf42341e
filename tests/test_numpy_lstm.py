"""The NumPy LSTM: forward equals nn.LSTM with copied weights, backward equals autograd and
numerical gradients, and the cell path carries the gradient as a product of forget gates."""

import numpy as np
import pytest
import torch
from torch import nn

from utils.scratch.gradcheck import numerical_gradient, relative_error
from utils.scratch.lstm import LSTMCell, TimeLSTM, lstm_weights_from_torch, split_gates


def make_weights(rng, n_in=3, hidden=4):
    return (
        rng.normal(scale=0.5, size=(n_in, 4 * hidden)),
        rng.normal(scale=0.5, size=(hidden, 4 * hidden)),
        rng.normal(scale=0.1, size=4 * hidden),
    )


def torch_lstm(n_in=3, hidden=4, seed=0):
    torch.manual_seed(seed)
    return nn.LSTM(n_in, hidden, batch_first=True).double()


def test_cell_forward_matches_the_equations():
    rng = np.random.default_rng(0)
    Wx, Wh, b = make_weights(rng)
    x, h, c = rng.normal(size=(2, 3)), rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    a = x @ Wx + h @ Wh + b
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    i, f, o = sig(a[:, :4]), sig(a[:, 4:8]), sig(a[:, 12:])
    g = np.tanh(a[:, 8:12])
    h_next, c_next = LSTMCell(Wx, Wh, b).forward(x, h, c)
    np.testing.assert_allclose(c_next, f * c + i * g, rtol=1e-12)
    np.testing.assert_allclose(h_next, o * np.tanh(f * c + i * g), rtol=1e-12)


def test_time_lstm_equals_nn_lstm_with_copied_weights():
    lstm = torch_lstm(seed=1)
    x = torch.randn(2, 7, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    h0 = torch.randn(1, 2, 4, dtype=torch.float64)
    c0 = torch.randn(1, 2, 4, dtype=torch.float64)
    out, (h_n, c_n) = lstm(x, (h0, c0))
    layer = TimeLSTM(*lstm_weights_from_torch(lstm))
    hs = layer.forward(x.numpy(), h0[0].numpy(), c0[0].numpy())
    assert np.max(np.abs(hs - out.detach().numpy())) < 1e-12
    assert np.max(np.abs(layer.h - h_n[0].detach().numpy())) < 1e-12
    assert np.max(np.abs(layer.c - c_n[0].detach().numpy())) < 1e-12


def test_weights_from_lstm_cell_and_second_layer():
    torch.manual_seed(3)
    cell = nn.LSTMCell(3, 4).double()
    x, h, c = (torch.randn(2, n, dtype=torch.float64) for n in (3, 4, 4))
    h1, c1 = cell(x, (h, c))
    ours = LSTMCell(*lstm_weights_from_torch(cell)).forward(x.numpy(), h.numpy(), c.numpy())
    np.testing.assert_allclose(ours[0], h1.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(ours[1], c1.detach().numpy(), atol=1e-12)
    two = nn.LSTM(3, 4, num_layers=2).double()
    Wx, _, _ = lstm_weights_from_torch(two, layer=1)
    assert Wx.shape == (4, 16)  # layer 1 reads layer 0's hidden states
    with pytest.raises(ValueError, match="no LSTM layer 2"):
        lstm_weights_from_torch(two, layer=2)


def test_backward_equals_autograd():
    lstm = torch_lstm(seed=4)
    g = torch.Generator().manual_seed(5)
    x = torch.randn(3, 6, 3, dtype=torch.float64, generator=g, requires_grad=True)
    up = torch.randn(3, 6, 4, dtype=torch.float64, generator=g)
    up_c = torch.randn(3, 4, dtype=torch.float64, generator=g)
    out, (_, c_n) = lstm(x)
    ((out * up).sum() + (c_n[0] * up_c).sum()).backward()

    layer = TimeLSTM(*lstm_weights_from_torch(lstm))
    layer.forward(x.detach().numpy())
    dxs = layer.backward(up.numpy(), dc_last=up_c.numpy())
    dWx, dWh, db = layer.grads
    assert np.max(np.abs(dxs - x.grad.numpy())) < 1e-12
    assert np.max(np.abs(dWx - lstm.weight_ih_l0.grad.numpy().T)) < 1e-12
    assert np.max(np.abs(dWh - lstm.weight_hh_l0.grad.numpy().T)) < 1e-12
    # one bias here = bias_ih + bias_hh there, so both get the same gradient
    assert np.max(np.abs(db - lstm.bias_ih_l0.grad.numpy())) < 1e-12
    assert np.max(np.abs(db - lstm.bias_hh_l0.grad.numpy())) < 1e-12


def test_backward_equals_numerical_gradients():
    rng = np.random.default_rng(6)
    layer = TimeLSTM(*make_weights(rng))
    xs = rng.normal(size=(2, 5, 3))
    h0, c0 = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    up, up_c = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 4))

    def loss() -> float:
        return float(np.sum(layer.forward(xs, h0, c0) * up) + np.sum(layer.c * up_c))

    loss()
    dxs = layer.backward(up, dc_last=up_c)
    analytic = list(layer.grads)
    dh0, dc0 = layer.dh0, layer.dc0
    for p, g in zip(layer.params, analytic, strict=True):
        assert relative_error(g, numerical_gradient(loss, p)) < 1e-6
    assert relative_error(dxs, numerical_gradient(loss, xs)) < 1e-6
    assert relative_error(dh0, numerical_gradient(loss, h0)) < 1e-6
    assert relative_error(dc0, numerical_gradient(loss, c0)) < 1e-6


def test_cell_path_gradient_is_the_product_of_forget_gates():
    """Without recurrent weights the only way from c_0 to c_T is c_t = f_t c_{t-1} + ..."""
    rng = np.random.default_rng(7)
    Wx, Wh, b = make_weights(rng)
    layer = TimeLSTM(Wx, np.zeros_like(Wh), b)
    xs = rng.normal(size=(2, 9, 3))
    layer.forward(xs, c0=rng.normal(size=(2, 4)))
    layer.backward(np.zeros((2, 9, 4)), dc_last=np.ones((2, 4)))
    np.testing.assert_allclose(layer.dc0, layer.trace()["f"].prod(axis=1), rtol=1e-12)


def test_trace_has_every_gate_and_state():
    rng = np.random.default_rng(8)
    layer = TimeLSTM(*make_weights(rng))
    hs = layer.forward(rng.normal(size=(2, 5, 3)))
    tr = layer.trace()
    assert set(tr) == {"i", "f", "g", "o", "c", "h"}
    assert all(v.shape == (2, 5, 4) for v in tr.values())
    np.testing.assert_array_equal(tr["h"], hs)
    np.testing.assert_allclose(tr["h"], tr["o"] * np.tanh(tr["c"]))
    np.testing.assert_array_equal(tr["c"][:, -1], layer.c)
    assert 0 < tr["f"].min() and tr["f"].max() < 1 and -1 < tr["g"].min()


def test_bad_input_raises_clear_errors():
    rng = np.random.default_rng(9)
    Wx, Wh, b = make_weights(rng)
    with pytest.raises(ValueError, match="inconsistent hidden size"):
        LSTMCell(Wx, Wh[:, :12], b)
    with pytest.raises(ValueError, match="h_prev and c_prev must be"):
        LSTMCell(Wx, Wh, b).forward(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((1, 4)))
    with pytest.raises(ValueError, match=r"xs must be \(batch, time, 3\)"):
        TimeLSTM(Wx, Wh, b).forward(rng.normal(size=(2, 5, 4)))
    with pytest.raises(ValueError, match="no time steps"):
        TimeLSTM(Wx, Wh, b).forward(np.zeros((2, 0, 3)))
    with pytest.raises(RuntimeError, match="forward before backward"):
        TimeLSTM(Wx, Wh, b).backward(np.zeros((2, 5, 4)))
    layer = TimeLSTM(Wx, Wh, b)
    layer.forward(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match="dhs must be"):
        layer.backward(np.zeros((2, 4, 4)))
    with pytest.raises(ValueError, match="dc_last must be"):
        layer.backward(np.zeros((2, 5, 4)), dc_last=np.zeros((4,)))
    with pytest.raises(ValueError, match="4 \\* hidden"):
        split_gates(np.zeros((2, 7)))
