"""The layout of ``utils/`` is its architecture: layers import only downwards, no cycles.

The rule is written in ``utils/__init__.py``; this test reads every module's imports
(including imports inside functions) from its source and checks them against it.
"""

import ast
from pathlib import Path

import pytest

UTILS = Path(__file__).resolve().parents[1] / "utils"

#: Layer of every top-level module and subpackage of ``utils`` (see ``utils/__init__.py``).
LAYERS = {
    "runtime": 0, "feedback": 0, "claims": 0,
    "scratch": 1, "data": 1, "metrics": 1,
    "models": 2, "decoding": 3, "training": 4, "analysis": 5, "viz": 6, "exercises": 7,
}
#: Libraries that draw; only ``utils.viz`` may import them.
DRAWING = {"matplotlib", "ipywidgets", "IPython"}


def module_name(path: Path) -> str:
    parts = path.relative_to(UTILS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in its source (absolute names)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}: use absolute imports (from utils....)")
            found.add(node.module or "")
            # ``from utils.data import vocab`` imports the module utils.data.vocab
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if (UTILS.parent / f"{node.module}.{alias.name}".replace(".", "/")
                             ).with_suffix(".py").exists())
    return found


MODULES = {module_name(p): p for p in sorted(UTILS.rglob("*.py"))}
GRAPH = {name: {m for m in imports_of(p) if m in MODULES and m != "utils"}
         for name, p in MODULES.items()}


def layer_of(module: str) -> str:
    """``utils.data.vocab`` → ``data``; ``utils.runtime`` → ``runtime``."""
    return module.split(".")[1]


def test_every_folder_and_top_level_module_has_a_layer():
    names = {p.name if p.is_dir() else p.stem for p in UTILS.iterdir()
             if p.name not in {"__init__.py", "__pycache__"}}
    assert names == set(LAYERS), (
        "utils/ holds exactly the layers of utils/__init__.py; "
        f"unknown: {sorted(names - set(LAYERS))}, missing: {sorted(set(LAYERS) - names)}")
    assert (set(LAYERS) - {"runtime", "feedback", "claims"}) == {
        p.name for p in UTILS.iterdir() if p.is_dir() and p.name != "__pycache__"}


def test_every_layer_is_described_in_the_package_docstring():
    doc = (UTILS / "__init__.py").read_text(encoding="utf-8")
    for name in LAYERS:
        assert f"``{name}``" in doc or f"``utils.{name}``" in doc, name


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "utils"))
def test_imports_go_down_the_layers(module):
    here = layer_of(module)
    for target in sorted(GRAPH[module]):
        there = layer_of(target)
        if there == here:
            continue
        assert LAYERS[there] < LAYERS[here], (
            f"{module} (layer {LAYERS[here]}, {here}) imports {target} "
            f"(layer {LAYERS[there]}, {there}): a layer imports only from layers below it")


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if m != "utils" and layer_of(m) != "viz"))
def test_only_viz_draws(module):
    drawing = {m for m in imports_of(MODULES[module]) if m.split(".")[0] in DRAWING}
    assert not drawing, f"{module} imports {sorted(drawing)}; plots and widgets live in utils.viz"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first = last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one_and_only_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_rule_catches_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from utils.viz.plots import figure_png\n")
    assert "utils.viz.plots" in imports_of(bad)
