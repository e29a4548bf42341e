"""Token ↔ id vocabulary, and the special tokens, spelled once for the whole course.

Every model in the course reserves the same ids: ``PAD_ID = 0`` (padding, ignored by losses
and attention), ``SOS_ID = 1`` (start of a decoded sequence), ``EOS_ID = 2`` (its end) and
``UNK_ID = 3`` (a token never seen when the vocabulary was built).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

PAD, SOS, EOS, UNK = "<pad>", "<sos>", "<eos>", "<unk>"
SPECIALS = (PAD, SOS, EOS, UNK)
PAD_ID, SOS_ID, EOS_ID, UNK_ID = range(4)


class Vocab:
    """A two-way map between tokens and integer ids, specials first.

    ``Vocab.build(sequences, min_count=1)`` counts tokens and adds them most frequent first
    (ties in order of first appearance, so a build is deterministic).
    """

    def __init__(self, tokens: Iterable[str] = ()) -> None:
        self.itos: list[str] = list(SPECIALS)
        self.stoi: dict[str, int] = {t: i for i, t in enumerate(self.itos)}
        for t in tokens:
            self.add(t)

    @classmethod
    def build(cls, sequences: Iterable[Sequence[str]], min_count: int = 1) -> Vocab:
        if min_count < 1:
            raise ValueError(f"min_count must be at least 1, got {min_count}")
        counts = Counter(t for seq in sequences for t in seq)
        return cls(t for t, n in counts.most_common() if n >= min_count)

    def add(self, token: str) -> int:
        """Add ``token`` if new; return its id."""
        if not isinstance(token, str) or token == "":
            raise ValueError(f"tokens must be non-empty strings, got {token!r}")
        if token not in self.stoi:
            self.stoi[token] = len(self.itos)
            self.itos.append(token)
        return self.stoi[token]

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: str) -> bool:
        return token in self.stoi

    def encode(self, tokens: Sequence[str], *, add_sos: bool = False, add_eos: bool = False
               ) -> list[int]:
        """Tokens → ids (unknown tokens → ``UNK_ID``), optionally wrapped in <sos> ... <eos>."""
        ids = [self.stoi.get(t, UNK_ID) for t in tokens]
        return ([SOS_ID] if add_sos else []) + ids + ([EOS_ID] if add_eos else [])

    def decode(self, ids: Iterable[int], *, strip_specials: bool = True) -> list[str]:
        """Ids → tokens. With ``strip_specials`` stop at <eos> and drop <pad> and <sos>."""
        out = []
        for i in ids:
            i = int(i)
            if not 0 <= i < len(self.itos):
                raise ValueError(f"id {i} is outside the vocabulary of size {len(self.itos)}")
            if strip_specials:
                if i == EOS_ID:
                    break
                if i in (PAD_ID, SOS_ID):
                    continue
            out.append(self.itos[i])
        return out
