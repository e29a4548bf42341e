import pytest

from utils.data.vocab import EOS_ID, PAD_ID, SOS_ID, UNK_ID, Vocab


def test_build_orders_by_frequency_then_first_seen():
    v = Vocab.build([["b", "a", "a"], ["c", "b", "a"]])
    assert v.itos[4:] == ["a", "b", "c"]
    assert len(v) == 7


def test_encode_decode_round_trip_and_specials():
    v = Vocab.build([["hello", "world"]])
    ids = v.encode(["hello", "moon"], add_sos=True, add_eos=True)
    assert ids == [SOS_ID, v.stoi["hello"], UNK_ID, EOS_ID]
    assert v.decode(ids) == ["hello", "<unk>"]
    assert v.decode([v.stoi["world"], EOS_ID, v.stoi["hello"], PAD_ID]) == ["world"]
    assert v.decode([PAD_ID, SOS_ID], strip_specials=False) == ["<pad>", "<sos>"]


def test_min_count_and_errors():
    assert Vocab.build([["a", "a", "b"]], min_count=2).itos[4:] == ["a"]
    with pytest.raises(ValueError, match="min_count"):
        Vocab.build([], min_count=0)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        Vocab().decode([99])
    with pytest.raises(ValueError, match="non-empty strings"):
        Vocab().add("")
