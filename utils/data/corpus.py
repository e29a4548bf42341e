"""Language-model data: word and character tokenisers, ``Dictionary``, ``Corpus``, and the
truncated-BPTT batch layout.

* a token stream is a 1-D ``LongTensor`` ``(n_tokens,)``;
* ``batchify`` cuts it into ``batch`` parallel streams ``(batch, steps)``;
* ``get_batch`` takes a window of ``bptt`` steps from them: inputs ``(batch, bptt)`` and the
  same window shifted one step to the left as targets.

The model is ``utils.models.lm.RNNModel``; its training loop is ``utils.training.lm``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from utils.data.vocab import EOS, Vocab

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
