"""Tests for checks.gx.suites and the committed expectations/*.json it generates.

The committed suites must be exactly what checks/suites.py and each case's claims.csv
declare (a stale file is a data error the gate reports); every column a table suite asserts
must exist in the frames the checks produce; the per-claim docs suite names every claim
with its quote, in plain text.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from casekit import CASE_ID, claim, write_case
from repocases import CASES

from checks.claims.verdicts import Scenario, Verdict
from checks.gx.context import (
    CONFIG_FILE,
    EXPECTATIONS_DIR,
    GX_DIR,
    open_context,
    open_run_context,
)
from checks.gx.corpus import corpus_tables
from checks.gx.suite_files import (
    SUITES_FIX,
    build_uncommitted_claim_suites,
    declared_suites,
    stale_suites,
    write_suites,
)
from checks.gx.suites import TABLE_SUITES, claim_suite, claim_suite_name
from checks.gx.validate import claims_table, corpus_claims_table
from checks.model import CaseResult, ClaimResult
from checks.model.summary import claim_rows
from checks.pipeline import CaseRun, run_case

REPO = Path(__file__).resolve().parents[3]
DATASETS = REPO / "datasets"
SYNTHETIC = REPO / "tests" / "data" / "cases"
REAL = "kingsoft-cloud-ai-strategy"
FIX = SUITES_FIX


@pytest.fixture(scope="module")
def real_run() -> CaseRun:
    run = run_case(DATASETS, REAL)
    assert run.result.problems == ()
    return run


@pytest.fixture(scope="module")
def real(real_run: CaseRun) -> CaseResult:
    return real_run.result


@pytest.fixture(scope="module")
def demo_run() -> CaseRun:
    return run_case(SYNTHETIC, "demo-cloud-results")


@pytest.fixture(scope="module")
def demo(demo_run: CaseRun) -> CaseResult:
    return demo_run.result


def project_copy(tmp_path: Path) -> Path:
    """A project root holding copies of gx/great_expectations.yml and the committed suites."""
    root = tmp_path / "project"
    (root / GX_DIR).mkdir(parents=True)
    shutil.copyfile(REPO / GX_DIR / CONFIG_FILE, root / GX_DIR / CONFIG_FILE)
    shutil.copytree(REPO / EXPECTATIONS_DIR, root / EXPECTATIONS_DIR)
    return root


# --- the committed suites are up to date ------------------------------------------------------


def test_committed_suites_are_not_stale_for_the_real_case(real: CaseResult, tmp_path: Path) -> None:
    """If this fails, run `nox -s suites` and commit expectations/ (the message says which file)."""
    context = open_context(REPO, tmp_path / "build")
    assert [str(p) for p in stale_suites(context, [real])] == []


def test_every_table_suite_is_committed_and_no_suite_is_orphaned() -> None:
    """A case's per-claim suite may be left uncommitted (a run builds it privately), but
    every committed file must be declared: a suite of a removed case is reported."""
    every = [run_case(DATASETS, case_id).result for case_id in CASES]
    declared = {f"{s.name}.json" for s in declared_suites(every)}
    committed = {p.name for p in (REPO / EXPECTATIONS_DIR).glob("*.json")}
    assert {f"{s.name}.json" for s in TABLE_SUITES} <= committed
    assert committed - declared == set()


def edit_description(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["expectations"][0]["description"] += " (edited by hand)"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def edit_id(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["id"] = "00000000-0000-0000-0000-000000000000"
    for i, e in enumerate(data["expectations"]):  # other ids, still unique UUIDs
        e["id"] = f"11111111-1111-1111-1111-{i:012d}"
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "edit", "code", "words"),
    [
        (
            "facts.json",
            edit_description,
            "suite-stale",
            "differs from the declarations in checks/suites.py and the case's claims.csv",
        ),
        (
            f"claims-{REAL}.json",
            edit_description,
            "suite-stale",
            "differs from the declarations",
        ),
        ("coverage.json", Path.unlink, "suite-missing", "does not exist"),
        (
            "claims.json",
            lambda p: p.write_text('{"name": "claims", ', encoding="utf-8"),
            "bad-json",
            "is not valid JSON",
        ),
    ],
)
def test_an_edited_or_missing_suite_is_reported_by_name(
    real: CaseResult, tmp_path: Path, file: str, edit: Any, code: str, words: str
) -> None:
    root = project_copy(tmp_path)
    context = open_context(root, tmp_path / "build")
    assert stale_suites(context, [real]) == []
    edit(root / EXPECTATIONS_DIR / file)
    [problem] = stale_suites(context, [real])
    line = 1 if code == "bad-json" else None  # a JSON fault has its place in the file
    assert (problem.file, problem.line, problem.code) == (f"expectations/{file}", line, code)
    assert words in problem.message
    assert problem.message.endswith(FIX)


def test_the_ids_gx_mints_do_not_make_a_suite_stale(real: CaseResult, tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    edit_id(root / EXPECTATIONS_DIR / "facts.json")
    assert stale_suites(open_context(root, tmp_path / "build"), [real]) == []


def test_a_changed_claim_makes_its_docs_suite_stale(tmp_path: Path) -> None:
    datasets = tmp_path / "datasets"
    shutil.copytree(DATASETS, datasets)
    claims = datasets / REAL / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("Filed RMB 728.7m rounds to 7.29亿.", "Checked again."))
    changed = run_case(datasets, REAL).result
    [problem] = stale_suites(open_context(REPO, tmp_path / "build"), [changed])
    assert (problem.file, problem.code) == (f"expectations/claims-{REAL}.json", "suite-stale")


def test_written_suites_pass_the_staleness_check(demo: CaseResult, tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    shutil.rmtree(root / EXPECTATIONS_DIR)
    (root / EXPECTATIONS_DIR).mkdir()
    context = open_run_context(root, tmp_path / "run")
    assert {p.code for p in stale_suites(context, [demo])} == {"suite-missing"}
    written = write_suites(context, [demo], root / EXPECTATIONS_DIR)
    assert sorted(p.name for p in written) == sorted(
        [f"{s.name}.json" for s in TABLE_SUITES] + ["claims-demo-cloud-results.json"]
    )
    assert stale_suites(context, [demo]) == []
    assert stale_suites(open_run_context(root, tmp_path / "again"), [demo]) == []
    # writing again rewrites nothing: every file is unchanged byte for byte (ids are kept)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in written}
    again = open_run_context(root, tmp_path / "third")
    assert write_suites(again, [demo], root / EXPECTATIONS_DIR) == []
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in written} == before
    assert sorted(p.name for p in (root / EXPECTATIONS_DIR).iterdir()) == sorted(before)


def test_only_the_named_stale_suites_are_written(demo: CaseResult, tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    context = open_run_context(root, tmp_path / "run")
    name = claim_suite_name("demo-cloud-results")
    written = write_suites(context, [demo], root / EXPECTATIONS_DIR, {name})
    assert [p.name for p in written] == [f"{name}.json"]
    for committed in (REPO / EXPECTATIONS_DIR).glob("*.json"):  # the others are untouched
        assert (root / EXPECTATIONS_DIR / committed.name).read_bytes() == committed.read_bytes()


def test_an_uncommitted_claim_suite_is_built_in_the_run_context_only(
    demo: CaseResult, tmp_path: Path
) -> None:
    root = project_copy(tmp_path)
    name = claim_suite_name(demo.case_id)
    assert not (root / EXPECTATIONS_DIR / f"{name}.json").exists()  # the synthetic case's
    before = {p.name: p.read_bytes() for p in (root / EXPECTATIONS_DIR).iterdir()}
    context = open_run_context(root, tmp_path / "run")
    assert stale_suites(context, [demo]) == []  # not committed: no problem
    assert build_uncommitted_claim_suites(context, [demo], set()) == []  # no docs asked
    assert build_uncommitted_claim_suites(context, [demo], {demo.case_id}) == [name]
    built = tmp_path / "run" / "context" / EXPECTATIONS_DIR / f"{name}.json"
    assert json.loads(built.read_text(encoding="utf-8"))["name"] == name
    assert stale_suites(context, [demo]) == []  # what was built is what is declared
    # a second call builds nothing: the suite is there now, as a committed one would be
    assert build_uncommitted_claim_suites(context, [demo], {demo.case_id}) == []
    assert {p.name: p.read_bytes() for p in (root / EXPECTATIONS_DIR).iterdir()} == before


def test_a_committed_claim_suite_is_not_rebuilt_and_still_checked(
    demo: CaseResult, tmp_path: Path
) -> None:
    root = project_copy(tmp_path)
    name = claim_suite_name(demo.case_id)
    write_suites(
        open_run_context(root, tmp_path / "first"), [demo], root / EXPECTATIONS_DIR, {name}
    )
    context = open_run_context(root, tmp_path / "run")
    assert build_uncommitted_claim_suites(context, [demo], {demo.case_id}) == []
    edit_description(root / EXPECTATIONS_DIR / f"{name}.json")
    [problem] = stale_suites(open_run_context(root, tmp_path / "again"), [demo])
    assert problem.code == "suite-stale"


# --- TABLE_SUITES against the frames the checks produce ---------------------------------------


def mini_case(tmp_path: Path) -> CaseRun:
    claims = [
        claim(
            "agrees_rev_h1",
            "agrees",
            "rev_h1",
            "reference=rev_h1_filed",
            reviewed_internal="unverifiable",
        )
    ]
    write_case(tmp_path / "datasets", claims=claims)
    return run_case(tmp_path / "datasets", CASE_ID)


@pytest.mark.parametrize("which", ["real_run", "demo_run", "mini"])
def test_every_checked_column_exists_in_its_frame(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    run = mini_case(tmp_path) if which == "mini" else request.getfixturevalue(which)
    assert run.result.problems == ()
    frames = corpus_tables([(CASE_ID, run.finished().tables)])
    frames["claims"] = corpus_claims_table([(run.result.case_id, claim_rows(run.result))])
    assert {s.table for s in TABLE_SUITES} <= set(frames)
    for suite in TABLE_SUITES:
        frame = frames[suite.table]
        assert not frame.empty, suite.table
        wanted = {suite.id_column} | {c for check in suite.checks for c in check.columns}
        missing = sorted(wanted - set(frame.columns))
        assert not missing, f"suite {suite.name!r}: {suite.table} frame lacks {missing}"


def test_table_suites_are_uniquely_named_with_unique_checks() -> None:
    names = [s.name for s in TABLE_SUITES]
    assert len(set(names)) == len(names)
    assert claim_suite_name("x") not in names
    for suite in TABLE_SUITES:
        checks = [c.name for c in suite.checks]
        assert len(set(checks)) == len(checks), suite.name
        assert all(c.description for c in suite.checks), suite.name


# --- the per-claim docs suite -----------------------------------------------------------------


def spec(claim_id: str, quote: str, reason: str = "worked by hand", **kw: Any) -> ClaimResult:
    fields: dict[str, Any] = {
        "claim_id": claim_id,
        "kind": "share",
        "stated_fact": "ai_share",
        "quote": quote,
        "reviewed": {Scenario.INTERNAL: Verdict.UNVERIFIABLE, Scenario.EXTERNAL: Verdict.HOLDS},
        "reason": reason,
        "line": 2,
        "note": "",
        "fact_ids": (),
        "reference_ids": (),
        "unit": "pct",
        "outcomes": {},
    }
    fields.update(kw)
    return ClaimResult(**fields)


def test_claim_suite_has_two_expectations_per_claim(real: CaseResult) -> None:
    suite = claim_suite(REAL, real.claims, real.hedge_policy)
    assert suite.name == claim_suite_name(REAL) == f"claims-{REAL}"
    assert len(suite.expectations) == 2 * len(real.claims)
    names = [e.meta["name"] for e in suite.expectations]
    assert names == [f"{s.claim_id}.{sc}" for s in real.claims for sc in ("internal", "external")]
    for e, (s, scenario) in zip(
        suite.expectations,
        [(s, sc) for s in real.claims for sc in ("internal", "external")],
        strict=True,
    ):
        assert e.column == f"{scenario}_verdict"
        assert e.value_set == [s.reviewed[Scenario(scenario)].value]
        assert e.value_set[0] in [v.value for v in Verdict]
        # the condition picks the claim's row (a pandas string today, a GX Condition later)
        condition = str(e.configuration.kwargs["row_condition"])
        assert "claim_id" in condition
        assert re.search(rf"""['"]{re.escape(s.claim_id)}['"]""", condition), condition
        assert e.description.startswith(f"{s.claim_id} ({s.kind}, {scenario}):")
        assert f"quote: {s.quote}" in e.description
        assert real.hedge_policy in e.notes


