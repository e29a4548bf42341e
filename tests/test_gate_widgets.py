"""The gate explorer: the picture masks the future, the slider's callback updates the view,
and memory_units finds the unit that stores the label."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils.scratch.lstm import TimeLSTM  # noqa: E402
from utils.viz.gate_widgets import gate_explorer, memory_units, render_gates, step_summary  # noqa: E402


@pytest.fixture
def trace():
    rng = np.random.default_rng(0)
    layer = TimeLSTM(rng.normal(size=(3, 16)), rng.normal(size=(4, 16)), rng.normal(size=16))
    layer.forward(rng.normal(size=(1, 5, 3)))
    return {k: v[0] for k, v in layer.trace().items()}


TOKENS = ["a", "b", "c", "d", "e"]


def test_render_masks_the_steps_after_the_current_one(trace):
    fig = render_gates(trace, TOKENS, step=2, units=[0, 3])
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == 6
    f_image = images[0]
    assert f_image.shape == (2, 5)
    np.testing.assert_allclose(f_image[:, :3], trace["f"][:3, [0, 3]].T)
    assert np.ma.getmaskarray(f_image)[:, 3:].all() and not np.ma.getmaskarray(f_image)[:, :3].any()
    assert [t.get_text() for t in fig.axes[5].get_xticklabels()] == TOKENS
    plt.close(fig)


def test_render_defaults_to_every_step_and_unit(trace):
    fig = render_gates(trace, TOKENS)
    h_image = [ax.images[0].get_array() for ax in fig.axes if ax.images][-1]
    np.testing.assert_allclose(h_image, trace["h"].T)
    plt.close(fig)


def test_slider_callback_updates_the_summary(trace):
    box = gate_explorer(trace, TOKENS, units=[1])
    slider, summary, plot = box.children
    assert summary.value.startswith("step 0 · token 'a'")
    first_png = bytes(plot.value)
    assert first_png.startswith(b"\x89PNG")
    slider.value = 3
    assert summary.value.startswith("step 3 · token 'd'")
    assert bytes(plot.value).startswith(b"\x89PNG") and bytes(plot.value) != first_png
    assert f"f {trace['f'][3, 1]:+.2f}" in summary.value
    assert slider.max == 4
    plt.close("all")


def test_step_summary_reports_gate_means(trace):
    text = step_summary(trace, TOKENS, 4, units=[0, 1])
    assert f"i {trace['i'][4, :2].mean():+.2f}" in text
    assert f"c {trace['c'][4, :2].mean():+.2f}" in text


def test_memory_units_finds_the_unit_that_stores_the_label():
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 4, size=200)
    cells = rng.normal(size=(200, 5))
    cells[:, 3] = labels + 0.01 * rng.normal(size=200)  # unit 3 stores the label
    cells[:, 1] = labels + 1.0 * rng.normal(size=200)  # unit 1 half does
    assert memory_units(cells, labels, k=2) == [3, 1]


def test_bad_input_raises_clear_errors(trace):
    with pytest.raises(ValueError, match="tokens for 5 time steps"):
        render_gates(trace, TOKENS[:4])
    with pytest.raises(ValueError, match="step must lie in"):
        render_gates(trace, TOKENS, step=5)
    with pytest.raises(ValueError, match="trace lacks"):
        gate_explorer({"f": trace["f"]}, TOKENS)
    with pytest.raises(ValueError, match="units must be"):
        render_gates(trace, TOKENS, units=[7])
    with pytest.raises(ValueError, match="one \\(time, hidden\\) array"):
        render_gates(trace | {"h": trace["h"][:3]}, TOKENS)
    with pytest.raises(ValueError, match="k must lie"):
        memory_units(np.zeros((3, 2)), np.zeros(3), k=3)
    with pytest.raises(ValueError, match="need final_cells"):
        memory_units(np.zeros((3, 2)), np.zeros(4))
