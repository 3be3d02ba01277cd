"""The README and FORMAT.md cite only files and folders that the repository holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = ("README.md", "datasets/FORMAT.md")
# `a/b.py`, `checks/`, `.ci/run`: a code span that is a path, without placeholders like <case>
PATH = re.compile(r"`(\.?[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]*)`")
GENERATED = ("build/", "results/", "docs/")  # what runs write under --out, never committed
# Paths the README's walkthroughs create (`draft` makes datasets/my-article/).
EXAMPLES = frozenset({"datasets/my-article/"})


def cited_paths(doc: str) -> list[str]:
    text = (REPO / doc).read_text(encoding="utf-8")
    top = {p.name for p in REPO.iterdir()}
    return sorted(
        m
        for m in set(PATH.findall(text))
        if not m.startswith(GENERATED)
        and m not in EXAMPLES
        and m.split("/", 1)[0] in top  # a repository path, not `kinds/` inside one or `x/0`
    )


@pytest.mark.parametrize("doc", DOCS)
def test_every_cited_path_exists(doc: str) -> None:
    cited = cited_paths(doc)
    assert cited, "the pattern found nothing: it no longer matches how paths are written"
    missing = [path for path in cited if not (REPO / path).exists()]
    assert missing == [], f"{doc} cites paths the repository does not hold"


def test_the_readme_cites_no_design_notes_outside_the_repository() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for name in re.findall(r"`([A-Za-z0-9_.-]+\.md)`", text):
        assert list(REPO.glob(f"**/{name}")), f"README cites {name!r}, which is not in the repo"


def test_the_check_catches_a_missing_path() -> None:
    assert PATH.findall("see `checks/nowhere.py` and `datasets/<case>/x.csv`") == [
        "checks/nowhere.py"
    ]
