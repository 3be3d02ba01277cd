"""Check every fact, reference fact and exclusion of a case, row by row.

One pass produces both views of the same findings: a table of boolean check columns per
row (which the GX facts suite asserts, so the docs show them) and a list of Problems with
file, line, column and what to do (which the gate prints). Rows that pass become typed
`FactRecord`s for the claim evaluation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from checks.inputs.case import Case
from checks.inputs.concepts import check_concepts
from checks.inputs.coverage import check_coverage
from checks.inputs.csv_tables import Row, Table
from checks.inputs.fact_rows import (
    FACT_ID,
    SOURCE_KINDS,
    check_excluded_row,
    check_fact_row,
    check_reference_row,
)
from checks.problems import Problem

__all__ = [
    "FACT_CHECKS",
    "FACT_ID",
    "REFERENCE_CHECKS",
    "SOURCE_KINDS",
    "FactCheck",
    "FactRecord",
    "check_facts",
    "counterparts",
]


FACT_CHECKS = (
    "id_valid", "id_unique", "concept_known", "unit_known", "unit_fits_concept", "value_valid",
    "sign_ok", "decimals_valid", "precision_ok", "qualifier_known", "quote_found_once", "stated_in_quote",
    "upper_valid", "scale_valid", "parses_back",
)  # fmt: skip
REFERENCE_CHECKS = (
    "id_valid", "id_unique", "key_unique", "concept_known", "unit_known", "unit_fits_concept",
    "value_valid", "sign_ok", "decimals_valid", "precision_ok", "qualifier_known", "source_kind_known", "has_url",
)  # fmt: skip


@dataclass(frozen=True)
class FactRecord:
    """A fact that passed its row checks, typed for evaluation."""

    fact_id: str
    origin: str  # "article" or "reference"
    concept: str
    entity: str
    period: str
    unit: str
    value: Decimal
    upper: Decimal | None
    decimals: int
    qualifier: str
    line: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.concept, self.entity, self.period)


@dataclass
class FactCheck:
    """The findings of `check_facts` for one case."""

    facts: pd.DataFrame
    reference: pd.DataFrame
    excluded: pd.DataFrame
    coverage: pd.DataFrame
    records: dict[str, FactRecord]
    problems: list[Problem]

    def counterpart(self, fact_id: str) -> FactRecord | None:
        """Return the reference fact this article fact is checked against, if any."""
        ref = self._counterparts.get(fact_id)
        return self.records[ref] if ref is not None else None

    @cached_property
    def _counterparts(self) -> dict[str, str]:
        """Build the article-to-reference map once (per call it made callers quadratic)."""
        return counterparts(self.records)


def counterparts(records: dict[str, FactRecord]) -> dict[str, str]:
    """Map each article fact id to the reference fact with its concept, entity, period and unit.

    The unit must match too: a filing in USD cannot stand in for an article figure in HKD
    without an exchange rate, which the harness does not guess.
    """
    by_key = {r.key: r for r in records.values() if r.origin == "reference"}
    return {
        r.fact_id: by_key[r.key].fact_id
        for r in sorted(records.values(), key=lambda r: r.fact_id)
        if r.origin == "article" and r.key in by_key and by_key[r.key].unit == r.unit
    }


def _concepts(table: Table) -> tuple[list[Problem], dict[str, Row]]:
    """Check the concept registry and index it by concept, once per registry table read.

    `load_concepts` gives every case of a run the same table; its checks and index are kept
    for that table (the last one seen) instead of redone per case.
    """
    if _LAST_CONCEPTS and _LAST_CONCEPTS[0][0] is table:
        return _LAST_CONCEPTS[0][1], _LAST_CONCEPTS[0][2]
    problems = check_concepts(table)
    index = {r["concept"]: r for r in table}
    _LAST_CONCEPTS[:] = [(table, problems, index)]
    return problems, index


_LAST_CONCEPTS: list[tuple[Table, list[Problem], dict[str, Row]]] = []


def check_facts(case: Case) -> FactCheck:
    """Check the case's facts, reference facts and exclusions; collect every problem."""
    problems: list[Problem] = list(case.problems)
    concept_problems, concepts = _concepts(case.concepts)
    problems.extend(concept_problems)
    ids = Counter(r["fact_id"] for r in case.facts)
    ids.update(r["fact_id"] for r in case.reference)  # in place: `+` made a third Counter
    records: dict[str, FactRecord] = {}
    source = case.source
    fact_rows: list[dict[str, Any]] = []
    spans: list[tuple[int, int, str]] = []  # source spans of stated figures and exclusions
    for row in case.facts:
        c, value, upper, decimals, span = check_fact_row(
            case.facts, row, problems, concepts, ids, source
        )
        if span is not None:
            spans.append(span)
        fact_rows.append(c.flags)
        if not c.failed and value is not None and decimals is not None:
            records[row["fact_id"]] = _record(row, "article", value, upper, decimals)
    ref_rows: list[dict[str, Any]] = []
    keys = Counter((r["concept"], r["entity"], r["period"]) for r in case.reference)
    for row in case.reference:
        c, value, _, decimals, _ = check_reference_row(
            case.reference, row, problems, concepts, ids, keys
        )
        ref_rows.append(c.flags)
        if not c.failed and value is not None and decimals is not None:
            records[row["fact_id"]] = _record(row, "reference", value, None, decimals)
    excl_rows: list[dict[str, Any]] = []
    for row in case.excluded:
        c, _, _, _, span = check_excluded_row(case.excluded, row, problems, source)
        if span is not None:
            spans.append(span)
        excl_rows.append(c.flags)
    coverage = check_coverage(case, spans, problems)
    return FactCheck(
        facts=_frame(fact_rows, ("fact_id", "line", *FACT_CHECKS)),
        reference=_frame(ref_rows, ("fact_id", "line", *REFERENCE_CHECKS)),
        excluded=_frame(
            excl_rows, ("token", "line", "quote_found_once", "token_in_quote", "reason_given")
        ),
        coverage=coverage,
        records=records,
        problems=problems,
    )


def _record(
    row: Row, origin: str, value: Decimal, upper: Decimal | None, decimals: int
) -> FactRecord:
    get = row.cells.get  # as row[column], without a method call per cell
    return FactRecord(
        get("fact_id", ""),
        origin,
        get("concept", ""),
        get("entity", ""),
        get("period", ""),
        get("unit", ""),
        value,
        upper,
        decimals,
        get("qualifier", ""),
        row.line,
    )


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Build a check table: a label column, the line, then one boolean column per check.

    Built from arrays: pandas inferring the type of every cell of a list of row dicts cost
    as much as the checks themselves. The types are the same (str, int64, bool).
    """
    if not rows:
        return pd.DataFrame(rows, columns=list(columns))
    label, line, *flags = columns
    cells = itemgetter(*flags)
    block = np.array([cells(r) for r in rows], dtype=bool)
    data: dict[str, Any] = {
        label: [r[label] for r in rows],
        line: np.array([r[line] for r in rows], dtype=np.int64),
    }
    data.update(zip(flags, block.T, strict=True))
    # the dict's keys are `columns` in order: passing columns= as well made pandas reindex
    # every column (a third of the frame's cost)
    return pd.DataFrame(data)
