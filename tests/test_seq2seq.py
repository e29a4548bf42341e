"""Seq2seq models: encoder against nn.GRU per sequence, padding ignored, teacher-forced and
step-by-step decoding equal, gradients into the encoder through attention."""

import pytest
import torch
from torch import nn

from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID
from utils.decoding.greedy import greedy_decode
from utils.models.seq2seq import AttentionDecoder, Decoder, Encoder, Seq2Seq, build_seq2seq

SRC_V, TGT_V = 11, 9


def batch():
    """Three sources of lengths 5, 2, 4 (padded with PAD_ID) and targets of length 4."""
    g = torch.Generator().manual_seed(0)
    lengths = torch.tensor([5, 2, 4])
    src = torch.randint(4, SRC_V, (3, 5), generator=g)
    src[torch.arange(5)[None, :] >= lengths[:, None]] = PAD_ID
    tgt_in = torch.cat([torch.full((3, 1), SOS_ID), torch.randint(4, TGT_V, (3, 3), generator=g)],
                       dim=1)
    return src, lengths, tgt_in


def repad(src, lengths, value):
    """The same batch with garbage token ids where padding was."""
    out = src.clone()
    out[torch.arange(src.size(1))[None, :] >= lengths[:, None]] = value
    return out


@pytest.mark.parametrize("rnn", ["gru", "lstm"])
def test_encoder_equals_nn_rnn_run_on_each_unpadded_sequence(rnn):
    torch.manual_seed(0)
    enc = Encoder(SRC_V, 6, 5, rnn=rnn, bidirectional=True)
    src, lengths, _ = batch()
    memory, state = enc(src, lengths)
    h = state[0] if rnn == "lstm" else state
    assert memory.outputs.shape == (3, 5, 10) and h.shape == (1, 3, 10)
    assert memory.mask.tolist() == [[True] * 5, [True, True] + [False] * 3, [True] * 4 + [False]]
    for i, n in enumerate(lengths.tolist()):
        out, final = enc.rnn(enc.embedding(src[i : i + 1, :n]))
        final_h = final[0] if rnn == "lstm" else final
        torch.testing.assert_close(memory.outputs[i, :n], out[0])
        torch.testing.assert_close(h[0, i], torch.cat([final_h[0, 0], final_h[1, 0]]))
        assert torch.all(memory.outputs[i, n:] == 0)


@pytest.mark.parametrize("score", [None, "dot", "general", "concat"])
def test_padded_source_tokens_never_change_the_output(score):
    torch.manual_seed(1)
    model = build_seq2seq(SRC_V, TGT_V, emb_dim=6, hidden_size=5, attention=score)
    src, lengths, tgt_in = batch()
    logits = model(src, lengths, tgt_in)
    for value in (4, 7, 10):
        torch.testing.assert_close(model(repad(src, lengths, value), lengths, tgt_in), logits)


@pytest.mark.parametrize("score", [None, "dot", "general", "concat"])
@pytest.mark.parametrize("rnn", ["gru", "lstm"])
def test_teacher_forced_forward_equals_decode_step_loop(score, rnn):
    torch.manual_seed(2)
    model = build_seq2seq(SRC_V, TGT_V, emb_dim=6, hidden_size=5, attention=score, rnn=rnn)
    src, lengths, tgt_in = batch()
    logits = model(src, lengths, tgt_in)
    assert logits.shape == (3, 4, TGT_V)
    memory, state = model.encode(src, lengths)
    for t in range(4):
        log_probs, state, weights = model.decode_step(tgt_in[:, t], state, memory)
        torch.testing.assert_close(log_probs, torch.log_softmax(logits[:, t], -1))
        if score is None:
            assert weights is None
        else:
            assert weights.shape == (3, 5)
            torch.testing.assert_close(weights.sum(-1), torch.ones(3))
            assert torch.all(weights[~memory.mask] == 0)


def test_free_running_feeds_back_the_models_own_argmax():
    torch.manual_seed(3)
    model = build_seq2seq(SRC_V, TGT_V, emb_dim=6, hidden_size=5, attention="general")
    src, lengths, tgt_in = batch()
    with torch.no_grad():
        free = model(src, lengths, tgt_in, teacher_forcing_ratio=0.0)
    tokens, attn = greedy_decode(model, src, lengths, max_len=4)
    # Greedy decoding is free running; rows agree up to (and including) their <eos>.
    for i in range(3):
        row = tokens[i].tolist()
        n = row.index(EOS_ID) + 1 if EOS_ID in row else len(row)
        assert free[i, :n].argmax(-1).tolist() == row[:n]
    forced = model(src, lengths, tgt_in)
    assert not torch.allclose(free, forced)


