"""A recurrent language model: ``RNNModel`` maps ids ``(batch, time)`` to next-token logits
``(batch, time, vocab)`` (``batch_first``, like the rest of the course).

Its data (``Dictionary``, ``Corpus``, ``batchify``, ``get_batch``) are in ``utils.data.corpus``;
``utils.training.lm`` trains and evaluates it; ``utils.metrics.perplexity`` turns its loss
into perplexity or bits per character.
"""
from __future__ import annotations

from torch import Tensor, nn

State = Tensor | tuple[Tensor, Tensor]


def detach_state(state: State | None) -> State | None:
    """Cut the graph behind a carried hidden state (truncated BPTT): values stay, history goes."""
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)  # type: ignore[return-value]
    return state.detach()


class RNNModel(nn.Module):
    """Embedding → ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` → linear, a next-token predictor.

    ``forward(x, state)``: ids ``(batch, time)`` and an optional carried state → logits
    ``(batch, time, vocab)`` and the new state (``(layers, batch, hidden)``, a pair for an
    LSTM). With ``tie_weights`` the output layer reuses the embedding matrix (the input and
    output "meaning" of a token are one vector), which needs ``emb_size == hidden_size``.
    """

    CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

    def __init__(
        self,
        vocab_size: int,
        emb_size: int,
        hidden_size: int,
        *,
        num_layers: int = 1,
        cell: str = "lstm",
        dropout: float = 0.0,
        tie_weights: bool = False,
    ) -> None:
        super().__init__()
        if cell not in self.CELLS:
            raise ValueError(f"cell must be one of {sorted(self.CELLS)}, got {cell!r}")
        if min(vocab_size, emb_size, hidden_size, num_layers) < 1:
            raise ValueError("vocab_size, emb_size, hidden_size and num_layers must be >= 1")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must lie in [0, 1), got {dropout}")
        if tie_weights and emb_size != hidden_size:
            raise ValueError(
                f"tie_weights needs emb_size == hidden_size, got {emb_size} and {hidden_size}"
            )
        self.cell, self.hidden_size, self.num_layers = cell, hidden_size, num_layers
        self.embedding = nn.Embedding(vocab_size, emb_size)
        self.drop = nn.Dropout(dropout)
        self.rnn = self.CELLS[cell](
            emb_size, hidden_size, num_layers, batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.decoder = nn.Linear(hidden_size, vocab_size)
        if tie_weights:
            self.decoder.weight = self.embedding.weight

    def forward(self, x: Tensor, state: State | None = None) -> tuple[Tensor, State]:
        if x.ndim != 2:
            raise ValueError(f"x must be token ids (batch, time), got shape {tuple(x.shape)}")
        out, state = self.rnn(self.drop(self.embedding(x)), state)
        return self.decoder(self.drop(out)), state










