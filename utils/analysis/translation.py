"""Training a translation model on real data: dropout, early stopping on dev BLEU, curves.

``train_translation`` trains a ``utils.models.seq2seq.Seq2Seq`` on the training part of a
``utils.data.parallel.ParallelData`` in shuffled batches, with Adam, gradient clipping and
a learning rate falling linearly to zero (``utils.training.seq2seq``'s recipe); the fall
may be planned for a longer run than this one (``decay_steps``), so that a short run is
exactly the beginning of a long one.
Every ``eval_every`` steps it translates the dev sources greedily and scores them with
corpus BLEU against all their references; it keeps a copy of the best weights and stops
early after ``patience`` evaluations without a new best, or once ``time_budget`` seconds
of training have passed. At the end the best weights are loaded back: the model is the
one with the best dev BLEU, never one chosen on the test set.

``add_dropout`` gives lesson 08's model dropout without changing its code: forward hooks
drop units of both embeddings' outputs and of the attentional vector ``h̃_t`` before the
output layer, in training mode only. ``smoothed_sequence_loss`` is the padded
cross-entropy of ``utils.training.seq2seq.sequence_loss`` with label smoothing: the
target distribution puts ``1 − ε`` on the reference token and spreads ``ε`` evenly over the
whole vocabulary (Szegedy et al., 2016; the Transformer's ε = 0.1). The training step asks
the model for the logits of the real target tokens only (``Seq2Seq.forward``'s ``keep``):
in a padded batch of short sentences about 40 % of the positions are padding, and the
output layer over the whole target vocabulary is most of a step's work.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from utils.data.parallel import ParallelData
from utils.data.seq2seq import Seq2SeqData
from utils.data.splits import MultiReference, reference_streams
from utils.data.vocab import PAD_ID
from utils.decoding.translate import translate
from utils.metrics.bleu import BLEUScore, corpus_bleu
from utils.training.seq2seq import sequence_loss, update


def add_dropout(model: nn.Module, p: float) -> nn.Module:
    """Dropout with probability ``p`` on the source and target embeddings and on the input
    of the decoder's output layer (``h̃_t``), through forward hooks; returns ``model``.

    ``model`` is a ``Seq2Seq`` (``encoder.embedding``, ``decoder.embedding``,
    ``decoder.out``). ``model.eval()`` switches the dropout off, as for ``nn.Dropout``.
    """
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout p must lie in [0, 1), got {p}")
    if p == 0.0:
        return model

    def on_output(module: nn.Module, inputs: tuple, output: torch.Tensor) -> torch.Tensor:
        return F.dropout(output, p, module.training)

    def on_input(module: nn.Module, inputs: tuple) -> tuple:
        return (F.dropout(inputs[0], p, module.training),)

    model.encoder.embedding.register_forward_hook(on_output)
    model.decoder.embedding.register_forward_hook(on_output)
    model.decoder.out.register_forward_pre_hook(on_input)
    return model


def smoothed_sequence_loss(logits: torch.Tensor, tgt_out: torch.Tensor, smoothing: float
                           ) -> torch.Tensor:
    """Mean label-smoothed cross-entropy over the real (non-pad) target tokens.

    tgt_out ``(batch, tgt_len)`` padded with ``PAD_ID``; logits ``(batch, tgt_len, vocab)``,
    or ``(n_real, vocab)``: the real tokens' logits only, in row-major order (what
    ``Seq2Seq.forward`` returns with ``keep=tgt_out != PAD_ID``). Per token:
    ``(1 − ε) · (−log p(y)) + ε · mean_v(−log p(v))``; ``ε = 0`` is ``sequence_loss``.
    """
    if not 0.0 <= smoothing < 1.0:
        raise ValueError(f"smoothing must lie in [0, 1), got {smoothing}")
    if logits.dim() == 3:
        if smoothing == 0.0 or logits.shape[:2] != tgt_out.shape or not bool(
                (tgt_out != PAD_ID).any()):
            return sequence_loss(logits, tgt_out)  # raises its ValueError naming a problem
        return F.cross_entropy(logits.reshape(-1, logits.size(-1)), tgt_out.reshape(-1),
                               ignore_index=PAD_ID, label_smoothing=smoothing)
    real = tgt_out != PAD_ID
    n_real = int(real.sum())
    if logits.dim() != 2 or tgt_out.dim() != 2 or logits.size(0) != n_real:
        raise ValueError(f"logits must be (batch, tgt_len, vocab) matching tgt_out "
                         f"{tuple(tgt_out.shape)}, or (n_real = {n_real}, vocab), got "
                         f"{tuple(logits.shape)}")
    if n_real == 0:
        raise ValueError("tgt_out has no real tokens: the loss would be undefined")
    return F.cross_entropy(logits, tgt_out[real], label_smoothing=smoothing)


def bleu_of(model: nn.Module, data: Seq2SeqData, examples: Sequence[MultiReference],
            to_text, *, k: int = 1, normalisation: str = "none", alpha: float = 0.6,
            device: torch.device | str = "cpu") -> tuple[BLEUScore, list[str]]:
    """Corpus BLEU (sacreBLEU's defaults) of the model's translations of ``data`` against
    every reference of ``examples`` (the same sources, in the same order), and the
    translations."""
    if len(examples) != len(data):
        raise ValueError(f"{len(data)} sources but {len(examples)} reference sets")
    hyps = translate(model, data, to_text, k=k, normalisation=normalisation, alpha=alpha,
                     device=device)
    return corpus_bleu(hyps, reference_streams(examples)), hyps


@dataclass
class LearningCurve:
    """Per evaluation: the step, the training seconds so far (wall and CPU, evaluation
    excluded), the mean training loss since the previous evaluation and the dev BLEU.
    ``best_step`` / ``best_bleu``: the weights kept; ``stopped``: ``"steps"``,
    ``"patience"`` or ``"time"``; ``monitored``: what ``monitor`` returned at each
    evaluation (empty without one)."""

    steps: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    dev_bleu: list[float] = field(default_factory=list)
    monitored: list[float] = field(default_factory=list)
    best_step: int = 0
    best_bleu: float = float("-inf")
    stopped: str = "steps"


def train_translation(
    model: nn.Module,
    data: ParallelData,
    *,
    steps: int,
    batch_size: int = 64,
    lr: float = 3e-3,
    lr_decay: bool = True,
    decay_steps: int | None = None,
    clip: float | None = 1.0,
    label_smoothing: float = 0.0,
    eval_every: int = 100,
    patience: int | None = None,
    time_budget: float | None = None,
    seed: int = 0,
    device: torch.device | str = "cpu",
    progress: bool = True,
    monitor: Callable[[nn.Module], float] | None = None,
) -> LearningCurve:
    """Train ``model`` on ``data.train`` with early stopping on dev BLEU (module docstring).

    ``steps``: the most batches to train; with ``lr_decay`` the learning rate falls linearly
    from ``lr`` to 0 at ``decay_steps`` (default: ``steps``);
    ``label_smoothing``: ε of ``smoothed_sequence_loss``;
    ``patience``: evaluations without a new best dev BLEU before stopping (``None``:
    never); ``time_budget``: stop after this many seconds of training (wall clock);
    ``monitor``: a function of the model called at each evaluation (e.g. a benchmark's
    test BLEU, for reporting only; it never chooses the weights).
    """
    if steps < 1 or eval_every < 1:
        raise ValueError(f"steps and eval_every must be positive, got {steps}, {eval_every}")
    if patience is not None and patience < 1:
        raise ValueError(f"patience must be a positive int or None, got {patience}")
    horizon = steps if decay_steps is None else decay_steps
    if horizon < steps:
        raise ValueError(f"decay_steps ({horizon}) must be at least steps ({steps})")
    # fused: one kernel for the whole update (on 2 CPU cores, 4-9 ms less of a ~65 ms step)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, fused=True)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, (lambda s: 1.0 - s / horizon) if lr_decay else (lambda s: 1.0))
    generator = torch.Generator().manual_seed(seed)
    curve = LearningCurve()
    best_state = copy.deepcopy(model.state_dict())
    wall = cpu = loss_sum = 0.0
    step = since = 0
    bar = tqdm(total=steps, disable=not progress, desc="training")
    model.train()
    while curve.stopped == "steps" and step < steps:
        for batch in data.train.batches(batch_size, generator=generator, device=device):
            t0, c0 = time.perf_counter(), time.process_time()
            real = batch.tgt_out != PAD_ID  # the output layer skips the padding
            loss = smoothed_sequence_loss(
                model(batch.src, batch.src_lengths, batch.tgt_in, keep=real), batch.tgt_out,
                label_smoothing)
            update(model, loss, optimizer, scheduler, clip)
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
            step += 1
            since += 1
            loss_sum += loss.item()
            bar.update(1)
            out_of_time = time_budget is not None and wall >= time_budget
            if step % eval_every == 0 or step == steps or out_of_time:
                score = bleu_of(model, data.dev, data.split.dev, data.to_text,
                                device=device)[0].score
                model.train()
                curve.steps.append(step)
                curve.seconds.append(wall)
                curve.cpu_seconds.append(cpu)
                curve.train_loss.append(loss_sum / since)
                curve.dev_bleu.append(score)
                if monitor is not None:
                    curve.monitored.append(float(monitor(model)))
                    model.train()
                loss_sum, since = 0.0, 0
                bar.set_postfix(dev_bleu=f"{score:.1f}")
                if score > curve.best_bleu:
                    curve.best_bleu, curve.best_step = score, step
                    best_state = copy.deepcopy(model.state_dict())
                elif patience is not None and len(curve.steps) - 1 - curve.steps.index(
                        curve.best_step) >= patience:
                    curve.stopped = "patience"
                if out_of_time:
                    curve.stopped = "time"
            if curve.stopped != "steps" or step == steps:
                break
    bar.close()
    model.load_state_dict(best_state)
    model.eval()
    return curve
