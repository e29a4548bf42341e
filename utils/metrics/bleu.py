"""BLEU from scratch, equal to sacreBLEU 2.x (``sacrebleu.corpus_bleu`` / ``sentence_bleu``).

BLEU compares a hypothesis (the system's output) with one or more references:

* ``p_n``, the **clipped n-gram precision** for n = 1..4: each hypothesis n-gram counts as
  matched at most as often as it occurs in the reference that has most of it;
* their **geometric mean** ``exp(Σ log p_n / N)``;
* the **brevity penalty** ``BP = min(1, exp(1 − r / c))`` for a hypothesis length ``c``
  shorter than the reference length ``r`` (the reference length closest to ``c``; on a
  tie, the shorter one).

``BLEU = 100 · BP · exp(Σ log p_n / N)``. At the corpus level the matched and total n-gram
counts and the lengths are **summed over sentences first**, then combined once; that is
not the mean of sentence scores. Smoothing (``"none"``, ``"floor"``, ``"add-k"``,
``"exp"``) gives a zero precision a small value so that a short sentence is not scored 0.

Text is split into tokens by ``tokenize_13a`` (the rules of WMT's ``mteval-v13a.pl``, which
are sacreBLEU's default) or only on white space (``tokenize="none"``).

References follow sacreBLEU's layout: ``corpus_bleu(hypotheses, references)`` takes a list
of reference **streams**, each as long as ``hypotheses`` (stream ``j`` holds every
sentence's ``j``-th reference); an entry may be ``None`` when a sentence has fewer
references than others.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_ORDER = 4
SMOOTH_METHODS = ("none", "floor", "add-k", "exp")
#: Default smoothing values: ``floor`` uses 0.1 and ``add-k`` uses k = 1 (Chen & Cherry 2014).
SMOOTH_DEFAULTS = {"floor": 0.1, "add-k": 1.0}
TOKENIZERS = ("13a", "none")

# --- tokenisation ---------------------------------------------------------------------------

# ASCII punctuation that always becomes its own token: everything except the apostrophe,
# the hyphen, the period and the comma (and letters and digits). The space is listed only
# because mteval's character range includes it; spaces collapse at the end anyway.
_SYMBOLS = "{|}~" + "[\\]^_`" + ' !"#$%&' + "()*+" + ":;<=>?@" + "/"
_SPLIT_RULES = (
    (re.compile("([" + re.escape(_SYMBOLS) + "])"), r" \1 "),
    (re.compile(r"([^0-9])([.,])"), r"\1 \2 "),  # period or comma after a non-digit
    (re.compile(r"([.,])([^0-9])"), r" \1 \2"),  # period or comma before a non-digit
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),  # a dash after a digit
)
_ENTITIES = (("&quot;", '"'), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"))


def tokenize_13a(line: str) -> str:
    """mteval-v13a tokenisation, as sacreBLEU's default ``"13a"``; returns space-joined tokens.

    1. Remove ``<skipped>``, join words hyphenated across a line break (``"-\\n"``), turn
       other line breaks into spaces, and decode ``&quot; &amp; &lt; &gt;``.
    2. Put spaces around ASCII symbols other than ``' - . ,``.
    3. Split off a period or comma unless it sits between two digits (``3.14``, ``1,000``
       stay whole).
    4. Split off a dash that follows a digit (``1990-2000`` → ``1990 - 2000``).
    5. Collapse runs of white space.

    ``tokenize_13a("Hello, world! It costs $3.50.") == "Hello , world ! It costs $ 3.50 ."``
    """
    line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in line:
        for entity, char in _ENTITIES:
            line = line.replace(entity, char)
    line = f" {line} "
    for pattern, replacement in _SPLIT_RULES:
        line = pattern.sub(replacement, line)
    return " ".join(line.split())


def to_tokens(text: str, *, tokenizer: str = "13a", lowercase: bool = False) -> list[str]:
    """Text → list of tokens, as BLEU sees it (trailing white space is dropped first)."""
    if not isinstance(text, str):
        raise ValueError(f"expected a string, got {type(text).__name__}: {text!r}")
    if tokenizer not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {tokenizer!r}; choose one of {TOKENIZERS}")
    if lowercase:
        text = text.lower()
    text = text.rstrip()
    return (tokenize_13a(text) if tokenizer == "13a" else text).split()


# --- n-gram statistics ----------------------------------------------------------------------


def ngram_counts(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """How often each n-gram (a tuple of ``n`` tokens) occurs in ``tokens``.

    ``ngram_counts("a b a b".split(), 2) == Counter({("a", "b"): 2, ("b", "a"): 1})``.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def word_precision_recall(
    hypothesis: Sequence[str], reference: Sequence[str]
) -> tuple[float, float, float]:
    """Bag-of-words ``(precision, recall, F1)`` of a hypothesis against one reference.

    The overlap counts each word at most as often as it occurs in both (a multiset
    intersection); precision = overlap / len(hypothesis), recall = overlap / len(reference),
    F1 = their harmonic mean. Word order plays no part, which is the point of the lesson.
    """
    if not hypothesis or not reference:
        raise ValueError("hypothesis and reference must both have at least one token")
    overlap = sum((Counter(hypothesis) & Counter(reference)).values())
    precision, recall = overlap / len(hypothesis), overlap / len(reference)
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def max_reference_counts(
    references: Sequence[Sequence[str]], n: int
) -> Counter[tuple[str, ...]]:
    """Per n-gram, the largest count in any one reference: the clip for the hypothesis."""
    clip: Counter[tuple[str, ...]] = Counter()
    for ref in references:
        for gram, count in ngram_counts(ref, n).items():
            if count > clip[gram]:
                clip[gram] = count
    return clip


