"""A small, readable training loop for sequence classifiers (many-to-one models).

Language models and seq2seq have loops of their own (they differ in what a batch is);
this one serves every lesson where a model maps a sequence to one label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import Tensor, nn
from tqdm.auto import tqdm

from utils.data.batches import minibatch_indices


@dataclass
class History:
    """What happened during training, one entry per optimisation step."""

    losses: list[float] = field(default_factory=list)
    grad_norms: list[float] = field(default_factory=list)


def _check_data(inputs: Tensor, labels: Tensor, lengths: Tensor | None) -> None:
    if inputs.shape[0] != labels.shape[0]:
        raise ValueError(
            f"inputs and labels disagree on the number of examples: {inputs.shape[0]} vs "
            f"{labels.shape[0]}"
        )
    if labels.ndim != 1:
        raise ValueError(
            f"labels must be class indices of shape (batch,), got {tuple(labels.shape)}"
        )
    if lengths is not None and lengths.shape != labels.shape:
        raise ValueError(
            f"lengths must have shape {tuple(labels.shape)}, got {tuple(lengths.shape)}"
        )


def _logits(model: nn.Module, x: Tensor, lengths: Tensor | None) -> Tensor:
    return model(x) if lengths is None else model(x, lengths)


def train_classifier(
    model: nn.Module,
    inputs: Tensor,
    labels: Tensor,
    *,
    lengths: Tensor | None = None,
    epochs: int = 10,
    batch_size: int = 64,
    lr: float = 1e-2,
    optimizer: torch.optim.Optimizer | None = None,
    clip: float | None = None,
    seed: int = 0,
    progress: bool = True,
) -> History:
    """Train ``model`` with cross-entropy on ``(inputs, labels)``; return the step history.

    ``inputs``: ``(n, time)`` token ids or ``(n, time, features)``; ``labels``: ``(n,)``;
    ``lengths``: ``(n,)`` true lengths of padded sequences, passed on as
    ``model(x, lengths)``. The model returns logits ``(batch, classes)``. ``optimizer``
    defaults to Adam with ``lr``; ``clip`` (a max gradient norm) turns on clipping.
    Data are moved to the model's device batch by batch.
    """
    _check_data(inputs, labels, lengths)
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    device = next(model.parameters()).device
    optimizer = optimizer or torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    loss_fn = nn.CrossEntropyLoss()
    history = History()
    model.train()
    for _ in tqdm(range(epochs), desc="epochs", disable=not progress):
        for idx in minibatch_indices(len(labels), batch_size, generator=generator):
            x, y = inputs[idx].to(device), labels[idx].to(device)
            n = None if lengths is None else lengths[idx]
            loss = loss_fn(_logits(model, x, n), y)
            optimizer.zero_grad()
            loss.backward()
            max_norm = float("inf") if clip is None else clip
            norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            optimizer.step()
            history.losses.append(loss.item())
            history.grad_norms.append(norm.item())
    return history


@torch.no_grad()
def predict(
    model: nn.Module, inputs: Tensor, *, lengths: Tensor | None = None, batch_size: int = 1024
) -> Tensor:
    """Predicted class of every example, ``(n,)``, in evaluation mode."""
    device = next(model.parameters()).device
    model.eval()
    preds = []
    for idx in minibatch_indices(len(inputs), batch_size, shuffle=False):
        n = None if lengths is None else lengths[idx]
        preds.append(_logits(model, inputs[idx].to(device), n).argmax(dim=-1).cpu())
    return torch.cat(preds)


def accuracy(
    model: nn.Module, inputs: Tensor, labels: Tensor, *, lengths: Tensor | None = None
) -> float:
    """Share of examples whose predicted class equals the label, in [0, 1]."""
    _check_data(inputs, labels, lengths)
    return (predict(model, inputs, lengths=lengths) == labels).float().mean().item()
