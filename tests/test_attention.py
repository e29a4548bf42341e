"""Attention: the worked example, each score against its formula, masking, gradients."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from utils.models.attention import (
    ConcatScore,
    DotScore,
    GeneralScore,
    attention,
    make_score,
    masked_softmax,
)
from utils.scratch.functions import softmax

QUERY = torch.tensor([[10.0, 5.0, 10.0]])
KEYS = torch.tensor([[[0.0, 1.0, 1.0], [5.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 5.0, 1.0]]])


def test_worked_example_from_the_lecture_notes():
    scores = DotScore()(QUERY, KEYS)
    np.testing.assert_allclose(scores.numpy(), [[15.0, 60.0, 15.0, 35.0]])
    context, weights = attention(QUERY, KEYS)
    w = weights.numpy()[0]
    assert w[1] > 0.999_999 and w.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(w, softmax(np.array([15.0, 60.0, 15.0, 35.0])), rtol=1e-5)
    np.testing.assert_allclose(context.numpy()[0], [5.0, 0.0, 1.0], atol=1e-6)


def test_dot_attention_equals_torch_sdpa_with_scale_one_and_mask():
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(3, 2, 4, generator=g), torch.randn(3, 5, 4, generator=g),
               torch.randn(3, 5, 6, generator=g))
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 1, 1, 1, 0]], dtype=torch.bool)
    context, weights = attention(q, k, v, mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask[:, None, :], scale=1.0)
    torch.testing.assert_close(context, expected)
    assert weights.shape == (3, 2, 5)
    assert torch.all(weights[1, :, 2:] == 0) and torch.all(weights[2, :, 4] == 0)
    torch.testing.assert_close(weights.sum(-1), torch.ones(3, 2))


def test_general_score_is_qT_W_k():
    torch.manual_seed(0)
    score = GeneralScore(3, 5)
    q, k = torch.randn(2, 3), torch.randn(2, 4, 5)
    W = score.W_a.weight  # (query_dim, key_dim)
    expected = torch.einsum("bq,qk,bsk->bs", q, W, k)
    torch.testing.assert_close(score(q, k), expected)


def test_concat_score_is_vT_tanh_W_concat():
    torch.manual_seed(0)
    score = ConcatScore(3, 5, attn_dim=7)
    q, k = torch.randn(2, 3), torch.randn(2, 4, 5)
    W_a = torch.cat([score.W_q.weight, score.W_k.weight], dim=1)  # (7, 3 + 5): W_a [q; k]
    expected = torch.empty(2, 4)
    for b in range(2):
        for s in range(4):
            hidden = torch.tanh(W_a @ torch.cat([q[b], k[b, s]]) + score.W_k.bias)
            expected[b, s] = score.v_a.weight[0] @ hidden
    torch.testing.assert_close(score(q, k), expected)


@pytest.mark.parametrize("kind", ["dot", "general", "concat"])
def test_one_query_or_many_give_the_same_numbers(kind):
    torch.manual_seed(1)
    score = make_score(kind, 4, 4)
    q, k = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=torch.bool)
    ctx_all, w_all = attention(q, k, mask=mask, score=score)
    for t in range(3):
        ctx_t, w_t = attention(q[:, t], k, mask=mask, score=score)
        torch.testing.assert_close(ctx_t, ctx_all[:, t])
        torch.testing.assert_close(w_t, w_all[:, t])


@pytest.mark.parametrize("kind", ["dot", "general", "concat"])
def test_padded_positions_never_matter(kind):
    torch.manual_seed(2)
    score = make_score(kind, 4, 4)
    q, k = torch.randn(2, 4), torch.randn(2, 6, 4)
    mask = torch.tensor([[1, 1, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0]], dtype=torch.bool)
    ctx, w = attention(q, k, mask=mask, score=score)
    k2 = k.clone()
    k2[~mask] = 1e3 * torch.randn(int((~mask).sum()), 4)  # huge garbage at padding
    ctx2, w2 = attention(q, k2, mask=mask, score=score)
    torch.testing.assert_close(ctx, ctx2)
    torch.testing.assert_close(w, w2)
    assert torch.all(w[~mask] == 0)


def test_masked_softmax_matches_softmax_over_real_positions_only():
    scores = torch.tensor([[1.0, 2.0, 3.0, 100.0]])
    mask = torch.tensor([[True, True, True, False]])
    np.testing.assert_allclose(masked_softmax(scores, mask)[0, :3].numpy(),
                               softmax(np.array([1.0, 2.0, 3.0])), rtol=1e-6)


def test_attention_gradients_match_numerical_ones():
    torch.manual_seed(3)
    score = make_score("concat", 3, 4).double()
    q = torch.randn(2, 3, dtype=torch.double, requires_grad=True)
    k = torch.randn(2, 5, 4, dtype=torch.double, requires_grad=True)
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=torch.bool)
    assert torch.autograd.gradcheck(lambda q, k: attention(q, k, mask=mask, score=score)[0],
                                    (q, k))


def test_clear_errors():
    with pytest.raises(ValueError, match="equal sizes"):
        DotScore()(torch.randn(1, 3), torch.randn(1, 4, 5))
    with pytest.raises(ValueError, match="at least one real"):
        attention(QUERY, KEYS, mask=torch.zeros(1, 4, dtype=torch.bool))
    with pytest.raises(ValueError, match="bool"):
        attention(QUERY, KEYS, mask=torch.ones(1, 4))
    with pytest.raises(ValueError, match="mask must be"):
        attention(QUERY, KEYS, mask=torch.ones(1, 3, dtype=torch.bool))
    with pytest.raises(ValueError, match="empty"):
        attention(QUERY, torch.zeros(1, 0, 3))
    with pytest.raises(ValueError, match="unknown score"):
        make_score("cosine", 3, 3)
    with pytest.raises(ValueError, match="batch"):
        attention(torch.randn(2, 3), KEYS)
    with pytest.raises(ValueError, match="values"):
        attention(QUERY, KEYS, torch.randn(1, 3, 3))
    with pytest.raises(ValueError, match="general score built"):
        GeneralScore(3, 5)(torch.randn(1, 3), torch.randn(1, 2, 4))
