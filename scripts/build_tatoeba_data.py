"""Rebuild the course's ``data/`` Tatoeba files from the full exports.

usage: python scripts/build_tatoeba_data.py [SOURCE_DIR]   (default: ../shared/data/tatoeba)

- ``data/eng-fra.txt.gz``: the lines of ``eng-fra.txt`` whose English, cleaned as the course
  cleans it (``utils.data.tatoeba.clean``: lower case, Unicode NFC, white space, typographic
  apostrophes → ASCII), starts with one of ``TUTORIAL_PREFIXES`` ("i am", "he is", "she is",
  "you are", "we are", "they are" and their contractions): the PyTorch tutorial's subset, at
  every length. The lines are kept byte for byte, in file order.
- ``data/eng-kor.txt.gz``: ``eng-kor.txt`` whole (with its attribution column).

Both are written with gzip level 9 and no name or time stamp in the header, so the same
input gives the same bytes. Only this script reads the full exports; the course reads
``data/``.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils.data.tatoeba import TUTORIAL_PREFIXES, clean  # noqa: E402


def write_gz(lines: list[str], path: Path) -> None:
    """``lines`` (each without its newline) as a reproducible gzip file."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as f:
        f.write(data)
    print(f"{path.relative_to(ROOT)}: {len(lines):,} lines, {path.stat().st_size:,} bytes, "
          f"SHA-256 of the text {hashlib.sha256(data).hexdigest()}")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/tatoeba"
    out = ROOT / "data"
    fra = (source / "eng-fra.txt").read_text(encoding="utf-8").splitlines()
    kept = [line for line in fra if clean(line.split("\t")[0]).startswith(TUTORIAL_PREFIXES)]
    print(f"eng-fra.txt: {len(fra):,} lines, {len(kept):,} in the tutorial subset")
    write_gz(kept, out / "eng-fra.txt.gz")
    write_gz((source / "eng-kor.txt").read_text(encoding="utf-8").splitlines(),
             out / "eng-kor.txt.gz")


if __name__ == "__main__":
    main()
