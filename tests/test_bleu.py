"""BLEU from scratch: hand-computed values, and equality with sacreBLEU on generated corpora."""

import math
from collections import Counter

import pytest
import sacrebleu
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

from utils.metrics.bleu import (
    BLEUScore,
    bleu_from_statistics,
    brevity_penalty,
    clipped_matches,
    closest_ref_length,
    corpus_bleu,
    max_reference_counts,
    ngram_counts,
    segment_statistics,
    sentence_bleu,
    to_tokens,
    tokenize_13a,
    word_precision_recall,
)

REF = "Half of my heart is in Havana ooh na na"
OUT1 = "Half as my heart is in Obama ooh na"
OUT2 = "Havana na in heart my is Half ooh of na"
TOL = 1e-9


# --- hand-computed values -------------------------------------------------------------------


def test_ngram_counts_and_clipping():
    assert ngram_counts("a b a b".split(), 2) == Counter({("a", "b"): 2, ("b", "a"): 1})
    assert ngram_counts(["a"], 2) == Counter()
    # "the the the the": the reference has "the" at most twice → 2 of 4 match
    matched, total = clipped_matches(["the"] * 4, ["the cat the".split(), "the".split()], 1)
    assert (sum(matched.values()), total) == (2, 4)
    assert max_reference_counts(["a a b".split(), "b b b a".split()], 1) == Counter(
        {("a",): 2, ("b",): 3})
    with pytest.raises(ValueError, match="at least 1"):
        ngram_counts(["a"], 0)


def test_word_precision_recall():
    p, r, f = word_precision_recall(OUT1.split(), REF.split())
    assert (p, r) == (pytest.approx(7 / 9), pytest.approx(7 / 10))
    assert f == pytest.approx(2 * (7 / 9) * (7 / 10) / (7 / 9 + 7 / 10))
    assert word_precision_recall(OUT2.split(), REF.split()) == (1.0, 1.0, 1.0)
    assert word_precision_recall(["a", "a", "a"], ["a", "b"]) == (
        pytest.approx(1 / 3), 0.5, pytest.approx(0.4))
    assert word_precision_recall(["x"], ["y"]) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="at least one token"):
        word_precision_recall([], ["a"])


def test_havana_example_by_hand():
    hyp, ref = OUT1.split(), REF.split()
    expected = [(7, 9), (4, 8), (2, 7), (1, 6)]
    for n, (m, t) in enumerate(expected, start=1):
        matched, total = clipped_matches(hyp, [ref], n)
        assert (sum(matched.values()), total) == (m, t)
    bp = math.exp(1 - 10 / 9)
    by_hand = 100 * bp * (7 / 9 * 4 / 8 * 2 / 7 * 1 / 6) ** (1 / 4)
    result = sentence_bleu(OUT1, [REF])
    assert result.score == pytest.approx(by_hand, abs=TOL)
    assert result.counts == [7, 4, 2, 1] and result.totals == [9, 8, 7, 6]
    assert (result.sys_len, result.ref_len) == (9, 10)
    # output 2 uses exactly the reference's words: unigram precision and recall are 1 ...
    matched, total = clipped_matches(OUT2.split(), [ref], 1)
    assert sum(matched.values()) == total == len(ref)
    # ... but it shares no 3-gram or 4-gram, so unsmoothed BLEU is 0
    two = corpus_bleu([OUT2], [[REF]], smooth_method="none")
    assert two.counts[2:] == [0, 0] and two.score == 0.0
    assert two.score < corpus_bleu([OUT1], [[REF]], smooth_method="none").score


def test_brevity_penalty_and_closest_length():
    assert brevity_penalty(10, 10) == 1.0 and brevity_penalty(12, 10) == 1.0
    assert brevity_penalty(5, 10) == pytest.approx(math.exp(-1))
    assert brevity_penalty(0, 3) == 0.0 and brevity_penalty(0, 0) == 1.0
    assert closest_ref_length(7, [4, 10, 9]) == 9
    assert closest_ref_length(7, [9, 5]) == 5  # tie → the shorter reference
    with pytest.raises(ValueError):
        closest_ref_length(3, [])
    with pytest.raises(ValueError):
        brevity_penalty(-1, 3)


