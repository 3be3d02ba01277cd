"""A clean checkout stays clean after `validate` and `docs`.

The test works on a git repository made from this checkout's files (tracked and new, not
ignored), runs the gate there in fresh processes, and asks git what changed. Its companion,
`test_checkout_second_case.py`, adds a second article to such a checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checkoutkit import checkout, git, run

pytestmark = pytest.mark.slow


def test_git_status_is_clean_after_validate_and_docs(tmp_path: Path) -> None:
    repo = checkout(tmp_path / "repo")
    # the last run builds docs: a run without --docs removes an earlier run's docs/
    for argv in (("validate", "--frozen"), ("validate", "--docs"), ("docs",)):
        done = run(repo, "-m", "checks", *argv, "--quiet")
        assert done.returncode == 0, done.stderr
        assert "wrote" not in done.stderr  # nothing regenerated: the suites are committed
        assert git(repo, "status", "--porcelain", "--untracked-files=all") == "", argv
    assert (repo / "build" / "docs" / "index.html").is_file()
