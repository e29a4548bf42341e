"""Masks, the last real step and packed runs agree with running each sequence alone."""

import pytest
import torch
from torch import nn

from utils.data.padding import last_real_step, pad_sequences, padding_mask, run_packed


def test_padding_mask():
    mask = padding_mask(torch.tensor([3, 1, 2]))
    assert mask.tolist() == [[True, True, True], [True, False, False], [True, True, False]]
    assert padding_mask(torch.tensor([1]), max_len=3).tolist() == [[True, False, False]]


def test_last_real_step_picks_each_rows_own_step():
    outputs = torch.arange(2 * 4 * 1, dtype=torch.float).view(2, 4, 1)
    assert last_real_step(outputs, torch.tensor([2, 4])).tolist() == [[1.0], [7.0]]


@pytest.mark.parametrize("cell", [nn.RNN, nn.GRU])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_packed_run_equals_running_each_sequence_alone(cell, bidirectional):
    torch.manual_seed(0)
    rnn = cell(3, 5, batch_first=True, bidirectional=bidirectional)
    lengths = torch.tensor([2, 5, 3])  # not sorted: enforce_sorted=False handles it
    x = torch.randn(3, 5, 3)
    x[padding_mask(lengths, 5).logical_not()] = 7.0  # junk in the padding must not matter
    outputs, h_n = run_packed(rnn, x, lengths)
    for i, n in enumerate(lengths.tolist()):
        alone, h_alone = rnn(x[i : i + 1, :n])
        torch.testing.assert_close(outputs[i, :n], alone[0])
        torch.testing.assert_close(h_n[:, i], h_alone[:, 0])
        assert outputs[i, n:].abs().sum().item() == 0.0  # zeros at the padding
    if not bidirectional:
        torch.testing.assert_close(last_real_step(outputs, lengths), h_n[-1])


def test_reading_the_padded_end_is_the_classic_bug():
    torch.manual_seed(1)
    rnn = nn.RNN(3, 5, batch_first=True)
    lengths = torch.tensor([2, 5])
    x = torch.randn(2, 5, 3) * padding_mask(lengths, 5)[..., None]  # zero padding
    padded_out, _ = rnn(x)
    _, h_n = run_packed(rnn, x, lengths)
    assert (padded_out[0, -1] - h_n[-1, 0]).abs().max().item() > 1e-2  # short one: wrong
    torch.testing.assert_close(padded_out[1, -1], h_n[-1, 1])  # the longest one: right
    torch.testing.assert_close(last_real_step(padded_out, lengths), h_n[-1])


def test_pad_sequences_is_shared():
    ids, lengths = pad_sequences([[5, 6], [7]])
    assert ids.tolist() == [[5, 6], [7, 0]] and lengths.tolist() == [2, 1]


def test_bad_input_raises():
    with pytest.raises(ValueError, match="empty"):
        padding_mask(torch.tensor([], dtype=torch.long))
    with pytest.raises(ValueError, match=r"lengths must lie in \[1, 4\]"):
        last_real_step(torch.zeros(2, 4, 3), torch.tensor([0, 4]))
    with pytest.raises(ValueError, match=r"lengths must have shape \(2,\)"):
        last_real_step(torch.zeros(2, 4, 3), torch.tensor([1, 2, 3]))
    with pytest.raises(ValueError, match="integers"):
        last_real_step(torch.zeros(2, 4, 3), torch.tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"\(batch, time, hidden\)"):
        last_real_step(torch.zeros(2, 4), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="batch_first=True"):
        run_packed(nn.RNN(3, 4), torch.zeros(2, 4, 3), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="LSTM"):
        run_packed(nn.LSTM(3, 4, batch_first=True), torch.zeros(2, 4, 3), torch.tensor([1, 2]))
