"""How fast is the from-scratch ``utils.metrics.bleu.corpus_bleu`` next to sacreBLEU's?

usage: python benchmarks/bleu_speed.py [--pairs 10000] [--repeats 5]

Generates sentence pairs (a reference of 5–30 words with punctuation, and a hypothesis
that drops, swaps and replaces some of its words), scores them with both implementations
(13a tokenisation, "exp" smoothing: both libraries' defaults), checks that the scores are
equal, and prints the best CPU time (``time.process_time``) of several repeats.
Target: ours ≤ 1.5 × sacreBLEU's time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sacrebleu  # noqa: E402

from utils.metrics.bleu import corpus_bleu  # noqa: E402

TARGET_RATIO = 1.5


def make_pairs(n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """``n`` (hypothesis, reference) strings over a Zipf-like vocabulary of 2,000 words."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(2000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    hyps, refs = [], []
    for _ in range(n):
        ref = rng.choices(vocab, weights, k=rng.randint(5, 30))
        ref[0] = ref[0].capitalize()
        hyp = [w for w in ref if rng.random() > 0.1]  # drop ~10 %
        for i in range(len(hyp)):
            if rng.random() < 0.15:  # replace ~15 %
                hyp[i] = rng.choices(vocab, weights)[0]
        if len(hyp) > 3 and rng.random() < 0.5:  # swap two neighbours
            i = rng.randrange(len(hyp) - 1)
            hyp[i], hyp[i + 1] = hyp[i + 1], hyp[i]
        refs.append(" ".join(ref[:-1]) + f", {ref[-1]}.")
        hyps.append(" ".join(hyp) + ("." if rng.random() < 0.9 else "!"))
    return hyps, refs


def best_time(fn, repeats: int) -> tuple[float, object]:
    """The smallest CPU time of ``repeats`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    hyps, refs = make_pairs(args.pairs)
    # sacrebleu.corpus_bleu builds a new BLEU object (and tokenizer cache) on every call,
    # so repeats do not profit from its tokenizer's lru_cache
    t_ours, ours = best_time(lambda: corpus_bleu(hyps, [refs]), args.repeats)
    t_sacre, theirs = best_time(lambda: sacrebleu.corpus_bleu(hyps, [refs]), args.repeats)
    assert abs(ours.score - theirs.score) < 1e-9, (ours.score, theirs.score)
    ratio = t_ours / t_sacre
    print(f"{args.pairs} sentence pairs, BLEU = {ours.score:.4f} (both)")
    print(f"utils.metrics.bleu.corpus_bleu: {t_ours:.3f} s CPU (best of {args.repeats})")
    print(f"sacrebleu.corpus_bleu:  {t_sacre:.3f} s CPU (best of {args.repeats})")
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(f"ratio {ratio:.2f} × sacreBLEU ({verdict} the ≤ {TARGET_RATIO} × target)")
    return ratio


if __name__ == "__main__":
    main()
