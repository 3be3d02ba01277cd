"""The cases committed under datasets/, found at collection time, for tests that cover each.

Tests that read the repository's own cases take them from here (parametrized over every
case found) so that an article added with data files only is covered, and breaks nothing.
"""

from __future__ import annotations

from pathlib import Path

from checks.inputs.case import case_ids

__all__ = ["CASES", "DATASETS", "REPO"]

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
CASES: tuple[str, ...] = tuple(case_ids(DATASETS))
