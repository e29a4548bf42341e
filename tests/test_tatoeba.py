"""Reading Tatoeba / Anki sentence pairs: a small file written here, and the shipped files."""

import gzip
import unicodedata

import pytest

from utils.data.tatoeba import (
    DATA_DIR,
    TUTORIAL_PREFIXES,
    clean,
    load_sentence_pairs,
    load_tatoeba,
    normalize,
)

ATTR = "CC-BY 2.0 (France) Attribution: tatoeba.org #1 (CM) & #2 (x)"
JAMO_HANGUL = unicodedata.normalize("NFD", "나는 학생이다.")  # decomposed jamo on purpose
SAMPLE = "\n".join([
    f"Go.\t가.\t{ATTR}",
    f"I am cold.\t나는 추워요.\t{ATTR}",
    "I am a student.\t" + JAMO_HANGUL,  # no attribution column
    "",  # blank
    "this line has no tab",  # malformed
    f"  He is   TALL.  \t그는 키가 커요.\t{ATTR}",
    "   \t",  # blank-looking, only white space
    f"\t빈 영어.\t{ATTR}",  # empty English: malformed
    f"She is reading a very long book about history.\t그녀는 역사 책을 읽고 있다.\t{ATTR}",
    "a\tb\tc\td",  # too many fields
]) + "\n"


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "kor.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_reads_normalises_and_counts(sample):
    pairs = load_sentence_pairs(sample)
    assert list(pairs) == [
        ("go.", "가."),
        ("i am cold.", "나는 추워요."),
        ("i am a student.", "나는 학생이다."),
        ("he is tall.", "그는 키가 커요."),
        ("she is reading a very long book about history.", "그녀는 역사 책을 읽고 있다."),
    ]
    assert pairs[2][1] == unicodedata.normalize("NFC", "나는 학생이다.")  # precomposed again
    assert len(pairs[2][1]) == 8
    assert (pairs.blank, pairs.malformed, pairs.filtered, pairs.skipped) == (2, 3, 0, 5)


def test_filters_and_reverse(sample):
    short = load_sentence_pairs(sample, max_len=3)
    assert [en for en, _ in short] == ["go.", "i am cold.", "he is tall."]
    assert short.filtered == 2
    pre = load_sentence_pairs(sample, prefixes=("i am ", "he is "))
    assert [en for en, _ in pre] == ["i am cold.", "i am a student.", "he is tall."]
    both = load_sentence_pairs(sample, prefixes=("I am ",), max_len=3, reverse=True)
    assert list(both) == [("나는 추워요.", "i am cold.")]


def test_missing_file_says_where_to_get_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="manythings.org/anki") as info:
        load_sentence_pairs(tmp_path / "kor.txt")
    assert "kor.txt" in str(info.value) and "tatoeba.org" in str(info.value)


def test_no_usable_pair(tmp_path, sample):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\nno tabs here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no usable sentence pair.*2 blank, 1 malformed"):
        load_sentence_pairs(empty)
    with pytest.raises(ValueError, match="5 filtered-out"):
        load_sentence_pairs(sample, prefixes=("you ",), max_len=3)


def test_bad_arguments(sample):
    with pytest.raises(ValueError, match="max_len"):
        load_sentence_pairs(sample, max_len=0)
    with pytest.raises(ValueError, match="prefixes"):
        load_sentence_pairs(sample, prefixes="i am ")


def test_normalize():
    assert normalize("  Hello   WORLD \t") == "hello world"
    assert normalize(unicodedata.normalize("NFD", "한국어")) == "한국어"


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Go.\tVa !\tCC-BY\n" + "Café.\tCafé !\tCC-BY\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1\.txt, line 2: not UTF-8"):
        load_sentence_pairs(path)


# --- the files shipped in data/ ------------------------------------------------------------


@pytest.fixture(scope="module")
def eng_fra():
    return load_tatoeba("eng-fra")


@pytest.fixture(scope="module")
def eng_kor():
    return load_tatoeba("eng-kor")


def test_shipped_files_counts_and_attribution(eng_fra, eng_kor):
    # English–French: the tutorial subset of the 142,787 pairs (scripts/build_tatoeba_data.py)
    assert len(eng_fra) == 13_397 and eng_fra.skipped == 0
    assert all(s.startswith(TUTORIAL_PREFIXES) for s, _ in eng_fra)
    assert len(eng_kor) == 3_798 and eng_kor.skipped == 0
    assert eng_fra.attributions == [None] * len(eng_fra)  # no attribution column
    assert all(a.startswith("CC-BY 2.0 (France) Attribution: tatoeba.org #")
               for a in eng_kor.attributions)
    assert eng_kor[0] == ("go.", "가.")
    assert eng_fra[0] == ("i'm 19.", "j'ai 19 ans.")
    assert (DATA_DIR / "README.md").read_text(encoding="utf-8").count("CC BY 2.0") >= 1


def test_shipped_text_is_clean(eng_fra, eng_kor):
    for pairs in (eng_fra, eng_kor):
        text = "".join(s + t for s, t in pairs)
        assert not set(text) & {"’", "‘", "\u200b", "\u00ad", "\u00a0"}
        assert not any(c.isupper() for c in text)
        assert all(s == clean(s) and t == clean(t) for s, t in pairs[:2000])
    raw = load_tatoeba("eng-fra", clean_text=False)
    # typographic apostrophes: in 4 English and 27 French sentences
    assert (sum("’" in s for s, _ in raw), sum("’" in t for _, t in raw)) == (4, 27)
    assert sum("'" in s for s, _ in eng_fra) == sum(bool(set(s) & set("'’‘")) for s, _ in raw)


def test_the_pytorch_tutorial_subset():
    """English starting with "i am", "he is", ... (and contractions), ≤ 10 words a side."""
    sub = load_tatoeba("eng-fra", max_len=10, prefixes=TUTORIAL_PREFIXES)
    assert len(sub) == 12_678 and len({s for s, _ in sub}) == 7_907
    raw = load_tatoeba("eng-fra", max_len=10, prefixes=TUTORIAL_PREFIXES, clean_text=False)
    assert len(raw) == 12_673  # five "i’m ..." pairs are missed without cleaning


def test_gz_and_txt_read_the_same(tmp_path, sample):
    gz = tmp_path / "kor.txt.gz"
    gz.write_bytes(gzip.compress(sample.read_bytes()))
    assert list(load_sentence_pairs(gz)) == list(load_sentence_pairs(sample))
    assert load_sentence_pairs(sample).attributions == [ATTR, ATTR, None, ATTR, ATTR]


def test_clean_and_unknown_name():
    assert clean("I’m  here\u00ad.") == "i'm here."
    assert clean("sur \u200b\u200bla musique") == "sur la musique"
    with pytest.raises(ValueError, match="eng-kor"):
        load_tatoeba("eng-deu")
