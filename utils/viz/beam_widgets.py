"""Seeing beam search: a step-through widget and a static beam-tree figure.

``render_beam_step_html`` lists one step's candidates (live, finished and set aside, pruned
in grey) and every hypothesis finished so far; ``plot_step_attention`` draws the attention
of one hypothesis so far; ``plot_beam_tree`` draws a whole search as a tree (step on the
x axis, back-pointers as edges). ``beam_stepper`` joins them: sliders for the time step and
the beam size, a menu for the length normalisation and one for the hypothesis whose
attention is shown. All of them read a :class:`utils.decoding.beam.BeamTrace`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from torch import Tensor, nn

from utils.data.vocab import EOS, EOS_ID
from utils.decoding.beam import (
    FINISHED,
    LIVE,
    NORMALISATIONS,
    PRUNED,
    BeamTrace,
    TraceEntry,
    beam_search,
)
from utils.viz.plots import picture, restart_steps, show_figure, use_korean_font, wide_slider

use_korean_font()  # Hangul labels in the figures below

STATUS_COLOURS = {LIVE: "#1f3b73", FINISHED: "#1a7f37", PRUNED: "#a0a0a0"}


def hypothesis_text(tokens: Sequence[int], itos: Sequence[str], joiner: str = " ") -> str:
    """Ids → readable text, ``<eos>`` written out (``[5, 7, 2]`` → ``"he hit <eos>"``)."""
    return joiner.join(EOS if t == EOS_ID else itos[t] for t in tokens)


def _check_step(trace: BeamTrace, step: int) -> None:
    if not 0 <= step < len(trace.steps):
        raise ValueError(f"step must lie in 0..{len(trace.steps) - 1}, got {step}")


def finished_so_far(trace: BeamTrace, step: int) -> list[TraceEntry]:
    """Every hypothesis set aside as finished at steps ``0..step``, best score first."""
    _check_step(trace, step)
    done = [e for s in trace.steps[:step + 1] for e in s if e.status == FINISHED]
    return sorted(done, key=lambda e: -e.score)


def render_beam_step_html(trace: BeamTrace, step: int, itos: Sequence[str], *,
                          joiner: str = " ", selected: TraceEntry | None = None) -> str:
    """An HTML table of step ``step``'s candidates (best first) and the finished list."""
    _check_step(trace, step)

    def row(e: TraceEntry) -> str:
        colour = STATUS_COLOURS[e.status]
        weight = "bold" if e is selected else "normal"
        return (f'<tr style="color:{colour};font-weight:{weight}"><td>{e.status}</td>'
                f"<td>{html.escape(hypothesis_text(e.tokens, itos, joiner))}</td>"
                f"<td>{e.log_prob:.3f}</td><td>{e.score:.3f}</td></tr>")

    head = "<tr><th>status</th><th>hypothesis</th><th>log P</th><th>score</th></tr>"
    cands = "".join(row(e) for e in trace.steps[step])
    fins = "".join(row(e) for e in finished_so_far(trace, step)) or (
        '<tr><td colspan="4">none yet</td></tr>')
    return (f"<b>step {step + 1}</b> · k = {trace.k} · normalisation = {trace.normalisation}"
            f"<table>{head}{cands}</table><b>finished so far (set aside)</b>"
            f"<table>{head}{fins}</table>")


