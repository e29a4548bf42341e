"""Training and evaluating seq2seq models: padded loss, teacher forcing, exact match.

``train_seq2seq`` draws shuffled batches from a :class:`utils.data.seq2seq.Seq2SeqData`,
runs the model with a teacher-forcing ratio (a number, or a schedule ``step -> ratio`` for
scheduled sampling), and minimises the cross-entropy over real target tokens only. Every
``eval_every`` steps it measures exact match on held-out data and records the training
time so far (evaluation excluded), which is what ``benchmarks/seq2seq_targets.py`` plots.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn
from tqdm.auto import tqdm

from utils.data.seq2seq import Seq2SeqData
from utils.data.vocab import PAD_ID
from utils.decoding.greedy import greedy_decode


def sequence_loss(logits: Tensor, tgt_out: Tensor) -> Tensor:
    """Mean cross-entropy over the real (non-pad) target tokens.

    logits ``(batch, tgt_len, vocab)``, tgt_out ``(batch, tgt_len)`` padded with ``PAD_ID``.
    Padded positions add nothing to the loss or its gradient, whatever the logits there.
    """
    if logits.dim() != 3 or logits.shape[:2] != tgt_out.shape:
        raise ValueError(f"logits must be (batch, tgt_len, vocab) matching tgt_out "
                         f"{tuple(tgt_out.shape)}, got {tuple(logits.shape)}")
    if not bool((tgt_out != PAD_ID).any()):
        raise ValueError("tgt_out has no real tokens: the loss would be undefined")
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)), tgt_out.reshape(-1),
                           ignore_index=PAD_ID)


@dataclass
class TrainHistory:
    """Per step: loss and teacher-forcing ratio. Per evaluation: step, exact match, and the
    wall-clock and CPU seconds spent training so far (evaluation time excluded)."""

    losses: list[float] = field(default_factory=list)
    teacher_forcing: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    eval_accuracy: list[float] = field(default_factory=list)
    train_seconds: list[float] = field(default_factory=list)
    train_cpu_seconds: list[float] = field(default_factory=list)


def update(model: nn.Module, loss: Tensor, optimizer: torch.optim.Optimizer,
           scheduler: torch.optim.lr_scheduler.LRScheduler, clip: float | None = None) -> None:
    """One optimisation step on ``loss``: zero the gradients, backpropagate, clip the
    gradient norm to ``clip`` (if given), step the optimiser, then the learning-rate
    schedule."""
    optimizer.zero_grad()
    loss.backward()
    if clip is not None:
        nn.utils.clip_grad_norm_(model.parameters(), clip)
    optimizer.step()
    scheduler.step()


def train_seq2seq(
    model: nn.Module,
    data: Seq2SeqData,
    *,
    steps: int,
    batch_size: int = 128,
    lr: float = 3e-3,
    teacher_forcing: float | Callable[[int], float] = 1.0,
    clip: float | None = 1.0,
    lr_decay: bool = False,
    eval_data: Seq2SeqData | None = None,
    eval_every: int = 0,
    target_accuracy: float | None = None,
    seed: int = 0,
    device: torch.device | str = "cpu",
    progress: bool = True,
) -> TrainHistory:
    """Train ``model`` with Adam for ``steps`` batches (reshuffling after each epoch).

    ``teacher_forcing``: the probability of feeding the true previous token, or a function
    of the step number (scheduled sampling). ``lr_decay`` lowers the learning rate linearly
    to zero at ``steps`` (the last steps then settle instead of jumping around). With
    ``eval_data`` and ``eval_every > 0``, exact match is measured every ``eval_every`` steps
    and at the end; training stops early once it reaches ``target_accuracy`` (if given).
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if eval_every < 0 or (eval_every and eval_data is None):
        raise ValueError("eval_every > 0 needs eval_data (and must not be negative)")
    schedule = teacher_forcing if callable(teacher_forcing) else (lambda _: teacher_forcing)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, (lambda k: 1.0 - k / steps) if lr_decay else (lambda k: 1.0))
    generator = torch.Generator().manual_seed(seed)
    history = TrainHistory()
    wall = cpu = 0.0
    step = 0
    bar = tqdm(total=steps, disable=not progress, desc="training")
    model.train()
    while step < steps:
        for batch in data.batches(batch_size, generator=generator, device=device):
            t0, c0 = time.perf_counter(), time.process_time()
            ratio = float(schedule(step))
            logits = model(batch.src, batch.src_lengths, batch.tgt_in, ratio)
            loss = sequence_loss(logits, batch.tgt_out)
            update(model, loss, optimizer, scheduler, clip)
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
            step += 1
            history.losses.append(loss.item())
            history.teacher_forcing.append(ratio)
            bar.update(1)
            last = step == steps
            if eval_data is not None and eval_every and (step % eval_every == 0 or last):
                acc = exact_match(model, eval_data, device=device)
                model.train()
                history.eval_steps.append(step)
                history.eval_accuracy.append(acc)
                history.train_seconds.append(wall)
                history.train_cpu_seconds.append(cpu)
                bar.set_postfix(loss=f"{history.losses[-1]:.3f}", exact=f"{acc:.3f}")
                if target_accuracy is not None and acc >= target_accuracy:
                    bar.close()
                    return history
            if last:
                break
    bar.close()
    return history