def clipped_matches(
    hypothesis: Sequence[str], references: Sequence[Sequence[str]], n: int
) -> tuple[Counter[tuple[str, ...]], int]:
    """``(matched, total)``: each hypothesis n-gram's clipped match count, and how many
    n-grams the hypothesis has. ``sum(matched.values()) / total`` is the modified precision."""
    hyp = ngram_counts(hypothesis, n)
    clip = max_reference_counts(references, n)
    matched = Counter({g: min(c, clip[g]) for g, c in hyp.items() if g in clip})
    return matched, max(len(hypothesis) - n + 1, 0)


def closest_ref_length(hyp_len: int, ref_lens: Sequence[int]) -> int:
    """The reference length closest to the hypothesis length (the shorter one on a tie)."""
    if not ref_lens:
        raise ValueError("need at least one reference length")
    return min(ref_lens, key=lambda r: (abs(hyp_len - r), r))


def brevity_penalty(sys_len: int, ref_len: int) -> float:
    """``1`` if the hypothesis is not shorter than the reference, else ``exp(1 − r / c)``
    (``0`` for an empty hypothesis)."""
    if sys_len < 0 or ref_len < 0:
        raise ValueError(f"lengths must be non-negative, got {sys_len}, {ref_len}")
    if sys_len >= ref_len:
        return 1.0
    return math.exp(1 - ref_len / sys_len) if sys_len > 0 else 0.0


def segment_statistics(
    hypothesis: Sequence[str], references: Sequence[Sequence[str]], max_order: int = MAX_ORDER
) -> list[int]:
    """BLEU's sufficient statistics of one tokenised sentence:
    ``[sys_len, ref_len, matched_1..matched_N, total_1..total_N]`` (length ``2 + 2N``).

    Summing these lists over sentences and then calling ``bleu_from_statistics`` gives
    corpus BLEU.
    """
    if not references:
        raise ValueError("each hypothesis needs at least one reference")
    hyp_len = len(hypothesis)
    matched = [0] * max_order
    totals = [max(hyp_len - n, 0) for n in range(max_order)]
    for n in range(1, max_order + 1):
        if totals[n - 1] == 0:
            break
        hyp = ngram_counts(hypothesis, n)
        if len(references) == 1:
            clip = ngram_counts(references[0], n)
        else:
            clip = max_reference_counts(references, n)
        matched[n - 1] = sum(min(c, clip[g]) for g, c in hyp.items() if g in clip)
    ref_len = closest_ref_length(hyp_len, [len(r) for r in references])
    return [hyp_len, ref_len, *matched, *totals]


