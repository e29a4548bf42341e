"""Read real sentence pairs from a Tatoeba / Anki tab-separated export (optional data).

The course never downloads anything; a learner who wants real sentences fetches a file
such as ``kor.txt`` from https://www.manythings.org/anki/ (or builds one from the exports
at https://tatoeba.org/downloads) and passes its path here. Each line is
``English<TAB>other language[<TAB>attribution]``, e.g.::

    Go.<TAB>가.<TAB>CC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #8355888 (Eunhee)
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

WHERE_TO_GET = (
    "Download a tab-separated sentence-pair file (for English–Korean, kor-eng.zip from "
    "https://www.manythings.org/anki/, unzipped to kor.txt; or an export from "
    "https://tatoeba.org/downloads) and pass its path."
)


class SentencePairs(list):
    """A list of ``(source, target)`` pairs that also remembers what was left out.

    ``blank``: empty lines; ``malformed``: lines without exactly 2 or 3 tab-separated
    fields or with an empty sentence; ``filtered``: good pairs removed by ``max_len`` or
    ``prefixes``.
    """

    blank: int = 0
    malformed: int = 0
    filtered: int = 0

    @property
    def skipped(self) -> int:
        """Blank plus malformed lines."""
        return self.blank + self.malformed


def normalize(text: str) -> str:
    """Lower case, surrounding white space stripped, inner runs of spaces made single,
    Unicode NFC (so a Hangul syllable typed as separate jamo equals the precomposed one)."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def load_sentence_pairs(
    path: str | Path,
    *,
    max_len: int | None = None,
    prefixes: tuple[str, ...] | None = None,
    reverse: bool = False,
) -> SentencePairs:
    """Read ``(english, other)`` pairs (``(other, english)`` with ``reverse``).

    ``max_len`` keeps pairs whose both sides have at most that many words (split on white
    space); ``prefixes`` keeps pairs whose normalised English starts with one of them,
    e.g. ``("i am ", "he is ")``. Both sentences are normalised (``normalize``).
    Raises ``FileNotFoundError`` naming the file and where to get it, and ``ValueError``
    naming the line of a file that is not UTF-8, or when no usable pair remains.
    """
    path = Path(path)
    if max_len is not None and (not isinstance(max_len, int) or max_len < 1):
        raise ValueError(f"max_len must be a positive int or None, got {max_len!r}")
    if prefixes is not None:
        if isinstance(prefixes, str) or not all(isinstance(p, str) for p in prefixes):
            raise ValueError(f"prefixes must be a tuple of strings, got {prefixes!r}")
        prefixes = tuple(normalize(p) + (" " if p.endswith(" ") else "") for p in prefixes)
    if not path.is_file():
        raise FileNotFoundError(
            f"sentence-pair file not found: {path} (expected a UTF-8 text file with lines "
            f"'English<TAB>translation<TAB>attribution'). {WHERE_TO_GET}"
        )
    pairs = SentencePairs()
    with open(path, "rb") as f:
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
            en, other = normalize(fields[0]), normalize(fields[1])
            if not en or not other:
                pairs.malformed += 1
                continue
            too_long = max_len is not None and max(len(en.split()), len(other.split())) > max_len
            if too_long or (prefixes is not None and not en.startswith(prefixes)):
                pairs.filtered += 1
                continue
            pairs.append((other, en) if reverse else (en, other))
    if not pairs:
        raise ValueError(
            f"no usable sentence pair in {path}: {pairs.blank} blank, {pairs.malformed} "
            f"malformed and {pairs.filtered} filtered-out lines (max_len={max_len}, "
            f"prefixes={prefixes})"
        )
    return pairs
