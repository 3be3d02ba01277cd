"""Corpus tables: every case's check tables stacked with case_id and row_id, one GX run each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checks.gx.context import open_context
from checks.gx.corpus import CASE_ID, ROW_ID, corpus_tables, run_corpus_suites
from checks.gx.suites import TABLE_SUITES
from checks.inputs.facts import FACT_CHECKS

REPO = Path(__file__).resolve().parents[3]


def facts(ids: list[str], bad: str | None = None) -> pd.DataFrame:
    rows = []
    for line, fid in enumerate(ids, 2):
        row: dict[str, Any] = {"fact_id": fid, "line": line}
        row.update({check: not (fid == bad and check == "unit_known") for check in FACT_CHECKS})
        rows.append(row)
    return pd.DataFrame(rows, columns=["fact_id", "line", *FACT_CHECKS])


def test_corpus_tables_put_case_id_and_row_id_first_and_keep_order() -> None:
    tables = corpus_tables([("a", {"facts": facts(["x", "y"])}), ("b", {"facts": facts(["x"])})])
    table = tables["facts"]
    assert list(table.columns[:4]) == [CASE_ID, ROW_ID, "fact_id", "line"]
    assert table[ROW_ID].tolist() == ["a/x", "a/y", "b/x"]
    assert table[CASE_ID].tolist() == ["a", "a", "b"]
    assert set(tables) == {s.table for s in TABLE_SUITES}
    assert tables["claims"].empty  # no case gave claims: an empty table, no rows


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return open_context(REPO, tmp_path_factory.mktemp("build"))


def test_one_run_per_suite_splits_outcomes_per_case(context: Any) -> None:
    """A fact id repeated across cases is fine; a bad row fails only its own case."""
    tables = corpus_tables(
        [("a", {"facts": facts(["x", "y"], bad="y")}), ("b", {"facts": facts(["x", "z"])})]
    )
    run = run_corpus_suites(context, tables)
    assert run.errors == {}
    [corpus] = run.corpus
    assert corpus.row_count == 4 and not corpus.success
    [a] = run.by_case["a"]
    [b] = run.by_case["b"]
    assert b.success and b.row_count == 2
    assert not a.success and a.row_count == 2
    [failure] = a.failures
    assert (failure.name, failure.failing_ids, failure.failing_count) == ("unit_known", ("y",), 1)


def test_a_fact_id_repeated_within_one_case_is_a_gx_error_naming_it(context: Any) -> None:
    """Failing rows are reported by row_id, so a repeated one cannot be: GX is not asked."""
    run = run_corpus_suites(context, corpus_tables([("a", {"facts": facts(["x", "x"])})]))
    assert run.by_case == {}
    assert run.errors == {"facts": ("id column 'row_id' repeats ids: a/x",)}
