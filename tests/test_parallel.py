"""A parallel corpus ready for seq2seq, on the shipped English–French subset."""

import pytest

from utils.data.parallel import (
    english_tokens,
    french_text,
    french_tokens,
    make_parallel_data,
    tatoeba_en_fr,
    tatoeba_en_ko,
    unknown_rate,
)
from utils.data.seq2seq import word_tokenize
from utils.data.vocab import UNK_ID


@pytest.fixture(scope="module")
def data():
    return tatoeba_en_fr()  # the subset, words and punctuation, 400 dev / 800 test sources


def test_sizes_and_vocabularies_from_training_only(data):
    assert (len(data.train), len(data.dev), len(data.test)) == (10_719, 400, 800)
    train_tokens = {t for s, _ in data.split.train for t in english_tokens(s)}
    assert set(data.src_vocab.itos[4:]) == train_tokens
    assert (len(data.src_vocab), len(data.tgt_vocab)) == (2_997, 4_652)
    assert [ex.source for ex in data.split.test] == [s for s, _ in data.test.pairs]
    assert unknown_rate(data.train, "src") == 0.0 == unknown_rate(data.train, "tgt")
    assert 0.0 < unknown_rate(data.test, "src") < 0.05


def test_to_text_inverts_the_target_side(data):
    source, target = data.split.train[0]
    ids = data.tgt_vocab.encode(french_tokens(target), add_eos=True)
    assert data.to_text(ids) == target


def test_min_count_and_whitespace_words(fr_pairs, data):
    words = make_parallel_data(fr_pairs, word_tokenize, word_tokenize, " ".join, n_dev=400,
                               n_test=800)
    rare = make_parallel_data(fr_pairs, english_tokens, french_tokens, french_text, n_dev=400,
                              n_test=800, min_count=2)
    assert len(words.tgt_vocab) > 6_000 > 4_652 > len(rare.tgt_vocab)
    # "home?" unseen although "home" was seen: more unknown tokens with whitespace words
    assert unknown_rate(words.test, "src") > 1.5 * unknown_rate(data.test, "src")
    assert unknown_rate(rare.test, "src") > unknown_rate(data.test, "src")
    assert bool((rare.train.tgt_out == UNK_ID).any())


def test_train_sources_subset(fr_pairs, data):
    small = make_parallel_data(fr_pairs, english_tokens, french_tokens, french_text, n_dev=400,
                               n_test=800, train_sources=1000)
    assert len(small.split.train_sources) == 1000
    assert small.split.test == data.split.test
    assert len(small.src_vocab) < len(data.src_vocab)
    with pytest.raises(ValueError, match="side"):
        unknown_rate(data.test, "both")


def test_lesson_helpers(fr_pairs, data):
    same = make_parallel_data(fr_pairs, english_tokens, french_tokens, french_text, n_dev=400,
                              n_test=800)
    assert same.split == data.split and same.tgt_vocab.itos == data.tgt_vocab.itos
    assert data.train.source_tokens(0) == english_tokens(data.train.pairs[0][0])
    words = tatoeba_en_fr(tokenizer="words", train_sources=500)
    assert len(words.split.train_sources) == 500 and words.to_text([4, 5]) == " ".join(
        words.tgt_vocab.itos[4:6])
    ko = tatoeba_en_ko()
    assert (len(ko.train), len(ko.dev), len(ko.test)) == (3_004, 200, 400)
    assert len(ko.tgt_vocab) == 1_077  # the BPE tokens of the Korean training sentences
    source, target = ko.split.train[0]
    assert ko.to_text(ko.tgt_vocab.encode(ko.train.tgt_tokenize(target))) == target
    assert len(tatoeba_en_ko(tokenizer="words").tgt_vocab) == 4_826
    with pytest.raises(ValueError, match="tokenizer"):
        tatoeba_en_fr(tokenizer="bpe")
    with pytest.raises(ValueError, match="tokenizer"):
        tatoeba_en_ko(tokenizer="punct")


def test_french_helpers():
    assert french_tokens("j'ai faim !") == ["j'", "ai", "faim", "!"]
    assert french_text(["j'", "ai", "faim", "!"]) == "j'ai faim !"
