"""Scaled dot-product attention and multi-head attention, from scratch (Vaswani et al., 2017).

Lesson 08's attention compared one decoder state (the query) with the encoder states (keys =
values). The Transformer writes the same step for whole matrices of queries ``Q``, keys
``K`` and values ``V``, and divides the scores by ``√d_k``:

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V

Multi-head attention projects the inputs ``h`` times with different learned matrices,
attends in each of the ``h`` smaller spaces (``d_k = d_model / h``), concatenates the
``h`` results and mixes them with ``W^O``:

    head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V),   MultiHead = Concat(head_1 … head_h) W^O

Masks follow the course's convention (``utils.models.seq2seq.EncoderMemory``): a boolean
``True`` means *may attend* (a real token, an allowed position). ``torch.nn.MultiheadAttention``
uses the opposite convention (``True`` = ignore); ``tests/test_transformer_attention.py``
checks :class:`MultiHeadAttention` against it with copied weights.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn


def causal_mask(n_queries: int, n_keys: int | None = None, *,
                device: torch.device | str | None = None) -> Tensor:
    """``(n_queries, n_keys)`` bool, ``True`` where query ``i`` may look at key ``j``: ``j ≤ i``.

    With ``n_keys > n_queries`` the queries are the *last* ``n_queries`` positions of a
    sequence of ``n_keys`` (a decoder step that appends to a cache of earlier positions):
    query ``i`` sits at position ``n_keys - n_queries + i`` and sees every key up to it.
    """
    n_keys = n_queries if n_keys is None else n_keys
    if n_queries < 1 or n_keys < n_queries:
        raise ValueError(f"need 1 ≤ n_queries ≤ n_keys, got {n_queries} and {n_keys}")
    offset = n_keys - n_queries
    rows = torch.arange(n_queries, device=device)[:, None] + offset
    return torch.arange(n_keys, device=device)[None, :] <= rows


def scaled_dot_product_attention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None = None,
                                 *, scale: bool = True) -> tuple[Tensor, Tensor]:
    """``softmax(q kᵀ / √d_k) v`` with masked positions given exactly zero weight.

    q ``(..., n_q, d_k)``, k ``(..., n_k, d_k)``, v ``(..., n_k, d_v)``; mask bool,
    broadcastable to ``(..., n_q, n_k)``, ``True`` = may attend. Returns the output
    ``(..., n_q, d_v)`` and the weights ``(..., n_q, n_k)`` (each row sums to 1).
    ``scale=False`` leaves out the ``1/√d_k`` (to show what it is for).
    """
    if q.dim() < 2 or k.dim() != q.dim() or v.dim() != q.dim():
        raise ValueError(f"q, k, v need the same number (≥ 2) of dimensions, got shapes "
                         f"{tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}")
    if q.size(-1) != k.size(-1) or k.size(-2) != v.size(-2):
        raise ValueError(f"need q (..., n_q, d_k), k (..., n_k, d_k), v (..., n_k, d_v); got "
                         f"{tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}")
    if k.size(-2) == 0:
        raise ValueError("no keys to attend to")
    if scale:
        q = q / math.sqrt(q.size(-1))  # = scaling the scores, on the smaller tensor
    scores = q @ k.transpose(-2, -1)
    if mask is not None:
        if mask.dtype != torch.bool:
            raise ValueError(f"mask must be bool (True = may attend), got {mask.dtype}")
        if not bool(mask.any(-1).all()):
            raise ValueError("a query may attend to no key at all: every mask row needs a True")
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


def multihead_param_count(d_model: int, bias: bool = True) -> int:
    """Parameters of one multi-head attention layer: ``W^Q, W^K, W^V, W^O`` are each
    ``(d_model, d_model)`` (+ ``d_model`` biases): ``4·d_model² (+ 4·d_model)``.

    The number of heads does not appear: the heads split ``d_model`` into ``h`` slices of
    ``d_k = d_model / h``, they do not add weights.
    """
    if not isinstance(d_model, int) or d_model < 1:
        raise ValueError(f"d_model must be a positive int, got {d_model!r}")
    return 4 * d_model * d_model + (4 * d_model if bias else 0)


class MultiHeadAttention(nn.Module):
    """``h`` scaled dot-product attentions in parallel on ``d_k = d_model / h`` dimensions.

    ``forward(query (batch, n_q, d_model), key, value (batch, n_k, d_model), key_mask=None,
    causal=False)`` → output ``(batch, n_q, d_model)`` and weights
    ``(batch, heads, n_q, n_k)``. ``key_mask (batch, n_k)`` bool, ``True`` = a real token;
    ``causal`` lets query ``i`` see only keys ``j ≤ i`` (see :func:`causal_mask`).

    :meth:`project_kv` and :meth:`attend` split ``forward`` in two, so that a decoder can
    project each key and value once and keep them (a cache) across generation steps.
    """

    def __init__(self, d_model: int, num_heads: int, *, bias: bool = True) -> None:
        super().__init__()
        if d_model < 1 or num_heads < 1 or d_model % num_heads:
            raise ValueError(f"d_model ({d_model}) must be a positive multiple of num_heads "
                             f"({num_heads})")
        self.d_model, self.num_heads, self.d_k = d_model, num_heads, d_model // num_heads
        self.W_q = nn.Linear(d_model, d_model, bias=bias)
        self.W_k = nn.Linear(d_model, d_model, bias=bias)
        self.W_v = nn.Linear(d_model, d_model, bias=bias)
        self.W_o = nn.Linear(d_model, d_model, bias=bias)

    def split_heads(self, x: Tensor) -> Tensor:
        """``(batch, n, d_model)`` → ``(batch, heads, n, d_k)``: head ``i`` takes the
        ``i``-th slice of ``d_k`` features."""
        batch, n, _ = x.shape
        return x.view(batch, n, self.num_heads, self.d_k).transpose(1, 2)

    def merge_heads(self, x: Tensor) -> Tensor:
        """``(batch, heads, n, d_k)`` → ``(batch, n, d_model)``: the heads concatenated."""
        batch, _, n, _ = x.shape
        return x.transpose(1, 2).reshape(batch, n, self.d_model)

    def project_kv(self, key: Tensor, value: Tensor) -> tuple[Tensor, Tensor]:
        """``K = key W^K`` and ``V = value W^V`` split into heads, ``(batch, heads, n_k,
        d_k)`` each, laid out contiguously (so that every later query reads them without
        a copy)."""
        return (self.split_heads(self.W_k(key)).contiguous(),
                self.split_heads(self.W_v(value)).contiguous())

    def attend(self, query: Tensor, K: Tensor, V: Tensor, key_mask: Tensor | None = None,
               causal: bool = False) -> tuple[Tensor, Tensor]:
        """Attention of ``query (batch, n_q, d_model)`` over keys and values already
        projected by :meth:`project_kv`, ``(batch, heads, n_k, d_k)``; returns ``(output,
        weights)`` as ``forward``."""
        heads = (query.size(0), self.num_heads, K.size(-2) if K.dim() == 4 else -1, self.d_k)
        if query.dim() != 3 or query.size(-1) != self.d_model or K.shape != heads or \
                V.shape != K.shape:
            raise ValueError(f"need query (batch, n_q, d_model = {self.d_model}) and K, V "
                             f"(batch, heads = {self.num_heads}, n_k, d_k = {self.d_k}); got "
                             f"{tuple(query.shape)}, {tuple(K.shape)}, {tuple(V.shape)}")
        n_k = K.size(2)
        mask = None
        if key_mask is not None:
            if key_mask.shape != (K.size(0), n_k):
                raise ValueError(f"key_mask must be (batch, n_k) = {(K.size(0), n_k)}, "
                                 f"got {tuple(key_mask.shape)}")
            mask = key_mask[:, None, None, :]  # (batch, 1, 1, n_k): every head, every query
        if causal:
            c = causal_mask(query.size(1), n_k, device=query.device)
            mask = c if mask is None else mask & c
        out, weights = scaled_dot_product_attention(self.split_heads(self.W_q(query)), K, V,
                                                    mask)
        return self.W_o(self.merge_heads(out)), weights

    def forward(self, query: Tensor, key: Tensor, value: Tensor, key_mask: Tensor | None = None,
                causal: bool = False) -> tuple[Tensor, Tensor]:
        for name, x in (("query", query), ("key", key), ("value", value)):
            if x.dim() != 3 or x.size(-1) != self.d_model:
                raise ValueError(f"{name} must be (batch, n, d_model = {self.d_model}), got "
                                 f"{tuple(x.shape)}")
        return self.attend(query, *self.project_kv(key, value), key_mask=key_mask,
                           causal=causal)


@torch.no_grad()
def copy_torch_weights(mine: MultiHeadAttention, ref: nn.MultiheadAttention) -> None:
    """Give ``mine`` the weights of ``ref``: PyTorch stacks ``W^Q, W^K, W^V`` into one
    ``in_proj_weight (3·d_model, d_model)`` (and their biases into ``in_proj_bias``); its
    ``out_proj`` is ``W^O``. Both use ``nn.Linear``'s layout, ``y = x Wᵀ + b``."""
    if (ref.embed_dim, ref.num_heads) != (mine.d_model, mine.num_heads):
        raise ValueError(f"sizes differ: torch (d_model {ref.embed_dim}, heads "
                         f"{ref.num_heads}), mine ({mine.d_model}, {mine.num_heads})")
    if ref.in_proj_weight is None or (ref.in_proj_bias is None) != (mine.W_q.bias is None):
        raise ValueError("need a torch module with one in_proj_weight (kdim = vdim = "
                         "embed_dim) and the same use of biases")
    linears = (mine.W_q, mine.W_k, mine.W_v)
    for lin, w in zip(linears, ref.in_proj_weight.chunk(3), strict=True):
        lin.weight.copy_(w)
    if ref.in_proj_bias is not None:
        for lin, b in zip(linears, ref.in_proj_bias.chunk(3), strict=True):
            lin.bias.copy_(b)
        mine.W_o.bias.copy_(ref.out_proj.bias)
    mine.W_o.weight.copy_(ref.out_proj.weight)
