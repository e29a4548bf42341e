"""Every picture a lesson shows from ``img/`` exists, and every file in ``img/`` is shown."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IMAGE_LINK = re.compile(r'<img\s[^>]*src="([^"]+)"|!\[[^\]]*\]\(([^)\s]+)')


def image_links(text: str) -> list[str]:
    """The targets of ``<img src="…">`` tags and ``![alt](…)`` links in markdown."""
    return [a or b for a, b in IMAGE_LINK.findall(text)]


def referenced_images() -> dict[Path, list[str]]:
    """Resolved image path → the notebooks that show it (from their markdown cells)."""
    found: dict[Path, list[str]] = {}
    for nb_path in NOTEBOOKS:
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            for link in image_links("".join(cell["source"])):
                assert "://" not in link and not link.startswith("/"), (
                    f"{nb_path.name}: {link!r} must be a relative path into img/ "
                    "(the course works offline)")
                found.setdefault((nb_path.parent / link).resolve(), []).append(nb_path.name)
    return found


def test_image_links_are_found_in_both_syntaxes():
    text = 'a <img src="../img/a.svg" alt="x" width="5"> b ![alt](../img/b.png) c'
    assert image_links(text) == ["../img/a.svg", "../img/b.png"]


def test_every_referenced_image_exists_in_img():
    refs = referenced_images()
    assert refs, "no lesson shows a picture from img/"
    for path, notebooks in refs.items():
        assert path.parent == ROOT / "img", f"{notebooks} show {path}, outside img/"
        assert path.is_file(), f"{notebooks} show {path.name}, which img/ lacks"


def test_every_file_in_img_is_shown_by_a_lesson():
    shown = set(referenced_images())
    unused = [p.name for p in sorted((ROOT / "img").iterdir()) if p.resolve() not in shown]
    assert not unused, f"img/ files no lesson shows: {unused}"
