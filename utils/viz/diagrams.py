"""The course's static diagrams, drawn with matplotlib: the unrolled RNN, the LSTM and GRU
cells, the encoder–decoder, attention at one decoder step, a beam-search tree and the BLEU
pipeline. ``scripts/draw_images.py`` writes them to ``img/<name>.svg``.

Every ``draw_*`` function builds a :class:`~matplotlib.figure.Figure` directly (no pyplot,
so no figure is left open) on one axes whose data units are inches, and returns it. Every
number on a figure is computed here from the example it shows (the beam-search totals and
ranks from :data:`BEAM_TREE`, the BLEU statistics from the sentences, the attention
weights from the scores), never typed in. :func:`save_svg` writes a figure so that drawing
it again gives a byte-identical file (fixed hash salt, no date, text as paths).

The palette extends lesson 01's (``utils.viz.rnn_diagrams.COLOURS``): inputs red, hidden
states green, outputs blue, in every figure.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from utils.viz.rnn_diagrams import COLOURS as RNN_COLOURS

# --------------------------------------------------------------------------- style

#: rcParams every diagram is drawn and saved under.
STYLE: dict[str, Any] = {
    "svg.hashsalt": "sequence-models-step-by-step",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 11,
}

INPUT = RNN_COLOURS["input"]
HIDDEN = RNN_COLOURS["hidden"]
OUTPUT = RNN_COLOURS["output"]
DECODER = "#b3e0d6"  # decoder hidden states
SIGMOID = "#ffd98e"  # sigmoid gate layers
TANH = "#d7c8f0"  # tanh layers
CONTEXT = "#f9c58d"  # context vectors, attention weights
CONTEXT_DARK = "#e08a2e"
REFERENCE = "#fff0c2"  # BLEU references
PANEL = "#f5f5f5"
PANEL_EDGE = "#d9d9d9"
EDGE = "#3d3d3d"
INK = "#1e1e1e"
MUTED = "#9a9a9a"
ACCENT = "#c0392b"  # what each figure wants you to look at
DONE = "#2e7d32"
DONE_FILL = "#dcefd9"

TITLE_SIZE = 15
LABEL_SIZE = 13
TEXT_SIZE = 11.5
SMALL_SIZE = 10.5

MINUS = "\u2212"

#: A matplotlib line style: a name ("-", "--") or a dash pattern (offset, (on, off, ...)).
LineStyle = str | tuple[float, tuple[float, ...]]


@contextmanager
def diagram_style() -> Iterator[None]:
    """Temporarily set :data:`STYLE` (fonts, deterministic SVG output)."""
    with matplotlib.rc_context(STYLE):
        yield


def _styled(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Run a drawing function under :func:`diagram_style` (fonts are fixed at creation)."""

    @wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        with diagram_style():
            return draw(*args, **kwargs)

    return wrapper


