"""Beam search against greedy decoding, exhaustive search, one-sentence-at-a-time decoding
and the model's own log-probabilities, on small randomly initialised seq2seq models."""

import math

import pytest
import torch

from utils.data.vocab import EOS_ID, PAD_ID
from utils.decoding.beam import (
    FINISHED,
    LIVE,
    PRUNED,
    all_sequences,
    beam_search,
    count_sequences,
    exhaustive_search,
    length_penalty,
    normalise_score,
    sequence_log_prob,
)
from utils.decoding.greedy import greedy_decode
from utils.models.seq2seq import build_seq2seq

SRC_V = 9
KINDS = [("gru", None), ("gru", "dot"), ("lstm", None), ("lstm", "general")]


def model_and_batch(rnn, attention, tgt_v=5, seed=0, batch=3, eos_bias=0.0):
    """A random tiny model (its output bias scaled up so that outputs differ) and a batch
    of sources of different lengths."""
    torch.manual_seed(seed)
    model = build_seq2seq(SRC_V, tgt_v, emb_dim=4, hidden_size=3, attention=attention, rnn=rnn)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)
        model.decoder.out.bias[EOS_ID] += eos_bias
    g = torch.Generator().manual_seed(seed)
    lengths = torch.tensor([5, 2, 4, 3, 1][:batch])
    src = torch.randint(4, SRC_V, (batch, 5), generator=g)
    src[torch.arange(5)[None, :] >= lengths[:, None]] = PAD_ID
    return model, src, lengths


def test_length_penalties():
    assert length_penalty(4, "none") == 1.0
    assert length_penalty(4, "average") == 4.0
    assert length_penalty(4, "gnmt", 0.6) == pytest.approx((9 / 6) ** 0.6)
    assert length_penalty(1, "gnmt", 0.6) == pytest.approx(1.0)
    assert normalise_score(-3.0, 3, "average") == pytest.approx(-1.0)
    torch.testing.assert_close(length_penalty(torch.tensor([1.0, 7.0]), "gnmt", 1.0),
                               torch.tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match="normalisation"):
        length_penalty(3, "mean")
    with pytest.raises(ValueError, match="length"):
        length_penalty(0, "average")
    with pytest.raises(ValueError, match="alpha"):
        length_penalty(3, "gnmt", -1.0)


def test_count_and_list_all_sequences():
    seqs = all_sequences(4, 3)
    assert count_sequences(4, 3) == len(seqs) == 1 + 3 + 9
    assert seqs[0] == [EOS_ID] and all(s[-1] == EOS_ID and EOS_ID not in s[:-1] for s in seqs)
    assert len({tuple(s) for s in seqs}) == len(seqs)


@pytest.mark.parametrize("rnn,attention", KINDS)
def test_k1_equals_greedy(rnn, attention):
    for seed in range(3):
        model, src, lengths = model_and_batch(rnn, attention, tgt_v=7, seed=seed)
        greedy, greedy_attn = greedy_decode(model, src, lengths, max_len=6)
        result = beam_search(model, src, lengths, k=1, max_len=6)
        for b, hyps in enumerate(result.hypotheses):
            row = greedy[b].tolist()
            row = row[:row.index(EOS_ID) + 1] if EOS_ID in row else row
            assert len(hyps) == 1 and hyps[0].tokens == row
            assert hyps[0].finished == (row[-1] == EOS_ID)
            if attention:
                torch.testing.assert_close(hyps[0].attention,
                                           greedy_attn[b, :len(row), :int(lengths[b])])
            else:
                assert hyps[0].attention is None


@pytest.mark.parametrize("rnn,attention", KINDS)
@pytest.mark.parametrize("normalisation", ["none", "average", "gnmt"])
def test_large_beam_equals_exhaustive_search(rnn, attention, normalisation):
    """With k ≥ V^T nothing is ever pruned, so the whole n-best list is the exact one."""
    tgt_v, max_len = 5, 3
    model, src, lengths = model_and_batch(rnn, attention, tgt_v=tgt_v, seed=1)
    n = count_sequences(tgt_v, max_len)  # 21 complete outputs
    exact = exhaustive_search(model, src, lengths, max_len=max_len, n_best=n,
                              normalisation=normalisation)
    beam = beam_search(model, src, lengths, k=tgt_v ** max_len, max_len=max_len, n_best=n,
                       normalisation=normalisation).hypotheses
    for e, h in zip(exact, beam, strict=True):
        assert len(e) == len(h) == n
        assert [x.tokens for x in e] == [x.tokens for x in h]
        torch.testing.assert_close(torch.tensor([x.score for x in e]),
                                   torch.tensor([x.score for x in h]))
        if attention:
            for x, y in zip(e, h, strict=True):
                torch.testing.assert_close(x.attention, y.attention)


