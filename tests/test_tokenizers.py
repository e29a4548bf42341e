"""Words-and-punctuation tokenisation (English, French) and BPE subwords with readable tokens,
checked on examples and on every sentence of the shipped Tatoeba files."""

import pytest

from utils.data.bpe import BPE
from utils.data.tatoeba import TUTORIAL_PREFIXES, load_tatoeba
from utils.data.tokenizers import SubwordTokenizer, detokenize, punct_tokenize
from utils.metrics.bleu import tokenize_13a


def test_examples():
    assert punct_tokenize("i'm home!", "en") == ["i", "'m", "home", "!"]
    assert punct_tokenize("home? home. home!") == ["home", "?", "home", ".", "home", "!"]
    assert punct_tokenize("don't, it costs 3.50 at 2:00.", "en") == [
        "don", "'t", ",", "it", "costs", "3.50", "at", "2:00", "."]
    assert punct_tokenize("j'ai vu l'homme.", "fr") == ["j'", "ai", "vu", "l'", "homme", "."]
    assert punct_tokenize("qu'est-ce que c'est ?", "fr") == [
        "qu'", "est-ce", "que", "c'", "est", "?"]
    assert punct_tokenize("« bonjour », dit-il…", "fr") == [
        "«", "bonjour", "»", ",", "dit-il", "…"]
    assert detokenize(["i", "'m", "home", "!"], "en") == "i'm home!"
    assert detokenize(["tu", "es", "là", "?"], "fr") == "tu es là ?"
    assert detokenize(["j'", "ai", "(", "3", ")", "chats", "."], "fr") == "j'ai (3) chats."
    assert detokenize([], "fr") == ""


def test_bad_arguments():
    with pytest.raises(ValueError, match="lang"):
        punct_tokenize("hello", "de")
    with pytest.raises(ValueError, match="lang"):
        detokenize(["hello"], "ko")
    with pytest.raises(ValueError, match="string"):
        punct_tokenize(["hello"], "en")


@pytest.fixture(scope="module")
def eng_fra():
    return load_tatoeba("eng-fra")


def test_round_trip_on_the_shipped_sentences(eng_fra):
    """detokenize(tokenize(s)) is s as BLEU's 13a tokeniser sees it, for all but a handful
    of typos: "j 'oublie ..." in the lesson's subset, one English and one French sentence
    in the shipped file."""
    subset = load_tatoeba("eng-fra", max_len=10, prefixes=TUTORIAL_PREFIXES)
    for side, lang, in_subset, in_file in ((0, "en", [], 1),
                                           (1, "fr", ["j 'oublie toujours le nom des gens."], 1)):
        def same(s, lang=lang):
            return tokenize_13a(detokenize(punct_tokenize(s, lang), lang)) == tokenize_13a(s)
        assert sorted({p[side] for p in subset if not same(p[side])}) == in_subset
        assert sum(not same(s) for s in {p[side] for p in eng_fra}) == in_file


def test_punctuation_no_longer_multiplies_words(eng_fra):
    words = {w for s, _ in eng_fra for w in s.split()}
    tokens = {t for s, _ in eng_fra for t in punct_tokenize(s, "en")}
    assert {"tired", "tired?", "tired.", "tired!", "tired,"} <= words
    assert "tired" in tokens and "tired?" not in tokens
    assert len(tokens) < 0.8 * len(words)


def test_subwords_round_trip_korean_exactly():
    korean = [ko for _, ko in load_tatoeba("eng-kor")]
    tok = SubwordTokenizer.train(korean[:3000], num_merges=500)
    assert len(tok) == 256 + 500
    for text in korean:
        tokens = tok(text)
        assert tok.detokenize(tokens) == text
        assert all(t for t in tokens)
    assert tok("나는 학생이다.")[0] == "나는"  # a frequent word is one token
    assert any(t.startswith("▁") for t in tok("나는 학생이다."))


def test_subword_tokens_show_partial_characters_as_bytes():
    tok = SubwordTokenizer(BPE())  # no merges: every byte is a token
    assert tok("a 가") == ["a", "▁", "<0xEA>", "<0xB0>", "<0x80>"]
    assert tok.detokenize(["a", "▁", "<0xEA>", "<0xB0>", "<0x80>"]) == "a 가"
    assert tok.detokenize(["▁가"]) == "가"  # the space before the first word is dropped
    with pytest.raises(ValueError, match="non-empty"):
        SubwordTokenizer.train([], 10)
