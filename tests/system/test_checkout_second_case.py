"""A second article needs its data files only: the gate and the case-reading tests stay green.

Works on a git repository made from this checkout's files (`checkoutkit.checkout`), runs the
gate and the tests there in fresh processes, and asks git what changed. A file of its own
(not a test beside the clean-checkout one) so that a parallel run gives each its own worker.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from checkoutkit import checkout, git, run
from repocases import CASES

pytestmark = pytest.mark.slow

SECOND = "0-second-article"  # sorts before every case id that starts with a letter
# The tests that read the repository's own cases: run again with the second case in. Slow
# ones too (tests/unit/gx and tests/system are slow by path): `-m "not slow"` would drop
# them without a word. Of test_cli.py, the one test that lists the cases; the rest of what
# it checks with the real cases, `validate` above checks with the second case in.
CASE_READING_TESTS = (
    "tests/unit/gx/test_suites.py",
    "tests/unit/output/test_report.py",
    "tests/unit/claims/test_evaluate.py",
    "tests/unit/claims/test_claims_csv.py",
    "tests/unit/inputs/test_facts.py",
    "tests/system/test_cli.py::test_an_unknown_case_exits_2_listing_the_known_ones",
)


def test_a_second_case_with_data_files_only_keeps_the_gate_and_the_tests_green(
    tmp_path: Path,
) -> None:
    """The first case copied under an id that sorts first: no test, code or suite touched."""
    repo = checkout(tmp_path / "repo")
    shutil.copytree(repo / "datasets" / CASES[0], repo / "datasets" / SECOND)
    data_files = [
        f"?? datasets/{SECOND}/{p.name}" for p in sorted((repo / "datasets" / SECOND).iterdir())
    ]
    # what CI runs, then what nox runs: its per-claim docs suite is built privately
    for argv in (("validate", "--frozen", "--docs"), ("validate", "--docs")):
        done = run(repo, "-m", "checks", *argv)
        assert done.returncode == 0, done.stderr
        # other uncommitted cases (added with data files only) may be listed beside it
        built = re.search(r"built for this run only \(([^)]*)\)", done.stderr)
        assert built is not None, done.stderr
        assert f"claims-{SECOND}" in built.group(1).split(", "), built.group(1)
        assert "wrote" not in done.stderr  # expectations/ is left as committed
        status = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
        assert sorted(status) == data_files, argv
    tables = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("== ")]
    assert SECOND in tables and tables == sorted(tables)  # every case, in id order
    tests = run(
        repo,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not browser",
        *CASE_READING_TESTS,
        timeout=3600,
    )
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert " passed" in tests.stdout and " deselected" not in tests.stdout
    # a person who wants the suite committed (a lock file for its reviews) asks for it
    suites = run(repo, "-m", "checks", "suites")
    assert suites.returncode == 0, suites.stderr
    assert f"claims-{SECOND}.json" in suites.stdout
    status = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    suite = f"?? expectations/claims-{SECOND}.json"
    assert {*data_files, suite} <= set(status)
    others = set(status) - {*data_files, suite}  # suites of other cases not committed yet
    assert all(re.fullmatch(r"\?\? expectations/claims-[^/]+\.json", line) for line in others)
    frozen = run(repo, "-m", "checks", "validate", "--frozen", "--docs", "--quiet")
    assert frozen.returncode == 0, frozen.stderr
    assert "not committed" not in frozen.stderr
