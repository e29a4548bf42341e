"""Lesson 06's language models against their n-gram baselines, with training times.

usage: python benchmarks/lm_quality.py

Trains the two models of notebooks/06_language_models.ipynb with the notebook's settings
(keep them equal) and prints held-out quality and wall times:

* character LSTM on standard-library source (test files: textwrap, types) vs a
  Witten-Bell n-gram whose order is chosen on the validation files, in bits per character;
* word LSTM on standard-library docstrings vs the same kind of n-gram, in perplexity;
* for both, an interpolated Kneser-Ney n-gram (order chosen on the validation part), the
  stronger baseline, which these small, briefly trained LSTMs do not beat (reported only).

The notebook's target: the LSTM beats the baseline on the test split after at most 60 s
of training on 2 CPU cores (about 30 s is the plan). Run it on an otherwise idle machine.
"""

from __future__ import annotations

import os
import time

import torch

from utils.data.corpus import Corpus, batchify, tokenize_chars, tokenize_words
from utils.data.stdlib_corpus import docstring_text, python_source_splits, split_text
from utils.metrics.ngram import KneserNeyLM, NGramLM
from utils.metrics.perplexity import bits_per_char, perplexity
from utils.models.lm import RNNModel
from utils.runtime import seed_everything, use_one_cpu_thread
from utils.training.lm import evaluate, train_lm

TRAINING_BUDGET_S = 60.0


def baseline(corpus: Corpus, max_order: int) -> tuple[tuple[int, float, float], ...]:
    """Fit once; for Witten-Bell and Kneser-Ney choose the order on valid and return
    ``(order, valid nll, test nll)`` of each."""
    wb = NGramLM(max_order, len(corpus.dictionary)).fit(corpus.train.tolist())
    out = []
    for model in (wb, KneserNeyLM.from_ngram(wb)):
        valid = {n: model.nll(corpus.valid.tolist(), order=n) for n in range(1, max_order + 1)}
        order = min(valid, key=valid.get)
        out.append((order, valid[order], model.nll(corpus.test.tolist(), order=order)))
    return tuple(out)


def train(corpus: Corpus, model: RNNModel, **settings) -> tuple[float, float, float]:
    """Train; return (seconds, valid nll, test nll)."""
    start = time.perf_counter()
    train_lm(model, batchify(corpus.train, 32), progress=False, **settings)
    seconds = time.perf_counter() - start
    return (seconds, evaluate(model, batchify(corpus.valid, 1)),
            evaluate(model, batchify(corpus.test, 1)))


def main() -> None:
    use_one_cpu_thread()  # as the notebook does
    print(f"cores: {os.cpu_count()}, torch threads: {torch.get_num_threads()}")
    chars = Corpus.from_texts(*python_source_splits(), tokenize=tokenize_chars)
    (order, b_valid, b_test), (kn_order, kn_valid, kn_test) = baseline(chars, 6)
    seed_everything(0)
    s, m_valid, m_test = train(chars, RNNModel(len(chars.dictionary), 48, 128),
                               steps=800, bptt=64, lr=0.01)
    print("characters (bits per character)   valid    test")
    print(f"  {order}-gram Witten-Bell              {bits_per_char(b_valid):.4f}  "
          f"{bits_per_char(b_test):.4f}")
    print(f"  {kn_order}-gram Kneser-Ney               {bits_per_char(kn_valid):.4f}  "
          f"{bits_per_char(kn_test):.4f}")
    print(f"  LSTM 128, 800 steps              {bits_per_char(m_valid):.4f}  "
          f"{bits_per_char(m_test):.4f}   trained in {s:.1f} s")
    char_ok = m_test < b_test and s <= TRAINING_BUDGET_S

    words = Corpus.from_texts(*split_text(docstring_text(), (0.9, 0.05, 0.05)),
                              tokenize=tokenize_words, max_size=2000)
    (order, b_valid, b_test), (kn_order, kn_valid, kn_test) = baseline(words, 4)
    seed_everything(0)
    s2, m_valid, m_test = train(
        words, RNNModel(len(words.dictionary), 128, 128, dropout=0.2, tie_weights=True),
        steps=200, bptt=35, lr=0.008)
    print("words (perplexity)                   valid    test")
    print(f"  {order}-gram Witten-Bell              {perplexity(b_valid):7.2f} "
          f"{perplexity(b_test):7.2f}")
    print(f"  {kn_order}-gram Kneser-Ney               {perplexity(kn_valid):7.2f} "
          f"{perplexity(kn_test):7.2f}")
    print(f"  LSTM 128 tied, 200 steps         {perplexity(m_valid):7.2f} "
          f"{perplexity(m_test):7.2f}   trained in {s2:.1f} s")
    word_ok = m_test < b_test
    print(f"training time, both models: {s + s2:.1f} s (budget {TRAINING_BUDGET_S:.0f} s)")
    print("targets met" if char_ok and word_ok and s + s2 <= TRAINING_BUDGET_S
          else "TARGET MISSED")


if __name__ == "__main__":
    main()
