"""Shared plotting helpers: Hangul renders without missing-glyph warnings."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from utils.viz.plots import figure_png, use_korean_font  # noqa: E402


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
