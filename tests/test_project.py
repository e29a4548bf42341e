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


def readme_commands() -> tuple[str, str]:
    """The README's install command (without opening JupyterLab) and its test command."""
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    install = next(b for b in blocks if b.startswith("python3.11 -m venv"))
    test = next(b for b in blocks if "pytest" in b)
    return install.split(" && .venv/bin/jupyter")[0], test


def test_ci_runs_the_readme_commands_in_a_fresh_clone():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    install, test = readme_commands()
    assert install in ci, "the README's install command differs from .ci/run's"
    assert test in ci, "the README's test command differs from .ci/run's"
    assert any(line.startswith("git clone") for line in ci), ".ci/run must test a fresh clone"
    assert any("check_portable.py --env" in line for line in ci), \
        ".ci/run must run nbval under a perturbed numeric environment too"


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


def tracked_files() -> list[tuple[str, str]]:
    """(git mode, path) of every tracked file; skips when this is not a git checkout."""
    result = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    return [(line.split()[0], line.split("\t", 1)[1]) for line in result.stdout.splitlines()]


def test_no_symlink_is_tracked():
    """A symlink points into its author's machine; a fresh clone cannot use it."""
    links = [path for mode, path in tracked_files() if mode == "120000"]
    assert links == [], f"tracked symlinks: {links}"


def test_no_virtual_environment_is_tracked():
    venvs = [path for _, path in tracked_files()
             if path.split("/")[0] in (".venv", "venv", "env") or path.endswith("pyvenv.cfg")]
    assert venvs == [], f"a virtual environment is tracked: {venvs[:5]}"


@pytest.mark.parametrize("path", [".venv", ".venv/bin/python"])
def test_gitignore_ignores_the_readme_venv_as_folder_or_link(path):
    result = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT)
    assert result.returncode == 0, f"{path} is not ignored by .gitignore"
