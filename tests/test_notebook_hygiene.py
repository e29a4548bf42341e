"""Every stored notebook is clean, and the hygiene check does catch a dirty one."""

import copy
import re
from pathlib import Path

import pytest
from nbhygiene import load, nbval_counts, problems

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_clean(path):
    assert problems(load(path)) == []


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 3


CLEAN = {
    "cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": "# T\n## Exercises\n## Summary\n## Glossary"},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "x = 1",
         "outputs": []},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "source": "x", "outputs": [
            {"output_type": "execute_result", "execution_count": 2, "metadata": {},
             "data": {"text/plain": "1"}}]},
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def dirty(change):
    nb = copy.deepcopy(CLEAN)
    change(nb)
    return nb


def test_clean_notebook_passes():
    assert problems(CLEAN) == []


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda nb: nb["cells"][2].update(execution_count=None), "never executed"),
        (lambda nb: nb["cells"][1].update(source="  "), "empty"),
        (lambda nb: nb["cells"][1].update(execution_count=3), "not 1..2 in order"),
        (lambda nb: nb["cells"][2].update(execution_count=5), "not 1..2 in order"),
        (lambda nb: nb["cells"][2]["outputs"].append(
            {"output_type": "error", "ename": "ValueError", "evalue": "", "traceback": []}),
         "error output (ValueError)"),
        (lambda nb: nb["cells"][2]["outputs"][0]["data"].update(
            {"application/vnd.jupyter.widget-view+json": {"model_id": "abc"}}),
         "without saved widget state"),
        (lambda nb: nb["cells"][1].update(source="open('/home/alice/data.txt')"), "absolute path"),
        (lambda nb: nb["cells"][1].update(source="open('/Users/bob/x')"), "absolute path"),
        (lambda nb: nb["cells"][0].update(source="# T\n## Summary\n## Glossary"), "no exercise"),
        (lambda nb: nb["cells"][1].update(source="# NBVAL_IGNORE_OUTPUT\nx = 1"),
         "code cell 1 is hidden from nbval but asserts nothing"),
        (lambda nb: nb["cells"][2]["outputs"][0]["data"].update({"text/plain": "loss ≈0.745"}),
         "code cell 2 is hidden from nbval but asserts nothing"),
        (lambda nb: nb["cells"][2]["outputs"].append(
            {"output_type": "stream", "name": "stdout", "text": "error: 2.3e-09 < 1e-06 ✓\n"}),
         "code cell 2 is hidden from nbval but asserts nothing"),
    ],
)
def test_dirty_notebook_fails(change, says):
    found = problems(dirty(change))
    assert any(says in p for p in found), found


def test_saved_widget_state_satisfies_the_check():
    def add_widget(nb):
        nb["cells"][2]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"] = {
            "model_id": "abc"}
        nb["metadata"]["widgets"] = {
            "application/vnd.jupyter.widget-state+json": {"state": {"abc": {}}}}

    assert problems(dirty(add_widget)) == []


def hidden(source, text):
    def change(nb):
        nb["cells"][2]["source"] = source
        nb["cells"][2]["outputs"] = [
            {"output_type": "stream", "name": "stdout", "text": text}]
    return dirty(change)


@pytest.mark.parametrize("source", [
    "assert_claim(acc > 0.9, 'learns')",
    "assert acc > 0.9",
    "report_close('error', err, 1e-6)",
    "check_softmax(answer)",
])
def test_hidden_cell_that_asserts_its_claim_is_clean(source):
    assert problems(hidden(source, "accuracy ≈0.951\n")) == []


def test_a_timing_needs_no_assertion():
    assert problems(hidden("# NBVAL_IGNORE_OUTPUT\nprint(t)", "took 1.2 s (measured)\n")) == []


def test_counts_split_compared_asserted_and_ignored():
    nb = hidden("assert_claim(acc > 0.9, 'learns')", "accuracy ≈0.951\n")
    assert nbval_counts(nb) == (1, 1, 0)
    nb["cells"][1]["source"] = "# NBVAL_IGNORE_OUTPUT\nx = 1"
    assert nbval_counts(nb) == (0, 1, 1)
    assert nbval_counts(CLEAN) == (2, 0, 0)


README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_readme_lesson_table_shows_what_nbval_compares(path):
    """The README's "nbval" column: compared / hidden but asserted / hidden timings."""
    row = next(line for line in README.splitlines()
               if line.startswith("|") and f"(notebooks/{path.name})" in line)
    shown = re.search(r"\| (\d+) / (\d+) / (\d+) \|", row)
    assert shown, f"no 'compared / asserted / ignored' cell in the README row of {path.name}"
    assert tuple(map(int, shown.groups())) == nbval_counts(load(path))
