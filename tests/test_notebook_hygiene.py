"""Every stored notebook is clean, and the hygiene check does catch a dirty one."""

import copy
from pathlib import Path

import pytest
from nbhygiene import load, problems

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
         "nbval ignores 1 of 2"),
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
