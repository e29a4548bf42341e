"""Reading Tatoeba / Anki sentence pairs from a small file written here."""

import unicodedata

import pytest

from utils.data.tatoeba import load_sentence_pairs, normalize

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
