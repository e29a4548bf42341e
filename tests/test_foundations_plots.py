"""Lesson 00's pictures and widgets: the data they draw and the widgets' callbacks."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.scratch.optimizers import bowl
from utils.viz.foundations import (
    BILL_EDGES,
    bowl_paths,
    descent_path_1d,
    describe_descent,
    learning_rate_widget,
    optimizer_widget,
    plot_activation_histograms,
    plot_activations,
    plot_bill_graph,
    plot_learning_rates,
    plot_optimizer_paths,
)
from utils.viz.plots import figure_png


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_descent_path_follows_one_minus_two_lr():
    np.testing.assert_allclose(descent_path_1d(0.25, start=4.0, steps=5), 4.0 * 0.5 ** np.arange(6))
    np.testing.assert_allclose(descent_path_1d(1.5, start=1.0, steps=3), [1.0, -2.0, 4.0, -8.0])


@pytest.mark.parametrize(
    ("lr", "verdict"),
    [(0.01, "too slow:"), (0.3, "converges:"), (0.8, "converges (bouncing"),
     (1.05, "diverges:")],
)
def test_describe_descent(lr, verdict):
    assert describe_descent(descent_path_1d(lr)).startswith(verdict)


def test_learning_rate_widget_callback_updates_the_verdict():
    box = learning_rate_widget()
    slider, verdict, image = box.children
    assert verdict.value.startswith("converges")
    first_png = bytes(image.value)
    assert first_png.startswith(b"\x89PNG")
    slider.value = 1.1
    assert verdict.value.startswith("diverges")
    assert bytes(image.value) != first_png  # the picture was redrawn
    slider.value = 0.012
    assert verdict.value.startswith("too slow")


def test_optimizer_widget_callback_shows_losses_at_the_chosen_step():
    paths = bowl_paths(steps=10)
    box = optimizer_widget(paths)
    slider, summary, image = box.children
    assert slider.max == 10 and summary.value.startswith("step 10:")
    last_png = bytes(image.value)
    slider.value = 0
    assert bytes(image.value) != last_png
    start_loss = f"{bowl(np.array([-7.0, 2.0])):.3f}"  # 6.450 for every optimiser
    assert summary.value == "step 0: " + ", ".join(f"{name} {start_loss}" for name in paths)
    slider.value = 3
    assert f"Adam {bowl(paths['Adam'][3]):.3f}" in summary.value


def test_bowl_paths_all_descend():
    paths = bowl_paths(steps=30)
    assert list(paths) == ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]
    for path in paths.values():
        assert path.shape == (31, 2)
        np.testing.assert_array_equal(path[0], [-7.0, 2.0])
        assert bowl(path[-1]) < 0.15 < bowl(path[0])


def test_plots_draw_what_they_are_given():
    paths = bowl_paths(steps=5)
    fig = plot_optimizer_paths(paths, upto=2)
    assert len([ax for ax in fig.axes if ax.axison]) == 6
    drawn = fig.axes[0].lines[0].get_xydata()
    np.testing.assert_allclose(drawn, paths["SGD"][:3])
    fig = plot_learning_rates((0.1, 0.2))
    assert [ax.get_title() for ax in fig.axes] == ["lr = 0.1", "lr = 0.2"]
    assert len(plot_activations().axes) == 2
    acts = {"a": [np.ones((3, 2)), np.zeros((3, 2))], "b": [np.ones((3, 2))] * 2}
    assert len(plot_activation_histograms(acts, "t").axes) == 4


def test_bill_graph_labels_every_edge():
    edges = {name: (float(i), -float(i)) for i, name in enumerate(BILL_EDGES, start=1)}
    texts = [t.get_text() for t in plot_bill_graph(edges).axes[0].texts]
    for i, name in enumerate(BILL_EDGES, start=1):
        assert f"{name} = {i}" in texts and f"-{i}" in texts
    with pytest.raises(ValueError, match=r"missing \['total'\]"):
        plot_bill_graph({k: v for k, v in edges.items() if k != "total"})


def test_figure_png_closes_the_figure():
    fig = plot_activations()
    png = figure_png(fig)
    assert png.startswith(b"\x89PNG") and not plt.fignum_exists(fig.number)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="at least two points"):
        describe_descent(np.array([1.0]))
    with pytest.raises(ValueError, match="same number of points"):
        optimizer_widget({"a": np.zeros((3, 2)), "b": np.zeros((4, 2))})
    with pytest.raises(ValueError, match="no paths"):
        plot_optimizer_paths({})
    with pytest.raises(ValueError, match="at least one learning rate"):
        plot_learning_rates(())
