"""Truncated BPTT: same forward values, gradients cut at the chunk boundary, less memory."""

import pytest
import torch
from torch import nn

from utils.data.long_range import make_long_range_data
from utils.models.classifiers import SequenceClassifier
from utils.training.truncated_bptt import TruncatedBPTT, detach_state, saved_activation_bytes


def first_token_gradient(model, x, y):
    """Gradient of the loss w.r.t. the embedding rows of the symbols (first tokens only)."""
    model.zero_grad()
    nn.functional.cross_entropy(model(x), y).backward()
    inner = model.model if isinstance(model, TruncatedBPTT) else model
    return inner.embedding.weight.grad[:8].abs().sum().item()


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_forward_values_equal_the_full_model(kind):
    torch.manual_seed(0)
    model = SequenceClassifier(kind, 17, 8)
    x, _ = make_long_range_data(5, 9)  # 11 steps
    for chunk in (1, 3, 4, 11, 50):
        torch.testing.assert_close(TruncatedBPTT(model, chunk)(x), model(x))


def test_gradient_stops_at_the_chunk_boundary():
    torch.manual_seed(0)
    model = SequenceClassifier("lstm", 17, 8)
    x, y = make_long_range_data(16, 6)  # symbol at step 0 of 8
    assert first_token_gradient(TruncatedBPTT(model, 7), x, y) == 0.0
    assert first_token_gradient(TruncatedBPTT(model, 8), x, y) > 0.0
    full = first_token_gradient(model, x, y)
    grads_full = [p.grad.clone() for p in model.parameters()]
    assert first_token_gradient(TruncatedBPTT(model, 8), x, y) == pytest.approx(full)
    for p, g in zip(model.parameters(), grads_full, strict=True):
        torch.testing.assert_close(p.grad, g)  # chunk >= time: plain BPTT


def test_chunks_are_counted_back_from_the_last_step():
    """With 8 steps and chunk 3 the boundaries are before steps 2 and 5: a token at step 5
    still gets a gradient, one at step 4 does not."""
    torch.manual_seed(0)
    model = SequenceClassifier("rnn", 17, 8)
    x = torch.zeros(1, 8, dtype=torch.long)
    x[0, 4], x[0, 5] = 9, 10
    TruncatedBPTT(model, 3)(x).sum().backward()
    grad = model.embedding.weight.grad
    assert grad[10].abs().sum() > 0 and grad[9].abs().sum() == 0


def test_truncation_saves_activation_memory():
    torch.manual_seed(0)
    model = SequenceClassifier("rnn", 17, 8)
    x, y = make_long_range_data(32, 30)

    def cost(chunk):
        return saved_activation_bytes(
            lambda: nn.functional.cross_entropy(TruncatedBPTT(model, chunk)(x), y))

    full = saved_activation_bytes(lambda: nn.functional.cross_entropy(model(x), y))
    assert cost(32) == full
    assert cost(4) < cost(8) < cost(16) < full
    assert cost(4) < full / 3


def test_detach_state_and_bad_input():
    h = torch.ones(2, requires_grad=True) * 2
    assert not detach_state(h).requires_grad
    hc = detach_state((h, h))
    assert isinstance(hc, tuple) and not any(s.requires_grad for s in hc)
    with pytest.raises(ValueError, match="chunk"):
        TruncatedBPTT(SequenceClassifier("rnn", 17, 8), 0)
    with pytest.raises(ValueError, match="batch, time"):
        TruncatedBPTT(SequenceClassifier("rnn", 17, 8), 2)(torch.zeros(3, dtype=torch.long))
    with pytest.raises(ValueError, match="autograd graph"):
        saved_activation_bytes(lambda: torch.ones(2).sum())


def test_train_long_range_with_a_full_chunk_is_plain_bptt():
    from utils.analysis.long_range import train_long_range

    kw = dict(n_train=128, n_test=64, epochs=1, batch_size=32)
    assert train_long_range("rnn", 4, chunk=6, **kw) == train_long_range("rnn", 4, **kw)