@pytest.mark.parametrize("rnn,attention", KINDS)
def test_exhaustive_search_equals_scoring_every_sequence(rnn, attention):
    model, src, lengths = model_and_batch(rnn, attention, tgt_v=4, seed=2)
    seqs = all_sequences(4, 4)
    best = exhaustive_search(model, src, lengths, max_len=4, n_best=3, normalisation="average")
    for b in range(src.size(0)):
        one = src[b:b + 1].expand(len(seqs), -1)
        logp = sequence_log_prob(model, one, lengths[b:b + 1].expand(len(seqs)), seqs)
        score = logp / torch.tensor([len(s) for s in seqs], dtype=torch.float)
        order = score.argsort(descending=True)[:3].tolist()
        assert [h.tokens for h in best[b]] == [seqs[i] for i in order]
        assert [h.score for h in best[b]] == pytest.approx(score[order].tolist(), abs=1e-5)


@pytest.mark.parametrize("rnn,attention", KINDS)
@pytest.mark.parametrize("normalisation", ["none", "average", "gnmt"])
def test_every_score_is_the_models_log_prob_normalised(rnn, attention, normalisation):
    model, src, lengths = model_and_batch(rnn, attention, tgt_v=8, seed=3)
    result = beam_search(model, src, lengths, k=4, max_len=7, normalisation=normalisation,
                         alpha=0.7)
    for b, hyps in enumerate(result.hypotheses):
        assert len(hyps) == 4
        # finished ones first, each group best score first
        assert [h.finished for h in hyps] == sorted((h.finished for h in hyps), reverse=True)
        for group in (True, False):
            scores = [h.score for h in hyps if h.finished == group]
            assert scores == sorted(scores, reverse=True)
        n = len(hyps)
        logp = sequence_log_prob(model, src[b:b + 1].expand(n, -1),
                                 lengths[b:b + 1].expand(n), [h.tokens for h in hyps])
        assert [h.log_prob for h in hyps] == pytest.approx(logp.tolist(), abs=1e-5)
        for h in hyps:
            assert h.score == pytest.approx(
                h.log_prob / length_penalty(len(h.tokens), normalisation, 0.7), abs=1e-5)
            assert h.finished == (h.tokens[-1] == EOS_ID)
            assert EOS_ID not in h.tokens[:-1]
            if attention:
                assert h.attention.shape == (len(h.tokens), int(lengths[b]))
                torch.testing.assert_close(h.attention.sum(1), torch.ones(len(h.tokens)))


@pytest.mark.parametrize("rnn,attention", KINDS)
def test_batched_equals_one_sentence_at_a_time(rnn, attention):
    model, src, lengths = model_and_batch(rnn, attention, tgt_v=9, seed=4, batch=5)
    batched = beam_search(model, src, lengths, k=3, max_len=8, normalisation="average")
    for b in range(src.size(0)):
        single = beam_search(model, src[b:b + 1, :int(lengths[b])], lengths[b:b + 1], k=3,
                             max_len=8, normalisation="average")
        got, want = batched.hypotheses[b], single.hypotheses[0]
        assert [h.tokens for h in got] == [h.tokens for h in want]
        assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-5)
        if attention:
            torch.testing.assert_close(got[0].attention, want[0].attention)


def test_unfinished_hypotheses_fill_the_list_when_eos_is_unlikely():
    model, src, lengths = model_and_batch("gru", "dot", tgt_v=6, seed=5, eos_bias=-50.0)
    result = beam_search(model, src, lengths, k=2, max_len=4)
    assert result.steps == 4
    for hyps in result.hypotheses:
        assert [h.finished for h in hyps] == [False, False]
        assert all(len(h.tokens) == 4 for h in hyps)
    tokens = result.best_tokens()
    assert tokens.shape == (3, 4)


def test_stops_when_n_best_have_finished():
    model, src, lengths = model_and_batch("gru", "dot", tgt_v=6, seed=6, eos_bias=50.0)
    result = beam_search(model, src, lengths, k=3, max_len=9, n_best=1)
    assert result.steps == 1  # <eos> is by far the best first token
    assert [h[0].tokens for h in result.hypotheses] == [[EOS_ID]] * 3
    assert result.best_tokens().tolist() == [[EOS_ID]] * 3


def test_trace_records_live_pruned_and_finished():
    model, src, lengths = model_and_batch("lstm", "dot", tgt_v=6, seed=7, eos_bias=1.5)
    k = 2
    result = beam_search(model, src, lengths, k=k, max_len=6, trace=True)
    trace = result.traces[0]
    assert trace.k == k and len(trace.steps) == len(trace.live) <= 6
    statuses = {e.status for step in trace.steps for e in step}
    assert statuses == {LIVE, PRUNED, FINISHED}
    for t, step in enumerate(trace.steps):
        assert [e.log_prob for e in step] == sorted((e.log_prob for e in step), reverse=True)
        assert len(trace.live[t]) == sum(e.status == LIVE for e in step) <= k
        for e in step:
            assert len(e.tokens) == t + 1 and e.attention.shape == (t + 1, int(lengths[0]))
            assert (e.tokens[-1] == EOS_ID) == (e.status == FINISHED) or e.status == PRUNED
            if t:  # the back-pointer names the live hypothesis it extends
                assert trace.live[t - 1][e.parent].tokens == e.tokens[:-1]
    # every finished entry's log-prob is the model's
    fins = [e for step in trace.steps for e in step if e.status == FINISHED]
    logp = sequence_log_prob(model, src[:1].expand(len(fins), -1), lengths[:1].expand(len(fins)),
                             [e.tokens for e in fins])
    assert [e.log_prob for e in fins] == pytest.approx(logp.tolist(), abs=1e-5)
    assert beam_search(model, src, lengths, k=k, max_len=6).traces is None


