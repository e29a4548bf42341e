"""softmax, cross-entropy and the softmax-with-loss gradient y - t."""

import numpy as np
import pytest

from utils.scratch.functions import SoftmaxWithLoss, cross_entropy, softmax
from utils.scratch.gradcheck import numerical_gradient, relative_error


def test_softmax_is_stable_and_normalised():
    p = softmax(np.array([[1000.0, 1001.0, 1002.0], [0.0, 0.0, 0.0]]))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], softmax(np.array([0.0, 1.0, 2.0])))
    np.testing.assert_allclose(p[1], 1 / 3)


def test_cross_entropy_indices_equal_one_hot():
    p = softmax(np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]]))
    assert cross_entropy(p, np.array([0, 1])) == pytest.approx(cross_entropy(p, np.eye(3)[[0, 1]]))
    assert cross_entropy(p, np.array([0, 1])) == pytest.approx(
        -np.mean(np.log([p[0, 0], p[1, 1]]))
    )


def test_softmax_with_loss_gradient_is_y_minus_t():
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(4, 5)), np.array([0, 3, 1, 4])
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    np.testing.assert_allclose(dx, (softmax(x) - np.eye(5)[t]) / 4)
    assert relative_error(dx, numerical_gradient(lambda: layer.forward(x, t), x)) < 1e-7


def test_bad_targets_raise():
    p = softmax(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="class indices"):
        cross_entropy(p, np.array([0, 3]))
    with pytest.raises(ValueError, match="targets must be"):
        cross_entropy(p, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="at least one class"):
        softmax(np.zeros((2, 0)))
