"""The long-range memory task shared by lessons 03-05: remember the first token.

Each sequence shows one *symbol* (the thing to remember), then ``gap`` random *distractor*
tokens, then a *query* marker that asks "what was the symbol?"::

    [symbol, d_1, d_2, ..., d_gap, QUERY]        label = symbol

Token ids: symbols are ``0 .. n_symbols-1``, distractors ``n_symbols .. 2*n_symbols-1``,
the query marker is ``2*n_symbols`` (see :func:`long_range_vocab_size`). A model reading the
sequence left to right must carry the symbol across ``gap`` steps of noise; chance accuracy
is ``1 / n_symbols``. A vanilla RNN loses the symbol as the gap grows; LSTM and GRU keep it.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from torch import Tensor, nn

from utils.training import accuracy, train_classifier

#: The recurrent layers :class:`SequenceClassifier` can use.
RECURRENT_LAYERS: dict[str, type[nn.RNNBase]] = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

#: Initial bias of the gate that keeps the old state in :class:`SequenceClassifier`: the
#: LSTM's forget gate f and the GRU's update gate z (PyTorch's z weights ``h_{t-1}``), as
#: the sum of PyTorch's two bias vectors. sigmoid(3) = 0.95: the model starts out remembering.
MEMORY_GATE_BIAS = 3.0


def long_range_vocab_size(n_symbols: int = 8) -> int:
    """Number of token ids the task uses: symbols, as many distractors, and the query."""
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be at least 2, got {n_symbols}")
    return 2 * n_symbols + 1


def make_long_range_data(
    n: int, gap: int, *, n_symbols: int = 8, seed: int = 0
) -> tuple[Tensor, Tensor]:
    """``n`` sequences of the remember-the-first-token task.

    Returns ``inputs (n, gap + 2)`` long token ids ``[symbol, gap distractors, QUERY]`` and
    ``labels (n,)`` = the symbol, shown ``gap + 1`` steps before the last input (``gap``
    tokens lie between it and the query). The same ``seed`` gives the same data.
    """
    vocab = long_range_vocab_size(n_symbols)  # validates n_symbols
    if n < 1:
        raise ValueError(f"need at least one sequence, got n={n}")
    if gap < 0:
        raise ValueError(f"gap must be >= 0, got {gap}")
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, n_symbols, (n,), generator=g)
    distractors = torch.randint(n_symbols, 2 * n_symbols, (n, gap), generator=g)
    query = torch.full((n, 1), vocab - 1)
    return torch.cat([labels[:, None], distractors, query], dim=1), labels


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


def train_long_range(
    kind: str,
    gap: int,
    *,
    hidden: int = 32,
    n_train: int = 2000,
    n_test: int = 1000,
    epochs: int = 10,
    batch_size: int = 64,
    lr: float = 0.01,
    n_symbols: int = 8,
    seed: int = 0,
    memory_bias: float | None = MEMORY_GATE_BIAS,
    chunk: int | None = None,
    progress: bool = False,
) -> float:
    """Train a fresh :class:`SequenceClassifier` on the task; return held-out accuracy.

    Training and test sets are generated with different seeds (``seed`` and
    ``seed + 10_000``); weights are seeded with ``seed``. Adam, cross-entropy, no clipping.
    ``chunk`` trains with truncated BPTT (``utils.truncated_bptt.TruncatedBPTT``): the
    gradient flows back at most ``chunk`` steps. The result is a share in ``[0, 1]``;
    chance is ``1 / n_symbols``.
    """
    x_train, y_train = make_long_range_data(n_train, gap, n_symbols=n_symbols, seed=seed)
    x_test, y_test = make_long_range_data(n_test, gap, n_symbols=n_symbols, seed=seed + 10_000)
    torch.manual_seed(seed)
    model = SequenceClassifier(kind, long_range_vocab_size(n_symbols), n_symbols, hidden=hidden,
                               memory_bias=memory_bias)
    if chunk is not None:
        from utils.truncated_bptt import TruncatedBPTT  # it imports this module

        model = TruncatedBPTT(model, chunk)
    train_classifier(model, x_train, y_train, epochs=epochs, batch_size=batch_size, lr=lr,
                     seed=seed, progress=progress)
    return accuracy(model, x_test, y_test)


def accuracy_vs_gap(
    kinds: Sequence[str], gaps: Sequence[int], **kwargs: object
) -> dict[str, list[float]]:
    """Held-out accuracy of each kind at each gap: ``{kind: [acc at gaps[0], ...]}``.

    ``kwargs`` go to :func:`train_long_range` (e.g. ``epochs``, ``seed``).
    """
    if not kinds or not gaps:
        raise ValueError("need at least one kind and one gap")
    return {kind: [train_long_range(kind, gap, **kwargs) for gap in gaps] for kind in kinds}


def plot_accuracy_vs_gap(
    results: dict[str, list[float]], gaps: Sequence[int], ax: Axes | None = None,
    *, chance: float | None = 1 / 8,
) -> Axes:
    """One line per model kind: held-out accuracy against the gap, with chance dashed."""
    if not results:
        raise ValueError("results is empty")
    for kind, accs in results.items():
        if len(accs) != len(gaps):
            raise ValueError(f"{kind!r} has {len(accs)} accuracies for {len(gaps)} gaps")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.2))
    for kind, accs in results.items():
        ax.plot(list(gaps), accs, marker="o", label=kind.upper())
    if chance is not None:
        ax.axhline(chance, color="grey", linestyle="--", linewidth=1, label="chance")
    ax.set_xlabel("gap (distractor tokens between symbol and query)")
    ax.set_ylabel("held-out accuracy")
    ax.set_ylim(0, 1.05)
    ax.legend()
    return ax
