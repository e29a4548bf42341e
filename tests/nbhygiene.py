"""Notebook hygiene: what strict nbval cannot see.

nbval skips cells that were never executed and never compares images, so a notebook can
pass it while being stale or broken. ``problems(nb)`` lists what is wrong with a stored
notebook: unexecuted or empty code cells, execution counts that are not 1, 2, 3, ... in
order, error outputs, widget views without saved widget state, absolute paths from an
author's machine, missing course sections, and cells hidden from nbval that check nothing.

A cell is *hidden* from nbval when it carries ``NBVAL_IGNORE_OUTPUT`` (or a skip marker), or
when a sanitiser of ``tests/sanitize.cfg`` whose replacement is in ``<angle brackets>``
blanks a number in its output (``utils.claims.measured``, ``report_close``). A hidden cell
must assert the claim the lesson makes from it (``assert``, ``assert_claim(``,
``report_close(`` or a ``check_`` call), unless it only shows a timing ("12.3 s (measured)").
Run this file to print each notebook's compared / asserted / ignored counts (the README's
lesson table shows them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from nbval.plugin import get_sanitize_patterns

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/])(/(home|Users|root|tmp|work|mnt|var/folders)/|[A-Za-z]:\\\\Users\\\\)"
)
REQUIRED_HEADINGS = ("exercise", "summary", "glossary")
SANITIZE_CFG = Path(__file__).with_name("sanitize.cfg")
#: Sanitisers whose replacement starts with "<" hide a number the lesson draws a claim from.
HIDING_PATTERNS = [
    re.compile(regex)
    for regex, replace in get_sanitize_patterns(SANITIZE_CFG.read_text(encoding="utf-8"))
    if replace.startswith("<")
]
ASSERTS = re.compile(r"\bassert\b|\bassert_claim\(|\breport_close\(|\bcheck_\w*\(")
TIMING = re.compile(r"\(measured\)")


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def ignored_by_nbval(cell: dict[str, Any]) -> bool:
    """True when nbval does not compare this cell's output (marker comment or tag)."""
    src = _source(cell)
    tags = cell.get("metadata", {}).get("tags", [])
    return any(m in src for m in ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP")) or any(
        t in tags for t in ("nbval-ignore-output", "nbval-skip")
    )


def _output_text(cell: dict[str, Any]) -> str:
    parts = []
    for out in cell.get("outputs", []):
        text = out.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
        for key, value in out.get("data", {}).items():
            if key.startswith("text/"):
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def hidden_from_nbval(cell: dict[str, Any]) -> bool:
    """True when nbval does not compare some number of this cell (marker or sanitiser)."""
    text = _output_text(cell)
    return ignored_by_nbval(cell) or any(p.search(text) for p in HIDING_PATTERNS)


def asserts_its_claim(cell: dict[str, Any]) -> bool:
    """True when the cell's code asserts something: ``assert``, ``assert_claim``,
    ``report_close`` or a ``check_...`` call."""
    return bool(ASSERTS.search(_source(cell)))


def is_timing(cell: dict[str, Any]) -> bool:
    """True when the cell shows a timing (sanitised as "T (measured)")."""
    return bool(TIMING.search(_output_text(cell)))


def nbval_counts(nb: dict[str, Any]) -> tuple[int, int, int]:
    """(compared, asserted, ignored): code cells nbval compares in full; cells hidden from it
    that assert their claim; hidden cells that assert nothing (timings only, when clean)."""
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    hidden = [c for c in code if hidden_from_nbval(c)]
    asserted = sum(asserts_its_claim(c) for c in hidden)
    return len(code) - len(hidden), asserted, len(hidden) - asserted


def problems(nb: dict[str, Any]) -> list[str]:
    """Every hygiene problem of one notebook (an empty list when it is clean)."""
    found: list[str] = []
    cells = nb.get("cells", [])
    code = [c for c in cells if c.get("cell_type") == "code"]
    for i, c in enumerate(code, start=1):
        if not _source(c).strip():
            found.append(f"code cell {i} is empty")
        elif c.get("execution_count") is None:
            found.append(f"code cell {i} was never executed")
    counts = [c.get("execution_count") for c in code if _source(c).strip()]
    if None not in counts and counts != list(range(1, len(counts) + 1)):
        found.append(f"execution counts are not 1..{len(counts)} in order: {counts}")
    for i, c in enumerate(code, start=1):
        for out in c.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"code cell {i} has an error output ({out.get('ename')})")
    views = {
        out["data"][WIDGET_VIEW]["model_id"]
        for c in code
        for out in c.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    }
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    missing = sorted(views - set(state))
    if missing:
        found.append(f"{len(missing)} widget view(s) without saved widget state")
    match = ABSOLUTE_PATH.search(json.dumps(nb))
    if match:
        found.append(f"absolute path from an author's machine: {match.group(0)!r}")
    markdown = "\n".join(_source(c) for c in cells if c.get("cell_type") == "markdown").lower()
    for word in REQUIRED_HEADINGS:
        if word not in markdown:
            found.append(f"no {word} section")
    for i, c in enumerate(code, start=1):
        if hidden_from_nbval(c) and not asserts_its_claim(c) and not is_timing(c):
            found.append(
                f"code cell {i} is hidden from nbval but asserts nothing: add an assert_claim(...) "
                "or assert for what the lesson concludes from it"
            )
    return found


def load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main() -> None:
    """Print each notebook's nbval counts: compared / asserted / ignored."""
    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        compared, asserted, ignored = nbval_counts(load(path))
        print(f"{path.name:40s} {compared} / {asserted} / {ignored}")


if __name__ == "__main__":
    main()
