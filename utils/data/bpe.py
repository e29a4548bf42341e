"""Byte-pair encoding (BPE), learned from scratch: a subword vocabulary between bytes and words.

Start from the 256 byte values (so any text can be encoded, nothing is ever unknown).
Cut the training text into pieces (a word with the spaces before it, a run of punctuation,
a run of whitespace). Then repeat: count every pair of neighbouring tokens inside the
pieces, weighted by how often each piece occurs, and merge the most frequent pair into a
new token. Ties go to the pair with the smaller ids, so training is deterministic. Each
merge makes the vocabulary one token larger and the text shorter; ``BPE.lengths`` records by
how much.

``encode`` replays the merges in the order they were learned; ``decode`` joins the bytes of
the tokens and reads them as UTF-8, so ``decode(encode(text)) == text`` for every string.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict

Pair = tuple[int, int]

#: Pieces that merges never cross (as in GPT-2): a word or a run of punctuation, each with at
#: most one space before it, or a run of whitespace (minus the space a next word takes).
PIECE = re.compile(r" ?\w+| ?[^\s\w]+|\s+(?!\S)|\s+")
N_BYTES = 256


def pieces(text: str) -> list[str]:
    """Cut ``text`` into BPE pieces; ``"".join(pieces(text)) == text``."""
    return PIECE.findall(text)


def _merge_word(word: list[int], pair: Pair, new_id: int) -> list[int]:
    """Replace every non-overlapping occurrence of ``pair`` in ``word``, left to right."""
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and word[i] == pair[0] and word[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


class BPE:
    """A learned byte-pair encoding.

    ``merges[k]`` is the pair merged into token id ``256 + k``; ``vocab[i]`` is the bytes
    of token ``i``. After ``BPE.train``: ``lengths[k]`` is the number of tokens the training
    text takes with the first ``k`` merges (``lengths[0]`` = its number of bytes).
    """

    def __init__(self, merges: list[Pair] | None = None) -> None:
        self.merges: list[Pair] = []
        self.vocab: list[bytes] = [bytes([b]) for b in range(N_BYTES)]
        self.ranks: dict[Pair, int] = {}
        self.lengths: list[int] = []
        self._cache: dict[str, list[int]] = {}
        for pair in merges or []:
            self._add_merge(pair)

    def _add_merge(self, pair: Pair) -> int:
        a, b = pair
        if not (0 <= a < len(self.vocab) and 0 <= b < len(self.vocab)):
            raise ValueError(f"merge {pair} refers to a token that does not exist yet")
        if pair in self.ranks:
            raise ValueError(f"merge {pair} is already learned")
        self.ranks[pair] = len(self.merges)
        self.merges.append(pair)
        self.vocab.append(self.vocab[a] + self.vocab[b])
        self._cache.clear()
        return len(self.vocab) - 1

    def __len__(self) -> int:
        """Vocabulary size: 256 bytes + one token per merge."""
        return len(self.vocab)

    @classmethod
    def train(cls, text: str, num_merges: int) -> BPE:
        """Learn up to ``num_merges`` merges from ``text`` (fewer if no pair repeats).

        Pair counts are kept up to date incrementally: a merge only re-counts the pieces
        that contain the merged pair, and a heap (with stale entries skipped) finds the
        most frequent pair.
        """
        if not text:
            raise ValueError("cannot learn BPE from an empty text")
        if num_merges < 0:
            raise ValueError(f"num_merges must be >= 0, got {num_merges}")
        bpe = cls()
        freq = Counter(pieces(text))
        words = [list(p.encode("utf-8")) for p in freq]
        counts = list(freq.values())
        pair_count: Counter[Pair] = Counter()
        where: defaultdict[Pair, set[int]] = defaultdict(set)
        for w, (word, n) in enumerate(zip(words, counts, strict=True)):
            for pair in zip(word, word[1:], strict=False):
                pair_count[pair] += n
                where[pair].add(w)
        heap = [(-n, pair) for pair, n in pair_count.items()]
        heapq.heapify(heap)
        length = sum(len(word) * n for word, n in zip(words, counts, strict=True))
        bpe.lengths = [length]
        while len(bpe.merges) < num_merges and heap:
            neg, pair = heapq.heappop(heap)
            if pair_count.get(pair, 0) != -neg:
                continue  # stale entry: the count changed after it was pushed
            if -neg < 2:
                break  # no pair repeats: merging would not shorten anything
            new_id = bpe._add_merge(pair)
            touched: set[Pair] = set()
            for w in sorted(where.pop(pair)):
                word, n = words[w], counts[w]
                for old in zip(word, word[1:], strict=False):
                    pair_count[old] -= n
                    touched.add(old)
                merged = _merge_word(word, pair, new_id)
                length -= (len(word) - len(merged)) * n
                words[w] = merged
                for new in zip(merged, merged[1:], strict=False):
                    pair_count[new] += n
                    where[new].add(w)
                    touched.add(new)
            pair_count.pop(pair, None)
            for p in touched:
                c = pair_count.get(p, 0)
                if c > 0:
                    heapq.heappush(heap, (-c, p))
                else:
                    pair_count.pop(p, None)
            bpe.lengths.append(length)
        return bpe

    def _encode_piece(self, piece: str) -> list[int]:
        cached = self._cache.get(piece)
        if cached is not None:
            return cached
        word = list(piece.encode("utf-8"))
        while len(word) > 1:
            best = min(zip(word, word[1:], strict=False),
                       key=lambda p: self.ranks.get(p, len(self.ranks)))
            if best not in self.ranks:
                break
            word = _merge_word(word, best, N_BYTES + self.ranks[best])
        self._cache[piece] = word
        return word

    def encode(self, text: str) -> list[int]:
        """Text → token ids, applying the learned merges in the order they were learned."""
        if not isinstance(text, str):
            raise ValueError(f"encode needs a str, got {type(text).__name__}")
        return [i for p in pieces(text) for i in self._encode_piece(p)]

    def decode(self, ids: list[int]) -> str:
        """Token ids → text (the tokens' bytes joined, read as UTF-8)."""
        for i in ids:
            if not 0 <= int(i) < len(self.vocab):
                raise ValueError(f"id {i} is outside the vocabulary of size {len(self.vocab)}")
        return b"".join(self.vocab[int(i)] for i in ids).decode("utf-8", errors="replace")

    def tokens(self, text: str) -> list[str]:
        """The tokens of ``text`` as readable strings (a partial UTF-8 character shows as �)."""
        return [self.vocab[i].decode("utf-8", errors="replace") for i in self.encode(text)]
