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
    """Draw Hangul in figures: switch matplotlib to the NanumGothic font that the
    ``koreanize-matplotlib`` package ships, falling back to DejaVu Sans for the symbols
    NanumGothic lacks (such as "−", "σ" or "‖")."""
    import koreanize_matplotlib  # noqa: F401  (importing it registers and selects the font)

    plt.rcParams["font.family"] = ["NanumGothic", "DejaVu Sans"]
