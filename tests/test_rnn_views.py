"""The lesson-02 pictures: influence maps measure what each output has seen; grids count."""

import matplotlib
import numpy as np
import pytest
import torch
from torch import nn

from utils.viz.rnn_views import (
    input_influence,
    plot_influence,
    plot_output_and_h_n,
    plot_padded_batch,
)

matplotlib.use("Agg")


def test_forward_rnn_sees_only_the_past_and_bidirectional_sees_all():
    torch.manual_seed(0)
    x = torch.randn(1, 6, 3)
    for layers in (1, 2):
        m = input_influence(nn.RNN(3, 4, layers, batch_first=True), x)
        assert m.shape == (6, 6)
        assert np.all(np.triu(m, k=1) == 0)  # nothing from the future
        assert np.all(np.diag(m) > 0) and np.all(np.tril(m) [np.tril_indices(6)] > 0)
    bi = input_influence(nn.RNN(3, 4, batch_first=True, bidirectional=True), x)
    assert np.all(bi > 0)


def test_influence_is_the_jacobian_norm():
    torch.manual_seed(1)
    rnn = nn.RNN(1, 1, batch_first=True)
    x = torch.randn(1, 2, 1)
    w = rnn.weight_ih_l0.item()
    h1 = rnn(x[:, :1])[0][0, 0, 0].item()
    assert input_influence(rnn, x)[0, 0] == pytest.approx(abs(w * (1 - h1**2)), rel=1e-5)


def test_grid_marks_h_n_once_per_layer_and_direction():
    def count(fig, gid):
        return sum(p.get_gid() == gid for p in fig.axes[0].patches)

    assert count(plot_output_and_h_n(1, 5), "h_n") == 1
    assert count(plot_output_and_h_n(2, 5, bidirectional=True), "h_n") == 4
    assert count(plot_output_and_h_n(2, 5, bidirectional=True), "state") == 16


def test_padded_batch_grid_and_influence_plot():
    fig = plot_padded_batch([["a", "b", "c"], ["d"]])
    gids = [p.get_gid() for p in fig.axes[0].patches]
    assert gids.count("real") == 4 and gids.count("pad") == 2
    fig = plot_influence({"a": np.eye(3), "b": np.ones((3, 3))})
    assert len(fig.axes) == 3  # two maps and their colour bar
    assert fig.axes[2].get_ylabel() == "share of the map's maximum"


def test_bad_input_raises():
    with pytest.raises(ValueError, match="batch_first=True"):
        input_influence(nn.RNN(3, 4), torch.zeros(1, 2, 3))
    with pytest.raises(ValueError, match=r"\(1, time, 3\)"):
        input_influence(nn.RNN(3, 4, batch_first=True), torch.zeros(2, 2, 3))
    with pytest.raises(ValueError, match="num_layers"):
        plot_output_and_h_n(0, 3)
    with pytest.raises(ValueError, match="non-empty"):
        plot_padded_batch([["a"], []])
    with pytest.raises(ValueError, match="no influence"):
        plot_influence({})
