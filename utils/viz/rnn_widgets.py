"""The time-step explorer: look inside a character RNN one step at a time (lesson 01).

``plot_rnn_step`` draws one step (the one-hot input ``x_t``, the state ``h_{t-1}`` it
receives, the state ``h_t`` it passes on, and the distribution over the next character);
``plot_all_steps`` draws every step side by side (the static figure); and
``rnn_step_explorer`` wraps ``plot_rnn_step`` in a slider over ``t``. Steps come from
``utils.scratch.char_rnn.CharRNN.trace``. Time is counted from 1 as in the maths, so
step ``t`` is ``steps[t - 1]`` and ``h_0`` is the zero state.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from utils.scratch.char_rnn import RNNStep
from utils.viz.plots import picture, show_figure, wide_slider

ROWS = ("input $x_t$", "state in $h_{t-1}$", "state out $h_t$", "p(next char)")


def _check(steps: Sequence[RNNStep], chars: Sequence[str], targets: str | None) -> None:
    if not steps:
        raise ValueError("steps is empty: trace at least one character")
    if len(steps[0].x) != len(chars) or len(steps[0].probs) != len(chars):
        raise ValueError(f"steps have {len(steps[0].x)} classes but chars has {len(chars)}")
    if targets is not None and len(targets) != len(steps):
        raise ValueError(f"targets has {len(targets)} characters for {len(steps)} steps")


def _draw_step(axes: Sequence[Axes], step: RNNStep, chars: Sequence[str],
               target: str | None, *, labels: bool = True) -> None:
    """Four bar charts on ``axes``: x_t, h_{t-1}, h_t over the hidden units, p(next)."""
    units = np.arange(len(step.h))
    ax_x, ax_hp, ax_h, ax_p = axes
    ax_x.bar(chars, step.x, color="#e07b7b")
    ax_x.set_ylim(0, 1.05)
    for ax, h in ((ax_hp, step.h_prev), (ax_h, step.h)):
        ax.bar(units, h, color=np.where(h >= 0, "#4c9a4c", "#8a5fb0"))
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xticks(units if len(units) <= 16 else [])
        ax.tick_params(axis="x", labelsize=7)
    colours = ["#f2b33d" if c == target else "#5b8fc9" for c in chars]
    ax_p.bar(chars, step.probs, color=colours)
    ax_p.set_ylim(0, 1.05)
    if labels:
        for ax, title in zip(axes, ROWS, strict=True):
            ax.set_ylabel(title, fontsize=8)


def step_caption(steps: Sequence[RNNStep], chars: Sequence[str], t: int,
                 targets: str | None = None) -> str:
    """One line of HTML describing step ``t`` (1-based): input, best guess, target."""
    _check(steps, chars, targets)
    if not 1 <= t <= len(steps):
        raise ValueError(f"t must lie in [1, {len(steps)}], got {t}")
    step = steps[t - 1]
    best = int(np.argmax(step.probs))
    text = (f"<b>t = {t}</b> · input <code>{step.char}</code> · best guess for the next "
            f"character <code>{chars[best]}</code> (p = {step.probs[best]:.3f})")
    if targets is not None:
        mark = "✅" if chars[best] == targets[t - 1] else "❌"
        text += f" · target <code>{targets[t - 1]}</code> {mark}"
    return text


def plot_rnn_step(steps: Sequence[RNNStep], chars: Sequence[str], t: int,
                  targets: str | None = None) -> Figure:
    """Step ``t`` (1-based) as four bar charts in a row; the target character in orange."""
    _check(steps, chars, targets)
    if not 1 <= t <= len(steps):
        raise ValueError(f"t must lie in [1, {len(steps)}], got {t}")
    fig, axes = plt.subplots(1, 4, figsize=(10, 2.2))
    target = None if targets is None else targets[t - 1]
    _draw_step(axes, steps[t - 1], chars, target, labels=False)
    for ax, title in zip(axes, ROWS, strict=True):
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def plot_all_steps(steps: Sequence[RNNStep], chars: Sequence[str],
                   targets: str | None = None) -> Figure:
    """Every step side by side: one column per time step, the four views as rows."""
    _check(steps, chars, targets)
    fig, axes = plt.subplots(4, len(steps), figsize=(2.3 * len(steps) + 0.8, 6.4),
                             squeeze=False)
    for t, step in enumerate(steps):
        target = None if targets is None else targets[t]
        _draw_step(axes[:, t], step, chars, target, labels=t == 0)
        title = f"t = {t + 1}: input '{step.char}'"
        if target is not None:
            title += f", target '{target}'"
        axes[0, t].set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def rnn_step_explorer(steps: Sequence[RNNStep], chars: Sequence[str],
                      targets: str | None = None) -> widgets.VBox:
    """A slider over ``t`` = 1..T; each move redraws ``plot_rnn_step`` and its caption.

    Returns ``VBox([slider, caption (HTML), image (Image)])``. The figure is rendered to PNG
    bytes inside an ``Image`` widget (not printed into an ``Output``), so it lives in the
    widget state and never leaks into the cell's own output.
    """
    _check(steps, chars, targets)
    slider = widgets.IntSlider(value=1, min=1, max=len(steps), step=1, description="t",
                               continuous_update=False, **wide_slider())
    caption = widgets.HTML()
    image = picture()

    def show(t: int) -> None:
        caption.value = step_caption(steps, chars, t, targets)
        show_figure(image, plot_rnn_step(steps, chars, t, targets))

    slider.observe(lambda change: show(change["new"]), names="value")
    show(slider.value)
    return widgets.VBox([slider, caption, image])
