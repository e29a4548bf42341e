"""Training and evaluating a recurrent language model with truncated BPTT.

``train_lm`` walks ``bptt``-step windows over ``(batch, steps)`` streams (``utils.data.corpus``),
carrying the hidden state across windows but detaching it; ``evaluate`` returns the mean
cross-entropy in nats per token, which ``utils.metrics.perplexity`` turns into perplexity
or bits per character.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import Tensor, nn
from tqdm.auto import tqdm

from utils.data.corpus import get_batch
from utils.models.lm import RNNModel, detach_state
from utils.training.classifiers import History


@dataclass
class LMHistory(History):
    """``History`` (per-step training loss and gradient norm) plus validation checkpoints."""

    valid_steps: list[int] = field(default_factory=list)
    valid_nll: list[float] = field(default_factory=list)


@torch.no_grad()
def evaluate(model: RNNModel, data: Tensor, bptt: int = 256) -> float:
    """Mean cross-entropy in nats per predicted token over ``data`` ``(batch, steps)``.

    Every stream is read from its start with a zero state carried across windows, and every
    token but the first of each stream is predicted. Pass ``batchify(ids, 1)`` to score a
    whole stream ``ids`` exactly: then ``len(ids) - 1`` tokens are predicted.
    """
    if data.ndim != 2 or data.shape[1] < 2:
        raise ValueError(f"data must be (batch, steps >= 2), got shape {tuple(data.shape)}")
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total, count, state = 0.0, 0, None
    for i in range(0, data.shape[1] - 1, bptt):
        x, y = get_batch(data, i, bptt)
        logits, state = model(x.to(device), state)
        total += nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), y.reshape(-1).to(device), reduction="sum"
        ).item()
        count += y.numel()
    model.train(was_training)
    return total / count


def train_lm(
    model: RNNModel,
    train_data: Tensor,
    *,
    steps: int,
    bptt: int = 64,
    lr: float = 3e-3,
    clip: float = 1.0,
    cosine: bool = True,
    valid_data: Tensor | None = None,
    eval_every: int = 0,
    progress: bool = True,
) -> LMHistory:
    """Train with Adam on ``train_data`` ``(batch, steps)`` for ``steps`` BPTT windows.

    Windows are taken left to right; the hidden state is carried from one window to the
    next but detached (truncated BPTT), and reset to zero when the data wrap around.
    Gradients are clipped to norm ``clip``; with ``cosine`` the learning rate falls from
    ``lr`` to 0 along half a cosine over the run (big steps first, fine ones at the end,
    which helps a short run most). With ``valid_data`` and ``eval_every > 0`` the
    validation loss (nats per token) is recorded every ``eval_every`` steps and at the end.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if train_data.ndim != 2 or train_data.shape[1] < 2:
        raise ValueError(
            f"train_data must be (batch, steps >= 2), got shape {tuple(train_data.shape)}"
        )
    device = next(model.parameters()).device
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * s / steps)) if cosine else 1.0
    )
    history = LMHistory()
    state, i = None, 0
    model.train()
    for step in tqdm(range(1, steps + 1), desc="training", disable=not progress):
        if i >= train_data.shape[1] - 1:
            state, i = None, 0
        x, y = get_batch(train_data, i, bptt)
        i += bptt
        logits, state = model(x.to(device), detach_state(state))
        loss = nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), y.reshape(-1).to(device)
        )
        optimizer.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        schedule.step()
        history.losses.append(loss.item())
        history.grad_norms.append(norm.item())
        if valid_data is not None and eval_every > 0 and (step % eval_every == 0 or
                                                          step == steps):
            history.valid_steps.append(step)
            history.valid_nll.append(evaluate(model, valid_data))
            model.train()
    return history
