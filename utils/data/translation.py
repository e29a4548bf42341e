"""A toy English → Korean translation task generated from a small grammar.

English is subject–verb–object ("the cat ate a red apple in the park"); Korean is
subject–(place)–object–verb with particles attached to the nouns ("고양이는 공원에서 빨간 사과를
먹었다"), so a translator has to move the verb to the end and the place before the object:
attention cannot simply walk along the source.

Particles depend on the noun: 은/는 (topic), 이/가 (subject) and 을/를 (object) take their
first form after a final consonant (받침) and their second after a vowel; ``particle``
computes this from the Hangul code point. The English article of the subject decides
between topic and subject marker ("the cat" → 고양이는, "a cat" → 고양이가), a
simplification of how Korean marks known vs new information. Korean is written with spaces
between words (어절), so ``str.split()`` tokenises both sides.

Vocabulary: 15 subjects, 15 verbs, 15 objects, 6 adjectives, 7 places, 3 tenses.
Everything is pure Python and deterministic given ``seed``.
"""

from __future__ import annotations

import itertools
import random
from typing import NamedTuple

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
PARTICLES = ("은/는", "이/가", "을/를", "과/와", "으로/로")

#: English noun → Korean noun. Subjects are people and animals, objects are things.
SUBJECTS: dict[str, str] = {
    "cat": "고양이", "dog": "개", "bear": "곰", "student": "학생", "teacher": "선생님",
    "boy": "소년", "girl": "소녀", "baby": "아기", "doctor": "의사", "king": "왕",
    "farmer": "농부", "rabbit": "토끼", "monkey": "원숭이", "soldier": "군인", "cook": "요리사",
}
OBJECTS: dict[str, str] = {
    "apple": "사과", "book": "책", "letter": "편지", "ball": "공", "newspaper": "신문",
    "flower": "꽃", "picture": "그림", "cake": "케이크", "bag": "가방", "hat": "모자",
    "box": "상자", "key": "열쇠", "cup": "컵", "toy": "장난감", "umbrella": "우산",
}
#: English verb → ((present, past, base form), (Korean present, past, future)).
VERBS: dict[str, tuple[tuple[str, str, str], tuple[str, str, str]]] = {
    "eat": (("eats", "ate", "eat"), ("먹는다", "먹었다", "먹을 것이다")),
    "read": (("reads", "read", "read"), ("읽는다", "읽었다", "읽을 것이다")),
    "see": (("sees", "saw", "see"), ("본다", "봤다", "볼 것이다")),
    "like": (("likes", "liked", "like"), ("좋아한다", "좋아했다", "좋아할 것이다")),
    "want": (("wants", "wanted", "want"), ("원한다", "원했다", "원할 것이다")),
    "buy": (("buys", "bought", "buy"), ("산다", "샀다", "살 것이다")),
    "sell": (("sells", "sold", "sell"), ("판다", "팔았다", "팔 것이다")),
    "make": (("makes", "made", "make"), ("만든다", "만들었다", "만들 것이다")),
    "find": (("finds", "found", "find"), ("찾는다", "찾았다", "찾을 것이다")),
    "carry": (("carries", "carried", "carry"), ("옮긴다", "옮겼다", "옮길 것이다")),
    "draw": (("draws", "drew", "draw"), ("그린다", "그렸다", "그릴 것이다")),
    "wash": (("washes", "washed", "wash"), ("씻는다", "씻었다", "씻을 것이다")),
    "throw": (("throws", "threw", "throw"), ("던진다", "던졌다", "던질 것이다")),
    "hide": (("hides", "hid", "hide"), ("숨긴다", "숨겼다", "숨길 것이다")),
    "bring": (("brings", "brought", "bring"), ("가져온다", "가져왔다", "가져올 것이다")),
}
ADJECTIVES: dict[str, str] = {
    "red": "빨간", "big": "큰", "small": "작은", "new": "새", "old": "낡은", "good": "좋은",
}
#: English place phrase → Korean place noun (followed by the particle 에서, "at / in").
PLACES: dict[str, str] = {
    "in the park": "공원", "at school": "학교", "in the kitchen": "부엌",
    "at the market": "시장", "at home": "집", "in the garden": "정원",
    "in the library": "도서관",
}
TENSES = ("present", "past", "future")


def has_batchim(syllable: str) -> bool:
    """True when a Hangul syllable ends in a consonant (받침): "책" → True, "사과" → False.

    Precomposed syllables are laid out as 0xAC00 + (initial·21 + medial)·28 + final, with
    final 0 meaning "no final consonant", so the final is ``(code − 0xAC00) % 28``.
    Only the last character of a longer word is looked at.
    """
    if not isinstance(syllable, str) or not syllable:
        raise ValueError(f"need a non-empty Hangul string, got {syllable!r}")
    code = ord(syllable[-1])
    if not HANGUL_FIRST <= code <= HANGUL_LAST:
        raise ValueError(f"{syllable!r} does not end in a Hangul syllable")
    return (code - HANGUL_FIRST) % 28 != 0