# --- the score ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BLEUScore:
    """A BLEU result, with the same fields as sacreBLEU's ``BLEUScore``.

    ``score`` and ``precisions`` are percentages (0–100); ``counts[n-1]`` / ``totals[n-1]``
    are the matched (clipped) and total hypothesis n-grams (raw, before any smoothing);
    ``bp`` the brevity penalty; ``sys_len`` / ``ref_len`` the hypothesis and (closest)
    reference lengths in tokens, summed over the corpus.
    """

    score: float
    counts: list[int]
    totals: list[int]
    precisions: list[float]
    bp: float
    sys_len: int
    ref_len: int
    effective_order: int = field(default=MAX_ORDER)

    @property
    def ratio(self) -> float:
        """Hypothesis length / reference length."""
        return self.sys_len / self.ref_len if self.ref_len else 0.0

    def __str__(self) -> str:
        prec = "/".join(f"{p:.1f}" for p in self.precisions)
        return (f"BLEU = {self.score:.2f} {prec} (BP = {self.bp:.3f} ratio = {self.ratio:.3f} "
                f"hyp_len = {self.sys_len} ref_len = {self.ref_len})")


def _check_smoothing(smooth_method: str, smooth_value: float | None) -> float:
    if smooth_method not in SMOOTH_METHODS:
        raise ValueError(f"unknown smooth_method {smooth_method!r}; choose one of {SMOOTH_METHODS}")
    value = SMOOTH_DEFAULTS.get(smooth_method, 0.0) if smooth_value is None else smooth_value
    if smooth_method in SMOOTH_DEFAULTS and not value > 0:
        raise ValueError(f"smooth_value for {smooth_method!r} must be positive, got {value}")
    return float(value)


def bleu_from_statistics(
    stats: Sequence[int],
    *,
    smooth_method: str = "exp",
    smooth_value: float | None = None,
    effective_order: bool = False,
) -> BLEUScore:
    """BLEU from summed statistics ``[sys_len, ref_len, matched_1..N, total_1..N]``.

    Smoothing of a precision whose matched count is 0 (Chen & Cherry, 2014):

    * ``"none"``: it stays 0, so BLEU is 0;
    * ``"floor"``: ``p_n = smooth_value / total_n`` (default 0.1);
    * ``"add-k"``: for n ≥ 2 every precision becomes ``(matched + k) / (total + k)``
      (default k = 1), matched or not;
    * ``"exp"`` (sacreBLEU's default, NIST's): the k-th zero precision becomes
      ``1 / (2^k · total_n)``.

    An order with no hypothesis n-gram at all (a sentence shorter than n) ends the product:
    with ``effective_order`` the mean runs over the orders before it, otherwise BLEU is 0.
    If nothing matches at all, BLEU is 0 whatever the smoothing (as in sacreBLEU).
    """
    if len(stats) < 4 or len(stats) % 2:
        raise ValueError(f"stats must be [sys_len, ref_len, matched..., totals...], got {stats}")
    value = _check_smoothing(smooth_method, smooth_value)
    max_order = (len(stats) - 2) // 2
    sys_len, ref_len = int(stats[0]), int(stats[1])
    counts = [int(c) for c in stats[2:2 + max_order]]
    totals = [int(t) for t in stats[2 + max_order:]]
    bp = brevity_penalty(sys_len, ref_len)
    precisions = [0.0] * max_order
    if not any(counts):
        return BLEUScore(0.0, counts, totals, precisions, bp, sys_len, ref_len, max_order)

    order = max_order
    zeros_so_far = 0
    for n in range(1, max_order + 1):
        matched, total = float(counts[n - 1]), float(totals[n - 1])
        if smooth_method == "add-k" and n > 1:
            matched, total = matched + value, total + value
        if total == 0:
            break
        if effective_order:
            order = n
        if matched == 0:
            if smooth_method == "exp":
                zeros_so_far += 1
                precisions[n - 1] = 100.0 / (2.0**zeros_so_far * total)
            elif smooth_method == "floor":
                precisions[n - 1] = 100.0 * value / total
        else:
            precisions[n - 1] = 100.0 * matched / total

    used = precisions[:order]
    if min(used) == 0.0:
        score = 0.0
    else:
        score = bp * math.exp(sum(math.log(p) for p in used) / order)
    return BLEUScore(score, counts, totals, precisions, bp, sys_len, ref_len, order)


