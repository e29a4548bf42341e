"""Pictures of attention: heatmaps, one decoder step in detail, and a widget to step through.

``plot_attention`` draws the weights ``(out_len, src_len)`` with source tokens on the x-axis
and output tokens on the y-axis. ``render_attention_step`` shows one output step: its row
highlighted, the weights as bars over the source, and the context vector ``Σ a_s h_s`` next
to the encoder state it leans on most. ``AttentionExplorer`` wraps that view in core
ipywidgets (choose an example, move through the output tokens).
"""

from __future__ import annotations

import html
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from torch import nn

from utils.data.seq2seq import Seq2SeqData
from utils.data.vocab import EOS_ID
from utils.decoding.greedy import greedy_decode
from utils.viz.plots import picture, restart_steps, show_figure, use_korean_font, wide_slider

use_korean_font()  # Hangul labels in the figures below


class AttentionExample(NamedTuple):
    """One decoded example: ``weights (out_len, src_len)``, its tokens, and the encoder
    states ``(src_len, enc_dim)`` the context vectors are built from (may be ``None``)."""

    name: str
    src_tokens: list[str]
    out_tokens: list[str]
    weights: np.ndarray
    encoder_states: np.ndarray | None = None


def _check_weights(weights: np.ndarray, src_tokens: list[str], out_tokens: list[str]
                   ) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2 or weights.shape != (len(out_tokens), len(src_tokens)):
        raise ValueError(f"weights must be (out_len, src_len) = ({len(out_tokens)}, "
                         f"{len(src_tokens)}), got {weights.shape}")
    if weights.size == 0:
        raise ValueError("nothing to draw: no source or no output tokens")
    return weights


def _show_token(token: str) -> str:
    return "_" if token == " " else token


def plot_attention(weights: np.ndarray, src_tokens: list[str], out_tokens: list[str], *,
                   ax: Axes | None = None, highlight: int | None = None, title: str = "",
                   vmax: float | None = 1.0, colorbar: bool = False,
                   colorbar_label: str = "attention weight") -> Axes:
    """Heatmap of ``weights (out_len, src_len)``: row ``t`` is where output token ``t``
    looked. ``highlight`` frames one row in red. ``vmax=None`` scales colours to the data
    (for weights that are not probabilities). ``colorbar`` draws the colour scale beside
    ``ax`` (with the default ``vmax=1`` every heatmap shares the scale 0–1, so one bar per
    figure is enough)."""
    weights = _check_weights(weights, src_tokens, out_tokens)
    if ax is None:
        _, ax = plt.subplots(figsize=(0.3 * len(src_tokens) + 1.5, 0.3 * len(out_tokens) + 1))
    image = ax.imshow(weights, cmap="viridis", vmin=0.0, vmax=vmax, aspect="auto")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=colorbar_label, fraction=0.05, pad=0.03)
    ax.set_xticks(range(len(src_tokens)), [_show_token(t) for t in src_tokens],
                  rotation=90 if max(map(len, src_tokens)) > 1 else 0)
    ax.set_yticks(range(len(out_tokens)), [_show_token(t) for t in out_tokens])
    ax.set_xlabel("source (keys)")
    ax.set_ylabel("output (queries)")
    if highlight is not None:
        if not 0 <= highlight < len(out_tokens):
            raise ValueError(f"highlight must be a row in [0, {len(out_tokens)}), got {highlight}")
        ax.add_patch(Rectangle((-0.5, highlight - 0.5), len(src_tokens), 1, fill=False,
                               edgecolor="red", linewidth=2))
    if title:
        ax.set_title(title)
    return ax


def describe_step(example: AttentionExample, step: int) -> str:
    """One line about output step ``step``: what it emitted and where it looked most."""
    if not 0 <= step < len(example.out_tokens):
        raise ValueError(f"step must lie in [0, {len(example.out_tokens)}), got {step}")
    row = np.asarray(example.weights)[step]
    s = int(row.argmax())
    return (f"step {step + 1}/{len(example.out_tokens)}: output "
            f"'{_show_token(example.out_tokens[step])}' looks most at source token {s + 1} "
            f"'{_show_token(example.src_tokens[s])}' (weight {row[s]:.2f})")


