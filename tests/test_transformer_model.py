"""The Transformer seq2seq speaks the course's interface: teacher-forced logits equal
step-by-step decoding with the key–value cache; greedy, beam and exhaustive search and
``train_seq2seq`` drive it unchanged; masks and parameter counts."""

import pytest
import torch
from torch import nn

from utils.data.seq2seq import Seq2SeqData, char_tokenize
from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID
from utils.decoding.beam import (
    beam_search,
    count_sequences,
    exhaustive_search,
    select_memory,
    select_state,
)
from utils.decoding.greedy import greedy_decode
from utils.models.transformer import (
    EncoderBlock,
    TransformerSeq2Seq,
    bert_param_count,
    encoder_block_param_count,
)
from utils.training.seq2seq import train_seq2seq

SRC_V = 9


pytestmark = pytest.mark.usefixtures("one_thread")


def model_and_batch(tgt_v=6, seed=0, batch=3, norm_first=True, causal=True, dtype=None,
                    scale=1.0):
    """A random tiny Transformer (weights scaled so that outputs differ) and a batch of
    sources of different lengths."""
    torch.manual_seed(seed)
    model = TransformerSeq2Seq(SRC_V, tgt_v, d_model=8, num_heads=2, num_layers=2, d_ff=16,
                               norm_first=norm_first, causal=causal, max_len=16)
    if dtype is not None:
        model = model.to(dtype)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(scale)
    g = torch.Generator().manual_seed(seed)
    lengths = torch.tensor([5, 2, 4, 3, 1][:batch])
    src = torch.randint(4, SRC_V, (batch, 5), generator=g)
    src[torch.arange(5)[None, :] >= lengths[:, None]] = PAD_ID
    return model, src, lengths


def teacher_forced_steps(model, src, lengths, tgt_in):
    memory, state = model.encode(src, lengths)
    steps, attn = [], []
    for t in range(tgt_in.size(1)):
        log_probs, state, a = model.decode_step(tgt_in[:, t], state, memory)
        steps.append(log_probs)
        attn.append(a)
    return torch.stack(steps, 1), torch.stack(attn, 1), state


@pytest.mark.parametrize("norm_first", [True, False])
def test_forward_equals_step_by_step_decoding(norm_first):
    model, src, lengths = model_and_batch(norm_first=norm_first, dtype=torch.float64)
    model.eval()
    tgt_in = torch.tensor([[SOS_ID, 4, 5, 3], [SOS_ID, 5, 5, 4], [SOS_ID, 3, 4, 4]])
    logits = model(src, lengths, tgt_in)
    assert logits.shape == (3, 4, 6)
    steps, attn, state = teacher_forced_steps(model, src, lengths, tgt_in)
    assert (steps - torch.log_softmax(logits, -1)).abs().max() < 1e-10
    # the state: every tensor has the batch on dim 1; the cache grew to 4 positions
    # (layers, batch, heads, length, d_k): 4 decoded positions, 5 source positions
    assert [tuple(s.shape) for s in state] == [(2, 3, 2, 4, 4), (2, 3, 2, 4, 4),
                                               (2, 3, 2, 5, 4), (2, 3, 2, 5, 4)]
    # decode_step's attention = the last layer's cross-attention, averaged over heads
    maps = model.attention_maps(src, lengths, tgt_in)
    assert (attn - maps.cross[-1].mean(1)).abs().max() < 1e-10
    assert maps.encoder.shape == (2, 3, 2, 5, 5) and maps.decoder.shape == (2, 3, 2, 4, 4)
    assert maps.cross.shape == (2, 3, 2, 4, 5)
    for w in maps:
        torch.testing.assert_close(w.sum(-1), torch.ones(w.shape[:-1], dtype=torch.float64))
    assert bool((maps.cross[:, 1, :, :, 2:] == 0).all())         # padded source: weight 0
    assert bool((maps.encoder[:, 1, :, :, 2:] == 0).all())
    assert bool((maps.decoder.triu(1) == 0).all())                # causal: no future
    memory, _ = model.encode(src, lengths)
    assert bool((memory.outputs[~memory.mask] == 0).all())       # zeros at padding


def test_padding_does_not_change_a_sentence():
    model, src, lengths = model_and_batch(dtype=torch.float64)
    tgt_in = torch.tensor([[SOS_ID, 4, 5]] * 3)
    full = model(src, lengths, tgt_in)
    for b in range(3):
        alone = model(src[b:b + 1, :int(lengths[b])], lengths[b:b + 1], tgt_in[b:b + 1])
        assert (alone[0] - full[b]).abs().max() < 1e-10


def test_causal_mask_blocks_the_future_and_its_absence_leaks_it():
    for causal in (True, False):
        model, src, lengths = model_and_batch(causal=causal, dtype=torch.float64)
        tgt_in = torch.tensor([[SOS_ID, 4, 5, 3]] * 3)
        changed = tgt_in.clone()
        changed[:, 3] = 5                                          # change the last input only
        gap = (model(src, lengths, tgt_in)[:, :3] - model(src, lengths, changed)[:, :3])
        if causal:
            assert gap.abs().max() == 0                            # earlier positions blind to it
        else:
            assert gap.abs().max() > 1e-6                          # they read the future
        # generation is causal either way: a step only has the past in its cache
        steps, _, _ = teacher_forced_steps(model.eval(), src, lengths, tgt_in)
        steps2, _, _ = teacher_forced_steps(model, src, lengths, changed)
        assert (steps[:, :3] - steps2[:, :3]).abs().max() == 0


