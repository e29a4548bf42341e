"""Activations and derivatives against torch and torch.autograd."""

import numpy as np
import pytest
import torch

from utils.scratch.activations import (
    ACTIVATIONS,
    leaky_relu,
    leaky_relu_grad,
    relu_grad,
    sigmoid,
    tanh,
)

X = np.array([-30.0, -3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0, 30.0, 800.0, -800.0])

TORCH = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01),
}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_values_and_derivatives_match_torch_autograd(name):
    f, df = ACTIVATIONS[name]
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    y = TORCH[name](x)
    y.sum().backward()
    np.testing.assert_allclose(f(X), y.detach().numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(df(X), x.grad.numpy(), rtol=1e-12, atol=1e-300)


def test_tanh_is_a_rescaled_sigmoid():
    x = np.linspace(-6, 6, 101)
    np.testing.assert_allclose(tanh(x), 2 * sigmoid(2 * x) - 1, atol=1e-15)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise"):
        s = sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(s, [0.0, 1.0])


def test_specific_values():
    assert sigmoid(np.array(0.0)) == 0.5
    np.testing.assert_array_equal(relu_grad(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(leaky_relu(np.array([-2.0, 3.0]), 0.1), [-0.2, 3.0])
    np.testing.assert_allclose(leaky_relu_grad(np.array([-2.0, 3.0]), 0.1), [0.1, 1.0])


def test_bad_input_raises():
    with pytest.raises(ValueError, match="empty"):
        sigmoid(np.array([]))
    with pytest.raises(ValueError, match="slope"):
        leaky_relu(np.ones(2), slope=-1.0)
