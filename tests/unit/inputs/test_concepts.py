"""The concept registry check: the real registry passes; every kind of bad row is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.inputs.case import load_concepts
from checks.inputs.concepts import check_concepts
from checks.inputs.csv_tables import Row, Table
from checks.problems import DataError, Problem

REPO = Path(__file__).resolve().parents[3]
GOOD = {
    "concept": "revenue",
    "unit_kind": "money",
    "non_negative": "true",
    "definition": "d",
    "labels_zh": "营收",
}


def registry(*rows: dict[str, str]) -> Table:
    return Table("concepts.csv", list(GOOD), [Row(i + 2, dict(r)) for i, r in enumerate(rows)])


def test_the_real_registry_passes() -> None:
    table = load_concepts(REPO / "datasets" / "concepts.csv")
    assert len(table) > 0
    assert check_concepts(table) == []


def test_a_good_row_passes() -> None:
    assert check_concepts(registry(GOOD)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"unit_kind": "monye"},
            Problem(
                "concepts.csv",
                2,
                "unit_kind",
                "bad-unit-kind",
                "unit_kind 'monye' is not known; use one of money, percent, pp, ratio, shares, years, year, count",
            ),
        ),
        (
            {"non_negative": "yes"},
            Problem(
                "concepts.csv",
                2,
                "non_negative",
                "bad-flag",
                "non_negative 'yes' must be true or false",
            ),
        ),
        (
            {"concept": "Revenue"},
            Problem(
                "concepts.csv",
                2,
                "concept",
                "bad-concept",
                "concept 'Revenue' must be snake_case: a-z, 0-9 and _, starting with a letter",
            ),
        ),
    ],
    ids=["unknown unit kind", "flag not true/false", "id not snake_case"],
)
def test_a_bad_row_is_named(change: dict[str, str], expected: Problem) -> None:
    assert check_concepts(registry({**GOOD, **change})) == [expected]


def test_a_duplicate_concept_is_named_on_both_rows() -> None:
    got = check_concepts(registry(GOOD, GOOD))
    message = "concept 'revenue' is registered 2 times; keep one row"
    assert got == [
        Problem("concepts.csv", 2, "concept", "duplicate-concept", message),
        Problem("concepts.csv", 3, "concept", "duplicate-concept", message),
    ]


def test_the_registry_is_read_once_per_content(tmp_path: Path) -> None:
    """A corpus reads one concepts.csv per case: the same bytes give the table read before;
    changed bytes are read again, and a broken file is still refused."""
    path = tmp_path / "concepts.csv"
    header = ",".join(GOOD)
    path.write_text(f"{header}\nrevenue,money,true,d,营收\n", encoding="utf-8")
    first = load_concepts(path)
    assert load_concepts(path) is first
    path.write_text(
        f"{header}\nrevenue,money,true,d,营收\ncost,money,true,d,成本\n", encoding="utf-8"
    )
    again = load_concepts(path)
    assert again is not first
    assert [r["concept"] for r in again] == ["revenue", "cost"]
    path.write_text("concept\nrevenue\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_concepts(path)
    assert "required column 'unit_kind' is missing" in str(caught.value.problems)