def plot_step_attention(entry: TraceEntry, src_tokens: Sequence[str], itos: Sequence[str], *,
                        ax: Axes | None = None) -> Axes:
    """The attention ``(len(tokens), src_len)`` of one hypothesis so far as a heatmap, with a
    colour bar for the weights (0 to 1)."""
    if entry.attention is None:
        raise ValueError("this model has no attention to draw")
    if entry.attention.shape[1] != len(src_tokens):
        raise ValueError(f"src_tokens has {len(src_tokens)} tokens, the attention "
                         f"{entry.attention.shape[1]} columns")
    ax = ax or plt.subplots(figsize=(4.5, 3))[1]
    image = ax.imshow(entry.attention.numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.figure.colorbar(image, ax=ax, label="attention weight")
    ax.set_xticks(range(len(src_tokens)), list(src_tokens), rotation=90)
    ax.set_yticks(range(len(entry.tokens)), [hypothesis_text([t], itos) for t in entry.tokens])
    ax.set_xlabel("source")
    ax.set_ylabel("output so far")
    return ax


def _positions(trace: BeamTrace) -> dict[tuple[int, int], tuple[float, float]]:
    return {(t, i): (t + 1, -i) for t, step in enumerate(trace.steps) for i in range(len(step))}


def plot_beam_tree(trace: BeamTrace, itos: Sequence[str], *, ax: Axes | None = None,
                   max_candidates: int | None = None) -> Axes:
    """The whole search as a tree: one column per step, each candidate a labelled node
    (live blue, finished green square, pruned grey), an edge to the live hypothesis it
    extends. ``max_candidates`` keeps only each step's best few."""
    steps = [s[:max_candidates] for s in trace.steps]
    ax = ax or plt.subplots(figsize=(1.6 * len(steps) + 1.5, 0.45 * max(map(len, steps)) + 1))[1]
    index = [{id(e): i for i, e in enumerate(s)} for s in trace.steps]
    ax.scatter([0], [0], color="black", s=30)
    ax.annotate("<sos>", (0, 0), xytext=(-4, 6), textcoords="offset points", fontsize=8)
    for t, step in enumerate(steps):
        for i, e in enumerate(step):
            if t == 0:
                py = 0.0
            else:
                py = -index[t - 1][id(trace.live[t - 1][e.parent])]
            colour = STATUS_COLOURS[e.status]
            ax.plot([t, t + 1], [py, -i], color=colour, lw=1.2 if e.status != PRUNED else 0.8,
                    ls="-" if e.status != PRUNED else ":")
            ax.scatter([t + 1], [-i], color=colour, marker="s" if e.status == FINISHED else "o",
                       s=30, zorder=3)
            ax.annotate(f"{hypothesis_text(e.tokens[-1:], itos)} {e.score:.2f}", (t + 1, -i),
                        xytext=(4, 3), textcoords="offset points", fontsize=8, color=colour)
    ax.set_xticks(range(len(steps) + 1))
    ax.set_xlabel("time step")
    ax.set_yticks([])
    ax.set_xlim(-0.3, len(steps) + 0.9)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    handles = [plt.Line2D([], [], color=c, marker="s" if s == FINISHED else "o", ls="",
                          label=s) for s, c in STATUS_COLOURS.items()]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    ax.set_title(f"beam search, k = {trace.k} (labels: token and score)", pad=14)
    return ax


class BeamStepper:
    """The step-through widget for one sentence (see :func:`beam_stepper`).

    Controls: ``step`` (slider), ``k`` (slider), ``normalisation`` (menu), ``hypothesis``
    (menu over the step's live and finished candidates); views: ``table`` (HTML) and
    ``plot`` (an image of the selected hypothesis's attention). ``trace`` is the search.
    """

    def __init__(self, model: nn.Module, src: Tensor, src_lengths: Tensor,
                 src_tokens: Sequence[str], itos: Sequence[str], *, max_len: int, k: int = 3,
                 normalisation: str = "none", alpha: float = 0.6, joiner: str = " ",
                 max_k: int = 8) -> None:
        if src.dim() != 2 or src.size(0) != 1:
            raise ValueError(f"the stepper shows one sentence: src must be (1, src_len), got "
                             f"{tuple(src.shape)}")
        self.model, self.src, self.src_lengths = model, src, src_lengths
        self.src_tokens, self.itos, self.joiner = list(src_tokens), itos, joiner
        self.max_len, self.alpha = max_len, alpha
        self.k = widgets.IntSlider(value=k, min=1, max=max_k, description="beam k",
                                   **wide_slider())
        self.normalisation = widgets.Dropdown(options=list(NORMALISATIONS),
                                              value=normalisation, description="length norm")
        # the slider counts steps from 1, as the table does ("step 1")
        self.step = widgets.IntSlider(value=1, min=1, max=1, description="step", **wide_slider())
        self.hypothesis = widgets.Dropdown(options=[], description="attention of",
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="auto"))
        # up to 2k candidates and the finished list: the table scrolls rather than growing
        # the widget past a laptop screen
        self.table = widgets.HTML(layout=widgets.Layout(max_height="400px", overflow="auto"))
        self.plot = picture()
        self.trace: BeamTrace | None = None
        self._updating = False
        self.drawn: TraceEntry | None = None  # the hypothesis whose attention is on show
        self.search()
        self.k.observe(lambda _: self.search(), names="value")
        self.normalisation.observe(lambda _: self.search(), names="value")
        self.step.observe(lambda _: self.show_step(), names="value")
        self.hypothesis.observe(lambda _: None if self._updating else self.show(),
                                names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.k, self.normalisation]), widgets.HBox([self.step,
                                                                     self.hypothesis]),
            widgets.HBox([self.table, self.plot])])

    def search(self) -> None:
        """Re-run beam search with the current k and normalisation; back to step 1."""
        self.trace = beam_search(self.model, self.src, self.src_lengths, k=self.k.value,
                                 max_len=self.max_len, normalisation=self.normalisation.value,
                                 alpha=self.alpha, trace=True).traces[0]
        restart_steps(self.step, len(self.trace.steps), self.show_step)

    def candidates(self) -> list[TraceEntry]:
        """The live and finished candidates of the current step (what the menu offers)."""
        return [e for e in self.trace.steps[self.index] if e.status != PRUNED]

    @property
    def index(self) -> int:
        """The step on show, counted from 0 (the slider counts from 1)."""
        return self.step.value - 1

    def show_step(self) -> None:
        """Offer the step's live and finished candidates; show the best one."""
        options = [(f"{hypothesis_text(e.tokens, self.itos, self.joiner)} ({e.status})", i)
                   for i, e in enumerate(self.candidates())]
        self._updating = True
        try:
            self.hypothesis.options = options
            self.hypothesis.value = 0
        finally:
            self._updating = False
        self.show()

    def selected(self) -> TraceEntry:
        """The candidate chosen in the ``hypothesis`` menu."""
        return self.candidates()[self.hypothesis.value or 0]

    def show(self) -> None:
        """Redraw the table and the selected hypothesis's attention."""
        entry = self.selected()
        self.table.value = render_beam_step_html(self.trace, self.index, self.itos,
                                                 joiner=self.joiner, selected=entry)
        self.drawn = entry
        if entry.attention is not None:
            ax = plot_step_attention(entry, self.src_tokens, self.itos)
            ax.figure.tight_layout()
            show_figure(self.plot, ax.figure)


