"""Shared pytest configuration: hypothesis profiles, and the results schema check of every run."""

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
