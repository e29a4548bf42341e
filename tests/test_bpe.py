"""Byte-pair encoding from scratch: the textbook example, a naive re-count, exact round trips."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.data.bpe import BPE, pieces

TEXT = ("the cat sat on the mat; the cat ate the rat.\n"
        "    def the_cat(self):\n        return 'the mat'\n") * 3


def naive_merges(text: str, num_merges: int) -> list[tuple[int, int]]:
    """Recount every pair from scratch before each merge: slow, obviously right."""
    words = [list(p.encode()) for p in pieces(text)]
    merges: list[tuple[int, int]] = []
    for _ in range(num_merges):
        counts = Counter(p for w in words for p in zip(w, w[1:], strict=False))
        if not counts or max(counts.values()) < 2:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        new_id = 256 + len(merges) - 1
        merged = []
        for w in words:
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(new_id)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged.append(out)
        words = merged
    return merges


def test_the_textbook_example():
    """aaabdaaabac: aa → Z, ab → Y, ZY → X gives X d X a c."""
    bpe = BPE.train("aaabdaaabac", 3)
    assert bpe.merges == [(97, 97), (97, 98), (256, 257)]
    assert bpe.encode("aaabdaaabac") == [258, ord("d"), 258, ord("a"), ord("c")]
    assert bpe.vocab[258] == b"aaab"
    assert bpe.lengths == [11, 9, 7, 5]


def test_incremental_training_equals_naive_recounting():
    bpe = BPE.train(TEXT, 40)
    assert bpe.merges == naive_merges(TEXT, 40)
    assert len(bpe) == 256 + len(bpe.merges)


def test_lengths_record_the_encoded_training_text():
    bpe = BPE.train(TEXT, 25)
    assert bpe.lengths[0] == len(TEXT.encode())
    assert all(a > b for a, b in zip(bpe.lengths, bpe.lengths[1:], strict=False))
    assert len(bpe.encode(TEXT)) == bpe.lengths[-1]
    assert BPE(bpe.merges).encode(TEXT) == bpe.encode(TEXT)  # merges alone rebuild it
    assert "".join(bpe.tokens(" the cat")) == " the cat"
    assert bpe.tokens(" the cat") == [" the", " cat"]


def test_training_stops_when_no_pair_repeats():
    bpe = BPE.train("abcdef", 10)
    assert bpe.merges == [] and bpe.lengths == [6]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_pieces_cover_any_text(text):
    assert "".join(pieces(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_decode_encode_round_trips_any_text(text):
    bpe = BPE.train(TEXT + "héllo wörld 한국어 ✓", 60)
    assert bpe.decode(bpe.encode(text)) == text


def test_bad_input_raises():
    with pytest.raises(ValueError, match="empty"):
        BPE.train("", 5)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        BPE().decode([300])
    with pytest.raises(ValueError, match="does not exist yet"):
        BPE([(0, 999)])
