"""Tests for checks.output.docs_from: a results folder's pages, in one process or several.

Known pass: worker processes write the same bytes as one process, for a corpus large
enough to be split. Known fail: a broken case file in any batch is reported, naming the
file, after every case was read.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from schemakit import BROKEN_ON_PURPOSE

from checks.model.reading import read_results
from checks.output.docs_from import PARALLEL_FROM, write_docs_from
from checks.output.results import write_results
from checks.pipeline import run_case
from checks.problems import DataError

SYNTHETIC = Path(__file__).resolve().parents[2] / "data" / "cases"
DEMO = "demo-cloud-results"
CASES = PARALLEL_FROM + 6

pytestmark = pytest.mark.slow  # starts worker processes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo case under CASES ids: a results folder and its datasets (source texts)."""
    base = tmp_path_factory.mktemp("corpus")
    demo = run_case(SYNTHETIC, DEMO).result
    ids = [f"demo-{n:03d}" for n in range(CASES)]
    for case in ids:
        (base / "datasets" / case).mkdir(parents=True)
        shutil.copyfile(SYNTHETIC / DEMO / "source.txt", base / "datasets" / case / "source.txt")
    results = [dataclasses.replace(demo, case_id=case) for case in ids]
    write_results(results, base / "results", {"command": "test"})
    return base / "results", base / "datasets"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.html")}


def test_workers_write_the_same_bytes_as_one_process(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = read_results(*corpus)
    assert write_docs_from(folder, tmp_path / "one", None, workers=1) == CASES
    assert write_docs_from(folder, tmp_path / "two", None, workers=2) == CASES
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) == CASES + 1  # the pages and the index
    assert one == two


def test_a_broken_case_in_a_worker_is_reported_naming_its_file(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    results = Path(shutil.copytree(corpus[0], tmp_path / "results"))
    (results / BROKEN_ON_PURPOSE).write_text("a test breaks a case file\n", encoding="utf-8")
    broken = results / "cases" / "demo-050.json"
    broken.write_text("[", encoding="utf-8")
    folder = read_results(results, corpus[1])
    with pytest.raises(DataError) as caught:
        write_docs_from(folder, tmp_path / "docs", None, workers=2)
    [problem] = caught.value.problems
    assert problem.file == str(broken)
    assert "is not valid JSON" in problem.message
    assert not (tmp_path / "docs" / "index.html").exists()  # no index over missing pages
