"""From-scratch scaled dot-product and multi-head attention against PyTorch's own, in
float64, with padding and causal masks; the parameter count by hand."""

import math

import pytest
import torch
from torch import nn

from utils.models.multihead import (
    MultiHeadAttention,
    causal_mask,
    copy_torch_weights,
    multihead_param_count,
    scaled_dot_product_attention,
)


def pair(d_model=16, heads=4, bias=True, seed=0):
    torch.manual_seed(seed)
    ref = nn.MultiheadAttention(d_model, heads, bias=bias, batch_first=True).double()
    mine = MultiHeadAttention(d_model, heads, bias=bias).double()
    copy_torch_weights(mine, ref)
    return mine, ref


def padding(lengths, n):
    return torch.arange(n)[None, :] < torch.tensor(lengths)[:, None]  # True = real token


def test_causal_mask():
    assert causal_mask(3).tolist() == [[True, False, False], [True, True, False],
                                       [True, True, True]]
    # the last 2 of 4 positions: position 2 sees 0..2, position 3 sees all
    assert causal_mask(2, 4).tolist() == [[True, True, True, False], [True, True, True, True]]
    assert causal_mask(1, 5).all()
    with pytest.raises(ValueError, match="n_queries"):
        causal_mask(3, 2)
    with pytest.raises(ValueError, match="n_queries"):
        causal_mask(0)


def test_scaled_dot_product_attention_by_hand_and_against_torch():
    q = torch.tensor([[1.0, 0.0], [0.0, 2.0]], dtype=torch.float64)
    k = torch.tensor([[1.0, 1.0], [2.0, 0.0], [0.0, 0.0]], dtype=torch.float64)
    v = torch.eye(3, dtype=torch.float64)
    out, w = scaled_dot_product_attention(q, k, v)
    scores = (q @ k.T) / math.sqrt(2)
    torch.testing.assert_close(w, torch.softmax(scores, -1))
    torch.testing.assert_close(out, w)                                  # v = identity
    _, w_raw = scaled_dot_product_attention(q, k, v, scale=False)
    torch.testing.assert_close(w_raw, torch.softmax(q @ k.T, -1))
    gen = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, 5, 8, generator=gen, dtype=torch.float64) for _ in range(3))
    mask = causal_mask(5) & padding([5, 3], 5)[:, None, None, :]
    out, w = scaled_dot_product_attention(q, k, v, mask)
    ref = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert (out - ref).abs().max() < 1e-12
    assert bool((w[1, :, :, 3:] == 0).all())                         # padded keys: weight 0
    assert bool((w.masked_select(~causal_mask(5)) == 0).all())       # the future: weight 0
    torch.testing.assert_close(w.sum(-1), torch.ones(2, 3, 5, dtype=torch.float64))


def test_sdpa_rejects_bad_input():
    x = torch.zeros(2, 3, 4)
    with pytest.raises(ValueError, match="d_k"):
        scaled_dot_product_attention(x, torch.zeros(2, 3, 5), x)
    with pytest.raises(ValueError, match="bool"):
        scaled_dot_product_attention(x, x, x, torch.ones(3, 3))
    with pytest.raises(ValueError, match="no key"):
        scaled_dot_product_attention(x, x, x, torch.zeros(3, 3, dtype=torch.bool))
    with pytest.raises(ValueError, match="no keys"):
        scaled_dot_product_attention(x, torch.zeros(2, 0, 4), torch.zeros(2, 0, 4))


@pytest.mark.parametrize("heads", [1, 2, 4])
@pytest.mark.parametrize("bias", [True, False])
def test_multihead_equals_torch_with_padding_and_causal_masks(heads, bias):
    mine, ref = pair(16, heads, bias)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(3, 6, 16, generator=gen, dtype=torch.float64, requires_grad=True)
    mem = torch.randn(3, 7, 16, generator=gen, dtype=torch.float64)
    real = padding([7, 4, 1], 7)
    # cross-attention with key padding (torch's key_padding_mask: True = ignore)
    out, w = mine(x, mem, mem, key_mask=real)
    out_t, w_t = ref(x, mem, mem, key_padding_mask=~real, average_attn_weights=False)
    assert (out - out_t).abs().max() < 1e-6 and (w - w_t).abs().max() < 1e-6
    # self-attention with padding and the causal mask (torch's attn_mask: True = not allowed)
    real = padding([6, 5, 2], 6)
    out, w = mine(x, x, x, key_mask=real, causal=True)
    out_t, w_t = ref(x, x, x, key_padding_mask=~real, attn_mask=~causal_mask(6),
                     average_attn_weights=False)
    assert (out - out_t).abs().max() < 1e-6 and (w - w_t).abs().max() < 1e-6
    assert w.shape == (3, heads, 6, 6)
    # the gradients agree too
    g_mine = torch.autograd.grad(out.sum(), x)[0]
    g_ref = torch.autograd.grad(out_t.sum(), x)[0]
    assert (g_mine - g_ref).abs().max() < 1e-6


def test_project_then_attend_is_forward():
    mine, _ = pair()
    x = torch.randn(2, 4, 16, dtype=torch.float64)
    out, w = mine(x, x, x, causal=True)
    out2, w2 = mine.attend(x, *mine.project_kv(x, x), causal=True)
    torch.testing.assert_close(out, out2)
    torch.testing.assert_close(w, w2)


@pytest.mark.parametrize("heads", [1, 2, 4, 8])
def test_param_count_by_hand_equals_torch(heads):
    d = 32
    assert multihead_param_count(d) == 4 * d * d + 4 * d == 4224
    assert sum(p.numel() for p in nn.MultiheadAttention(d, heads).parameters()) == 4224
    assert sum(p.numel() for p in MultiHeadAttention(d, heads).parameters()) == 4224
    assert multihead_param_count(d, bias=False) == sum(
        p.numel() for p in MultiHeadAttention(d, heads, bias=False).parameters()) == 4096
    with pytest.raises(ValueError, match="d_model"):
        multihead_param_count(0)


def test_bad_sizes_and_masks_raise():
    with pytest.raises(ValueError, match="multiple of num_heads"):
        MultiHeadAttention(10, 4)
    mine, ref = pair()
    x = torch.randn(2, 3, 16, dtype=torch.float64)
    with pytest.raises(ValueError, match="key_mask"):
        mine(x, x, x, key_mask=torch.ones(2, 4, dtype=torch.bool))
    with pytest.raises(ValueError, match="d_model"):
        mine(x, torch.zeros(2, 3, 8), torch.zeros(2, 3, 8))
    with pytest.raises(ValueError, match="sizes differ"):
        copy_torch_weights(MultiHeadAttention(16, 2), ref)