def test_smoothing_by_hand():
    # counts 3/4, 1/3, 0/2, 0/1, equal lengths
    stats = [4, 4, 3, 1, 0, 0, 4, 3, 2, 1]
    geo = {
        "none": 0.0,
        "floor": (75 * 100 / 3 * 10 / 2 * 10 / 1) ** 0.25,
        "add-k": (75 * 200 / 4 * 100 / 3 * 100 / 2) ** 0.25,
        "exp": (75 * 100 / 3 * 100 / (2 * 2) * 100 / (4 * 1)) ** 0.25,
    }
    for method, expected in geo.items():
        assert bleu_from_statistics(stats, smooth_method=method).score == pytest.approx(
            expected, abs=TOL), method
    assert bleu_from_statistics(stats, smooth_method="floor", smooth_value=0.5).precisions[2] \
        == pytest.approx(25.0)
    # effective order: a 2-token sentence is scored on unigrams and bigrams only
    short = bleu_from_statistics([2, 2, 2, 1, 0, 0, 2, 1, 0, 0], effective_order=True)
    assert short.score == pytest.approx(math.sqrt(100 * 100), abs=TOL)
    assert short.effective_order == 2


def test_13a_tokenisation_examples():
    assert tokenize_13a("Hello, world! It costs $3.50.") == "Hello , world ! It costs $ 3.50 ."
    assert tokenize_13a("1,000 people in 1990-2000 (approx.)") == \
        "1,000 people in 1990 - 2000 ( approx . )"
    assert tokenize_13a("it's a co-op &amp; a &quot;test&quot;") == \
        "it's a co-op & a \" test \""
    assert to_tokens("The CAT.  ", lowercase=True) == ["the", "cat", "."]
    assert to_tokens("a,b", tokenizer="none") == ["a,b"]


def test_str_and_ratio():
    r = sentence_bleu(OUT1, [REF])
    assert isinstance(r, BLEUScore) and r.ratio == pytest.approx(0.9)
    assert str(r).startswith("BLEU = 33.01 77.8/50.0/28.6/16.7 (BP = 0.895")


# --- errors ---------------------------------------------------------------------------------


def test_clear_errors():
    with pytest.raises(ValueError, match="stream 0 has 1 sentences but there are 2"):
        corpus_bleu(["a b", "c"], [["a b"]])
    with pytest.raises(ValueError, match="stream 1 has 3"):
        corpus_bleu(["a", "b"], [["a", "b"], ["a", "b", "c"]])
    with pytest.raises(ValueError, match="hypotheses is empty"):
        corpus_bleu([], [[]])
    with pytest.raises(ValueError, match="pass \\[refs\\]"):
        corpus_bleu(["a"], ["a"])
    with pytest.raises(ValueError, match="sentence 1 has no reference"):
        corpus_bleu(["a", "b"], [["a", None]])
    with pytest.raises(ValueError, match="wrap"):
        sentence_bleu("a", "a")
    with pytest.raises(ValueError, match="at least one reference"):
        sentence_bleu("a", [])
    with pytest.raises(ValueError, match="smooth_method"):
        sentence_bleu("a", ["a"], smooth_method="laplace")
    with pytest.raises(ValueError, match="positive"):
        sentence_bleu("a", ["a"], smooth_method="floor", smooth_value=0)
    with pytest.raises(ValueError, match="tokenize"):
        corpus_bleu(["a"], [["a"]], tokenize="intl")
    with pytest.raises(ValueError, match="max_order"):
        corpus_bleu(["a"], [["a"]], max_order=0)
    with pytest.raises(ValueError, match="at least one reference"):
        segment_statistics(["a"], [])
    with pytest.raises(ValueError, match="stats must be"):
        bleu_from_statistics([1, 2, 3])


# --- equality with sacreBLEU on generated data ----------------------------------------------

WORDS = ["the", "cat", "sat", "on", "mat", "a", "dog", "The", "ran", ".", ",", "!", "3.5",
         "1,000", "co-op", "it's", "(", ")", "$", "2019-03", "na", "&amp;", "\"", "?"]
sentences = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "", "  "])), max_size=12
).map(lambda parts: "".join(w + sep for w, sep in parts))
smoothing = st.sampled_from(["none", "floor", "add-k", "exp"])


