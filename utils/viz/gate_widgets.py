"""The gate explorer: step through a sequence and watch an LSTM's gates and states.

``render_gates`` draws one picture: six heatmaps (forget f, input i, candidate g, output o,
cell c, hidden h), hidden units down, time steps across, the steps after ``step`` greyed
out. ``gate_explorer`` wraps it in a slider. The trace comes from
``utils.scratch.lstm.TimeLSTM.trace()`` (one sequence: index the batch axis away).
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from utils.viz.plots import picture, show_figure, wide_slider

#: Panel order and meaning: gates first (what decides), then the states (what is kept).
PANELS = (
    ("f", "forget f"),
    ("i", "input i"),
    ("g", "candidate g"),
    ("o", "output o"),
    ("c", "cell c"),
    ("h", "hidden h"),
)


def _check_trace(trace: dict[str, np.ndarray], tokens: Sequence[str]) -> tuple[int, int]:
    missing = [k for k, _ in PANELS if k not in trace]
    if missing:
        raise ValueError(f"trace lacks {missing}; expected keys f, i, g, o, c, h")
    shapes = {np.shape(trace[k]) for k, _ in PANELS}
    if len(shapes) != 1 or len(next(iter(shapes))) != 2:
        raise ValueError(
            f"every trace entry must be one (time, hidden) array, got shapes {sorted(shapes)}"
        )
    time, hidden = next(iter(shapes))
    if time == 0:
        raise ValueError("the trace has no time steps")
    if len(tokens) != time:
        raise ValueError(f"got {len(tokens)} tokens for {time} time steps")
    return time, hidden


def _check_units(units: Sequence[int] | None, hidden: int) -> list[int]:
    units = list(range(hidden)) if units is None else list(units)
    if not units or min(units) < 0 or max(units) >= hidden:
        raise ValueError(f"units must be a non-empty list of indices in [0, {hidden}), got {units}")
    return units


def step_summary(
    trace: dict[str, np.ndarray], tokens: Sequence[str], step: int,
    units: Sequence[int] | None = None,
) -> str:
    """One line about time step ``step``: its token and each gate's mean over ``units``."""
    time, hidden = _check_trace(trace, tokens)
    if not 0 <= step < time:
        raise ValueError(f"step must lie in [0, {time}), got {step}")
    units = _check_units(units, hidden)
    means = ", ".join(f"{k} {np.mean(trace[k][step, units]):+.2f}" for k, _ in PANELS)
    return f"step {step} · token {tokens[step]!r} · mean over the units shown: {means}"


def render_gates(
    trace: dict[str, np.ndarray],
    tokens: Sequence[str],
    step: int | None = None,
    units: Sequence[int] | None = None,
    *,
    title: str = "",
) -> Figure:
    """Six heatmaps ``(len(units), time)`` up to time step ``step``, in two columns: the
    gates f, i, o on the left, the candidate g and the states c, h on the right.

    ``trace``: ``{"f", "i", "g", "o", "c", "h"}`` → ``(time, hidden)`` arrays;
    ``tokens``: one label per step; ``step`` (default: the last) marks the current step,
    later steps are masked (grey); ``units``: which hidden units to show (default all).
    Gates use a 0…1 colour scale, g, c and h a diverging one centred on 0.
    """
    time, hidden = _check_trace(trace, tokens)
    step = time - 1 if step is None else step
    if not 0 <= step < time:
        raise ValueError(f"step must lie in [0, {time}), got {step}")
    units = _check_units(units, hidden)
    c_max = max(1.0, float(np.abs(np.asarray(trace["c"])[:, units]).max()))
    height = 0.9 + 3 * (0.35 + 0.12 * len(units))
    fig, grid = plt.subplots(
        3, 2, figsize=(min(12, 2.5 + 0.4 * time), height), sharex=True, layout="constrained",
    )
    by_key = dict(PANELS)
    order = [("f", "i", "o"), ("g", "c", "h")]  # columns: gates | candidate and states
    for col, keys in enumerate(order):
        for row, key in enumerate(keys):
            _draw_panel(fig, grid[row, col], trace, key, by_key[key], step, units, c_max)
    for ax in grid[-1]:
        ax.set_xticks(range(time), list(tokens), fontsize=8)
        ax.set_xlabel("time step (token)")
    fig.suptitle(title or f"LSTM gates and states up to step {step} ({tokens[step]!r})")
    return fig


