"""LSTM vs GRU helpers: runs are reproducible and timed, the update budget is respected,
the data-size table has the promised shape, and the plots and timers accept only sane input."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils.analysis.long_range import train_long_range  # noqa: E402
from utils.analysis.lstm_vs_gru import (  # noqa: E402
    compare_data_sizes,
    time_forward_backward,
    train_and_evaluate,
)
from utils.viz.long_range_plots import plot_data_sizes  # noqa: E402


def test_train_and_evaluate_is_train_long_range_timed():
    run = train_and_evaluate("gru", 3, n_train=200, n_test=200, epochs=2, seed=1)
    assert run.accuracy == train_long_range("gru", 3, n_train=200, n_test=200, epochs=2, seed=1)
    assert run.seconds > 0 and (run.kind, run.gap, run.n_train, run.seed) == ("gru", 3, 200, 1)


def test_steps_fix_the_number_of_updates_whatever_the_data_size(monkeypatch):
    seen = []

    def fake(kind, gap, *, epochs, n_train, batch_size, seed, **kw):
        seen.append((n_train, epochs))
        return 0.5

    monkeypatch.setattr("utils.analysis.lstm_vs_gru.train_long_range", fake)
    for n in (50, 200, 3200):
        train_and_evaluate("lstm", 5, n_train=n, steps=100)
    # 100 updates of 64 examples: 128 epochs of 50, 32 of 200, 2 of 3200
    assert seen == [(50, 128), (200, 32), (3200, 2)]
    with pytest.raises(ValueError, match="steps must be at least 1"):
        train_and_evaluate("lstm", 5, steps=0)


def test_compare_data_sizes_shape_and_learning():
    res = compare_data_sizes(["lstm"], [32, 256], [0, 1], gap=2, steps=30, n_test=200)
    assert set(res) == {"lstm"} and res["lstm"].shape == (2, 2)
    assert res["lstm"][1].mean() > 0.9  # a short gap with enough data is solved
    with pytest.raises(ValueError, match="at least one kind"):
        compare_data_sizes([], [10], [0])


def test_plot_data_sizes_draws_means_and_checks_shapes():
    res = {"lstm": np.array([[0.5, 0.7], [1.0, 1.0]]), "gru": np.array([[0.2, 0.4], [0.9, 1.0]])}
    ax = plot_data_sizes(res, [100, 1000])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.6, 1.0])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.3, 0.95])
    # every seed's run is a dot at its size, and the legend says what lines and dots are
    dots = ax.collections[0].get_offsets()
    np.testing.assert_allclose(np.sort(np.asarray(dots)[:, 1]), [0.5, 0.7, 1.0, 1.0])
    labels = ax.get_legend_handles_labels()[1]
    assert "LSTM: mean of 2 seeds" in labels and "GRU: one dot per seed" in labels
    with pytest.raises(ValueError, match="need \\(3, seeds\\)"):
        plot_data_sizes(res, [1, 2, 3])
    with pytest.raises(ValueError, match="empty"):
        plot_data_sizes({}, [1])
    plt.close("all")


def test_time_forward_backward_is_positive():
    assert 0 < time_forward_backward("lstm", batch=4, length=5, repeats=2) < 5
    with pytest.raises(ValueError, match="repeats"):
        time_forward_backward("gru", repeats=0)
