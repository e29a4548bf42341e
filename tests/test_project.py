"""Project-level promises: set-up cells, README commands, CI script, pins, lint."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from nbhygiene import load

from utils.runtime import COURSE_REPO

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def first_code_cell(path: Path) -> str:
    cell = next(c for c in load(path)["cells"] if c["cell_type"] == "code")
    return "".join(cell["source"])


def canonical_setup_cell() -> str:
    """The set-up cell as CONTRIBUTING.md spells it (its first python block)."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    return "\n".join(line.removeprefix("   ") for line in block.splitlines()).strip("\n")


def test_canonical_setup_cell_uses_the_course_address():
    src = canonical_setup_cell()
    assert f'COURSE_REPO = "{COURSE_REPO}"' in src
    assert "requirements-colab.txt" in src and "seed_everything(0)" in src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_setup_cell(path):
    """Colab fetch from the one course address, seeds fixed, one thread, device picked."""
    assert first_code_cell(path) == canonical_setup_cell()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_listed_in_readme_with_colab_link(path):
    assert f"notebooks/{path.name}" in README
    assert f"colab.research.google.com/github/{COURSE_REPO.split('github.com/')[1]}" \
           f"/blob/main/notebooks/{path.name}" in README


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text()
    install, test = [line for line in ci.splitlines() if line.startswith(".venv/bin/") or
                     line.startswith("python3.11")]
    assert install in README, "the README's install command differs from .ci/run's"
    assert f"\n{test}\n" in README, "the README's test command differs from .ci/run's"


def test_requirements_are_pinned():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and line != "-e .":
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", line), f"unpinned: {line}"
    pins = dict(
        line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line
    )
    for line in (ROOT / "requirements-colab.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            assert pins[name] == version, f"{name} pinned differently for Colab"


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
