"""Pictures and widgets for lesson 00 (foundations).

Drawing lives in plain ``plot_*`` functions that return a Matplotlib figure; each widget
(``*_widget``) only wires a core ipywidgets control to one of them and to a text summary,
so the same picture can be stored statically and its callback can be unit-tested.

The widgets show their figure as PNG bytes in a ``widgets.Image`` rather than inside a
``widgets.Output``: an Output widget captures display messages that a test runner without a
widget front end (nbval) records as ordinary cell outputs, which breaks re-run comparisons.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils.scratch.activations import ACTIVATIONS
from utils.scratch.optimizers import (
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    Optimizer,
    RMSProp,
    bowl,
    bowl_grad,
    optimize,
)
from utils.viz.plots import picture, show_figure, wide_slider

# ----------------------------------------------------------------------------------------
# Gradient descent on the 1-D loss f(w) = w**2 and the learning rate
# ----------------------------------------------------------------------------------------


def descent_path_1d(lr: float, start: float = 4.0, steps: int = 12) -> np.ndarray:
    """Plain gradient descent on ``f(w) = w**2`` (gradient ``2 w``): the ``(steps + 1,)`` ws.

    Each step is ``w ← w − lr · 2w = (1 − 2 lr) w``: it shrinks for ``0 < lr < 1``,
    overshoots (flips sign) for ``lr > 0.5`` and grows without bound for ``lr > 1``.
    """
    return optimize(SGD(lr), lambda w: 2 * w, [start], steps)[:, 0]


def describe_descent(path: np.ndarray) -> str:
    """A one-line verdict on a 1-D descent path ``(steps + 1,)``: diverges, stalls, or converges."""
    path = np.asarray(path, dtype=float)
    if path.ndim != 1 or path.size < 2:
        raise ValueError(f"path must be 1-D with at least two points, got shape {path.shape}")
    f0, f1 = path[0] ** 2, path[-1] ** 2
    where = f"after {path.size - 1} steps w = {path[-1]:.4g}, loss = {f1:.4g}"
    if not np.isfinite(f1) or f1 > f0:
        return f"diverges: {where} (started at {f0:.4g})"
    if f1 > 0.05 * f0:
        return f"too slow: {where}, still {f1 / f0:.0%} of the starting loss"
    bounces = np.any(np.sign(path[1:]) != np.sign(path[:-1]))
    return f"converges{' (bouncing across the minimum)' if bounces else ''}: {where}"


def _draw_descent(ax: plt.Axes, lr: float, start: float, steps: int) -> None:
    path = descent_path_1d(lr, start, steps)
    w = np.linspace(-6.5, 6.5, 200)
    ax.plot(w, w**2, color="0.6", lw=1.5)
    shown = path[np.abs(path) <= 6.5]
    ax.plot(shown, shown**2, "-o", color="tab:red", ms=3.5, lw=1)
    ax.plot(path[0], path[0] ** 2, "s", color="black", ms=5)
    ax.set_ylim(-1, 42)
    ax.set_xlabel("w")
    ax.set_title(f"lr = {lr:g}", fontsize=10)
    verdict = describe_descent(path).split(":")[0]
    ax.text(0.5, 0.92, verdict, transform=ax.transAxes, ha="center", fontsize=9)


def plot_learning_rates(
    lrs: tuple[float, ...] = (0.03, 0.3, 1.05), start: float = 4.0, steps: int = 12
) -> Figure:
    """Gradient descent on ``w**2`` with several learning rates, side by side."""
    if not lrs:
        raise ValueError("give at least one learning rate")
    fig, axes = plt.subplots(1, len(lrs), figsize=(3.2 * len(lrs), 2.8), sharey=True)
    for ax, lr in zip(np.atleast_1d(axes), lrs, strict=True):
        _draw_descent(ax, lr, start, steps)
    np.atleast_1d(axes)[0].set_ylabel("loss  f(w) = w²")
    fig.tight_layout()
    return fig


def learning_rate_widget(start: float = 4.0, steps: int = 12) -> widgets.VBox:
    """A log-scale learning-rate slider redrawing the descent path on ``w**2``.

    Children: ``[slider, verdict (HTML), plot (Image)]``.
    """
    slider = widgets.FloatLogSlider(
        value=0.3, base=10, min=-2, max=0.1, step=0.01, description="lr",
        readout_format=".3f", continuous_update=False, **wide_slider(),
    )
    verdict = widgets.HTML()
    image = picture()

    def redraw(_change: object = None) -> None:
        verdict.value = describe_descent(descent_path_1d(slider.value, start, steps))
        fig, ax = plt.subplots(figsize=(4.2, 2.8))
        _draw_descent(ax, slider.value, start, steps)
        ax.set_ylabel("loss  f(w) = w²")
        fig.tight_layout()
        show_figure(image, fig)

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, verdict, image])


# ----------------------------------------------------------------------------------------
# The shopping-bill computational graph
# ----------------------------------------------------------------------------------------

#: Edge name → (from point, to point) of the bill graph
#: ``total = (price_t * n_t + price_p * n_p) * tax``; nodes are drawn at the "to" ends.
BILL_EDGES: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "price_t": ((0.0, 4.2), (1.8, 3.6)),
    "n_t": ((0.0, 3.0), (1.8, 3.6)),
    "price_p": ((0.0, 1.8), (1.8, 1.2)),
    "n_p": ((0.0, 0.6), (1.8, 1.2)),
    "tangerines": ((1.8, 3.6), (3.6, 2.4)),
    "pears": ((1.8, 1.2), (3.6, 2.4)),
    "subtotal": ((3.6, 2.4), (5.4, 1.2)),
    "tax": ((3.9, 0.0), (5.4, 1.2)),
    "total": ((5.4, 1.2), (7.0, 1.2)),
}
_BILL_INPUTS = ("price_t", "n_t", "price_p", "n_p", "tax")
_BILL_NODES = {(1.8, 3.6): "×", (1.8, 1.2): "×", (3.6, 2.4): "+", (5.4, 1.2): "×"}


def plot_bill_graph(edges: dict[str, tuple[float, float]]) -> Figure:
    """Draw the bill graph with each edge's forward value (black) and its gradient
    ∂total/∂edge (red, underneath).

    ``edges``: every name of :data:`BILL_EDGES` → ``(forward value, gradient)``.
    """
    missing = sorted(set(BILL_EDGES) - set(edges))
    if missing:
        raise ValueError(f"edges is missing {missing}")
    fig, ax = plt.subplots(figsize=(8.0, 3.3))
    for name, ((x0, y0), (x1, y1)) in BILL_EDGES.items():
        value, grad = edges[name]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": "0.5", "shrinkB": 11, "lw": 1})
        if name in _BILL_INPUTS:  # label an input at its start
            x, y, ha = x0 - 0.08, y0, "right"
        elif name == "total":
            x, y, ha = x1 + 0.08, y1, "left"
        else:  # beside the middle of the edge, on the side away from the line
            x, ha = (x0 + x1) / 2 + 0.12, "left"
            y = (y0 + y1) / 2 + (0.1 if y1 < y0 else -0.45)
        ax.text(x, y + 0.05, f"{name} = {value:g}", ha=ha, va="bottom", fontsize=8)
        ax.text(x, y - 0.05, f"{grad:g}", ha=ha, va="top", fontsize=8, color="tab:red")
    for (x, y), op in _BILL_NODES.items():
        ax.add_patch(plt.Circle((x, y), 0.2, color="tab:blue", zorder=3))
        ax.text(x, y, op, ha="center", va="center", color="white", fontsize=12, zorder=4)
    ax.set_xlim(-1.6, 8.4)
    ax.set_ylim(-0.4, 4.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("forward values (black) and gradients ∂total/∂· (red)", fontsize=10)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------------------
# Six optimisers on the anisotropic bowl f(x, y) = x**2 / 20 + y**2
# ----------------------------------------------------------------------------------------


def bowl_optimizers() -> dict[str, Optimizer]:
    """The lesson's six optimisers with learning rates that suit the bowl (fresh state)."""
    return {
        "SGD": SGD(lr=0.9),
        "Momentum": Momentum(lr=0.1, momentum=0.9),
        "Nesterov": Nesterov(lr=0.1, momentum=0.9),
        "AdaGrad": AdaGrad(lr=1.5),
        "RMSProp": RMSProp(lr=0.3, alpha=0.9),
        "Adam": Adam(lr=0.3),
    }


