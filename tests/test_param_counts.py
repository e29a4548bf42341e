"""Parameter counts against the same models built with torch.nn."""

import pytest
import torch
from torch import nn

from utils.metrics.param_counts import rnn_param_count, window_lm_param_count


def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(("n_in", "hidden", "n_out"), [(4, 8, 4), (10, 32, 10), (3, 5, 7)])
def test_rnn_count_matches_torch(n_in, hidden, n_out):
    # nn.RNN has two bias vectors (b_ih, b_hh); our cell has one, so torch counts `hidden` more.
    assert rnn_param_count(n_in, hidden) == n_params(nn.RNN(n_in, hidden)) - hidden
    assert rnn_param_count(n_in, hidden, n_out) == (
        n_params(nn.RNN(n_in, hidden)) - hidden + n_params(nn.Linear(hidden, n_out)))


def test_rnn_count_is_the_hello_model():
    assert rnn_param_count(4, 8, 4) == 4 * 8 + 8 * 8 + 8 + 8 * 4 + 4 == 140


@pytest.mark.parametrize("window", [1, 2, 5, 10])
def test_window_lm_count_matches_torch(window):
    vocab, embed, hidden = 50, 16, 32
    model = nn.ModuleDict({
        "embed": nn.Embedding(vocab, embed),
        "hidden": nn.Linear(window * embed, hidden),
        "out": nn.Linear(hidden, vocab),
    })
    assert window_lm_param_count(window, vocab, embed, hidden) == n_params(model)
    # and it really runs: (batch, window) ids → (batch, vocab) logits
    ids = torch.zeros(3, window, dtype=torch.long)
    logits = model["out"](torch.tanh(model["hidden"](model["embed"](ids).flatten(1))))
    assert logits.shape == (3, vocab)


def test_window_growth_is_linear():
    counts = [window_lm_param_count(w, 1000, 32, 64) for w in range(1, 6)]
    assert {b - a for a, b in zip(counts, counts[1:], strict=False)} == {32 * 64}


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_sizes_raise(bad):
    with pytest.raises(ValueError, match="must be a positive int"):
        rnn_param_count(bad, 4)
    with pytest.raises(ValueError, match="must be a positive int"):
        window_lm_param_count(bad, 10, 4, 4)
