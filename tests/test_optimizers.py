"""The NumPy optimisers follow torch.optim's trajectories step for step."""

import numpy as np
import pytest
import torch

from utils.scratch.optimizers import (
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    RMSProp,
    bowl,
    bowl_grad,
    optimize,
)

# (ours, the same optimiser in torch.optim with its hyper-parameters mapped)
PAIRS = {
    "sgd": (lambda: SGD(lr=0.9), lambda p: torch.optim.SGD(p, lr=0.9)),
    "momentum": (
        lambda: Momentum(lr=0.1, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    ),
    "nesterov": (
        lambda: Nesterov(lr=0.1, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    ),
    "adagrad": (lambda: AdaGrad(lr=1.5), lambda p: torch.optim.Adagrad(p, lr=1.5, eps=1e-10)),
    "rmsprop": (
        lambda: RMSProp(lr=0.3, alpha=0.9),
        lambda p: torch.optim.RMSprop(p, lr=0.3, alpha=0.9, eps=1e-8),
    ),
    "adam": (
        lambda: Adam(lr=0.3, betas=(0.9, 0.999)),
        lambda p: torch.optim.Adam(p, lr=0.3, betas=(0.9, 0.999), eps=1e-8),
    ),
}


def torch_path(make_opt, start, steps):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    path = [p.detach().clone()]
    for _ in range(steps):
        opt.zero_grad()
        (p[0] ** 2 / 20 + p[1] ** 2).backward()
        opt.step()
        path.append(p.detach().clone())
    return torch.stack(path).numpy()


@pytest.mark.parametrize("name", list(PAIRS))
def test_bowl_trajectory_matches_torch(name):
    ours, theirs = PAIRS[name]
    start = [-7.0, 2.0]
    path = optimize(ours(), bowl_grad, start, steps=40)
    np.testing.assert_allclose(path, torch_path(theirs, start, 40), atol=1e-6, rtol=0)
    assert path.shape == (41, 2)
    assert bowl(path[-1]) < bowl(np.array(start))  # they all go downhill on this bowl


@pytest.mark.parametrize("name", list(PAIRS))
def test_several_parameters_keep_separate_state(name):
    """Two parameters of different shapes on a quadratic loss, 25 steps, against torch."""
    ours, theirs = PAIRS[name]
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 2))
    b0, w0 = rng.normal(size=(3,)), rng.normal(size=(3, 2))
    b, w = b0.copy(), w0.copy()
    tb = torch.tensor(b0, requires_grad=True)
    tw = torch.tensor(w0, requires_grad=True)
    opt, topt = ours(), theirs([tb, tw])
    for _ in range(25):
        # loss = sum((w - A)**2) / 2 + sum(b**4) / 4
        opt.update([b, w], [b**3, w - A])
        topt.zero_grad()
        (((tw - torch.tensor(A)) ** 2).sum() / 2 + (tb**4).sum() / 4).backward()
        topt.step()
    np.testing.assert_allclose(b, tb.detach().numpy(), atol=1e-6, rtol=0)
    np.testing.assert_allclose(w, tw.detach().numpy(), atol=1e-6, rtol=0)


def test_sgd_first_step_by_hand():
    p = np.array([-7.0, 2.0])
    SGD(lr=0.5).update([p], [bowl_grad(p)])
    np.testing.assert_allclose(p, [-7.0 + 0.35, 0.0])


def test_too_large_learning_rate_diverges():
    # on y**2 the update is y <- (1 - 2 lr) y: |1 - 2 lr| > 1 for lr > 1
    path = optimize(SGD(lr=1.1), bowl_grad, [0.0, 1.0], steps=30)
    assert abs(path[-1, 1]) > 100
    path = optimize(SGD(lr=0.4), bowl_grad, [0.0, 1.0], steps=30)
    assert abs(path[-1, 1]) < 1e-10


def test_bad_input_raises():
    with pytest.raises(ValueError, match="learning rate must be positive"):
        SGD(lr=0.0)
    with pytest.raises(ValueError, match="momentum"):
        Momentum(lr=0.1, momentum=1.0)
    with pytest.raises(ValueError, match="betas"):
        Adam(betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="2 parameters but 1 gradients"):
        SGD(0.1).update([np.zeros(2), np.zeros(3)], [np.zeros(2)])
    with pytest.raises(ValueError, match=r"shape \(2,\), its gradient \(3,\)"):
        SGD(0.1).update([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(TypeError, match="NumPy array"):
        SGD(0.1).update([[0.0, 1.0]], [np.zeros(2)])
    with pytest.raises(ValueError, match="non-empty 1-D"):
        optimize(SGD(0.1), bowl_grad, [[0.0, 1.0]], steps=3)
    with pytest.raises(ValueError, match=r"\(\.\.\., 2\)"):
        bowl(np.zeros(3))
    opt = Adam()
    opt.update([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="holds state for 1"):
        opt.update([np.zeros(2), np.zeros(2)], [np.ones(2), np.ones(2)])
