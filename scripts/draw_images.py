"""(Re)draw every static image of the course into ``img/``.

usage: python scripts/draw_images.py [--out DIR]

Each image is drawn by a function of ``utils.viz.diagrams`` and written as
``<DIR>/<name>.svg`` (``DIR`` defaults to the repository's ``img/``). Drawing twice gives
byte-identical files, so ``git status`` shows an image as changed only when its drawing
changed. Prints each file it wrote, with its size.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure

from utils.viz.diagrams import (
    draw_attention,
    draw_beam_tree,
    draw_bleu_pipeline,
    draw_encoder_decoder,
    draw_gru_cell,
    draw_lstm_cell,
    draw_rnn_unrolled,
    save_svg,
)

IMG = Path(__file__).resolve().parent.parent / "img"

#: image name → the function that draws it; written to ``<out>/<name>.svg``.
IMAGES: dict[str, Callable[[], Figure]] = {
    "rnn_unrolled": draw_rnn_unrolled,
    "lstm_cell": draw_lstm_cell,
    "gru_cell": draw_gru_cell,
    "encoder_decoder": draw_encoder_decoder,
    "attention": draw_attention,
    "beam_tree": draw_beam_tree,
    "bleu_pipeline": draw_bleu_pipeline,
}


def draw_images(out: Path = IMG) -> list[Path]:
    """Draw every image of :data:`IMAGES` into ``out`` (created if missing); return the
    paths written, in the order of :data:`IMAGES`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in IMAGES.items():
        path = save_svg(draw(), out / f"{name}.svg")
        print(f"wrote {path} ({path.stat().st_size / 1024:.1f} kB)")
        written.append(path)
    stale = sorted(p.name for p in out.glob("*.svg") if p.stem not in IMAGES)
    if stale:
        print(f"warning: {out} holds SVGs this script does not draw: {', '.join(stale)}")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMG,
                        help=f"folder to write the SVGs to (default: {IMG})")
    draw_images(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
