"""The BLEU explainer: type a hypothesis and references, see every step of sentence BLEU.

``explain_bleu`` computes the pieces (tokens, which hypothesis n-grams matched after
clipping, precisions, brevity penalty, score, and sacreBLEU's score for comparison);
``render_bleu_html`` draws them as an HTML table with the matched n-grams highlighted;
``plot_bleu_breakdown`` draws the precisions, their geometric mean, BP and BLEU as bars;
``bleu_explainer`` wraps the HTML view in text boxes that redraw it on every change.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import sacrebleu
from matplotlib.axes import Axes

from utils.metrics.bleu import (
    MAX_ORDER,
    SMOOTH_METHODS,
    closest_ref_length,
    max_reference_counts,
    ngram_counts,
    sentence_bleu,
    to_tokens,
)


def matched_starts(
    hypothesis: Sequence[str], references: Sequence[Sequence[str]], n: int
) -> list[int]:
    """Start positions of the hypothesis n-grams that count as matches after clipping.

    Occurrences are credited left to right: an n-gram that the best reference holds ``k``
    times is matched at its first ``k`` occurrences in the hypothesis, the rest are clipped.
    ``len(matched_starts(...))`` equals the clipped match count of BLEU.
    """
    clip = max_reference_counts(references, n)
    used: Counter[tuple[str, ...]] = Counter()
    starts = []
    for i in range(len(hypothesis) - n + 1):
        gram = tuple(hypothesis[i:i + n])
        if used[gram] < clip[gram]:
            used[gram] += 1
            starts.append(i)
    return starts


@dataclass(frozen=True)
class OrderDetail:
    """One n-gram order: the matched start positions, counts and (smoothed) precision in %."""

    n: int
    starts: list[int]
    matched: int
    total: int
    precision: float


@dataclass(frozen=True)
class BLEUExplanation:
    """Everything the explainer shows for one hypothesis and its references."""

    hypothesis: list[str]
    references: list[list[str]]
    orders: list[OrderDetail]
    sys_len: int
    ref_len: int
    bp: float
    score: float
    sacrebleu_score: float
    smooth_method: str
    effective_order: int

    @property
    def geometric_mean(self) -> float:
        """Geometric mean of the precisions used (in %), before the brevity penalty."""
        used = [o.precision for o in self.orders[:self.effective_order]]
        if not used or min(used) == 0:
            return 0.0
        return math.exp(sum(math.log(p) for p in used) / len(used))


def explain_bleu(
    hypothesis: str,
    references: Sequence[str],
    *,
    smooth_method: str = "exp",
    tokenize: str = "13a",
    max_order: int = MAX_ORDER,
) -> BLEUExplanation:
    """Sentence BLEU (sacreBLEU's sentence defaults: effective order) taken apart."""
    refs = [r for r in references if r is not None and r.strip()]
    if not refs:
        raise ValueError("type at least one non-empty reference")
    result = sentence_bleu(hypothesis, refs, smooth_method=smooth_method, tokenize=tokenize,
                           max_order=max_order)
    theirs = sacrebleu.sentence_bleu(hypothesis, refs, smooth_method=smooth_method,
                                     tokenize=tokenize)
    hyp = to_tokens(hypothesis, tokenizer=tokenize)
    ref_tokens = [to_tokens(r, tokenizer=tokenize) for r in refs]
    orders = []
    for n in range(1, max_order + 1):
        starts = matched_starts(hyp, ref_tokens, n)
        total = sum(ngram_counts(hyp, n).values())
        orders.append(OrderDetail(n, starts, len(starts), total, result.precisions[n - 1]))
    return BLEUExplanation(
        hypothesis=hyp, references=ref_tokens, orders=orders, sys_len=len(hyp),
        ref_len=closest_ref_length(len(hyp), [len(r) for r in ref_tokens]), bp=result.bp,
        score=result.score, sacrebleu_score=theirs.score, smooth_method=smooth_method,
        effective_order=result.effective_order,
    )


_COLOURS = {1: "#d9f0d3", 2: "#a6dba0", 3: "#5aae61", 4: "#1b7837"}


def _highlight(tokens: Sequence[str], starts: Sequence[int], n: int) -> str:
    covered = {i + k for i in starts for k in range(n)}
    colour = _COLOURS.get(n, "#1b7837")
    text_colour = "white" if n >= 3 else "black"
    parts = []
    for i, tok in enumerate(tokens):
        word = html.escape(tok)
        if i in covered:
            parts.append(f'<mark style="background:{colour};color:{text_colour};'
                         f'padding:0 2px">{word}</mark>')
        else:
            parts.append(f'<span style="color:#999">{word}</span>')
    return " ".join(parts) or "<i>(empty)</i>"


def render_bleu_html(ex: BLEUExplanation) -> str:
    """An HTML table: one row per n-gram order with the matched n-grams highlighted in the
    hypothesis, ``matched / total`` and the precision; then lengths, BP and the scores."""
    rows = []
    for o in ex.orders:
        used = o.n <= ex.effective_order
        note = "" if used else " (not used: no n-gram of this order)"
        rows.append(
            f"<tr><td>{o.n}-grams</td><td style='text-align:left'>"
            f"{_highlight(ex.hypothesis, o.starts, o.n)}</td>"
            f"<td>{o.matched} / {o.total}</td><td>{o.precision:.1f} %{note}</td></tr>"
        )
    refs = "<br>".join(html.escape(" ".join(r)) for r in ex.references)
    same = "✅ equal" if abs(ex.score - ex.sacrebleu_score) < 1e-9 else "❌ different"
    return (
        "<div style='font-family:sans-serif'>"
        f"<p><b>references</b> (tokenised):<br>{refs}</p>"
        "<table><tr><th>order</th><th style='text-align:left'>hypothesis, matched n-grams "
        "highlighted (clipped)</th><th>matched / total</th><th>precision</th></tr>"
        + "".join(rows) + "</table>"
        f"<p>geometric mean of the precisions: <b>{ex.geometric_mean:.2f} %</b> "
        f"(smoothing: {ex.smooth_method})<br>"
        f"hypothesis length c = {ex.sys_len}, closest reference length r = {ex.ref_len}, "
        f"brevity penalty BP = {'1' if ex.sys_len >= ex.ref_len else 'exp(1 − r/c)'} = "
        f"<b>{ex.bp:.4f}</b><br>"
        f"BLEU = BP × geometric mean = <b>{ex.score:.2f}</b> · sacreBLEU: "
        f"<b>{ex.sacrebleu_score:.2f}</b> ({same})</p></div>"
    )


def plot_bleu_breakdown(ex: BLEUExplanation, ax: Axes | None = None) -> Axes:
    """Bars: p_1..p_N, their geometric mean, BP (× 100) and BLEU, all on a 0–100 scale."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 2.6), layout="constrained")
    labels = [f"p{o.n}" for o in ex.orders] + ["geo.\nmean", "BP\n× 100", "BLEU"]
    values = [o.precision for o in ex.orders] + [ex.geometric_mean, 100 * ex.bp, ex.score]
    colours = [_COLOURS.get(o.n, "#1b7837") for o in ex.orders] + ["#999999", "#f4a582", "#2166ac"]
    bars = ax.bar(labels, values, color=colours, edgecolor="black", linewidth=0.5)
    ax.bar_label(bars, fmt="%.1f", fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_ylabel("%")
    sentence = " ".join(ex.hypothesis)[:60] or "(empty hypothesis)"
    ax.set_title(f"{sentence}  (smoothing: {ex.smooth_method})", fontsize=9)
    return ax


def bleu_explainer(
    hypothesis: str = "", references: Sequence[str] = ("",), *, smooth_method: str = "exp"
) -> widgets.VBox:
    """Text box (hypothesis), text area (one reference per line), smoothing menu, and the
    HTML view of ``render_bleu_html``, redrawn on every change.
    The view follows every keystroke (one explanation takes milliseconds, so no debounce is
    needed). Children: ``(hypothesis, references, smoothing, view)``."""
    if smooth_method not in SMOOTH_METHODS:
        raise ValueError(f"smooth_method must be one of {SMOOTH_METHODS}, got {smooth_method!r}")
    hyp_box = widgets.Text(value=hypothesis, description="hypothesis",
                           continuous_update=True, layout=widgets.Layout(width="95%"))
    refs_box = widgets.Textarea(value="\n".join(references), description="references",
                                placeholder="one reference per line", continuous_update=True,
                                layout=widgets.Layout(width="95%", height="5em"))
    smoothing = widgets.Dropdown(options=list(SMOOTH_METHODS), value=smooth_method,
                                 description="smoothing")
    view = widgets.HTML()

    def update(_change: object = None) -> None:
        refs = [line for line in refs_box.value.splitlines() if line.strip()]
        try:
            view.value = render_bleu_html(
                explain_bleu(hyp_box.value, refs, smooth_method=smoothing.value))
        except ValueError as err:
            view.value = f"<p style='color:#b2182b'>{html.escape(str(err))}</p>"

    for control in (hyp_box, refs_box, smoothing):
        control.observe(update, names="value")
    update()
    return widgets.VBox([hyp_box, refs_box, smoothing, view])
