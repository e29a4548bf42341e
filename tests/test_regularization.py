"""Weight decay against torch.optim's weight_decay; dropout's expectation and gradient."""

import numpy as np
import pytest
import torch

from utils.scratch.gradcheck import numerical_gradient, relative_error
from utils.scratch.optimizers import SGD
from utils.scratch.regularization import Dropout, l2_grads, l2_penalty


def test_l2_penalty_value_and_gradient():
    w = [np.array([[1.0, -2.0]]), np.array([3.0])]
    assert l2_penalty(w, 0.1) == pytest.approx(0.05 * 14)
    for wi, gi in zip(w, l2_grads(w, 0.1), strict=True):
        np.testing.assert_allclose(gi, numerical_gradient(lambda: l2_penalty(w, 0.1), wi))


def test_sgd_with_l2_gradient_is_torch_weight_decay():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 4))
    target = rng.normal(size=(3, 4))
    tw = torch.tensor(w, requires_grad=True)
    opt, topt = SGD(lr=0.1), torch.optim.SGD([tw], lr=0.1, weight_decay=0.05)
    for _ in range(20):
        opt.update([w], [(w - target) + l2_grads([w], 0.05)[0]])
        topt.zero_grad()
        (((tw - torch.tensor(target)) ** 2).sum() / 2).backward()
        topt.step()
    np.testing.assert_allclose(w, tw.detach().numpy(), atol=1e-12)


@pytest.mark.parametrize("inverted", [True, False])
def test_dropout_test_output_is_the_training_average(inverted):
    x = np.array([1.0, -2.0, 4.0])
    layer = Dropout(0.3, inverted=inverted, rng=np.random.default_rng(1))
    mean = layer.forward(np.tile(x, (40_000, 1))).mean(axis=0)  # 40 000 training passes
    np.testing.assert_allclose(mean, layer.forward(x, train=False), rtol=0.02)
    expected = x if inverted else 0.7 * x
    np.testing.assert_allclose(layer.forward(x, train=False), expected)


def test_inverted_dropout_values_like_torch():
    """Each training output is 0 or x / (1 - p), as in torch.nn.functional.dropout."""
    x = np.linspace(1, 2, 1000)
    ours = Dropout(0.25, rng=np.random.default_rng(2)).forward(x)
    theirs = torch.nn.functional.dropout(torch.tensor(x), 0.25, training=True).numpy()
    for out in (ours, theirs):
        kept = out != 0
        np.testing.assert_allclose(out[kept], x[kept] / 0.75)
        assert 0.2 < 1 - kept.mean() < 0.3


def test_dropout_backward_matches_numerical_gradient():
    rng = np.random.default_rng(3)
    x, up = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    layer = Dropout(0.5, rng=np.random.default_rng(4))
    layer.forward(x)
    mask = layer.mask.copy()

    def loss() -> float:
        return float(np.sum(x * mask * up))  # same mask as the forward above

    assert relative_error(layer.backward(up), numerical_gradient(loss, x)) < 1e-8
    assert set(np.unique(mask)) <= {0.0, 2.0}


def test_bad_use_raises():
    with pytest.raises(ValueError, match=r"in \[0, 1\)"):
        Dropout(1.0)
    with pytest.raises(RuntimeError, match="training-mode forward"):
        Dropout(0.5).backward(np.ones(2))
    layer = Dropout(0.5)
    layer.forward(np.ones(2))
    with pytest.raises(ValueError, match="dout must have shape"):
        layer.backward(np.ones(3))
    with pytest.raises(ValueError, match="non-negative"):
        l2_penalty([np.ones(2)], -1.0)
