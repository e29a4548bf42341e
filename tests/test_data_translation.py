"""The toy English → Korean grammar: particles, word order, splits that hold out combinations."""

import re
import unicodedata

import pytest

from utils.data.translation import (
    ADJECTIVES,
    OBJECTS,
    PLACES,
    SUBJECTS,
    VERBS,
    Sentence,
    english,
    has_batchim,
    korean,
    make_translation_pairs,
    particle,
    translation_splits,
)


def nfd_batchim(word: str) -> bool:
    """Independent of the code-point arithmetic: a syllable decomposes (NFD) into 3 jamo
    when it has a final consonant, 2 when it has none."""
    return len(unicodedata.normalize("NFD", word[-1])) == 3


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("사과", "을/를", "를"), ("책", "을/를", "을"), ("고양이", "은/는", "는"),
        ("곰", "은/는", "은"), ("학생", "이/가", "이"), ("개", "이/가", "가"),
        ("선생님", "이/가", "이"), ("편지", "을/를", "를"), ("물", "으로/로", "로"),
        ("집", "으로/로", "으로"), ("학교", "으로/로", "로"), ("빵", "과/와", "과"),
    ],
)
def test_particle_on_known_words(word, pair, expected):
    assert particle(word, pair) == expected


def test_batchim_agrees_with_unicode_decomposition():
    for code in range(0xAC00, 0xD7A4, 7):  # a spread of every Hangul syllable
        ch = chr(code)
        assert has_batchim(ch) == nfd_batchim(ch), ch
    nouns = list(SUBJECTS.values()) + list(OBJECTS.values())
    assert {has_batchim(w) for w in nouns} == {True, False}  # both forms get exercised


def test_particle_errors():
    with pytest.raises(ValueError, match="unknown particle pair"):
        particle("책", "를/을")
    with pytest.raises(ValueError, match="Hangul"):
        particle("book", "을/를")
    with pytest.raises(ValueError, match="non-empty"):
        has_batchim("")


ENGLISH = re.compile(
    r"(?P<sart>the|a) (?P<subj>\w+) (?P<verb>will \w+|\w+) (?P<oart>the|an?) "
    r"((?P<adj>\w+) )?(?P<obj>\w+)(?P<place> (in|at) .+)?"
)


def check_pair(en: str, ko: str) -> None:
    """Parse the English side and rebuild the Korean one, checking particles by NFD."""
    m = ENGLISH.fullmatch(en)
    assert m, en
    g = m.groupdict()
    if g["obj"] not in OBJECTS:  # "a red apple": the regex took the adjective as object
        g["adj"], g["obj"] = None, g["adj"]
    ko_words = ko.split()
    subj = SUBJECTS[g["subj"]]
    topic = g["sart"] == "the"
    expected_particle = (
        ("은" if nfd_batchim(subj) else "는") if topic else ("이" if nfd_batchim(subj) else "가")
    )
    assert ko_words[0] == subj + expected_particle, (en, ko)
    obj = OBJECTS[g["obj"]]
    assert (obj + ("을" if nfd_batchim(obj) else "를")) in ko_words, (en, ko)
    # the verb comes last in Korean, in the tense of the English verb
    verb_en = g["verb"]
    for base, (forms_en, forms_ko) in VERBS.items():
        if verb_en in (forms_en[0], forms_en[1], f"will {base}"):
            tense = 2 if verb_en.startswith("will ") else (0 if verb_en == forms_en[0] else 1)
            assert ko.endswith(forms_ko[tense]), (en, ko)
            break
    else:
        raise AssertionError(f"unknown verb in {en!r}")
    if g["place"]:
        assert ko_words[1] == PLACES[g["place"].strip()] + "에서", (en, ko)
    if g["adj"]:
        assert ADJECTIVES[g["adj"]] in ko_words
        assert ko_words.index(ADJECTIVES[g["adj"]]) + 1 == ko_words.index(
            obj + ("을" if nfd_batchim(obj) else "를")
        )
    article = g["oart"]
    first = g["adj"] or g["obj"]
    if article != "the":
        assert article == ("an" if first[0] in "aeiou" else "a"), en


def test_every_pair_is_a_correct_translation():
    pairs = make_translation_pairs(n=4000, seed=0)
    assert len(set(pairs)) == 4000
    for en, ko in pairs:
        check_pair(en, ko)
    assert en == en.lower()
    korean_vocab = {w for _, ko in pairs for w in ko.split()}
    english_vocab = {w for en, _ in pairs for w in en.split()}
    assert len(english_vocab) < 120 and len(korean_vocab) < 150
    assert {"는", "가"} <= {w[-1] for w in korean_vocab} and {"은", "이"} <= {
        w[-1] for w in korean_vocab}


def test_known_sentences():
    s = Sentence("cat", True, "eat", "past", "apple", False, "red", "in the park")
    assert english(s) == "the cat ate a red apple in the park"
    assert korean(s) == "고양이는 공원에서 빨간 사과를 먹었다"
    s = Sentence("bear", False, "read", "future", "umbrella", False, "old", None)
    assert english(s) == "a bear will read an old umbrella"
    assert korean(s) == "곰이 낡은 우산을 읽을 것이다"
    s = Sentence("dog", False, "see", "present", "book", True, None, "at home")
    assert (english(s), korean(s)) == ("a dog sees the book at home", "개가 집에서 책을 본다")


def test_deterministic():
    assert make_translation_pairs(n=50, seed=1) == make_translation_pairs(n=50, seed=1)
    assert make_translation_pairs(n=50, seed=1) != make_translation_pairs(n=50, seed=2)


def test_splits_hold_out_triples_but_no_words():
    train, test = translation_splits(3000, 500, seed=0)
    assert (len(train), len(test)) == (3000, 500)
    assert not set(train) & set(test)

    def triple(en: str) -> tuple[str, str, str]:
        words = en.split()
        subj = words[1]
        verb = words[3] if words[2] == "will" else words[2]
        obj = next(w for w in words[3:] if w in OBJECTS)
        return subj, verb, obj

    train_triples = {triple(en) for en, _ in train}
    test_triples = {triple(en) for en, _ in test}
    assert not train_triples & test_triples
    for side in (0, 1):
        seen = {w for pair in train for w in pair[side].split()}
        assert {w for pair in test for w in pair[side].split()} <= seen
    for en, ko in train[:500] + test:
        check_pair(en, ko)
    assert translation_splits(3000, 500, seed=0) == (train, test)


def test_split_errors():
    with pytest.raises(ValueError, match="too small"):
        translation_splits(20, 100)
    with pytest.raises(ValueError, match="n_test"):
        translation_splits(100, -1)
    with pytest.raises(ValueError, match="test_share"):
        translation_splits(100, 10, test_share=1.5)
