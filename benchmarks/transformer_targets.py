"""Lesson 11 targets: a small Transformer beside lesson 08's RNN, several seeds.

usage: python benchmarks/transformer_targets.py [--threads 2] [--seeds 0 1 2]
       [--task dates|translation|both] [--positions learned|sinusoidal]

- Dates (character level): the Transformer reaches ≥ 99.9 % exact match on the 5,000
  held-out dates (dates never seen in training, in any format); its training time to that
  target is printed beside lesson 08's RNN recipe, trained in the same run.
- English → Korean (word level): held-out exact match and corpus BLEU (``utils.metrics.bleu``)
  of both models after their recipes.

For every seed and model: the step at which held-out exact match first reaches the target
(measured every ``eval_every`` steps), the wall-clock and CPU seconds spent training up to
it (evaluation excluded), the final exact match, the parameter count and the time to decode
the test set greedily. On a shared machine wall time is inflated; CPU time ÷ threads is
the better estimate.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from seq2seq_targets import DATES, TRANSLATION  # noqa: E402

from utils.data.dates import date_splits  # noqa: E402
from utils.data.seq2seq import Seq2SeqData, char_tokenize, word_tokenize  # noqa: E402
from utils.data.translation import translation_splits  # noqa: E402
from utils.metrics.bleu import corpus_bleu  # noqa: E402
from utils.models.seq2seq import build_seq2seq  # noqa: E402
from utils.models.transformer import TransformerSeq2Seq  # noqa: E402
from utils.runtime import seed_everything  # noqa: E402
from utils.training.seq2seq import exact_match, predict, train_seq2seq  # noqa: E402

#: The Transformer and its recipes, as the lesson 11 notebook uses them (pre-norm, learned
#: positions for up to 64 tokens; Adam, on dates with a linear decay to 0).
TRANSFORMER = {"d_model": 64, "num_heads": 8, "num_layers": 2, "d_ff": 128, "max_len": 64}
TF_DATES = {"batch_size": 128, "lr": 0.01, "lr_decay": True, "steps": 600, "eval_every": 100,
            "target": 0.999}
TF_TRANSLATION = TRANSLATION  # lesson 08's recipe, unchanged


def build(kind: str, train: Seq2SeqData, positions: str) -> torch.nn.Module:
    if kind == "rnn":
        return build_seq2seq(len(train.src_vocab), len(train.tgt_vocab), emb_dim=32,
                             hidden_size=64, attention="dot")
    return TransformerSeq2Seq(len(train.src_vocab), len(train.tgt_vocab), positions=positions,
                              **TRANSFORMER)


def run(kind: str, train: Seq2SeqData, test: Seq2SeqData, cfg: dict, seed: int,
        positions: str, bleu: bool) -> dict:
    seed_everything(seed)
    model = build(kind, train, positions)
    history = train_seq2seq(model, train, steps=cfg["steps"], batch_size=cfg["batch_size"],
                            lr=cfg["lr"], lr_decay=cfg["lr_decay"], eval_data=test,
                            eval_every=cfg["eval_every"], target_accuracy=cfg["target"],
                            seed=seed, progress=False)
    hit = next((i for i, a in enumerate(history.eval_accuracy) if a >= cfg["target"]), None)
    start = time.perf_counter()
    tokens, _ = predict(model, test)
    decode_s = time.perf_counter() - start
    out = {"kind": kind, "seed": seed, "params": sum(p.numel() for p in model.parameters()),
           "exact": exact_match(model, test), "decode_s": decode_s,
           "steps": len(history.losses), "hit_step": None, "wall": None, "cpu": None}
    if hit is not None:
        out.update(hit_step=history.eval_steps[hit], wall=history.train_seconds[hit],
                   cpu=history.train_cpu_seconds[hit])
    if bleu:
        hyps = [" ".join(test.tgt_vocab.decode(row.tolist())) for row in tokens]
        out["bleu"] = corpus_bleu(hyps, [[t for _, t in test.pairs]]).score
    return out


def show(name: str, rows: list[dict], target: float) -> None:
    print(f"\n{name} (target {target:.1%})")
    print(f"{'model':>12} {'seed':>4} {'params':>8} {'target at step':>15} {'train wall s':>13} "
          f"{'train CPU s':>12} {'exact':>8} {'BLEU':>6} {'decode s':>9}")
    for r in rows:
        hit = "not reached" if r["hit_step"] is None else str(r["hit_step"])
        wall = "-" if r["wall"] is None else f"{r['wall']:.1f}"
        cpu = "-" if r["cpu"] is None else f"{r['cpu']:.1f}"
        bleu = f"{r['bleu']:.1f}" if "bleu" in r else "-"
        print(f"{r['kind']:>12} {r['seed']:>4} {r['params']:>8} {hit:>15} {wall:>13} {cpu:>12} "
              f"{r['exact']:>8.2%} {bleu:>6} {r['decode_s']:>9.2f}")
    for kind in dict.fromkeys(r["kind"] for r in rows):
        mine = [r for r in rows if r["kind"] == kind]
        reached = [r for r in mine if r["hit_step"] is not None]
        if reached:
            cpu = sorted(r["cpu"] for r in reached)
            print(f"{kind}: target reached by {len(reached)} of {len(mine)} seeds; CPU seconds "
                  f"to target {cpu[0]:.1f}..{cpu[-1]:.1f} (≈ ÷ {torch.get_num_threads()} threads "
                  "on idle cores)")
        else:
            print(f"{kind}: target reached by 0 of {len(mine)} seeds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--task", choices=["dates", "translation", "both"], default="both")
    parser.add_argument("--positions", choices=["learned", "sinusoidal"], default="learned")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    tasks = []
    if args.task in ("dates", "both"):
        tr, te = date_splits(DATES["n_train"], DATES["n_test"], seed=0)
        tasks.append(("dates", Seq2SeqData.from_pairs(tr, te, char_tokenize, char_tokenize),
                      DATES, TF_DATES, False))
    if args.task in ("translation", "both"):
        tr, te = translation_splits(TRANSLATION["n_train"], TRANSLATION["n_test"], seed=0)
        tasks.append(("English → Korean", Seq2SeqData.from_pairs(tr, te, word_tokenize,
                                                                 word_tokenize),
                      TRANSLATION, TF_TRANSLATION, True))
    for name, (train, test), rnn_cfg, tf_cfg, bleu in tasks:
        rows = []
        for seed in args.seeds:
            rows.append(run("rnn", train, test, rnn_cfg, seed, args.positions, bleu))
            rows.append(run("transformer", train, test, tf_cfg, seed, args.positions, bleu))
        show(f"{name}: {len(train)} train / {len(test)} test, {args.threads} threads, "
             f"{args.positions} positions", rows, tf_cfg["target"])
    print(f"\nbenchmark wall time {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
