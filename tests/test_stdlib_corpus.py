"""Corpora from the standard library: fixed, path-free, split cleanly; the own-file loader."""

import sysconfig

import pytest

from utils.data.stdlib_corpus import (
    DOCSTRING_MODULES,
    SOURCE_MODULES,
    docstring_text,
    docstrings,
    load_text_file,
    module_path,
    module_source,
    python_source_splits,
    python_source_text,
    split_text,
)


def test_module_lists_are_sorted_and_splits_disjoint():
    for names in (*SOURCE_MODULES.values(), DOCSTRING_MODULES):
        assert list(names) == sorted(names)
    train, valid, test = (set(SOURCE_MODULES[k]) for k in ("train", "valid", "test"))
    assert not (train & valid or train & test or valid & test)


def test_module_path_finds_plain_packaged_and_frozen_modules():
    assert module_path("textwrap").name == "textwrap.py"
    assert module_path("json.decoder").parts[-2:] == ("json", "decoder.py")
    assert module_path("os").name == "os.py"  # frozen at start-up, still read from its file
    with pytest.raises(ValueError, match="not a pure-Python module"):
        module_path("no_such_module_xyz")
    with pytest.raises(ValueError, match="not a module name"):
        module_path("../etc/passwd")


def test_source_splits_are_the_modules_joined_and_hold_no_paths():
    train, valid, test = python_source_splits()
    assert valid == python_source_text(("shlex", "string"))
    assert valid.startswith(module_source("shlex").expandtabs(4).strip("\n") + "\n\n")
    assert train.startswith('#! /usr/bin/env python3\n\n"""Base16, Base32, Base64')
    assert len(train) > 400_000 and 20_000 < len(valid) < 40_000 and 20_000 < len(test) < 40_000
    stdlib = sysconfig.get_paths()["stdlib"]
    for part in (train, valid, test):
        assert stdlib not in part and "\t" not in part
    assert python_source_splits(1000)[0] == train[:1000]


def test_docstrings_are_found_dedented_and_reflowed():
    src = '''"""Module doc."""
def f():
    """First line
    goes on.

    Second paragraph."""
class C:
    def g(self):
        "Method doc."
'''
    assert docstrings(src) == ["Module doc.", "First line goes on.\nSecond paragraph.",
                               "Method doc."]


def test_docstring_text_is_capped_at_whole_lines():
    full = docstring_text(max_words=None)
    short = docstring_text(max_words=500)
    assert full.startswith("Command-line parsing library\n")
    assert full.startswith(short)
    assert 450 < len(short.split()) <= 500
    assert 60_000 < len(full.split()) < 120_000
    with pytest.raises(ValueError, match="sorted"):
        docstring_text(["textwrap", "argparse"])
    with pytest.raises(ValueError, match="at least one"):
        docstring_text([])


def test_split_text_cuts_at_line_breaks_in_the_given_shares():
    text = "".join(f"line {i:03d}\n" for i in range(100))  # 9 chars a line
    train, valid, test = split_text(text, (0.8, 0.1, 0.1))
    assert train + valid + test == text
    assert (len(train), len(valid), len(test)) == (729, 90, 81)
    assert all(part.endswith("\n") for part in (train, valid, test))
    with pytest.raises(ValueError, match="summing to 1"):
        split_text(text, (0.5, 0.2, 0.2))
    with pytest.raises(ValueError, match="too short"):
        split_text("one line only\n")
    with pytest.raises(ValueError, match="empty"):
        split_text("")


def test_load_text_file_reads_text_and_explains_problems(tmp_path):
    good = tmp_path / "mine.txt"
    good.write_text("Hello, model.\n", encoding="utf-8")
    assert load_text_file(good) == "Hello, model.\n"
    with pytest.raises(FileNotFoundError, match="no file at"):
        load_text_file(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ValueError, match="is empty"):
        load_text_file(empty)
    with pytest.raises(ValueError, match="folder"):
        load_text_file(tmp_path)
    binary = tmp_path / "data.bin"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match="not utf-8 text"):
        load_text_file(binary)
