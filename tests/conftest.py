"""Shared pytest configuration: hypothesis profiles, the results schema check of every run,
and which tests are slow.

Slow tests are marked `slow`: whole folders and files here (SLOW_PATHS), single tests with
`@pytest.mark.slow` where they stand. `pytest -m "not slow"` is the quick loop; it does not
even import the slow files, since importing GX alone takes seconds.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Test helpers (casekit, strategies) live beside this file; tests in sub-folders import them.
sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=300,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session", autouse=True)
def every_results_file_fits_the_schema(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Validate every results.json (and case file) any test wrote, against the shipped schema.

    Runs once the session's tests are done, over pytest's temporary folders, which hold
    the output of in-process runs and of the CLI run in subprocesses alike.
    """
    yield
    import schemakit

    bad = []
    for path in schemakit.results_files(tmp_path_factory.getbasetemp()):
        got = schemakit.errors(schemakit.load(path))
        if got:
            bad.append(f"{path}: " + "; ".join(got[:3]))
    assert not bad, "results files that do not fit results.schema.json:\n" + "\n".join(bad[:20])


_TESTS = Path(__file__).resolve().parent
#: Whole folders and files that are slow: end-to-end runs (system), GX contexts and runs (gx),
#: and the loader fuzzer, which runs whole cases. A new test under them is slow unasked.
SLOW_PATHS = (
    _TESTS / "system",
    _TESTS / "unit" / "gx",
    _TESTS / "unit" / "inputs" / "test_fuzz_loaders.py",
)


def _is_slow_path(path: Path) -> bool:
    path = path.resolve()
    return any(path == slow or slow in path.parents for slow in SLOW_PATHS)


def _slow_is_deselected(config: pytest.Config) -> bool:
    """Tell whether the -m expression drops every slow test (as `-m "not slow"` does)."""
    expression = config.getoption("markexpr", default="") or ""
    if not expression:
        return False
    try:
        from _pytest.mark.expression import Expression  # pytest's own -m parser
    except ImportError:  # a pytest without it: collect everything, just more slowly
        return False
    compiled = Expression.compile(expression)
    marks = ({"slow"}, {"slow", "browser"})
    return not any(compiled.evaluate(lambda name, m=m: name in m) for m in marks)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if _is_slow_path(collection_path) and _slow_is_deselected(config):
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _is_slow_path(item.path):
            item.add_marker(pytest.mark.slow)