@st.composite
def corpora(draw):
    """Hypotheses and 1–3 reference streams; some entries None (fewer references)."""
    n = draw(st.integers(1, 6))
    hyps = draw(st.lists(sentences, min_size=n, max_size=n))
    n_streams = draw(st.integers(1, 3))
    streams = [draw(st.lists(sentences, min_size=n, max_size=n)) for _ in range(n_streams)]
    for j in range(1, n_streams):
        for i in range(n):
            if draw(st.booleans()):
                streams[j][i] = None
    if n_streams > 1 and draw(st.booleans()):  # the first stream may have holes too
        i = draw(st.integers(0, n - 1))
        if any(s[i] is not None for s in streams[1:]):
            streams[0][i] = None
    return hyps, streams


def assert_same(ours: BLEUScore, theirs, *, raw_counts: bool = True) -> None:
    assert ours.score == pytest.approx(theirs.score, abs=TOL)
    assert ours.precisions == pytest.approx(theirs.precisions, abs=TOL)
    assert ours.bp == pytest.approx(theirs.bp, abs=TOL)
    assert (ours.sys_len, ours.ref_len) == (theirs.sys_len, theirs.ref_len)
    if raw_counts:  # sacreBLEU's add-k adds k to its returned counts of orders 2..N
        assert (ours.counts, ours.totals) == (list(theirs.counts), list(theirs.totals))


@settings(max_examples=400, deadline=None)
@given(corpora(), smoothing, st.booleans(), st.sampled_from(["13a", "none"]), st.booleans())
def test_corpus_bleu_equals_sacrebleu(corpus, method, effective, tok, lowercase):
    hyps, refs = corpus
    ours = corpus_bleu(hyps, refs, smooth_method=method, tokenize=tok, lowercase=lowercase,
                       use_effective_order=effective)
    theirs = sacrebleu.corpus_bleu(hyps, refs, smooth_method=method, tokenize=tok,
                                   lowercase=lowercase, use_effective_order=effective)
    assert_same(ours, theirs, raw_counts=method != "add-k")


@settings(max_examples=300, deadline=None)
@given(sentences, st.lists(sentences, min_size=1, max_size=4), smoothing,
       st.sampled_from([None, 0.5, 2.0]))
def test_sentence_bleu_equals_sacrebleu(hyp, refs, method, value):
    if method in ("none", "exp"):
        value = None
    ours = sentence_bleu(hyp, refs, smooth_method=method, smooth_value=value)
    theirs = sacrebleu.sentence_bleu(hyp, refs, smooth_method=method, smooth_value=value)
    assert_same(ours, theirs, raw_counts=method != "add-k")


@settings(max_examples=100, deadline=None)
@given(corpora(), st.integers(1, 6), smoothing)
def test_other_max_orders_equal_sacrebleu(corpus, order, method):
    hyps, refs = corpus
    ours = corpus_bleu(hyps, refs, smooth_method=method, max_order=order)
    theirs = BLEU(smooth_method=method, max_ngram_order=order).corpus_score(hyps, refs)
    assert_same(ours, theirs, raw_counts=method != "add-k")


def test_special_cases_equal_sacrebleu():
    cases = [
        ([""], [["a b c"]]),  # empty hypothesis
        (["x y z w"], [["a b c d"]]),  # zero matches
        (["a b"], [["a b c d e"]]),  # shorter than 4 tokens
        (["a"], [["a"]]),
        (["a b c", ""], [["a b c", "d e"], [None, "d"]]),  # several, varying references
        ([OUT1, OUT2], [[REF, REF], ["Half of my heart", None]]),
        (["a b c d e f"], [[""]]),  # empty reference
    ]
    for hyps, refs in cases:
        for method in ("none", "floor", "add-k", "exp"):
            for eff in (False, True):
                assert_same(
                    corpus_bleu(hyps, refs, smooth_method=method, use_effective_order=eff),
                    sacrebleu.corpus_bleu(hyps, refs, smooth_method=method,
                                          use_effective_order=eff),
                    raw_counts=method != "add-k",
                )


PIECES = list("ab1 2.,-'\"$()&;:!?/\n\t{}[]|~^_`@é한") + [
    "&amp;", "&quot;", "<skipped>", "&lt;", "&gt;", "-\n"]
text = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(text)
def test_13a_equals_sacrebleu_tokenizer(line):
    assert tokenize_13a(line) == Tokenizer13a()(line)
