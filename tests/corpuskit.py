"""Generated corpora for tests: the benchmark's generator, and the edits tests make to one.

`write_corpus` is `benchmarks/corpus.py`'s, so the tests run the corpus the benchmark
measures. `change_a_review` makes one case's computed verdict differ from its review.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

__all__ = ["ROOT", "change_a_review", "files", "write_corpus"]


def change_a_review(datasets: Path, case_id: str) -> int:
    """Review the claim `age` of a generated case as failing internally, where it holds.

    Returns the claim's line in claims.csv, which the gate's mismatch message names.
    """
    claims = datasets / case_id / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("age,"))
    changed = row.replace(",holds,unverifiable,", ",fails,unverifiable,")
    assert changed != row, row  # the generator's review of `age` is what this expects
    claims.write_text(text.replace(row, changed), encoding="utf-8")
    return text.splitlines().index(row) + 1


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
