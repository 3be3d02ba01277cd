"""Pin down how a case folder is found and loaded, and every file-level problem it reports."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from casekit import CASE_ID, FACTS, SOURCE, claim, write_case

from checks.claims.claims_csv import read_claims
from checks.claims.verdicts import Scenario
from checks.inputs.case import case_ids, load_case
from checks.inputs.facts import check_facts
from checks.pipeline import run_case
from checks.problems import DataError, Problem, format_problems

DATASETS = Path("datasets")
ROOT = f"datasets/{CASE_ID}"
BAD_ID = (
    "is not valid; use lowercase letters, digits and hyphens "
    "(e.g. 'kingsoft-cloud-ai-strategy'), no path characters"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def problems_of(exc: pytest.ExceptionInfo[DataError]) -> list[Problem]:
    return exc.value.problems


def test_loads_a_valid_case() -> None:
    write_case(DATASETS, config={"as_of": "2025-09"})
    case = load_case(DATASETS, CASE_ID)
    assert case.case_id == CASE_ID
    assert case.root == DATASETS / CASE_ID
    assert case.source == SOURCE
    assert case.config == {"as_of": "2025-09"}
    assert case.provenance["sha256"] == hashlib.sha256(SOURCE.encode()).hexdigest()
    assert [r["fact_id"] for r in case.facts] == [f["fact_id"] for f in FACTS]
    assert case.facts.file == f"{ROOT}/facts.csv"
    assert len(case.reference) == 2
    assert len(case.excluded) == 1
    assert len(case.concepts) == 3
    assert case.claims is not None and len(case.claims) == 0  # a header alone: facts only
    assert case.problems == []


def test_reference_csv_is_optional_and_absent_means_no_filings() -> None:
    root = write_case(DATASETS, reference=[])
    (root / "reference.csv").unlink()
    case = load_case(DATASETS, CASE_ID)
    assert len(case.reference) == 0
    assert case.reference.file == f"{ROOT}/reference.csv"
    result = run_case(DATASETS, CASE_ID)
    assert result.problems == []
    assert result.checks.reference.empty


def test_a_case_without_claims_csv_is_refused_with_the_fix() -> None:
    root = write_case(DATASETS)
    (root / "claims.csv").unlink()
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert [str(p) for p in problems_of(exc)] == [
        f"{ROOT}/claims.csv: does not exist; write the relationships the source states "
        "(README, section Claims), or, to check only the facts for now, a file holding just "
        "the header line: claim_id,kind,stated,operands,params,quote,reviewed_internal,"
        "reviewed_external,reason"
    ]


def test_a_header_only_claims_csv_validates_the_facts_alone() -> None:
    root = write_case(DATASETS)
    (root / "claims.csv").write_text(
        "claim_id,kind,stated,operands,params,quote,reviewed_internal,reviewed_external,reason\n",
        encoding="utf-8",
    )
    result = run_case(DATASETS, CASE_ID)
    assert result.problems == []
    assert result.specs == [] and result.result.claims == ()
    broken = write_case(DATASETS, facts=[{**FACTS[0], "unit": "RMB"}, *FACTS[1:]])
    assert broken == root
    assert [p.code for p in run_case(DATASETS, CASE_ID).problems] != []  # facts still checked


def test_case_json_is_optional_and_claims_are_read_when_present() -> None:
    write_case(DATASETS, claims=[claim("c1", "agrees", "rev_h1", "reference=rev_h1_filed")])
    case = load_case(DATASETS, CASE_ID)
    assert case.config == {}
    assert case.claims is not None
    assert [r["claim_id"] for r in case.claims] == ["c1"]


def test_reference_and_excluded_may_be_empty_but_facts_may_not() -> None:
    write_case(DATASETS, reference=[], excluded=[])
    case = load_case(DATASETS, CASE_ID)
    assert len(case.reference) == 0
    assert len(case.excluded) == 0
    write_case(DATASETS, facts=[])
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert [(p.file, p.code) for p in problems_of(exc)] == [(f"{ROOT}/facts.csv", "no-rows")]


def test_row_problems_are_kept_not_raised() -> None:
    write_case(DATASETS)
    path = DATASETS / CASE_ID / "excluded.csv"
    path.write_text(path.read_text(encoding="utf-8") + "stray\n", encoding="utf-8")
    case = load_case(DATASETS, CASE_ID)
    assert case.problems == [
        Problem(
            f"{ROOT}/excluded.csv",
            3,
            None,
            "cell-count",
            "has 1 cells but the header has 3; quote cells that contain commas",
        )
    ]
    assert len(case.excluded) == 1


@pytest.mark.parametrize("case_id", ["../x", "A", "", "a/b", "-a", "kingsoft\n", "a" * 65])
def test_bad_case_id(case_id: str) -> None:
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, case_id)
    assert problems_of(exc) == [
        Problem("--case", None, None, "bad-case-id", f"case id {case_id!r} {BAD_ID}")
    ]


def test_unknown_case_lists_known_cases() -> None:
    write_case(DATASETS, "beta")
    write_case(DATASETS, "alpha")
    (DATASETS / "no-source").mkdir()  # listed: loading it reports the missing source.txt
    (DATASETS / ".hidden").mkdir()  # not listed
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, "gamma")
    assert problems_of(exc) == [
        Problem(
            "datasets/gamma",
            None,
            None,
            "unknown-case",
            "no such case folder; known cases: alpha, beta, no-source",
        )
    ]
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, "no-source")
    assert Problem(
        "datasets/no-source/source.txt",
        None,
        None,
        "missing-file",
        "does not exist; create it (see datasets/FORMAT.md)",
    ) in problems_of(exc)
    assert case_ids(DATASETS) == ["alpha", "beta", "no-source"]  # .hidden is not listed


def test_unknown_case_when_there_are_none() -> None:
    DATASETS.mkdir()
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, "gamma")
    assert problems_of(exc)[0].message == "no such case folder; known cases: none"
    with pytest.raises(DataError) as exc:
        load_case(Path("nowhere"), "gamma")
    assert problems_of(exc) == [
        Problem(
            "nowhere/gamma", None, None, "unknown-case", "no such case folder; known cases: none"
        )
    ]


def test_case_ids_needs_the_datasets_folder() -> None:
    with pytest.raises(DataError) as exc:
        case_ids(Path("nowhere"))
    assert problems_of(exc) == [
        Problem("nowhere", None, None, "missing-file", "datasets folder does not exist")
    ]


def test_missing_provenance() -> None:
    write_case(DATASETS)
    (DATASETS / CASE_ID / "provenance.json").unlink()
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert problems_of(exc) == [
        Problem(
            f"{ROOT}/provenance.json",
            None,
            None,
            "missing-file",
            "does not exist; record the source's title, URLs and sha256 there",
        )
    ]


def test_malformed_provenance_json() -> None:
    write_case(DATASETS)
    (DATASETS / CASE_ID / "provenance.json").write_text('{\n  "title": ,\n}\n', encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert problems_of(exc) == [
        Problem(
            f"{ROOT}/provenance.json",
            2,
            None,
            "bad-json",
            "is not valid JSON: Expecting value (column 12)",
        )
    ]


def test_provenance_must_be_an_object() -> None:
    write_case(DATASETS)
    (DATASETS / CASE_ID / "provenance.json").write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert problems_of(exc) == [
        Problem(f"{ROOT}/provenance.json", 1, None, "bad-json", "must hold a JSON object, not list")
    ]


def test_provenance_without_sha256_is_an_error() -> None:
    write_case(DATASETS, provenance={"title": "t", "urls": []})
    digest = hashlib.sha256(SOURCE.encode()).hexdigest()
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert problems_of(exc) == [
        Problem(
            f"{ROOT}/provenance.json",
            None,
            "sha256",
            "missing-sha256",
            "records no sha256 of source.txt; once source.txt is checked to be the document "
            f'as received, add "sha256": "{digest}"',
        )
    ]


def test_provenance_directory_is_collected_with_other_problems() -> None:
    write_case(DATASETS)
    (DATASETS / CASE_ID / "provenance.json").unlink()
    (DATASETS / CASE_ID / "provenance.json").mkdir()
    (DATASETS / CASE_ID / "facts.csv").unlink()
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert [(p.file, p.code) for p in problems_of(exc)] == [
        (f"{ROOT}/facts.csv", "missing-file"),
        (f"{ROOT}/provenance.json", "missing-file"),
    ]


def test_malformed_case_json() -> None:
    write_case(DATASETS)
    (DATASETS / CASE_ID / "case.json").write_text('{"as_of": "2025-09",}', encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert problems_of(exc) == [
        Problem(
            f"{ROOT}/case.json",
            1,
            None,
            "bad-json",
            "is not valid JSON: Expecting property name enclosed in double quotes (column 21)",
        )
    ]


def test_case_json_in_gbk_is_collected() -> None:
    write_case(DATASETS)
    (DATASETS / CASE_ID / "case.json").write_bytes('{"note": "金额"}'.encode("gbk"))
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert [(p.file, p.line, p.code) for p in problems_of(exc)] == [
        (f"{ROOT}/case.json", 1, "not-utf8")
    ]


def test_source_changed_against_its_sha256() -> None:
    root = write_case(DATASETS)
    recorded = json.loads((root / "provenance.json").read_text(encoding="utf-8"))["sha256"]
    changed = SOURCE.replace("12.5亿元", "12.6亿元")
    (root / "source.txt").write_text(changed, encoding="utf-8")
    digest = hashlib.sha256(changed.encode()).hexdigest()
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert problems_of(exc) == [
        Problem(
            f"{ROOT}/source.txt",
            None,
            None,
            "source-changed",
            f"SHA-256 is {digest} but provenance.json records {recorded!r}; "
            "the source must stay byte for byte as received",
        )
    ]


def test_crlf_source_is_a_changed_source() -> None:
    root = write_case(DATASETS)
    (root / "source.txt").write_bytes(SOURCE.replace("\n", "\r\n").encode())
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    assert [p.code for p in problems_of(exc)] == ["source-changed"]


def test_every_broken_file_is_reported_in_one_error() -> None:
    root = write_case(DATASETS)
    (root / "provenance.json").unlink()
    (root / "facts.csv").write_text("fact_id,concept\nx,revenue\n", encoding="utf-8")
    (root / "reference.csv").write_text("", encoding="utf-8")
    (DATASETS / "concepts.csv").unlink()
    with pytest.raises(DataError) as exc:
        load_case(DATASETS, CASE_ID)
    got = [(p.file, p.column, p.code) for p in problems_of(exc)]
    missing_fact_columns = [
        (f"{ROOT}/facts.csv", column, "missing-column")
        # value, upper, unit, scale, decimals and qualifier may be left out: stated gives them
        for column in sorted(("entity", "period", "stated", "quote"))
    ]
    assert got == [
        ("datasets/concepts.csv", None, "missing-file"),
        *missing_fact_columns,
        (f"{ROOT}/provenance.json", None, "missing-file"),
        (f"{ROOT}/reference.csv", None, "empty-file"),
    ]
    assert str(exc.value).startswith(
        "datasets/concepts.csv: does not exist; create it (see datasets/FORMAT.md)\n"
        f"{ROOT}/facts.csv:1: column 'entity': required column 'entity' is missing"
    )


# --- a second case needs only data files ------------------------------------------------------

SYNTHETIC = Path(__file__).resolve().parents[2] / "data" / "cases"

#: Verdicts worked by hand (see the reason column of its claims.csv): (internal, external).
#: A claim none of whose operands has a filed figure is externally unverifiable ("no filing").
SYNTHETIC_VERDICTS = {
    "revenue_growth_h1": ("unverifiable", "fails"),
    "pubcloud_share_h1": ("holds", "holds"),
    "pubcloud_growth_far_above": ("holds", "unverifiable"),
    "gross_margin_up": ("holds", "unverifiable"),
    "agrees_xl_rev_h1": ("unverifiable", "holds"),
    "ai_revenue_growth_h1": ("unverifiable", "holds"),
    "years_since_founding": ("holds", "unverifiable"),
}


def test_synthetic_case_loads_and_checks_clean() -> None:
    assert case_ids(SYNTHETIC) == ["demo-cloud-results"]
    case = load_case(SYNTHETIC, "demo-cloud-results")
    assert case.problems == []
    assert case.config == {"as_of": "2025-12"}
    fc = check_facts(case)
    assert fc.problems == []
    assert len(fc.coverage) == 12
    assert fc.coverage["covered"].all()
    assert fc.coverage["covered_by"].iloc[-1].startswith("excluded: product name")
    assert len(fc.records) == len(case.facts) + len(case.reference) == 14
    assert case.claims is not None
    all_ids = {r["fact_id"] for r in case.facts} | {r["fact_id"] for r in case.reference}
    specs, problems = read_claims(case.claims, fc.records, all_ids, case.source)
    assert problems == []
    assert {s.claim_id: tuple(s.reviewed[sc] for sc in Scenario) for s in specs} == (
        SYNTHETIC_VERDICTS
    )
    assert {s.kind for s in specs} == {
        "share",
        "growth",
        "pp_change",
        "ordering",
        "agrees",
        "elapsed_years",
    }


def test_synthetic_case_runs_to_the_hand_worked_verdicts() -> None:
    result = run_case(SYNTHETIC, "demo-cloud-results").result
    assert result.problems == ()
    assert result.as_of == 2025
    got = {c.claim_id: tuple(c.outcomes[sc].verdict for sc in Scenario) for c in result.claims}
    assert got == SYNTHETIC_VERDICTS
    assert result.mismatches == ()


def test_stray_cell_in_an_agrees_row_is_reported_not_a_crash(tmp_path: Path) -> None:
    shutil.copytree(SYNTHETIC, tmp_path / "cases")
    claims = tmp_path / "cases" / "demo-cloud-results" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    good = "agrees_xl_rev_h1,agrees,xl_rev_h1,reference=xl_rev_h1_2025_filed,,"
    claims.write_text(text.replace(good, good + ","), encoding="utf-8")
    result = run_case(tmp_path / "cases", "demo-cloud-results")
    assert [(p.line, p.code) for p in result.problems] == [
        (6, "cell-count"),
        (None, "unchecked-counterpart"),
    ]
    assert (
        format_problems(result.problems)
        .splitlines()[1]
        .startswith("cases/demo-cloud-results/claims.csv:6: has 11 cells but the header has 10")
    )
