"""Variable-length batches: padding masks, the last real step, and packed RNN runs.

A batch of sentences of different lengths is stored as one ``(batch, time)`` tensor padded
with ``PAD_ID`` (``pad_sequences``) plus their
true ``lengths (batch,)``. An RNN run over the padded tensor keeps stepping through the
padding, so ``outputs[:, -1]`` is the state *after the padding* for every sequence shorter
than the longest. ``last_real_step`` picks each sequence's own last step instead, and
``run_packed`` never lets padding into the RNN at all (``pack_padded_sequence``).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from utils.data.vocab import PAD_ID

__all__ = ["last_real_step", "pad_sequences", "padding_mask", "run_packed"]


def pad_sequences(seqs: Sequence[Sequence[int]], pad_id: int = PAD_ID) -> tuple[Tensor, Tensor]:
    """Id lists → ``(padded (batch, max_len) long, lengths (batch,) long)``."""
    if not seqs:
        raise ValueError("no sequences to pad")
    lengths = torch.tensor([len(s) for s in seqs], dtype=torch.long)
    if int(lengths.min()) == 0:
        raise ValueError("cannot pad an empty sequence (length 0)")
    padded = torch.full((len(seqs), int(lengths.max())), pad_id, dtype=torch.long)
    for i, s in enumerate(seqs):
        padded[i, : len(s)] = torch.as_tensor(list(s), dtype=torch.long)
    return padded, lengths


def _check_lengths(lengths: Tensor, batch: int, max_len: int) -> None:
    if lengths.dim() != 1 or lengths.numel() != batch:
        raise ValueError(f"lengths must have shape ({batch},), got {tuple(lengths.shape)}")
    if lengths.dtype.is_floating_point:
        raise ValueError(f"lengths must be integers, got {lengths.dtype}")
    if batch and (int(lengths.min()) < 1 or int(lengths.max()) > max_len):
        raise ValueError(
            f"lengths must lie in [1, {max_len}], got {int(lengths.min())}..{int(lengths.max())}"
        )


def padding_mask(lengths: Tensor, max_len: int | None = None) -> Tensor:
    """``lengths (batch,)`` → bool ``(batch, max_len)``: True at real tokens, False at padding.

    ``max_len`` defaults to the longest length.
    """
    lengths = torch.as_tensor(lengths)
    if lengths.numel() == 0:
        raise ValueError("lengths is empty")
    max_len = int(lengths.max()) if max_len is None else max_len
    _check_lengths(lengths, lengths.numel(), max_len)
    return torch.arange(max_len, device=lengths.device)[None, :] < lengths[:, None]


def last_real_step(outputs: Tensor, lengths: Tensor) -> Tensor:
    """Each sequence's output at its own last real step, ``outputs[i, lengths[i] - 1]``.

    ``outputs``: ``(batch, time, hidden)`` (batch first), ``lengths``: ``(batch,)`` →
    ``(batch, hidden)``. For a unidirectional RNN this equals ``h_n[-1]`` of a packed run.
    (For a bidirectional one only the forward half is "last": its backward half ended at
    step 0.)
    """
    if outputs.dim() != 3:
        raise ValueError(f"outputs must be (batch, time, hidden), got {tuple(outputs.shape)}")
    lengths = torch.as_tensor(lengths, device=outputs.device)
    _check_lengths(lengths, outputs.size(0), outputs.size(1))
    rows = torch.arange(outputs.size(0), device=outputs.device)
    return outputs[rows, lengths.long() - 1]


def run_packed(rnn: nn.RNNBase, x: Tensor, lengths: Tensor) -> tuple[Tensor, Tensor]:
    """Run a ``batch_first`` RNN/GRU over a padded batch without reading the padding.

    ``x``: ``(batch, time, features)``; ``lengths``: ``(batch,)`` in any order. Returns
    ``outputs (batch, time, dirs · hidden)`` with **zeros** at padded steps and ``h_n``
    ``(layers · dirs, batch, hidden)`` holding each sequence's state at its own last real
    step (in the input's order). LSTMs return ``(h_n, c_n)``; use them through
    ``pack_padded_sequence`` directly.
    """
    if not getattr(rnn, "batch_first", False):
        raise ValueError("run_packed expects an RNN built with batch_first=True")
    if isinstance(rnn, nn.LSTM):
        raise ValueError("run_packed returns one state; an LSTM has two (h, c)")
    if x.dim() != 3:
        raise ValueError(f"x must be (batch, time, features), got {tuple(x.shape)}")
    lengths = torch.as_tensor(lengths)
    _check_lengths(lengths, x.size(0), x.size(1))
    packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    packed_out, h_n = rnn(packed)
    outputs, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=x.size(1))
    return outputs, h_n
