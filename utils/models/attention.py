"""Attention for RNN seq2seq: three score functions, a masked softmax, and the attention step.

One decoder state (the *query*) is compared with every encoder state (the *keys*); the
scores become a probability distribution over source positions (the *attention weights*),
and the weighted sum of the encoder states (the *values*) is the *context vector*.

Every function accepts one query per batch row, ``(batch, dim)``, or several at once,
``(batch, tgt_len, dim)`` (teacher forcing scores all decoder steps in one call); the
weights then have shape ``(batch, src_len)`` or ``(batch, tgt_len, src_len)``.

Scores (Luong et al., 2015), with ``h_t`` the decoder state and ``h_s`` an encoder state:

- dot:     ``h_tᵀ h_s``
- general: ``h_tᵀ W_a h_s``
- concat:  ``v_aᵀ tanh(W_a [h_t; h_s])``
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

SCORE_KINDS = ("dot", "general", "concat")


def _as_3d(query: Tensor, keys: Tensor) -> tuple[Tensor, bool]:
    """Check shapes; return the query as ``(batch, tgt_len, dim)`` and whether it was 2-D."""
    if keys.dim() != 3:
        raise ValueError(f"keys must be (batch, src_len, dim), got shape {tuple(keys.shape)}")
    if keys.size(1) == 0:
        raise ValueError("keys are empty: the source has no positions to attend to")
    if query.dim() not in (2, 3):
        raise ValueError(
            f"query must be (batch, dim) or (batch, tgt_len, dim), got shape {tuple(query.shape)}"
        )
    if query.size(0) != keys.size(0):
        raise ValueError(f"query has batch {query.size(0)} but keys have batch {keys.size(0)}")
    squeeze = query.dim() == 2
    return (query.unsqueeze(1) if squeeze else query), squeeze


class DotScore(nn.Module):
    """``score(h_t, h_s) = h_tᵀ h_s``. No parameters; query and keys need the same size."""

    def forward(self, query: Tensor, keys: Tensor) -> Tensor:
        """query ``(batch, [tgt_len,] dim)``, keys ``(batch, src_len, dim)`` → scores
        ``(batch, [tgt_len,] src_len)``."""
        q, squeeze = _as_3d(query, keys)
        if q.size(-1) != keys.size(-1):
            raise ValueError(
                f"dot score needs equal sizes, got query {q.size(-1)} and keys {keys.size(-1)}; "
                "use the general or concat score for different sizes"
            )
        scores = q @ keys.transpose(1, 2)
        return scores.squeeze(1) if squeeze else scores


class GeneralScore(nn.Module):
    """``score(h_t, h_s) = h_tᵀ W_a h_s``, a learned ``W_a`` of shape ``(query_dim, key_dim)``."""

    def __init__(self, query_dim: int, key_dim: int) -> None:
        super().__init__()
        self.W_a = nn.Linear(key_dim, query_dim, bias=False)  # W_a h_s

    def forward(self, query: Tensor, keys: Tensor) -> Tensor:
        """query ``(batch, [tgt_len,] query_dim)``, keys ``(batch, src_len, key_dim)`` →
        scores ``(batch, [tgt_len,] src_len)``."""
        q, squeeze = _as_3d(query, keys)
        if keys.size(-1) != self.W_a.in_features or q.size(-1) != self.W_a.out_features:
            raise ValueError(
                f"general score built for query {self.W_a.out_features} / keys "
                f"{self.W_a.in_features}, got {q.size(-1)} / {keys.size(-1)}"
            )
        scores = q @ self.W_a(keys).transpose(1, 2)
        return scores.squeeze(1) if squeeze else scores


class ConcatScore(nn.Module):
    """``score(h_t, h_s) = v_aᵀ tanh(W_a [h_t; h_s])`` (Bahdanau's additive score).

    ``W_a [h_t; h_s]`` is computed as ``W_q h_t + W_k h_s`` (the two halves of ``W_a``), so
    the keys are projected once, not once per decoder step.
    """

    def __init__(self, query_dim: int, key_dim: int, attn_dim: int | None = None) -> None:
        super().__init__()
        attn_dim = attn_dim or query_dim
        self.W_q = nn.Linear(query_dim, attn_dim, bias=False)
        self.W_k = nn.Linear(key_dim, attn_dim, bias=True)
        self.v_a = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, query: Tensor, keys: Tensor) -> Tensor:
        """query ``(batch, [tgt_len,] query_dim)``, keys ``(batch, src_len, key_dim)`` →
        scores ``(batch, [tgt_len,] src_len)``."""
        q, squeeze = _as_3d(query, keys)
        if keys.size(-1) != self.W_k.in_features or q.size(-1) != self.W_q.in_features:
            raise ValueError(
                f"concat score built for query {self.W_q.in_features} / keys "
                f"{self.W_k.in_features}, got {q.size(-1)} / {keys.size(-1)}"
            )
        hidden = torch.tanh(self.W_q(q).unsqueeze(2) + self.W_k(keys).unsqueeze(1))
        scores = self.v_a(hidden).squeeze(-1)  # (batch, tgt_len, src_len)
        return scores.squeeze(1) if squeeze else scores


def make_score(kind: str, query_dim: int, key_dim: int, attn_dim: int | None = None
               ) -> nn.Module:
    """The score module named ``kind`` (``"dot"``, ``"general"`` or ``"concat"``)."""
    if kind == "dot":
        if query_dim != key_dim:
            raise ValueError(f"dot score needs query_dim == key_dim, got {query_dim}, {key_dim}")
        return DotScore()
    if kind == "general":
        return GeneralScore(query_dim, key_dim)
    if kind == "concat":
        return ConcatScore(query_dim, key_dim, attn_dim)
    raise ValueError(f"unknown score {kind!r}; choose one of {SCORE_KINDS}")


def masked_softmax(scores: Tensor, mask: Tensor | None = None) -> Tensor:
    """Softmax over source positions that gives padded positions exactly zero weight.

    ``scores``: ``(batch, src_len)`` or ``(batch, tgt_len, src_len)``; ``mask``:
    ``(batch, src_len)`` bool, ``True`` = a real token. Padded scores are replaced by
    ``-inf`` before the softmax, so their values can never matter.
    """
    if mask is None:
        return torch.softmax(scores, dim=-1)
    if mask.dtype != torch.bool:
        raise ValueError(f"mask must be a bool tensor (True = real token), got {mask.dtype}")
    if mask.dim() != 2 or mask.size(0) != scores.size(0) or mask.size(1) != scores.size(-1):
        raise ValueError(
            f"mask must be (batch, src_len) = ({scores.size(0)}, {scores.size(-1)}), "
            f"got {tuple(mask.shape)}"
        )
    if not bool(mask.any(dim=1).all()):
        raise ValueError("every row of the mask needs at least one real (True) position")
    if scores.dim() == 3:
        mask = mask.unsqueeze(1)
    return torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)


def attention(
    query: Tensor,
    keys: Tensor,
    values: Tensor | None = None,
    mask: Tensor | None = None,
    score: nn.Module | None = None,
) -> tuple[Tensor, Tensor]:
    """One attention step: scores → masked softmax → weighted sum of the values.

    query ``(batch, [tgt_len,] q_dim)``; keys ``(batch, src_len, k_dim)``; values
    ``(batch, src_len, v_dim)`` (default: the keys, as in RNN seq2seq); mask
    ``(batch, src_len)`` bool; score a module from :func:`make_score` (default: dot).
    Returns ``(context (batch, [tgt_len,] v_dim), weights (batch, [tgt_len,] src_len))``.
    """
    values = keys if values is None else values
    if values.dim() != 3 or values.shape[:2] != keys.shape[:2]:
        raise ValueError(
            f"values must be (batch, src_len, v_dim) with the keys' batch and length "
            f"{tuple(keys.shape[:2])}, got {tuple(values.shape)}"
        )
    scores = (score or DotScore())(query, keys)
    weights = masked_softmax(scores, mask)
    if weights.dim() == 2:
        context = (weights.unsqueeze(1) @ values).squeeze(1)
    else:
        context = weights @ values
    return context, weights