def test_teacher_forcing_ratio_mixes_true_and_predicted_inputs():
    torch.manual_seed(4)
    model = build_seq2seq(SRC_V, TGT_V, emb_dim=6, hidden_size=5, attention="dot")
    src, lengths, tgt_in = batch()
    with torch.no_grad():
        forced, free = model(src, lengths, tgt_in, 1.0), model(src, lengths, tgt_in, 0.0)
        torch.manual_seed(0)
        mixed = model(src, lengths, tgt_in, 0.5)
    # Step 0 always sees <sos>; later steps differ from at least one of the two extremes.
    torch.testing.assert_close(mixed[:, 0], forced[:, 0])
    assert not torch.allclose(mixed, forced) or not torch.allclose(mixed, free)


def test_gradients_reach_the_encoder_through_attention_alone():
    torch.manual_seed(5)
    src, lengths, tgt_in = batch()
    for score, expect_grad in ((None, False), ("dot", True)):
        model = build_seq2seq(SRC_V, TGT_V, emb_dim=6, hidden_size=5, attention=score)
        memory, state = model.encode(src, lengths)
        logits, _, _ = model.decoder(tgt_in, torch.zeros_like(state), memory)  # cut the state
        logits.sum().backward()
        grad = model.encoder.embedding.weight.grad
        assert (grad is not None and grad.abs().sum() > 0) == expect_grad


def test_bidirectional_lstm_state_is_a_pair_of_merged_directions():
    model = build_seq2seq(SRC_V, TGT_V, emb_dim=6, hidden_size=5, rnn="lstm", num_layers=2)
    src, lengths, _ = batch()
    memory, (h, c) = model.encode(src, lengths)
    assert h.shape == c.shape == (2, 3, 10)
    assert memory.outputs.shape == (3, 5, 10)


def test_clear_errors():
    enc = Encoder(SRC_V, 6, 5)
    with pytest.raises(ValueError, match="hidden size"):
        Seq2Seq(enc, Decoder(TGT_V, 6, 5))
    with pytest.raises(ValueError, match="lstm"):
        Seq2Seq(enc, AttentionDecoder(TGT_V, 6, 10, 10, rnn="lstm"))
    with pytest.raises(ValueError, match="rnn must be"):
        Encoder(SRC_V, 6, 5, rnn="transformer")
    model = Seq2Seq(enc, AttentionDecoder(TGT_V, 6, 10, 10))
    src, lengths, tgt_in = batch()
    with pytest.raises(ValueError, match="src_lengths must lie"):
        model.encode(src, torch.tensor([6, 2, 4]))
    with pytest.raises(ValueError, match="src_lengths must lie"):
        model.encode(src, torch.tensor([0, 2, 4]))
    with pytest.raises(ValueError, match="long tensor"):
        model.encode(src.float(), lengths)
    with pytest.raises(ValueError, match="teacher_forcing_ratio"):
        model(src, lengths, tgt_in, 1.5)
    with pytest.raises(ValueError, match="tgt_in"):
        model(src, lengths, tgt_in[:2])
    memory, state = model.encode(src, lengths)
    with pytest.raises(ValueError, match="y_prev"):
        model.decode_step(tgt_in[:2, 0], state, memory)
    with pytest.raises(ValueError, match="dot score"):
        AttentionDecoder(TGT_V, 6, 10, 8, score="dot")
    assert isinstance(model.decoder.rnn, nn.GRU)


@pytest.mark.parametrize("score", [None, "dot"])
def test_token_ids_outside_the_vocabulary_are_named(score):
    model = build_seq2seq(SRC_V, TGT_V, emb_dim=6, hidden_size=5, attention=score)
    src, lengths, tgt_in = batch()
    bad_src = src.clone()
    bad_src[1, 1] = SRC_V                      # one past the last source id
    with pytest.raises(ValueError, match=r"src holds the token id 11 at position \(1, 1\), "
                                         r"outside the vocabulary of size 11"):
        model(bad_src, lengths, tgt_in)
    bad_src[1, 1] = -1
    with pytest.raises(ValueError, match="src holds the token id -1"):
        model.encode(bad_src, lengths)
    bad_tgt = tgt_in.clone()
    bad_tgt[2, 3] = 40                         # e.g. an id of the source vocabulary
    with pytest.raises(ValueError, match=r"tgt_in holds the token id 40 at position \(2, 3\), "
                                         r"outside the vocabulary of size 9"):
        model(src, lengths, bad_tgt)
    with pytest.raises(ValueError, match="tgt_in holds the token id 40"):
        model(src, lengths, bad_tgt, teacher_forcing_ratio=0.0)   # even if never fed
    memory, state = model.encode(src, lengths)
    with pytest.raises(ValueError, match=r"y_prev holds the token id 9 at position \(0,\)"):
        model.decode_step(torch.tensor([TGT_V, 1, 1]), state, memory)
    with pytest.raises(ValueError, match="integer token ids"):
        model.decoder(tgt_in.float(), state, memory)
    # The largest valid ids still work (PAD_ID = 0 is a valid id, too).
    ok_src = src.clone()
    ok_src[0, 0] = SRC_V - 1
    assert model(ok_src, lengths, torch.full_like(tgt_in, TGT_V - 1)).shape == (3, 4, TGT_V)

