"""Every module of the checks package states its public names, derived once for all of them.

Like httpx's test_exported_members, but derived rather than copied: the package is walked,
and each module's `__all__` must equal the names it defines at top level without a leading
underscore (read from its source), listed once, in the order ruff's RUF022 keeps. Beyond
those it may list only names it imports from another module of its own stage package (a
stage's facade, like `checks.claims.kinds` over its parts), never another stage's. A module
that exists to re-export another library's names (`checks.gx.api`) lists exactly what it
imports. No test anywhere else repeats a module's `__all__` by hand.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from types import ModuleType

import pytest

import checks

#: `python -m checks` runs this script; it is an entry point, not an importable API.
ENTRY_POINTS = {"checks.__main__"}
#: Modules whose public surface is another library's names, re-exported under one roof.
FACADES = {"checks.gx.api"}

_WALKED = sorted(m.name for m in pkgutil.walk_packages(checks.__path__, prefix="checks."))
MODULES = ["checks", *(name for name in _WALKED if name not in ENTRY_POINTS)]
#: The GX modules import great_expectations, which alone takes seconds: slow.
PARAMS = [
    pytest.param(name, marks=pytest.mark.slow) if name.startswith("checks.gx") else name
    for name in MODULES
]


def _ruff_order(name: str) -> tuple[int, list[int | str]]:
    """RUF022's isort-style key: SCREAMING_CASE, then CamelCase, then the rest; numbers natural."""
    group = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    parts: list[int | str] = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]
    return group, parts


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _stage(name: str) -> str:
    """Name the stage package of a module: checks.claims.kinds.base -> checks.claims."""
    return ".".join(name.split(".")[:2])


def _top_level_names(module: ModuleType) -> tuple[set[str], set[str], set[str]]:
    """Return the names a module defines, imports, and imports from its own stage, at top level."""
    defined: set[str] = set()
    imported: set[str] = set()
    own_stage: set[str] = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                defined.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = {(a.asname or a.name).split(".")[0] for a in node.names}
            imported.update(names)
            source = getattr(node, "module", None) or ""
            if isinstance(node, ast.ImportFrom) and _stage(source) == _stage(module.__name__):
                own_stage.update(names)
    defined.discard("__all__")
    return defined, imported, own_stage


def test_the_walk_finds_the_package() -> None:
    assert len(MODULES) > 30
    assert {
        "checks.cli",
        "checks.gate",
        "checks.output.results",
        "checks.numbers.formatting",
    } <= set(MODULES)


@pytest.mark.parametrize("name", PARAMS)
def test_all_equals_the_public_names_the_module_defines(name: str) -> None:
    module = _module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list), f"{name} has no __all__ list"
    duplicates = sorted({n for n in exported if exported.count(n) > 1})
    assert not duplicates, f"{name}.__all__ lists {duplicates} more than once"
    assert exported == sorted(exported, key=_ruff_order), f"{name}.__all__ is not sorted"
    defined, imported, own_stage = _top_level_names(module)
    public = {n for n in (imported if name in FACADES else defined) if not n.startswith("_")}
    if name in FACADES:
        public.discard("annotations")  # from __future__
    reexported = set(exported) & own_stage if name.count(".") >= 1 else set()
    assert set(exported) == public | reexported, (
        f"{name}.__all__ should be exactly its public names: "
        f"listed but neither defined nor from its own stage {sorted(set(exported) - public - reexported)}, "
        f"defined but not listed {sorted(public - set(exported))}"
    )


@pytest.mark.parametrize("name", PARAMS)
def test_star_import_gives_exactly_all(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from {name} import *", namespace)  # the contract __all__ exists for
    namespace.pop("__builtins__", None)
    assert set(namespace) == set(_module(name).__all__)
