"""Cases written early, by the worker that evaluated them, are the bytes written after GX.

`validate` has each case written as soon as it is evaluated, taking its table suites to
pass (`checks.writing.EarlyWrite`); once GX has run, a case whose suites came out
otherwise is written again. These tests hold the early path equal to writing every case
after GX (as the Spark engine's cases are), on a generated corpus with one changed review.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from corpuskit import ROOT, change_a_review, files, write_corpus

from checks.cli import main
from checks.gate import EXIT_MISMATCH, PARALLEL_FROM, KeptCase, run_gate
from checks.gx.context import open_run_context
from checks.gx.suites import TABLE_SUITES
from checks.gx.validate import run_corpus_table_suites, suite_outcome
from checks.model import SuiteFailure, SuiteOutcome
from checks.writing import SUITE_TABLES, Early, EarlyWrite, assumed_suites, write_run

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory


def _corpus_with_one_changed_review(datasets: Path) -> str:
    """Write a corpus of PARALLEL_FROM cases; change one review so that case differs."""
    ids = write_corpus(datasets, PARALLEL_FROM)
    change_a_review(datasets, ids[2])
    return ids[2]


def _gx_suites(runs: list[KeptCase], tmp: Path) -> dict[str, tuple[SuiteOutcome, ...]]:
    by_case, drift = run_corpus_table_suites(open_run_context(ROOT, tmp), runs)
    assert drift == []
    return {case: tuple(suite_outcome(s) for s in got) for case, got in by_case.items()}


def test_suite_tables_name_the_gx_table_suites_in_order() -> None:
    assert tuple((s.name, s.table) for s in TABLE_SUITES) == SUITE_TABLES


def test_validate_writes_early_the_bytes_written_after_gx(tmp_path: Path) -> None:
    changed = _corpus_with_one_changed_review(tmp_path / "datasets")
    out, err = io.StringIO(), io.StringIO()
    args = ["validate", "--quiet", "--docs", "--workers", "2", "--datasets", "datasets"]
    code = main([*args, "--root", str(ROOT), "--out", "build"], out, err)
    assert code == EXIT_MISMATCH, err.getvalue()

    outcome = run_gate(tmp_path / "datasets", workers=2)  # no writer: written after GX
    suites = _gx_suites(outcome.runs, tmp_path / "gx-run")
    late = tmp_path / "late"
    write_run(outcome.runs, suites, late / "results", late / "docs", {}, "pandas", 2)

    early_results, late_results = files(tmp_path / "build" / "results"), files(late / "results")
    for got in (early_results, late_results):
        del got["run.json"]  # the run's time and command line
        got.pop(".run-id", None)
    assert early_results == late_results
    assert f"cases/{changed}.json" in early_results
    pages = {
        k: v
        for k, v in files(tmp_path / "build" / "docs").items()
        if k.count("/") == 1 and not k.startswith("gx/")
    }
    assert len(pages) == PARALLEL_FROM  # <case>/index.html
    assert pages == {k: v for k, v in files(late / "docs").items() if k in pages}


def test_the_assumption_holds_for_clean_cases_and_not_for_a_differing_one(tmp_path: Path) -> None:
    changed = _corpus_with_one_changed_review(tmp_path / "datasets")
    write = EarlyWrite.into(tmp_path, None)
    folder = write.folder
    outcome = run_gate(tmp_path / "datasets", workers=1, write=write)
    suites = _gx_suites(outcome.runs, tmp_path / "gx-run")
    for kept in outcome.runs:
        if kept.case_id == changed:  # its claims suite fails: left for after GX
            assert kept.written is None
            assert assumed_suites(kept) != suites[kept.case_id]
            assert not (folder / "cases" / f"{changed}.json").exists()
        else:
            assert isinstance(kept.written, Early)
            assert assumed_suites(kept) == suites[kept.case_id]
            assert (folder / "cases" / f"{kept.case_id}.json").is_file()


def test_a_case_written_early_is_written_again_when_gx_says_otherwise(tmp_path: Path) -> None:
    write_corpus(tmp_path / "datasets", PARALLEL_FROM)
    write = EarlyWrite.into(tmp_path, None)
    outcome = run_gate(tmp_path / "datasets", workers=1, write=write)
    suites = _gx_suites(outcome.runs, tmp_path / "gx-run")
    first = outcome.runs[0].case_id
    failure = SuiteFailure("expect_column_values_to_be_in_set", ("a/1",), 1)
    suites[first] = (SuiteOutcome("facts", 3, False, (failure,)),)  # not what it was written with
    write_run(outcome.runs, suites, tmp_path / "a" / "results", None, {}, "pandas", 1, None, write)

    plain = run_gate(tmp_path / "datasets", workers=1)
    write_run(plain.runs, suites, tmp_path / "b" / "results", None, {}, "pandas", 1)
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    for got in (a, b):
        del got["results/run.json"]
    assert a == b
    [suite] = json.loads(a[f"results/cases/{first}.json"])["gx_suites"]
    assert (suite["suite"], suite["failures"][0]["failing_ids"]) == ("facts", ["a/1"])
    assert not (write.folder / "cases").exists()  # moved into the results folder, not copied
