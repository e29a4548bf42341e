"""Exercise checks for lesson 12 (real translation). Each prints ✅/❌ with an explanation and
returns a bool; none raises on a wrong answer."""

from __future__ import annotations

import random
from collections.abc import Sequence
from numbers import Real
from typing import Any

import numpy as np

from utils.data.seq2seq import word_tokenize
from utils.data.splits import MultiReference, reference_streams
from utils.feedback import correct, incorrect, whole_number

#: Exercise 2: three test sources with 2, 1 and 3 references.
EXAMPLES = (
    MultiReference("i'm home.", ("je suis à la maison.", "je suis chez moi.")),
    MultiReference("she's tall.", ("elle est grande.",)),
    MultiReference("we're ready.", ("nous sommes prêts.", "nous sommes prêtes.",
                                    "on est prêts.")),
)

Pair = tuple[str, str]


def pair_split_leak(pairs: Sequence[Pair], test_share: float = 0.1, seed: int = 0
                    ) -> tuple[int, int]:
    """Split ``pairs`` at random *by pair* (``random.Random(seed)`` shuffles a copy; the last
    ``test_share`` is the test set) and return ``(test pairs whose source is also a training
    source, test pairs)``."""
    shuffled = list(pairs)
    random.Random(seed).shuffle(shuffled)
    n_test = round(test_share * len(shuffled))
    train, test = shuffled[:len(shuffled) - n_test], shuffled[len(shuffled) - n_test:]
    seen = {source for source, _ in train}
    return sum(source in seen for source, _ in test), len(test)


def check_pair_split_leak(answer: Any, pairs: Sequence[Pair]) -> bool:
    """Exercise 1: how many test pairs of a random split *by pair* have a source that is
    also in training (``pair_split_leak``)."""
    if answer is None:
        return incorrect("`answer` is still None: count the test pairs whose English sentence "
                         "also occurs in the training pairs.")
    leaked, n_test = pair_split_leak(pairs)
    value = whole_number(answer)
    if value is None:
        if isinstance(answer, float) and 0 < answer < 1:
            return incorrect("give the count of test pairs, not their share.")
        return incorrect(f"`answer` should be a whole number, got {answer!r}.")
    if value == leaked:
        return correct(f"{leaked} of the {n_test} test pairs ({leaked / n_test:.0%}) have an "
                       "English sentence the model was trained on, with another translation: "
                       "a split by pairs tests partly on training data. Splitting by source "
                       "makes this 0.")
    if value == 0:
        return incorrect("0 is what a split by *source* gives. Split the pairs themselves: "
                         "shuffle a copy with random.Random(0), test = the last 10 %.")
    test = list(pairs)
    random.Random(0).shuffle(test)
    n_train = len(test) - n_test
    distinct = len({s for s, _ in test[n_train:]} & {s for s, _ in test[:n_train]})
    if value == distinct:
        return incorrect("you counted distinct sentences; count test *pairs* (a source with "
                         "two test translations counts twice).")
    return incorrect(f"not {value}. Shuffle a copy of the pairs with random.Random(0), keep the "
                     f"last {n_test} as test, and count those whose source is in the set of "
                     "training sources.")


def check_reference_streams(answer: Any) -> bool:
    """Exercise 2: ``EXAMPLES``' references in sacreBLEU's layout (``reference_streams``)."""
    expected = reference_streams(EXAMPLES)
    if answer is None:
        return incorrect("`answer` is still None: build a list of reference streams.")
    if not isinstance(answer, list | tuple) or not all(isinstance(s, list | tuple)
                                                        for s in answer):
        return incorrect("`answer` should be a list of lists (one list per reference stream).")
    got = [list(s) for s in answer]
    if got == expected:
        return correct("stream j holds every sentence's j-th reference, None where a sentence "
                       "has fewer: 3 streams of 3 entries, as sacrebleu.corpus_bleu and "
                       "utils.metrics.bleu.corpus_bleu take them.")
    if got == [list(ex.references) for ex in EXAMPLES]:
        return incorrect("that is one list per *sentence*. sacreBLEU wants one list per "
                         "*reference position*: stream 0 = every sentence's first reference.")
    if [[r for r in s if r is not None] for s in got] == [[r for r in s if r is not None]
                                                          for s in expected]:
        return incorrect("right references, but every stream must be as long as the list of "
                         "sentences: put None where a sentence has no j-th reference.")
    return incorrect(f"expected {len(expected)} streams of {len(EXAMPLES)} entries; stream 0 "
                     f"starts with {expected[0][0]!r}.")


def check_unknown_share(answer: Any, train_sources: Sequence[str], test_sources: Sequence[str]
                        ) -> bool:
    """Exercise 3: the share of the test sources' whitespace tokens that never occur in the
    training sources."""
    known = {t for s in train_sources for t in word_tokenize(s)}
    tokens = [t for s in test_sources for t in word_tokenize(s)]
    expected = sum(t not in known for t in tokens) / len(tokens)
    if answer is None:
        return incorrect("`answer` is still None: a number between 0 and 1.")
    if getattr(answer, "ndim", None) == 0 and hasattr(answer, "item"):
        answer = answer.item()  # a 0-d NumPy array or torch tensor
    if isinstance(answer, bool | str) or not isinstance(answer, Real | np.floating):
        return incorrect(f"`answer` should be a number, got {type(answer).__name__}.")
    value = float(answer)
    if abs(value - expected) < 5e-5:
        return correct(f"{expected:.2%} of the test tokens are unknown with whitespace words, "
                       "among them words glued to punctuation (\"tired?\") whose bare form was "
                       "seen in training: splitting punctuation off (section 3) removes those.")
    if abs(value - 100 * expected) < 5e-3:
        return incorrect("give a share between 0 and 1, not a percentage.")
    types = {t for t in tokens}
    if abs(value - sum(t not in known for t in types) / len(types)) < 5e-5:
        return incorrect("you counted distinct words (types); count every token occurrence.")
    return incorrect("split each sentence with .split(), collect the training tokens in a set, "
                     "and divide the number of test tokens not in it by all test tokens.")
