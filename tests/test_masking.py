"""BERT's sentence-pair layout and masked-LM rule: 15 % chosen; 80 / 10 / 10."""

import random
from collections import Counter

import pytest

from utils.data.masking import (
    CLS,
    KEPT,
    MASK,
    MASKED,
    RANDOM,
    SEP,
    mask_tokens,
    sentence_pair,
)

VOCAB = [f"w{i}" for i in range(50)]


def test_sentence_pair_layout_and_segments():
    tokens, segments = sentence_pair(["my", "dog", "is", "cute"], ["he", "likes", "play", "##ing"])
    assert tokens == [CLS, "my", "dog", "is", "cute", SEP, "he", "likes", "play", "##ing", SEP]
    assert segments == [0] * 6 + [1] * 5
    assert sentence_pair(["hi"]) == ([CLS, "hi", SEP], [0, 0, 0])
    with pytest.raises(ValueError, match="at least one token"):
        sentence_pair([], ["x"])
    with pytest.raises(ValueError, match="at least one token"):
        sentence_pair(["x"], [])


def test_one_example_follows_the_rule():
    tokens, _ = sentence_pair(VOCAB[:20], VOCAB[20:40])
    ex = mask_tokens(tokens, VOCAB, rng=random.Random(0))
    chosen = [i for i, t in enumerate(ex.targets) if t is not None]
    assert len(chosen) == round(0.15 * 40) == 6                  # 15 % of the ordinary tokens
    assert all(tokens[i] not in (CLS, SEP) for i in chosen)       # specials never chosen
    for tok, inp, tgt, act in zip(tokens, ex.inputs, ex.targets, ex.actions, strict=True):
        if tgt is None:
            assert inp == tok and act is None                     # untouched, no loss
        else:
            assert tgt == tok
            assert (inp == MASK) == (act == MASKED)
            if act == KEPT:
                assert inp == tok
            if act == RANDOM:
                assert inp in VOCAB


def test_shares_over_many_draws():
    rng = random.Random(1)
    tokens = VOCAB[:40]
    counts, chosen = Counter(), 0
    for _ in range(5000):
        ex = mask_tokens(tokens, VOCAB, rng=rng)
        acts = [a for a in ex.actions if a is not None]
        chosen += len(acts)
        counts.update(acts)
    assert chosen == 5000 * 6                                      # exactly 15 % every time
    for action, share in ((MASKED, 0.8), (RANDOM, 0.1), (KEPT, 0.1)):
        assert counts[action] / chosen == pytest.approx(share, abs=0.01)


def test_short_input_still_masks_one_and_bad_input_raises():
    ex = mask_tokens([CLS, "a", SEP], VOCAB, rng=random.Random(0))
    assert ex.targets == [None, "a", None]
    with pytest.raises(ValueError, match="ordinary token"):
        mask_tokens([CLS, SEP], VOCAB, rng=random.Random(0))
    with pytest.raises(ValueError, match="rate"):
        mask_tokens(["a"], VOCAB, rng=random.Random(0), rate=0.0)
    with pytest.raises(ValueError, match="probs"):
        mask_tokens(["a"], VOCAB, rng=random.Random(0), probs=(0.8, 0.1, 0.2))
    with pytest.raises(ValueError, match="vocabulary"):
        mask_tokens(["a"], [MASK], rng=random.Random(0))
