"""The NumPy RNN: forward against a plain loop, backward against numerical gradients."""

import numpy as np
import pytest

from utils.scratch.gradcheck import numerical_gradient, relative_error
from utils.scratch.rnn import RNNCell, TimeRNN


def make_weights(rng, n_in=3, hidden=4):
    return (
        rng.normal(scale=0.5, size=(n_in, hidden)),
        rng.normal(scale=0.5, size=(hidden, hidden)),
        rng.normal(scale=0.1, size=hidden),
    )


def test_cell_forward_matches_formula():
    rng = np.random.default_rng(0)
    Wx, Wh, b = make_weights(rng)
    x, h = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    np.testing.assert_allclose(RNNCell(Wx, Wh, b).forward(x, h), np.tanh(x @ Wx + h @ Wh + b))


def test_time_rnn_gradients_match_numerical():
    rng = np.random.default_rng(1)
    layer = TimeRNN(*make_weights(rng))
    xs = rng.normal(size=(2, 5, 3))
    upstream = rng.normal(size=(2, 5, 4))

    def loss() -> float:
        return float(np.sum(layer.forward(xs) * upstream))

    loss()
    dxs = layer.backward(upstream)
    analytic = list(layer.grads)
    for p, g in zip(layer.params, analytic, strict=True):
        assert relative_error(g, numerical_gradient(loss, p)) < 1e-7
    assert relative_error(dxs, numerical_gradient(loss, xs)) < 1e-7


def test_bptt_sums_over_time():
    """With one time step the layer's gradients equal the single cell's."""
    rng = np.random.default_rng(2)
    w = make_weights(rng)
    xs, d = rng.normal(size=(2, 1, 3)), rng.normal(size=(2, 1, 4))
    layer, cell = TimeRNN(*w), RNNCell(*w)
    layer.forward(xs)
    layer.backward(d)
    cell.forward(xs[:, 0], np.zeros((2, 4)))
    cell.backward(d[:, 0])
    for a, c in zip(layer.grads, cell.grads, strict=True):
        np.testing.assert_allclose(a, c)


def test_bad_shapes_raise_clear_errors():
    rng = np.random.default_rng(3)
    Wx, Wh, b = make_weights(rng)
    with pytest.raises(ValueError, match="inconsistent hidden size"):
        RNNCell(Wx, Wh[:, :3], b)
    with pytest.raises(ValueError, match=r"xs must be \(batch, time, 3\)"):
        TimeRNN(Wx, Wh, b).forward(rng.normal(size=(2, 5, 4)))
    with pytest.raises(ValueError, match="no time steps"):
        TimeRNN(Wx, Wh, b).forward(np.zeros((2, 0, 3)))
    with pytest.raises(RuntimeError, match="forward before backward"):
        TimeRNN(Wx, Wh, b).backward(np.zeros((2, 5, 4)))
