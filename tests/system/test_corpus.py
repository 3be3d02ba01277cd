"""A generated corpus runs through the gate as one batch: clean, one broken case, one changed verdict.

The corpus comes from `benchmarks/corpus.py` (the benchmark's generator), so these tests
also show that every generated case validates: a generator that wrote a wrong review or
an uncovered number would fail here first.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from corpuskit import ROOT, change_a_review, files, write_corpus

from checks.claims.verdicts import Scenario
from checks.cli import main
from checks.gate import EXIT_BROKEN, EXIT_MISMATCH, EXIT_OK, PARALLEL_FROM, run_gate
from checks.model import SuiteFailure, SuiteOutcome
from checks.writing import TABLE_CASES, write_run

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory


def test_generated_corpus_is_clean_and_covers_every_kind(tmp_path: Path) -> None:
    ids = write_corpus(tmp_path / "datasets", 12)
    outcome = run_gate(tmp_path / "datasets", workers=1)
    assert outcome.all_problems == []
    assert outcome.exit_code == EXIT_OK
    assert [r.case_id for r in outcome.results] == ids
    kinds = {c.kind for r in outcome.results for c in r.claims}
    from checks.claims.kinds import KINDS

    assert kinds == set(KINDS)
    verdicts = {
        c.outcomes[Scenario.EXTERNAL].verdict.value for r in outcome.results for c in r.claims
    }
    assert {
        "holds",
        "fails",
        "unverifiable",
    } == verdicts  # case 9 (index 9) carries a mis-stated growth rate


def test_worker_processes_give_the_same_results_as_one_process(tmp_path: Path) -> None:
    write_corpus(tmp_path / "datasets", PARALLEL_FROM)
    one = run_gate(tmp_path / "datasets", workers=1)
    two = run_gate(tmp_path / "datasets", workers=2)
    assert [r.case_id for r in one.results] == [r.case_id for r in two.results]
    assert one.results == two.results
    for a, b in zip(one.runs, two.runs, strict=True):
        assert a.unpack() == b.unpack() and a.claims_file == b.claims_file
        assert a.tables.keys() == b.tables.keys()
        assert all(a.tables[k].equals(b.tables[k]) for k in a.tables)
        assert a.claim_rows == b.claim_rows and a.verdicts == b.verdicts


def test_worker_processes_write_the_bytes_one_process_writes(tmp_path: Path) -> None:
    """The corpus writer (cases written in workers, joined here) equals writing them here."""
    write_corpus(tmp_path / "datasets", PARALLEL_FROM)
    outcome = run_gate(tmp_path / "datasets", workers=1)
    first = outcome.runs[0].case_id
    failure = SuiteFailure("expect_column_values_to_be_in_set", ("a/1",), 1)
    suites = {first: (SuiteOutcome("facts", 3, False, (failure,)),)}  # shows in one document
    written = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        rows = write_run(outcome.runs, suites, out / "results", out / "docs", {}, "pandas", workers)
        assert [r.case for r in rows] == [r.case_id for r in outcome.runs]
        written[workers] = files(out)
    assert written[1] == written[2]
    assert len(written[1]) == 4 + 2 * PARALLEL_FROM  # the corpus files, documents and pages
    document = json.loads(written[2][f"results/cases/{first}.json"])
    [suite] = document["gx_suites"]
    assert (suite["suite"], suite["failures"][0]["failing_ids"]) == ("facts", ["a/1"])
    other = json.loads(written[2][f"results/cases/{outcome.runs[1].case_id}.json"])
    assert other["gx_suites"] == []  # no suite outcomes given for it


def _validate(tmp_path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["validate", "--quiet", "--datasets", "datasets", "--root", str(ROOT), "--out", "build"],
        out,
        err,
    )
    return code, out.getvalue(), err.getvalue()


def test_one_broken_case_exits_2_naming_its_file_line_and_column(tmp_path: Path) -> None:
    write_corpus(tmp_path / "datasets", 3)
    facts = tmp_path / "datasets" / "synthetic-00001" / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",CNY,", ",RMB,", 1)  # total_rev, on line 2
    facts.write_text("".join(lines), encoding="utf-8")
    code, _, err = _validate(tmp_path)
    assert code == EXIT_BROKEN
    assert (
        "datasets/synthetic-00001/facts.csv:2: column 'unit': unit 'RMB' is not a known unit" in err
    )
    assert "synthetic-00000" not in err and "synthetic-00002" not in err
    assert not (tmp_path / "build" / "results").exists()


def test_one_changed_verdict_exits_1_naming_the_claim(tmp_path: Path) -> None:
    write_corpus(tmp_path / "datasets", 3)
    line = change_a_review(tmp_path / "datasets", "synthetic-00002")
    code, _, err = _validate(tmp_path)
    assert code == EXIT_MISMATCH
    assert (
        f"datasets/synthetic-00002/claims.csv:{line}: claim 'age': internal verdict is 'holds' "
        "but the reviewed verdict is 'fails'"
    ) in err
    results = json.loads((tmp_path / "build" / "results" / "results.json").read_text())
    # written: a mismatch is a finding, not broken data
    [row] = [r for r in results["cases"] if r["case"] == "synthetic-00002"]
    assert row["differs"] == 1


def test_a_large_run_prints_only_the_tables_of_cases_that_differ(tmp_path: Path) -> None:
    """Without --quiet, more than TABLE_CASES cases print the differing cases' tables only."""
    ids = write_corpus(tmp_path / "datasets", TABLE_CASES + 1)
    change_a_review(tmp_path / "datasets", ids[4])
    args = ["validate", "--datasets", "datasets", "--root", str(ROOT)]
    out, err = io.StringIO(), io.StringIO()
    assert main([*args, "--out", "build"], out, err) == EXIT_MISMATCH, err.getvalue()
    tables = [line for line in out.getvalue().splitlines() if line.startswith("== ")]
    assert [t.split()[1] for t in tables] == [ids[4]]
    assert f"{TABLE_CASES} of {TABLE_CASES + 1} case tables not printed" in out.getvalue()
    named = io.StringIO()  # a case named on the command line: its table, though it agrees
    code = main([*args, "--case", ids[0], "--case", ids[4], "--out", "one"], named, err)
    assert code == EXIT_MISMATCH
    tables = [line for line in named.getvalue().splitlines() if line.startswith("== ")]
    assert [t.split()[1] for t in tables] == [ids[0], ids[4]]
    assert "not printed" not in named.getvalue()
