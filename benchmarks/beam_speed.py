"""Batched beam search against a one-sentence-at-a-time loop, on the Part IV test sets and
on lesson 12's real test set.

For the date test set (characters) and the English→Korean test set (words) a small
attention model is trained briefly (so that it emits <eos> like a real model); for the
real test set (the 800 English → French Tatoeba test sources) lesson 12's model
(``benchmarks/translation_targets.py``'s ``RECIPE``) is trained for ``--real-steps`` steps.
Then every test sentence is decoded with k = 5 twice: all sentences in one batch, and one
sentence per call. The outputs must be identical; the targets are a speed ratio of at
least 10 on the Part IV sets and at least 20 on the real one. The Part IV test sets have
their lessons' sizes (5,000 dates, 1,000 sentences) unless ``--n-test`` says otherwise.

    .venv/bin/python benchmarks/beam_speed.py [--k 5] [--n-test N] [--threads 1] [--task real]
"""

from __future__ import annotations

import argparse
import time

import torch
from translation_targets import RECIPE, build

from utils.analysis.translation import train_translation
from utils.data.dates import date_splits
from utils.data.parallel import tatoeba_en_fr
from utils.data.seq2seq import Seq2SeqData, char_tokenize, word_tokenize
from utils.data.translation import translation_splits
from utils.decoding.beam import beam_search
from utils.decoding.translate import default_max_len
from utils.models.seq2seq import build_seq2seq
from utils.runtime import seed_everything
from utils.training.seq2seq import train_seq2seq

#: The held-out set sizes of lessons 07–08 (benchmarks/seq2seq_targets.py).
PART_IV_TEST_SIZES = {"dates": 5000, "translation": 1000}
TARGETS = {"dates": 10, "translation": 10, "real": 20}


def task(name: str, n_test: int) -> tuple[Seq2SeqData, Seq2SeqData]:
    if name == "dates":
        train, test = date_splits(3000, n_test, seed=0)
        return Seq2SeqData.from_pairs(train, test, char_tokenize, char_tokenize)
    train, test = translation_splits(2000, n_test, seed=0)
    return Seq2SeqData.from_pairs(train, test, word_tokenize, word_tokenize)


def trained_model(name: str, train: Seq2SeqData, steps: int) -> torch.nn.Module:
    """A model that emits <eos> like a trained one: Part IV's small one, or lesson 12's."""
    if name == "real":
        data = tatoeba_en_fr()
        model = build(data, RECIPE)
        train_translation(model, data, steps=steps, batch_size=RECIPE["batch_size"],
                          lr=RECIPE["lr"], eval_every=steps, progress=False)
        return model
    seed_everything(0)
    model = build_seq2seq(len(train.src_vocab), len(train.tgt_vocab), emb_dim=32,
                          hidden_size=32, attention="dot")
    train_seq2seq(model, train, steps=steps, batch_size=64, lr=0.01, progress=False)
    return model


def matmul_rate(rows: int, inner: int, cols: int, repeats: int = 5) -> float:
    """This machine's float32 matrix-product rate (FLOP/s) on a product of the output
    layer's shape: the ceiling for a search whose time is spent in such products."""
    a, b = torch.randn(rows, inner), torch.randn(inner, cols)
    a @ b
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * rows * inner * cols * repeats / (time.perf_counter() - start)


def search_flops(model: torch.nn.Module, test: Seq2SeqData, k: int, max_len: int) -> float:
    """Floating-point operations of the matrix products in one batched search (profiler)."""
    batch = test.batch(torch.arange(len(test)))
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU],
                                with_flops=True) as prof:
        beam_search(model, batch.src, batch.src_lengths, k=k, max_len=max_len)
    return float(sum(e.flops for e in prof.key_averages() if e.flops))


def compare(name: str, model: torch.nn.Module, test: Seq2SeqData, k: int, max_len: int
            ) -> tuple[bool, float]:
    """Decode ``test`` batched and one sentence at a time; print times and agreement.
    Returns whether the targets are met, and the seconds of the one-at-a-time loop."""
    model.eval()
    batch = test.batch(torch.arange(len(test)))
    t0, c0 = time.perf_counter(), time.process_time()
    batched = beam_search(model, batch.src, batch.src_lengths, k=k, max_len=max_len)
    t_batched, c_batched = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    single = []
    for i in range(len(test)):
        one = test.batch([i])
        single.append(beam_search(model, one.src, one.src_lengths, k=k,
                                  max_len=max_len).hypotheses[0])
    t_single, c_single = time.perf_counter() - t0, time.process_time() - c0
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
    print(f"{name:12s} {len(test)} sentences, k = {k}: batched {t_batched:.2f} s "
          f"(CPU {c_batched:.2f} s), one at a time {t_single:.2f} s (CPU {c_single:.2f} s), "
          f"ratio {ratio:.1f}× (CPU {c_single / c_batched:.1f}×); best outputs "
          f"{'identical' if same_best else 'DIFFERENT'}, n-best lists identical but for "
          f"{ties} float near-tie swaps")
    return same_best and same_scores and ratio >= TARGETS[name], t_single


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--n-test", type=int, default=None)
    parser.add_argument("--train-steps", type=int, default=60)
    parser.add_argument("--real-steps", type=int, default=500)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--task", choices=["all", *TARGETS], default="all")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    ok = True
    for name in TARGETS:
        if args.task not in ("all", name):
            continue
        if name == "real":
            test = tatoeba_en_fr().test
            model = trained_model(name, test, args.real_steps)
            max_len = default_max_len(int(test.src_lengths.max()))
        else:
            train, test = task(name, args.n_test or PART_IV_TEST_SIZES[name])
            model = trained_model(name, train, args.train_steps)
            max_len = int(test.tgt_lengths.max()) + 2
        met, t_single = compare(name, model, test, args.k, max_len)
        ok &= met
        if name == "real":  # how close is the batched search to this CPU's arithmetic limit?
            flops = search_flops(model, test, args.k, max_len)
            out = model.decoder.out
            rate = matmul_rate(len(test) * args.k, out.in_features, out.out_features)
            print(f"{'':12s} the batched search does {flops / 1e9:.1f} GFLOP in matrix products; "
                  f"at this CPU's rate for the output layer's product ({rate / 1e9:.0f} GFLOP/s) "
                  f"they alone take {flops / rate:.2f} s, so no search that does them can "
                  f"beat the loop by more than {t_single * rate / flops:.1f}× here")
    print(f"targets (≥ {TARGETS['dates']}× on Part IV, ≥ {TARGETS['real']}× on the real test "
          f"set, identical outputs, {args.threads} thread(s)):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
