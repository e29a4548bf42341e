"""A small Transformer encoder–decoder (Vaswani et al., 2017) that speaks the course's
seq2seq interface, built from :class:`utils.models.multihead.MultiHeadAttention`.

- ``encode(src, src_lengths) -> (EncoderMemory, state)``
- ``decode_step(y_prev, state, memory) -> (log_probs, state, cross-attention)``
- ``forward(src, src_lengths, tgt_in) -> logits (batch, tgt_len, vocab)``

exactly like ``utils.models.seq2seq.Seq2Seq``, so ``utils.decoding`` (greedy, beam and
exhaustive search) and ``utils.training.seq2seq`` drive both model families unchanged.

An **encoder block** is self-attention then a position-wise feed-forward network
``FFN(x) = W_2 ReLU(W_1 x + b_1) + b_2``; a **decoder block** is *causal* self-attention
(position ``t`` sees positions ``≤ t`` only), cross-attention (queries from the decoder,
keys and values from the encoder's outputs), then the FFN. Each of these sub-layers sits
in a residual connection with a layer norm, placed

- ``norm_first=True`` (**pre-norm**, the default here): ``x + Sublayer(LayerNorm(x))``, with
  one more LayerNorm after the last block (Xiong et al., 2020: trains stably without a
  learning-rate warm-up);
- ``norm_first=False`` (**post-norm**, the original paper): ``LayerNorm(x + Sublayer(x))``.

**The decoder state** is a plain tuple ``(self_K, self_V, cross_K, cross_V)``, each
``(layers, batch, heads, length, d_k)`` with the batch on dim 1, so beam search's
``select_state`` reorders it with ``index_select(1, ·)``. ``self_K``/``self_V`` hold every
earlier step's projected keys and values (a *key–value cache*: a step attends to them and
appends its own, instead of re-running the whole prefix); ``cross_K``/``cross_V`` are the
encoder outputs projected once per layer by the cross-attention, ``length = src_len``.
The number of steps decoded so far, hence the next position, is ``self_K.size(3)``.
``decode_step`` returns the last decoder layer's cross-attention averaged over its heads,
``(batch, src_len)``, as lesson 08's decoder returns its attention.

Sizes of the original "base" model: ``d_model = 512``, 8 heads, ``d_ff = 2048``, 6 + 6
layers; the lesson's (the defaults here): 64, 8, 128, 2 + 2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import torch
from torch import Tensor, nn

from utils.data.vocab import PAD_ID
from utils.models.multihead import MultiHeadAttention, multihead_param_count
from utils.models.positional import PositionalEncoding
from utils.models.seq2seq import EncoderMemory, check_src, check_token_ids

KV = tuple[Tensor, Tensor]


class FeedForward(nn.Module):
    """``W_2 ReLU(W_1 x + b_1) + b_2`` applied to every position alone:
    ``(batch, n, d_model)`` → ``(batch, n, d_model)`` through ``d_ff`` hidden units."""

    def __init__(self, d_model: int, d_ff: int) -> None:
        super().__init__()
        self.W_1, self.W_2 = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model)

    def forward(self, x: Tensor) -> Tensor:
        return self.W_2(torch.relu(self.W_1(x)))


def _no_extra(fn: Callable[[Tensor], Tensor]) -> Callable[[Tensor], tuple[Tensor, None]]:
    return lambda h: (fn(h), None)


class _Block(nn.Module):
    def __init__(self, norm_first: bool) -> None:
        super().__init__()
        self.norm_first = norm_first

    def residual(self, x: Tensor, norm: nn.LayerNorm, sublayer: Callable) -> tuple[Tensor, object]:
        """Pre-norm ``x + f(LN(x))`` or post-norm ``LN(x + f(x))``; ``sublayer`` returns
        ``(f(h), extra)`` and ``extra`` (attention weights, keys) is passed on."""
        if self.norm_first:
            out, extra = sublayer(norm(x))
            return x + out, extra
        out, extra = sublayer(x)
        return norm(x + out), extra


class EncoderBlock(_Block):
    """Self-attention and feed-forward, each with a residual and a layer norm.

    ``forward(x (batch, n, d_model), key_mask (batch, n))`` → ``(x, weights (batch, heads,
    n, n))``.
    """

    def __init__(self, d_model: int, num_heads: int, d_ff: int, *, norm_first: bool = True
                 ) -> None:
        super().__init__(norm_first)
        self.self_attn = MultiHeadAttention(d_model, num_heads)
        self.ff = FeedForward(d_model, d_ff)
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)

    def forward(self, x: Tensor, key_mask: Tensor | None = None) -> tuple[Tensor, Tensor]:
        x, weights = self.residual(x, self.norm1,
                                   lambda h: self.self_attn(h, h, h, key_mask=key_mask))
        x, _ = self.residual(x, self.norm2, _no_extra(self.ff))
        return x, weights


class DecoderBlock(_Block):
    """Causal self-attention, cross-attention over the encoder outputs, feed-forward.

    ``forward(y (batch, n, d_model), cross_kv, memory_mask, past=None, causal=True)``:
    ``y`` holds the *new* positions (all of them when training, one per generation step);
    ``past`` the keys and values ``(batch, heads, t, d_k)`` of the ``t`` earlier positions;
    ``cross_kv`` the cross-attention's projected encoder outputs ``(batch, heads, src_len,
    d_k)``. Returns ``(y, (K, V) of all t + n positions, self weights (batch, heads, n,
    t + n), cross weights (batch, heads, n, src_len))``. ``causal=False`` lets every
    position see the later ones too (the leak lesson 11 demonstrates).
    """

    def __init__(self, d_model: int, num_heads: int, d_ff: int, *, norm_first: bool = True
                 ) -> None:
        super().__init__(norm_first)
        self.self_attn = MultiHeadAttention(d_model, num_heads)
        self.cross_attn = MultiHeadAttention(d_model, num_heads)
        self.ff = FeedForward(d_model, d_ff)
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(d_model) for _ in range(3))

    def forward(self, y: Tensor, cross_kv: KV, memory_mask: Tensor, past: KV | None = None,
                causal: bool = True) -> tuple[Tensor, KV, Tensor, Tensor]:
        def self_attention(h: Tensor) -> tuple[Tensor, tuple[Tensor, KV]]:
            K, V = self.self_attn.project_kv(h, h)
            if past is not None:
                K, V = torch.cat([past[0], K], dim=2), torch.cat([past[1], V], dim=2)
            out, weights = self.self_attn.attend(h, K, V, causal=causal)
            return out, (weights, (K, V))

        y, (self_weights, kv) = self.residual(y, self.norm1, self_attention)
        y, cross_weights = self.residual(
            y, self.norm2, lambda h: self.cross_attn.attend(h, *cross_kv, key_mask=memory_mask))
        y, _ = self.residual(y, self.norm3, _no_extra(self.ff))
        return y, kv, self_weights, cross_weights


class AttentionMaps(NamedTuple):
    """Every attention weight of one teacher-forced pass, ``(layers, batch, heads, n_q, n_k)``:
    encoder self-attention (src × src), decoder self-attention (tgt × tgt), cross-attention
    (tgt × src)."""

    encoder: Tensor
    decoder: Tensor
    cross: Tensor


class TransformerSeq2Seq(nn.Module):
    """Embeddings + positions → encoder blocks → decoder blocks → linear to the target vocabulary.

    ``positions``: ``"sinusoidal"``, ``"learned"`` or ``"none"`` (see
    ``utils.models.positional``); ``causal=False`` trains without the decoder's causal
    mask (a model that can read the answer during training; generation stays causal).
    """

    def __init__(self, src_vocab_size: int, tgt_vocab_size: int, *, d_model: int = 64,
                 num_heads: int = 8, num_layers: int = 2, d_ff: int = 128,
                 norm_first: bool = True, positions: str = "sinusoidal", max_len: int = 256,
                 causal: bool = True) -> None:
        super().__init__()
        if min(src_vocab_size, tgt_vocab_size, num_layers, d_ff) < 1:
            raise ValueError("vocabulary sizes, num_layers and d_ff must be positive")
        self.d_model, self.num_layers, self.causal = d_model, num_layers, causal
        self.src_embedding = nn.Embedding(src_vocab_size, d_model, padding_idx=PAD_ID)
        self.tgt_embedding = nn.Embedding(tgt_vocab_size, d_model, padding_idx=PAD_ID)
        self.src_positions = PositionalEncoding(d_model, kind=positions, max_len=max_len)
        self.tgt_positions = PositionalEncoding(d_model, kind=positions, max_len=max_len)
        self.encoder_layers = nn.ModuleList(
            EncoderBlock(d_model, num_heads, d_ff, norm_first=norm_first)
            for _ in range(num_layers))
        self.decoder_layers = nn.ModuleList(
            DecoderBlock(d_model, num_heads, d_ff, norm_first=norm_first)
            for _ in range(num_layers))
        # pre-norm leaves the residual stream un-normalised: one last LayerNorm after each stack
        self.encoder_norm = nn.LayerNorm(d_model) if norm_first else nn.Identity()
        self.decoder_norm = nn.LayerNorm(d_model) if norm_first else nn.Identity()
        self.out = nn.Linear(d_model, tgt_vocab_size)

    # encoder ---------------------------------------------------------------------------
    def _encode(self, src: Tensor, src_lengths: Tensor) -> tuple[EncoderMemory, list[Tensor]]:
        check_src(src, src_lengths)
        check_token_ids(src, self.src_embedding.num_embeddings, "src")
        mask = torch.arange(src.size(1), device=src.device)[None, :] < src_lengths.to(
            src.device)[:, None]
        x = self.src_positions(self.src_embedding(src))
        weights = []
        for layer in self.encoder_layers:
            x, w = layer(x, key_mask=mask)
            weights.append(w)
        x = self.encoder_norm(x).masked_fill(~mask[:, :, None], 0.0)  # zeros at padding
        return EncoderMemory(x, mask), weights

    def _cross_kv(self, memory: EncoderMemory) -> list[KV]:
        return [layer.cross_attn.project_kv(memory.outputs, memory.outputs)
                for layer in self.decoder_layers]

    def encode(self, src: Tensor, src_lengths: Tensor) -> tuple[EncoderMemory, tuple[Tensor, ...]]:
        """src ``(batch, src_len)``, src_lengths ``(batch,)`` → (memory: outputs ``(batch,
        src_len, d_model)`` and mask, the decoder's start state: an empty key–value cache
        and the projected encoder outputs, see the module docstring)."""
        memory, _ = self._encode(src, src_lengths)
        cross = self._cross_kv(memory)
        cross_K = torch.stack([k for k, _ in cross])  # (layers, batch, heads, src_len, d_k)
        cross_V = torch.stack([v for _, v in cross])
        empty = cross_K[:, :, :, :0]                   # no step decoded yet: length 0
        return memory, (empty, empty, cross_K, cross_V)

    # decoder ---------------------------------------------------------------------------
    def _decode(self, tgt_in: Tensor, memory: EncoderMemory
                ) -> tuple[Tensor, list[Tensor], list[Tensor]]:
        y = self.tgt_positions(self.tgt_embedding(tgt_in))
        self_w, cross_w = [], []
        for layer, kv in zip(self.decoder_layers, self._cross_kv(memory), strict=True):
            y, _, ws, wc = layer(y, kv, memory.mask, causal=self.causal)
            self_w.append(ws)
            cross_w.append(wc)
        return self.out(self.decoder_norm(y)), self_w, cross_w

    def _check_tgt(self, src: Tensor, tgt_in: Tensor) -> None:
        if tgt_in.dim() != 2 or tgt_in.size(0) != src.size(0) or tgt_in.size(1) == 0:
            raise ValueError(f"tgt_in must be (batch={src.size(0)}, tgt_len ≥ 1), got "
                             f"{tuple(tgt_in.shape)}")
        check_token_ids(tgt_in, self.tgt_embedding.num_embeddings, "tgt_in")

    def forward(self, src: Tensor, src_lengths: Tensor, tgt_in: Tensor,
                teacher_forcing_ratio: float = 1.0) -> Tensor:
        """Logits ``(batch, tgt_len, vocab)`` for ``tgt_in`` = <sos> + target ``(batch,
        tgt_len)``, every position at once (teacher forcing; the causal mask keeps each
        position from seeing the later ones). ``teacher_forcing_ratio`` is accepted for
        ``train_seq2seq``'s call and must be 1: feeding the model's own predictions would
        mean generating step by step, which is what the parallel training avoids."""
        if teacher_forcing_ratio != 1.0:
            raise ValueError("the Transformer trains with teacher forcing only "
                             f"(teacher_forcing_ratio = 1), got {teacher_forcing_ratio}")
        self._check_tgt(src, tgt_in)
        memory, _ = self._encode(src, src_lengths)
        logits, _, _ = self._decode(tgt_in, memory)
        return logits

    def decode_step(self, y_prev: Tensor, state: tuple[Tensor, ...], memory: EncoderMemory
                    ) -> tuple[Tensor, tuple[Tensor, ...], Tensor]:
        """y_prev ``(batch,)`` → (log_probs ``(batch, tgt_vocab)``, the state with this
        step's keys and values appended, the last layer's cross-attention averaged over heads
        ``(batch, src_len)``)."""
        if y_prev.dim() != 1 or y_prev.size(0) != memory.outputs.size(0):
            raise ValueError(f"y_prev must be ({memory.outputs.size(0)},), got "
                             f"{tuple(y_prev.shape)}")
        check_token_ids(y_prev, self.tgt_embedding.num_embeddings, "y_prev")
        self_K, self_V, cross_K, cross_V = state
        t = self_K.size(3)  # steps so far = this token's position
        y = self.tgt_positions(self.tgt_embedding(y_prev[:, None]), start=t)
        new_K, new_V = [], []
        for i, layer in enumerate(self.decoder_layers):
            y, (K, V), _, cross_w = layer(y, (cross_K[i], cross_V[i]), memory.mask,
                                          past=(self_K[i], self_V[i]))
            new_K.append(K)
            new_V.append(V)
        log_probs = torch.log_softmax(self.out(self.decoder_norm(y[:, 0])), dim=-1)
        return log_probs, (torch.stack(new_K), torch.stack(new_V), cross_K, cross_V), \
            cross_w[:, :, 0].mean(1)

    @torch.no_grad()
    def attention_maps(self, src: Tensor, src_lengths: Tensor, tgt_in: Tensor) -> AttentionMaps:
        """Every layer's and head's attention weights for a teacher-forced pass (see
        :class:`AttentionMaps`)."""
        self._check_tgt(src, tgt_in)
        memory, enc_w = self._encode(src, src_lengths)
        _, dec_w, cross_w = self._decode(tgt_in, memory)
        return AttentionMaps(torch.stack(enc_w), torch.stack(dec_w), torch.stack(cross_w))


def encoder_block_param_count(d_model: int, d_ff: int) -> int:
    """Parameters of one encoder block: multi-head attention ``4·d² + 4·d``, the FFN
    ``d·d_ff + d_ff + d_ff·d + d``, two layer norms ``2 · 2d`` (a gain and a bias each)."""
    if not isinstance(d_ff, int) or d_ff < 1:
        raise ValueError(f"d_ff must be a positive int, got {d_ff!r}")
    return multihead_param_count(d_model) + 2 * d_model * d_ff + d_ff + d_model + 4 * d_model


def bert_param_count(layers: int, hidden: int, *, vocab_size: int = 30522,
                     max_positions: int = 512, segments: int = 2) -> int:
    """BERT's parameters (Devlin et al., 2019): token, position and segment embeddings and
    their layer norm, ``layers`` encoder blocks with ``d_ff = 4·hidden``, and the pooler
    (a ``hidden × hidden`` layer on [CLS]). The number of heads does not enter.
    ``bert_param_count(12, 768)`` ≈ 110 M (BERT-base), ``(24, 1024)`` ≈ 335 M (BERT-large,
    "340M" in the paper)."""
    for name, n in (("layers", layers), ("hidden", hidden), ("vocab_size", vocab_size),
                    ("max_positions", max_positions), ("segments", segments)):
        if not isinstance(n, int) or n < 1:
            raise ValueError(f"{name} must be a positive int, got {n!r}")
    embeddings = (vocab_size + max_positions + segments) * hidden + 2 * hidden
    pooler = hidden * hidden + hidden
    return embeddings + layers * encoder_block_param_count(hidden, 4 * hidden) + pooler
