"""A clean checkout stays clean, and a second article needs its data files only.

Both tests work on a git repository made from this checkout's files (tracked and new, not
ignored), run the gate there in fresh processes, and ask git what changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from repocases import CASES

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SECOND = "0-second-article"  # sorts before every case id that starts with a letter
# The test modules that read the repository's own cases: run again with the second case in.
CASE_READING_TESTS = (
    "tests/unit/gx/test_suites.py",
    "tests/unit/output/test_report.py",
    "tests/unit/claims/test_evaluate.py",
    "tests/unit/claims/test_claims_csv.py",
    "tests/unit/inputs/test_facts.py",
    "tests/system/test_cli.py",
)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def checkout(target: Path) -> Path:
    """Copy the repository's files (not what .gitignore ignores) into a fresh, committed repo."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        listed = git(REPO, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    except subprocess.CalledProcessError:
        pytest.skip(f"{REPO} is not a git checkout")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, *env, "commit", "-q", "-m", "checkout")
    return target


def run(cwd: Path, *argv: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run a module of the copy (its own checks package) with the copy as working folder."""
    env = {**os.environ, "PYTHONPATH": str(cwd), "PYTHONUTF8": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_git_status_is_clean_after_validate_and_docs(tmp_path: Path) -> None:
    repo = checkout(tmp_path / "repo")
    # the last run builds docs: a run without --docs removes an earlier run's docs/
    for argv in (("validate", "--frozen"), ("validate", "--docs"), ("docs",)):
        done = run(repo, "-m", "checks", *argv, "--quiet")
        assert done.returncode == 0, done.stderr
        assert "wrote" not in done.stderr  # nothing regenerated: the suites are committed
        assert git(repo, "status", "--porcelain", "--untracked-files=all") == "", argv
    assert (repo / "build" / "docs" / "index.html").is_file()


def test_a_second_case_with_data_files_only_keeps_the_gate_and_the_tests_green(
    tmp_path: Path,
) -> None:
    """The first case copied under an id that sorts first: no test, code or suite touched."""
    repo = checkout(tmp_path / "repo")
    shutil.copytree(repo / "datasets" / CASES[0], repo / "datasets" / SECOND)
    data_files = [
        f"?? datasets/{SECOND}/{p.name}" for p in sorted((repo / "datasets" / SECOND).iterdir())
    ]
    built = f"built for this run only (claims-{SECOND}"  # other uncommitted cases may follow
    # what CI runs, then what nox runs: its per-claim docs suite is built privately
    for argv in (("validate", "--frozen", "--docs"), ("validate", "--docs")):
        done = run(repo, "-m", "checks", *argv)
        assert done.returncode == 0, done.stderr
        assert built in done.stderr
        assert "wrote" not in done.stderr  # expectations/ is left as committed
        status = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
        assert sorted(status) == data_files, argv
    assert done.stdout.startswith(f"== {SECOND} (")
    tests = run(
        repo,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not slow and not browser",
        *CASE_READING_TESTS,
        timeout=3600,
    )
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert " passed" in tests.stdout
    # a person who wants the suite committed (a lock file for its reviews) asks for it
    suites = run(repo, "-m", "checks", "suites")
    assert suites.returncode == 0, suites.stderr
    assert f"claims-{SECOND}.json" in suites.stdout
    status = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(status) == sorted([*data_files, f"?? expectations/claims-{SECOND}.json"])
    frozen = run(repo, "-m", "checks", "validate", "--frozen", "--docs", "--quiet")
    assert frozen.returncode == 0, frozen.stderr
    assert "not committed" not in frozen.stderr
