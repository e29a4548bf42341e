"""Xavier/He scales against torch.nn.init; the deep stack against torch; constant-init symmetry."""

import math

import numpy as np
import pytest
import torch

from utils.scratch.initialization import he_std, stack_activations, train_two_layer_net, xavier_std


def test_scales_match_torch_init():
    for n in (1, 50, 100, 784):
        assert he_std(n) == pytest.approx(torch.nn.init.calculate_gain("relu") / math.sqrt(n))
        assert xavier_std(n) == pytest.approx(1 / math.sqrt(n))
    # torch's xavier_normal_ std sqrt(2 / (fan_in + fan_out)) equals ours for square layers
    w = torch.empty(2000, 2000)
    torch.nn.init.xavier_normal_(w, generator=torch.Generator().manual_seed(0))
    assert w.std().item() == pytest.approx(xavier_std(2000), rel=0.01)


def test_stack_matches_torch_layers():
    x = np.random.default_rng(0).normal(size=(8, 6))
    ours = stack_activations(x, 3, "xavier", "tanh", rng=np.random.default_rng(1))
    rng = np.random.default_rng(1)
    h = torch.tensor(x)
    for layer_out in ours:
        linear = torch.nn.Linear(6, 6, bias=False, dtype=torch.float64)
        linear.weight.data = torch.tensor(rng.normal(scale=xavier_std(6), size=(6, 6))).T
        h = torch.tanh(linear(h))
        np.testing.assert_allclose(layer_out, h.detach().numpy(), atol=1e-12)


def test_he_keeps_relu_signal_and_xavier_halves_it():
    x = np.random.default_rng(0).normal(size=(1000, 100))
    ms = {k: [np.mean(a**2) for a in stack_activations(x, 5, k, "relu")] for k in ("he", "xavier")}
    # second moment after each ReLU layer: He keeps it near the first layer's, Xavier halves it
    # (in expectation: He ×1 per layer, Xavier ×1/2; width 100 leaves some wobble)
    assert all(0.6 < m / ms["he"][0] < 1.7 for m in ms["he"])
    assert 0.5**4 / 2 < ms["xavier"][-1] / ms["xavier"][0] < 0.5**4 * 2
    assert ms["he"][-1] > 10 * ms["xavier"][-1]


def test_tanh_saturates_with_std_one_and_collapses_with_small_std():
    x = np.random.default_rng(0).normal(size=(1000, 100))
    big = stack_activations(x, 5, 1.0, "tanh")[-1]
    small = stack_activations(x, 5, 0.01, "tanh")[-1]
    good = stack_activations(x, 5, "xavier", "tanh")[-1]
    assert np.mean(np.abs(big) > 0.9) > 0.7  # most units saturated at ±1
    assert np.abs(small).max() < 1e-3  # the signal has vanished
    assert 0.3 < good.std() < 0.8


def test_constant_init_keeps_hidden_units_identical():
    w, losses = train_two_layer_net(0.5, steps=50)
    assert np.ptp(w, axis=0).max() < 1e-12  # every hidden unit (row) has the same weights
    assert losses[-1] < losses[0]  # it does learn something, but as one unit
    w_rand, _ = train_two_layer_net(None, steps=50)
    assert np.ptp(w_rand, axis=0).min() > 1e-2


def test_all_zero_init_never_moves_the_first_layer():
    """h = tanh(0) = 0 and W2 = 0, so no gradient reaches W1 (only the output bias learns)."""
    w, losses = train_two_layer_net(0.0, steps=20)
    np.testing.assert_array_equal(w, np.zeros((4, 3)))
    assert losses[-1] <= losses[0]


def test_bad_input_raises():
    with pytest.raises(ValueError, match="positive"):
        he_std(0)
    with pytest.raises(ValueError, match="'xavier' or 'he'"):
        stack_activations(np.ones((2, 3)), 2, "glorot")
    with pytest.raises(ValueError, match="activation must be one of"):
        stack_activations(np.ones((2, 3)), 2, 1.0, "gelu")
    with pytest.raises(ValueError, match=r"\(batch, width\)"):
        stack_activations(np.ones(3), 2, 1.0)
    with pytest.raises(ValueError, match="steps"):
        train_two_layer_net(0.5, steps=0)
