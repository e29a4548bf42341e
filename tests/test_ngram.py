"""The smoothed n-gram baseline: proper distributions, hand-computed values, consistent nll."""

import math

import numpy as np
import pytest

from utils.metrics.ngram import KneserNeyLM, NGramLM

STREAM = [0, 1, 0, 1, 0, 2]


@pytest.mark.parametrize("alpha", [None, 0.5, 3.0])
@pytest.mark.parametrize("context", [[], [0], [1, 0], [2, 2], [0, 1, 0, 1]])
def test_every_distribution_sums_to_one(alpha, context):
    model = NGramLM(3, 4, alpha).fit(STREAM)
    for order in (1, 2, 3):
        p = model.distribution(context, order)
        assert p.shape == (4,) and np.all(p > 0)
        assert p.sum() == pytest.approx(1.0, abs=1e-12)


def test_witten_bell_values_by_hand():
    model = NGramLM(2, 3).fit(STREAM)  # vocabulary {0, 1, 2}, one never-seen id would be 3
    # unigram: counts 0:3, 1:2, 2:1 of 6; 3 distinct followers; prior 1/3
    p1 = {w: (c + 3 * (1 / 3)) / (6 + 3) for w, c in {0: 3, 1: 2, 2: 1}.items()}
    assert model.prob([], 0) == pytest.approx(p1[0])
    # after 0 came 1, 1, 2: counts 1:2, 2:1, total 3, 2 distinct followers
    assert model.prob([0], 1) == pytest.approx((2 + 2 * p1[1]) / (3 + 2))
    assert model.prob([0], 0) == pytest.approx((0 + 2 * p1[0]) / (3 + 2))
    # an unseen context (2 was never followed by anything) falls back to the unigram
    assert model.prob([2], 1) == pytest.approx(p1[1])
    # order=1 ignores the context
    assert model.prob([0], 1, order=1) == pytest.approx(p1[1])


def test_dirichlet_unigram_by_hand():
    model = NGramLM(1, 4, alpha=2.0).fit(STREAM)
    assert model.prob([1, 1], 0) == pytest.approx((3 + 2 * 0.25) / (6 + 2))
    assert model.prob([], 3) == pytest.approx((0 + 2 * 0.25) / (6 + 2))


def test_nll_is_the_mean_surprise_of_each_next_token():
    model = NGramLM(3, 3).fit(STREAM)
    test = [1, 0, 1, 2, 0]
    by_hand = np.mean([-math.log(model.prob(test[max(0, t - 2):t], test[t]))
                       for t in range(1, len(test))])
    assert model.nll(test) == pytest.approx(by_hand)


def test_longer_contexts_fit_the_training_text_better():
    rng = np.random.default_rng(0)
    ids = [int(i) for i in rng.integers(0, 3, 30)] * 20  # a repeated random phrase
    model = NGramLM(5, 3).fit(ids)
    train_nll = [model.nll(ids, order) for order in range(1, 6)]
    assert train_nll == sorted(train_nll, reverse=True)
    assert train_nll[0] > 1.0 and train_nll[-1] < 0.3


def test_bad_input_raises():
    with pytest.raises(ValueError, match="order must be at least 1"):
        NGramLM(0, 3)
    with pytest.raises(ValueError, match="alpha must be positive"):
        NGramLM(2, 3, alpha=0.0)
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 3\)"):
        NGramLM(2, 3).fit([0, 1, 5])
    model = NGramLM(2, 3).fit(STREAM)
    with pytest.raises(ValueError, match=r"order must lie in \[1, 2\]"):
        model.nll(STREAM, order=3)
    with pytest.raises(ValueError, match="at least 2 tokens"):
        model.nll([1])


@pytest.mark.parametrize("context", [[], [0], [1, 0], [2, 2], [0, 1, 0, 1], [3, 3]])
def test_kneser_ney_distributions_sum_to_one(context):
    model = KneserNeyLM(3, 4).fit(STREAM)
    for order in (1, 2, 3):
        p = model.distribution(context, order)
        assert p.shape == (4,) and np.all(p > 0)
        assert p.sum() == pytest.approx(1.0, abs=1e-12)


def test_kneser_ney_values_by_hand():
    model = KneserNeyLM(2, 3).fit(STREAM)
    # discounts n1 / (n1 + 2 n2): unigram counts 3, 2, 1 -> 1/3; bigram counts 2, 1, 2 -> 1/5;
    # continuation counts of the unigram level 1, 1, 1 (no 2s) -> the fallback 0.5
    assert model.discounts == pytest.approx([1 / 3, 1 / 5])
    assert model.cont_discounts == pytest.approx([0.5])
    # order 1 uses the occurrence counts: (3 - 1/3 + 1/3 * 3 types * 1/3) / 6
    assert model.prob([], 0, order=1) == pytest.approx(0.5)
    # order 2: the unigram level uses continuations (0, 1, 2 each follow one distinct token)
    p_cont = (1 - 0.5 + 0.5 * 3 * (1 / 3)) / 3
    assert model.prob([0], 1) == pytest.approx((2 - 0.2 + 0.2 * 2 * p_cont) / 3)
    assert model.prob([0], 0) == pytest.approx((0 + 0.2 * 2 * p_cont) / 3)
    # an unseen context falls back to the continuation unigram
    assert model.prob([2], 1) == pytest.approx(p_cont)


def test_kneser_ney_from_ngram_shares_counts_and_agrees():
    ids = [int(i) for i in np.random.default_rng(1).integers(0, 5, 400)]
    fitted = KneserNeyLM(3, 5).fit(ids)
    shared = KneserNeyLM.from_ngram(NGramLM(3, 5).fit(ids))
    assert shared.nll(ids[:100]) == pytest.approx(fitted.nll(ids[:100]), abs=1e-12)
    with pytest.raises(ValueError, match="not been fitted"):
        KneserNeyLM.from_ngram(NGramLM(3, 5))
    with pytest.raises(ValueError, match="call fit"):
        KneserNeyLM(3, 5).prob([0], 1)


def test_kneser_ney_beats_witten_bell_on_held_out_code():
    from utils.data.corpus import Dictionary, tokenize_chars
    from utils.data.stdlib_corpus import python_source_splits

    train, valid, _ = python_source_splits()
    d = Dictionary.from_tokens(tokenize_chars(train[:60_000] + valid[:3000]))
    tr, va = (d.encode(tokenize_chars(t)) for t in (train[:60_000], valid[:3000]))
    wb = NGramLM(5, len(d)).fit(tr)
    kn = KneserNeyLM.from_ngram(wb)
    assert kn.nll(va) < wb.nll(va) - 0.05  # nats per character