def test_claim_suite_neutralizes_markup_and_keeps_one_line() -> None:
    hostile = spec(
        "hostile",
        '<script>alert("x")</script> A&B\n<b>44.8%</b>',
        reason="<img src=x onerror=alert(1)> R&D",
    )
    suite = claim_suite("demo", [hostile], "policy <i>x</i>")
    assert len(suite.expectations) == 2
    for e in suite.expectations:
        for text in (e.description, e.notes):
            assert not set("<>&\n") & set(text), text
        assert '‹script›alert("x")‹/script› A＆B ‹b›44.8%‹/b›' in e.description
        assert "‹img src=x onerror=alert(1)› R＆D" in e.notes
        assert "policy ‹i›x‹/i›" in e.notes


def test_claim_suite_without_a_stated_figure() -> None:
    [internal, _] = claim_suite("demo", [spec("order", "远超", stated_fact=None)], "p").expectations
    assert internal.description == "order (share, internal): quote: 远超; reviewed: unverifiable"


def test_claim_suite_of_no_claims_is_empty() -> None:
    assert claim_suite("demo", [], "p").expectations == []


def test_the_corpus_claims_table_stacks_the_case_tables(
    real_run: CaseRun, demo_run: CaseRun
) -> None:
    results = [real_run.result, demo_run.result]
    stacked = corpus_tables([(r.case_id, {"claims": claims_table(r)}) for r in results])
    built = corpus_claims_table((r.case_id, claim_rows(r)) for r in results)
    pd.testing.assert_frame_equal(built, stacked["claims"])
    assert built["row_id"].is_unique
    assert built["case_id"].value_counts().to_dict() == {r.case_id: len(r.claims) for r in results}


def test_a_case_not_evaluated_adds_no_claims_rows(real_run: CaseRun) -> None:
    idle = dataclasses.replace(real_run.result, claims=())
    assert corpus_claims_table([(idle.case_id, claim_rows(idle))]).empty
    both = [(r.case_id, claim_rows(r)) for r in (idle, real_run.result)]
    assert len(corpus_claims_table(both)) == len(real_run.result.claims)
