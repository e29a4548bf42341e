"""‖∂h_T/∂h_t‖: autograd against the hand-built Jacobian product, and its geometric trend."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from utils.analysis.gradient_flow import (
    hidden_gradient_norms,
    largest_singular_value,
    make_recurrent_layer,
    random_inputs,
    rnn_step_jacobians,
)
from utils.viz.gradient_widgets import plot_gradient_norms


def test_rnn_norms_equal_the_product_of_step_jacobians():
    """Rebuild ∂h_T/∂h_t = Π diag(1 - h_k²) W_hh by hand and compare every t."""
    T, H = 12, 6
    norms = hidden_gradient_norms("rnn", T, hidden=H, scale=1.7, seed=4)
    layer = make_recurrent_layer("rnn", hidden=H, scale=1.7, seed=4)
    xs = random_inputs(T, seed=4)
    with torch.no_grad():
        hs = layer(xs)[0][0].numpy()  # (T, H): h_1 .. h_T
    steps = rnn_step_jacobians(layer.weight_hh_l0.detach().numpy(), hs)
    J = np.eye(H)
    expected = np.zeros(T)
    for t in reversed(range(T)):  # ∂h_T/∂h_t = ∂h_T/∂h_{t+1} · ∂h_{t+1}/∂h_t
        J = J @ steps[t]
        expected[t] = np.linalg.norm(J, 2)
    np.testing.assert_allclose(norms, expected, rtol=1e-10)
    np.testing.assert_allclose(norms[-1], np.linalg.norm(steps[-1], 2))


def test_scale_sets_the_largest_singular_value():
    layer = make_recurrent_layer("rnn", hidden=10, scale=2.5)
    assert largest_singular_value(layer.weight_hh_l0.detach()) == pytest.approx(2.5)
    gru = make_recurrent_layer("gru", hidden=10, scale=0.5)
    for block in gru.weight_hh_l0.detach().split(10):
        assert largest_singular_value(block) == pytest.approx(0.5)
    assert largest_singular_value(np.diag([3.0, -4.0])) == pytest.approx(4.0)


def test_small_scale_vanishes_large_scale_explodes():
    small = hidden_gradient_norms("rnn", 30, scale=0.5)
    large = hidden_gradient_norms("rnn", 30, scale=5.0)
    # σ_max = 0.5 and |tanh'| ≤ 1 bound the norm by 0.5^(T - t)
    assert np.all(small <= 0.5 ** np.arange(30, 0, -1) * (1 + 1e-9))
    assert small[0] < 1e-9
    assert large[0] > 1e3 * large[-1]


def test_lstm_state_includes_the_cell_and_forget_bias_keeps_gradients():
    forgetful = hidden_gradient_norms("lstm", 40, scale=None, hidden=8)
    remembering = hidden_gradient_norms("lstm", 40, scale=None, hidden=8, forget_bias=5.0)
    assert forgetful.shape == remembering.shape == (40,)
    assert remembering[0] > 1e3 * forgetful[0]
    layer = make_recurrent_layer("lstm", hidden=8, forget_bias=5.0)
    torch.testing.assert_close((layer.bias_ih_l0 + layer.bias_hh_l0)[8:16],
                               torch.full((8,), 5.0, dtype=torch.float64))


def test_orthogonal_init_has_every_singular_value_and_eigenvalue_at_scale():
    layer = make_recurrent_layer("rnn", hidden=12, recurrent_init="orthogonal")
    W = layer.weight_hh_l0.detach().numpy()
    np.testing.assert_allclose(W @ W.T, np.eye(12), atol=1e-12)
    np.testing.assert_allclose(np.abs(np.linalg.eigvals(W)), 1.0, atol=1e-12)
    half = make_recurrent_layer("gru", hidden=6, scale=0.5, recurrent_init="orthogonal")
    for block in half.weight_hh_l0.detach().split(6):
        np.testing.assert_allclose(np.linalg.svd(block.numpy(), compute_uv=False), 0.5)
    # the default ("random") is PyTorch's initialisation, rescaled: unchanged by the option
    torch.testing.assert_close(make_recurrent_layer("rnn", seed=3).weight_hh_l0,
                               make_recurrent_layer("rnn", seed=3, recurrent_init="random")
                               .weight_hh_l0)


def test_orthogonal_init_keeps_the_gradient_that_a_random_matrix_loses():
    random = hidden_gradient_norms("rnn", 40, hidden=16, scale=1.0)
    orthogonal = hidden_gradient_norms("rnn", 40, hidden=16, scale=1.0,
                                       recurrent_init="orthogonal")
    assert orthogonal[0] > 1e6 * random[0]
    assert np.all(orthogonal <= 1 + 1e-9)  # σ_max = 1 and tanh' <= 1 still bound it


def test_keep_bias_sets_the_gru_update_gate_and_keeps_its_gradient():
    layer = make_recurrent_layer("gru", hidden=8, keep_bias=3.0)
    torch.testing.assert_close((layer.bias_ih_l0 + layer.bias_hh_l0)[8:16],
                               torch.full((8,), 3.0, dtype=torch.float64))
    forgetful = hidden_gradient_norms("gru", 40, hidden=8)
    keeping = hidden_gradient_norms("gru", 40, hidden=8, keep_bias=3.0)
    assert keeping[0] > 1e4 * forgetful[0]
    # keep_bias and forget_bias are one bias for the LSTM
    torch.testing.assert_close(make_recurrent_layer("lstm", keep_bias=2.0).bias_hh_l0,
                               make_recurrent_layer("lstm", forget_bias=2.0).bias_hh_l0)


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="kind"):
        hidden_gradient_norms("transformer", 5)
    with pytest.raises(ValueError, match="length"):
        hidden_gradient_norms("rnn", 0)
    with pytest.raises(ValueError, match="scale"):
        hidden_gradient_norms("rnn", 5, scale=0.0)
    with pytest.raises(ValueError, match="forget_bias only applies"):
        make_recurrent_layer("gru", forget_bias=1.0)
    with pytest.raises(ValueError, match="RNN has no gate"):
        make_recurrent_layer("rnn", keep_bias=1.0)
    with pytest.raises(ValueError, match="not both"):
        make_recurrent_layer("lstm", keep_bias=1.0, forget_bias=1.0)
    with pytest.raises(ValueError, match="recurrent_init"):
        hidden_gradient_norms("rnn", 5, recurrent_init="identity")
    with pytest.raises(ValueError, match="square"):
        rnn_step_jacobians(np.zeros((2, 3)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="2-D"):
        largest_singular_value(np.zeros(3))


def test_plot_gradient_norms_uses_distance_and_log_scale():
    ax = plot_gradient_norms({"a": np.array([1e-3, 1e-2, 1e-1]), "b": np.ones(2)})
    assert ax.get_yscale() == "log"
    assert list(ax.get_lines()[0].get_xdata()) == [3, 2, 1]
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    with pytest.raises(ValueError, match="empty"):
        plot_gradient_norms({})
