"""Read real sentence pairs from a Tatoeba / Anki tab-separated export.

The course ships two such files in ``data/`` (see ``data/README.md``: the Tatoeba Project,
CC BY 2.0): English–French (``eng-fra.txt.gz``: the 13,397 of 142,787 pairs whose English
starts with one of ``TUTORIAL_PREFIXES``) and English–Korean (``eng-kor.txt.gz``, all
3,798 pairs). :func:`load_tatoeba` reads them by name, offline;
:func:`load_sentence_pairs` reads any file of that format (``.txt`` or gzip-compressed
``.gz``), e.g. one a learner fetched from https://www.manythings.org/anki/. Each line is
``English<TAB>other language[<TAB>attribution]``, e.g.::

    Go.<TAB>가.<TAB>CC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #8355888 (Eunhee)
"""

from __future__ import annotations

import gzip
import unicodedata
from pathlib import Path

WHERE_TO_GET = (
    "Download a tab-separated sentence-pair file (for English–Korean, kor-eng.zip from "
    "https://www.manythings.org/anki/, unzipped to kor.txt; or an export from "
    "https://tatoeba.org/downloads) and pass its path."
)

#: Where the shipped files live (the repository's ``data/`` folder).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: The shipped files by name.
SHIPPED = {"eng-fra": "eng-fra.txt.gz", "eng-kor": "eng-kor.txt.gz"}
#: The English–French subset of the PyTorch seq2seq tutorial: English sentences starting
#: with "i am", "he is", "she is", "you are", "we are", "they are" or their contractions.
TUTORIAL_PREFIXES = ("i am ", "i'm ", "he is ", "he's ", "she is ", "she's ", "you are ",
                     "you're ", "we are ", "we're ", "they are ", "they're ")
#: ``clean`` replaces these characters (typographic apostrophes become ASCII ones; the
#: zero-width space and the soft hyphen, invisible, are removed).
CLEAN_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u200b": None, "\u00ad": None})


class SentencePairs(list):
    """A list of ``(source, target)`` pairs that also remembers what was left out.

    ``blank``: empty lines; ``malformed``: lines without exactly 2 or 3 tab-separated
    fields or with an empty sentence; ``filtered``: good pairs removed by ``max_len`` or
    ``prefixes``.
    """

    blank: int = 0
    malformed: int = 0
    filtered: int = 0
    #: ``attributions[i]``: the third column of pair ``i``'s line (``None`` without one).
    attributions: list[str | None]

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.attributions = []

    @property
    def skipped(self) -> int:
        """Blank plus malformed lines."""
        return self.blank + self.malformed


def normalize(text: str) -> str:
    """Lower case, surrounding white space stripped, inner runs of spaces made single,
    Unicode NFC (so a Hangul syllable typed as separate jamo equals the precomposed one)."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def clean(text: str) -> str:
    """``normalize`` plus ``CLEAN_MAP``: ``"I’m  here\u00ad."`` → ``"i'm here."``.

    Without it, ``"i’m"`` (typographic apostrophe) and ``"i'm"`` are different words, and a
    prefix filter for ``"i'm "`` misses the first.
    """
    return normalize(text.translate(CLEAN_MAP))


def load_sentence_pairs(
    path: str | Path,
    *,
    max_len: int | None = None,
    prefixes: tuple[str, ...] | None = None,
    reverse: bool = False,
    clean_text: bool = False,
) -> SentencePairs:
    """Read ``(english, other)`` pairs (``(other, english)`` with ``reverse``).

    ``max_len`` keeps pairs whose both sides have at most that many words (split on white
    space); ``prefixes`` keeps pairs whose normalised English starts with one of them,
    e.g. ``("i am ", "he is ")``. Both sentences are normalised (``normalize``, or
    ``clean`` with ``clean_text``) before filtering. A path ending in ``.gz`` is read
    through gzip. The third column, if any, is kept in ``pairs.attributions``.
    Raises ``FileNotFoundError`` naming the file and where to get it, and ``ValueError``
    naming the line of a file that is not UTF-8, or when no usable pair remains.
    """
    path = Path(path)
    norm = clean if clean_text else normalize
    if max_len is not None and (not isinstance(max_len, int) or max_len < 1):
        raise ValueError(f"max_len must be a positive int or None, got {max_len!r}")
    if prefixes is not None:
        if isinstance(prefixes, str) or not all(isinstance(p, str) for p in prefixes):
            raise ValueError(f"prefixes must be a tuple of strings, got {prefixes!r}")
        prefixes = tuple(norm(p) + (" " if p.endswith(" ") else "") for p in prefixes)
    if not path.is_file():
        raise FileNotFoundError(
            f"sentence-pair file not found: {path} (expected a UTF-8 text file with lines "
            f"'English<TAB>translation<TAB>attribution'). {WHERE_TO_GET}"
        )
    pairs = SentencePairs()
    with (gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")) as f:
        for number, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as err:
                raise ValueError(
                    f"{path}, line {number}: not UTF-8 ({err.reason} at byte {err.start}); "
                    "save the file as UTF-8 (Tatoeba and Anki exports are UTF-8)"
                ) from None
            if not line.strip():
                pairs.blank += 1
                continue
            fields = line.split("\t")
            if len(fields) not in (2, 3):
                pairs.malformed += 1
                continue
            en, other = norm(fields[0]), norm(fields[1])
            if not en or not other:
                pairs.malformed += 1
                continue
            too_long = max_len is not None and max(len(en.split()), len(other.split())) > max_len
            if too_long or (prefixes is not None and not en.startswith(prefixes)):
                pairs.filtered += 1
                continue
            pairs.append((other, en) if reverse else (en, other))
            pairs.attributions.append(fields[2] if len(fields) == 3 else None)
    if not pairs:
        raise ValueError(
            f"no usable sentence pair in {path}: {pairs.blank} blank, {pairs.malformed} "
            f"malformed and {pairs.filtered} filtered-out lines (max_len={max_len}, "
            f"prefixes={prefixes})"
        )
    return pairs


def load_tatoeba(
    name: str,
    *,
    max_len: int | None = None,
    prefixes: tuple[str, ...] | None = None,
    reverse: bool = False,
    clean_text: bool = True,
) -> SentencePairs:
    """The shipped file ``name`` (``"eng-fra"`` or ``"eng-kor"``, see ``SHIPPED``), read by
    :func:`load_sentence_pairs` with the same filters; cleaned (``clean``) by default."""
    if name not in SHIPPED:
        raise ValueError(f"unknown Tatoeba file {name!r}; the course ships {sorted(SHIPPED)}")
    path = DATA_DIR / SHIPPED[name]
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: it ships with the course in the data/ folder (see "
            f"data/README.md); restore it with 'git checkout -- data/{SHIPPED[name]}'")
    return load_sentence_pairs(path, max_len=max_len, prefixes=prefixes, reverse=reverse,
                               clean_text=clean_text)
