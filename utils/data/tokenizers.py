"""Tokenisers for real text: words and punctuation (English, French), and BPE subwords.

Splitting on white space alone (``utils.data.seq2seq.word_tokenize``) glues punctuation to
words: ``"home?"``, ``"home."`` and ``"home!"`` become three unrelated tokens, none of them
``"home"``. :func:`punct_tokenize` cuts text (already normalised, see
``utils.data.tatoeba.clean``) into

- numbers, kept whole with their inner separators: ``3.5``, ``1,000``, ``2:00``;
- words, hyphenated ones kept whole: ``peut-être``, ``est-ce``, ``forty-eight``;
- clitics at the apostrophe: French keeps it on the left (elision: ``l'`` ``homme``,
  ``j'`` ``ai``, ``qu'`` ``il``), English on the right (``i`` ``'m``, ``don`` ``'t``);
- every other character on its own: ``. , ! ? ; : " « » ( )`` …

:func:`detokenize` glues the tokens back: a token ending in ``'`` (French) or starting with
``'`` (English) joins its neighbour, closing punctuation joins the word before it, and
French puts a space before ``! ? ; :`` (its typographic rule; English does not).

:class:`SubwordTokenizer` wraps ``utils.data.bpe.BPE`` (lesson 06) so that its tokens are
readable strings: SentencePiece's conventions, ``▁`` for the space a token starts with and
``<0xEA>`` for a byte that is only part of a UTF-8 character (a Hangul syllable takes 3
bytes; a rare one may stay split). ``detokenize(tokenize(text)) == text`` for every text
without ``▁`` or ``<0x..>`` in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from utils.data.bpe import BPE

LANGUAGES = ("en", "fr")
_NUMBER = r"\d+(?:[.,:]\d+)+"
_WORD = r"[^\W_]+(?:-[^\W_]+)*"
_TOKEN = {
    "fr": re.compile(rf"{_NUMBER}|{_WORD}'|{_WORD}|\S"),
    "en": re.compile(rf"{_NUMBER}|'{_WORD}|{_WORD}|\S"),
}
#: Punctuation that attaches to the word before it (no space before it).
_CLOSING = set(".,)]}%…")
#: Attaches to the word before it in English; French writes a space before it.
_HIGH = set("!?;:‽")
_OPENING = set("([{")


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")


def punct_tokenize(text: str, lang: str = "en") -> list[str]:
    """Words, numbers, clitics and punctuation marks of ``text`` (see the module docstring).

    ``punct_tokenize("i'm home!", "en") == ["i", "'m", "home", "!"]``;
    ``punct_tokenize("j'ai vu l'homme.", "fr") == ["j'", "ai", "vu", "l'", "homme", "."]``.
    """
    _check_language(lang)
    if not isinstance(text, str):
        raise ValueError(f"expected a string, got {type(text).__name__}")
    return _TOKEN[lang].findall(text)


def detokenize(tokens: Sequence[str], lang: str = "en") -> str:
    """Join :func:`punct_tokenize`'s tokens into text with the spacing rules of ``lang``.

    ``detokenize(["i", "'m", "home", "!"], "en") == "i'm home!"``;
    ``detokenize(["tu", "es", "là", "?"], "fr") == "tu es là ?"``.
    """
    _check_language(lang)
    out: list[str] = []
    glue_next = False
    for tok in tokens:
        glue = glue_next or not out or tok in _CLOSING or (
            lang == "en" and (tok in _HIGH or tok.startswith("'")))
        out.append(tok if glue else " " + tok)
        glue_next = tok in _OPENING or (lang == "fr" and tok.endswith("'") and len(tok) > 1)
    return "".join(out)


# --- subwords ------------------------------------------------------------------------------

SPACE_MARK = "▁"
_BYTE = re.compile(r"<0x([0-9A-F]{2})>")


def _show(piece: bytes) -> str:
    """Bytes → readable token: UTF-8 characters as text (space as ``▁``), a byte that is
    not a whole character as ``<0xEA>``."""
    out, i = [], 0
    while i < len(piece):
        for j in range(min(len(piece), i + 4), i, -1):  # the longest decodable run from i
            try:
                out.append(piece[i:j].decode("utf-8"))
                i = j
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append(f"<0x{piece[i]:02X}>")
            i += 1
    return "".join(out).replace(" ", SPACE_MARK)


def _bytes(token: str) -> bytes:
    """The inverse of :func:`_show`."""
    parts, last = [], 0
    for m in _BYTE.finditer(token):
        parts.append(token[last:m.start()].replace(SPACE_MARK, " ").encode("utf-8"))
        parts.append(bytes([int(m.group(1), 16)]))
        last = m.end()
    parts.append(token[last:].replace(SPACE_MARK, " ").encode("utf-8"))
    return b"".join(parts)


class SubwordTokenizer:
    """Byte-pair encoding (``utils.data.bpe.BPE``) with readable string tokens.

    ``SubwordTokenizer.train(texts, num_merges)`` learns the merges from ``texts`` (one
    sentence each; a sentence never merges into the next). Calling it tokenises:
    ``tok("나는 학생이다.")`` → e.g. ``["나는", "▁학생", "이다", "."]``.
    """

    def __init__(self, bpe: BPE) -> None:
        self.bpe = bpe
        self._shown = [_show(b) for b in bpe.vocab]

    @classmethod
    def train(cls, texts: Iterable[str], num_merges: int) -> SubwordTokenizer:
        texts = list(texts)
        if not texts or not all(isinstance(t, str) and t for t in texts):
            raise ValueError("need a non-empty list of non-empty sentences to learn BPE from")
        return cls(BPE.train("\n".join(texts), num_merges))

    def __len__(self) -> int:
        """The BPE vocabulary size: 256 bytes + one token per merge."""
        return len(self.bpe)

    def __call__(self, text: str) -> list[str]:
        return [self._shown[i] for i in self.bpe.encode(text)]

    def detokenize(self, tokens: Sequence[str]) -> str:
        """Tokens → text (the tokens' bytes joined, read as UTF-8; the leading space of the
        first token dropped)."""
        return b"".join(_bytes(t) for t in tokens).decode("utf-8", errors="replace").lstrip(" ")
