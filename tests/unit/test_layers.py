"""Enforce the package's layers: a lower layer never imports a higher one, and nothing cycles.

The layers, low to high (a module may import its own layer and every layer below it):

| rank | layer | holds |
| --- | --- | --- |
| 0 | problems | Problem, DataError and the registry of problem codes |
| 1 | numbers | intervals, outward rounding, the hedge policy, derived metrics, formatting |
| 2 | text | scanning and parsing number expressions |
| 3 | inputs | strict CSV tables, case loading, concepts, fact checks, coverage |
| 4 | claims | kinds, operand expressions, claim specs and their reader, evaluation |
| 5 | model | the results of a case's run |
| 6 | gx | the GX context, expectations, suites, runs and Data Docs |
| 7 | output | results.json, JUnit, CSV, the printed table, the HTML report |
| 8 | pipeline, gate, cli, arguments, failures, progress, draft, spark, writing | running a case, the gate, the command line, drafting and screening articles, the Spark engine, writing a run's outputs |

Every import counts, including those inside functions and under TYPE_CHECKING: an import
deferred into a function to dodge a cycle is still a cycle. Each stage package's docstring
states the same table (checked below), so a reader of any package sees where it stands.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import checks

LAYERS: tuple[tuple[str, ...], ...] = (
    ("problems",),
    ("numbers",),
    ("text",),
    ("inputs",),
    ("claims",),
    ("model",),
    ("gx",),
    ("output",),
    (
        "pipeline",
        "gate",
        "cli",
        "arguments",
        "failures",
        "progress",
        "draft",
        "spark",
        "writing",
        "__main__",
    ),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
TABLE = " < ".join(", ".join(n for n in names if n != "__main__") for names in LAYERS)

MODULES = sorted(
    ["checks", *(m.name for m in pkgutil.walk_packages(checks.__path__, prefix="checks."))]
)
#: The stage packages (checks.claims, not checks.claims.kinds): each states the layers.
PACKAGES = sorted(
    m.name for m in pkgutil.iter_modules(checks.__path__, prefix="checks.") if m.ispkg
)


def _source(module: str) -> str:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).read_text(encoding="utf-8")


def _imports(module: str) -> set[str]:
    """Return every checks module that `module` imports, anywhere in its source."""
    found: set[str] = set()
    is_package = _source_is_package(module)
    for node in ast.walk(ast.parse(_source(module))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "checks")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                parts = module.split(".")
                package = parts if is_package else parts[:-1]
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            if base.split(".")[0] != "checks":
                continue
            for alias in node.names:  # `from checks.numbers import hedge` imports a module
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    found.discard(module)
    return found


def _source_is_package(module: str) -> bool:
    spec = importlib.util.find_spec(module)
    return spec is not None and spec.submodule_search_locations is not None


def _layer(module: str) -> str | None:
    """Name the layer of a checks module (None for the root package, which imports nothing)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


GRAPH = {module: _imports(module) for module in MODULES}


def test_the_walk_sees_every_layer() -> None:
    seen = {_layer(m) for m in MODULES} - {None}
    assert {"problems", "numbers", "text", "inputs", "claims", "gx", "output", "cli"} <= seen


@pytest.mark.parametrize("module", MODULES)
def test_module_belongs_to_a_layer(module: str) -> None:
    layer = _layer(module)
    assert layer is None or layer in RANK, (
        f"{module} is in no layer; add {layer!r} to LAYERS in tests/unit/test_layers.py, "
        "to the package docstrings and to the README's design section"
    )


@pytest.mark.parametrize("module", MODULES)
def test_no_module_imports_a_higher_layer(module: str) -> None:
    upward = _upward(module, GRAPH[module])
    assert not upward, f"{module} (layer {_layer(module)!r}) imports the higher layer(s) {upward}"


def _upward(module: str, targets: set[str]) -> list[str]:
    """Return the imported modules that sit in a higher layer than `module`."""
    layer = _layer(module)
    if layer is None or layer not in RANK:
        return []  # the root package imports nothing; an unplaced module fails above
    return sorted(
        t for t in targets if (tl := _layer(t)) is not None and RANK.get(tl, -1) > RANK[layer]
    )


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """Known fail for the cycle check: hedge and hedge_arrays importing each other."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_an_upward_import_is_caught() -> None:
    """Known fail for the direction check: numbers importing claims would be reported."""
    targets = {"checks.claims.evaluate", "checks.problems", "checks.numbers.rounding"}
    assert _upward("checks.numbers.interval", targets) == ["checks.claims.evaluate"]
    assert _upward("checks.cli", targets) == []


def test_imports_inside_functions_count() -> None:
    """The deferred import that hid the hedge cycle would be seen: every import is read."""
    assert "checks.numbers.hedge_arrays" in GRAPH["checks.numbers.hedge"]
    assert "checks.inputs.coverage" in GRAPH["checks.inputs.facts"]


@pytest.mark.parametrize("package", PACKAGES)
def test_package_docstring_states_the_layers(package: str) -> None:
    doc = " ".join((importlib.import_module(package).__doc__ or "").split())
    layer = _layer(package)
    assert layer in RANK
    below = [n for names in LAYERS[: RANK[layer]] for n in names]
    assert f"Layers, low to high: {TABLE}." in doc, f"{package}'s docstring lacks the table"
    expected = ", ".join(f"`checks.{n}`" for n in below) if below else "nothing else in checks"
    assert f"May import: {expected}." in doc, f"{package}'s docstring misstates what it imports"
