"""What a many-to-one RNN thinks *while* it reads: P(positive) after every prefix (lesson 02).

``prefix_probabilities`` applies the classifier's head to the RNN output at every step, as if
the review ended there; ``render_prefix_probabilities`` draws one bar per word;
``prefix_explorer`` is a text box: type a review, see the bars.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from utils.data.vocab import Vocab
from utils.models.classifiers import RNNClassifier
from utils.viz.plots import picture, show_figure


def prefix_probabilities(model: RNNClassifier, vocab: Vocab, tokens: Sequence[str]
                         ) -> np.ndarray:
    """P(class 1) after each of ``tokens``: ``(time,)``; the last entry is the model's answer.

    Unknown words are read as ``<unk>``.
    """
    if len(tokens) == 0:
        raise ValueError("no tokens to read")
    ids = torch.tensor([vocab.encode(tokens)], device=next(model.parameters()).device)
    model.eval()
    logits = model.step_logits(ids)[0]  # (time, classes)
    return torch.softmax(logits, dim=-1)[:, 1].cpu().numpy()


def prefix_summary(tokens: Sequence[str], probs: np.ndarray, vocab: Vocab) -> str:
    """One line: the verdict after the last word, and any words the model has never seen."""
    if len(tokens) != len(probs) or len(tokens) == 0:
        raise ValueError(f"need one probability per token, got {len(tokens)} tokens and "
                         f"{len(probs)} probabilities")
    verdict = "positive" if probs[-1] >= 0.5 else "negative"
    unknown = [t for t in tokens if t not in vocab]
    note = f" (unknown to the model: {', '.join(unknown)})" if unknown else ""
    return f"after {tokens[-1]!r}: P(positive) = {probs[-1]:.2f} → {verdict}{note}"


def render_prefix_probabilities(
    sentences: Sequence[Sequence[str]], probs: Sequence[np.ndarray],
    titles: Sequence[str] | None = None,
) -> Figure:
    """One row of bars per sentence: P(positive) after each word (green above ½, red below)."""
    if len(sentences) == 0 or len(sentences) != len(probs):
        raise ValueError(f"need as many probability rows as sentences, got {len(sentences)} "
                         f"and {len(probs)}")
    width = max(len(s) for s in sentences)
    fig, axes = plt.subplots(len(sentences), 1, figsize=(max(5.0, 0.75 * width + 1.5),
                                                         1.8 * len(sentences)), squeeze=False)
    for i, (ax, tokens, p) in enumerate(zip(axes[:, 0], sentences, probs, strict=True)):
        if len(tokens) != len(p):
            raise ValueError(f"sentence {i} has {len(tokens)} tokens, {len(p)} probabilities")
        colours = ["tab:green" if q >= 0.5 else "tab:red" for q in p]
        ax.bar(range(len(p)), p, color=colours)
        ax.axhline(0.5, color="grey", linewidth=0.8, linestyle="--")
        ax.set_ylim(0, 1)
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_xticks(range(len(tokens)), list(tokens))
        ax.set_ylabel("P(positive)")
        if titles is not None:
            ax.set_title(titles[i], fontsize=10)
    fig.tight_layout()
    return fig


def prefix_explorer(model: RNNClassifier, vocab: Vocab, sentence: str) -> widgets.VBox:
    """A text box: each new review redraws ``render_prefix_probabilities`` and the summary.

    Children: the text box, a hint (it updates on Enter), a summary label, the plot (an
    ``Image`` widget holding a PNG, so it works without a live output area: Colab, nbclient,
    tests).
    """
    box = widgets.Text(value=sentence, description="review", continuous_update=False,
                       placeholder="type a review, then press Enter",
                       layout=widgets.Layout(width="70%"))
    hint = widgets.HTML("<i>Press Enter to score what you typed.</i>")
    summary = widgets.Label()
    image = picture()

    def show(text: str) -> None:
        tokens = text.lower().split()
        if not tokens:
            summary.value = "type a review"
            image.value = b""
            return
        probs = prefix_probabilities(model, vocab, tokens)
        summary.value = prefix_summary(tokens, probs, vocab)
        show_figure(image, render_prefix_probabilities([tokens], [probs]))

    box.observe(lambda change: show(change["new"]), names="value")
    show(box.value)
    return widgets.VBox([box, hint, summary, image])
