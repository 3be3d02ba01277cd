"""Tests for checks.output.results: results.json and case files, infinities, JUnit XML, atomic folders.

The synthetic case (tests/data/cases/demo-cloud-results) is run once, without GX; the GX
suite outcomes are set on the results model, the way the CLI does.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import os
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from schemakit import assert_valid, load, load_case

from checks.claims.verdicts import Scenario, Verdict
from checks.model import (
    SCHEMA_VERSION,
    CaseResult,
    SuiteFailure,
    SuiteOutcome,
    case_document,
    results_document,
    summarize,
)
from checks.numbers.formatting import format_interval
from checks.output.results import CLAIMS_CSV_COLUMNS, atomic_dir, write_results
from checks.pipeline import run_case
from checks.problems import Problem

SYNTHETIC = Path(__file__).resolve().parents[2] / "data" / "cases"
DEMO = "demo-cloud-results"
SUITES = (
    SuiteOutcome("facts", 11, True, ()),
    SuiteOutcome("claims", 7, False, (SuiteFailure("internal_ok", ("x",), 1),)),
)
SUITES_JSON = [
    {"suite": "facts", "rows": 11, "success": True, "failures": []},
    {
        "suite": "claims",
        "rows": 7,
        "success": False,
        "failures": [{"name": "internal_ok", "failing_ids": ["x"], "failing_count": 1}],
    },
]
RUN_INFO = {"command": "validate", "cases": [], "finished_at": "2026-01-01T00:00:00+00:00"}
CASE_KEYS = {
    "case",
    "findings",
    "hedge_policy",
    "as_of",
    "facts",
    "reference_facts",
    "coverage",
    "problems",
    "claims",
    "gx_suites",
}
CLAIM_KEYS = {
    "claim_id", "kind", "quote", "stated", "reviewed", "reason", "rests_on_draft", "results",
    "line", "note", "fact_ids", "reference_ids", "unit",
}  # fmt: skip
ROW_KEYS = {
    "case", "title", "entity", "claims", "verdicts", "findings", "differs", "problems", "kinds",
    "document",
}  # fmt: skip
RESULT_KEYS = {
    "verdict",
    "not_computable",
    "unit",
    "stated_lo",
    "stated_hi",
    "stated_lo_open",
    "stated_hi_open",
    "computed_lo",
    "computed_hi",
    "distance",
    "grade",
    "implied_lo",
    "implied_hi",
    "implied_role",
    "missing",
    "operands_used",
    # a failing claim's consistent value and likely misreading (empty or null otherwise)
    "consistent_role",
    "consistent_lo",
    "consistent_hi",
    "explanation",
    "explanation_detail",
    "explanation_lo",
    "explanation_hi",
    "explanations",
    "implied_unit",
}


def load_strict(path: Path) -> Any:
    """Parse JSON refusing NaN and Infinity, which json.dumps writes by default but JSON lacks."""
    return load(path)


@pytest.fixture(scope="module")
def demo() -> CaseResult:
    result = run_case(SYNTHETIC, DEMO).result
    assert result.problems == ()
    return dataclasses.replace(result, suites=SUITES)


@pytest.fixture(scope="module")
def written(demo: CaseResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results") / "results"
    write_results([demo], out, RUN_INFO)
    return out


def with_mismatch(result: CaseResult, claim_id: str, scenario: Scenario) -> CaseResult:
    """Copy a result as if the reviewer had recorded a failure where the claim holds."""
    claims = []
    for c in result.claims:
        if c.claim_id == claim_id:
            outcome = dataclasses.replace(c.outcomes[scenario], reviewed=Verdict.FAILS)
            c = dataclasses.replace(
                c,
                reviewed={**c.reviewed, scenario: Verdict.FAILS},
                outcomes={**c.outcomes, scenario: outcome},
            )
        claims.append(c)
    return dataclasses.replace(result, claims=tuple(claims))


# --- results.json -----------------------------------------------------------------------------


def test_write_results_writes_the_result_files(written: Path) -> None:
    assert {p.name for p in written.iterdir()} >= {
        "junit.xml",
        "results.json",
        "run.json",
        "claims.csv",
        "cases",
    }
    assert [p.name for p in (written / "cases").iterdir()] == [f"{DEMO}.json"]
    assert not [p.name for p in written.iterdir() if p.name.startswith(".")]


def test_written_files_fit_the_shipped_schema(written: Path) -> None:
    results = load_strict(written / "results.json")
    case = load_strict(written / "cases" / f"{DEMO}.json")
    assert results["schema_version"] == case["schema_version"] == SCHEMA_VERSION
    assert_valid(results)
    assert_valid(case)


def test_the_summary_row_counts_match_the_case_file(written: Path, demo: CaseResult) -> None:
    """results.json holds one small row per case; its counts are those of the case file."""
    [row] = load_strict(written / "results.json")["cases"]
    case = load_case(written, DEMO)
    assert set(row) == ROW_KEYS
    assert row["document"] == f"cases/{DEMO}.json"
    assert row["claims"] == len(case["claims"]) == len(demo.claims) == 7
    for scenario in ("internal", "external"):
        got = [c["results"][scenario]["verdict"] for c in case["claims"]]
        assert row["verdicts"][scenario] == {
            v: got.count(v) for v in ("holds", "fails", "unverifiable", "not_computable")
        }
    assert row["verdicts"]["internal"]["unverifiable"] > 0  # counted, not all zero
    assert row["findings"] == len(case["findings"])
    assert row["problems"] == len(case["problems"]) == 0
    assert row["differs"] == 0  # the synthetic case is clean
    assert row["kinds"] == sorted({c["kind"] for c in case["claims"]})
    assert row["title"] == demo.provenance.title
    assert row["entity"] == "Xinglan Cloud (fictional)"


def test_the_summary_row_counts_claims_that_differ_from_review(demo: CaseResult) -> None:
    changed = with_mismatch(demo, "pubcloud_share_h1", Scenario.INTERNAL)
    assert summarize(demo).differs == 0
    assert summarize(changed).differs == 1
    assert summarize(changed).row()["verdicts"] == summarize(demo).row()["verdicts"]


def test_results_json_holds_no_claims(written: Path) -> None:
    """Each case is serialized once: its claims are in its case file alone."""
    text = (written / "results.json").read_text(encoding="utf-8")
    assert "pubcloud_share_h1" not in text
    assert "pubcloud_share_h1" in (written / "cases" / f"{DEMO}.json").read_text(encoding="utf-8")


def test_results_json_schema(written: Path, demo: CaseResult) -> None:
    data = load_strict(written / "results.json")
    assert set(data) == {"cases", "engine", "schema_version"}
    assert data["engine"] == "pandas"
    case = load_case(written, DEMO)
    assert set(case) >= CASE_KEYS
    assert case["case"] == DEMO
    assert case["hedge_policy"] == demo.hedge_policy
    assert case["as_of"] == 2025
    assert (case["facts"], case["reference_facts"]) == (11, 3)
    assert case["coverage"] == {"tokens": 12, "covered": 12}
    assert case["problems"] == []
    assert case["gx_suites"] == SUITES_JSON
    assert [c["claim_id"] for c in case["claims"]] == [s.claim_id for s in demo.claims]
    for c in case["claims"]:
        assert set(c) == CLAIM_KEYS
        assert set(c["reviewed"]) == {"internal", "external"}
        assert set(c["results"]) == {"internal", "external"}, c["claim_id"]
        for scenario, r in c["results"].items():
            assert set(r) == RESULT_KEYS, (c["claim_id"], scenario)
            assert r["verdict"] in ("holds", "fails", "unverifiable", "not_computable")
            assert r["not_computable"] == ""  # the synthetic case divides by no zero
            assert r["verdict"] == c["reviewed"][scenario]  # the synthetic case is clean


def test_results_json_carries_each_claims_figures(written: Path) -> None:
    case = load_case(written, DEMO)
    claims = {c["claim_id"]: c for c in case["claims"]}
    share = claims["pubcloud_share_h1"]
    assert share["kind"] == "share"
    assert share["stated"] == "xl_pubcloud_share_h1"
    assert share["quote"] == "占总营收的32%"
    internal = share["results"]["internal"]
    assert (internal["stated_lo"], internal["stated_hi"]) == (31.5, 32.5)
    assert (internal["stated_lo_open"], internal["stated_hi_open"]) == (False, True)
    assert internal["unit"] == "pct"
    assert claims["pubcloud_growth_far_above"]["stated"] is None  # an ordering states no figure


def test_nan_and_infinity_are_null(written: Path) -> None:
    """No NaN or Infinity token reaches the file: nothing computed and unbounded ends are null."""
    text = (written / "cases" / f"{DEMO}.json").read_text(encoding="utf-8")
    assert "NaN" not in text
    assert "Infinity" not in text
    claims = {c["claim_id"]: c for c in load_case(written, DEMO)["claims"]}
    # an operand the article lacks: nothing computed internally
    unverifiable = claims["revenue_growth_h1"]["results"]["internal"]
    assert unverifiable["verdict"] == "unverifiable"
    assert (unverifiable["computed_lo"], unverifiable["computed_hi"]) == (None, None)
    assert unverifiable["missing"] == "xl_rev_h1_2024_filed"
    # "far above" (min_ratio=2) is the open-ended [2, inf)
    far_above = claims["pubcloud_growth_far_above"]["results"]["internal"]
    assert (far_above["stated_lo"], far_above["stated_hi"]) == (2.0, None)


def _first_outcome_with(result: CaseResult, distance: float) -> CaseResult:
    claim = result.claims[0]
    outcome = dataclasses.replace(claim.outcomes[Scenario.INTERNAL], distance=distance)
    claim = dataclasses.replace(claim, outcomes={**claim.outcomes, Scenario.INTERNAL: outcome})
    return dataclasses.replace(result, claims=(claim, *result.claims[1:]))


def test_an_infinite_distance_is_null(demo: CaseResult) -> None:
    payload = case_document(_first_outcome_with(demo, math.inf))
    json.dumps(payload, allow_nan=False)  # raises on an infinity left behind
    assert payload["claims"][0]["results"]["internal"]["distance"] is None
    assert_valid(payload)


def test_the_empty_interval_is_written_lo_1_hi_0(demo: CaseResult) -> None:
    """An empty stated region (lo = +inf, hi = -inf in the model) stays empty, in JSON numbers."""
    claim = demo.claims[0]
    empty = dataclasses.replace(
        claim.outcomes[Scenario.INTERNAL],
        stated=type(claim.outcomes[Scenario.INTERNAL].stated)(math.inf, -math.inf, False, False),
    )
    claim = dataclasses.replace(claim, outcomes={**claim.outcomes, Scenario.INTERNAL: empty})
    payload = case_document(dataclasses.replace(demo, claims=(claim, *demo.claims[1:])))
    got = payload["claims"][0]["results"]["internal"]
    assert (got["stated_lo"], got["stated_hi"]) == (1.0, 0.0)


def test_numbers_are_plain_json(demo: CaseResult) -> None:
    payload = case_document(demo)
    json.dumps(payload, allow_nan=False)  # numpy bools and floats would raise here
    claim = payload["claims"][0]["results"]["internal"]
    assert type(claim["stated_lo_open"]) is bool
    assert type(payload["coverage"]["covered"]) is int


def test_problems_are_listed_with_file_line_and_column(demo: CaseResult) -> None:
    problem = Problem("cases/x/facts.csv", 4, "unit", "unit-known", "unit 'RMB' is not known")
    payload = case_document(dataclasses.replace(demo, problems=(problem,)))
    assert_valid(payload)
    summary = results_document([dataclasses.replace(demo, problems=(problem,))])
    assert_valid(summary)
    assert summary["cases"][0]["problems"] == 1
    assert payload["problems"] == [
        {
            "file": "cases/x/facts.csv",
            "line": 4,
            "column": "unit",
            "code": "unit-known",
            "message": "unit 'RMB' is not known",
        }
    ]


def test_a_case_without_evaluation_has_claims_without_results(demo: CaseResult) -> None:
    bare = tuple(dataclasses.replace(c, outcomes={}) for c in demo.claims)
    document = case_document(dataclasses.replace(demo, claims=bare))
    assert [c["results"] for c in document["claims"]] == [{}] * len(demo.claims)
    assert_valid(document)
    summary = results_document([dataclasses.replace(demo, claims=bare)])
    assert summary["cases"][0]["verdicts"]["internal"]["holds"] == 0
    assert_valid(summary)


def claims_table(folder: Path) -> list[list[str]]:
    with (folder / "claims.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_claims_csv_has_a_row_per_claim_and_scenario_with_formulas_escaped(
    demo: CaseResult, tmp_path: Path
) -> None:
    first = dataclasses.replace(
        demo.claims[0], quote='=HYPERLINK("x")\n"quoted", line two', reason="@SUM(A1)"
    )
    bare = dataclasses.replace(demo.claims[1], outcomes={})  # not evaluated: no verdict
    edited = dataclasses.replace(demo, case_id="-case", claims=(first, bare, *demo.claims[2:]))
    write_results([edited], tmp_path / "r", RUN_INFO)
    header, *rows = claims_table(tmp_path / "r")
    assert tuple(header) == CLAIMS_CSV_COLUMNS
    assert len(rows) == 2 * len(demo.claims)
    assert {r[0] for r in rows} == {"'-case"}  # a would-be formula shows as text
    one = dict(zip(header, rows[0], strict=True))
    assert one["quote"] == "'" + first.quote and one["reason"] == "'@SUM(A1)"
    assert (one["claim_id"], one["scenario"]) == (first.claim_id, "internal")
    o = first.outcomes[Scenario.INTERNAL]
    assert one["verdict"] == o.verdict.value
    assert one["stated"].removeprefix("'") == format_interval(*o.stated, first.unit)
    unevaluated = [dict(zip(header, r, strict=True)) for r in rows[2:4]]
    assert [(r["scenario"], r["verdict"], r["stated"], r["computed"]) for r in unevaluated] == [
        ("internal", "", "—", "—"),
        ("external", "", "—", "—"),
    ]
    assert [r[1] for r in rows[4:]] == [c.claim_id for c in demo.claims[2:] for _ in Scenario]


def test_run_json_holds_the_run_info_and_results_hold_no_time(written: Path) -> None:
    assert json.loads((written / "run.json").read_text()) == RUN_INFO
    for name in ("results.json", "junit.xml"):
        text = (written / name).read_text(encoding="utf-8")
        assert "finished_at" not in text
        assert "2026-01-01" not in text


def test_writing_twice_is_byte_identical_but_for_run_json(demo: CaseResult, tmp_path: Path) -> None:
    write_results([demo], tmp_path / "a", RUN_INFO)
    write_results([demo], tmp_path / "b", {**RUN_INFO, "finished_at": "later"})
    for name in ("results.json", "junit.xml", "claims.csv", f"cases/{DEMO}.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "run.json").read_bytes() != (tmp_path / "b" / "run.json").read_bytes()


def test_results_json_is_utf8_with_chinese_kept(written: Path) -> None:
    assert "星澜".encode() in (written / "results.json").read_bytes()
    raw = (written / "cases" / f"{DEMO}.json").read_bytes()
    assert "占总营收的32%".encode() in raw  # ensure_ascii=False: quotes stay readable
    assert raw.endswith(b"}\n")


# --- junit.xml --------------------------------------------------------------------------------


def junit(path: Path) -> ET.Element:
    return ET.fromstring((path / "junit.xml").read_bytes())  # raises if not well-formed XML


def test_junit_has_one_testcase_per_claim_and_scenario(written: Path, demo: CaseResult) -> None:
    root = junit(written)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("name") == DEMO
    cases = suite.findall("testcase")
    expected = sorted(
        (f"{DEMO}.{scenario}", s.claim_id) for s in demo.claims for scenario in Scenario
    )
    assert sorted((c.get("classname"), c.get("name")) for c in cases) == expected
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("14", "0", "0")
    assert list(root.iter("failure")) == []


def test_junit_marks_a_mismatch_as_a_failure(demo: CaseResult, tmp_path: Path) -> None:
    write_results(
        [with_mismatch(demo, "gross_margin_up", Scenario.EXTERNAL)], tmp_path / "r", RUN_INFO
    )
    suite = junit(tmp_path / "r").find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("14", "1")
    failing = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failing] == [
        (f"{DEMO}.external", "gross_margin_up")
    ]
    failure = failing[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "verdict-changed"
    # gross_margin_up has no filed operand: its external verdict is unverifiable ("no filing")
    assert failure.get("message") == (
        "external verdict 'unverifiable' differs from the reviewed 'fails'"
    )


def test_junit_reports_problems_as_errors(demo: CaseResult, tmp_path: Path) -> None:
    problem = Problem("cases/x/facts.csv", 4, "unit", "unit-known", 'unit "<RMB>" & more')
    write_results([dataclasses.replace(demo, problems=(problem,))], tmp_path / "r", RUN_INFO)
    suite = junit(tmp_path / "r").find("testsuite")
    assert suite is not None
    assert suite.get("errors") == "1"
    [error] = suite.iter("error")
    assert error.get("type") == "unit-known"
    assert error.get("message") == str(problem)  # markup in a message is escaped, not broken


def test_junit_of_several_cases_has_one_suite_each(demo: CaseResult, tmp_path: Path) -> None:
    other = dataclasses.replace(demo, case_id="other-case", suites=())
    write_results([demo, other], tmp_path / "r", RUN_INFO)
    names = [s.get("name") for s in junit(tmp_path / "r").findall("testsuite")]
    assert names == [DEMO, "other-case"]
    data = load_strict(tmp_path / "r" / "results.json")
    assert [c["case"] for c in data["cases"]] == [DEMO, "other-case"]
    gx = [load_case(tmp_path / "r", c)["gx_suites"] == [] for c in (DEMO, "other-case")]
    assert gx == [False, True]  # none run: empty


def whole_tree_junit(path: Path) -> bytes:
    """Render junit.xml again as ElementTree writes one whole tree: indented, with declaration."""
    root = junit(path)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def not_computable(result: CaseResult, claim_id: str, why: str) -> CaseResult:
    """Copy a result as if a claim's internal verdict were not computable, for `why`."""
    claims = []
    for c in result.claims:
        if c.claim_id == claim_id:
            o = dataclasses.replace(
                c.outcomes[Scenario.INTERNAL],
                verdict=Verdict.NOT_COMPUTABLE,
                reviewed=Verdict.NOT_COMPUTABLE,
                not_computable=why,
            )
            c = dataclasses.replace(
                c,
                reviewed={**c.reviewed, Scenario.INTERNAL: Verdict.NOT_COMPUTABLE},
                outcomes={**c.outcomes, Scenario.INTERNAL: o},
            )
        claims.append(c)
    return dataclasses.replace(result, claims=tuple(claims))


