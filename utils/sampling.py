"""Generating text from a language model: temperature sampling, greedy decoding, repetition.

``softmax_with_temperature(logits, T)`` divides the logits by ``T`` before the softmax:
``T < 1`` sharpens the distribution (towards greedy), ``T > 1`` flattens it (towards
uniform). ``generate`` feeds each chosen token back in; ``distinct_ngram_ratio`` measures
how repetitive the result is. ``temperature_widget`` lets you move ``T`` and watch both the
next-token distribution and a sample change.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import Tensor

from utils.lm import RNNModel


def softmax_with_temperature(logits: Tensor, temperature: float) -> Tensor:
    """``softmax(logits / T)`` over the last axis; ``logits``: ``(..., vocab)``."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    if logits.ndim == 0 or logits.shape[-1] == 0:
        raise ValueError(f"logits need a vocabulary axis, got shape {tuple(logits.shape)}")
    return torch.softmax(logits.float() / temperature, dim=-1)


@torch.no_grad()
def next_token_probs(model: RNNModel, prompt_ids: Sequence[int], temperature: float = 1.0
                     ) -> Tensor:
    """P(next token | prompt) at ``temperature``, ``(vocab,)``."""
    if len(prompt_ids) == 0:
        raise ValueError("the prompt needs at least one token")
    model.eval()
    device = next(model.parameters()).device
    logits, _ = model(torch.tensor([list(prompt_ids)], device=device))
    return softmax_with_temperature(logits[0, -1].cpu(), temperature)


@torch.no_grad()
def generate(
    model: RNNModel,
    prompt_ids: Sequence[int],
    length: int,
    *,
    temperature: float = 1.0,
    greedy: bool = False,
    generator: torch.Generator | None = None,
    banned: Sequence[int] = (),
) -> list[int]:
    """Continue ``prompt_ids`` by ``length`` tokens; returns only the new ids.

    Each step reads the previous token with the carried state and either takes the most
    likely next token (``greedy``) or samples from ``softmax(logits / temperature)`` with
    ``generator`` (seed it for a reproducible sample). ``banned`` ids (e.g. ``<pad>``) are
    never produced.
    """
    if len(prompt_ids) == 0:
        raise ValueError("the prompt needs at least one token")
    if length < 0:
        raise ValueError(f"length must be >= 0, got {length}")
    if not greedy and not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    model.eval()
    device = next(model.parameters()).device
    logits, state = model(torch.tensor([list(prompt_ids)], device=device))
    last = logits[0, -1].cpu()
    out: list[int] = []
    for _ in range(length):
        if banned:
            last = last.clone()
            last[list(banned)] = -float("inf")
        if greedy:
            token = int(last.argmax())
        else:
            probs = softmax_with_temperature(last, temperature)
            token = int(torch.multinomial(probs, 1, generator=generator))
        out.append(token)
        logits, state = model(torch.tensor([[token]], device=device), state)
        last = logits[0, -1].cpu()
    return out


def distinct_ngram_ratio(tokens: Sequence, n: int) -> float:
    """Distinct n-grams ÷ all n-grams of ``tokens``: 1.0 = nothing repeats, → 0 = a loop."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    if not grams:
        raise ValueError(f"need at least {n} tokens to count {n}-grams, got {len(tokens)}")
    return len(set(grams)) / len(grams)


def plot_temperature(
    probs_by_t: dict[float, np.ndarray], labels: Sequence[str], top: int = 10
) -> plt.Figure:
    """Bar charts of one next-token distribution at several temperatures, side by side.

    ``probs_by_t``: temperature → probabilities ``(vocab,)``; ``labels``: ``(vocab,)`` token
    names. The ``top`` tokens of the first distribution are shown in every panel.
    """
    if not probs_by_t:
        raise ValueError("give at least one temperature")
    first = next(iter(probs_by_t.values()))
    order = np.argsort(-first, kind="stable")[:top]
    names = [repr(labels[i])[1:-1] for i in order]
    fig, axes = plt.subplots(1, len(probs_by_t), figsize=(3.2 * len(probs_by_t), 2.6),
                             sharey=True, squeeze=False)
    for ax, (t, p) in zip(axes[0], probs_by_t.items(), strict=True):
        ax.bar(range(len(order)), p[order], color="tab:blue")
        ax.set_xticks(range(len(order)), names, fontsize=8)
        ax.set_title(f"T = {t:g}")
    axes[0, 0].set_ylabel("P(next token)")
    fig.tight_layout()
    return fig


def render_temperature(
    probs: np.ndarray, labels: Sequence[str], sample: str, temperature: float, top: int = 8
) -> str:
    """HTML: the ``top`` most likely next tokens as bars, then a sample at ``temperature``."""
    order = np.argsort(-probs, kind="stable")[:top]
    rows = "".join(
        f"<div style='font-family:monospace'>{html.escape(repr(labels[i])[1:-1]):>6} "
        f"<span style='display:inline-block;background:#4c72b0;height:0.8em;"
        f"width:{200 * probs[i]:.0f}px'></span> {probs[i]:.3f}</div>"
        for i in order
    )
    return (f"<b>T = {temperature:.1f}</b> (entropy {entropy_bits(probs):.2f} bits)"
            f"{rows}<pre style='white-space:pre-wrap'>{html.escape(sample)}</pre>")


def entropy_bits(probs: np.ndarray) -> float:
    """Entropy of a distribution ``(vocab,)`` in bits."""
    p = np.asarray(probs, dtype=float)
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def temperature_widget(
    model: RNNModel,
    prompt_ids: Sequence[int],
    labels: Sequence[str],
    to_text: Callable[[list[int]], str],
    *,
    length: int = 120,
    seed: int = 0,
    banned: Sequence[int] = (),
) -> widgets.VBox:
    """A temperature slider over the next-token distribution after ``prompt_ids`` and a
    sample of ``length`` tokens (seeded with ``seed``, so one temperature = one text)."""
    slider = widgets.FloatSlider(value=1.0, min=0.1, max=2.0, step=0.1,
                                 description="temperature", continuous_update=False)
    view = widgets.HTML()

    def update(change: dict | None = None) -> None:
        t = round(float(slider.value), 1)
        probs = next_token_probs(model, prompt_ids, t).numpy()
        ids = generate(model, prompt_ids, length, temperature=t, banned=banned,
                       generator=torch.Generator().manual_seed(seed))
        view.value = render_temperature(probs, labels, to_text(ids), t)

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, view])
