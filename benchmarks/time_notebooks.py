"""Time every notebook top to bottom, as a learner would run it (outputs are not saved).

usage: python benchmarks/time_notebooks.py [PREFIX ...]

Prints one row per notebook with its wall time and whether it meets the course's 90 s
budget on 2 CPU cores. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from run_notebooks import execute_notebook, notebook_paths  # noqa: E402

BUDGET_S = 90.0


def main(argv: list[str]) -> None:
    print(f"{'notebook':<40} {'seconds':>8}  within {BUDGET_S:.0f} s  (cores: {os.cpu_count()})")
    total = 0.0
    for path in notebook_paths(argv):
        _, seconds = execute_notebook(path)
        total += seconds
        verdict = "yes" if seconds <= BUDGET_S else "NO"
        print(f"{path.name:<40} {seconds:8.1f}  {verdict}", flush=True)
    print(f"{'total':<40} {total:8.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