@pytest.mark.parametrize("cases", [0, 1, 5])
def test_junit_joined_from_case_suites_is_what_one_tree_gives(
    demo: CaseResult, tmp_path: Path, cases: int
) -> None:
    """Suites rendered one case at a time (in workers) join into ElementTree's own bytes.

    The suites are written as text; ElementTree reads them back and writes the whole tree
    again, so every element, attribute order, escape and indentation is held to its bytes:
    errors (markup, newline, tab and CR in a message), a failure, a skip, an empty suite.
    """
    problem = Problem("x/facts.csv", 2, "unit", "unit-known", 'bad <unit> & "quote"\nnext line')
    tricky = Problem("x/&<y>.csv", None, None, "unit-known", "tab\there, cr\rthere > 'q'")
    variants = [
        demo,
        dataclasses.replace(demo, problems=(problem, tricky)),
        with_mismatch(demo, "gross_margin_up", Scenario.EXTERNAL),
        not_computable(demo, "gross_margin_up", 'divisor <0> & "zero"\tmaybe'),
        dataclasses.replace(demo, claims=(), problems=()),  # an empty suite: <testsuite ... />
    ]
    results = [dataclasses.replace(variants[i], case_id=f"case-{i}&<{i}>") for i in range(cases)]
    write_results(results, tmp_path / "r", RUN_INFO)
    got = (tmp_path / "r" / "junit.xml").read_bytes()
    assert got == whole_tree_junit(tmp_path / "r")
    assert got.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<testsuites")
    if cases:  # a suite indented as another depth would give other bytes: the check can fail
        shifted = got.replace(b"\n    <testcase", b"\n     <testcase", 1)
        (tmp_path / "r" / "junit.xml").write_bytes(shifted)
        assert shifted != whole_tree_junit(tmp_path / "r")