def _check_options(tokenize: str, max_order: int) -> None:
    if tokenize not in TOKENIZERS:
        raise ValueError(f"unknown tokenize {tokenize!r}; choose one of {TOKENIZERS}")
    if not isinstance(max_order, int) or max_order < 1:
        raise ValueError(f"max_order must be a positive int, got {max_order!r}")


def corpus_bleu(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str | None]],
    *,
    smooth_method: str = "exp",
    smooth_value: float | None = None,
    tokenize: str = "13a",
    lowercase: bool = False,
    use_effective_order: bool = False,
    max_order: int = MAX_ORDER,
) -> BLEUScore:
    """Corpus BLEU of ``hypotheses`` (one string per sentence) against reference streams.

    ``references[j][i]`` is the ``j``-th reference of sentence ``i`` (``None`` if sentence
    ``i`` has fewer references), exactly as ``sacrebleu.corpus_bleu`` takes them. Matched and
    total n-gram counts and lengths are summed over all sentences, then combined once.
    Defaults match sacreBLEU's: 13a tokenisation, ``"exp"`` smoothing, 4-grams.
    """
    _check_options(tokenize, max_order)
    _check_smoothing(smooth_method, smooth_value)
    if isinstance(hypotheses, str) or not isinstance(hypotheses, Sequence):
        raise ValueError("hypotheses must be a list of strings, one per sentence")
    if len(hypotheses) == 0:
        raise ValueError("hypotheses is empty: BLEU needs at least one sentence")
    if isinstance(references, str) or not isinstance(references, Sequence) or not references:
        raise ValueError("references must be a non-empty list of reference streams "
                         "(lists of strings, each as long as hypotheses)")
    for j, stream in enumerate(references):
        if isinstance(stream, str) or not isinstance(stream, Sequence):
            raise ValueError(
                f"references[{j}] must be a list of strings (one reference per hypothesis); "
                f"for one reference per sentence pass [refs], not refs"
            )
        if len(stream) != len(hypotheses):
            raise ValueError(
                f"reference stream {j} has {len(stream)} sentences but there are "
                f"{len(hypotheses)} hypotheses"
            )

    def tok(text: str) -> list[str]:
        return to_tokens(text, tokenizer=tokenize, lowercase=lowercase)

    totals = [0] * (2 + 2 * max_order)
    for i, hyp in enumerate(hypotheses):
        refs = [stream[i] for stream in references if stream[i] is not None]
        if not refs:
            raise ValueError(f"sentence {i} has no reference (every stream holds None)")
        stats = segment_statistics(tok(hyp), [tok(r) for r in refs], max_order)
        for k, s in enumerate(stats):
            totals[k] += s
    return bleu_from_statistics(totals, smooth_method=smooth_method, smooth_value=smooth_value,
                                effective_order=use_effective_order)


def sentence_bleu(
    hypothesis: str,
    references: Sequence[str | None],
    *,
    smooth_method: str = "exp",
    smooth_value: float | None = None,
    tokenize: str = "13a",
    lowercase: bool = False,
    use_effective_order: bool = True,
    max_order: int = MAX_ORDER,
) -> BLEUScore:
    """BLEU of one hypothesis against its references (a list of strings).

    Same defaults as ``sacrebleu.sentence_bleu`` (which, unlike the corpus version, uses the
    effective order so that a sentence shorter than 4 tokens is not scored 0).
    """
    if not isinstance(hypothesis, str):
        raise ValueError(f"hypothesis must be a string, got {type(hypothesis).__name__}")
    if isinstance(references, str):
        raise ValueError("references must be a list of strings: wrap a single one as [ref]")
    refs = [r for r in references if r is not None]
    if not refs:
        raise ValueError("sentence_bleu needs at least one reference")
    return corpus_bleu([hypothesis], [[r] for r in refs], smooth_method=smooth_method,
                       smooth_value=smooth_value, tokenize=tokenize, lowercase=lowercase,
                       use_effective_order=use_effective_order, max_order=max_order)
