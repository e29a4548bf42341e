"""Every lesson widget works in a real browser: JupyterLab in Debian's headless Chromium.

One test per notebook with lesson widgets: open it at 1280×800, run it up to its last
widget, move every control, and check what the learner sees (see ``tests/browser.py`` for
the checks and their thresholds). Skipped without ``/usr/bin/chromium`` or ``playwright``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

from browser import (  # noqa: E402
    CHROMIUM,
    Lab,
    check_notebook,
    chromium,
    jupyter_lab,
    widget_notebooks,
)
from playwright.sync_api import Browser  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} "
                       "(Debian: apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    """A private JupyterLab on the repository, for the whole module."""
    with jupyter_lab() as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, for the whole module."""
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("notebook", widget_notebooks(), ids=lambda p: p.stem)
def test_lesson_widgets_work_in_jupyterlab(lab: Lab, browser: Browser, notebook: Path) -> None:
    """Every lesson widget of ``notebook`` updates on every move, fits the screen, shows
    sharp undistorted pictures and uncut text, and nothing logs an error."""
    failures = check_notebook(browser, lab, notebook).failure_lines()
    if failures:
        pytest.fail(f"{len(failures)} problems:\n" + "\n".join(failures), pytrace=False)
