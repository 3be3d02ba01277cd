"""Tests for checks.gx.run: checkpoint runs over whole tables, reported by row id."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checks.gx import api as gxa
from checks.gx.context import CONFIG_FILE, GX_DIR, open_context, validations_dir
from checks.gx.expectations import (
    build_suite,
    must_be_between,
    must_be_true,
    must_be_unique,
    must_equal_column,
    save_suite,
)
from checks.gx.run import ExpectationOutcome, GxRunError, SuiteResult, run_suite

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("project")
    (root / GX_DIR).mkdir()
    shutil.copyfile(REPO / GX_DIR / CONFIG_FILE, root / GX_DIR / CONFIG_FILE)
    (root / "expectations").mkdir()
    ctx = open_context(root, root / "build")
    save_suite(
        ctx,
        build_suite(
            "facts",
            [
                must_be_true("quote_found", "quote_found", "Every quote is in the source."),
                must_be_unique("fact_id_unique", "fact_id", "Fact ids are unique."),
                must_be_between("share_range", "share", "Shares are percentages.", min_value=0),
            ],
        ),
    )
    save_suite(
        ctx,
        build_suite(
            "claims",
            [must_equal_column("verdict_reviewed", "verdict", "reviewed", "Verdicts match.")],
        ),
    )
    return ctx


def facts(n: int = 6, **columns: list[Any]) -> pd.DataFrame:
    table = {
        "fact_id": [f"F{i:03d}" for i in range(n)],
        "quote_found": [True] * n,
        "share": [10.0] * n,
    }
    table.update(columns)
    # A non-default index: failing rows must come back by id, not by position.
    return pd.DataFrame(table, index=range(100, 100 + n))


def by_name(result: SuiteResult) -> dict[str, ExpectationOutcome]:
    return {outcome.name: outcome for outcome in result.outcomes}


def test_known_pass_reports_every_expectation_in_suite_order(context: Any) -> None:
    result = run_suite(context, "facts", facts(), "fact_id")

    assert result.success
    assert result.row_count == 6
    assert [o.name for o in result.outcomes] == [
        "quote_found",
        "fact_id_unique",
        "share_range",
        "not_null.quote_found",
        "not_null.fact_id",
        "not_null.share",
    ]
    assert all(o.failing_ids == () and o.failing_count == 0 for o in result.outcomes)
    assert by_name(result)["quote_found"] == ExpectationOutcome(
        name="quote_found",
        expectation_type="expect_column_values_to_be_in_set",
        columns=("quote_found",),
        description="Every quote is in the source.",
        success=True,
        failing_ids=(),
        failing_count=0,
        observed="0 of 6 rows unexpected",
    )


def test_known_fail_reports_failing_rows_by_id(context: Any) -> None:
    table = facts(quote_found=[True, False, True, True, False, True], share=[1, 2, -3, 4, 5, 6])

    result = run_suite(context, "facts", table, "fact_id")

    assert not result.success
    assert [o.name for o in result.failures] == ["quote_found", "share_range"]
    outcomes = by_name(result)
    assert outcomes["quote_found"].failing_ids == ("F001", "F004")
    assert outcomes["quote_found"].failing_count == 2
    assert outcomes["quote_found"].observed == "2 of 6 rows unexpected"
    assert outcomes["share_range"].failing_ids == ("F002",)


def test_a_missing_value_fails_instead_of_being_skipped(context: Any) -> None:
    table = facts(quote_found=[True, True, None, True, True, True])

    outcomes = by_name(run_suite(context, "facts", table, "fact_id"))

    # GX skips the missing value in the set check; the companion check catches it.
    assert outcomes["quote_found"].success
    assert outcomes["quote_found"].observed == "0 of 6 rows unexpected, 1 missing"
    assert not outcomes["not_null.quote_found"].success
    assert outcomes["not_null.quote_found"].failing_ids == ("F002",)


def test_failing_ids_are_capped_but_counted(context: Any) -> None:
    table = facts(50, quote_found=[False] * 50)

    outcome = by_name(run_suite(context, "facts", table, "fact_id", id_cap=3))["quote_found"]

    assert outcome.failing_ids == ("F000", "F001", "F002")
    assert outcome.failing_count == 50


def test_pair_check_reports_rows_where_columns_differ(context: Any) -> None:
    table = pd.DataFrame(
        {
            "claim_id": ["C1", "C2", "C3"],
            "verdict": ["holds", "fails", "holds"],
            "reviewed": ["holds", "holds", "holds"],
        }
    )

    outcome = by_name(run_suite(context, "claims", table, "claim_id"))["verdict_reviewed"]

    assert not outcome.success
    assert outcome.columns == ("verdict", "reviewed")
    assert outcome.failing_ids == ("C2",)


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (facts().iloc[0:0], "the table has no rows; an empty table would pass every check"),
        (
            facts().drop(columns="fact_id"),
            "id column 'fact_id' is not in the table (columns: ['quote_found', 'share'])",
        ),
        (facts(fact_id=["A", "B", "A", "C", "B", "D"]), "id column 'fact_id' repeats ids: A, B"),
        (
            facts(fact_id=["A", None, "B", "C", "D", "E"]),
            "id column 'fact_id' has 1 missing value(s)",
        ),
    ],
)
def test_tables_that_cannot_be_reported_by_id_are_refused(
    context: Any, table: pd.DataFrame, problem: str
) -> None:
    with pytest.raises(GxRunError) as caught:
        run_suite(context, "facts", table, "fact_id")
    assert caught.value.problems == (problem,)
    assert str(caught.value) == f"suite 'facts' could not be validated:\n  - {problem}"


def test_an_expectation_gx_cannot_evaluate_is_an_error_not_a_verdict(context: Any) -> None:
    with pytest.raises(GxRunError) as caught:
        run_suite(context, "facts", facts().drop(columns="share"), "fact_id")

    assert caught.value.problems == (
        "share_range (expect_column_values_to_be_between, {'column': 'share', "
        "'min_value': 0.0}): Error: The column \"share\" in BatchData does not exist.",
        "not_null.share (expect_column_values_to_not_be_null, {'column': 'share'}): "
        'Error: The column "share" in BatchData does not exist.',
    )


def test_runs_are_quiet_and_stored_under_the_build_folder(
    context: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    run_suite(context, "facts", facts(500), "fact_id", run_name="quiet")

    assert capfd.readouterr() == ("", "")
    build = Path(context.root_directory).parent / "build"
    assert list((validations_dir(build) / "facts").glob("quiet/*/*.json"))


def test_results_hold_no_gx_objects(context: Any) -> None:
    result = run_suite(context, "facts", facts(), "fact_id")

    def plain(value: Any) -> bool:
        if dataclasses.is_dataclass(value):
            return all(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
        if isinstance(value, tuple):
            return all(plain(item) for item in value)
        return value is None or type(value) in (str, int, bool)

    assert plain(result)


def test_a_suite_without_expectations_is_refused(context: Any) -> None:
    empty = context.suites.add_or_update(gxa.ExpectationSuite(name="empty"))
    assert empty.expectations == []

    with pytest.raises(GxRunError) as caught:
        run_suite(context, "empty", facts(), "fact_id")

    assert caught.value.problems == ("the suite has no expectations; it would pass anything",)
