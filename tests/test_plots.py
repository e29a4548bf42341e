"""Shared plotting helpers: Hangul renders without missing-glyph warnings."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from utils.plots import figure_png, use_korean_font  # noqa: E402


def test_korean_font_renders_hangul_and_symbols_without_missing_glyphs():
    with matplotlib.rc_context():
        use_korean_font()
        assert plt.rcParams["font.family"][0] == "NanumGothic"
        fig, ax = plt.subplots()
        ax.set_title("선생님이 사과를 먹었다 − σ ‖x‖")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a missing glyph is a UserWarning
            png = figure_png(fig)
    assert png[:4] == b"\x89PNG"