def particle(word: str, pair: str) -> str:
    """The form of a two-form particle that follows ``word``.

    ``pair`` is written "after-consonant/after-vowel": ``particle("사과", "을/를") == "를"``,
    ``particle("책", "을/를") == "을"``. For "으로/로" a final ㄹ counts as a vowel
    (``particle("물", "으로/로") == "로"``).
    """
    if pair not in PARTICLES:
        raise ValueError(f"unknown particle pair {pair!r}; choose one of {PARTICLES}")
    after_consonant, after_vowel = pair.split("/")
    final = (ord(word[-1]) - HANGUL_FIRST) % 28 if has_batchim(word) else 0
    if pair == "으로/로" and final == 8:  # 8 = ㄹ
        return after_vowel
    return after_consonant if final else after_vowel


class Sentence(NamedTuple):
    """One point of the grammar; ``adjective`` and ``place`` may be ``None``."""

    subject: str
    definite: bool  # "the cat" (topic 은/는) or "a cat" (subject 이/가)
    verb: str
    tense: str
    obj: str
    obj_definite: bool  # "the apple" or "an apple" (Korean does not mark it)
    adjective: str | None
    place: str | None


def _article(definite: bool, next_word: str) -> str:
    return "the" if definite else ("an" if next_word[0] in "aeiou" else "a")


def english(s: Sentence) -> str:
    """The English sentence, lower case: "the cat ate a red apple in the park"."""
    present, past, base = VERBS[s.verb][0]
    verb = {"present": present, "past": past, "future": f"will {base}"}[s.tense]
    noun = f"{s.adjective} {s.obj}" if s.adjective else s.obj
    words = [_article(s.definite, s.subject), s.subject, verb,
             _article(s.obj_definite, noun), noun]
    if s.place:
        words.append(s.place)
    return " ".join(words)


def korean(s: Sentence) -> str:
    """The Korean sentence, verb last: "고양이는 공원에서 빨간 사과를 먹었다"."""
    subj = SUBJECTS[s.subject]
    words = [subj + particle(subj, "은/는" if s.definite else "이/가")]
    if s.place:
        words.append(PLACES[s.place] + "에서")
    if s.adjective:
        words.append(ADJECTIVES[s.adjective])
    obj = OBJECTS[s.obj]
    words.append(obj + particle(obj, "을/를"))
    words.append(VERBS[s.verb][1][TENSES.index(s.tense)])
    return " ".join(words)


def _random_sentence(rng: random.Random, triple: tuple[str, str, str]) -> Sentence:
    subject, verb, obj = triple
    return Sentence(
        subject=subject,
        definite=rng.random() < 0.5,
        verb=verb,
        tense=rng.choice(TENSES),
        obj=obj,
        obj_definite=rng.random() < 0.5,
        adjective=rng.choice(list(ADJECTIVES)) if rng.random() < 0.5 else None,
        place=rng.choice(list(PLACES)) if rng.random() < 0.5 else None,
    )


def _sample(rng: random.Random, triples: list[tuple[str, str, str]], n: int,
            taken: set[Sentence]) -> list[Sentence]:
    """``n`` distinct sentences (not in ``taken``) built on ``triples``."""
    out: list[Sentence] = []
    while len(out) < n:
        s = _random_sentence(rng, rng.choice(triples))
        if s not in taken:
            taken.add(s)
            out.append(s)
    return out


def all_triples() -> list[tuple[str, str, str]]:
    """Every (subject, verb, object) of the grammar, 15 · 15 · 15 = 3375 of them."""
    return list(itertools.product(SUBJECTS, VERBS, OBJECTS))


def make_translation_pairs(*, n: int = 5000, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` distinct (English, Korean) pairs drawn at random from the grammar.

    Each sentence has a random subject, verb, object, tense and articles; an adjective and
    a place phrase each appear in about half of them. The grammar holds over a million
    sentences, so ``n`` can be a few tens of thousands at most in practice.
    """
    if not isinstance(n, int) or not 0 <= n <= 200_000:
        raise ValueError(f"n must be an int in 0..200000, got {n!r}")
    rng = random.Random(seed)
    return [(english(s), korean(s)) for s in _sample(rng, all_triples(), n, set())]


def translation_splits(
    n_train: int, n_test: int, *, seed: int = 0, test_share: float = 0.2
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Train and test pairs whose (subject, verb, object) triples are disjoint.

    A share ``test_share`` of the 3375 triples is held out; test sentences are built only
    on those, train sentences only on the others. So a test sentence is a combination of
    words the model never saw together, while every word of it (English and Korean) does
    occur in training; a ``ValueError`` says so if ``n_train`` is too small for that.
    """
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        if not isinstance(value, int) or not 0 <= value <= 200_000:
            raise ValueError(f"{name} must be an int in 0..200000, got {value!r}")
    if not 0 < test_share < 1:
        raise ValueError(f"test_share must be between 0 and 1, got {test_share}")
    rng = random.Random(seed)
    triples = all_triples()
    rng.shuffle(triples)
    k = round(test_share * len(triples))
    test_triples, train_triples = triples[:k], triples[k:]
    taken: set[Sentence] = set()
    train = [(english(s), korean(s)) for s in _sample(rng, train_triples, n_train, taken)]
    test = [(english(s), korean(s)) for s in _sample(rng, test_triples, n_test, taken)]
    seen = {w for pair in train for side in pair for w in side.split()}
    unseen = sorted({w for pair in test for side in pair for w in side.split()} - seen)
    if unseen:
        raise ValueError(
            f"n_train = {n_train} is too small: test words {unseen[:5]} never occur in "
            f"training; ask for more training sentences"
        )
    return train, test
