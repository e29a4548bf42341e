"""Pictures of an ``nn.RNN`` (lesson 02): what ``output`` and ``h_n`` hold, what each
output has seen, and what a padded batch looks like.

``input_influence`` measures "what has output t seen?" with gradients: the size of
``∂output_t / ∂x_s``. It is exactly zero for every input after t in a left-to-right RNN.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from torch import nn

OUTPUT_COLOUR, H_N_COLOUR, OTHER_COLOUR = "#9ec5e8", "#f6b26b", "#eeeeee"


def input_influence(rnn: nn.RNNBase, x: torch.Tensor) -> np.ndarray:
    """``‖∂output_t / ∂x_s‖`` for one sequence: ``(time, time)``, rows t (output), cols s (input).

    ``rnn`` must be ``batch_first``; ``x`` is ``(1, time, input)``.
    """
    if not getattr(rnn, "batch_first", False):
        raise ValueError("input_influence expects an RNN built with batch_first=True")
    if x.dim() != 3 or x.size(0) != 1 or x.size(2) != rnn.input_size:
        raise ValueError(f"x must be (1, time, {rnn.input_size}), got {tuple(x.shape)}")

    def outputs(seq: torch.Tensor) -> torch.Tensor:
        return rnn(seq[None])[0][0]  # (time, dirs·hidden)

    jac = torch.autograd.functional.jacobian(outputs, x[0])  # (time, out, time, input)
    return jac.pow(2).sum(dim=(1, 3)).sqrt().detach().numpy()


def plot_influence(maps: dict[str, np.ndarray]) -> Figure:
    """One heatmap per ``input_influence`` map, each scaled to its own maximum.

    The colour scale is a power law (γ = 0.3) so that small but real influences stay
    visible, while an influence of exactly zero stays white.
    """
    if not maps:
        raise ValueError("no influence maps to draw")
    fig, axes = plt.subplots(1, len(maps), figsize=(3.2 * len(maps) + 0.8, 3.1), squeeze=False,
                             layout="constrained")
    for ax, (title, m) in zip(axes[0], maps.items(), strict=True):
        image = ax.imshow(m / m.max(), cmap="Greens", norm=PowerNorm(gamma=0.3, vmin=0, vmax=1))
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("input step s")
        ax.set_ylabel("output step t")
    fig.suptitle("what output t has seen: ‖∂ output_t / ∂ x_s‖ (white = nothing)", fontsize=10)
    fig.colorbar(image, ax=list(axes[0]), shrink=0.8, label="share of the map's maximum")
    return fig


def plot_output_and_h_n(num_layers: int, steps: int, bidirectional: bool = False) -> Figure:
    """The grid of hidden states (layer × direction rows, time columns) of an ``nn.RNN``.

    Blue edges: what ``output`` holds (the top layer, every step). Orange fill: what
    ``h_n`` holds (each layer and direction at the last step *it* read, the first column for
    a backward direction). The number in an orange box is its row in ``h_n``.
    """
    if num_layers < 1 or steps < 1:
        raise ValueError(f"need num_layers ≥ 1 and steps ≥ 1, got {num_layers}, {steps}")
    dirs = 2 if bidirectional else 1
    rows = num_layers * dirs
    fig, ax = plt.subplots(figsize=(1.0 + 0.7 * steps, 0.9 + 0.55 * rows))
    for layer in range(num_layers):
        for d in range(dirs):
            y = layer * dirs + d
            last = 0 if d == 1 else steps - 1
            for t in range(steps):
                in_h_n = t == last
                ax.add_patch(Rectangle(
                    (t, y), 0.85, 0.8, facecolor=H_N_COLOUR if in_h_n else OTHER_COLOUR,
                    edgecolor="tab:blue" if layer == num_layers - 1 else "grey",
                    linewidth=2.5 if layer == num_layers - 1 else 0.8, gid="h_n" if in_h_n
                    else "state"))
                text = str(layer * dirs + d) if in_h_n else ("←" if d else "→")
                ax.text(t + 0.425, y + 0.4, text, ha="center", va="center", fontsize=8)
    ax.set_xlim(-0.2, steps + 0.1)
    ax.set_ylim(rows + 0.1, -0.2)
    ax.set_xticks([t + 0.425 for t in range(steps)], [str(t) for t in range(steps)])
    ax.set_yticks([y + 0.4 for y in range(rows)],
                  [f"layer {y // dirs}" + (" ←" if y % dirs else " →") * bidirectional
                   for y in range(rows)])
    ax.set_xlabel("time step")
    ax.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"{num_layers} layer(s){', bidirectional' if bidirectional else ''}: "
                 "blue edge = output, orange = h_n", fontsize=10)
    fig.tight_layout()
    return fig


def plot_padded_batch(sentences: Sequence[Sequence[str]]) -> Figure:
    """A padded batch as a grid: words in the real cells, grey ``<pad>`` cells after them."""
    if not sentences or any(len(s) == 0 for s in sentences):
        raise ValueError("need at least one non-empty sentence")
    width = max(len(s) for s in sentences)
    fig, ax = plt.subplots(figsize=(1.0 + 0.85 * width, 0.6 + 0.45 * len(sentences)))
    for i, s in enumerate(sentences):
        for t in range(width):
            real = t < len(s)
            ax.add_patch(Rectangle((t, i), 0.95, 0.85, facecolor="#a8d5a2" if real
                                   else "#d9d9d9", gid="real" if real else "pad"))
            ax.text(t + 0.475, i + 0.42, s[t] if real else "<pad>", ha="center",
                    va="center", fontsize=8, color="black" if real else "grey")
        ax.text(width + 0.1, i + 0.42, f"length {len(s)}", va="center", fontsize=8)
    ax.set_xlim(0, width + 1.2)
    ax.set_ylim(len(sentences), 0)
    ax.axis("off")
    ax.set_title("a padded batch: green = real token (mask True), grey = padding (False)",
                 fontsize=10)
    fig.tight_layout()
    return fig
