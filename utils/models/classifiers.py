"""Sequence classifiers: lesson 02's many-to-one RNN, bag of words and blank filler, and the
``SequenceClassifier`` of the long-range task (lessons 03-05).

Lesson 02's three take padded ids ``(batch, time)`` (``PAD_ID`` = 0) and true ``lengths (batch,)``
and return logits ``(batch, classes)``, so ``utils.training.classifiers.train_classifier``
trains them.

- ``RNNClassifier``: embedding → packed ``nn.RNN`` or ``nn.GRU`` → linear on ``h_n`` (the
  state at each sequence's own last real step; both directions' finals if bidirectional).
- ``BagOfWords``: word counts → MLP. It sees *which* words and how often, never their order.
- ``BlankFiller``: embedding → packed (bi)directional RNN → linear on the output *at the
  blank token*: a left-to-right RNN there has read only the words before the blank.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from utils.data.padding import run_packed
from utils.data.vocab import PAD_ID

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


#: The recurrent layers :class:`SequenceClassifier` can use.
RECURRENT_LAYERS: dict[str, type[nn.RNNBase]] = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


#: Initial bias of the gate that keeps the old state in :class:`SequenceClassifier`: the
#: LSTM's forget gate f and the GRU's update gate z (PyTorch's z weights ``h_{t-1}``), as
#: the sum of PyTorch's two bias vectors. sigmoid(3) = 0.95: the model starts out remembering.
MEMORY_GATE_BIAS = 3.0


class SequenceClassifier(nn.Module):
    """Embedding → one recurrent layer (``"rnn"``, ``"lstm"`` or ``"gru"``) → linear.

    ``forward(x (batch, time) token ids)`` → logits ``(batch, n_classes)`` read from the
    hidden state after the last step. Weights use PyTorch's default initialisation, except
    the bias of the gate that keeps the old state (LSTM: forget gate f; GRU: update gate z),
    which starts at ``memory_bias`` (default :data:`MEMORY_GATE_BIAS`; ``None`` keeps
    PyTorch's default) so a gated model starts out remembering, the usual recipe
    (Gers et al. 2000; Jozefowicz et al. 2015). The vanilla RNN has no such gate.
    """

    def __init__(
        self,
        kind: str,
        n_tokens: int,
        n_classes: int,
        hidden: int = 32,
        embed: int = 16,
        *,
        memory_bias: float | None = MEMORY_GATE_BIAS,
    ) -> None:
        super().__init__()
        if kind not in RECURRENT_LAYERS:
            raise ValueError(f"kind must be one of {sorted(RECURRENT_LAYERS)}, got {kind!r}")
        for name, value in (("n_tokens", n_tokens), ("n_classes", n_classes),
                            ("hidden", hidden), ("embed", embed)):
            if value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")
        self.kind = kind
        self.embedding = nn.Embedding(n_tokens, embed)
        self.rnn = RECURRENT_LAYERS[kind](embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, n_classes)
        if kind != "rnn" and memory_bias is not None:
            # Gate order: LSTM (i, f, g, o), GRU (r, z, n); both bias vectors add up in a gate.
            gate = slice(hidden, 2 * hidden)  # f for the LSTM, z for the GRU
            with torch.no_grad():
                for bias in (self.rnn.bias_ih_l0, self.rnn.bias_hh_l0):
                    bias[gate] = memory_bias / 2

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim != 2:
            raise ValueError(f"x must be token ids of shape (batch, time), got {tuple(x.shape)}")
        if x.shape[1] == 0:
            raise ValueError("x has no time steps")
        outputs, _ = self.rnn(self.embedding(x))  # (batch, time, hidden)
        return self.out(outputs[:, -1])