def save_svg(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` to ``path`` as SVG, reproducibly (the same bytes every time)."""
    path = Path(path)
    with diagram_style():
        fig.savefig(path, format="svg", metadata={"Date": None})
    return path


def figure_texts(fig: Figure) -> list[str]:
    """Every text string drawn on ``fig`` (figure texts and every axes' texts)."""
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.texts]
    return texts


def _num(x: float, digits: int = 1) -> str:
    """``x`` with a typographic minus sign."""
    return f"{x:.{digits}f}".replace("-", MINUS)


# --------------------------------------------------------------------------- primitives


def _canvas(width: float, height: float, title: str) -> tuple[Figure, Axes]:
    """A white figure of ``width`` × ``height`` inches with one axes in inch units."""
    fig = Figure(figsize=(width, height), facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    ax.text(width / 2, height - 0.32, title, ha="center", va="center", fontsize=TITLE_SIZE,
            fontweight="bold", color=INK)
    return fig, ax


def _text(ax: Axes, x: float, y: float, s: str, size: float = TEXT_SIZE, **kw: Any) -> None:
    kw = {"ha": "center", "va": "center", "color": INK, "zorder": 6, **kw}
    ax.text(x, y, s, fontsize=size, **kw)


def _box(ax: Axes, x: float, y: float, w: float, h: float, text: str = "", *,
         fc: str = "white", ec: str = EDGE, lw: float = 1.2, ls: LineStyle = "-",
         size: float = LABEL_SIZE, color: str = INK, weight: str = "normal",
         round_: float = 0.06, gid: str | None = None, zorder: float = 3) -> None:
    """A rounded box of outer size ``w`` × ``h`` centred on ``(x, y)``, with ``text``."""
    patch = FancyBboxPatch((x - w / 2 + round_, y - h / 2 + round_), w - 2 * round_,
                           h - 2 * round_, boxstyle=f"round,pad={round_}", facecolor=fc,
                           edgecolor=ec, linewidth=lw, linestyle=ls, zorder=zorder)
    if gid:
        patch.set_gid(gid)
    ax.add_patch(patch)
    if text:
        _text(ax, x, y, text, size, color=color, fontweight=weight, zorder=zorder + 1)


def _gate(ax: Axes, x: float, y: float, name: str, symbol: str, fc: str) -> None:
    """A neural-network layer: a box with its name above its nonlinearity."""
    _box(ax, x, y, 0.98, 0.68, fc=fc)
    _text(ax, x, y + 0.15, name, SMALL_SIZE)
    _text(ax, x, y - 0.12, symbol, 13)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], *,
           color: str = EDGE, lw: float = 1.4, ls: LineStyle = "-", head: bool = True,
           zorder: float = 2) -> None:
    """A straight arrow from exactly ``start`` to exactly ``end`` (or a line, ``head=False``)."""
    style = "-|>,head_length=0.55,head_width=0.25" if head else "-"
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=12, color=color,
                                 linewidth=lw, linestyle=ls, shrinkA=0, shrinkB=0,
                                 zorder=zorder, joinstyle="miter"))


def _path(ax: Axes, points: Sequence[tuple[float, float]], *, color: str = EDGE,
          lw: float = 1.4, ls: LineStyle = "-", head: bool = True, zorder: float = 2) -> None:
    """A polyline through ``points``; an arrowhead on the last segment if ``head``."""
    if len(points) > 2:
        xs, ys = zip(*points[:-1], strict=True)
        ax.plot(xs, ys, color=color, lw=lw, ls=ls, zorder=zorder, solid_joinstyle="miter",
                solid_capstyle="butt")
    _arrow(ax, points[-2], points[-1], color=color, lw=lw, ls=ls, head=head, zorder=zorder)


def _dot(ax: Axes, x: float, y: float, color: str = EDGE, r: float = 0.045) -> None:
    """A junction where a line branches."""
    ax.add_patch(Circle((x, y), r, facecolor=color, edgecolor="none", zorder=5))


OP_RADIUS = 0.17


def _op(ax: Axes, x: float, y: float, kind: str, *, ec: str = EDGE) -> None:
    """A pointwise operation: ``"mul"`` (⊙), ``"add"`` (⊕) or ``"one_minus"`` (1−)."""
    r = OP_RADIUS
    ax.add_patch(Circle((x, y), r, facecolor="white", edgecolor=ec, linewidth=1.4, zorder=5))
    if kind == "add":
        ax.plot([x - 0.6 * r, x + 0.6 * r], [y, y], color=ec, lw=1.6, zorder=6)
        ax.plot([x, x], [y - 0.6 * r, y + 0.6 * r], color=ec, lw=1.6, zorder=6)
    elif kind == "mul":
        ax.add_patch(Circle((x, y), 0.28 * r, facecolor=ec, edgecolor="none", zorder=6))
    elif kind == "one_minus":
        _text(ax, x, y, f"1{MINUS}", SMALL_SIZE, zorder=7)
    else:
        raise ValueError(f"unknown operation {kind!r}")


def _panel(ax: Axes, x0: float, y0: float, x1: float, y1: float, title: str) -> None:
    """A light background panel with a bold title in its top-left corner."""
    ax.add_patch(FancyBboxPatch((x0 + 0.1, y0 + 0.1), x1 - x0 - 0.2, y1 - y0 - 0.2,
                                boxstyle="round,pad=0.1", facecolor=PANEL,
                                edgecolor=PANEL_EDGE, linewidth=1.0, zorder=0))
    _text(ax, x0 + 0.15, y1 - 0.2, title, TEXT_SIZE, ha="left", fontweight="bold",
          color="#555555", zorder=1)


# --------------------------------------------------------------------------- 1. RNN


@_styled
def draw_rnn_unrolled(steps: int = 3) -> Figure:
    """A vanilla RNN unrolled in time: ``h_0`` on the left, ``steps`` columns
    ``x_t → h_t → y_t``, an ellipsis and the last column ``T``, with the same ``W_xh``,
    ``W_hh``, ``W_hy`` on every arrow and the update equations underneath."""
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    dx, bw, bh = 1.45, 0.86, 0.6
    x_h0 = 0.95
    xs = [x_h0 + dx * (i + 1) for i in range(steps)]
    x_dots = xs[-1] + 1.2
    x_last = x_dots + 1.2
    width = x_last + 1.0
    y_in, y_h, y_out = 1.55, 2.8, 4.05
    fig, ax = _canvas(width, 5.45, "A vanilla RNN unrolled in time")
    _text(ax, width / 2, 4.92, "the same weights $W_{xh}$, $W_{hh}$, $W_{hy}$ at every step",
          TEXT_SIZE, color=ACCENT)

    columns = [(x, str(i + 1)) for i, x in enumerate(xs)] + [(x_last, "T")]
    for x, t in columns:
        _box(ax, x, y_in, bw, bh, f"$x_{{{t}}}$", fc=INPUT)
        _box(ax, x, y_h, bw, bh, f"$h_{{{t}}}$", fc=HIDDEN)
        _box(ax, x, y_out, bw, bh, f"$y_{{{t}}}$", fc=OUTPUT)
        _arrow(ax, (x, y_in + bh / 2), (x, y_h - bh / 2))
        _arrow(ax, (x, y_h + bh / 2), (x, y_out - bh / 2))
        _text(ax, x + 0.08, (y_in + y_h) / 2, "$W_{xh}$", SMALL_SIZE, ha="left")
        _text(ax, x + 0.08, (y_h + y_out) / 2, "$W_{hy}$", SMALL_SIZE, ha="left")
    for y in (y_in, y_h, y_out):
        _text(ax, x_dots, y, "\u22ef", 16)

    _box(ax, x_h0, y_h, bw, bh, "$h_0$", fc="#e6f3e4", ls="--")
    _text(ax, x_h0, y_h - 0.55, "initial state\n(zeros)", SMALL_SIZE, color="#555555",
          linespacing=1.1)
    _text(ax, x_h0, y_in, "inputs", SMALL_SIZE, color="#555555", style="italic")
    _text(ax, x_h0, y_out, "outputs", SMALL_SIZE, color="#555555", style="italic")
    chain = [x_h0, *xs]
    for a, b in zip(chain, chain[1:], strict=False):
        _arrow(ax, (a + bw / 2, y_h), (b - bw / 2, y_h), color=ACCENT, lw=1.6)
        _text(ax, (a + b) / 2, y_h + 0.17, "$W_{hh}$", SMALL_SIZE, color=ACCENT)
    _arrow(ax, (xs[-1] + bw / 2, y_h), (x_dots - 0.3, y_h), color=ACCENT, lw=1.6)
    _text(ax, (xs[-1] + bw / 2 + x_dots - 0.3) / 2, y_h + 0.17, "$W_{hh}$", SMALL_SIZE,
          color=ACCENT)
    _arrow(ax, (x_dots + 0.3, y_h), (x_last - bw / 2, y_h), color=ACCENT, lw=1.6)
    _text(ax, (x_dots + 0.3 + x_last - bw / 2) / 2, y_h + 0.17, "$W_{hh}$", SMALL_SIZE,
          color=ACCENT)

    _arrow(ax, (xs[0] - bw / 2, 0.95), (x_last + bw / 2, 0.95), color=MUTED, lw=1.1)
    _text(ax, x_last + bw / 2 + 0.08, 0.95, "time", SMALL_SIZE, ha="left", color=MUTED)
    _text(ax, width / 2, 0.4,
          r"$h_t = \tanh(x_t\,W_{xh} + h_{t-1}\,W_{hh} + b)$" + "        "
          r"$y_t = h_t\,W_{hy} + b_y$" + "        " + r"$h_0 = 0$", LABEL_SIZE)
    return fig


# --------------------------------------------------------------------------- 2. LSTM


@_styled
def draw_lstm_cell() -> Figure:
    """An LSTM cell: the four gate layers on ``[x_t, h_{t-1}]``, the cell-state line
    ``c_{t-1} → ⊙ f_t → ⊕ i_t ⊙ g_t → c_t`` across the top (the additive path) and
    ``h_t = o_t ⊙ tanh(c_t)``, with the equations of ``nn.LSTM`` underneath."""
    fig, ax = _canvas(9.6, 7.2, "An LSTM cell")
    top, mid, gate_y, bus = 5.75, 4.85, 3.9, 3.05
    xf, xi, xg, xo, xc = 2.75, 3.9, 5.05, 6.2, 7.4
    x_in, x_out = 0.35, 9.1
    r = OP_RADIUS
    ax.add_patch(FancyBboxPatch((1.45, 2.7), 6.65, 3.55, boxstyle="round,pad=0.12",
                                facecolor=PANEL, edgecolor=PANEL_EDGE, lw=1.2, zorder=0))

    # the cell state: the additive path
    _arrow(ax, (x_in, top), (xf - r, top), color=ACCENT, lw=2.6)
    _arrow(ax, (xf + r, top), (xg - r, top), color=ACCENT, lw=2.6)
    _arrow(ax, (xg + r, top), (x_out, top), color=ACCENT, lw=2.6)
    _op(ax, xf, top, "mul")
    _op(ax, xg, top, "add")
    _text(ax, x_in + 0.05, top + 0.22, "$c_{t-1}$", LABEL_SIZE, ha="left", color=ACCENT)
    _text(ax, x_out - 0.05, top + 0.22, "$c_t$", LABEL_SIZE, ha="right", color=ACCENT)
    _text(ax, (xg + xc) / 2 + 0.1, top + 0.27, "cell state: the additive path", SMALL_SIZE,
          color=ACCENT, style="italic")

    # the input bus [x_t, h_{t-1}] and the four layers
    _path(ax, [(x_in, bus), (xo, bus), (xo, gate_y - 0.34)])
    _arrow(ax, (1.95, 1.95), (1.95, bus), head=False)
    _dot(ax, 1.95, bus)
    _text(ax, 1.95, 1.78, "$x_t$", LABEL_SIZE)
    _text(ax, x_in + 0.05, bus + 0.22, "$h_{t-1}$", LABEL_SIZE, ha="left")
    _text(ax, 2.05, bus - 0.2, "$[x_t,\\ h_{t-1}]$", SMALL_SIZE, ha="left", color="#555555")
    for x in (xf, xi, xg):
        _dot(ax, x, bus)
        _arrow(ax, (x, bus), (x, gate_y - 0.34))
    _gate(ax, xf, gate_y, "forget", r"$\sigma$", SIGMOID)
    _gate(ax, xi, gate_y, "input", r"$\sigma$", SIGMOID)
    _gate(ax, xg, gate_y, "candidate", "tanh", TANH)
    _gate(ax, xo, gate_y, "output", r"$\sigma$", SIGMOID)

    # forget: f_t ⊙ c_{t-1};  input: i_t ⊙ g_t added
    _arrow(ax, (xf, gate_y + 0.34), (xf, top - r))
    _text(ax, xf + 0.08, (gate_y + top) / 2 + 0.1, "$f_t$", LABEL_SIZE, ha="left")
    _path(ax, [(xi, gate_y + 0.34), (xi, mid), (xg - r, mid)])
    _text(ax, (xi + xg) / 2 - 0.05, mid + 0.17, "$i_t$", LABEL_SIZE)
    _arrow(ax, (xg, gate_y + 0.34), (xg, mid - r))
    _text(ax, xg + 0.08, (gate_y + 0.34 + mid - r) / 2, "$g_t$", LABEL_SIZE, ha="left")
    _op(ax, xg, mid, "mul")
    _arrow(ax, (xg, mid + r), (xg, top - r))
    _text(ax, xg + 0.08, (mid + top) / 2, r"$i_t \odot g_t$", SMALL_SIZE, ha="left")

    # output: h_t = o_t ⊙ tanh(c_t)
    _dot(ax, xc, top, ACCENT, r=0.055)
    _arrow(ax, (xc, top), (xc, 4.98), color=ACCENT, lw=1.6)
    _box(ax, xc, 4.78, 0.72, 0.4, "tanh", fc=TANH, size=SMALL_SIZE)
    _arrow(ax, (xc, 4.58), (xc, gate_y + r))
    _op(ax, xc, gate_y, "mul")
    _arrow(ax, (xo + 0.49, gate_y), (xc - r, gate_y))
    _text(ax, (xo + 0.49 + xc - r) / 2, gate_y + 0.17, "$o_t$", LABEL_SIZE)
    _path(ax, [(xc, gate_y - r), (xc, bus), (x_out, bus)])
    _text(ax, x_out - 0.05, bus + 0.22, "$h_t$", LABEL_SIZE, ha="right")
    _text(ax, x_out - 0.05, 2.38, "$h_t$: to step $t{+}1$ and to the output layer",
          SMALL_SIZE, ha="right", color="#555555")

    eqs = [r"$f_t = \sigma(x_t\,W_{xf} + h_{t-1}\,W_{hf} + b_f)$",
           r"$i_t = \sigma(x_t\,W_{xi} + h_{t-1}\,W_{hi} + b_i)$",
           r"$g_t = \tanh(x_t\,W_{xg} + h_{t-1}\,W_{hg} + b_g)$",
           r"$o_t = \sigma(x_t\,W_{xo} + h_{t-1}\,W_{ho} + b_o)$"]
    for k, eq in enumerate(eqs):
        _text(ax, 0.45, 1.3 - 0.33 * k, eq, TEXT_SIZE, ha="left")
    _text(ax, 5.0, 1.3, r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$", TEXT_SIZE, ha="left",
          color=ACCENT)
    _text(ax, 5.0, 0.97, r"$h_t = o_t \odot \tanh(c_t)$", TEXT_SIZE, ha="left")
    _text(ax, 5.0, 0.55, "$\\sigma$: sigmoid,  $\\odot$: element-wise product.\n"
          "nn.LSTM computes the same (gate order i, f, g, o;\n"
          "weights stored transposed; bias = b_ih + b_hh).", SMALL_SIZE, ha="left",
          va="center", color="#555555", linespacing=1.25)
    return fig


# --------------------------------------------------------------------------- 3. GRU


@_styled
def draw_gru_cell() -> Figure:
    """A GRU cell in PyTorch's (``nn.GRU``) convention: reset ``r_t``, update ``z_t``,
    candidate ``n_t`` (the lecture's ``h̃_t``) and
    ``h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}``, written out on the figure."""
    fig, ax = _canvas(9.6, 7.2, "A GRU cell (PyTorch's nn.GRU convention)")
    top, mid, gate_y, bus = 5.75, 4.85, 3.9, 3.05
    x_branch, x_x, xz, xr, xn = 1.6, 2.15, 2.95, 5.0, 6.5
    x_in, x_out = 0.35, 9.1
    r = OP_RADIUS
    ax.add_patch(FancyBboxPatch((1.2, 2.7), 6.45, 3.55, boxstyle="round,pad=0.12",
                                facecolor=PANEL, edgecolor=PANEL_EDGE, lw=1.2, zorder=0))

    # the state line: z_t ⊙ h_{t-1} + (1 − z_t) ⊙ n_t
    _arrow(ax, (x_in, top), (xz - r, top), color=ACCENT, lw=2.6)
    _arrow(ax, (xz + r, top), (xn - r, top), color=ACCENT, lw=2.6)
    _arrow(ax, (xn + r, top), (x_out, top), color=ACCENT, lw=2.6)
    _op(ax, xz, top, "mul")
    _op(ax, xn, top, "add")
    _text(ax, x_in + 0.05, top + 0.22, "$h_{t-1}$", LABEL_SIZE, ha="left", color=ACCENT)
    _text(ax, x_out - 0.05, top + 0.22, "$h_t$", LABEL_SIZE, ha="right", color=ACCENT)
    _text(ax, (xz + xn) / 2, top + 0.22, r"$z_t \odot h_{t-1}$  (the old state, kept)",
          SMALL_SIZE, color=ACCENT)

    # h_{t-1} also feeds the gates: the bus [x_t, h_{t-1}]
    _dot(ax, x_branch, top, ACCENT, r=0.055)
    _path(ax, [(x_branch, top), (x_branch, bus), (xn, bus), (xn, gate_y - 0.34)])
    _arrow(ax, (x_x, 1.95), (x_x, bus), head=False)
    _dot(ax, x_x, bus)
    _text(ax, x_x, 1.78, "$x_t$", LABEL_SIZE)
    _text(ax, x_x + 0.1, bus - 0.2, "$[x_t,\\ h_{t-1}]$", SMALL_SIZE, ha="left",
          color="#555555")
    for x in (xz, xr):
        _dot(ax, x, bus)
        _arrow(ax, (x, bus), (x, gate_y - 0.34))
    _gate(ax, xz, gate_y, "update", r"$\sigma$", SIGMOID)
    _gate(ax, xr, gate_y, "reset", r"$\sigma$", SIGMOID)
    _gate(ax, xn, gate_y, "candidate", "tanh", TANH)

    # z_t to the state line and, as 1 − z_t, to the candidate
    _arrow(ax, (xz, gate_y + 0.34), (xz, top - r))
    _dot(ax, xz, mid)
    _text(ax, xz + 0.08, (gate_y + 0.34 + mid) / 2, "$z_t$", LABEL_SIZE, ha="left")
    _arrow(ax, (xz, mid), (xr - r, mid))
    _op(ax, xr, mid, "one_minus")
    _arrow(ax, (xr + r, mid), (xn - r, mid))
    _text(ax, (xr + xn) / 2, mid + 0.18, "$1 - z_t$", SMALL_SIZE)
    _op(ax, xn, mid, "mul")
    _arrow(ax, (xr + 0.49, gate_y), (xn - 0.49, gate_y))
    _text(ax, (xr + xn) / 2, gate_y + 0.17, "$r_t$", LABEL_SIZE)
    _arrow(ax, (xn, gate_y + 0.34), (xn, mid - r))
    _text(ax, xn + 0.08, (gate_y + 0.34 + mid - r) / 2, r"$n_t = \tilde h_t$", SMALL_SIZE,
          ha="left")
    _arrow(ax, (xn, mid + r), (xn, top - r))
    _text(ax, xn + 0.08, (mid + top) / 2, r"$(1 - z_t) \odot n_t$", SMALL_SIZE, ha="left")

    eqs = [r"$r_t = \sigma(x_t\,W_{ir} + h_{t-1}\,W_{hr} + b_r)$",
           r"$z_t = \sigma(x_t\,W_{iz} + h_{t-1}\,W_{hz} + b_z)$",
           r"$n_t = \tanh(x_t\,W_{in} + b_{in} + r_t \odot (h_{t-1}\,W_{hn} + b_{hn}))$"]
    for k, eq in enumerate(eqs):
        _text(ax, 0.45, 1.3 - 0.33 * k, eq, TEXT_SIZE, ha="left")
    _text(ax, 0.45, 0.3, r"candidate $n_t$ (written $\tilde h_t$ in lecture notes); "
          r"$r_t$ acts after the product $h_{t-1}\,W_{hn}$", SMALL_SIZE, ha="left",
          color="#555555")
    _box(ax, 7.4, 1.0, 3.8, 1.05, fc="white", ec=ACCENT, lw=1.6)
    _text(ax, 7.4, 1.22, r"$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$", LABEL_SIZE,
          color=ACCENT)
    _text(ax, 7.4, 0.8, "$z_t$ weights the OLD state: $z_t = 1$ keeps $h_{t-1}$,\n"
          "$z_t = 0$ takes the candidate $n_t$", SMALL_SIZE, linespacing=1.25)
    return fig


# --------------------------------------------------------------------------- 4. seq2seq

SOURCE = ("i", "am", "a", "student")
TARGET = ("je", "suis", "étudiant")


@_styled
def draw_encoder_decoder(source: Sequence[str] = SOURCE,
                         target: Sequence[str] = TARGET) -> Figure:
    """A seq2seq encoder–decoder: the encoder reads ``source``; its final state is the one
    fixed-size context vector; the decoder starts from ``<sos>``, feeds back each output
    token and ends with ``<eos>``."""
    if not source or not target:
        raise ValueError("source and target must be non-empty")
    n_src, n_tgt = len(source), len(target) + 1
    dx, bw, bh = 1.05, 0.74, 0.56
    enc_x = [0.95 + dx * i for i in range(n_src)]
    x_ctx = enc_x[-1] + 1.3
    dec_x = [x_ctx + 1.3 + dx * j for j in range(n_tgt)]
    width = dec_x[-1] + 0.85
    y_tok, y_state, y_out = 1.25, 2.6, 3.95
    fig, ax = _canvas(width, 5.6, "Seq2seq: an encoder, a decoder and one context vector")
    _panel(ax, enc_x[0] - 0.6, 0.6, enc_x[-1] + 0.6, 4.75, "encoder")
    _panel(ax, dec_x[0] - 0.6, 0.6, dec_x[-1] + 0.6, 4.75, "decoder")

    for s, (x, tok) in enumerate(zip(enc_x, source, strict=True), start=1):
        _box(ax, x, y_tok, bw, bh, tok, fc=INPUT, size=TEXT_SIZE)
        _box(ax, x, y_state, bw, bh, f"$h_{s}$", fc=HIDDEN)
        _arrow(ax, (x, y_tok + bh / 2), (x, y_state - bh / 2))
    for a, b in zip(enc_x, enc_x[1:], strict=False):
        _arrow(ax, (a + bw / 2, y_state), (b - bw / 2, y_state))

    _text(ax, (enc_x[0] + enc_x[-1]) / 2, y_out,
          f"only the final state $h_{n_src}$\nreaches the decoder",
          SMALL_SIZE, color="#555555", linespacing=1.3)

    inputs = ["<sos>", *target]
    outputs = [*target, "<eos>"]
    for j, x in enumerate(dec_x):
        _box(ax, x, y_tok, bw, bh, inputs[j], fc=INPUT, size=TEXT_SIZE)
        _box(ax, x, y_state, bw, bh, f"$s_{j + 1}$", fc=DECODER)
        _box(ax, x, y_out, bw, bh, outputs[j], fc=OUTPUT, size=TEXT_SIZE)
        _arrow(ax, (x, y_tok + bh / 2), (x, y_state - bh / 2))
        _arrow(ax, (x, y_state + bh / 2), (x, y_out - bh / 2))
    for a, b in zip(dec_x, dec_x[1:], strict=False):
        _arrow(ax, (a + bw / 2, y_state), (b - bw / 2, y_state))
        _arrow(ax, (a + bw / 2 - 0.06, y_out - bh / 2), (b - bw / 2 + 0.06, y_tok + bh / 2),
               color=MUTED, lw=1.2, ls=(0, (3, 2)))
    _text(ax, (dec_x[0] + dec_x[-1]) / 2, 0.38,
          "dashed: each output token is fed back as the next input", SMALL_SIZE,
          color="#555555")

    # the context vector: four cells of one fixed-size vector
    cell = 0.22
    for k in range(4):
        ax.add_patch(Rectangle((x_ctx - cell / 2, y_state - 2 * cell + k * cell), cell, cell,
                               facecolor=CONTEXT, edgecolor=EDGE, lw=1.1, zorder=3))
    _arrow(ax, (enc_x[-1] + bw / 2, y_state), (x_ctx - cell / 2, y_state), color=ACCENT,
           lw=1.8)
    _arrow(ax, (x_ctx + cell / 2, y_state), (dec_x[0] - bw / 2, y_state), color=ACCENT,
           lw=1.8)
    _text(ax, x_ctx, y_state - 2 * cell - 0.2, f"$c = h_{n_src}$", TEXT_SIZE)
    _text(ax, x_ctx, y_state + 2 * cell + 0.5, "fixed-size\ncontext vector\n(the bottleneck)",
          SMALL_SIZE, color=ACCENT, fontweight="bold", linespacing=1.15)
    return fig


# --------------------------------------------------------------------------- 5. attention

#: The attention example: scores of the decoder state s_2 (about to write "suis", after
#: "je") against the encoder states of "i am a student".
ATTENTION_SCORES = (0.2, 2.5, 0.4, 1.1)


def attention_weights(scores: Sequence[float]) -> list[float]:
    """The softmax of ``scores`` (max-subtracted, so it never overflows)."""
    m = max(scores)
    e = [math.exp(s - m) for s in scores]
    return [v / sum(e) for v in e]


@_styled
def draw_attention(source: Sequence[str] = SOURCE,
                   scores: Sequence[float] = ATTENTION_SCORES,
                   previous: str = "je", predicted: str = "suis") -> Figure:
    """Attention at one decoder step ``t``: scores ``e_{t,s} = score(s_t, h_s)``, their
    softmax ``α_{t,s}`` (bars, and line widths), the context ``c_t = Σ_s α_{t,s} h_s`` and
    its combination with ``s_t`` to predict ``y_t``."""
    if len(source) != len(scores) or not scores:
        raise ValueError(f"need one score per source token, got {len(scores)} scores for "
                         f"{len(source)} tokens")
    alphas = attention_weights(scores)
    dx, bw, bh = 1.42, 0.9, 0.52
    xs = [1.15 + dx * i for i in range(len(source))]
    x_dec = xs[-1] + 3.35
    width = x_dec + 1.45
    y_tok, y_h, y_score, y_soft, y_bar, y_sum = 0.75, 1.6, 2.65, 3.4, 3.75, 5.65
    bar_scale = 1.05
    fig, ax = _canvas(width, 7.4, "Attention at one decoder step t")
    right = xs[-1] + 0.75  # where the row descriptions start

    for s, (x, tok) in enumerate(zip(xs, source, strict=True), start=1):
        _box(ax, x, y_tok, bw, 0.44, tok, fc=INPUT, size=TEXT_SIZE)
        _arrow(ax, (x, y_tok + 0.22), (x, y_h - bh / 2))
        _box(ax, x, y_h, bw, bh, f"$h_{s}$", fc=HIDDEN)
        _arrow(ax, (x, y_h + bh / 2), (x, y_score - 0.25))
    for a, b in zip(xs, xs[1:], strict=False):
        _arrow(ax, (a + bw / 2, y_h), (b - bw / 2, y_h))
    _text(ax, right, y_h, "encoder states $h_s$", TEXT_SIZE, ha="left")

    # decoder state s_t: the query
    _box(ax, x_dec, y_h, bw, bh, "$s_t$", fc=DECODER)
    _text(ax, x_dec, y_tok - 0.05, f"decoder state after\n$y_{{t-1}}$ = {previous}",
          SMALL_SIZE, color="#555555", linespacing=1.2)
    _path(ax, [(x_dec, y_h + bh / 2), (x_dec, y_score), (xs[0] - 0.55, y_score)],
          color="#2a9d8f", lw=1.4, head=False, zorder=1)
    _dot(ax, x_dec, y_score, "#2a9d8f")
    _text(ax, right, y_score + 0.2, r"$e_{t,s} = \mathrm{score}(s_t, h_s)$", TEXT_SIZE,
          ha="left")
    _text(ax, right, y_score - 0.2, "query $s_t$ meets every $h_s$", SMALL_SIZE, ha="left",
          color="#2a9d8f")
    for s, (x, e) in enumerate(zip(xs, scores, strict=True), start=1):
        _box(ax, x, y_score, 1.08, 0.5)
        _text(ax, x, y_score, f"$e_{{t,{s}}} = {_num(e)}$", TEXT_SIZE,
              gid=f"attention-score-{s}")
        _arrow(ax, (x, y_score + 0.25), (x, y_soft - 0.2))

    _box(ax, (xs[0] + xs[-1]) / 2, y_soft, xs[-1] - xs[0] + 1.1, 0.4, "softmax over s",
         fc=CONTEXT, size=TEXT_SIZE)
    _text(ax, right, y_soft, r"$\alpha_{t,s} = \mathrm{softmax}_s(e_{t,s})$", TEXT_SIZE,
          ha="left")

    # the weights as bars, then as line widths into the weighted sum
    x_sum = (xs[0] + xs[-1]) / 2
    for s, (x, a) in enumerate(zip(xs, alphas, strict=True), start=1):
        top = y_bar + bar_scale * a
        ax.add_patch(Rectangle((x - 0.22, y_bar), 0.44, bar_scale * a, facecolor=CONTEXT,
                               edgecolor=CONTEXT_DARK, lw=1.1, zorder=3))
        _text(ax, x + 0.28, y_bar + 0.12, f"$\\alpha_{{t,{s}}} = {a:.2f}$", SMALL_SIZE,
              ha="left", gid=f"attention-weight-{s}")
        _arrow(ax, (x, top), (x_sum, y_sum - 0.24), color=CONTEXT_DARK,
               lw=0.6 + 7 * a, head=False, zorder=1)
    _text(ax, right, y_bar + 0.45, "weights $\\alpha_{t,s}$ (they sum to 1);\n"
          "line width $\\propto \\alpha_{t,s}$", TEXT_SIZE, ha="left", linespacing=1.3)
    ax.add_patch(Circle((x_sum, y_sum), 0.24, facecolor="white", edgecolor=EDGE, lw=1.4,
                        zorder=5))
    _text(ax, x_sum, y_sum, r"$\Sigma$", LABEL_SIZE)

    # context, combination, prediction
    x_ctx = right + 0.7
    _box(ax, x_ctx, y_sum, 1.25, 0.52, "$c_t$", fc=CONTEXT)
    _arrow(ax, (x_sum + 0.24, y_sum), (x_ctx - 0.625, y_sum))
    _text(ax, (x_sum + x_ctx - 0.6) / 2 + 0.1, y_sum + 0.27,
          r"$c_t = \sum_s \alpha_{t,s}\, h_s$", TEXT_SIZE)
    _box(ax, x_dec, y_sum, 1.8, 0.6, r"$\tilde s_t = \tanh(W_c\,[c_t; s_t])$", fc=DECODER,
         size=TEXT_SIZE)
    _arrow(ax, (x_ctx + 0.625, y_sum), (x_dec - 0.9, y_sum))
    _arrow(ax, (x_dec, y_score), (x_dec, y_sum - 0.3), color="#2a9d8f", lw=1.4)
    _box(ax, x_dec, 6.65, 1.8, 0.5, f"$y_t$ = {predicted}", fc=OUTPUT, size=TEXT_SIZE)
    _arrow(ax, (x_dec, y_sum + 0.3), (x_dec, 6.4))
    _text(ax, x_dec + 0.08, 6.13, "softmax", SMALL_SIZE, ha="left")
    return fig


# --------------------------------------------------------------------------- 6. beam search

EOS = "<eos>"
#: prefix → {next token: log-probability}: the likeliest next tokens of every prefix the
#: beam expands (the rest of the vocabulary shares the probability left over).
BEAM_TREE: dict[tuple[str, ...], dict[str, float]] = {
    (): {"the": -0.5, "cats": -1.2, "a": -2.5},
    ("the",): {"cat": -0.9, "dog": -1.0},
    ("cats",): {"sleep": -0.1, "sat": -2.6},
    ("the", "cat"): {"sleeps": -0.4, "sat": -1.4},
    ("cats", "sleep"): {EOS: -0.4, "soundly": -1.3},
}
BEAM_K = 2
LIVE, FINISHED, PRUNED = "live", "finished", "pruned"


@dataclass(frozen=True)
class BeamCandidate:
    """One candidate of one beam-search step: its ``tokens``, the log-probability of its
    last token (``log_prob``), the sum along the path (``total``), its ``rank`` among the
    step's candidates (1 = best) and its ``status``: ``live`` (kept in the beam),
    ``finished`` (ends in ``<eos>``, ranked in the top k, set aside) or ``pruned``."""

    tokens: tuple[str, ...]
    log_prob: float
    total: float
    rank: int
    status: str


def beam_steps(tree: dict[tuple[str, ...], dict[str, float]] = BEAM_TREE, k: int = BEAM_K,
               steps: int = 3) -> list[list[BeamCandidate]]:
    """Run beam search over ``tree`` for ``steps`` steps, with the rule of
    ``utils.decoding.beam.beam_search``: rank every extension of the live hypotheses by summed
    log-probability; those ending in ``<eos>`` and ranked in the top ``k`` finish, the ``k``
    best others stay live, the rest are pruned. Returns each step's candidates, best first.
    """
    live: list[tuple[tuple[str, ...], float]] = [((), 0.0)]
    out = []
    for _ in range(steps):
        cands = []
        for prefix, total in live:
            if prefix not in tree:
                raise ValueError(f"the tree does not list the next tokens of {prefix}")
            for tok, lp in tree[prefix].items():
                cands.append((prefix + (tok,), lp, total + lp))
        cands.sort(key=lambda c: -c[2])
        step, live, n_live = [], [], 0
        for rank, (tokens, lp, total) in enumerate(cands, start=1):
            if tokens[-1] == EOS:
                status = FINISHED if rank <= k else PRUNED
            elif n_live < k:
                status, n_live = LIVE, n_live + 1
                live.append((tokens, total))
            else:
                status = PRUNED
            step.append(BeamCandidate(tokens, lp, total, rank, status))
        out.append(step)
    return out


def _slug(tokens: Sequence[str]) -> str:
    return "-".join("eos" if t == EOS else t for t in tokens) or "sos"


@_styled
def draw_beam_tree(tree: dict[tuple[str, ...], dict[str, float]] = BEAM_TREE,
                   k: int = BEAM_K, steps: int = 3) -> Figure:
    """Beam search with beam size ``k`` drawn as a tree: each edge shows the token's
    log-probability, each box the total along its path and its rank; kept hypotheses bold,
    the finished one green, pruned ones grey and dashed."""
    history = beam_steps(tree, k, steps)
    by_tokens = {c.tokens: c for step in history for c in step}
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for c in by_tokens.values():
        children.setdefault(c.tokens[:-1], []).append(c.tokens)

    order: list[tuple[str, ...]] = []  # leaves top to bottom, depth first

    def visit(node: tuple[str, ...]) -> None:
        kids = sorted(children.get(node, []), key=lambda t: by_tokens[t].rank)
        # kept children first, so the surviving branches stay together
        kids.sort(key=lambda t: by_tokens[t].status == PRUNED)
        if not kids:
            order.append(node)
        for kid in kids:
            visit(kid)

    visit(())
    dy, y_bottom = 0.8, 2.1  # leaves top to bottom; the legend goes below y_bottom
    ys = {leaf: y_bottom + dy * (len(order) - 1 - i) for i, leaf in enumerate(order)}
    y_top = max(ys.values())

    def y_of(node: tuple[str, ...]) -> float:
        if node not in ys:
            kids = children[node]
            ys[node] = sum(y_of(kid) for kid in kids) / len(kids)
        return ys[node]

    y_of(())
    col_dx, bw, bh = 2.55, 1.34, 0.56
    x_of = [0.95 + col_dx * d for d in range(steps + 1)]
    width = x_of[-1] + 1.75
    fig, ax = _canvas(width, y_top + 1.3, f"Beam search, beam size k = {k}")
    for d in range(steps + 1):
        _text(ax, x_of[d], y_top + 0.6, f"step {d}" if d else "start", TEXT_SIZE,
              fontweight="bold")

    def at(node: tuple[str, ...]) -> tuple[float, float]:
        return x_of[len(node)], ys[node]

    x0, y0 = at(())
    _box(ax, x0, y0, bw, bh, fc="#eeeeee", lw=1.8, gid="beam-root")
    _text(ax, x0, y0 + 0.1, "<sos>", TEXT_SIZE)
    _text(ax, x0, y0 - 0.14, f"total {_num(0.0)}", SMALL_SIZE - 1, color="#555555")
    for c in by_tokens.values():
        (x, y), (px, py) = at(c.tokens), at(c.tokens[:-1])
        slug = _slug(c.tokens)
        colour = {LIVE: INK, FINISHED: DONE, PRUNED: MUTED}[c.status]
        fill = {LIVE: "white", FINISHED: DONE_FILL, PRUNED: "#f4f4f4"}[c.status]
        lw = 1.0 if c.status == PRUNED else 2.2
        ls = (0, (4, 2.5)) if c.status == PRUNED else "-"
        _arrow(ax, (px + bw / 2, py), (x - bw / 2, y), color=colour, lw=lw * 0.9, ls=ls,
               head=False, zorder=1)
        _text(ax, (px + bw / 2 + x - bw / 2) / 2, (py + y) / 2, _num(c.log_prob), SMALL_SIZE,
              color=colour, style="italic", gid=f"beam-logp-{slug}",
              bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none"})
        _box(ax, x, y, bw, bh, fc=fill, ec=colour, lw=lw, ls=ls, gid=f"beam-{c.status}-{slug}")
        pruned = c.status == PRUNED
        _text(ax, x, y + 0.1, c.tokens[-1], TEXT_SIZE, color=MUTED if pruned else INK,
              fontweight="normal" if pruned else "bold", gid=f"beam-token-{slug}")
        _text(ax, x, y - 0.14, f"total {_num(c.total)}", SMALL_SIZE - 1, color=colour,
              gid=f"beam-total-{slug}")
        bx, by = x + bw / 2 - 0.02, y + bh / 2 - 0.02
        ax.add_patch(Circle((bx, by), 0.14, facecolor="white" if pruned else colour,
                            edgecolor=colour, lw=1.0, zorder=7))
        _text(ax, bx, by, f"#{c.rank}", SMALL_SIZE - 2, color=colour if pruned else "white",
              fontweight="bold", zorder=8, gid=f"beam-rank-{slug}")
        if c.status == FINISHED:
            _text(ax, x + bw / 2 + 0.1, y - 0.1, "finished", SMALL_SIZE - 1, color=DONE,
                  fontweight="bold", style="italic", ha="left")

    lines = [("edge: log p(token | prefix)     box: total = sum of the log-probabilities on "
              "its path     #: rank among the step's candidates", INK),
             (f"bold: the k = {k} best unfinished candidates, kept in the beam     green: <eos> "
              "ranked in the top k, finished     grey, dashed: pruned", INK)]
    finished = [c for c in by_tokens.values() if c.status == FINISHED]
    best = max(finished, key=lambda c: c.total, default=None)
    last_live = [c.total for c in history[-1] if c.status == LIVE]
    if best is not None and best.total > max(last_live, default=-math.inf):
        path = [by_tokens[best.tokens[:i]].log_prob for i in range(1, len(best.tokens) + 1)]
        terms = f" {MINUS} ".join(_num(abs(lp)) for lp in path)
        lines.append((f"\u201c{' '.join(best.tokens[:-1])}\u201d: {MINUS}{terms} = "
                      f"{_num(best.total)} is the best finished hypothesis: every live one is "
                      "already lower,", DONE))
        lines.append(("and each further token only lowers a total (log-probabilities are "
                      "\u2264 0), so no live one can overtake it", DONE))
    for i, (line, colour) in enumerate(lines):
        _text(ax, 0.3, 1.25 - 0.3 * i, line, SMALL_SIZE, ha="left", color=colour,
              gid=f"beam-legend-{i}")
    return fig


# --------------------------------------------------------------------------- 7. BLEU

BLEU_HYPOTHESIS = "the the cat sat on the mat"
BLEU_REFERENCES = ("the cat sat on the soft red mat", "there is a cat sitting on the mat today")


@dataclass(frozen=True)
class BleuExample:
    """Sentence BLEU of ``hypothesis`` against ``references`` (whitespace tokens), part by
    part: per order ``n = 1..4`` the hypothesis' n-gram count ``totals[n-1]``, how many of
    them occur in some reference (``matches``, unclipped) and the clipped count
    (``clipped``, each n-gram counted at most as often as in one reference); the modified
    precisions ``p_n``; hypothesis length ``c``; closest reference length ``r``; ``bp``;
    ``geo_mean = exp(mean log p_n)`` and ``bleu = bp * geo_mean`` (in 0..1)."""

    hypothesis: str
    references: tuple[str, ...]
    totals: tuple[int, ...]
    matches: tuple[int, ...]
    clipped: tuple[int, ...]
    precisions: tuple[float, ...]
    c: int
    r: int
    bp: float
    geo_mean: float
    bleu: float
    clipped_ngrams: tuple[tuple[str, int, int], ...]  # (n-gram, in hypothesis, max in a ref)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def bleu_example(hypothesis: str = BLEU_HYPOTHESIS,
                 references: Sequence[str] = BLEU_REFERENCES, max_n: int = 4) -> BleuExample:
    """Compute sentence BLEU from scratch (no smoothing: every ``p_n`` must be positive)."""
    hyp = hypothesis.split()
    refs = [ref.split() for ref in references]
    if not hyp or not refs or not all(refs):
        raise ValueError("need a non-empty hypothesis and non-empty references")
    totals, matches, clipped, clipped_ngrams = [], [], [], []
    for n in range(1, max_n + 1):
        h = _ngrams(hyp, n)
        ref_counts = [_ngrams(ref, n) for ref in refs]
        max_ref = {g: max(rc[g] for rc in ref_counts) for g in h}
        totals.append(sum(h.values()))
        matches.append(sum(cnt for g, cnt in h.items() if max_ref[g] > 0))
        clipped.append(sum(min(cnt, max_ref[g]) for g, cnt in h.items()))
        clipped_ngrams += [(" ".join(g), cnt, max_ref[g]) for g, cnt in h.items()
                           if 0 < max_ref[g] < cnt]
    if min(clipped) == 0:
        raise ValueError(f"some p_n is 0 (clipped counts {clipped}): pick another example")
    precisions = [m / t for m, t in zip(clipped, totals, strict=True)]
    c = len(hyp)
    r = min((len(ref) for ref in refs), key=lambda length: (abs(length - c), length))
    bp = 1.0 if c >= r else math.exp(1 - r / c)
    geo_mean = math.exp(sum(math.log(p) for p in precisions) / max_n)
    return BleuExample(hypothesis, tuple(references), tuple(totals), tuple(matches),
                       tuple(clipped), tuple(precisions), c, r, bp, geo_mean, bp * geo_mean,
                       tuple(clipped_ngrams))


@_styled
def draw_bleu_pipeline(hypothesis: str = BLEU_HYPOTHESIS,
                       references: Sequence[str] = BLEU_REFERENCES) -> Figure:
    """The BLEU pipeline on a worked example: n-gram counts → clipped counts → modified
    precisions ``p_1..p_4`` → geometric mean; lengths ``c``, ``r`` → brevity penalty;
    ``BLEU = BP · exp(mean log p_n)``. Every number is computed by :func:`bleu_example`."""
    ex = bleu_example(hypothesis, references)
    fig, ax = _canvas(10.0, 8.2, "BLEU, step by step (one sentence)")
    grey = "#555555"

    # the sentences
    rows = [("hypothesis", ex.hypothesis, OUTPUT)] + [
        (f"reference {i}", ref, REFERENCE) for i, ref in enumerate(ex.references, start=1)]
    for k, (label, sentence, fill) in enumerate(rows):
        y = 7.2 - 0.48 * k
        _text(ax, 1.55, y, label, TEXT_SIZE, ha="right", fontweight="bold")
        _box(ax, 4.45, y, 5.5, 0.4, fc=fill, lw=1.0)
        _text(ax, 1.85, y, sentence, TEXT_SIZE, ha="left")
        _text(ax, 7.35, y, f"{len(sentence.split())} words", SMALL_SIZE, ha="left", color=grey)

    # precision lane: n-gram counts, clipping, p_n
    x0, x1, y_head = 0.4, 6.75, 5.1
    ax.add_patch(FancyBboxPatch((x0 + 0.06, 2.81), x1 - x0 - 0.12, 2.58,
                                boxstyle="round,pad=0.06", facecolor=PANEL,
                                edgecolor=PANEL_EDGE, zorder=0))
    _arrow(ax, (3.55, 5.98), (3.55, 5.45))
    _text(ax, 3.7, 5.7, "count the n-grams of the hypothesis (words split on spaces)",
          SMALL_SIZE, ha="left", color=grey, style="italic")
    cols = [("n", 0.8, "n"), ("total", 1.95, "n-grams in\nhypothesis"),
            ("matches", 3.3, "found in a\nreference"), ("clipped", 4.65, "clipped\ncount"),
            ("p", 5.9, "$p_n$ = clipped\n/ n-grams")]
    for _, x, head in cols:
        _text(ax, x, y_head, head, SMALL_SIZE, fontweight="bold", linespacing=1.1)
    ax.plot([x0 + 0.15, x1 - 0.15], [y_head - 0.3] * 2, color=PANEL_EDGE, lw=1.0, zorder=1)
    for n in range(1, 5):
        y = y_head - 0.62 - 0.38 * (n - 1)
        t, m, cl = ex.totals[n - 1], ex.matches[n - 1], ex.clipped[n - 1]
        values = {"n": str(n), "total": str(t), "matches": str(m), "clipped": str(cl),
                  "p": f"{cl}/{t} = {ex.precisions[n - 1]:.3f}"}
        for key, x, _ in cols:
            _text(ax, x, y, values[key], TEXT_SIZE, gid=f"bleu-{key}-{n}",
                  color=ACCENT if key == "clipped" and cl < m else INK)
    notes = [f"\u201c{g}\u201d is {cnt}\u00d7 in the hypothesis but at most {mx}\u00d7 in one "
             f"reference, so it counts {mx}\u00d7" for g, cnt, mx in ex.clipped_ngrams]
    _text(ax, x0 + 0.2, 3.0, "clipping: " + ("; ".join(notes) or "nothing to clip"),
          SMALL_SIZE, ha="left", color=ACCENT)

    # length lane: c and r
    xl, y_len = 8.4, 4.1
    _arrow(ax, (xl, 5.98), (xl, y_len + 0.7))
    _box(ax, xl, y_len, 2.6, 1.4)
    _text(ax, xl, y_len + 0.38, f"c = {ex.c}", LABEL_SIZE, gid="bleu-c")
    _text(ax, xl, y_len + 0.12, "hypothesis length", SMALL_SIZE, color=grey)
    _text(ax, xl, y_len - 0.22, f"r = {ex.r}", LABEL_SIZE, gid="bleu-r")
    _text(ax, xl, y_len - 0.48, "closest reference length", SMALL_SIZE, color=grey)

    # geometric mean and brevity penalty
    y_g, x_g = 1.95, 3.55
    _arrow(ax, (x_g, 2.75), (x_g, y_g + 0.4))
    _box(ax, x_g, y_g, 5.0, 0.8, fc=CONTEXT)
    _text(ax, x_g, y_g + 0.2, "geometric mean of $p_1, \\ldots, p_4$", SMALL_SIZE)
    _text(ax, x_g, y_g - 0.12, r"$\exp\left(\frac{1}{4}\sum_{n=1}^{4} \log p_n\right)$"
          f" = {ex.geo_mean:.4f}", TEXT_SIZE, gid="bleu-geo-mean")
    _arrow(ax, (xl, y_len - 0.7), (xl, y_g + 0.4))
    _box(ax, xl, y_g, 2.8, 0.8, fc=CONTEXT)
    _text(ax, xl, y_g + 0.2, "brevity penalty  BP = min(1, $e^{1 - r/c}$)", SMALL_SIZE)
    bp_text = (f"BP = $e^{{1 - {ex.r}/{ex.c}}}$ = {ex.bp:.4f}" if ex.bp < 1
               else f"BP = 1  (c = {ex.c} \u2265 r = {ex.r})")
    _text(ax, xl, y_g - 0.12, bp_text, TEXT_SIZE, gid="bleu-bp")

    # BLEU
    y_b = 0.7
    _box(ax, 5.0, y_b, 8.0, 0.9, fc=OUTPUT, lw=1.6)
    _text(ax, 5.0, y_b + 0.17,
          r"BLEU = BP $\cdot$ $\exp\left(\frac{1}{4}\sum_{n=1}^{4} \log p_n\right)$"
          f" = {ex.bp:.4f} \u00d7 {ex.geo_mean:.4f} = {ex.bleu:.4f}", TEXT_SIZE,
          gid="bleu-score")
    _text(ax, 5.0, y_b - 0.24, f"on sacreBLEU's 0\u2013100 scale: {100 * ex.bleu:.2f}",
          TEXT_SIZE, fontweight="bold", gid="bleu-score-100")
    _arrow(ax, (x_g, y_g - 0.4), (x_g, y_b + 0.45))
    _arrow(ax, (xl, y_g - 0.4), (xl, y_b + 0.45))
    return fig
