"""Encoder–decoder models: an RNN encoder, a plain decoder, an attention decoder, and Seq2Seq.

The interface every later lesson drives (greedy, beam and exhaustive search):

- ``Seq2Seq.encode(src, src_lengths) -> (EncoderMemory, state)``
- ``Seq2Seq.decode_step(y_prev, state, memory) -> (log_probs, state, weights or None)``
- ``Seq2Seq.forward(src, src_lengths, tgt_in, teacher_forcing_ratio) -> logits``

Shapes are batch first. ``src`` ``(batch, src_len)`` is padded with ``PAD_ID``; the
decoder's state is ``(num_layers, batch, hidden)`` for a GRU, or a pair ``(h, c)`` of such
tensors for an LSTM. The encoder may be bidirectional: its two directions' final states are
concatenated, so the decoder's hidden size is ``num_directions × encoder hidden``.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from utils.data.vocab import PAD_ID
from utils.models.attention import attention, make_score

State = Tensor | tuple[Tensor, Tensor]
RNN_TYPES = {"gru": nn.GRU, "lstm": nn.LSTM}


class EncoderMemory(NamedTuple):
    """What the encoder keeps for the decoder.

    outputs ``(batch, src_len, enc_dim)``: every encoder state (zeros at padding);
    mask ``(batch, src_len)`` bool: ``True`` where the source has a real token.
    """

    outputs: Tensor
    mask: Tensor


def _rnn(kind: str, input_size: int, hidden_size: int, num_layers: int,
         bidirectional: bool = False) -> nn.RNNBase:
    if kind not in RNN_TYPES:
        raise ValueError(f"rnn must be one of {sorted(RNN_TYPES)}, got {kind!r}")
    return RNN_TYPES[kind](input_size, hidden_size, num_layers, batch_first=True,
                           bidirectional=bidirectional)


def check_src(src: Tensor, src_lengths: Tensor) -> None:
    """Raise a clear ``ValueError`` unless ``src`` is a non-empty ``(batch, src_len)`` long
    tensor and ``src_lengths (batch,)`` lies in ``[1, src_len]``."""
    if src.dim() != 2 or src.dtype != torch.long:
        raise ValueError(f"src must be a (batch, src_len) long tensor, got {tuple(src.shape)} "
                         f"{src.dtype}")
    if src_lengths.shape != (src.size(0),):
        raise ValueError(f"src_lengths must have shape ({src.size(0)},), got "
                         f"{tuple(src_lengths.shape)}")
    if src.size(0) == 0 or src.size(1) == 0:
        raise ValueError(f"src is empty: shape {tuple(src.shape)}")
    lo, hi = int(src_lengths.min()), int(src_lengths.max())
    if lo < 1 or hi > src.size(1):
        raise ValueError(f"src_lengths must lie in [1, {src.size(1)}], got {lo}..{hi}")


def check_token_ids(ids: Tensor, vocab_size: int, name: str) -> None:
    """Raise a ``ValueError`` naming ``name`` unless every id in ``ids`` (any shape, integer)
    lies in ``[0, vocab_size)``, the rows of the embedding that reads them.

    Without this, a stray id (a token of another vocabulary, an off-by-one) reaches
    ``nn.Embedding`` and fails as ``IndexError: index out of range in self``.
    """
    if ids.dtype not in (torch.long, torch.int):
        raise ValueError(f"{name} must hold integer token ids, got {ids.dtype}")
    if ids.numel() == 0:
        return
    bad = (ids < 0) | (ids >= vocab_size)
    if bool(bad.any()):
        first = int(ids[bad].flatten()[0])
        where = tuple(int(k) for k in bad.nonzero()[0])
        raise ValueError(f"{name} holds the token id {first} at position {where}, outside the "
                         f"vocabulary of size {vocab_size} (ids must lie in [0, "
                         f"{vocab_size - 1}]): was it encoded with another vocabulary?")


class Encoder(nn.Module):
    """Embedding → (bi)directional GRU or LSTM over the packed source.

    ``forward(src (batch, src_len), src_lengths (batch,))`` →
    ``(EncoderMemory(outputs (batch, src_len, dirs·hidden), mask), state)`` where ``state``
    is ``(num_layers, batch, dirs·hidden)`` (a pair ``(h, c)`` for an LSTM): each layer's
    last forward state next to its first-step backward state. Packing means padding never
    enters the RNN, in either direction.
    """

    def __init__(self, vocab_size: int, emb_dim: int, hidden_size: int, *, num_layers: int = 1,
                 bidirectional: bool = True, rnn: str = "gru") -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=PAD_ID)
        self.rnn = _rnn(rnn, emb_dim, hidden_size, num_layers, bidirectional)
        self.rnn_type = rnn
        self.num_layers = num_layers
        self.num_directions = 2 if bidirectional else 1
        self.output_dim = self.num_directions * hidden_size

    def _merge_directions(self, h: Tensor) -> Tensor:
        """``(layers·dirs, batch, hidden)`` → ``(layers, batch, dirs·hidden)``."""
        layers_dirs, batch, hidden = h.shape
        h = h.view(self.num_layers, self.num_directions, batch, hidden)
        return torch.cat([h[:, d] for d in range(self.num_directions)], dim=-1)

    def forward(self, src: Tensor, src_lengths: Tensor) -> tuple[EncoderMemory, State]:
        check_src(src, src_lengths)
        check_token_ids(src, self.embedding.num_embeddings, "src")
        embedded = self.embedding(src)  # (batch, src_len, emb)
        packed = pack_padded_sequence(embedded, src_lengths.cpu(), batch_first=True,
                                      enforce_sorted=False)
        packed_out, final = self.rnn(packed)
        outputs, _ = pad_packed_sequence(packed_out, batch_first=True,
                                         total_length=src.size(1))
        mask = torch.arange(src.size(1), device=src.device)[None, :] < src_lengths.to(
            src.device)[:, None]
        if isinstance(final, tuple):
            state: State = (self._merge_directions(final[0]), self._merge_directions(final[1]))
        else:
            state = self._merge_directions(final)
        return EncoderMemory(outputs, mask), state


class Decoder(nn.Module):
    """The plain decoder: embedding → GRU/LSTM → linear. It sees the source only through
    the initial state it receives from the encoder (the bottleneck).

    ``forward(tgt_in (batch, tgt_len), state, memory)`` → ``(logits (batch, tgt_len, vocab),
    state, None)``: all steps at once (teacher forcing); with ``keep``, a ``(batch,
    tgt_len)`` bool mask, only the kept positions' logits ``(n_kept, vocab)``.
    ``step(y_prev (batch,), state, memory)`` → ``(logits (batch, vocab), state, None)``.
    """

    def __init__(self, vocab_size: int, emb_dim: int, hidden_size: int, *, num_layers: int = 1,
                 rnn: str = "gru") -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=PAD_ID)
        self.rnn = _rnn(rnn, emb_dim, hidden_size, num_layers)
        self.rnn_type = rnn
        self.hidden_size = hidden_size
        self.out = nn.Linear(hidden_size, vocab_size)

    def forward(self, tgt_in: Tensor, state: State, memory: EncoderMemory,
                keep: Tensor | None = None) -> tuple[Tensor, State, Tensor | None]:
        check_token_ids(tgt_in, self.embedding.num_embeddings, "tgt_in")
        return self._run(tgt_in, state, memory, keep)

    def step(self, y_prev: Tensor, state: State, memory: EncoderMemory
             ) -> tuple[Tensor, State, Tensor | None]:
        check_token_ids(y_prev, self.embedding.num_embeddings, "y_prev")
        logits, state, _ = self._run(y_prev.unsqueeze(1), state, memory)
        return logits.squeeze(1), state, None

    def _run(self, tgt_in: Tensor, state: State, memory: EncoderMemory,
             keep: Tensor | None = None) -> tuple[Tensor, State, None]:
        outputs, state = self.rnn(self.embedding(tgt_in), state)
        return self.out(outputs if keep is None else outputs[keep]), state, None


class AttentionDecoder(nn.Module):
    """Luong-style attention decoder.

    Per step: ``h_t = RNN(embed(y_prev), h_{t-1})``; ``a_t = softmax(score(h_t, h_s))`` over
    the real source positions; ``c_t = Σ_s a_t(s) h_s``; ``h̃_t = tanh(W_c [c_t; h_t])``;
    ``logits = W_out h̃_t``. ``forward`` runs all teacher-forced steps at once and returns
    the weights ``(batch, tgt_len, src_len)`` (with ``keep``, a ``(batch, tgt_len)`` bool
    mask, the logits of the kept positions only, ``(n_kept, vocab)``); ``step`` runs one
    and returns ``(batch, src_len)``.
    """

    def __init__(self, vocab_size: int, emb_dim: int, hidden_size: int, enc_dim: int, *,
                 score: str = "dot", attn_dim: int | None = None, num_layers: int = 1,
                 rnn: str = "gru") -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=PAD_ID)
        self.rnn = _rnn(rnn, emb_dim, hidden_size, num_layers)
        self.rnn_type = rnn
        self.hidden_size = hidden_size
        self.score_kind = score
        self.score = make_score(score, hidden_size, enc_dim, attn_dim)
        self.combine = nn.Linear(enc_dim + hidden_size, hidden_size)  # W_c
        self.out = nn.Linear(hidden_size, vocab_size)

    def forward(self, tgt_in: Tensor, state: State, memory: EncoderMemory,
                keep: Tensor | None = None) -> tuple[Tensor, State, Tensor]:
        check_token_ids(tgt_in, self.embedding.num_embeddings, "tgt_in")
        return self._run(tgt_in, state, memory, keep)

    def _run(self, tgt_in: Tensor, state: State, memory: EncoderMemory,
             keep: Tensor | None = None) -> tuple[Tensor, State, Tensor]:
        outputs, state = self.rnn(self.embedding(tgt_in), state)  # (batch, tgt_len, hidden)
        context, weights = attention(outputs, memory.outputs, mask=memory.mask,
                                     score=self.score)
        attentional = torch.tanh(self.combine(torch.cat([context, outputs], dim=-1)))
        return self.out(attentional if keep is None else attentional[keep]), state, weights

    def step(self, y_prev: Tensor, state: State, memory: EncoderMemory
             ) -> tuple[Tensor, State, Tensor]:
        check_token_ids(y_prev, self.embedding.num_embeddings, "y_prev")
        logits, state, weights = self._run(y_prev.unsqueeze(1), state, memory)
        return logits.squeeze(1), state, weights.squeeze(1)


class Seq2Seq(nn.Module):
    """An encoder and a decoder joined by the encoder's final state (and, with an
    :class:`AttentionDecoder`, by attention over all encoder states)."""

    def __init__(self, encoder: Encoder, decoder: Decoder | AttentionDecoder) -> None:
        super().__init__()
        if encoder.output_dim != decoder.hidden_size:
            raise ValueError(
                f"the decoder's hidden size ({decoder.hidden_size}) must equal the encoder's "
                f"state size ({encoder.output_dim} = directions × hidden)"
            )
        if encoder.rnn_type != decoder.rnn_type:
            raise ValueError(f"encoder is a {encoder.rnn_type}, decoder a {decoder.rnn_type}: "
                             "their states would not fit")
        if encoder.num_layers != decoder.rnn.num_layers:
            raise ValueError("encoder and decoder need the same number of layers")
        self.encoder = encoder
        self.decoder = decoder

    @property
    def has_attention(self) -> bool:
        return isinstance(self.decoder, AttentionDecoder)

    def encode(self, src: Tensor, src_lengths: Tensor) -> tuple[EncoderMemory, State]:
        """src ``(batch, src_len)``, src_lengths ``(batch,)`` → (memory, decoder start state)."""
        return self.encoder(src, src_lengths)

    def decode_step(self, y_prev: Tensor, state: State, memory: EncoderMemory
                    ) -> tuple[Tensor, State, Tensor | None]:
        """y_prev ``(batch,)`` → (log_probs ``(batch, tgt_vocab)``, new state, attention
        weights ``(batch, src_len)`` or ``None``)."""
        if y_prev.dim() != 1 or y_prev.size(0) != memory.outputs.size(0):
            raise ValueError(f"y_prev must be ({memory.outputs.size(0)},), got "
                             f"{tuple(y_prev.shape)}")
        logits, state, weights = self.decoder.step(y_prev, state, memory)
        return torch.log_softmax(logits, dim=-1), state, weights

    def forward(self, src: Tensor, src_lengths: Tensor, tgt_in: Tensor,
                teacher_forcing_ratio: float = 1.0, *, keep: Tensor | None = None) -> Tensor:
        """Logits ``(batch, tgt_len, vocab)`` for ``tgt_in`` = <sos> + target ``(batch, tgt_len)``.

        With ``teacher_forcing_ratio = 1`` every step is fed the true previous token and all
        steps run in one RNN call. Otherwise each step, for each row, feeds the true token
        with that probability and the model's own previous prediction (argmax) otherwise;
        ``0`` is free running, as at inference.

        ``keep``: a ``(batch, tgt_len)`` bool mask (e.g. the real, non-pad target tokens);
        then only those positions' logits are returned, ``(n_kept, vocab)`` in row-major
        order, and with teacher forcing the output layer skips the others (in a padded
        batch of short sentences, a large share of its work).
        """
        if not 0.0 <= teacher_forcing_ratio <= 1.0:
            raise ValueError(f"teacher_forcing_ratio must lie in [0, 1], got "
                             f"{teacher_forcing_ratio}")
        if tgt_in.dim() != 2 or tgt_in.size(0) != src.size(0) or tgt_in.size(1) == 0:
            raise ValueError(f"tgt_in must be (batch={src.size(0)}, tgt_len ≥ 1), got "
                             f"{tuple(tgt_in.shape)}")
        if keep is not None and (keep.dtype != torch.bool or keep.shape != tgt_in.shape):
            raise ValueError(f"keep must be a bool mask shaped like tgt_in "
                             f"{tuple(tgt_in.shape)}, got {keep.dtype} {tuple(keep.shape)}")
        memory, state = self.encode(src, src_lengths)
        if teacher_forcing_ratio >= 1.0:
            logits, _, _ = self.decoder(tgt_in, state, memory, keep)  # checks tgt_in's ids
            return logits
        # free running may never feed some of tgt_in's tokens: check them all here
        check_token_ids(tgt_in, self.decoder.embedding.num_embeddings, "tgt_in")
        steps = []
        y = tgt_in[:, 0]
        for t in range(tgt_in.size(1)):
            logits_t, state, _ = self.decoder.step(y, state, memory)
            steps.append(logits_t)
            if t + 1 < tgt_in.size(1):
                use_true = torch.rand(y.size(0), device=y.device) < teacher_forcing_ratio
                y = torch.where(use_true, tgt_in[:, t + 1], logits_t.argmax(-1))
        logits = torch.stack(steps, dim=1)
        return logits if keep is None else logits[keep]


def build_seq2seq(src_vocab_size: int, tgt_vocab_size: int, *, emb_dim: int = 32,
                  hidden_size: int = 64, attention: str | None = "dot",
                  bidirectional: bool = True, num_layers: int = 1, rnn: str = "gru"
                  ) -> Seq2Seq:
    """A :class:`Seq2Seq` with matching sizes: ``attention`` is ``None`` (plain decoder) or
    a score kind (``"dot"``, ``"general"``, ``"concat"``)."""
    encoder = Encoder(src_vocab_size, emb_dim, hidden_size, num_layers=num_layers,
                      bidirectional=bidirectional, rnn=rnn)
    dec_hidden = encoder.output_dim
    if attention is None:
        decoder: Decoder | AttentionDecoder = Decoder(tgt_vocab_size, emb_dim, dec_hidden,
                                                      num_layers=num_layers, rnn=rnn)
    else:
        decoder = AttentionDecoder(tgt_vocab_size, emb_dim, dec_hidden, encoder.output_dim,
                                   score=attention, num_layers=num_layers, rnn=rnn)
    return Seq2Seq(encoder, decoder)