def predict(model: nn.Module, data: Seq2SeqData, index: Tensor | list[int] | None = None, *,
            max_len: int | None = None, batch_size: int = 1000,
            device: torch.device | str = "cpu") -> tuple[Tensor, Tensor | None]:
    """Greedy predictions for the examples at ``index`` (all by default).

    Returns ``tokens (n, steps)`` (padded with ``PAD_ID`` after each row's ``<eos>``) and
    the attention ``(n, steps, src_len)`` or ``None``. ``max_len`` defaults to the longest
    target + 1 (enough to get every target right, and to finish with ``<eos>``).
    """
    index = torch.arange(len(data)) if index is None else torch.as_tensor(index)
    if index.numel() == 0:
        raise ValueError("nothing to predict: empty index")
    max_len = max_len or int(data.tgt_lengths[index].max()) + 1
    tokens, weights = [], []
    for chunk in index.split(batch_size):
        b = data.batch(chunk, device)
        toks, attn = greedy_decode(model, b.src, b.src_lengths, max_len)
        tokens.append(toks.cpu())
        weights.append(None if attn is None else attn.cpu())
    width = max(t.size(1) for t in tokens)
    tokens_t = torch.cat([F.pad(t, (0, width - t.size(1)), value=PAD_ID) for t in tokens])
    if weights[0] is None:
        return tokens_t, None
    s_len = max(w.size(2) for w in weights)
    return tokens_t, torch.cat([F.pad(w, (0, s_len - w.size(2), 0, width - w.size(1)))
                                for w in weights])


def exact_matches(model: nn.Module, data: Seq2SeqData, *, batch_size: int = 1000,
                  device: torch.device | str = "cpu") -> Tensor:
    """``(n,)`` bool: whether the greedy output equals the target exactly (up to <eos>)."""
    tokens, _ = predict(model, data, batch_size=batch_size, device=device)
    target = data.tgt_out
    width = max(tokens.size(1), target.size(1))
    tokens = F.pad(tokens, (0, width - tokens.size(1)), value=PAD_ID)
    target = F.pad(target, (0, width - target.size(1)), value=PAD_ID)
    return (tokens == target).all(dim=1)


def exact_match(model: nn.Module, data: Seq2SeqData, *, batch_size: int = 1000,
                device: torch.device | str = "cpu") -> float:
    """The share of examples decoded exactly right (greedy decoding)."""
    return float(exact_matches(model, data, batch_size=batch_size, device=device)
                 .float().mean())


def accuracy_by_length(correct: Tensor | np.ndarray, lengths: Tensor | np.ndarray,
                       bins: list[int] | None = None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact match grouped by source length.

    ``correct`` and ``lengths`` are ``(n,)``. Without ``bins`` every length is its own
    group; with ``bins = [b0, b1, ...]`` group ``k`` holds ``b_k ≤ length < b_{k+1}``.
    Returns ``(group start lengths, accuracy per group, examples per group)``, empty groups
    left out.
    """
    correct = np.asarray(correct, dtype=float)
    lengths = np.asarray(lengths)
    if correct.shape != lengths.shape or correct.ndim != 1 or correct.size == 0:
        raise ValueError(f"correct and lengths must be non-empty (n,) arrays, got "
                         f"{correct.shape} and {lengths.shape}")
    edges = np.unique(lengths) if bins is None else np.asarray(bins)
    if bins is not None and (edges.size < 2 or np.any(np.diff(edges) <= 0)):
        raise ValueError(f"bins must be at least two increasing lengths, got {bins}")
    group = np.searchsorted(edges, lengths, side="right") - 1
    starts, accs, counts = [], [], []
    for k in range(len(edges) - (0 if bins is None else 1)):
        sel = group == k
        if sel.any():
            starts.append(int(edges[k]))
            accs.append(float(correct[sel].mean()))
            counts.append(int(sel.sum()))
    return np.array(starts), np.array(accs), np.array(counts)