def bowl_paths(steps: int = 30, start: tuple[float, float] = (-7.0, 2.0)) -> dict[str, np.ndarray]:
    """Each optimiser of :func:`bowl_optimizers` run ``steps`` times from ``start``.

    Returns name → path ``(steps + 1, 2)``.
    """
    return {name: optimize(opt, bowl_grad, start, steps) for name, opt in bowl_optimizers().items()}


def plot_optimizer_paths(paths: dict[str, np.ndarray], upto: int | None = None) -> Figure:
    """One panel per optimiser: the bowl's contours and the path up to step ``upto``."""
    if not paths:
        raise ValueError("no paths to draw")
    n = len(paths)
    cols = min(n, 3)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.3 * rows), squeeze=False)
    xs, ys = np.meshgrid(np.linspace(-8, 8, 120), np.linspace(-3, 3, 80))
    zs = bowl(np.stack([xs, ys], axis=-1))
    for ax, (name, path) in zip(axes.flat, paths.items(), strict=False):
        shown = path if upto is None else path[: upto + 1]
        ax.contour(xs, ys, zs, levels=[0.1, 0.5, 1, 2, 4, 7], colors="0.75", linewidths=0.8)
        ax.plot(shown[:, 0], shown[:, 1], "-o", color="tab:red", ms=2.5, lw=1)
        ax.plot(0, 0, "+", color="black", ms=8)
        ax.set_xlim(-8, 8)
        ax.set_ylim(-3, 3)
        ax.set_title(f"{name}: f = {bowl(shown[-1]):.3f}", fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in axes.flat[n:]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def optimizer_widget(paths: dict[str, np.ndarray]) -> widgets.VBox:
    """A step slider over precomputed optimiser paths (all the same length).

    Children: ``[slider, summary (HTML), plot (Image)]``; the summary lists each
    optimiser's loss at the chosen step.
    """
    lengths = {len(p) for p in paths.values()}
    if len(lengths) != 1:
        raise ValueError(f"all paths must have the same number of points, got {sorted(lengths)}")
    steps = lengths.pop() - 1
    slider = widgets.IntSlider(value=steps, min=0, max=steps, description="step",
                               continuous_update=False, **wide_slider())
    summary = widgets.HTML()
    image = picture()

    def redraw(_change: object = None) -> None:
        k = slider.value
        summary.value = f"step {k}: " + ", ".join(
            f"{name} {bowl(p[k]):.3f}" for name, p in paths.items()
        )
        show_figure(image, plot_optimizer_paths(paths, upto=k))

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, summary, image])


