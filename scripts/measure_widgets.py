"""Measure every lesson widget in JupyterLab in headless Chromium at 1280×800.

usage: python scripts/measure_widgets.py [PREFIX ...]    e.g. ``04 09``; none means all

Runs what ``tests/test_browser.py`` runs (``tests/browser.py`` does the work) and prints one
row per widget: notebook, cell, kind, size (the largest over all the moves) and the
notebook's visible size (``vis``), each picture's natural and shown size as first drawn, each
check's verdict and each control's slowest update; a line per notebook with its run time and
its errors; then every failure in full. Exits 1 when a check fails.
Needs ``/usr/bin/chromium`` and the ``playwright`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import (  # noqa: E402
    CHECKS,
    NotebookReport,
    WidgetReport,
    check_notebook,
    chromium,
    jupyter_lab,
    widget_notebooks,
)

#: Column headers of the checks, in the order of ``CHECKS``.
CHECK_HEADERS = {"updates": "upd", "fits": "fit", "images": "img", "text": "txt",
                 "tracks": "trk", "captions": "cap"}
HEADER = (f"{'nb':<3}{'cell':>4}  {'kind':<58} {'size':>8} {'vis':>7}  "
          f"{'images natural→shown':<32} " + " ".join(f"{CHECK_HEADERS[c]:<4}" for c in CHECKS)
          + " slowest update per control")


def widget_row(w: WidgetReport) -> str:
    """One widget's measurements and verdicts, as one table row."""
    images = "; ".join(f"{nw}×{nh}→{sw:.0f}×{sh:.0f}" for nw, nh, sw, sh in w.images) or "-"
    latencies = "; ".join(f"{control} {'none' if ms is None else f'{ms:.0f} ms'}"
                          for control, ms in w.latencies().items())
    verdicts = " ".join(f"{'FAIL' if c in w.failures else 'ok':<4}" for c in CHECKS)
    return (f"{w.notebook[:2]:<3}{w.cell:>4}  {w.kind:<58} {w.width:>4.0f}×{w.height:<3.0f} "
            f"{w.panel_width:>3.0f}×{w.panel_height:<3.0f}  {images:<32} {verdicts} {latencies}")


def main(prefixes: list[str]) -> int:
    """Measure the notebooks whose names start with one of ``prefixes`` (all when none)."""
    paths = [p for p in widget_notebooks() if not prefixes or p.name.startswith(tuple(prefixes))]
    if not paths:
        raise SystemExit(f"no notebook with a lesson widget starts with {prefixes}")
    print(HEADER, flush=True)
    reports: list[NotebookReport] = []
    with jupyter_lab() as lab, chromium() as browser:
        for path in paths:
            report = check_notebook(browser, lab, path)
            reports.append(report)
            for widget in report.widgets:
                print(widget_row(widget), flush=True)
            print(f"{report.notebook[:2]:<3}{'':>4}  ran in {report.run_seconds:.0f} s, all "
                  f"done in {report.total_seconds:.0f} s; errors (console, page, Python): "
                  f"{'FAIL' if report.errors else 'ok'}", flush=True)
    failures = [line for report in reports for line in report.failure_lines()]
    print(f"\n{len(failures)} failures" + ("" if not failures else ":"))
    for line in failures:
        print(f"- {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