def test_search_keeps_train_mode_and_rejects_bad_arguments():
    model, src, lengths = model_and_batch("gru", "dot")
    model.train()
    beam_search(model, src, lengths, k=2, max_len=3)
    exhaustive_search(model, src, lengths, max_len=2)
    assert model.training
    with pytest.raises(ValueError, match="beam size k"):
        beam_search(model, src, lengths, k=0, max_len=3)
    with pytest.raises(ValueError, match="max_len"):
        beam_search(model, src, lengths, k=2, max_len=0)
    with pytest.raises(ValueError, match="non-empty"):
        beam_search(model, src[:0], lengths[:0], k=2, max_len=3)
    with pytest.raises(ValueError, match="src_lengths"):
        beam_search(model, src, lengths[:2], k=2, max_len=3)
    with pytest.raises(ValueError, match="n_best"):
        beam_search(model, src, lengths, k=2, max_len=3, n_best=0)
    with pytest.raises(ValueError, match="normalisation"):
        beam_search(model, src, lengths, k=2, max_len=3, normalisation="avg")
    with pytest.raises(ValueError, match="exceeds max_sequences"):
        exhaustive_search(model, src, lengths, max_len=12)
    with pytest.raises(ValueError, match="max_len"):
        exhaustive_search(model, src, lengths, max_len=0)
    with pytest.raises(ValueError, match="one hypothesis per sentence"):
        sequence_log_prob(model, src, lengths, [[EOS_ID]])
    with pytest.raises(ValueError, match="empty hypothesis"):
        sequence_log_prob(model, src, lengths, [[EOS_ID], [], [EOS_ID]])
    assert math.isfinite(beam_search(model, src, lengths, k=2, max_len=3).best()[0].score)


class ThreeTensorState(torch.nn.Module):
    """A model whose decoder state is a tuple of three tensors, each ``(layers, batch, d)``
    (as a Transformer's cache may be): beam search must reorder every one on dim 1."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def encode(self, src, src_lengths):
        memory, h = self.inner.encode(src, src_lengths)
        return memory, (h, torch.zeros(2, h.size(1), 3), torch.zeros(1, h.size(1), 1))

    def decode_step(self, y_prev, state, memory):
        h, history, count = state
        log_probs, h, attn = self.inner.decode_step(y_prev, h, memory)
        history = history + torch.nn.functional.one_hot(y_prev % 3, 3).float()  # (2, batch, 3)
        bonus = 0.5 * history.sum(0).repeat(1, 3)[:, :log_probs.size(1)] - 0.1 * count[0]
        log_probs = torch.log_softmax(log_probs + bonus, dim=-1)
        return log_probs, (h, history, count + 1), attn


def test_every_state_tensor_is_reordered():
    inner, src, lengths = model_and_batch("gru", "dot", tgt_v=9, seed=8, batch=5)
    model = ThreeTensorState(inner)
    batched = beam_search(model, src, lengths, k=3, max_len=7)
    for b in range(src.size(0)):
        single = beam_search(model, src[b:b + 1, :int(lengths[b])], lengths[b:b + 1], k=3,
                             max_len=7)
        assert [h.tokens for h in batched.hypotheses[b]] == [h.tokens for h in single.hypotheses[0]]
        assert [h.score for h in batched.hypotheses[b]] == pytest.approx(
            [h.score for h in single.hypotheses[0]], abs=1e-5)
        n = len(batched.hypotheses[b])
        hyps = [h.tokens for h in batched.hypotheses[b]]
        logp = sequence_log_prob(model, src[b:b + 1].expand(n, -1), lengths[b:b + 1].expand(n),
                                 hyps)
        assert [h.log_prob for h in batched.hypotheses[b]] == pytest.approx(logp.tolist(), abs=1e-5)


def test_sentences_that_stop_early_leave_the_batch_without_changing_results():
    """Here the sentences stop after 2, 2, 3 and 9 steps: each leaves the batch when it
    stops, and its hypotheses and trace are those of a search run on it alone."""
    model, src, lengths = model_and_batch("lstm", "general", tgt_v=8, seed=15, batch=4)
    result = beam_search(model, src, lengths, k=2, max_len=9, trace=True)
    for b in range(src.size(0)):
        single = beam_search(model, src[b:b + 1, :int(lengths[b])], lengths[b:b + 1], k=2,
                             max_len=9, trace=True)
        assert [h.tokens for h in result.hypotheses[b]] == [h.tokens for h in single.hypotheses[0]]
        assert len(result.traces[b].steps) == len(single.traces[0].steps)
        for got, want in zip(result.traces[b].steps, single.traces[0].steps, strict=True):
            assert [(e.tokens, e.status) for e in got] == [(e.tokens, e.status) for e in want]
    assert [len(t.steps) for t in result.traces] == [2, 2, 3, 9] and result.steps == 9
