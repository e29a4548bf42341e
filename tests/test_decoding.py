"""Greedy decoding against a scripted model whose every step is known in advance."""

import pytest
import torch
from torch import nn

from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID
from utils.decoding.greedy import greedy_decode
from utils.models.seq2seq import EncoderMemory, build_seq2seq

V = 7


class Scripted(nn.Module):
    """Row i emits ``script[i][t]`` at step t whatever it is fed; records what it was fed."""

    def __init__(self, script, with_attention=True):
        super().__init__()
        self.script = torch.tensor(script)
        self.with_attention = with_attention
        self.fed = []

    def encode(self, src, src_lengths):
        mask = torch.arange(src.size(1))[None] < src_lengths[:, None]
        return EncoderMemory(torch.zeros(src.size(0), src.size(1), 2), mask), torch.zeros(())

    def decode_step(self, y_prev, state, memory):
        self.fed.append(y_prev.tolist())
        t = int(state)
        log_probs = torch.full((y_prev.size(0), V), -10.0)
        log_probs[torch.arange(y_prev.size(0)), self.script[:, t]] = -0.1
        attn = memory.mask.float() / memory.mask.sum(1, keepdim=True)
        return log_probs, state + 1, attn if self.with_attention else None


def test_stops_each_row_at_eos_and_pads_after_it():
    model = Scripted([[4, 5, EOS_ID, 6], [4, EOS_ID, 6, 6]])
    src, lengths = torch.ones(2, 3, dtype=torch.long), torch.tensor([3, 2])
    tokens, attn = greedy_decode(model, src, lengths, max_len=4)
    assert tokens.tolist() == [[4, 5, EOS_ID], [4, EOS_ID, PAD_ID]]
    assert model.fed == [[SOS_ID, SOS_ID], [4, 4], [5, EOS_ID]]  # its own argmax fed back
    assert attn.shape == (2, 3, 3)
    torch.testing.assert_close(attn[1, 0], torch.tensor([0.5, 0.5, 0.0]))
    assert torch.all(attn[1, 2] == 0)  # after <eos>


def test_max_len_and_no_attention():
    model = Scripted([[4, 5, 6, 6]], with_attention=False)
    tokens, attn = greedy_decode(model, torch.ones(1, 2, dtype=torch.long), torch.tensor([2]),
                                 max_len=2)
    assert tokens.tolist() == [[4, 5]] and attn is None
    with pytest.raises(ValueError, match="max_len"):
        greedy_decode(model, torch.ones(1, 2, dtype=torch.long), torch.tensor([2]), 0)


def test_real_model_equals_a_hand_written_argmax_loop_and_keeps_train_mode():
    torch.manual_seed(0)
    model = build_seq2seq(9, V, emb_dim=4, hidden_size=3, attention="concat")
    model.train()
    src = torch.tensor([[4, 5, 6, 7], [8, 4, PAD_ID, PAD_ID]])
    lengths = torch.tensor([4, 2])
    tokens, attn = greedy_decode(model, src, lengths, max_len=5)
    assert model.training
    with torch.no_grad():
        for i in range(2):
            memory, state = model.encode(src[i : i + 1, : lengths[i]], lengths[i : i + 1])
            y, out = torch.tensor([SOS_ID]), []
            for _ in range(5):
                log_probs, state, w = model.decode_step(y, state, memory)
                y = log_probs.argmax(-1)
                out.append(int(y))
                if int(y) == EOS_ID:
                    break
            assert tokens[i, : len(out)].tolist() == out
            assert torch.all(tokens[i, len(out):] == PAD_ID)
