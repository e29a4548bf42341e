"""Seeing temperature: bar charts of one next-token distribution at several temperatures,
and a widget that moves ``T`` and shows the distribution and a sample
(``utils.decoding.sampling`` does the sampling).
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch

from utils.decoding.sampling import entropy_bits, generate, next_token_probs
from utils.models.lm import RNNModel
from utils.viz.plots import wide_slider


def plot_temperature(
    probs_by_t: dict[float, np.ndarray], labels: Sequence[str], top: int = 10
) -> plt.Figure:
    """Bar charts of one next-token distribution at several temperatures, side by side.

    ``probs_by_t``: temperature → probabilities ``(vocab,)``; ``labels``: ``(vocab,)`` token
    names. The ``top`` tokens of the first distribution are shown in every panel.
    """
    if not probs_by_t:
        raise ValueError("give at least one temperature")
    first = next(iter(probs_by_t.values()))
    order = np.argsort(-first, kind="stable")[:top]
    names = [repr(labels[i])[1:-1] for i in order]
    fig, axes = plt.subplots(1, len(probs_by_t), figsize=(3.2 * len(probs_by_t), 2.6),
                             sharey=True, squeeze=False)
    for ax, (t, p) in zip(axes[0], probs_by_t.items(), strict=True):
        ax.bar(range(len(order)), p[order], color="tab:blue")
        ax.set_xticks(range(len(order)), names, fontsize=8)
        ax.set_title(f"T = {t:g}")
    axes[0, 0].set_ylabel("P(next token)")
    fig.tight_layout()
    return fig


def render_temperature(
    probs: np.ndarray, labels: Sequence[str], sample: str, temperature: float, top: int = 8
) -> str:
    """HTML: the ``top`` most likely next tokens as bars, then a sample at ``temperature``."""
    order = np.argsort(-probs, kind="stable")[:top]
    rows = "".join(
        f"<div style='font-family:monospace'>{html.escape(repr(labels[i])[1:-1]):>6} "
        f"<span style='display:inline-block;background:#4c72b0;height:0.8em;"
        f"width:{200 * probs[i]:.0f}px'></span> {probs[i]:.3f}</div>"
        for i in order
    )
    return (f"<b>T = {temperature:.1f}</b> (entropy {entropy_bits(probs):.2f} bits)"
            f"{rows}<pre style='white-space:pre-wrap'>{html.escape(sample)}</pre>")


def temperature_widget(
    model: RNNModel,
    prompt_ids: Sequence[int],
    labels: Sequence[str],
    to_text: Callable[[list[int]], str],
    *,
    length: int = 120,
    seed: int = 0,
    banned: Sequence[int] = (),
) -> widgets.VBox:
    """A temperature slider over the next-token distribution after ``prompt_ids`` and a
    sample of ``length`` tokens (seeded with ``seed``, so one temperature = one text)."""
    slider = widgets.FloatSlider(value=1.0, min=0.1, max=2.0, step=0.1,
                                 description="temperature T", continuous_update=False,
                                 **wide_slider())
    view = widgets.HTML()

    def update(change: dict | None = None) -> None:
        t = round(float(slider.value), 1)
        probs = next_token_probs(model, prompt_ids, t).numpy()
        ids = generate(model, prompt_ids, length, temperature=t, banned=banned,
                       generator=torch.Generator().manual_seed(seed))
        view.value = render_temperature(probs, labels, to_text(ids), t)

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, view])
