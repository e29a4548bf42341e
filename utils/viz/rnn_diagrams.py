"""Diagrams of recurrent networks drawn with matplotlib (no image files): the RNN unrolled
over time, and the five task shapes (one-to-one ... many-to-many). Lesson 01.

Every box is a ``FancyBboxPatch`` whose ``gid`` says what it is (``"input"``, ``"hidden"``,
``"output"``), so a test can count them.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

COLOURS = {"input": "#f4a7a7", "hidden": "#a8d5a2", "output": "#9ec5e8"}
ROW = {"input": 0.0, "hidden": 1.0, "output": 2.0}

#: (title, example, input steps, output steps, number of hidden steps)
TASK_SHAPES: tuple[tuple[str, str, tuple[int, ...], tuple[int, ...], int], ...] = (
    ("one-to-one", "image → class\n(no sequence)", (0,), (0,), 1),
    ("one-to-many", "image captioning", (0,), (0, 1, 2, 3), 4),
    ("many-to-one", "sentiment, spam", (0, 1, 2, 3), (3,), 4),
    ("many-to-many\n(aligned)", "POS tags, NER,\nvideo frames", (0, 1, 2, 3), (0, 1, 2, 3), 4),
    ("many-to-many\n(unaligned)", "translation", (0, 1, 2), (3, 4, 5), 6),
)


def _box(ax: Axes, x: float, kind: str, label: str = "") -> None:
    y = ROW[kind]
    ax.add_patch(FancyBboxPatch((x - 0.3, y - 0.22), 0.6, 0.44, boxstyle="round,pad=0.03",
                                facecolor=COLOURS[kind], edgecolor="0.3", gid=kind))
    if label:
        ax.text(x, y, label, ha="center", va="center", fontsize=9)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], label: str = ""
           ) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "->", "color": "0.25", "lw": 1.2})
    if label:
        vertical = start[0] == end[0]
        ax.text((start[0] + end[0]) / 2 + (0.05 if vertical else 0),
                (start[1] + end[1]) / 2 + (0 if vertical else 0.1), label, fontsize=8,
                color="0.2", ha="left" if vertical else "center",
                va="center" if vertical else "bottom")


def draw_rnn(ax: Axes, inputs: Sequence[int], outputs: Sequence[int], steps: int,
             *, weight_labels: bool = False, token_labels: bool = False) -> None:
    """Draw ``steps`` hidden boxes in a row, input boxes below the steps in ``inputs`` and
    output boxes above the steps in ``outputs``, with the arrows between them."""
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    bad = [t for t in (*inputs, *outputs) if not 0 <= t < steps]
    if bad:
        raise ValueError(f"input/output steps must lie in [0, {steps}), got {bad}")
    for t in range(steps):
        _box(ax, t, "hidden", f"$h_{t + 1}$" if token_labels else "")
        if t > 0:
            _arrow(ax, (t - 0.7, 1.0), (t - 0.3, 1.0), "$W_{hh}$" if weight_labels else "")
    for t in inputs:
        _box(ax, t, "input", f"$x_{t + 1}$" if token_labels else "")
        _arrow(ax, (t, 0.25), (t, 0.75), "$W_{xh}$" if weight_labels else "")
    for t in outputs:
        _box(ax, t, "output", f"$y_{t + 1}$" if token_labels else "")
        _arrow(ax, (t, 1.25), (t, 1.75), "$W_{hy}$" if weight_labels else "")
    ax.set_xlim(-0.6, max(steps, 1.6) - 0.4)
    ax.set_ylim(-0.45, 2.45)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_task_shapes() -> Figure:
    """The five RNN task shapes side by side, each with an example task."""
    widths = [max(s, 2) for *_, s in TASK_SHAPES]
    fig, axes = plt.subplots(1, len(TASK_SHAPES), figsize=(12, 2.9),
                             gridspec_kw={"width_ratios": widths})
    for ax, (title, example, ins, outs, steps) in zip(axes, TASK_SHAPES, strict=True):
        draw_rnn(ax, ins, outs, steps)
        ax.set_title(title, fontsize=10)
        ax.text(0.5, -0.04, example, transform=ax.transAxes, ha="center", va="top", fontsize=8)
    handles = [FancyBboxPatch((0, 0), 1, 1, facecolor=c, edgecolor="0.3") for c in COLOURS.values()]
    fig.legend(handles, ["input", "hidden state", "output"], loc="upper right", ncol=3,
               fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 0.92))
    return fig


def plot_unrolled_rnn(steps: int = 4) -> Figure:
    """The RNN folded (one cell with a loop) and unrolled over ``steps`` steps, with the
    shared weights ``W_xh``, ``W_hh``, ``W_hy`` written on every arrow."""
    fig, (ax_fold, ax_unroll) = plt.subplots(
        1, 2, figsize=(2.2 + 1.6 * steps, 3), gridspec_kw={"width_ratios": [1.6, steps]})
    draw_rnn(ax_fold, [0], [0], 1, weight_labels=True)
    for text, y in (("$x_t$", 0.0), ("$h_t$", 1.0), ("$y_t$", 2.0)):
        ax_fold.text(0, y, text, ha="center", va="center", fontsize=9)
    ax_fold.annotate("", xy=(0.33, 0.9), xytext=(0.33, 1.1), arrowprops={
        "arrowstyle": "->", "color": "0.25", "lw": 1.2,
        "connectionstyle": "arc,angleA=0,angleB=0,armA=28,armB=28,rad=8"})
    ax_fold.text(0.9, 1.0, "$W_{hh}$", fontsize=8, va="center")
    ax_fold.set_xlim(-0.6, 1.3)
    ax_fold.set_title("folded", fontsize=10)
    draw_rnn(ax_unroll, range(steps), range(steps), steps, weight_labels=True,
             token_labels=True)
    ax_unroll.set_title(f"unrolled over {steps} steps: the same weights at every step",
                        fontsize=10)
    fig.tight_layout()
    return fig