def render_attention_step(example: AttentionExample, step: int) -> Figure:
    """Three panels for output step ``step``: the heatmap (with its colour bar) with that row
    framed, the row as bars over the source tokens, and the context vector
    ``c_t = Σ_s a_t(s) h_s`` beside the most-attended encoder state (when
    ``example.encoder_states`` is given)."""
    weights = _check_weights(example.weights, example.src_tokens, example.out_tokens)
    describe_step(example, step)  # validates step
    panels = 3 if example.encoder_states is not None else 2
    fig, axes = plt.subplots(1, panels, figsize=(4.2 * panels, 3.4),
                             gridspec_kw={"width_ratios": [1.2] + [1] * (panels - 1)})
    plot_attention(weights, example.src_tokens, example.out_tokens, ax=axes[0],
                   highlight=step, title=example.name, colorbar=True)
    row = weights[step]
    labels = [_show_token(t) for t in example.src_tokens]
    axes[1].bar(range(len(row)), row, color="tab:blue")
    axes[1].set_xticks(range(len(row)), labels)
    axes[1].set_ylim(0, 1)
    axes[1].set_title(f"a_t for output '{_show_token(example.out_tokens[step])}'")
    if example.encoder_states is not None:
        states = np.asarray(example.encoder_states, dtype=float)
        context = row @ states
        top = int(row.argmax())
        axes[2].plot(states[top], "o", color="tab:orange", ms=3,
                     label=f"h_s of '{labels[top]}'")
        axes[2].plot(context, "-", color="tab:blue", lw=1, label="context c_t")
        axes[2].set_xlabel("dimension")
        axes[2].set_title("context = Σ a_s h_s")
        axes[2].legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


@torch.no_grad()
def collect_attention_examples(model: nn.Module, data: Seq2SeqData, indices: list[int], *,
                               max_len: int | None = None, device: torch.device | str = "cpu"
                               ) -> list[AttentionExample]:
    """Decode ``data``'s examples at ``indices`` greedily and keep, for each, its tokens,
    attention weights ``(out_len, src_len)`` and encoder states ``(src_len, enc_dim)``.
    The output tokens end with ``<eos>`` when the model emitted it."""
    if not indices:
        raise ValueError("indices is empty: choose at least one example")
    batch = data.batch(indices, device)
    max_len = max_len or int(batch.tgt_out.size(1)) + 1
    tokens, attn = greedy_decode(model, batch.src, batch.src_lengths, max_len)
    if attn is None:
        raise ValueError("this model has no attention to show")
    memory, _ = model.encode(batch.src, batch.src_lengths)
    examples = []
    for row, i in enumerate(indices):
        ids = tokens[row].tolist()
        n_out = ids.index(EOS_ID) + 1 if EOS_ID in ids else len(ids)
        n_src = int(batch.src_lengths[row])
        out = data.tgt_vocab.decode(ids[:n_out], strip_specials=False)
        examples.append(AttentionExample(
            name=f"#{i}: {data.pairs[i][0]}",
            src_tokens=data.source_tokens(i),
            out_tokens=out,
            weights=attn[row, :n_out, :n_src].cpu().numpy(),
            encoder_states=memory.outputs[row, :n_src].cpu().numpy(),
        ))
    return examples


class AttentionExplorer:
    """Widget: a dropdown of examples and a slider over output steps; the view shows
    :func:`render_attention_step` and a caption from :func:`describe_step`.

    ``.widget`` is the ipywidgets box to display; ``.example``, ``.step``, ``.caption`` and
    ``.image`` (the figure as PNG) are its parts (tests set values and read them);
    ``.shown`` is the (example, step) last drawn.
    """

    def __init__(self, examples: list[AttentionExample]) -> None:
        if not examples:
            raise ValueError("AttentionExplorer needs at least one example")
        self.examples = examples
        self.example = widgets.Dropdown(
            options=[(ex.name, k) for k, ex in enumerate(examples)], value=0,
            description="example", layout=widgets.Layout(width="auto"))
        # the slider counts output steps from 1, as the caption does ("step 1/11")
        self.step = widgets.IntSlider(value=1, min=1, max=len(examples[0].out_tokens),
                                      description="output step", **wide_slider())
        self.caption = widgets.HTML()
        self.image = picture()
        self.example.observe(self._on_example, names="value")
        self.step.observe(self._on_step, names="value")
        self.widget = widgets.VBox([self.example, self.step, self.caption, self.image])
        self.update()

    @property
    def current(self) -> AttentionExample:
        return self.examples[self.example.value]

    def _on_example(self, change: dict) -> None:
        restart_steps(self.step, len(self.current.out_tokens), self.update)

    def _on_step(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Redraw the caption and the figure for the current example and step."""
        index = self.step.value - 1  # the slider counts from 1
        # HTML: '<eos>' must be escaped to be seen
        self.caption.value = html.escape(describe_step(self.current, index), quote=False)
        self.shown = (self.example.value, index)
        show_figure(self.image, render_attention_step(self.current, index))
