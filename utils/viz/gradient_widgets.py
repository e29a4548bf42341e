"""The gradient-flow explorer: how far back a vanilla RNN's gradient reaches, and why.

``gradient_flow_view`` measures one random RNN (``W_hh`` rescaled to a largest singular value
``scale``): ``‖∂h_T/∂h_t‖`` for every ``t``, the tanh derivatives ``1 - h_t²`` met on the
way, and the singular values of ``W_hh``. ``render_gradient_flow`` draws the three side by
side; ``gradient_flow_explorer`` wraps it in two sliders (scale and sequence length).
``plot_gradient_norms`` draws measured norms of several layers on one log axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from utils.analysis.gradient_flow import hidden_gradient_norms, make_recurrent_layer, random_inputs
from utils.viz.plots import picture, show_figure, wide_slider


@dataclass
class GradientFlowView:
    """What the explorer shows for one ``(scale, length)``.

    ``norms (length,)``: ``‖∂h_T/∂h_t‖`` for ``t = 0..T-1``; ``tanh_grads (length, hidden)``:
    ``1 - h_t²`` for ``h_1..h_T``; ``singular_values (hidden,)`` of ``W_hh``, largest first.
    """

    scale: float
    norms: np.ndarray
    tanh_grads: np.ndarray
    singular_values: np.ndarray


def gradient_flow_view(
    scale: float, length: int, *, hidden: int = 32, seed: int = 0
) -> GradientFlowView:
    """Measure a random vanilla RNN with ``σ_max(W_hh) = scale`` on ``length`` random inputs."""
    norms = hidden_gradient_norms("rnn", length, hidden=hidden, scale=scale, seed=seed)
    layer = make_recurrent_layer("rnn", hidden=hidden, scale=scale, seed=seed)
    with torch.no_grad():
        hs = layer(random_inputs(length, seed=seed))[0][0].numpy()  # (length, hidden)
        sv = torch.linalg.svdvals(layer.weight_hh_l0).numpy()
    return GradientFlowView(scale, norms, 1 - hs**2, sv)


def flow_summary(view: GradientFlowView) -> str:
    """One line: σ_max, the mean tanh derivative and the gradient norm across the whole sequence."""
    T = len(view.norms)
    return (f"σ_max(W_hh) = {view.singular_values[0]:.2f} · mean tanh' = "
            f"{view.tanh_grads.mean():.2f} · ‖∂h_T/∂h_0‖ over {T} steps = {view.norms[0]:.2e}")


def render_gradient_flow(view: GradientFlowView) -> Figure:
    """Three panels: ``‖∂h_T/∂h_t‖`` against ``T - t`` (log) with the bound ``σ_max^(T-t)``;
    the tanh derivative along the sequence (mean, and the band holding the middle half of
    the units); the
    singular values of ``W_hh`` with 1 marked."""
    T = len(view.norms)
    distance = np.arange(T, 0, -1)
    fig, (ax_n, ax_d, ax_s) = plt.subplots(1, 3, figsize=(11, 3.1), layout="constrained")
    ax_n.semilogy(distance, np.maximum(view.norms, 1e-300), label="measured")
    ax_n.semilogy(distance, view.singular_values[0] ** distance, "--", color="grey",
                  label="bound σ_max^(T−t)")
    ax_n.axhline(1.0, color="black", linewidth=0.6)
    lo, hi = max(view.norms.min(), 1e-30), max(view.norms.max(), 1.0)
    ax_n.set_ylim(lo / 10, hi * 10)
    ax_n.set(xlabel="steps back, T − t", ylabel="‖∂h_T / ∂h_t‖",
             title=f"gradient flow, σ_max = {view.scale:g}")
    ax_n.legend(fontsize="small")
    steps = np.arange(1, T + 1)
    q25, q75 = np.percentile(view.tanh_grads, [25, 75], axis=1)
    ax_d.fill_between(steps, q25, q75, alpha=0.3, label="middle half of units")
    ax_d.plot(steps, view.tanh_grads.mean(axis=1), label="mean")
    ax_d.set(xlabel="time step t", ylabel="tanh′ = 1 − h_t²", ylim=(0, 1.05),
             title="tanh derivative on the way")
    ax_d.legend(fontsize="small", loc="lower left")
    ax_s.bar(np.arange(1, len(view.singular_values) + 1), view.singular_values)
    ax_s.axhline(1.0, color="crimson", linewidth=1, label="1")
    ax_s.set(xlabel="index", ylabel="singular value", title="singular values of W_hh")
    ax_s.legend(fontsize="small")
    return fig


def gradient_flow_explorer(scale: float = 1.0, length: int = 40) -> widgets.VBox:
    """Two sliders (``σ_max`` of ``W_hh`` and the sequence length); each move re-measures,
    updates the one-line summary and redraws ``render_gradient_flow``.

    Children: scale slider, length slider, summary label, the plot (an ``Image`` widget
    holding a PNG, so it works without a live output area: Colab, nbclient, tests).
    """
    scale_slider = widgets.FloatSlider(value=scale, min=0.25, max=6.0, step=0.25,
                                       description="σ_max(W_hh)", continuous_update=False,
                                       **wide_slider())
    length_slider = widgets.IntSlider(value=length, min=5, max=100, step=5,
                                      description="length T", continuous_update=False,
                                      **wide_slider())
    summary = widgets.Label()
    image = picture()

    def show(_change: object = None) -> None:
        view = gradient_flow_view(scale_slider.value, length_slider.value)
        summary.value = flow_summary(view)
        show_figure(image, render_gradient_flow(view))

    scale_slider.observe(show, names="value")
    length_slider.observe(show, names="value")
    show()
    return widgets.VBox([scale_slider, length_slider, summary, image])


def plot_gradient_norms(
    norms: dict[str, np.ndarray], ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """``‖∂h_T/∂h_t‖`` (log scale) against the distance ``T - t``, one line per entry.

    ``norms`` maps a label to an array from :func:`hidden_gradient_norms` (entry ``t`` is
    ``T - t`` steps back); arrays may have different lengths.
    """
    if not norms:
        raise ValueError("norms is empty")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.2))
    for label, values in norms.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"{label!r}: need a non-empty 1-D array, got shape {values.shape}")
        distance = np.arange(values.size, 0, -1)  # T - t for t = 0 .. T-1
        ax.semilogy(distance, np.maximum(values, 1e-300), label=label)
    ax.set_xlabel("steps back, T − t")
    ax.set_ylabel("‖∂h_T / ∂h_t‖")
    if title:
        ax.set_title(title)
    ax.legend(fontsize="small")
    return ax
