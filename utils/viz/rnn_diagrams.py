"""The five task shapes of recurrent networks (one-to-one ... many-to-many), drawn with
matplotlib for lesson 01; the course's static diagrams are in ``utils.viz.diagrams``.

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


def _box(ax: Axes, x: float, kind: str) -> None:
    y = ROW[kind]
    ax.add_patch(FancyBboxPatch((x - 0.3, y - 0.22), 0.6, 0.44, boxstyle="round,pad=0.03",
                                facecolor=COLOURS[kind], edgecolor="0.3", gid=kind))


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "->", "color": "0.25", "lw": 1.2})


def draw_rnn(ax: Axes, inputs: Sequence[int], outputs: Sequence[int], steps: int) -> None:
    """Draw ``steps`` hidden boxes in a row, input boxes below the steps in ``inputs`` and
    output boxes above the steps in ``outputs``, with the arrows between them."""
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    bad = [t for t in (*inputs, *outputs) if not 0 <= t < steps]
    if bad:
        raise ValueError(f"input/output steps must lie in [0, {steps}), got {bad}")
    for t in range(steps):
        _box(ax, t, "hidden")
        if t > 0:
            _arrow(ax, (t - 0.7, 1.0), (t - 0.3, 1.0))
    for t in inputs:
        _box(ax, t, "input")
        _arrow(ax, (t, 0.25), (t, 0.75))
    for t in outputs:
        _box(ax, t, "output")
        _arrow(ax, (t, 1.25), (t, 1.75))
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