def beam_stepper(model: nn.Module, src: Tensor, src_lengths: Tensor, src_tokens: Sequence[str],
                 itos: Sequence[str], *, max_len: int, k: int = 3, normalisation: str = "none",
                 alpha: float = 0.6, joiner: str = " ") -> BeamStepper:
    """A :class:`BeamStepper` for one sentence (src ``(1, src_len)``); display ``.widget``."""
    return BeamStepper(model, src, src_lengths, src_tokens, itos, max_len=max_len, k=k,
                       normalisation=normalisation, alpha=alpha, joiner=joiner)


def plot_beam_step(trace: BeamTrace, step: int, entry: TraceEntry, src_tokens: Sequence[str],
                   itos: Sequence[str], *, joiner: str = " ") -> Figure:
    """The stepper's view as one static figure: the step's candidates as coloured text on
    the left, ``entry``'s attention on the right."""
    _check_step(trace, step)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.2),
                                      gridspec_kw={"width_ratios": [1.4, 1]})
    left.axis("off")
    left.set_title(f"step {step + 1}, k = {trace.k}, normalisation = {trace.normalisation}",
                   fontsize=9)
    rows = trace.steps[step] + [None] + finished_so_far(trace, step)
    for i, e in enumerate(rows):
        y = 1 - (i + 0.5) / max(len(rows), 8)
        if e is None:
            left.text(0, y, "finished so far (set aside):", fontsize=8, transform=left.transAxes)
            continue
        weight = "bold" if e is entry else "normal"
        for x, text in ((0, e.status), (0.18, hypothesis_text(e.tokens, itos, joiner)),
                        (0.85, f"{e.score:.3f}")):
            left.text(x, y, text, fontsize=8, color=STATUS_COLOURS[e.status], fontweight=weight,
                      transform=left.transAxes)
    if entry.attention is not None:
        plot_step_attention(entry, src_tokens, itos, ax=right)
    else:
        right.axis("off")
    fig.tight_layout()
    return fig
