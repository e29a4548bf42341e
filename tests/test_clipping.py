"""Gradient-norm clipping from scratch equals torch.nn.utils.clip_grad_norm_."""

import math

import pytest
import torch
from torch import nn

from utils.training.clipping import clip_by_total_norm, clip_grad_norm, total_grad_norm


def model_with_grads(seed=0, scale=1.0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3))
    (scale * model(torch.randn(7, 4)).pow(2).sum()).backward()
    return model


@pytest.mark.parametrize("scale, threshold", [(1.0, 0.5), (100.0, 1.0), (1.0, 1e6)])
def test_matches_torch_clip_grad_norm(scale, threshold):
    ours, theirs = model_with_grads(scale=scale), model_with_grads(scale=scale)
    norm = clip_grad_norm(ours.parameters(), threshold)
    torch_norm = nn.utils.clip_grad_norm_(theirs.parameters(), threshold)
    assert norm == pytest.approx(torch_norm.item(), rel=1e-6)
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        torch.testing.assert_close(p.grad, q.grad, rtol=1e-5, atol=1e-8)


def test_clipped_norm_equals_threshold_and_direction_is_kept():
    grads = [torch.tensor([3.0, 0.0]), torch.tensor([[0.0], [4.0]])]  # ‖g‖ = 5
    assert total_grad_norm(grads) == 5.0
    clipped, norm = clip_by_total_norm(grads, 1.0)
    assert norm == 5.0
    torch.testing.assert_close(clipped[0], torch.tensor([0.6, 0.0]))
    torch.testing.assert_close(clipped[1], torch.tensor([[0.0], [0.8]]))
    assert total_grad_norm(clipped) == pytest.approx(1.0)
    same, _ = clip_by_total_norm(grads, 10.0)  # below the threshold: untouched
    assert all(torch.equal(a, b) for a, b in zip(same, grads, strict=True))
    assert grads[0][0] == 3.0  # inputs are not modified


def test_bad_input_raises():
    with pytest.raises(ValueError, match="positive"):
        clip_by_total_norm([torch.ones(2)], 0.0)
    with pytest.raises(ValueError, match="no gradients"):
        total_grad_norm([])
    with pytest.raises(ValueError, match="NaN or inf"):
        clip_by_total_norm([torch.tensor([math.inf])], 1.0)
    with pytest.raises(ValueError, match="backward"):
        clip_grad_norm(nn.Linear(2, 2).parameters(), 1.0)