def _draw_panel(fig: Figure, ax: Axes, trace: dict[str, np.ndarray], key: str, name: str,
                step: int, units: list[int], c_max: float) -> None:
    """One heatmap ``(len(units), time)`` of ``trace[key]``, steps after ``step`` greyed out.
    Gates on a 0…1 scale; g and h on −1…1; c on ±``c_max``."""
    values = np.asarray(trace[key], dtype=float)[:, units].T.copy()  # (units, time)
    values[:, step + 1 :] = np.nan
    if key in ("f", "i", "o"):
        cmap, lo, hi = "viridis", 0.0, 1.0
    else:
        cmap, lo, hi = "RdBu_r", -(c_max if key == "c" else 1.0), c_max if key == "c" else 1.0
    cm = plt.get_cmap(cmap).with_extremes(bad="0.88")
    im = ax.imshow(values, aspect="auto", cmap=cm, vmin=lo, vmax=hi, interpolation="nearest")
    ax.axvspan(step - 0.5, step + 0.5, fill=False, edgecolor="crimson", linewidth=1.5)
    ax.set_ylabel(name, rotation=0, ha="right", va="center")
    ax.set_yticks(range(len(units)), [str(u) for u in units], fontsize=7)
    fig.colorbar(im, ax=ax, pad=0.01, aspect=8)


def gate_explorer(
    trace: dict[str, np.ndarray],
    tokens: Sequence[str],
    units: Sequence[int] | None = None,
    *,
    title: str = "",
) -> widgets.VBox:
    """A slider over the time steps; each move redraws ``render_gates`` up to that step and
    updates a one-line summary (``step_summary``).

    Children: slider, summary label, the plot (an ``Image`` widget holding a PNG, so it
    works without a live output area: Colab, nbclient, tests).
    """
    time, hidden = _check_trace(trace, tokens)
    units = _check_units(units, hidden)
    slider = widgets.IntSlider(
        value=0, min=0, max=time - 1, description="step", continuous_update=False,
        **wide_slider(),
    )
    summary = widgets.Label()
    plot = picture()

    def show(step: int) -> None:
        summary.value = step_summary(trace, tokens, step, units)
        show_figure(plot, render_gates(trace, tokens, step, units, title=title))

    slider.observe(lambda change: show(change["new"]), names="value")
    show(slider.value)
    return widgets.VBox([slider, summary, plot])


def memory_units(final_cells: np.ndarray, labels: np.ndarray, k: int = 6) -> list[int]:
    """The ``k`` hidden units whose final cell state best tells the classes apart.

    ``final_cells (n, hidden)``, ``labels (n,)``. The score of a unit is the share of its
    variance explained by the class (between-class variance / total variance), a number in
    [0, 1]: 1 means the unit's cell value is a pure function of the label, i.e. it *stores*
    the answer. Returns unit indices, best first.
    """
    final_cells = np.asarray(final_cells, dtype=float)
    labels = np.asarray(labels)
    if final_cells.ndim != 2 or labels.shape != (final_cells.shape[0],):
        raise ValueError(
            f"need final_cells (n, hidden) and labels (n,), got {final_cells.shape} and "
            f"{labels.shape}"
        )
    if final_cells.shape[0] == 0:
        raise ValueError("need at least one example")
    if not 1 <= k <= final_cells.shape[1]:
        raise ValueError(f"k must lie in [1, {final_cells.shape[1]}], got {k}")
    total = final_cells.var(axis=0) + 1e-12
    class_means = np.zeros_like(final_cells)
    for label in np.unique(labels):
        rows = labels == label
        class_means[rows] = final_cells[rows].mean(axis=0)
    explained = class_means.var(axis=0) / total
    return [int(u) for u in np.argsort(-explained, kind="stable")[:k]]