def test_k1_beam_equals_greedy():
    for seed in range(3):
        model, src, lengths = model_and_batch(tgt_v=7, seed=seed, scale=3.0)
        greedy, greedy_attn = greedy_decode(model, src, lengths, max_len=6)
        result = beam_search(model, src, lengths, k=1, max_len=6)
        for b, hyps in enumerate(result.hypotheses):
            row = greedy[b].tolist()
            row = row[:row.index(EOS_ID) + 1] if EOS_ID in row else row
            assert hyps[0].tokens == row
            torch.testing.assert_close(hyps[0].attention,
                                       greedy_attn[b, :len(row), :int(lengths[b])])


@pytest.mark.parametrize("normalisation", ["none", "average"])
def test_large_beam_equals_exhaustive_search(normalisation):
    tgt_v, max_len = 5, 3
    model, src, lengths = model_and_batch(tgt_v=tgt_v, seed=1, scale=3.0)
    n = count_sequences(tgt_v, max_len)
    exact = exhaustive_search(model, src, lengths, max_len=max_len, n_best=n,
                              normalisation=normalisation)
    beam = beam_search(model, src, lengths, k=tgt_v ** max_len, max_len=max_len, n_best=n,
                       normalisation=normalisation).hypotheses
    for e, h in zip(exact, beam, strict=True):
        assert [x.tokens for x in e] == [x.tokens for x in h]
        torch.testing.assert_close(torch.tensor([x.score for x in e]),
                                   torch.tensor([x.score for x in h]))


def test_select_state_and_memory_reorder_the_batch():
    model, src, lengths = model_and_batch(dtype=torch.float64)
    memory, state = model.encode(src, lengths)
    y = torch.tensor([4, 5, 3])
    _, state, _ = model.decode_step(torch.full((3,), SOS_ID), state, memory)
    index = torch.tensor([2, 0, 0, 1])
    lp, _, a = model.decode_step(y[index], select_state(state, index),
                                 select_memory(memory, index))
    lp_all, _, a_all = model.decode_step(y, state, memory)
    assert (lp - lp_all[index]).abs().max() < 1e-12 and (a - a_all[index]).abs().max() < 1e-12


def test_train_seq2seq_trains_it_unchanged():
    pairs = [(s, s[::-1]) for s in ("abc", "bca", "cab", "acb", "bac", "cba", "ab", "ba")]
    data, _ = Seq2SeqData.from_pairs(pairs, pairs, char_tokenize, char_tokenize)
    torch.manual_seed(0)
    model = TransformerSeq2Seq(len(data.src_vocab), len(data.tgt_vocab), d_model=16,
                               num_heads=2, d_ff=32)
    history = train_seq2seq(model, data, steps=60, batch_size=8, lr=0.01, eval_data=data,
                            eval_every=30, progress=False)
    assert history.losses[-1] < 0.1 * history.losses[0]
    assert history.eval_accuracy[-1] == 1.0                     # reverses all 8 strings


def test_bad_input_raises():
    model, src, lengths = model_and_batch()
    tgt_in = torch.tensor([[SOS_ID, 4]] * 3)
    with pytest.raises(ValueError, match="teacher forcing"):
        model(src, lengths, tgt_in, 0.5)
    with pytest.raises(ValueError, match="tgt_in"):
        model(src, lengths, tgt_in[:2])
    with pytest.raises(ValueError, match="outside the vocabulary"):
        model(src, lengths, tgt_in + 10)
    with pytest.raises(ValueError, match="src_lengths"):
        model(src, lengths + 1, tgt_in)
    memory, state = model.encode(src, lengths)
    with pytest.raises(ValueError, match="y_prev"):
        model.decode_step(torch.zeros(2, dtype=torch.long), state, memory)
    with pytest.raises(ValueError, match="max_len"):
        model(torch.full((1, 17), 4), torch.tensor([17]), tgt_in[:1])


def test_parameter_counts_by_hand():
    d, ff = 16, 40
    by_hand = encoder_block_param_count(d, ff)
    assert by_hand == (4 * d * d + 4 * d) + (d * ff + ff + ff * d + d) + 4 * d
    assert by_hand == sum(p.numel() for p in EncoderBlock(d, 4, ff).parameters())
    assert by_hand == sum(p.numel() for p in nn.TransformerEncoderLayer(d, 4, ff).parameters())
    assert bert_param_count(12, 768) == 109_482_240                # BERT-base, "110M"
    assert bert_param_count(24, 1024) == 335_141_888               # BERT-large, "340M"
    with pytest.raises(ValueError, match="layers"):
        bert_param_count(0, 768)
