"""From text pairs to padded tensors: tokenisers, tgt_in / tgt_out, reversing, batches."""

import pytest
import torch

from utils.data.padding import pad_sequences
from utils.data.seq2seq import (
    Seq2SeqData,
    build_vocabs,
    char_tokenize,
    make_copy_pairs,
    word_tokenize,
)
from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID, UNK_ID

PAIRS = [("9 Mar", "03-09"), ("1 May 2019", "2019-05-01"), ("ab", "x")]


def test_tokenizers():
    assert char_tokenize("9 Mar") == ["9", " ", "M", "a", "r"]
    assert char_tokenize("3월") == ["3", "월"]
    assert word_tokenize("  the cat  ate ") == ["the", "cat", "ate"]


def test_pad_sequences():
    padded, lengths = pad_sequences([[5, 6, 7], [8]])
    assert padded.tolist() == [[5, 6, 7], [8, PAD_ID, PAD_ID]]
    assert lengths.tolist() == [3, 1]
    with pytest.raises(ValueError, match="empty sequence"):
        pad_sequences([[1], []])
    with pytest.raises(ValueError, match="no sequences"):
        pad_sequences([])


def test_dataset_tensors_shift_the_target_by_one():
    data = Seq2SeqData(PAIRS, *build_vocabs(PAIRS, char_tokenize, char_tokenize),
                       char_tokenize, char_tokenize)
    v = data.tgt_vocab
    x = v.stoi["x"]
    assert data.src.shape == (3, 10) and data.src_lengths.tolist() == [5, 10, 2]
    assert data.tgt_in[2, :3].tolist() == [SOS_ID, x, PAD_ID]
    assert data.tgt_out[2, :3].tolist() == [x, EOS_ID, PAD_ID]
    # tgt_in without <sos> is tgt_out without <eos>, for every row
    for i, (_, t) in enumerate(PAIRS):
        assert data.tgt_in[i, 1 : len(t) + 1].tolist() == data.tgt_out[i, : len(t)].tolist()
        assert v.decode(data.tgt_out[i].tolist()) == list(t)
    assert data.src_vocab.decode(data.src[0].tolist()) == list("9 Mar")


def test_batch_trims_padding_and_unknown_tokens_map_to_unk():
    train, test = Seq2SeqData.from_pairs(PAIRS, [("zz 9", "03")], char_tokenize, char_tokenize)
    b = train.batch([2, 0])
    assert b.src.shape == (2, 5) and b.tgt_in.shape == (2, 6)
    assert b.src_lengths.tolist() == [2, 5]
    assert test.src[0].tolist() == [UNK_ID, UNK_ID, train.src_vocab.stoi[" "],
                                    train.src_vocab.stoi["9"]]
    assert test.src_vocab is train.src_vocab


def test_reverse_source():
    data = Seq2SeqData(PAIRS, *build_vocabs(PAIRS, word_tokenize, word_tokenize),
                       word_tokenize, word_tokenize, reverse_source=True)
    assert data.src_vocab.decode(data.src[1].tolist()) == ["2019", "May", "1"]
    assert data.source_tokens(1) == ["2019", "May", "1"]
    v = data.src_vocab
    assert data.src[0].tolist() == [v.stoi["Mar"], v.stoi["9"], PAD_ID]  # reversed, then padded


def test_batches_cover_the_data_once_in_a_seeded_order():
    data = Seq2SeqData(PAIRS * 3, *build_vocabs(PAIRS, char_tokenize, char_tokenize),
                       char_tokenize, char_tokenize)
    seen = [b.src_lengths.tolist() for b in
            data.batches(4, generator=torch.Generator().manual_seed(0))]
    again = [b.src_lengths.tolist() for b in
             data.batches(4, generator=torch.Generator().manual_seed(0))]
    assert seen == again and [len(s) for s in seen] == [4, 4, 1]
    assert sorted(sum(seen, [])) == sorted([5, 10, 2] * 3)


def test_errors():
    with pytest.raises(ValueError, match="empty list"):
        build_vocabs([], char_tokenize, char_tokenize)
    vocabs = build_vocabs(PAIRS, char_tokenize, char_tokenize)
    with pytest.raises(ValueError, match="no pairs"):
        Seq2SeqData([], *vocabs, char_tokenize, char_tokenize)
    with pytest.raises(ValueError, match="empty source or target"):
        Seq2SeqData([("abc", "")], *vocabs, char_tokenize, char_tokenize)
    data = Seq2SeqData(PAIRS, *vocabs, char_tokenize, char_tokenize)
    with pytest.raises(ValueError, match="empty batch"):
        data.batch([])


def test_make_copy_pairs():
    pairs = make_copy_pairs(200, 3, 6, seed=1)
    assert pairs == make_copy_pairs(200, 3, 6, seed=1) != make_copy_pairs(200, 3, 6, seed=2)
    assert all(s == t and s.isdigit() and 3 <= len(s) <= 6 for s, t in pairs)
    assert {len(s) for s, _ in pairs} == {3, 4, 5, 6}
    with pytest.raises(ValueError, match="min_len"):
        make_copy_pairs(5, 4, 3)
