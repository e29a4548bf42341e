"""From text pairs to padded tensors for seq2seq: tokenisers, vocabularies, batches.

A pair ``(source text, target text)`` becomes

- ``src``     ``(batch, src_len)``: the source ids, padded with ``PAD_ID`` (optionally reversed);
- ``tgt_in``  ``(batch, tgt_len)``: ``<sos>`` + target ids, what the decoder is fed;
- ``tgt_out`` ``(batch, tgt_len)``: target ids + ``<eos>``, what it must predict.

``Seq2SeqData`` numericalises a whole list of pairs once, so training draws batches by
indexing tensors (no per-example Python work inside the training loop).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

import torch
from torch import Tensor

from utils.data.batches import minibatch_indices
from utils.data.padding import pad_sequences
from utils.data.vocab import EOS_ID, SOS_ID, Vocab

Tokenizer = Callable[[str], list[str]]
Pair = tuple[str, str]


def make_copy_pairs(n: int, min_len: int, max_len: int, *, seed: int = 0) -> list[Pair]:
    """``n`` pairs ``(digits, the same digits)`` of random lengths in ``[min_len, max_len]``.

    Copying random digits carries no pattern to exploit: the decoder must recover every
    digit from what the encoder passed on, so this task measures how much a fixed-size
    state can hold (the seq2seq bottleneck).
    """
    if n < 1 or not 1 <= min_len <= max_len:
        raise ValueError(f"need n ≥ 1 and 1 ≤ min_len ≤ max_len, got {n}, {min_len}, {max_len}")
    gen = torch.Generator().manual_seed(seed)
    lengths = torch.randint(min_len, max_len + 1, (n,), generator=gen).tolist()
    pairs = []
    for k in lengths:
        digits = "".join(str(d) for d in torch.randint(0, 10, (k,), generator=gen).tolist())
        pairs.append((digits, digits))
    return pairs


def char_tokenize(text: str) -> list[str]:
    """``"9 Mar"`` → ``["9", " ", "M", "a", "r"]``: every character is a token."""
    return list(text)


def word_tokenize(text: str) -> list[str]:
    """``"i see a cat"`` → ``["i", "see", "a", "cat"]``: split on white space."""
    return text.split()


def build_vocabs(pairs: Sequence[Pair], src_tokenize: Tokenizer, tgt_tokenize: Tokenizer
                 ) -> tuple[Vocab, Vocab]:
    """Source and target vocabularies built from the (training) pairs."""
    if not pairs:
        raise ValueError("cannot build vocabularies from an empty list of pairs")
    return (Vocab.build(src_tokenize(s) for s, _ in pairs),
            Vocab.build(tgt_tokenize(t) for _, t in pairs))


class Seq2SeqBatch(NamedTuple):
    """``src (batch, src_len)``, ``src_lengths (batch,)``, ``tgt_in`` and ``tgt_out``
    ``(batch, tgt_len)``, all long tensors padded with ``PAD_ID``."""

    src: Tensor
    src_lengths: Tensor
    tgt_in: Tensor
    tgt_out: Tensor


class Seq2SeqData:
    """A list of text pairs, tokenised and numericalised once into padded tensors.

    ``Seq2SeqData(pairs, src_vocab, tgt_vocab, src_tokenize, tgt_tokenize,
    reverse_source=False)``; build the vocabularies from the training pairs with
    :func:`build_vocabs` and pass the same ones for the test pairs (unknown tokens → <unk>).
    ``reverse_source`` feeds the source backwards (Sutskever et al.'s trick).
    """

    def __init__(self, pairs: Sequence[Pair], src_vocab: Vocab, tgt_vocab: Vocab,
                 src_tokenize: Tokenizer, tgt_tokenize: Tokenizer, *,
                 reverse_source: bool = False) -> None:
        if not pairs:
            raise ValueError("no pairs: a dataset needs at least one (source, target) pair")
        self.pairs = list(pairs)
        self.src_vocab, self.tgt_vocab = src_vocab, tgt_vocab
        self.src_tokenize, self.tgt_tokenize = src_tokenize, tgt_tokenize
        self.reverse_source = reverse_source
        src_ids, tgt_ids = [], []
        for i, (s, t) in enumerate(self.pairs):
            s_tok, t_tok = src_tokenize(s), tgt_tokenize(t)
            if not s_tok or not t_tok:
                raise ValueError(f"pair {i} has an empty source or target: {(s, t)!r}")
            ids = src_vocab.encode(s_tok)
            src_ids.append(ids[::-1] if reverse_source else ids)
            tgt_ids.append(tgt_vocab.encode(t_tok))
        self.src, self.src_lengths = pad_sequences(src_ids)
        self.tgt_in, _ = pad_sequences([[SOS_ID] + t for t in tgt_ids])
        self.tgt_out, self.tgt_lengths = pad_sequences([t + [EOS_ID] for t in tgt_ids])

    @classmethod
    def from_pairs(cls, train_pairs: Sequence[Pair], test_pairs: Sequence[Pair],
                   src_tokenize: Tokenizer, tgt_tokenize: Tokenizer, *,
                   reverse_source: bool = False) -> tuple[Seq2SeqData, Seq2SeqData]:
        """Train and test datasets sharing vocabularies built from the training pairs."""
        src_vocab, tgt_vocab = build_vocabs(train_pairs, src_tokenize, tgt_tokenize)
        return tuple(cls(p, src_vocab, tgt_vocab, src_tokenize, tgt_tokenize,
                         reverse_source=reverse_source) for p in (train_pairs, test_pairs))

    def __len__(self) -> int:
        return len(self.pairs)

    def batch(self, index: Tensor | Sequence[int], device: torch.device | str = "cpu"
              ) -> Seq2SeqBatch:
        """The examples at ``index``, trimmed to their own longest source and target."""
        index = torch.as_tensor(index, dtype=torch.long)
        if index.numel() == 0:
            raise ValueError("empty batch index")
        lengths = self.src_lengths[index]
        s_len, t_len = int(lengths.max()), int(self.tgt_lengths[index].max())
        return Seq2SeqBatch(self.src[index, :s_len].to(device), lengths.to(device),
                            self.tgt_in[index, :t_len].to(device),
                            self.tgt_out[index, :t_len].to(device))

    def batches(self, batch_size: int, *, shuffle: bool = True,
                generator: torch.Generator | None = None, device: torch.device | str = "cpu"
                ) -> Iterator[Seq2SeqBatch]:
        """One pass over the data, ``batch_size`` examples at a time."""
        for index in minibatch_indices(len(self), batch_size, shuffle=shuffle,
                                       generator=generator):
            yield self.batch(index, device)

    def source_tokens(self, i: int) -> list[str]:
        """Example ``i``'s source tokens, in the order the encoder reads them."""
        toks = self.src_tokenize(self.pairs[i][0])
        return toks[::-1] if self.reverse_source else toks
