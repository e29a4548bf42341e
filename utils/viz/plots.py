"""Plotting helpers shared by every lesson's figures and widgets."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
from matplotlib.figure import Figure


def figure_png(fig: Figure, dpi: int = 80) -> bytes:
    """Render ``fig`` to PNG bytes and close it.

    Widgets show their pictures through a ``widgets.Image`` holding these bytes rather than
    by drawing into a ``widgets.Output``: an Output widget's captured figure leaks into the
    cell's stored outputs when no widget front end is attached (as under nbval).
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


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