# ----------------------------------------------------------------------------------------
# Activations and initialisation
# ----------------------------------------------------------------------------------------


def plot_activations(x_range: float = 5.0) -> Figure:
    """The four activations (left) and their derivatives (right) on ``[-x_range, x_range]``."""
    x = np.linspace(-x_range, x_range, 401)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.5, 2.9))
    for name, (f, df) in ACTIVATIONS.items():
        style = "--" if name == "leaky_relu" else "-"
        left.plot(x, f(x) if name != "leaky_relu" else f(x, 0.1), style, label=name)
        right.plot(x, df(x) if name != "leaky_relu" else df(x, 0.1), style, label=name)
    left.set_ylim(-1.5, 3)
    left.set_title("activation  g(x)", fontsize=10)
    right.set_title("derivative  g'(x)", fontsize=10)
    right.set_ylim(-0.1, 1.2)
    for ax in (left, right):
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axvline(0, color="0.8", lw=0.8)
        ax.set_xlabel("x")
    left.legend(fontsize=8, title="leaky slope 0.1", title_fontsize=7)
    fig.tight_layout()
    return fig


def plot_activation_histograms(
    acts: dict[str, list[np.ndarray]], title: str = "", drop_zeros: bool = False
) -> Figure:
    """One row per initialisation, one column per layer: histograms of activation values.

    ``acts``: label → list of per-layer activations ``(batch, width)``. ``drop_zeros``
    leaves out exact zeros (half of every ReLU layer), so the rest stays visible.
    """
    if not acts:
        raise ValueError("no activations to draw")
    if drop_zeros:
        acts = {k: [a[a != 0] for a in layers] for k, layers in acts.items()}
    n_layers = len(next(iter(acts.values())))
    lo = min(float(a.min()) for layers in acts.values() for a in layers)
    hi = max(float(np.percentile(a, 99)) for layers in acts.values() for a in layers)
    bins = np.linspace(min(lo, -1.0) if lo < 0 else 0.0, max(hi, 1.0), 31)
    fig, axes = plt.subplots(len(acts), n_layers, figsize=(1.9 * n_layers, 1.35 * len(acts)),
                             sharex=True, squeeze=False)
    for r, (label, layers) in enumerate(acts.items()):
        for c, a in enumerate(layers):
            ax = axes[r, c]
            ax.hist(a.ravel(), bins=bins, color="tab:blue")
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            if r == 0:
                ax.set_title(f"layer {c + 1}", fontsize=9)
        axes[r, 0].set_ylabel(label, fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig
