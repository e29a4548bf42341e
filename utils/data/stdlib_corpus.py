"""Real text that every Python already ships: corpora built from the standard library.

Two corpora, both read from the running interpreter's own ``.py`` files (nothing is
downloaded, nothing is imported or executed):

* ``python_source_splits()``: the source code of fixed, sorted lists of modules (train,
  valid and test files apart), for a character model. Quotes, brackets and indentation
  make its hidden units easy to read.
* ``docstring_text()``: the docstrings of a fixed, sorted list of modules, for a word
  model (English prose about programming).

The module lists are fixed and sorted, so every machine with Python 3.11 builds the same
text. File paths never appear in the returned text. ``split_text`` cuts a text into fixed
train / valid / test parts, and ``load_text_file`` reads a plain text file of your own.
"""

from __future__ import annotations

import ast
import inspect
import sysconfig
from pathlib import Path

#: Modules whose source code makes the character corpus (pure Python, in every 3.11 build),
#: split by module: the held-out parts are files the model never saw, not just later lines.
SOURCE_MODULES: dict[str, tuple[str, ...]] = {
    "train": (
        "base64", "bisect", "calendar", "colorsys", "configparser", "contextlib", "copy",
        "csv", "dataclasses", "fnmatch", "fractions", "functools", "getopt", "gettext", "glob",
        "heapq", "hmac", "json.decoder", "json.encoder", "keyword", "numbers", "operator",
        "pprint", "queue", "random", "reprlib", "sched", "secrets", "statistics",
    ),
    "valid": ("shlex", "string"),
    "test": ("textwrap", "types"),
}

#: Modules whose docstrings make the word corpus (English prose, in every 3.11 build).
DOCSTRING_MODULES: tuple[str, ...] = (
    "argparse", "ast", "base64", "bdb", "calendar", "codecs", "configparser", "contextlib",
    "datetime", "difflib", "doctest", "enum", "fileinput", "fractions", "ftplib",
    "functools", "imaplib", "inspect", "ipaddress", "mailbox", "optparse", "os", "pathlib",
    "pdb", "pickle", "pkgutil", "platform", "pydoc", "queue", "random", "shutil", "smtplib",
    "socket", "socketserver", "ssl", "statistics", "subprocess", "tarfile", "tempfile",
    "textwrap", "threading", "timeit", "traceback", "typing", "uuid", "zipfile",
)


def _check_modules(modules: tuple[str, ...] | list[str]) -> None:
    if len(modules) == 0:
        raise ValueError("give at least one module name")
    if list(modules) != sorted(modules):
        raise ValueError("module names must be sorted, so the corpus is the same everywhere")


def module_path(name: str) -> Path:
    """The ``.py`` file of standard-library module ``name`` (e.g. ``"json.decoder"``).

    Found under ``sysconfig.get_paths()["stdlib"]`` without importing the module, so frozen
    modules (``os``, ``ntpath``, ...) work too. Raises ``ValueError`` for an unknown name.
    """
    if not name or not all(part.isidentifier() for part in name.split(".")):
        raise ValueError(f"not a module name: {name!r}")
    root = Path(sysconfig.get_paths()["stdlib"])
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    raise ValueError(f"{name!r} is not a pure-Python module of this interpreter's stdlib")


def module_source(name: str) -> str:
    """The source text of standard-library module ``name``."""
    return module_path(name).read_text(encoding="utf-8")


def python_source_text(
    modules: tuple[str, ...] | list[str], max_chars: int | None = None
) -> str:
    """The source of ``modules`` (sorted names) joined by a blank line, cut to ``max_chars``.

    Tabs are expanded to four spaces, so indentation is always spaces.
    """
    _check_modules(modules)
    if max_chars is not None and max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    text = "\n\n".join(module_source(m).expandtabs(4).strip("\n") + "\n" for m in modules)
    return text if max_chars is None else text[:max_chars]


def docstrings(source: str) -> list[str]:
    """Every docstring (module, class, function) of one Python source text, cleaned.

    Docstrings come in the order ``ast.walk`` visits them; each is dedented with
    ``inspect.cleandoc`` and its lines re-flowed into paragraphs separated by ``"\\n"``.
    """
    tree = ast.parse(source)
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, kinds):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                paragraphs = inspect.cleandoc(doc).split("\n\n")
                flowed = [" ".join(p.split()) for p in paragraphs]
                out.append("\n".join(p for p in flowed if p))
    return out


def python_source_splits(max_train_chars: int | None = None) -> tuple[str, str, str]:
    """The character corpus: train, valid and test source text from ``SOURCE_MODULES``."""
    return (
        python_source_text(SOURCE_MODULES["train"], max_train_chars),
        python_source_text(SOURCE_MODULES["valid"]),
        python_source_text(SOURCE_MODULES["test"]),
    )


def docstring_text(
    modules: tuple[str, ...] | list[str] = DOCSTRING_MODULES, max_words: int | None = 120_000
) -> str:
    """The docstrings of ``modules`` (sorted names), one paragraph a line, cut to whole
    lines holding at most ``max_words`` whitespace-separated words."""
    _check_modules(modules)
    if max_words is not None and max_words < 1:
        raise ValueError(f"max_words must be positive, got {max_words}")
    lines, n_words = [], 0
    for m in modules:
        for doc in docstrings(module_source(m)):
            for line in doc.split("\n"):
                words = len(line.split())
                if max_words is not None and n_words + words > max_words:
                    return "\n".join(lines) + "\n"
                lines.append(line)
                n_words += words
    return "\n".join(lines) + "\n"


def split_text(
    text: str, fractions: tuple[float, float, float] = (0.9, 0.05, 0.05)
) -> tuple[str, str, str]:
    """Cut ``text`` into contiguous train, valid and test parts of the given shares.

    Each cut moves forward to the next line break, so no line is split between two parts.
    """
    if len(fractions) != 3 or any(f <= 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-9:
        raise ValueError(f"fractions must be three positive shares summing to 1, got {fractions}")
    if not text:
        raise ValueError("cannot split an empty text")

    def cut(share: float) -> int:
        i = int(len(text) * share)
        j = text.find("\n", i)
        return len(text) if j == -1 else j + 1

    a = cut(fractions[0])
    b = max(a, cut(fractions[0] + fractions[1]))
    train, valid, test = text[:a], text[a:b], text[b:]
    if not (train and valid and test):
        raise ValueError("text is too short (or has too few lines) to split into three parts")
    return train, valid, test


def load_text_file(path: str | Path, encoding: str = "utf-8") -> str:
    """Read a plain text file of your own, to train on instead of the standard library.

    Raises ``FileNotFoundError`` when it does not exist and ``ValueError`` when it is not a
    file, is empty (or only whitespace) or is not text in ``encoding``.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"no file at {str(path)!r}: put a plain text file there (or fix the path)"
        )
    if not path.is_file():
        raise ValueError(f"{str(path)!r} is a folder, not a text file")
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as err:
        raise ValueError(f"{path.name!r} is not {encoding} text: {err.reason}") from err
    if not text.strip():
        raise ValueError(f"{path.name!r} is empty: a language model needs text to learn from")
    return text
