"""The order tasks: the labelling rule, twins with one bag and two labels, group-safe splits."""

from collections import Counter

import pytest

from utils.data.order import (
    ANIMALS,
    BLANK,
    SOUNDS,
    blank_examples,
    encode_examples,
    negation_examples,
    same_bag,
    sentiment_label,
    split_examples,
)
from utils.data.vocab import PAD_ID, Vocab


@pytest.mark.parametrize(("text", "label"), [
    ("it was good", 1), ("it was not good", 0), ("it was bad", 0), ("it was not bad", 1),
    ("it was good not bad", 1), ("it was bad not good", 0), ("not fun", 0),
])
def test_sentiment_label(text, label):
    assert sentiment_label(text.split()) == label


def test_sentiment_label_rejects_unlabelled_sentences():
    with pytest.raises(ValueError, match="no sentiment word"):
        sentiment_label("it was not".split())
    with pytest.raises(ValueError, match="disagree"):
        sentiment_label("good bad".split())


def test_negation_examples_counts_and_balance():
    ex = negation_examples()
    assert Counter(e.kind for e in ex) == {"plain": 320, "negated": 320, "contrast": 1280}
    assert len({e.tokens for e in ex}) == len(ex)  # no duplicates
    assert sum(e.label for e in ex) == len(ex) // 2
    assert all(sentiment_label(e.tokens) == e.label for e in ex)


def test_every_contrast_review_has_a_twin_with_the_same_bag_and_the_other_label():
    groups: dict[int, list] = {}
    for e in negation_examples():
        groups.setdefault(e.group, []).append(e)
    twins = [g for g in groups.values() if len(g) == 2]
    assert len(twins) == 640
    for a, b in twins:
        assert a.kind == b.kind == "contrast"
        assert same_bag(a.tokens, b.tokens) and a.tokens != b.tokens and a.label != b.label
    assert all(g[0].kind != "contrast" for g in groups.values() if len(g) == 1)


def test_split_keeps_twins_together_and_is_deterministic():
    ex = negation_examples()
    train, test = split_examples(ex, 0.3, seed=0)
    assert len(train) + len(test) == len(ex)
    assert not {e.group for e in train} & {e.group for e in test}
    assert not {e.tokens for e in train} & {e.tokens for e in test}
    assert 0.25 < len(test) / len(ex) < 0.35
    assert split_examples(ex, 0.3, seed=0) == (train, test)
    assert split_examples(ex, 0.3, seed=1) != (train, test)


def test_blank_examples_put_every_clue_after_the_blank():
    ex = blank_examples()
    assert len(ex) == 168
    for e in ex:
        assert e.tokens[:2] == ("the", BLANK)
        assert e.tokens[2] == SOUNDS[e.label] and 0 <= e.label < len(ANIMALS)


def test_encode_examples_pads_with_pad_id():
    ex = negation_examples()[:3]
    vocab = Vocab.build(e.tokens for e in ex)
    ids, lengths, labels = encode_examples(ex, vocab)
    assert ids.shape == (3, int(lengths.max()))
    assert lengths.tolist() == [len(e.tokens) for e in ex]
    assert labels.tolist() == [e.label for e in ex]
    assert vocab.decode(ids[0].tolist()) == list(ex[0].tokens)
    assert (ids[lengths.argmin(), int(lengths.min()):] == PAD_ID).all()


def test_bad_input_raises():
    with pytest.raises(ValueError, match="no examples"):
        split_examples([])
    with pytest.raises(ValueError, match="test_fraction"):
        split_examples(negation_examples(), 1.0)
    with pytest.raises(ValueError, match="no examples"):
        encode_examples([], Vocab())
