"""Training with dropout and early stopping on dev BLEU (utils.analysis.translation), on a
small parallel corpus built from the toy English → Korean grammar."""

import pytest
import torch

from utils.analysis.translation import (
    LearningCurve,
    add_dropout,
    bleu_of,
    smoothed_sequence_loss,
    train_translation,
)
from utils.data.parallel import make_parallel_data
from utils.data.seq2seq import word_tokenize
from utils.data.translation import make_translation_pairs
from utils.models.seq2seq import build_seq2seq
from utils.runtime import seed_everything


@pytest.fixture(scope="module")
def data():
    pairs = make_translation_pairs(n=1500, seed=0)
    return make_parallel_data(pairs, word_tokenize, word_tokenize, " ".join, n_dev=100,
                              n_test=100)


def small_model(data, dropout=0.0):
    seed_everything(0)
    model = build_seq2seq(len(data.src_vocab), len(data.tgt_vocab), emb_dim=32, hidden_size=32)
    return add_dropout(model, dropout)


def test_dropout_only_in_training_mode(data):
    plain, dropped = small_model(data), small_model(data, dropout=0.5)
    b = data.train.batch(range(8))
    plain.eval(), dropped.eval()
    torch.testing.assert_close(dropped(b.src, b.src_lengths, b.tgt_in),
                               plain(b.src, b.src_lengths, b.tgt_in))
    dropped.train()
    torch.manual_seed(1)
    first = dropped(b.src, b.src_lengths, b.tgt_in)
    assert not torch.allclose(first, plain(b.src, b.src_lengths, b.tgt_in))
    assert not torch.allclose(first, dropped(b.src, b.src_lengths, b.tgt_in))  # new masks
    with pytest.raises(ValueError, match="dropout"):
        add_dropout(plain, 1.0)


def test_learns_and_keeps_the_best_dev_weights(data):
    model = small_model(data, dropout=0.1)
    curve = train_translation(model, data, steps=120, batch_size=32, lr=0.01, eval_every=30,
                              progress=False)
    assert isinstance(curve, LearningCurve) and curve.stopped == "steps"
    assert curve.steps == [30, 60, 90, 120] and len(curve.dev_bleu) == 4
    assert curve.seconds == sorted(curve.seconds) and curve.cpu_seconds[-1] > 0
    assert curve.best_bleu == max(curve.dev_bleu) > curve.dev_bleu[0] + 30
    assert curve.best_step == curve.steps[curve.dev_bleu.index(curve.best_bleu)]
    again = bleu_of(model, data.dev, data.split.dev, data.to_text)[0].score
    assert again == pytest.approx(curve.best_bleu)  # the best weights were loaded back
    assert not model.training


def test_patience_and_time_budget_stop_early(data):
    model = small_model(data)
    curve = train_translation(model, data, steps=400, lr=0.0, eval_every=10, patience=2,
                              progress=False)  # lr 0: dev BLEU never improves
    assert curve.stopped == "patience" and curve.steps == [10, 20, 30]
    curve = train_translation(small_model(data), data, steps=10_000, eval_every=50,
                              time_budget=0.5, progress=False)
    assert curve.stopped == "time" and curve.seconds[-1] >= 0.5 and curve.steps[-1] < 10_000


def test_a_short_run_is_the_start_of_a_long_one(data):
    """With decay_steps, 40 steps are exactly the first 40 of an 80-step run."""
    short, long_ = small_model(data), small_model(data)
    a = train_translation(short, data, steps=40, decay_steps=80, eval_every=20, progress=False)
    b = train_translation(long_, data, steps=80, eval_every=20, progress=False)
    assert a.train_loss == b.train_loss[:2] and a.dev_bleu == b.dev_bleu[:2]
    c = train_translation(small_model(data), data, steps=40, eval_every=20, progress=False)
    assert c.train_loss[1] != a.train_loss[1]  # the learning rate fell faster


def test_label_smoothing_loss():
    logits = torch.randn(2, 3, 5)
    tgt = torch.tensor([[4, 2, 0], [3, 1, 2]])  # one padded position
    eps = 0.2
    logp = torch.log_softmax(logits, -1)
    real = tgt != 0
    nll = -logp.gather(2, tgt[..., None]).squeeze(-1)
    uniform = -logp.mean(-1)
    expected = ((1 - eps) * nll + eps * uniform)[real].mean()
    torch.testing.assert_close(smoothed_sequence_loss(logits, tgt, eps), expected)
    torch.testing.assert_close(smoothed_sequence_loss(logits, tgt, 0.0), nll[real].mean())
    with pytest.raises(ValueError, match="smoothing"):
        smoothed_sequence_loss(logits, tgt, 1.0)
    with pytest.raises(ValueError, match="no real tokens"):
        smoothed_sequence_loss(logits, torch.zeros_like(tgt), eps)
    with pytest.raises(ValueError, match="tgt_out"):
        smoothed_sequence_loss(logits[:, :2], tgt, eps)


def test_bad_arguments(data):
    model = small_model(data)
    with pytest.raises(ValueError, match="positive"):
        train_translation(model, data, steps=0)
    with pytest.raises(ValueError, match="patience"):
        train_translation(model, data, steps=5, patience=0)
    with pytest.raises(ValueError, match="decay_steps"):
        train_translation(model, data, steps=5, decay_steps=4)
    with pytest.raises(ValueError, match="reference sets"):
        bleu_of(model, data.dev, data.split.test[:5], data.to_text)


def test_loss_on_the_real_tokens_only_equals_the_padded_loss():
    logits = torch.randn(2, 3, 5)
    tgt = torch.tensor([[4, 2, 0], [3, 1, 2]])
    real = tgt != 0
    for eps in (0.0, 0.2):
        torch.testing.assert_close(smoothed_sequence_loss(logits[real], tgt, eps),
                                   smoothed_sequence_loss(logits, tgt, eps))
    with pytest.raises(ValueError, match="n_real = 5"):
        smoothed_sequence_loss(logits.reshape(-1, 5), tgt, 0.2)
    with pytest.raises(ValueError, match="no real tokens"):
        smoothed_sequence_loss(logits[:0, 0], torch.zeros_like(tgt), 0.2)


@pytest.mark.parametrize("attention", ["dot", None])
def test_keep_skips_the_padding_and_changes_no_logit(data, attention):
    seed_everything(0)
    model = build_seq2seq(len(data.src_vocab), len(data.tgt_vocab), emb_dim=16, hidden_size=16,
                          attention=attention).eval()
    b = data.train.batch(range(16))
    real = b.tgt_out != 0
    assert not bool(real.all())  # the batch is padded
    full = model(b.src, b.src_lengths, b.tgt_in)
    kept = model(b.src, b.src_lengths, b.tgt_in, keep=real)
    assert kept.shape == (int(real.sum()), len(data.tgt_vocab))
    torch.testing.assert_close(kept, full[real])
    torch.manual_seed(0)
    free = model(b.src, b.src_lengths, b.tgt_in, 0.5)
    torch.manual_seed(0)
    torch.testing.assert_close(model(b.src, b.src_lengths, b.tgt_in, 0.5, keep=real), free[real])
    with pytest.raises(ValueError, match="keep must be a bool mask"):
        model(b.src, b.src_lengths, b.tgt_in, keep=real[:, :-1])
    with pytest.raises(ValueError, match="keep must be a bool mask"):
        model(b.src, b.src_lengths, b.tgt_in, keep=real.long())
