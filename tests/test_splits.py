"""Splits by source sentence with several references, on the shipped English–French subset."""

import pytest

from utils.data.splits import (
    MultiReference,
    expand,
    group_by_source,
    reference_streams,
    split_by_source,
)


def test_grouping_keeps_every_distinct_translation(fr_pairs):
    groups = group_by_source(fr_pairs)
    assert len(groups) == 7_907
    assert sum(len(g.references) for g in groups) == len(set(fr_pairs)) == 12_675  # 3 repeats
    assert max(len(g.references) for g in groups) == 26
    assert group_by_source([("a", "x"), ("b", "y"), ("a", "z"), ("a", "x")]) == [
        MultiReference("a", ("x", "z")), MultiReference("b", ("y",))]


def test_no_source_in_two_splits_and_counts(fr_pairs):
    split = split_by_source(fr_pairs, n_dev=400, n_test=800, seed=0)
    train = {s for s, _ in split.train}
    dev, test = {ex.source for ex in split.dev}, {ex.source for ex in split.test}
    assert (len(train), len(dev), len(test)) == (7_907 - 1_200, 400, 800)
    assert not (train & dev or train & test or dev & test)
    n_refs = sum(len(ex.references) for ex in split.dev + split.test)
    assert len(split.train) + n_refs == 12_675
    assert split.train == expand(split.train_sources)


def test_reproducible_from_the_seed(fr_pairs):
    a = split_by_source(fr_pairs, n_dev=0.05, n_test=0.1, seed=0)
    b = split_by_source(fr_pairs, n_dev=0.05, n_test=0.1, seed=0)
    c = split_by_source(fr_pairs, n_dev=0.05, n_test=0.1, seed=1)
    assert a == b and a.test != c.test
    assert (len(a.dev), len(a.test)) == (395, 791)
    assert a.test[0] == MultiReference("we're done talking.", (
        "notre entretien est terminé.", "nous avons fini de parler."))


def test_subsets_are_nested(fr_pairs):
    split = split_by_source(fr_pairs, n_dev=400, n_test=800)
    small, large = split.subset(500), split.subset(2000)
    assert len(small.train_sources) == 500 and len(large.train_sources) == 2000
    assert set(small.train) <= set(large.train) <= set(split.train)
    assert small.test == split.test and small.dev == split.dev
    with pytest.raises(ValueError, match="n_sources"):
        split.subset(0)


def test_reference_streams_have_sacrebleu_layout():
    examples = [MultiReference("a", ("x", "y")), MultiReference("b", ("z",))]
    assert reference_streams(examples) == [["x", "z"], ["y", None]]


def test_bad_sizes(fr_pairs):
    with pytest.raises(ValueError, match="none of the"):
        split_by_source(fr_pairs, n_dev=4000, n_test=4000)
    with pytest.raises(ValueError, match="fraction"):
        split_by_source(fr_pairs, n_test=1.5)
    with pytest.raises(ValueError, match="non-negative"):
        split_by_source(fr_pairs, n_dev=-1)
    with pytest.raises(ValueError, match="no pairs"):
        split_by_source([])
