"""Positional information for the Transformer: sinusoidal encodings and learned positions.

Self-attention compares every position with every other one by content only; nothing in
``softmax(Q Kᵀ / √d_k) V`` says which token came first. Without positions an encoder is
*permutation-equivariant*: shuffle the input tokens and the outputs are shuffled the same
way. So a vector that depends on the position is added to each token's embedding.

Sinusoidal (Vaswani et al., 2017), for position ``pos`` and feature pair ``i``:

    PE[pos, 2i] = sin(pos / 10000^(2i / d_model)),   PE[pos, 2i+1] = cos(pos / 10000^(2i / d_model))

Each pair of features is a clock hand turning at its own speed (wavelengths from ``2π`` to
``10000·2π``); ``PE[pos + k]`` is a rotation of ``PE[pos]`` that depends only on ``k``, so
the dot product of two encodings depends only on their distance. Learned positions are one
trained vector per position (BERT's choice), limited to the lengths seen in training.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

POSITION_KINDS = ("sinusoidal", "learned", "none")


def sinusoidal_encoding(length: int, d_model: int) -> Tensor:
    """The sinusoidal table ``(length, d_model)`` (``d_model`` even), float32."""
    if length < 1 or d_model < 2 or d_model % 2:
        raise ValueError(f"need length ≥ 1 and an even d_model ≥ 2, got {length}, {d_model}")
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    rates = torch.exp(-math.log(10000.0) * torch.arange(0, d_model, 2, dtype=torch.float64)
                      / d_model)  # 1 / 10000^(2i/d)
    table = torch.empty(length, d_model, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * rates)
    table[:, 1::2] = torch.cos(pos * rates)
    return table.float()


class PositionalEncoding(nn.Module):
    """Adds position information to embeddings ``(batch, n, d_model)``.

    ``kind``: ``"sinusoidal"`` (a fixed table, a buffer), ``"learned"`` (an ``nn.Embedding``
    of ``max_len`` positions) or ``"none"`` (adds nothing: the encoder is then blind to
    order). ``forward(x, start=0)`` adds the encodings of positions ``start … start + n - 1``
    (a decoder step at position ``start`` adds only its own).
    """

    def __init__(self, d_model: int, *, kind: str = "sinusoidal", max_len: int = 256) -> None:
        super().__init__()
        if kind not in POSITION_KINDS:
            raise ValueError(f"kind must be one of {POSITION_KINDS}, got {kind!r}")
        if max_len < 1:
            raise ValueError(f"max_len must be at least 1, got {max_len}")
        self.kind, self.max_len = kind, max_len
        if kind == "sinusoidal":
            self.register_buffer("table", sinusoidal_encoding(max_len, d_model),
                                 persistent=False)
        elif kind == "learned":
            self.embedding = nn.Embedding(max_len, d_model)

    def forward(self, x: Tensor, start: int = 0) -> Tensor:
        n = x.size(1)
        if start < 0 or start + n > self.max_len:
            raise ValueError(f"positions {start}..{start + n - 1} exceed max_len = "
                             f"{self.max_len}; build the model with a larger max_len")
        if self.kind == "none":
            return x
        if self.kind == "sinusoidal":
            return x + self.table[start:start + n].to(x.dtype)
        return x + self.embedding(torch.arange(start, start + n, device=x.device))
