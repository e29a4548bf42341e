"""Translate a whole dataset: greedy (``k = 1``) or beam search, in batches, back to text.

``translate_ids`` returns the generated target ids of every example (``<eos>`` dropped);
``translate`` turns them into text with a detokeniser (e.g.
``utils.data.parallel.ParallelData.to_text``), ready for BLEU against text references.

The maximum output length is not taken from the reference (that would leak the answer's
length): by default it is ``2 · (longest source in the batch) + 5`` tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import nn

from utils.data.seq2seq import Seq2SeqData
from utils.data.vocab import EOS_ID, PAD_ID
from utils.decoding.beam import beam_search
from utils.decoding.greedy import greedy_decode


def default_max_len(longest_source: int) -> int:
    """``2 · longest_source + 5``: room for a target twice as long as its source."""
    return 2 * longest_source + 5


def _strip(ids: Sequence[int]) -> list[int]:
    out = []
    for i in ids:
        if i == EOS_ID:
            break
        if i != PAD_ID:
            out.append(int(i))
    return out


def translate_ids(model: nn.Module, data: Seq2SeqData, *, k: int = 1,
                  normalisation: str = "none", alpha: float = 0.6, max_len: int | None = None,
                  batch_size: int = 1000, device: torch.device | str = "cpu"
                  ) -> list[list[int]]:
    """Every example's output ids (without ``<eos>``): greedy decoding for ``k = 1``,
    ``utils.decoding.beam.beam_search`` (with ``normalisation`` and ``alpha``) otherwise."""
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"beam size k must be a positive int, got {k!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    out: list[list[int]] = []
    for chunk in torch.arange(len(data)).split(batch_size):
        b = data.batch(chunk, device)
        steps = max_len or default_max_len(int(b.src_lengths.max()))
        if k == 1:
            rows = greedy_decode(model, b.src, b.src_lengths, steps)[0].tolist()
        else:
            rows = [h.tokens for h in beam_search(model, b.src, b.src_lengths, k=k,
                                                  max_len=steps, normalisation=normalisation,
                                                  alpha=alpha).best()]
        out += [_strip(r) for r in rows]
    return out


def translate(model: nn.Module, data: Seq2SeqData, to_text: Callable[[Sequence[int]], str], *,
              k: int = 1, normalisation: str = "none", alpha: float = 0.6,
              max_len: int | None = None, batch_size: int = 1000,
              device: torch.device | str = "cpu") -> list[str]:
    """Every example translated and turned into text by ``to_text`` (ids → str)."""
    return [to_text(ids) for ids in translate_ids(
        model, data, k=k, normalisation=normalisation, alpha=alpha, max_len=max_len,
        batch_size=batch_size, device=device)]
