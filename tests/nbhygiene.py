"""Notebook hygiene: what strict nbval cannot see.

nbval skips cells that were never executed and never compares images, so a notebook can
pass it while being stale or broken. ``problems(nb)`` lists what is wrong with a stored
notebook: unexecuted or empty code cells, execution counts that are not 1, 2, 3, ... in
order, error outputs, widget views without saved widget state, absolute paths from an
author's machine, missing course sections, and too many cells hidden from nbval.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/])(/(home|Users|root|tmp|work|mnt|var/folders)/|[A-Za-z]:\\\\Users\\\\)"
)
REQUIRED_HEADINGS = ("exercise", "summary", "glossary")
MAX_IGNORED_SHARE = 0.25


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
    ignored = sum(ignored_by_nbval(c) for c in code)
    if code and ignored / len(code) > MAX_IGNORED_SHARE:
        found.append(f"nbval ignores {ignored} of {len(code)} code cells")
    return found


def load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)
