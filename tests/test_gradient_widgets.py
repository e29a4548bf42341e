"""The gradient-flow explorer: the view's numbers, the picture, and the sliders' callback."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils.analysis.gradient_flow import hidden_gradient_norms  # noqa: E402
from utils.viz.gradient_widgets import (  # noqa: E402
    flow_summary,
    gradient_flow_explorer,
    gradient_flow_view,
    render_gradient_flow,
)


def test_view_holds_the_measured_quantities():
    view = gradient_flow_view(1.5, 12, hidden=6)
    np.testing.assert_allclose(view.norms, hidden_gradient_norms("rnn", 12, hidden=6, scale=1.5))
    assert view.tanh_grads.shape == (12, 6)
    assert np.all((view.tanh_grads > 0) & (view.tanh_grads <= 1))
    assert view.singular_values[0] == pytest.approx(1.5)
    assert np.all(np.diff(view.singular_values) <= 0)
    assert "σ_max(W_hh) = 1.50" in flow_summary(view)
    assert f"{view.norms[0]:.2e}" in flow_summary(view)


def test_render_draws_norms_against_distance_with_the_bound():
    view = gradient_flow_view(0.5, 10, hidden=4)
    fig = render_gradient_flow(view)
    ax_n = fig.axes[0]
    measured, bound = ax_n.get_lines()[:2]
    assert list(measured.get_xdata()) == list(range(10, 0, -1))
    np.testing.assert_allclose(measured.get_ydata(), view.norms)
    np.testing.assert_allclose(bound.get_ydata(), 0.5 ** np.arange(10, 0, -1))
    assert ax_n.get_yscale() == "log"
    assert np.all(view.norms <= bound.get_ydata() * (1 + 1e-9))  # the bound holds
    plt.close(fig)


def test_sliders_update_the_summary():
    box = gradient_flow_explorer(scale=1.0, length=10)
    scale, length, summary, image = box.children
    assert summary.value.startswith("σ_max(W_hh) = 1.00")
    assert "over 10 steps" in summary.value
    first_png = bytes(image.value)
    assert first_png.startswith(b"\x89PNG")
    scale.value = 4.0
    assert bytes(image.value) != first_png
    assert summary.value.startswith("σ_max(W_hh) = 4.00")
    expected = hidden_gradient_norms("rnn", 10, scale=4.0)[0]
    assert f"{expected:.2e}" in summary.value
    length.value = 20
    assert "over 20 steps" in summary.value
    plt.close("all")
