"""Padded loss, exact match, accuracy by length, and a tiny model that really learns."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from utils.data.seq2seq import Seq2SeqData, char_tokenize
from utils.data.vocab import PAD_ID
from utils.models.seq2seq import build_seq2seq
from utils.runtime import seed_everything
from utils.training.seq2seq import (
    accuracy_by_length,
    exact_match,
    exact_matches,
    sequence_loss,
    train_seq2seq,
)


def test_sequence_loss_is_the_mean_over_real_tokens_only():
    torch.manual_seed(0)
    logits = torch.randn(2, 3, 5, requires_grad=True)
    tgt = torch.tensor([[4, 2, PAD_ID], [3, PAD_ID, PAD_ID]])
    loss = sequence_loss(logits, tgt)
    manual = -(F.log_softmax(logits[0, 0], -1)[4] + F.log_softmax(logits[0, 1], -1)[2]
               + F.log_softmax(logits[1, 0], -1)[3]) / 3
    torch.testing.assert_close(loss, manual)
    loss.backward()
    assert torch.all(logits.grad[0, 2] == 0) and torch.all(logits.grad[1, 1:] == 0)
    changed = logits.detach().clone()
    changed[1, 1:] += 100.0
    torch.testing.assert_close(sequence_loss(changed, tgt), loss.detach())
    with pytest.raises(ValueError, match="no real tokens"):
        sequence_loss(logits, torch.zeros(2, 3, dtype=torch.long))
    with pytest.raises(ValueError, match="logits must be"):
        sequence_loss(logits[0], tgt)


def test_accuracy_by_length():
    correct = [1, 0, 1, 1, 0, 1]
    lengths = [3, 3, 5, 7, 7, 9]
    starts, acc, n = accuracy_by_length(correct, lengths)
    assert starts.tolist() == [3, 5, 7, 9] and n.tolist() == [2, 1, 2, 1]
    np.testing.assert_allclose(acc, [0.5, 1.0, 0.5, 1.0])
    starts, acc, n = accuracy_by_length(correct, lengths, bins=[3, 6, 10])
    assert starts.tolist() == [3, 6] and n.tolist() == [3, 3]
    np.testing.assert_allclose(acc, [2 / 3, 2 / 3])
    with pytest.raises(ValueError, match="increasing"):
        accuracy_by_length(correct, lengths, bins=[5, 3])
    with pytest.raises(ValueError, match="non-empty"):
        accuracy_by_length([], [])


def reverse_task():
    """Reverse a 2-4 letter string: small enough to learn in a few seconds."""
    rng = np.random.default_rng(0)
    words = sorted({"".join(rng.choice(list("abcdef"), size=rng.integers(2, 5)))
                    for _ in range(3000)})
    pairs = [(w, w[::-1]) for w in words]
    return Seq2SeqData.from_pairs(pairs[::2], pairs[1::2], char_tokenize, char_tokenize)


def test_a_small_attention_model_learns_to_reverse_unseen_strings():
    train, test = reverse_task()
    seed_everything(0)
    model = build_seq2seq(len(train.src_vocab), len(train.tgt_vocab), emb_dim=16,
                          hidden_size=32, attention="dot")
    before = exact_match(model, test)
    history = train_seq2seq(model, train, steps=400, batch_size=64, lr=0.01, eval_data=test,
                            eval_every=50, target_accuracy=0.97, progress=False)
    after = history.eval_accuracy[-1]
    assert before < 0.05 and after >= 0.97
    assert after == pytest.approx(exact_match(model, test))
    assert history.losses[-1] < history.losses[0] / 5
    assert len(history.eval_steps) == len(history.train_seconds) == len(history.eval_accuracy)
    assert history.teacher_forcing == [1.0] * len(history.losses)


def test_exact_matches_compares_up_to_eos_and_schedules_are_recorded():
    train, test = reverse_task()
    seed_everything(0)
    model = build_seq2seq(len(train.src_vocab), len(train.tgt_vocab), emb_dim=8,
                          hidden_size=8, attention=None)
    history = train_seq2seq(model, train, steps=4, batch_size=32,
                            teacher_forcing=lambda step: 1.0 - step / 4, progress=False)
    assert history.teacher_forcing == [1.0, 0.75, 0.5, 0.25]
    hits = exact_matches(model, test)
    assert hits.shape == (len(test),) and hits.dtype == torch.bool
    with pytest.raises(ValueError, match="eval_data"):
        train_seq2seq(model, train, steps=1, eval_every=5)
    with pytest.raises(ValueError, match="steps"):
        train_seq2seq(model, train, steps=0)
