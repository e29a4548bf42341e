"""Sinusoidal encodings by their formula; learned positions; without positions the encoder
is permutation-equivariant, with them it is not."""

import math

import pytest
import torch

from utils.models.positional import PositionalEncoding, sinusoidal_encoding
from utils.models.transformer import TransformerSeq2Seq


def test_sinusoidal_table_follows_the_formula():
    pe = sinusoidal_encoding(50, 16)
    assert pe.shape == (50, 16) and pe.dtype == torch.float32
    assert pe[0].tolist() == [0.0, 1.0] * 8                            # sin 0, cos 0
    for pos, i in ((1, 0), (7, 3), (49, 7)):
        angle = pos / 10000 ** (2 * i / 16)
        assert pe[pos, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-6)
        assert pe[pos, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-6)
    # every row has norm sqrt(d/2); the dot product depends only on the distance
    torch.testing.assert_close(pe.norm(dim=1), torch.full((50,), math.sqrt(8.0)))
    gram = pe.double() @ pe.double().T
    for k in (1, 5, 20):
        diag = torch.diagonal(gram, offset=k)
        assert (diag - diag[0]).abs().max() < 1e-5
    with pytest.raises(ValueError, match="even"):
        sinusoidal_encoding(5, 7)


def test_positional_encoding_module():
    x = torch.zeros(2, 3, 8)
    sin = PositionalEncoding(8, kind="sinusoidal", max_len=10)
    torch.testing.assert_close(sin(x), sinusoidal_encoding(10, 8)[:3].expand(2, 3, 8))
    torch.testing.assert_close(sin(x[:, :1], start=4)[0, 0], sinusoidal_encoding(10, 8)[4])
    learned = PositionalEncoding(8, kind="learned", max_len=10)
    torch.testing.assert_close(learned(x)[1], learned.embedding.weight[:3])
    assert sum(p.numel() for p in learned.parameters()) == 80
    assert sum(p.numel() for p in sin.parameters()) == 0
    assert PositionalEncoding(8, kind="none")(x + 1).eq(1).all()
    with pytest.raises(ValueError, match="max_len"):
        sin(torch.zeros(1, 11, 8))
    with pytest.raises(ValueError, match="kind"):
        PositionalEncoding(8, kind="rotary")


@pytest.mark.parametrize("norm_first", [True, False])
def test_without_positions_the_encoder_is_permutation_equivariant(norm_first):
    gen = torch.Generator().manual_seed(0)
    src = torch.randint(4, 20, (3, 9), generator=gen)
    lengths = torch.full((3,), 9)
    perm = torch.randperm(9, generator=gen)
    for positions, equivariant in (("none", True), ("sinusoidal", False), ("learned", False)):
        torch.manual_seed(0)
        model = TransformerSeq2Seq(20, 10, d_model=16, num_heads=2, d_ff=32,
                                   norm_first=norm_first, positions=positions).double()
        out = model.encode(src, lengths)[0].outputs
        out_perm = model.encode(src[:, perm], lengths)[0].outputs
        gap = (out_perm - out[:, perm]).abs().max().item()
        assert (gap < 1e-12) if equivariant else (gap > 1e-3), (positions, gap)
