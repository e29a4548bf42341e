"""The time-step explorer: its pictures show the traced numbers and its slider moves them."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils.scratch.char_rnn import CharRNN, train_char_rnn  # noqa: E402
from utils.viz.rnn_widgets import plot_all_steps, plot_rnn_step, rnn_step_explorer, step_caption  # noqa: E402


@pytest.fixture(scope="module")
def hello():
    model = CharRNN("helo", 6, seed=0)
    train_char_rnn(model, "hello", steps=300, lr=0.5)
    return model, model.trace("hell")


def heights(ax) -> np.ndarray:
    return np.array([bar.get_height() for bar in ax.patches])


def test_plot_rnn_step_draws_the_step_values(hello):
    model, steps = hello
    fig = plot_rnn_step(steps, model.chars, 3, "ello")
    ax_x, ax_hp, ax_h, ax_p = fig.axes
    s = steps[2]
    np.testing.assert_allclose(heights(ax_x), s.x)
    np.testing.assert_allclose(heights(ax_hp), s.h_prev)
    np.testing.assert_allclose(heights(ax_h), s.h)
    np.testing.assert_allclose(heights(ax_p), s.probs)
    colours = [bar.get_facecolor() for bar in ax_p.patches]
    target = model.chars.index("l")
    assert sum(c == colours[target] for c in colours) == 1  # only the target is highlighted
    plt.close(fig)


def test_plot_all_steps_has_one_column_per_step(hello):
    model, steps = hello
    fig = plot_all_steps(steps, model.chars, "ello")
    assert len(fig.axes) == 4 * 4
    assert fig.axes[3].get_title() == "t = 4: input 'l', target 'o'"
    np.testing.assert_allclose(heights(fig.axes[4 * 2 + 3]), steps[3].h)  # row h_t, column 4
    plt.close(fig)


def test_caption_says_what_the_model_predicts(hello):
    model, steps = hello
    assert "input <code>h</code>" in step_caption(steps, model.chars, 1, "ello")
    assert "target <code>o</code> ✅" in step_caption(steps, model.chars, 4, "ello")
    assert "❌" in step_caption(steps, model.chars, 4, "ellh")


def test_slider_moves_the_view(hello):
    model, steps = hello
    box = rnn_step_explorer(steps, model.chars, "ello")
    slider, caption, image = box.children
    assert (slider.min, slider.max, slider.value) == (1, 4, 1)
    assert caption.value == step_caption(steps, model.chars, 1, "ello")
    first_png = bytes(image.value)
    assert first_png.startswith(b"\x89PNG")
    slider.value = 4
    assert bytes(image.value).startswith(b"\x89PNG") and bytes(image.value) != first_png
    assert caption.value == step_caption(steps, model.chars, 4, "ello")
    assert "<b>t = 4</b>" in caption.value and "best guess for the next character <code>o</code>" \
        in caption.value
    slider.value = 3
    assert "<b>t = 3</b> · input <code>l</code>" in caption.value


def test_bad_arguments_raise(hello):
    model, steps = hello
    with pytest.raises(ValueError, match=r"t must lie in \[1, 4\]"):
        plot_rnn_step(steps, model.chars, 0)
    with pytest.raises(ValueError, match="targets has 3 characters for 4 steps"):
        rnn_step_explorer(steps, model.chars, "ell")
    with pytest.raises(ValueError, match="steps is empty"):
        plot_all_steps([], model.chars)
    with pytest.raises(ValueError, match="chars has 3"):
        step_caption(steps, model.chars[:3], 1)
