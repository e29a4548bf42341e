"""Exercise checks for lesson 09 (decoding). Each prints ✅/❌ with an explanation and returns a
bool; none raises on a wrong answer."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from utils.decoding.beam import beam_search, count_sequences, length_penalty
from utils.feedback import correct, incorrect, whole_number
from utils.models.next_token_table import WORKED_EXAMPLE, NextTokenTable
from utils.viz.beam_widgets import hypothesis_text

#: Exercise 1: a vocabulary of 10 tokens (<eos> included) and outputs of at most 5 tokens.
COUNT_VOCAB, COUNT_MAX_LEN = 10, 5
#: Exercise 2: the worked example with a wider beam.
BEAM_K, BEAM_STEP = 3, 2


def check_sequence_count(answer: Any) -> bool:
    """Exercise 1: how many complete outputs (``<eos>`` last, at most ``COUNT_MAX_LEN``
    tokens) exist with a vocabulary of ``COUNT_VOCAB`` tokens?"""
    if answer is None:
        return incorrect("`answer` is still None: replace it with a whole number.")
    got = whole_number(answer)
    if got is None:
        return incorrect(f"`answer` should be a whole number, got {answer!r}.")
    answer = got
    want = count_sequences(COUNT_VOCAB, COUNT_MAX_LEN)
    if answer == want:
        return correct(f"{want} = 1 + 9 + 9² + 9³ + 9⁴: an output of t tokens is t − 1 "
                       "non-<eos> tokens followed by <eos>. Add one token and the count grows "
                       "about ninefold; that is why exhaustive search is only a reference.")
    if answer == COUNT_VOCAB ** COUNT_MAX_LEN:
        return incorrect("V^T counts every string of exactly 5 tokens, <eos> anywhere. A "
                         "complete output stops at its first <eos>: count, for t = 1..5, "
                         "the outputs of t − 1 ordinary tokens followed by <eos>.")
    if answer == (COUNT_VOCAB - 1) ** (COUNT_MAX_LEN - 1):
        return incorrect("that counts only the outputs of exactly 5 tokens; shorter ones "
                         "(ending earlier with <eos>) count too.")
    return incorrect("an output of t tokens is t − 1 of the 9 ordinary tokens, then <eos>: "
                     "(V − 1)^(t − 1) of them. Sum over t = 1..5.")


def expected_live(k: int = BEAM_K, step: int = BEAM_STEP) -> list[str]:
    """The live hypotheses (best first) of the worked example after ``step`` steps."""
    toy = NextTokenTable(WORKED_EXAMPLE)
    trace = beam_search(toy, torch.ones(1, 1, dtype=torch.long), torch.tensor([1]), k=k,
                        max_len=10, trace=True).traces[0]
    return [hypothesis_text(e.tokens, toy.vocab.itos) for e in trace.live[step - 1]]


def check_live_hypotheses(answer: Any) -> bool:
    """Exercise 2: the live hypotheses after step ``BEAM_STEP`` of the worked example with
    ``k = BEAM_K``, as strings ("I was"), best first."""
    if answer is None:
        return incorrect("`answer` is still None: replace it with a list of strings.")
    if isinstance(answer, str) or not isinstance(answer, list | tuple):
        return incorrect(f"`answer` should be a list of strings, got {type(answer).__name__}.")
    got = [" ".join(str(a).split()) for a in answer]
    want = expected_live()
    if got == want:
        return correct(f"{want}: with k = 3 the beam keeps \"I got\" ({-1.8}), which k = 2 "
                       "pruned. All six two-word candidates are ranked by their summed "
                       "log-probability.")
    if len(got) != BEAM_K:
        return incorrect(f"the beam keeps k = {BEAM_K} hypotheses, you gave {len(got)}.")
    if sorted(got) == sorted(want):
        return incorrect("the right hypotheses, in the wrong order: best (highest summed "
                         "log-probability) first.")
    if any(len(g.split()) != BEAM_STEP for g in got):
        return incorrect(f"after step {BEAM_STEP} each hypothesis has {BEAM_STEP} words.")
    return incorrect("step 1 keeps the 3 best first words; step 2 extends each with every "
                     "word and keeps the 3 best sums, e.g. log P(I was) = −0.7 − 0.9 = −1.6. "
                     "Words not in the table share the left-over probability.")


def check_gnmt_score(answer: Any) -> bool:
    """Exercise 3: a function ``gnmt(log_prob, length, alpha)`` returning the GNMT score
    ``log_prob / ((5 + length)^α / 6^α)``."""
    if answer is None:
        return incorrect("`answer` is still None: set it to your function (no brackets).")
    if not isinstance(answer, Callable):
        return incorrect(f"`answer` should be a function, got {type(answer).__name__}.")
    cases = [(-4.1, 5, 0.6), (-4.5, 7, 0.6), (-2.0, 1, 1.0), (-3.0, 3, 0.0), (-6.0, 10, 1.0)]
    for log_prob, length, alpha in cases:
        want = log_prob / length_penalty(length, "gnmt", alpha)
        try:
            got = float(answer(log_prob, length, alpha))
        except Exception as err:  # noqa: BLE001 - report any error from the learner's code
            return incorrect(f"calling it with ({log_prob}, {length}, {alpha}) raised "
                             f"{type(err).__name__}: {err}")
        if math.isclose(got, want, rel_tol=1e-6):
            continue
        if math.isclose(got, log_prob / length, rel_tol=1e-6):
            return incorrect("that is the average (1/t) normalisation; GNMT divides by "
                             "((5 + t) / 6)^α instead.")
        if math.isclose(got, log_prob * length_penalty(length, "gnmt", alpha), rel_tol=1e-6):
            return incorrect("you multiplied by the length penalty: divide by it, so that "
                             "longer outputs are penalised less.")
        return incorrect(f"for log P = {log_prob}, t = {length}, α = {alpha} you return "
                         f"{got:.4f}, expected {want:.4f}.")
    return correct("α = 0 gives the plain sum and a larger α favours longer outputs, but "
                   "even α = 1 is not the average: it divides by (5 + t)/6, not by t. "
                   "0.6 to 0.7 is the usual choice.")
