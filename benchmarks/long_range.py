"""Accuracy against gap on the long-range memory task, for the vanilla RNN, LSTM and GRU.

usage: python benchmarks/long_range.py [--gaps 5 10 20 30 40 50] [--seeds 0 1 2]

Trains ``utils.analysis.long_range.train_long_range`` (its defaults: hidden 32, 2,000 training
sequences, 10 epochs of Adam, lr 0.01) once per kind, gap and seed, and prints held-out
accuracy (mean over seeds, and the worst seed) plus the CPU time (``time.process_time``)
of one training run. Chance is 1/8 = 0.125.
Target: LSTM and GRU ≥ 0.95 at a gap where the RNN is near chance; one run ~1–3 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from utils.analysis.long_range import train_long_range  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gaps", type=int, nargs="+", default=[5, 10, 20, 30, 40, 50])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--kinds", nargs="+", default=["rnn", "lstm", "gru"])
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"held-out accuracy: mean over seeds {args.seeds} (worst seed); chance 0.125")
    print("| kind | " + " | ".join(f"gap {g}" for g in args.gaps) + " | CPU s / run |")
    print("|---|" + "---|" * (len(args.gaps) + 1))
    for kind in args.kinds:
        cells, seconds = [], []
        for gap in args.gaps:
            accs = []
            for seed in args.seeds:
                start = time.process_time()
                accs.append(train_long_range(kind, gap, seed=seed))
                seconds.append(time.process_time() - start)
            cells.append(f"{sum(accs) / len(accs):.2f} ({min(accs):.2f})")
        print(f"| {kind} | " + " | ".join(cells) + f" | {sum(seconds) / len(seconds):.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
