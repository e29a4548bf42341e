"""LSTM vs GRU on the long-range task: speed, accuracy, and the "GRU for small data" rule.

usage: .venv/bin/python benchmarks/lstm_vs_gru.py [--quick]

Prints the numbers lesson 05 quotes:
1. CPU time of one forward + backward pass (batch 64, length 42, hidden 32), per kind.
2. Held-out accuracy and training CPU time at gap 40 (2000 sequences, 10 epochs), seeds
   0-2, for LSTM and GRU with the remembering gate bias at 3 (SequenceClassifier's
   default: forget gate f, update gate z) and with PyTorch's default initialisation.
3. The folk rule: accuracy against the training-set size (50 ... 1600 sequences, about 200
   updates each whatever the size, gaps 20 and 40, both models with the remembering gate
   bias of 3), seeds 0-3.
Runs on one thread (torch.set_num_threads(1)) so CPU times compare fairly; a few minutes.
"""

from __future__ import annotations

import sys

import numpy as np
import torch

from utils.analysis.lstm_vs_gru import (
    compare_data_sizes,
    time_forward_backward,
    train_and_evaluate,
)


def main(quick: bool = False) -> None:
    torch.set_num_threads(1)
    print("1. one forward + backward pass, batch 64 x length 42, hidden 32 (median CPU ms)")
    ms = {k: 1000 * time_forward_backward(k, repeats=10 if quick else 40)
          for k in ("rnn", "lstm", "gru")}
    for k, v in ms.items():
        print(f"   {k.upper():5s} {v:6.2f} ms   ({v / ms['rnn']:.1f}x the RNN)")

    print("\n2. gap 40, 2000 training sequences, 10 epochs: held-out accuracy, training CPU s")
    seeds = [0] if quick else [0, 1, 2]
    for label, kind, bias in (("LSTM (forget bias 3)", "lstm", 3.0),
                              ("GRU (update bias 3)", "gru", 3.0),
                              ("LSTM (PyTorch default)", "lstm", None),
                              ("GRU (PyTorch default)", "gru", None)):
        runs = [train_and_evaluate(kind, 40, memory_bias=bias, seed=s) for s in seeds]
        accs = " ".join(f"{r.accuracy:.3f}" for r in runs)
        secs = np.mean([r.seconds for r in runs])
        print(f"   {label:22s} accuracy per seed: {accs}   mean train time {secs:.1f} s")

    sizes = [50, 200] if quick else [50, 100, 200, 400, 1600]
    seeds = [0, 1] if quick else [0, 1, 2, 3]
    for gap in [20] if quick else [20, 40]:
        print(f"\n3. accuracy vs training-set size (gap {gap}, ~200 updates, seeds {seeds})")
        res = compare_data_sizes(["lstm", "gru"], sizes, seeds, gap=gap, steps=200)
        print("   n_train" + "".join(f"{k.upper():>20s}" for k in res) + "   per seed (LSTM | GRU)")
        for i, n in enumerate(sizes):
            cells = "".join(f"{res[k][i].mean():>11.3f} ± {res[k][i].std():.3f}" for k in res)
            seeds_txt = " | ".join(" ".join(f"{a:.2f}" for a in res[k][i]) for k in res)
            print(f"   {n:7d}{cells}   {seeds_txt}")
        diffs = res["gru"].mean(axis=1) - res["lstm"].mean(axis=1)
        print("   GRU - LSTM mean accuracy by size: " + ", ".join(f"{d:+.3f}" for d in diffs))

if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
