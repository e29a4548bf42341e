"""Recurrent language models: Dictionary, Corpus, RNNModel, truncated-BPTT batches, training.

The shapes follow the rest of the course (``batch_first``):

* a token stream is a 1-D ``LongTensor`` ``(n_tokens,)``;
* ``batchify`` cuts it into ``batch`` parallel streams ``(batch, steps)``;
* ``get_batch`` takes a window of ``bptt`` steps from them: inputs ``(batch, bptt)`` and the
  same window shifted one step to the left as targets;
* ``RNNModel`` maps ids ``(batch, time)`` to logits ``(batch, time, vocab)``.

Quality is measured as the mean cross-entropy in nats per token (``evaluate``), shown as
``perplexity`` = exp(nats) or, for characters, ``bits_per_char`` = nats / ln 2.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor, nn
from tqdm.auto import tqdm

from utils.training import History
from utils.vocab import EOS, Vocab

State = Tensor | tuple[Tensor, Tensor]

_WORD = re.compile(r"[a-z0-9_]+|[^\sa-z0-9_]")


def tokenize_words(text: str) -> list[str]:
    """Lower-cased words and punctuation marks, with ``<eos>`` at the end of every line.

    ``"Return x.\\nDone"`` → ``["return", "x", ".", "<eos>", "done", "<eos>"]``.
    """
    tokens: list[str] = []
    for line in text.splitlines():
        words = _WORD.findall(line.lower())
        if words:
            tokens.extend(words)
            tokens.append(EOS)
    return tokens


def tokenize_chars(text: str) -> list[str]:
    """Every character is a token: ``"ab\\n"`` → ``["a", "b", "\\n"]``."""
    return list(text)


class Dictionary(Vocab):
    """The course's ``Vocab`` (specials first) with the token counts it was built from.

    ``Dictionary.from_tokens(tokens, max_size=...)`` keeps the ``max_size`` most frequent
    tokens (ties: first seen first); the rest map to ``<unk>`` when encoded.
    """

    def __init__(self, tokens: Iterable[str] = ()) -> None:
        super().__init__(tokens)
        self.counts: Counter[str] = Counter()

    @classmethod
    def from_tokens(
        cls, tokens: Sequence[str], max_size: int | None = None, min_count: int = 1
    ) -> Dictionary:
        if len(tokens) == 0:
            raise ValueError("cannot build a dictionary from no tokens")
        if max_size is not None and max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        if min_count < 1:
            raise ValueError(f"min_count must be at least 1, got {min_count}")
        counts = Counter(tokens)
        kept = [t for t, n in counts.most_common(max_size) if n >= min_count]
        d = cls(kept)
        d.counts = counts
        return d

    def numericalize(self, tokens: Sequence[str]) -> Tensor:
        """Tokens → ids ``(n_tokens,)``; unknown tokens become ``UNK_ID``."""
        return torch.tensor(self.encode(tokens), dtype=torch.long)


@dataclass
class Corpus:
    """Tokenised, numericalised train / valid / test texts sharing one ``Dictionary``.

    The dictionary is built from the training part only (at most ``max_size`` tokens), so
    valid and test are scored as truly unseen text. ``train``, ``valid``, ``test``: ``(n,)``.
    """

    dictionary: Dictionary
    train: Tensor
    valid: Tensor
    test: Tensor

    @classmethod
    def from_texts(
        cls,
        train: str,
        valid: str,
        test: str,
        tokenize: Callable[[str], list[str]] = tokenize_chars,
        max_size: int | None = None,
    ) -> Corpus:
        parts = [tokenize(t) for t in (train, valid, test)]
        for name, toks in zip(("train", "valid", "test"), parts, strict=True):
            if len(toks) < 2:
                raise ValueError(f"the {name} text has fewer than 2 tokens")
        d = Dictionary.from_tokens(parts[0], max_size=max_size)
        return cls(d, *(d.numericalize(p) for p in parts))


def batchify(data: Tensor, batch_size: int) -> Tensor:
    """Cut a stream ``(n,)`` into ``batch_size`` contiguous streams ``(batch, n // batch)``.

    Row ``b`` holds tokens ``b*steps ... (b+1)*steps - 1``; the last ``n % batch`` tokens
    are dropped. Reading the rows left to right, each continues its own text.
    """
    if data.ndim != 1:
        raise ValueError(f"data must be a 1-D stream of ids, got shape {tuple(data.shape)}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    steps = data.numel() // batch_size
    if steps < 2:
        raise ValueError(
            f"{data.numel()} tokens are too few for {batch_size} streams of at least 2 steps"
        )
    return data[: steps * batch_size].view(batch_size, steps)


def get_batch(source: Tensor, i: int, bptt: int) -> tuple[Tensor, Tensor]:
    """The truncated-BPTT window starting at step ``i`` of ``source`` ``(batch, steps)``.

    Returns inputs ``source[:, i:i+L]`` and targets ``source[:, i+1:i+1+L]``, both
    ``(batch, L)`` with ``L = min(bptt, steps - 1 - i)``: each target is the next token.
    """
    if source.ndim != 2:
        raise ValueError(f"source must be (batch, steps), got shape {tuple(source.shape)}")
    if bptt < 1:
        raise ValueError(f"bptt must be at least 1, got {bptt}")
    if not 0 <= i < source.shape[1] - 1:
        raise ValueError(f"i must lie in [0, {source.shape[1] - 1}), got {i}")
    length = min(bptt, source.shape[1] - 1 - i)
    return source[:, i : i + length], source[:, i + 1 : i + 1 + length]


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


@dataclass
class LMHistory(History):
    """``History`` (per-step training loss and gradient norm) plus validation checkpoints."""

    valid_steps: list[int] = field(default_factory=list)
    valid_nll: list[float] = field(default_factory=list)


@torch.no_grad()
def evaluate(model: RNNModel, data: Tensor, bptt: int = 256) -> float:
    """Mean cross-entropy in nats per predicted token over ``data`` ``(batch, steps)``.

    Every stream is read from its start with a zero state carried across windows, and every
    token but the first of each stream is predicted. Pass ``batchify(ids, 1)`` to score a
    whole stream ``ids`` exactly: then ``len(ids) - 1`` tokens are predicted.
    """
    if data.ndim != 2 or data.shape[1] < 2:
        raise ValueError(f"data must be (batch, steps >= 2), got shape {tuple(data.shape)}")
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total, count, state = 0.0, 0, None
    for i in range(0, data.shape[1] - 1, bptt):
        x, y = get_batch(data, i, bptt)
        logits, state = model(x.to(device), state)
        total += nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), y.reshape(-1).to(device), reduction="sum"
        ).item()
        count += y.numel()
    model.train(was_training)
    return total / count


def train_lm(
    model: RNNModel,
    train_data: Tensor,
    *,
    steps: int,
    bptt: int = 64,
    lr: float = 3e-3,
    clip: float = 1.0,
    cosine: bool = True,
    valid_data: Tensor | None = None,
    eval_every: int = 0,
    progress: bool = True,
) -> LMHistory:
    """Train with Adam on ``train_data`` ``(batch, steps)`` for ``steps`` BPTT windows.

    Windows are taken left to right; the hidden state is carried from one window to the
    next but detached (truncated BPTT), and reset to zero when the data wrap around.
    Gradients are clipped to norm ``clip``; with ``cosine`` the learning rate falls from
    ``lr`` to 0 along half a cosine over the run (big steps first, fine ones at the end,
    which helps a short run most). With ``valid_data`` and ``eval_every > 0`` the
    validation loss (nats per token) is recorded every ``eval_every`` steps and at the end.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if train_data.ndim != 2 or train_data.shape[1] < 2:
        raise ValueError(
            f"train_data must be (batch, steps >= 2), got shape {tuple(train_data.shape)}"
        )
    device = next(model.parameters()).device
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * s / steps)) if cosine else 1.0
    )
    history = LMHistory()
    state, i = None, 0
    model.train()
    for step in tqdm(range(1, steps + 1), desc="training", disable=not progress):
        if i >= train_data.shape[1] - 1:
            state, i = None, 0
        x, y = get_batch(train_data, i, bptt)
        i += bptt
        logits, state = model(x.to(device), detach_state(state))
        loss = nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), y.reshape(-1).to(device)
        )
        optimizer.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        schedule.step()
        history.losses.append(loss.item())
        history.grad_norms.append(norm.item())
        if valid_data is not None and eval_every > 0 and (step % eval_every == 0 or
                                                          step == steps):
            history.valid_steps.append(step)
            history.valid_nll.append(evaluate(model, valid_data))
            model.train()
    return history


def perplexity(nll: float) -> float:
    """exp(mean cross-entropy in nats): the effective number of equally likely next tokens."""
    if not math.isfinite(nll) or nll < 0:
        raise ValueError(f"nll must be a finite, non-negative number of nats, got {nll}")
    return math.exp(nll)


def bits_per_char(nll: float) -> float:
    """Nats per character → bits per character (divide by ln 2)."""
    if not math.isfinite(nll) or nll < 0:
        raise ValueError(f"nll must be a finite, non-negative number of nats, got {nll}")
    return nll / math.log(2)
