"""Every module of the checks package declares its public names, in one place.

Like httpx's test_exported_members: each module's `__all__` exists, lists each name once, in
the order ruff's RUF022 keeps (constants, then classes, then functions, each group sorted),
and every listed name exists, so `from checks.x import *` and the docs never break.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

import pytest

import checks

#: `python -m checks` runs this script; it is an entry point, not an importable API.
ENTRY_POINTS = {"checks.__main__"}

_WALKED = sorted(m.name for m in pkgutil.walk_packages(checks.__path__, prefix="checks."))
MODULES = ["checks", *(name for name in _WALKED if name not in ENTRY_POINTS)]


def _ruff_order(name: str) -> tuple[int, list[int | str]]:
    """RUF022's isort-style key: SCREAMING_CASE, then CamelCase, then the rest; numbers natural."""
    group = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    parts: list[int | str] = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]
    return group, parts


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def test_the_walk_finds_the_package() -> None:
    assert len(MODULES) > 30
    assert {
        "checks.cli",
        "checks.gate",
        "checks.output.results",
        "checks.numbers.formatting",
    } <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_all_exists_is_unique_sorted_and_resolves(name: str) -> None:
    module = _module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert isinstance(exported, list | tuple), f"{name}.__all__ is a {type(exported).__name__}"
    assert all(isinstance(n, str) for n in exported)
    duplicates = sorted({n for n in exported if list(exported).count(n) > 1})
    assert not duplicates, f"{name}.__all__ lists {duplicates} more than once"
    assert list(exported) == sorted(exported, key=_ruff_order), f"{name}.__all__ is not sorted"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names {missing}, which {name} does not define"


@pytest.mark.parametrize("name", MODULES)
def test_star_import_gives_exactly_all(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from {name} import *", namespace)  # the contract __all__ exists for
    namespace.pop("__builtins__", None)
    assert set(namespace) == set(_module(name).__all__)
