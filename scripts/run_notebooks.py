"""Re-execute the course notebooks top to bottom and store their outputs in place.

usage: python scripts/run_notebooks.py [PREFIX ...]    e.g. ``01 02``; none means all

Each notebook runs in a fresh kernel of this Python, from the ``notebooks/`` folder, and
is saved with its outputs and its widget state (so widgets render on nbviewer and the
hygiene test finds their state). Prints each notebook's wall time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebook_paths(prefixes: list[str]) -> list[Path]:
    """The notebooks whose names start with one of ``prefixes`` (all when empty), sorted."""
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if prefixes:
        paths = [p for p in paths if any(p.name.startswith(x) for x in prefixes)]
        if not paths:
            raise SystemExit(f"no notebook in {NOTEBOOKS.name}/ starts with {prefixes}")
    return paths


def execute_notebook(path: Path) -> tuple[nbformat.NotebookNode, float]:
    """Run one notebook in a fresh kernel; return it with outputs and its wall time (s)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


def main(argv: list[str]) -> None:
    for path in notebook_paths(argv):
        nb, seconds = execute_notebook(path)
        nbformat.write(nb, path)
        print(f"{path.name}: {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
