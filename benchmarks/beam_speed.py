"""Batched beam search against a one-sentence-at-a-time loop on the Part IV test sets.

For the date test set (characters) and the English→Korean test set (words) a small
attention model is trained briefly (so that it emits <eos> like a real model), then every
test sentence is decoded with k = 5 twice: all sentences in one batch, and one sentence per
call. The outputs must be identical; the target is a speed ratio of at least 10. The test
sets have Part IV's sizes (5,000 dates, 1,000 sentences) unless ``--n-test`` says otherwise.

    .venv/bin/python benchmarks/beam_speed.py [--k 5] [--n-test N]
"""

from __future__ import annotations

import argparse
import time

import torch

from utils.data.dates import date_splits
from utils.data.seq2seq import Seq2SeqData, char_tokenize, word_tokenize
from utils.data.translation import translation_splits
from utils.decoding.beam import beam_search
from utils.models.seq2seq import build_seq2seq
from utils.runtime import seed_everything
from utils.training.seq2seq import train_seq2seq

#: The held-out set sizes of lessons 07–08 (benchmarks/seq2seq_targets.py).
PART_IV_TEST_SIZES = {"dates": 5000, "translation": 1000}


def task(name: str, n_test: int) -> tuple[Seq2SeqData, Seq2SeqData]:
    if name == "dates":
        train, test = date_splits(3000, n_test, seed=0)
        return Seq2SeqData.from_pairs(train, test, char_tokenize, char_tokenize)
    train, test = translation_splits(2000, n_test, seed=0)
    return Seq2SeqData.from_pairs(train, test, word_tokenize, word_tokenize)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--n-test", type=int, default=None)
    parser.add_argument("--train-steps", type=int, default=60)
    args = parser.parse_args()
    torch.set_num_threads(1)
    ok = True
    for name in ("dates", "translation"):
        train, test = task(name, args.n_test or PART_IV_TEST_SIZES[name])
        seed_everything(0)
        model = build_seq2seq(len(train.src_vocab), len(train.tgt_vocab), emb_dim=32,
                              hidden_size=32, attention="dot")
        train_seq2seq(model, train, steps=args.train_steps, batch_size=64, lr=0.01,
                      progress=False)
        max_len = int(test.tgt_lengths.max()) + 2
        batch = test.batch(torch.arange(len(test)))
        t0 = time.perf_counter()
        batched = beam_search(model, batch.src, batch.src_lengths, k=args.k, max_len=max_len)
        t_batched = time.perf_counter() - t0
        t0 = time.perf_counter()
        single = []
        for i in range(len(test)):
            one = test.batch([i])
            single.append(beam_search(model, one.src, one.src_lengths, k=args.k,
                                      max_len=max_len).hypotheses[0])
        t_single = time.perf_counter() - t0
        pairs = list(zip(batched.hypotheses, single, strict=True))
        same_best = all(a[0].tokens == b[0].tokens for a, b in pairs)
        # Lower in the n-best list, two hypotheses whose scores differ by ~1e-6 may swap:
        # float32 sums round differently in a batch of 5,000 than in a batch of 1.
        ties = sum([h.tokens for h in a] != [h.tokens for h in b] for a, b in pairs)
        same_scores = all(
            len(a) == len(b) and all(abs(x - y) < 1e-4 for x, y in zip(
                sorted(h.score for h in a), sorted(h.score for h in b), strict=True))
            for a, b in pairs
        )
        ratio = t_single / t_batched
        ok &= same_best and same_scores and ratio >= 10
        print(f"{name:12s} {len(test)} sentences, k = {args.k}: batched {t_batched:.2f} s, "
              f"one at a time {t_single:.2f} s, ratio {ratio:.1f}×; best outputs "
              f"{'identical' if same_best else 'DIFFERENT'}, n-best lists identical but for "
              f"{ties} float near-tie swaps")
    print("target (≥ 10×, identical outputs):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
