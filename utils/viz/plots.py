"""Plotting helpers shared by every lesson's figures and widgets."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

#: A widget's picture is shown at 80 CSS pixels per figure inch and drawn with twice as many
#: pixels, so it stays sharp on high-density screens and under browser zoom.
SHOWN_DPI = 80
DRAWN_DPI = 2 * SHOWN_DPI


def figure_png(fig: Figure, dpi: int = SHOWN_DPI) -> bytes:
    """Render ``fig`` to PNG bytes (``figsize × dpi`` pixels) and close it.

    Widgets show their pictures through a ``widgets.Image`` holding these bytes rather than
    by drawing into a ``widgets.Output``: an Output widget's captured figure leaks into the
    cell's stored outputs when no widget front end is attached (as under nbval).
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """``(width, height)`` in pixels, read from a PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not PNG bytes")
    return struct.unpack(">II", png[16:24])


def picture() -> widgets.Image:
    """An empty ``widgets.Image`` for :func:`show_figure`. ``align_self`` keeps a box that
    holds it (e.g. an ``HBox`` beside a tall table) from stretching it."""
    return widgets.Image(format="png", layout=widgets.Layout(
        max_width="100%", object_fit="contain", align_self="flex-start"))


def wide_slider() -> dict:
    """Keyword arguments that give a slider a track of about 400 px (room for ~8 px per
    position up to 50 positions) and a description that is never cut:
    ``widgets.IntSlider(..., **wide_slider())``."""
    return {"layout": widgets.Layout(width="600px"), "style": {"description_width": "initial"}}


def restart_steps(step: widgets.IntSlider, n_steps: int, redraw: Callable[[], None]) -> None:
    """Give a step slider that counts from 1 a new range, ``1 … n_steps``, and go back to
    step 1, redrawing once: through the slider's own observer when its value changes, by
    calling ``redraw`` when it was already 1."""
    step.max = n_steps
    if step.value == 1:
        redraw()
    else:
        step.value = 1


def show_figure(image: widgets.Image, fig: Figure) -> None:
    """Show ``fig`` in ``image`` at its own size: drawn at ``DRAWN_DPI``, displayed at
    ``SHOWN_DPI`` (CSS pixels), so the browser neither stretches it to the output's width
    nor changes its aspect ratio. A narrow window shrinks it, aspect kept."""
    png = figure_png(fig, dpi=DRAWN_DPI)
    width, height = png_size(png)
    image.layout.width = f"{round(width * SHOWN_DPI / DRAWN_DPI)}px"
    image.layout.height = "auto"
    image.layout.max_width = "100%"
    image.layout.object_fit = "contain"
    image.layout.align_self = "flex-start"
    image.value = png


def use_korean_font() -> None:
    """Draw Hangul in figures with the NanumGothic font that ``koreanize-matplotlib`` ships.

    DejaVu Sans stays the first font and NanumGothic is its fallback for the glyphs DejaVu
    lacks (Hangul). The other order breaks mathtext, which uses only the first font: log-axis
    ticks such as 10⁻¹ would show a box for the minus sign, which NanumGothic lacks. (A
    string mixing Hangul with ``$math$`` would need NanumGothic inside mathtext; the course
    has none.)
    """
    import koreanize_matplotlib  # noqa: F401  (importing it registers the font)

    plt.rcParams["font.family"] = ["DejaVu Sans", "NanumGothic"]
    plt.rcParams["axes.unicode_minus"] = True  # koreanize turns it off; DejaVu has "−"
