"""Seeing one hidden unit: the text coloured by the unit's activation (red > 0, blue < 0),
and ``unit_picker``, a widget to choose the unit (``utils.analysis.interpret`` finds the
units worth looking at).
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from utils.analysis.interpret import describe_unit
from utils.viz.plots import wide_slider


def _colour(v: float) -> str:
    """A value in [-1, 1] → a background colour: blue (−1) … white (0) … red (+1)."""
    v = float(np.clip(v, -1.0, 1.0))
    fade = int(round(255 * (1 - abs(v))))
    return f"rgb(255,{fade},{fade})" if v >= 0 else f"rgb({fade},{fade},255)"


def render_unit_html(text: str, values: np.ndarray, title: str = "") -> str:
    """``text`` as HTML, each character's background coloured by ``values`` ``(len(text),)``
    (scaled by their largest magnitude; red positive, blue negative)."""
    values = np.asarray(values, dtype=float)
    if values.shape != (len(text),):
        raise ValueError(f"values must have shape ({len(text)},), got {values.shape}")
    scale = float(np.max(np.abs(values))) or 1.0
    spans = []
    for ch, v in zip(text, values / scale, strict=True):
        shown = "⏎\n" if ch == "\n" else html.escape(ch)
        spans.append(f"<span style='background:{_colour(round(v, 2))}'>{shown}</span>")
    head = f"<div><b>{html.escape(title)}</b></div>" if title else ""
    return (f"{head}<pre style='font-size:11px;line-height:1.25;white-space:pre'>"
            f"{''.join(spans)}</pre>")


def unit_picker(
    text: str, acts: np.ndarray, features: dict[str, np.ndarray], unit: int = 0
) -> widgets.VBox:
    """A slider to pick a hidden unit; the text below is coloured by that unit.

    ``acts``: ``(len(text), hidden)``, e.g. from ``hidden_trace``.
    """
    acts = np.asarray(acts)
    if acts.ndim != 2 or acts.shape[0] != len(text):
        raise ValueError(f"acts must be ({len(text)}, hidden), got {acts.shape}")
    slider = widgets.IntSlider(value=unit, min=0, max=acts.shape[1] - 1, description="unit",
                               continuous_update=False, **wide_slider())
    view = widgets.HTML()

    def update(change: dict | None = None) -> None:
        u = int(slider.value)
        view.value = render_unit_html(text, acts[:, u], describe_unit(u, acts, features))

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, view])
