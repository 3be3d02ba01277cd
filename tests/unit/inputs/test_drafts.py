"""Tests for checks.inputs.drafts: derived facts.csv cells and draft rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from casekit import FACTS, claim, table, write_case

from checks.inputs.drafts import DERIVED_COLUMNS, draft_rows, fill_derived
from checks.pipeline import run_case

COLUMNS = ("fact_id", "concept", "entity", "period", "stated", *DERIVED_COLUMNS, "quote")


def test_empty_derived_cells_are_filled_from_stated() -> None:
    t = table("facts.csv", COLUMNS, [{"fact_id": "a", "stated": "约4–5亿元"}])
    row = fill_derived(t).rows[0]
    assert {c: row[c] for c in DERIVED_COLUMNS} == {
        "value": "400000000",
        "upper": "500000000",
        "unit": "CNY",
        "scale": "8",
        "decimals": "-8",
        "qualifier": "about",
    }


def test_given_cells_are_kept_so_the_checks_still_compare_them() -> None:
    t = table("facts.csv", COLUMNS, [{"fact_id": "a", "stated": "44.8%", "value": "44.9"}])
    row = fill_derived(t).rows[0]
    assert (row["value"], row["unit"], row["decimals"], row["upper"]) == ("44.9", "pct", "1", "")


def test_a_file_without_derived_columns_gets_them() -> None:
    t = table("facts.csv", ("fact_id", "stated", "quote"), [{"fact_id": "a", "stated": "7.29亿元"}])
    filled = fill_derived(t)
    assert set(DERIVED_COLUMNS) <= set(filled.columns)
    assert filled.rows[0]["value"] == "729000000"


def test_an_unparsable_stated_is_left_for_the_fact_checks_to_report() -> None:
    t = table("facts.csv", COLUMNS, [{"fact_id": "a", "stated": "很多"}])
    assert fill_derived(t).rows[0]["value"] == ""


def test_draft_rows_are_found_and_a_bad_status_is_reported() -> None:
    facts = table(
        "facts.csv",
        ("fact_id", "status"),
        [{"fact_id": "a", "status": "draft"}, {"fact_id": "b", "status": "confirmed"}],
    )
    claims = table(
        "claims.csv",
        ("claim_id", "status"),
        [{"claim_id": "c", "status": "maybe"}, {"claim_id": "d"}],
    )
    found = draft_rows([(facts, "fact_id"), (claims, "claim_id")])
    assert found.fact_ids == {"a"} and found.claim_ids == set()
    assert [p.code for p in found.problems] == ["draft-row"]
    assert found.problems[0].line == 2
    assert [str(p) for p in found.bad_status] == [
        "claims.csv:2: column 'status': status 'maybe' is not known; use draft or confirmed (empty means confirmed)"
    ]


def _with_status(root: Path, name: str, statuses: list[str]) -> None:
    path = root / name
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",status"] + [f"{ln},{s}" for ln, s in zip(lines[1:], statuses, strict=True)]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    claims = [
        claim(
            "margin_up",
            "pp_change",
            "",
            "new=margin_h1;old=margin_h1_2024",
            params="direction=up",
            quote="较上年的33.0%上升",
            reviewed_external="holds",
        ),
        claim(
            "growth",
            "growth",
            "rev_growth_h1",
            "new=rev_h1;old=?",
            reviewed_internal="unverifiable",
            reviewed_external="unverifiable",
            quote="同比增长20%",
        ),
    ]
    root = write_case(tmp_path, claims=claims, reference=[])
    _with_status(root, "facts.csv", ["confirmed", "", "draft", "confirmed"])
    return tmp_path


def test_a_case_with_drafts_is_refused_naming_each_draft_row(drafted: Path) -> None:
    result = run_case(drafted, "mini-case")
    assert [(p.code, p.line) for p in result.problems] == [("draft-row", 4)]
    assert "'margin_h1' is a draft" in result.problems[0].message


def test_allowed_drafts_are_evaluated_and_the_claims_resting_on_them_named(drafted: Path) -> None:
    result = run_case(drafted, "mini-case", allow_drafts=True)
    assert result.problems == []
    assert result.drafts == frozenset({"margin_up"})
    assert len(FACTS) == len(result.checks.records)
    assert {c.claim_id: c.rests_on_draft for c in result.result.claims} == {
        "margin_up": True,
        "growth": False,
    }
