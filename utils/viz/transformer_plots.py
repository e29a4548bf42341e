"""Pictures of the Transformer: positional encodings, attention heads, and a widget to pick
the kind of attention, the layer, the head and the decoder's output step.

A :class:`HeadExample` holds every attention weight of one decoded example
(``utils.models.transformer.AttentionMaps`` for one sentence, as NumPy arrays):
encoder self-attention (source × source), decoder self-attention (output step × decoder
input) and cross-attention (output step × source). Row ``t`` of a decoder map is the step
that wrote output token ``t``; its query is the decoder input at ``t`` (``<sos>`` first,
then the previous outputs).
"""

from __future__ import annotations

import html
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

from utils.data.seq2seq import Seq2SeqData
from utils.data.vocab import EOS_ID, SOS, SOS_ID
from utils.decoding.greedy import greedy_decode
from utils.viz.attention_plots import plot_attention
from utils.viz.plots import picture, restart_steps, show_figure, wide_slider

#: The three kinds of attention in an encoder–decoder Transformer, as the widget names them.
KINDS = {"encoder": "encoder self-attention", "decoder": "decoder self-attention (causal)",
         "cross": "cross-attention (decoder → encoder)"}


def _show(token: str) -> str:
    return "_" if token == " " else token


def plot_positional_encoding(table: np.ndarray | torch.Tensor) -> Figure:
    """Two panels for a positional table ``(length, d_model)``: the table itself
    (positions × features) and the dot products between the positions' vectors."""
    table = np.asarray(table, dtype=float)
    if table.ndim != 2 or table.size == 0:
        raise ValueError(f"table must be (length, d_model), got shape {table.shape}")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6),
                                   gridspec_kw={"width_ratios": [1.4, 1]})
    im = ax1.imshow(table, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
    fig.colorbar(im, ax=ax1, fraction=0.05, pad=0.02)
    ax1.set(xlabel="feature (sin, cos, sin, cos, …: slower to the right)", ylabel="position",
            title="positional encodings PE[pos, :]")
    gram = table @ table.T
    im = ax2.imshow(gram, cmap="viridis", aspect="auto")
    fig.colorbar(im, ax=ax2, fraction=0.05, pad=0.02)
    ax2.set(xlabel="position", ylabel="position", title="dot products PE[i] · PE[j]")
    fig.tight_layout()
    return fig


class HeadExample(NamedTuple):
    """One decoded example and every attention weight of the model on it:
    ``encoder (layers, heads, src_len, src_len)``, ``decoder (layers, heads, out_len,
    out_len)``, ``cross (layers, heads, out_len, src_len)``."""

    name: str
    src_tokens: list[str]
    out_tokens: list[str]
    encoder: np.ndarray
    decoder: np.ndarray
    cross: np.ndarray

    def inputs(self) -> list[str]:
        """The decoder's input at each step: ``<sos>``, then every output but the last."""
        return [SOS, *self.out_tokens[:-1]]

    def weights(self, kind: str, layer: int, head: int) -> tuple[np.ndarray, list[str],
                                                                  list[str]]:
        """``(weights (n_q, n_k), key tokens, query tokens)`` of one head (0-based)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {list(KINDS)}, got {kind!r}")
        maps = getattr(self, kind)
        if not (0 <= layer < maps.shape[0] and 0 <= head < maps.shape[1]):
            raise ValueError(f"layer and head must lie in [0, {maps.shape[0]}) and "
                             f"[0, {maps.shape[1]}), got {layer}, {head}")
        keys = {"encoder": self.src_tokens, "decoder": self.inputs(),
                "cross": self.src_tokens}[kind]
        queries = self.src_tokens if kind == "encoder" else self.out_tokens
        return maps[layer, head], keys, queries


@torch.no_grad()
def collect_head_examples(model: nn.Module, data: Seq2SeqData, indices: list[int], *,
                          device: torch.device | str = "cpu") -> list[HeadExample]:
    """Decode ``data``'s examples at ``indices`` greedily with a
    ``utils.models.transformer.TransformerSeq2Seq`` and record every attention weight of
    the model on its own output (``attention_maps`` fed ``<sos>`` + the output)."""
    if not indices:
        raise ValueError("indices is empty: choose at least one example")
    examples = []
    for i in indices:
        b = data.batch([i], device)
        tokens, _ = greedy_decode(model, b.src, b.src_lengths, int(b.tgt_out.size(1)) + 1)
        ids = tokens[0].tolist()
        ids = ids[:ids.index(EOS_ID) + 1] if EOS_ID in ids else ids
        tgt_in = torch.tensor([[SOS_ID, *ids[:-1]]], device=device)
        maps = model.attention_maps(b.src, b.src_lengths, tgt_in)
        enc, dec, cross = (m[:, 0].cpu().numpy() for m in maps)  # drop the batch axis
        examples.append(HeadExample(f"#{i}: {data.pairs[i][0]}", data.source_tokens(i),
                                    data.tgt_vocab.decode(ids, strip_specials=False),
                                    enc, dec, cross))
    return examples


def describe_head(example: HeadExample, kind: str, layer: int, head: int, step: int) -> str:
    """One line: which attention, layer, head (counted from 1), and where query row ``step``
    (0-based: an output step for the decoder's maps, a source token for the encoder's)
    looks most."""
    weights, keys, queries = example.weights(kind, layer, head)
    if not 0 <= step < len(queries):
        raise ValueError(f"step must lie in [0, {len(queries)}), got {step}")
    s = int(weights[step].argmax())
    where = "decoder input" if kind == "decoder" else "source"
    query = (f"source token {step + 1}/{len(queries)} '{_show(queries[step])}'"
             if kind == "encoder" else
             f"step {step + 1}/{len(queries)} writes '{_show(queries[step])}' and")
    return (f"{KINDS[kind]}, layer {layer + 1}, head {head + 1}: {query} looks most at "
            f"{where} token {s + 1} '{_show(keys[s])}' (weight {weights[step, s]:.2f})")


def render_head(example: HeadExample, kind: str, layer: int, head: int, step: int = 0
                ) -> Figure:
    """One head's heatmap with query row ``step`` (0-based: an output step, or a source
    token for the encoder's map) framed in red, and that row drawn as bars beside it."""
    weights, keys, queries = example.weights(kind, layer, head)
    describe_head(example, kind, layer, head, step)  # validates step
    fig, (ax, bars) = plt.subplots(1, 2, figsize=(9.5, 3.6),
                                   gridspec_kw={"width_ratios": [1.3, 1]})
    plot_attention(weights, keys, queries, ax=ax, highlight=step,
                   title=f"{KINDS[kind]}\nlayer {layer + 1}, head {head + 1}", colorbar=True)
    ax.set_xlabel({"encoder": "source (keys)", "decoder": "decoder input (keys)",
                   "cross": "source (keys)"}[kind])
    ax.set_ylabel("source (queries)" if kind == "encoder" else "output step (queries)")
    bars.bar(range(len(keys)), weights[step], color="tab:blue")
    bars.set_xticks(range(len(keys)), [_show(t) for t in keys],
                    rotation=90 if max(map(len, keys)) > 1 else 0)
    bars.set_ylim(0, 1)
    bars.set_title(f"source token {step + 1}: '{_show(queries[step])}'" if kind == "encoder"
                   else f"step {step + 1}: writing '{_show(queries[step])}'")
    fig.tight_layout()
    return fig


def render_layer_heads(example: HeadExample, kind: str, layer: int, *, per_row: int = 4
                       ) -> Figure:
    """Every head of one layer, ``per_row`` to a row (one colour scale, 0–1)."""
    heads = getattr(example, kind).shape[1]
    rows, cols = -(-heads // per_row), min(heads, per_row)
    fig, axes = plt.subplots(rows, cols, figsize=(3.3 * cols + 0.8, 3.2 * rows + 0.4),
                             squeeze=False)
    for h, ax in enumerate(axes.flat):
        if h >= heads:
            ax.axis("off")
            continue
        weights, keys, queries = example.weights(kind, layer, h)
        plot_attention(weights, keys, queries, ax=ax, title=f"head {h + 1}",
                       colorbar=h % cols == cols - 1 or h == heads - 1,
                       colorbar_label="attention weight")
        if h % cols:
            ax.set_ylabel("")
        if h < heads - cols:
            ax.set_xlabel("")
    fig.suptitle(f"{KINDS[kind]}, layer {layer + 1}: {example.name}")
    fig.tight_layout()
    return fig


class HeadExplorer:
    """Widget: choose an example, the kind of attention, the layer, the head and the query
    row (an output step, or a source token for the encoder's map); shows
    :func:`render_head` and a caption from :func:`describe_head`.

    ``.widget`` is the box to display; ``.example``, ``.kind``, ``.layer``, ``.head``,
    ``.step``, ``.caption`` and ``.image`` are its parts (tests set values and read them);
    ``.shown`` is the ``(example, kind, layer, head, step)`` last drawn (0-based).
    Sliders count from 1, as the caption does.
    """

    def __init__(self, examples: list[HeadExample], *, kind: str = "cross") -> None:
        if not examples:
            raise ValueError("HeadExplorer needs at least one example")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {list(KINDS)}, got {kind!r}")
        self.examples = examples
        layers, heads = examples[0].cross.shape[:2]
        style, width = {"description_width": "initial"}, widgets.Layout(width="300px")
        self.example = widgets.Dropdown(options=[(ex.name, k) for k, ex in enumerate(examples)],
                                        value=0, description="example",
                                        layout=widgets.Layout(width="auto"))
        self.kind = widgets.Dropdown(options=[(v, k) for k, v in KINDS.items()], value=kind,
                                     description="attention", style=style,
                                     layout=widgets.Layout(width="auto"))
        self.layer = widgets.IntSlider(value=layers, min=1, max=layers, description="layer",
                                       style=style, layout=width)
        self.head = widgets.IntSlider(value=1, min=1, max=heads, description="head",
                                      style=style, layout=width)
        # a row of its own: up to one position per source character, ~8 px of track each
        self.step = widgets.IntSlider(value=1, min=1, max=self.n_queries(0, kind),
                                      description="query", **wide_slider())
        self.caption = widgets.HTML()
        self.image = picture()
        for control in (self.example, self.kind):
            control.observe(self._on_rows, names="value")
        for control in (self.layer, self.head, self.step):
            control.observe(lambda change: self.update(), names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.example, self.kind]),
            widgets.HBox([self.layer, self.head]), self.step,
            self.caption, self.image])
        self.update()

    @property
    def current(self) -> HeadExample:
        return self.examples[self.example.value]

    def n_queries(self, example: int, kind: str) -> int:
        """The query rows of one map: source tokens (encoder) or output steps."""
        ex = self.examples[example]
        return len(ex.src_tokens if kind == "encoder" else ex.out_tokens)

    def _on_rows(self, change: dict) -> None:
        restart_steps(self.step, self.n_queries(self.example.value, self.kind.value),
                      self.update)

    def update(self) -> None:
        """Redraw the caption and the figure for the current choices."""
        kind = self.kind.value
        layer, head, step = self.layer.value - 1, self.head.value - 1, self.step.value - 1
        self.caption.value = html.escape(describe_head(self.current, kind, layer, head, step),
                                         quote=False)
        self.shown = (self.example.value, kind, layer, head, step)
        show_figure(self.image, render_head(self.current, kind, layer, head, step))
