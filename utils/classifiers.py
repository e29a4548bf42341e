"""Sequence classifiers for lesson 02: a many-to-one RNN, a bag of words, a blank filler.

All three take padded ids ``(batch, time)`` (``PAD_ID`` = 0) and true ``lengths (batch,)``
and return logits ``(batch, classes)``, so ``utils.training.train_classifier`` trains them.

- ``RNNClassifier``: embedding → packed ``nn.RNN`` or ``nn.GRU`` → linear on ``h_n`` (the
  state at each sequence's own last real step; both directions' finals if bidirectional).
- ``BagOfWords``: word counts → MLP. It sees *which* words and how often, never their order.
- ``BlankFiller``: embedding → packed (bi)directional RNN → linear on the output *at the
  blank token*: a left-to-right RNN there has read only the words before the blank.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from utils.padding import run_packed
from utils.vocab import PAD_ID

CELLS = {"rnn": nn.RNN, "gru": nn.GRU}


def _check_batch(ids: Tensor, lengths: Tensor) -> None:
    if ids.dim() != 2 or ids.dtype != torch.long:
        raise ValueError(f"ids must be a (batch, time) long tensor, got {tuple(ids.shape)} "
                         f"{ids.dtype}")
    if ids.size(0) == 0 or ids.size(1) == 0:
        raise ValueError(f"ids is empty: shape {tuple(ids.shape)}")
    if lengths.shape != (ids.size(0),):
        raise ValueError(f"lengths must have shape ({ids.size(0)},), got {tuple(lengths.shape)}")


class RNNClassifier(nn.Module):
    """Many-to-one: ``forward(ids (batch, time), lengths (batch,))`` → ``(batch, classes)``."""

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int, num_classes: int,
                 *, cell: str = "rnn", bidirectional: bool = False) -> None:
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=PAD_ID)
        self.rnn = CELLS[cell](embed_dim, hidden_size, batch_first=True,
                               bidirectional=bidirectional)
        self.head = nn.Linear(hidden_size * (2 if bidirectional else 1), num_classes)

    def forward(self, ids: Tensor, lengths: Tensor) -> Tensor:
        _check_batch(ids, lengths)
        _, h_n = run_packed(self.rnn, self.embedding(ids), lengths)  # (dirs, batch, hidden)
        return self.head(torch.cat(list(h_n), dim=-1))

    @torch.no_grad()
    def step_logits(self, ids: Tensor) -> Tensor:
        """Logits after every prefix of one unpadded batch: ``(batch, time, classes)``.

        Step ``t`` is what the classifier would say had the sentence ended at ``t``
        (unidirectional models only: a backward RNN has already read the whole sentence).
        """
        if self.rnn.bidirectional:
            raise ValueError("step_logits needs a unidirectional RNN")
        if ids.dim() != 2 or ids.numel() == 0:
            raise ValueError(f"ids must be a non-empty (batch, time) tensor, got "
                             f"{tuple(ids.shape)}")
        outputs, _ = self.rnn(self.embedding(ids))
        return self.head(outputs)


class BagOfWords(nn.Module):
    """Counts of each word → ``Linear → ReLU → Linear``; padding is not counted.

    A linear layer on counts is the *sum* of one learned vector per word, so this is the
    classic "sum the word embeddings" model with a hidden layer on top. Any two sentences
    with the same words get exactly the same logits, whatever the order.
    """

    def __init__(self, vocab_size: int, hidden_size: int, num_classes: int) -> None:
        super().__init__()
        self.vocab_size = vocab_size
        self.mlp = nn.Sequential(nn.Linear(vocab_size, hidden_size), nn.ReLU(),
                                 nn.Linear(hidden_size, num_classes))

    def counts(self, ids: Tensor) -> Tensor:
        """``ids (batch, time)`` → word counts ``(batch, vocab)`` (``PAD_ID`` column zero)."""
        if ids.dim() != 2 or ids.dtype != torch.long:
            raise ValueError(f"ids must be a (batch, time) long tensor, got {tuple(ids.shape)}")
        if ids.numel() and (int(ids.min()) < 0 or int(ids.max()) >= self.vocab_size):
            raise ValueError(f"ids must lie in [0, {self.vocab_size})")
        c = torch.zeros(ids.size(0), self.vocab_size, device=ids.device)
        c.scatter_add_(1, ids, torch.ones_like(ids, dtype=c.dtype))
        c[:, PAD_ID] = 0
        return c

    def forward(self, ids: Tensor, lengths: Tensor | None = None) -> Tensor:
        if lengths is not None:
            _check_batch(ids, lengths)
        return self.mlp(self.counts(ids))


class BlankFiller(nn.Module):
    """Classify the word hidden at ``blank_id``: ``(ids, lengths)`` → ``(batch, classes)``.

    Every row of ``ids`` must hold ``blank_id`` exactly once. The RNN runs packed, so a
    backward direction starts at each sentence's own last word, not at its padding.
    """

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int, num_classes: int,
                 blank_id: int, *, bidirectional: bool = False) -> None:
        super().__init__()
        self.blank_id = blank_id
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=PAD_ID)
        self.rnn = nn.RNN(embed_dim, hidden_size, batch_first=True, bidirectional=bidirectional)
        self.head = nn.Linear(hidden_size * (2 if bidirectional else 1), num_classes)

    def forward(self, ids: Tensor, lengths: Tensor) -> Tensor:
        _check_batch(ids, lengths)
        is_blank = ids == self.blank_id
        if not bool((is_blank.sum(dim=1) == 1).all()):
            raise ValueError(f"every row needs exactly one blank (id {self.blank_id})")
        outputs, _ = run_packed(self.rnn, self.embedding(ids), lengths)
        rows = torch.arange(ids.size(0), device=ids.device)
        at_blank = outputs[rows, is_blank.long().argmax(dim=1)]
        return self.head(at_blank)
