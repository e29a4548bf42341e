"""Shared plotting helpers: Hangul renders without missing-glyph warnings, figures keep
their size, step sliders restart at step 1."""

import warnings

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from utils.viz.plots import figure_png, restart_steps, use_korean_font  # noqa: E402


def test_korean_font_renders_hangul_and_symbols_without_missing_glyphs(caplog):
    with matplotlib.rc_context():
        use_korean_font()
        assert plt.rcParams["font.family"] == ["DejaVu Sans", "NanumGothic"]
        fig, ax = plt.subplots()
        ax.set_title("선생님이 사과를 먹었다 − σ ‖x‖")
        ax.set_xticks([0, 1], ["아기는", "시장에서"])
        ax.set_yscale("log")  # ticks 10^-2 ... in mathtext: its minus must have a glyph
        ax.plot([0, 1], [0.01, 100])
        ax.set_xlabel("$V^{T-1}$")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a missing glyph in plain text is a UserWarning
            png = figure_png(fig)
    assert png[:4] == b"\x89PNG"
    # mathtext reports a missing glyph through logging, not warnings
    assert not [r for r in caplog.records if "does not have a glyph" in r.getMessage()]


def test_show_figure_keeps_size_and_aspect_and_draws_twice_the_pixels():
    import pytest

    from utils.viz.plots import DRAWN_DPI, SHOWN_DPI, picture, png_size, show_figure

    image = picture()
    fig = plt.figure(figsize=(4.5, 3.0))
    show_figure(image, fig)
    assert png_size(image.value) == (4.5 * DRAWN_DPI, 3.0 * DRAWN_DPI) == (720, 480)
    # shown at the figure's own size in CSS pixels (never stretched to the output's width),
    # with the height following the width, so the aspect ratio is the figure's
    assert image.layout.width == f"{4.5 * SHOWN_DPI:.0f}px" == "360px"
    assert image.layout.height == "auto" and image.layout.max_width == "100%"
    assert image.layout.object_fit == "contain"
    assert not plt.get_fignums() or fig.number not in plt.get_fignums()  # closed
    with pytest.raises(ValueError, match="not PNG"):
        png_size(b"GIF89a" + bytes(30))


def test_restart_steps_goes_back_to_step_1_and_redraws_exactly_once():
    redraws = []
    step = widgets.IntSlider(value=4, min=1, max=6)
    step.observe(lambda change: redraws.append(("observer", change["new"])), names="value")
    restart_steps(step, 9, lambda: redraws.append(("redraw", step.value)))
    assert (step.value, step.max, redraws) == (1, 9, [("observer", 1)])
    redraws.clear()
    restart_steps(step, 3, lambda: redraws.append(("redraw", step.value)))
    assert (step.value, step.max, redraws) == (1, 3, [("redraw", 1)])
