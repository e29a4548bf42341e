"""nn.RNN ↔ NumPy RNN: copied weights give the same numbers; the shape rules match PyTorch."""

import itertools

import numpy as np
import pytest
import torch
from torch import nn

from utils.models.torch_rnn import (
    load_numpy_weights,
    numpy_rnn_forward,
    numpy_weights,
    rnn_output_shapes,
)
from utils.scratch.rnn import TimeRNN


def test_numpy_layer_reproduces_one_layer_nn_rnn():
    torch.manual_seed(0)
    rnn = nn.RNN(5, 8, batch_first=True)
    x = torch.randn(3, 10, 5)
    out, h_n = rnn(x)
    hs = TimeRNN(*numpy_weights(rnn)).forward(x.double().numpy())
    assert np.max(np.abs(hs - out.detach().numpy())) < 1e-5
    np.testing.assert_allclose(hs[:, -1], h_n[0].detach().numpy(), atol=1e-5)


def test_weights_are_transposed_and_biases_added():
    torch.manual_seed(1)
    rnn = nn.RNN(3, 4)
    Wx, Wh, b = numpy_weights(rnn)
    assert Wx.shape == (3, 4) and Wh.shape == (4, 4) and b.shape == (4,)
    np.testing.assert_allclose(Wx, rnn.weight_ih_l0.detach().numpy().T)
    np.testing.assert_allclose(b, (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach().numpy(), rtol=1e-6)
    Wx[0, 0] = 123.0  # a copy: the module is untouched
    assert rnn.weight_ih_l0[0, 0].item() != 123.0


@pytest.mark.parametrize(("layers", "bidirectional", "batch_first"),
                         list(itertools.product([1, 2, 3], [False, True], [False, True])))
def test_numpy_forward_equals_stacked_bidirectional_nn_rnn(layers, bidirectional, batch_first):
    torch.manual_seed(layers)
    rnn = nn.RNN(4, 6, layers, batch_first=batch_first, bidirectional=bidirectional)
    x = torch.randn(2, 7, 4) if batch_first else torch.randn(7, 2, 4)
    out, h_n = rnn(x)
    np_out, np_h = numpy_rnn_forward(rnn, x.numpy())
    assert np_out.shape == out.shape and np_h.shape == h_n.shape
    np.testing.assert_allclose(np_out, out.detach().numpy(), atol=1e-5)
    np.testing.assert_allclose(np_h, h_n.detach().numpy(), atol=1e-5)


def test_numpy_forward_without_bias():
    torch.manual_seed(2)
    rnn = nn.RNN(3, 4, bias=False, batch_first=True)
    x = torch.randn(2, 5, 3)
    np.testing.assert_allclose(numpy_rnn_forward(rnn, x.numpy())[0], rnn(x)[0].detach().numpy(),
                               atol=1e-5)


def test_load_numpy_weights_round_trip():
    rng = np.random.default_rng(0)
    Wx, Wh, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 4)) * 0.3, rng.normal(size=4)
    rnn = nn.RNN(3, 4, batch_first=True, bidirectional=True).double()
    load_numpy_weights(rnn, Wx, Wh, b, layer=0, reverse=True)
    assert rnn.bias_hh_l0_reverse.abs().sum().item() == 0
    for got, want in zip(numpy_weights(rnn, 0, reverse=True), (Wx, Wh, b), strict=True):
        np.testing.assert_allclose(got, want)
    xs = rng.normal(size=(2, 6, 3))
    backward_half = rnn(torch.from_numpy(xs))[0][..., 4:].detach().numpy()
    reversed_run = TimeRNN(Wx, Wh, b).forward(xs[:, ::-1])[:, ::-1]
    np.testing.assert_allclose(backward_half, reversed_run, atol=1e-10)


@pytest.mark.parametrize(("input_shape", "hidden", "layers", "batch_first", "bidirectional"), [
    ((1, 10, 5), 8, 1, True, False),
    ((1, 10, 5), 8, 2, True, False),
    ((1, 10, 5), 8, 2, True, True),
    ((7, 4, 3), 6, 3, False, True),
    ((4, 7, 3), 6, 3, False, False),
    ((2, 9, 1), 5, 1, True, True),
])
def test_rnn_output_shapes_match_pytorch(input_shape, hidden, layers, batch_first, bidirectional):
    rnn = nn.RNN(input_shape[2], hidden, layers, batch_first=batch_first,
                 bidirectional=bidirectional)
    out, h_n = rnn(torch.zeros(input_shape))
    assert rnn_output_shapes(input_shape, hidden, layers, batch_first=batch_first,
                             bidirectional=bidirectional) == (tuple(out.shape), tuple(h_n.shape))


def test_the_lesson_shape_table():
    assert rnn_output_shapes((1, 10, 5), 8, batch_first=True) == ((1, 10, 8), (1, 1, 8))
    assert rnn_output_shapes((1, 10, 5), 8, 2, batch_first=True)[1] == (2, 1, 8)
    assert rnn_output_shapes((1, 10, 5), 8, 2, batch_first=True, bidirectional=True) == (
        (1, 10, 16), (4, 1, 8))


def test_bad_input_raises():
    rnn = nn.RNN(3, 4, batch_first=True)
    with pytest.raises(ValueError, match="layer must be in 0..0"):
        numpy_weights(rnn, layer=1)
    with pytest.raises(ValueError, match="needs a bidirectional"):
        numpy_weights(rnn, reverse=True)
    with pytest.raises(ValueError, match="uses tanh"):
        numpy_weights(nn.RNN(3, 4, nonlinearity="relu"))
    with pytest.raises(ValueError, match="expected an nn.RNN"):
        numpy_weights(nn.GRU(3, 4))
    with pytest.raises(ValueError, match="needs Wx"):
        load_numpy_weights(rnn, np.zeros((5, 4)), np.zeros((4, 4)), np.zeros(4))
    with pytest.raises(ValueError, match=r"\(batch, time, input\) with input = 3"):
        numpy_rnn_forward(rnn, np.zeros((2, 5, 4)))
    with pytest.raises(ValueError, match="3 positive sizes"):
        rnn_output_shapes((1, 10), 8)
    with pytest.raises(ValueError, match="≥ 1"):
        rnn_output_shapes((1, 10, 5), 0)