# --- atomic_dir -------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def test_atomic_dir_replaces_the_folder_whole(tmp_path: Path) -> None:
    target = tmp_path / "results"
    target.mkdir()
    (target / "stale.txt").write_text("from the last run")
    with atomic_dir(target) as stage:
        assert stage.parent == tmp_path
        assert stage != target
        (stage / "new.txt").write_text("this run")
        assert (target / "stale.txt").exists()  # readers still see the old folder
    assert tree(target) == {"new.txt": b"this run"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]  # no staging, no -old


def test_atomic_dir_creates_a_missing_target_and_its_parents(tmp_path: Path) -> None:
    target = tmp_path / "build" / "results"
    with atomic_dir(target) as stage:
        (stage / "a.txt").write_text("a")
    assert tree(target) == {"a.txt": b"a"}


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_atomic_dir_leaves_the_previous_folder_intact_when_the_block_raises(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "results"
    (target / "sub").mkdir(parents=True)
    (target / "results.json").write_bytes(b'{"cases": [], "schema_version": "1.0"}\n')
    (target / "sub" / "x.bin").write_bytes(bytes(range(256)))
    before = tree(target)
    with pytest.raises(type(error)), atomic_dir(target) as stage:
        (stage / "results.json").write_text("half-writ")
        raise error
    assert tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]  # the staging folder is gone


def test_atomic_dir_removes_a_leftover_old_folder(tmp_path: Path) -> None:
    target = tmp_path / "results"
    (tmp_path / ".results-old").mkdir()
    (tmp_path / ".results-old" / "junk").write_text("from a crashed run")
    with atomic_dir(target) as stage:
        (stage / "a.txt").write_text("a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_atomic_dir_gives_the_folder_the_usual_permissions(tmp_path: Path) -> None:
    """The results folder is readable like any other (mkdtemp alone would make it 0700)."""
    umask = os.umask(0)
    os.umask(umask)
    with atomic_dir(tmp_path / "results") as stage:
        (stage / "a.txt").write_text("a")
    assert (tmp_path / "results").stat().st_mode & 0o777 == 0o777 & ~umask
