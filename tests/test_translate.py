"""Translating a dataset: greedy for k = 1, beam search otherwise, ids back to text."""

import pytest
import torch

from utils.data.seq2seq import Seq2SeqData, word_tokenize
from utils.data.vocab import EOS_ID
from utils.decoding.beam import beam_search
from utils.decoding.greedy import greedy_decode
from utils.decoding.translate import default_max_len, translate, translate_ids
from utils.models.seq2seq import build_seq2seq

PAIRS = [("a b c", "x y"), ("b c", "y z z"), ("c a b a", "z"), ("a", "x x y z")]


@pytest.fixture
def setup():
    train, test = Seq2SeqData.from_pairs(PAIRS, PAIRS[::-1], word_tokenize, word_tokenize)
    torch.manual_seed(0)
    model = build_seq2seq(len(train.src_vocab), len(train.tgt_vocab), emb_dim=4, hidden_size=3)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)
    return model, test


def test_k1_is_greedy_and_k5_is_the_best_beam(setup):
    model, data = setup
    b = data.batch(range(len(data)))
    steps = default_max_len(int(b.src_lengths.max()))
    assert steps == 2 * 4 + 5
    greedy = greedy_decode(model, b.src, b.src_lengths, steps)[0].tolist()
    got = translate_ids(model, data, k=1)
    for row, ids in zip(greedy, got, strict=True):
        assert ids == [i for i in row[:row.index(EOS_ID) if EOS_ID in row else None] if i]
    beam = beam_search(model, b.src, b.src_lengths, k=5, max_len=steps).best()
    got5 = translate_ids(model, data, k=5, batch_size=3)  # two batches
    assert got5 == [[i for i in h.tokens if i != EOS_ID] for h in beam]


def test_translate_returns_text(setup):
    model, data = setup
    texts = translate(model, data, lambda ids: " ".join(data.tgt_vocab.decode(ids)), k=3)
    assert len(texts) == len(data) and all(isinstance(t, str) for t in texts)
    assert set(" ".join(texts).split()) <= set(data.tgt_vocab.itos)


def test_bad_arguments(setup):
    model, data = setup
    with pytest.raises(ValueError, match="beam size"):
        translate_ids(model, data, k=0)
    with pytest.raises(ValueError, match="batch_size"):
        translate_ids(model, data, batch_size=0)
