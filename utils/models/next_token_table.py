"""A hand-made "model": a table of next-word probabilities given the words so far.

It speaks the same interface as ``utils.models.seq2seq.Seq2Seq`` (``encode`` / ``decode_step``), so
``greedy_decode``, ``beam_search`` and ``exhaustive_search`` run on it unchanged, and every
number they compute can be followed by hand. ``WORKED_EXAMPLE`` is lesson 09's beam-search
walk-through ("he" / "I", then "hit" / "was", ...).
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from utils.data.vocab import EOS, EOS_ID, SOS_ID, Vocab
from utils.models.seq2seq import EncoderMemory

#: prefix (words so far) → {next word: log-probability}. The probability left over is shared
#: equally by every other word and <eos>; a prefix not listed shares all of it.
WORKED_EXAMPLE: dict[tuple[str, ...], dict[str, float]] = {
    (): {"I": -0.7, "he": -0.9},
    ("I",): {"was": -0.9, "got": -1.1},
    ("he",): {"hit": -0.8, "struck": -2.0},
    ("I", "was"): {"hit": -1.3, "struck": -2.2},
    ("he", "hit"): {"me": -0.8, "a": -1.1},
    ("I", "was", "hit"): {"by": -0.9},
    ("I", "was", "hit", "by"): {"a": -0.5},
    ("I", "was", "hit", "by", "a"): {"pie": -0.6},
    ("I", "was", "hit", "by", "a", "pie"): {EOS: -0.3},
    ("he", "hit", "me"): {"with": -0.9, "on": -1.2},
    ("he", "hit", "a"): {"pie": -0.7, "tart": -1.5},
    ("he", "hit", "me", "with"): {"a": -0.4},
    ("he", "hit", "a", "pie"): {EOS: -0.6},
    ("he", "hit", "me", "with", "a"): {"pie": -0.5, "tart": -1.2},
    ("he", "hit", "me", "with", "a", "pie"): {EOS: -0.2},
}


class NextTokenTable(nn.Module):
    """A decoder whose next-token log-probabilities are read from ``table``.

    The source is ignored (the memory is one dummy position). The state ``(1, batch, t)``
    holds the ids generated so far, so beam search reorders it with ``index_select`` like a
    real RNN state. <pad>, <sos> and <unk> get probability 0 (log-probability −inf).
    """

    def __init__(self, table: dict[tuple[str, ...], dict[str, float]]) -> None:
        super().__init__()
        words = [w for nxt in table.values() for w in nxt] + [w for p in table for w in p]
        self.vocab = Vocab(dict.fromkeys(w for w in words if w != EOS))
        self.log_probs: dict[tuple[int, ...], Tensor] = {}
        self.allowed = [EOS_ID] + list(range(4, len(self.vocab)))
        for prefix, nxt in table.items():
            if not nxt:
                raise ValueError(f"prefix {prefix} lists no next word")
            mass = sum(math.exp(lp) for lp in nxt.values())
            if mass > 1 + 1e-9 or any(lp > 0 for lp in nxt.values()):
                raise ValueError(f"the probabilities after {prefix} add up to {mass:.3f} > 1")
            key = tuple(self.vocab.stoi[w] for w in prefix)
            self.log_probs[key] = self._row({self.vocab.stoi.get(w, EOS_ID): lp
                                             for w, lp in nxt.items()}, mass)
        self.uniform = self._row({}, 0.0)

    def _row(self, listed: dict[int, float], mass: float) -> Tensor:
        row = torch.full((len(self.vocab),), float("-inf"))
        rest = [i for i in self.allowed if i not in listed]
        if rest:
            row[rest] = math.log(max(1.0 - mass, 1e-12) / len(rest))
        for i, lp in listed.items():
            row[i] = lp
        return row

    def encode(self, src: Tensor, src_lengths: Tensor) -> tuple[EncoderMemory, Tensor]:
        """Any src ``(batch, src_len)`` → a dummy memory and the empty prefix ``(1, batch, 0)``."""
        batch = src.size(0)
        return (EncoderMemory(torch.zeros(batch, 1, 1), torch.ones(batch, 1, dtype=torch.bool)),
                torch.zeros(1, batch, 0, dtype=torch.long))

    def decode_step(self, y_prev: Tensor, state: Tensor, memory: EncoderMemory
                    ) -> tuple[Tensor, Tensor, None]:
        """y_prev ``(batch,)`` → (log_probs ``(batch, vocab)``, the longer prefix, None)."""
        if y_prev.dim() != 1 or y_prev.size(0) != state.size(1):
            raise ValueError(f"y_prev must be ({state.size(1)},), got {tuple(y_prev.shape)}")
        if not bool((y_prev == SOS_ID).all()):
            state = torch.cat([state, y_prev.view(1, -1, 1)], dim=2)
        rows = [self.log_probs.get(tuple(p), self.uniform) for p in state[0].tolist()]
        return torch.stack(rows), state, None
