"""One-hot input, TimeAffine and TimeSoftmaxWithLoss against torch and numerical gradients."""

import numpy as np
import pytest
import torch

from utils.scratch.gradcheck import numerical_gradient, relative_error
from utils.scratch.layers import TimeAffine, TimeSoftmaxWithLoss, one_hot


def test_one_hot_matches_torch_and_is_an_embedding_lookup():
    ids = np.array([[0, 2, 1], [3, 3, 0]])
    expected = torch.nn.functional.one_hot(torch.tensor(ids), 4).numpy()
    np.testing.assert_array_equal(one_hot(ids, 4), expected)
    W = np.random.default_rng(0).normal(size=(4, 5))
    np.testing.assert_allclose(one_hot(ids, 4) @ W, W[ids])


def test_one_hot_rejects_bad_ids():
    with pytest.raises(ValueError, match=r"lie in \[0, 3\)"):
        one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="integers"):
        one_hot(np.array([0.5]), 3)
    with pytest.raises(ValueError, match="at least 1"):
        one_hot(np.array([0]), 0)


def test_time_affine_matches_torch_linear():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(4, 3)), rng.normal(size=3)
    hs, dys = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3))
    layer = TimeAffine(W.copy(), b.copy())
    ys = layer.forward(hs)
    dhs = layer.backward(dys)

    linear = torch.nn.Linear(4, 3).double()
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(W.T))  # torch stores (out, in)
        linear.bias.copy_(torch.tensor(b))
    h_t = torch.tensor(hs, requires_grad=True)
    y_t = linear(h_t)
    y_t.backward(torch.tensor(dys))
    np.testing.assert_allclose(ys, y_t.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(dhs, h_t.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(layer.grads[0], linear.weight.grad.numpy().T, atol=1e-12)
    np.testing.assert_allclose(layer.grads[1], linear.bias.grad.numpy(), atol=1e-12)


def test_time_affine_gradients_match_numerical():
    rng = np.random.default_rng(1)
    layer = TimeAffine(rng.normal(size=(4, 3)), rng.normal(size=3))
    hs, up = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3))

    def loss() -> float:
        return float(np.sum(layer.forward(hs) * up))

    loss()
    dhs = layer.backward(up)
    for p, g in zip(layer.params, list(layer.grads), strict=True):
        assert relative_error(g, numerical_gradient(loss, p)) < 1e-7
    assert relative_error(dhs, numerical_gradient(loss, hs)) < 1e-7


def test_time_softmax_with_loss_matches_torch_cross_entropy():
    rng = np.random.default_rng(2)
    logits, targets = rng.normal(size=(3, 4, 6)), rng.integers(0, 6, size=(3, 4))
    layer = TimeSoftmaxWithLoss()
    loss = layer.forward(logits, targets)
    dlogits = layer.backward()
    x = torch.tensor(logits, requires_grad=True)
    ref = torch.nn.functional.cross_entropy(x.reshape(-1, 6), torch.tensor(targets).reshape(-1))
    ref.backward()
    assert loss == pytest.approx(ref.item(), abs=1e-10)
    np.testing.assert_allclose(dlogits, x.grad.numpy(), atol=1e-12)


def test_time_layers_reject_bad_shapes():
    rng = np.random.default_rng(3)
    with pytest.raises(ValueError, match=r"W \(in, out\) and b \(out,\)"):
        TimeAffine(rng.normal(size=(4, 3)), rng.normal(size=4))
    with pytest.raises(ValueError, match=r"hs must be \(batch, time, 4\)"):
        TimeAffine(rng.normal(size=(4, 3)), np.zeros(3)).forward(np.zeros((2, 4)))
    with pytest.raises(RuntimeError, match="forward before backward"):
        TimeAffine(rng.normal(size=(4, 3)), np.zeros(3)).backward(np.zeros((2, 5, 3)))
    loss = TimeSoftmaxWithLoss()
    with pytest.raises(ValueError, match=r"targets must be class ids of shape \(2, 5\)"):
        loss.forward(np.zeros((2, 5, 3)), np.zeros((2, 4), dtype=int))
    with pytest.raises(ValueError, match="empty batch"):
        loss.forward(np.zeros((2, 0, 3)), np.zeros((2, 0), dtype=int))
    with pytest.raises(ValueError, match="class indices"):
        loss.forward(np.zeros((1, 2, 3)), np.array([[0, 3]]))
    with pytest.raises(RuntimeError, match="forward before backward"):
        TimeSoftmaxWithLoss().backward()
