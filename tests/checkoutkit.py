"""A fresh git checkout of this repository, and the gate run in it: shared by the checkout tests.

The two checkout tests (`tests/system/test_checkout.py`, `test_checkout_second_case.py`) live
in separate files so that CI's parallel runner (pytest-xdist, one file per worker) can run
them side by side: each makes its own checkout, so neither depends on the other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

__all__ = ["REPO", "checkout", "git", "run"]

REPO = Path(__file__).resolve().parents[1]


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
