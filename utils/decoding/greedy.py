"""Greedy decoding: at every step feed back the single most probable token.

Beam search and exhaustive search come in lesson 09; they drive a model through the same
``encode`` / ``decode_step`` interface (see ``utils.models.seq2seq``).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID


@torch.no_grad()
def greedy_decode(model: nn.Module, src: Tensor, src_lengths: Tensor, max_len: int
                  ) -> tuple[Tensor, Tensor | None]:
    """Decode a batch greedily, each row until it emits ``<eos>`` or ``max_len`` steps pass.

    ``model`` has ``encode`` and ``decode_step`` (a ``utils.models.seq2seq.Seq2Seq``). src
    ``(batch, src_len)``, src_lengths ``(batch,)``. Returns ``tokens (batch, steps)`` with
    ``steps ≤ max_len`` — each row's ``<eos>`` is kept and followed by ``PAD_ID`` — and the
    attention weights ``(batch, steps, src_len)`` (``None`` for a model without attention).
    The model is put in eval mode for the call and restored afterwards.
    """
    if max_len < 1:
        raise ValueError(f"max_len must be at least 1, got {max_len}")
    was_training = model.training
    model.eval()
    try:
        memory, state = model.encode(src, src_lengths)
        y = torch.full((src.size(0),), SOS_ID, dtype=torch.long, device=src.device)
        finished = torch.zeros(src.size(0), dtype=torch.bool, device=src.device)
        tokens, weights = [], []
        for _ in range(max_len):
            log_probs, state, attn = model.decode_step(y, state, memory)
            y = log_probs.argmax(dim=-1)
            tokens.append(y.masked_fill(finished, PAD_ID))
            if attn is not None:
                weights.append(attn.masked_fill(finished[:, None], 0.0))
            finished = finished | (y == EOS_ID)
            if bool(finished.all()):
                break
    finally:
        model.train(was_training)
    return torch.stack(tokens, dim=1), (torch.stack(weights, dim=1) if weights else None)
