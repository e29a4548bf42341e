"""Exercise checks for lesson 10 (BLEU). Each prints ✅/❌ with an explanation and returns a
bool; none raises on a wrong answer."""

from __future__ import annotations

import math
from typing import Any

from utils.feedback import correct, incorrect
from utils.metrics.bleu import corpus_bleu, sentence_bleu, to_tokens

#: Exercise 1: the classic degenerate output (Papineni et al., 2002).
CLIP_HYPOTHESIS = "the the the the the the the"
CLIP_REFERENCES = ("the cat is on the mat", "there is a cat on the mat")

#: Exercise 3: a short sentence translated perfectly and a long one translated badly.
CORPUS_HYPOTHESES = (
    "the cat sat on the mat",
    "a dog is running in the park near the old house",
)
CORPUS_REFERENCES = (
    "the cat sat on the mat",
    "the dog runs through the park next to an old house",
)


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool) or answer is None:
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def check_clipped_precision(answer: Any) -> bool:
    """Exercise 1: the clipped unigram precision of ``CLIP_HYPOTHESIS`` (a fraction 0–1)."""
    if answer is None:
        return incorrect("`answer` is still None: replace it with a number between 0 and 1.")
    value = _number(answer)
    if value is None:
        return incorrect(f"`answer` should be a number, got {type(answer).__name__}.")
    if value > 1:
        return incorrect(f"{value} is above 1: give a fraction (e.g. 0.25), not a percentage.")
    if math.isclose(value, 2 / 7, abs_tol=5e-4):  # 0.286 typed by hand counts
        return correct("\"the\" occurs at most twice in one reference, so only 2 of the 7 "
                       "hypothesis words count: 2/7 ≈ 0.286.")
    if math.isclose(value, 1.0):
        return incorrect("that is the unclipped precision: every \"the\" is in a reference, "
                         "but a reference word may be matched only as often as it occurs there.")
    if math.isclose(value, 3 / 7):
        return incorrect("you added the counts of both references (2 + 1). The clip is the "
                         "*maximum* count in any single reference.")
    if math.isclose(value, 1 / 7):
        return incorrect("close: look at the first reference; how many times does it say "
                         "\"the\"?")
    return incorrect("count the hypothesis words (7), and for \"the\" the largest number of "
                     "times it appears in one reference; precision = clipped matches / 7.")


BP_CASES = ((10, 10), (12, 10), (9, 10), (5, 10), (1, 4), (0, 3), (3, 0))


def _bp(c: int, r: int) -> float:
    if c >= r:
        return 1.0
    return math.exp(1 - r / c) if c > 0 else 0.0


def check_brevity_penalty(fn: Any) -> bool:
    """Exercise 2: a function ``fn(c, r)`` returning BLEU's brevity penalty."""
    if fn is None:
        return incorrect("`brevity_penalty` is still None: define a function of (c, r).")
    if not callable(fn):
        return incorrect(f"`brevity_penalty` should be a function, got {type(fn).__name__}.")
    for c, r in BP_CASES:
        try:
            got = _number(fn(c, r))
        except ZeroDivisionError:
            return incorrect(f"fn({c}, {r}) divides by zero. An empty hypothesis (c = 0) "
                             f"gets BP = 0; when c ≥ r there is no penalty (BP = 1).")
        except Exception as err:  # report it: a check never raises
            return incorrect(f"fn({c}, {r}) raised {type(err).__name__}: {err}")
        if got is None:
            return incorrect(f"fn({c}, {r}) should return a number.")
        expected = _bp(c, r)
        if math.isclose(got, expected, abs_tol=1e-12):
            continue
        if c < r and c > 0 and math.isclose(got, c / r):
            return incorrect(f"fn({c}, {r}) = {got:.4f} = c/r: that is the lecture's simplified "
                             f"penalty. BLEU uses exp(1 − r/c) = {expected:.4f}.")
        if c > r and got != 1.0:
            return incorrect(f"fn({c}, {r}) = {got:.4f}: a hypothesis longer than the reference "
                             f"is not penalised by BP (precision already pays for extra words); "
                             f"return 1.")
        if c > 0 and r > 0 and math.isclose(got, math.exp(1 - c / r)):
            return incorrect(f"fn({c}, {r}): r and c are swapped; the penalty is exp(1 − r/c).")
        return incorrect(f"fn({c}, {r}) = {got:.4f}, expected {expected:.4f}.")
    return correct("BP = 1 when c ≥ r, exp(1 − r/c) when 0 < c < r, and 0 for an empty output.")


def corpus_problem() -> tuple[list[str], list[list[str]]]:
    """Exercise 3's hypotheses and references in sacreBLEU's layout (one stream)."""
    return list(CORPUS_HYPOTHESES), [list(CORPUS_REFERENCES)]


def check_corpus_bleu(answer: Any) -> bool:
    """Exercise 3: corpus BLEU (13a, no smoothing) of ``corpus_problem()``, on a 0–100 scale."""
    if answer is None:
        return incorrect("`answer` is still None: replace it with the corpus BLEU (0–100).")
    value = _number(answer)
    if value is None:
        return incorrect(f"`answer` should be a number, got {type(answer).__name__}.")
    hyps, refs = corpus_problem()
    expected = corpus_bleu(hyps, refs, smooth_method="none").score
    sentence = [sentence_bleu(h, [r], smooth_method="none").score for h, r in
                zip(hyps, refs[0], strict=True)]
    if 0 < value <= 1 and math.isclose(100 * value, expected, abs_tol=5e-3):
        return incorrect("right value on a 0–1 scale; sacreBLEU reports 0–100: multiply by 100.")
    if math.isclose(value, expected, abs_tol=5e-3):  # the two decimals BLEU is quoted with
        return correct(f"corpus BLEU = {expected:.2f}, while the mean of the sentence scores "
                       f"is {sum(sentence) / len(sentence):.2f}: corpus BLEU pools the n-gram "
                       f"counts before dividing, so the long sentence weighs more.")
    if math.isclose(value, sum(sentence) / len(sentence), abs_tol=1e-6):
        return incorrect("that is the mean of the two sentence BLEU scores. Corpus BLEU sums "
                         "matched and total n-gram counts (and lengths) over the sentences "
                         "first, then computes one score from the sums.")
    n_words = sum(len(to_tokens(h)) for h in hyps)
    return incorrect(f"expected a number near the corpus score. Hint: sum the statistics of "
                     f"`segment_statistics` for both sentences ({n_words} hypothesis tokens in "
                     f"all), then `bleu_from_statistics(..., smooth_method=\"none\")`.")
