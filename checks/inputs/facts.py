"""Check every fact, reference fact and exclusion of a case, row by row.

One pass produces both views of the same findings: a table of boolean check columns per
row (which the GX facts suite asserts, so the docs show them) and a list of Problems with
file, line, column and what to do (which the gate prints). Rows that pass become typed
`FactRecord`s for the claim evaluation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

import pandas as pd

from checks.inputs.case import Case
from checks.inputs.cells import (
    MAX_DIGITS,
    MAX_EXPONENT,
    decimal_cell,
    decimals_cell,
    not_a_number,
    scale_cell,
    upper_cell,
)
from checks.inputs.concepts import UNIT_KINDS, check_concepts
from checks.inputs.coverage import check_coverage, count_verbatim
from checks.inputs.csv_tables import Row, Table
from checks.numbers.quantity import Qualifier, Unit
from checks.problems import Problem, ProblemCode
from checks.text.parse import ParseError, parse_quantity

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

FACT_ID = re.compile(r"^[a-z0-9_]{1,80}$")
SOURCE_KINDS = ("company_release", "filing", "media", "computed")
_UNITS = tuple(u.value for u in Unit)
_QUALIFIERS = tuple(q.value for q in Qualifier)

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


class _RowChecker:
    """Record check outcomes for one row and the problems behind the failures."""

    def __init__(self, table: Table, row: Row, problems: list[Problem]) -> None:
        self.table, self.row, self.problems = table, row, problems
        self.flags: dict[str, Any] = {"line": row.line}

    def check(self, code: ProblemCode, ok: bool, column: str | None, message: str = "") -> bool:
        """Record the check named by `code` (its flag column is the code with _ for -)."""
        self.flags[code.value.replace("-", "_")] = bool(ok)
        if not ok:
            self.problems.append(Problem(self.table.file, self.row.line, column, code, message))
        return ok


def _concepts(case: Case) -> dict[str, Row]:
    return {r["concept"]: r for r in case.concepts}


def _common(
    c: _RowChecker, concepts: dict[str, Row], ids: Counter[str]
) -> tuple[Decimal | None, int | None]:
    """Run the checks facts and reference facts share; return the typed value and decimals."""
    row = c.row
    fid = row["fact_id"]
    c.check(
        ProblemCode.ID_VALID,
        bool(FACT_ID.fullmatch(fid)),
        "fact_id",
        f"fact_id {fid!r} must be 1-80 of a-z, 0-9, _",
    )
    c.check(
        ProblemCode.ID_UNIQUE,
        ids[fid] == 1,
        "fact_id",
        f"fact_id {fid!r} is used {ids[fid]} times in the case; ids must be unique across facts.csv and reference.csv",
    )
    concept = concepts.get(row["concept"])
    c.check(
        ProblemCode.CONCEPT_KNOWN,
        concept is not None,
        "concept",
        f"concept {row['concept']!r} is not in datasets/concepts.csv; add it there or use a registered one",
    )
    unit = row["unit"]
    c.check(
        ProblemCode.UNIT_KNOWN,
        unit in _UNITS,
        "unit",
        f"unit {unit!r} is not a known unit; use one of {', '.join(_UNITS)}",
    )
    allowed = UNIT_KINDS.get(concept["unit_kind"], ()) if concept is not None else ()
    c.check(
        ProblemCode.UNIT_FITS_CONCEPT,
        concept is None or unit in allowed,
        "unit",
        f"unit {unit!r} does not fit concept {row['concept']!r} ({concept['unit_kind'] if concept else '?'}); use one of {', '.join(allowed) or 'nothing: fix unit_kind in concepts.csv'}",
    )
    value = decimal_cell(row["value"])
    too_big = value is not None and (
        (value != 0 and value.adjusted() >= MAX_EXPONENT)
        or len(value.as_tuple().digits) > MAX_DIGITS
    )
    c.check(
        ProblemCode.VALUE_VALID,
        value is not None and not too_big,
        "value",
        f"value {row['value']!r} is out of range: at most {MAX_DIGITS} significant digits and below 10^{MAX_EXPONENT} (10^20 CNY is past any reported figure)"
        if too_big
        else not_a_number("value", row["value"]),
    )
    if too_big:
        value = None
    non_negative = concept is not None and concept["non_negative"] == "true"
    c.check(
        ProblemCode.SIGN_OK,
        value is None or not (non_negative and value < 0),
        "value",
        f"value {row['value']!r} is negative but concept {row['concept']!r} cannot be; store losses as a positive net_loss",
    )
    decimals = decimals_cell(row["decimals"])
    c.check(
        ProblemCode.DECIMALS_VALID,
        decimals is not None,
        "decimals",
        f"decimals {row['decimals']!r} is not a whole number from -20 to 20 (e.g. -6 for 7.29亿, 1 for 44.8%)",
    )
    c.check(
        ProblemCode.PRECISION_OK,
        value is None
        or decimals is None
        or value.scaleb(decimals) == value.scaleb(decimals).to_integral_value(),
        "value",
        f"value {row['value']!r} has digits finer than decimals {row['decimals']!r} allows; round the value or raise decimals",
    )
    c.check(
        ProblemCode.QUALIFIER_KNOWN,
        row["qualifier"] in _QUALIFIERS,
        "qualifier",
        f"qualifier {row['qualifier']!r} is not known; use one of {', '.join(_QUALIFIERS)}",
    )
    return value, decimals


def check_facts(case: Case) -> FactCheck:
    """Check the case's facts, reference facts and exclusions; collect every problem."""
    problems: list[Problem] = list(case.problems)
    problems.extend(check_concepts(case.concepts))
    concepts = _concepts(case)
    ids = Counter(r["fact_id"] for r in case.facts) + Counter(r["fact_id"] for r in case.reference)
    records: dict[str, FactRecord] = {}
    source = case.source
    fact_rows: list[dict[str, Any]] = []
    spans: list[tuple[int, int, str]] = []  # source spans of stated figures and exclusions
    for row in case.facts:
        c = _RowChecker(case.facts, row, problems)
        c.flags["fact_id"] = row["fact_id"]
        value, decimals = _common(c, concepts, ids)
        quote, stated = row["quote"], row["stated"]
        n = count_verbatim(source, quote)
        c.check(
            ProblemCode.QUOTE_FOUND_ONCE,
            n == 1,
            "quote",
            f"quote {quote!r} is found {n} times in source.txt; it must appear exactly once, verbatim (lengthen it to make it unique)"
            if n
            else f"quote {quote!r} is not found verbatim in source.txt; copy it from the source exactly",
        )
        in_quote = bool(stated) and stated in quote
        c.check(
            ProblemCode.STATED_IN_QUOTE,
            in_quote,
            "stated",
            f"stated {stated!r} does not occur inside its quote {quote!r}",
        )
        if n == 1 and in_quote:
            start = source.index(quote) + quote.index(stated)
            spans.append((start, start + len(stated), row["fact_id"]))
        upper = _check_upper(c, value)
        scale = _check_scale(c)
        ok, why = _parses_back(row, value, upper, decimals, scale)
        c.check(ProblemCode.PARSES_BACK, ok, "stated", why)
        fact_rows.append(c.flags)
        if all(c.flags[k] for k in FACT_CHECKS) and value is not None and decimals is not None:
            records[row["fact_id"]] = _record(row, "article", value, upper, decimals)
    ref_rows: list[dict[str, Any]] = []
    keys = Counter((r["concept"], r["entity"], r["period"]) for r in case.reference)
    for row in case.reference:
        c = _RowChecker(case.reference, row, problems)
        c.flags["fact_id"] = row["fact_id"]
        value, decimals = _common(c, concepts, ids)
        key = (row["concept"], row["entity"], row["period"])
        c.check(
            ProblemCode.KEY_UNIQUE,
            keys[key] == 1,
            "period",
            f"concept, entity and period {key!r} appear {keys[key]} times; a reference figure must be unique for its key",
        )
        c.check(
            ProblemCode.SOURCE_KIND_KNOWN,
            row["source_kind"] in SOURCE_KINDS,
            "source_kind",
            f"source_kind {row['source_kind']!r} is not known; use one of {', '.join(SOURCE_KINDS)}",
        )
        c.check(
            ProblemCode.HAS_URL,
            row["source_url"].startswith(("https://", "http://")),
            "source_url",
            f"source_url {row['source_url']!r} is not an http(s) URL; every reference figure needs the address it was read at",
        )
        ref_rows.append(c.flags)
        if all(c.flags[k] for k in REFERENCE_CHECKS) and value is not None and decimals is not None:
            records[row["fact_id"]] = _record(row, "reference", value, None, decimals)
    excl_rows: list[dict[str, Any]] = []
    for row in case.excluded:
        c = _RowChecker(case.excluded, row, problems)
        c.flags["token"] = row["token"]
        quote, token = row["quote"], row["token"]
        n = count_verbatim(source, quote)
        c.check(
            ProblemCode.QUOTE_FOUND_ONCE,
            n == 1,
            "quote",
            f"quote {quote!r} is found {n} times in source.txt; it must appear exactly once, verbatim",
        )
        in_quote = bool(token) and token in quote
        c.check(
            ProblemCode.TOKEN_IN_QUOTE,
            in_quote,
            "token",
            f"token {token!r} does not occur inside its quote {quote!r}",
        )
        c.check(
            ProblemCode.REASON_GIVEN,
            bool(row["reason"]),
            "reason",
            "an exclusion needs a reason (e.g. 'image caption counter')",
        )
        if n == 1 and in_quote:
            start = source.index(quote) + quote.index(token)
            spans.append((start, start + len(token), "excluded: " + row["reason"]))
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
    return FactRecord(
        row["fact_id"],
        origin,
        row["concept"],
        row["entity"],
        row["period"],
        row["unit"],
        value,
        upper,
        decimals,
        row["qualifier"],
        row.line,
    )


def _check_upper(c: _RowChecker, value: Decimal | None) -> Decimal | None:
    upper, message = upper_cell(c.row["upper"], c.row["value"], value)
    c.check(ProblemCode.UPPER_VALID, not message, "upper", message)
    return upper


def _check_scale(c: _RowChecker) -> int | None:
    scale, message = scale_cell(c.row["scale"])
    c.check(ProblemCode.SCALE_VALID, not message, "scale", message)
    return scale


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def _parses_back(
    row: Row, value: Decimal | None, upper: Decimal | None, decimals: int | None, scale: int | None
) -> tuple[bool, str]:
    """Check that the stated text parses to the stored value, upper, unit, scale, decimals, qualifier.

    A cell that failed its own check is left out of the comparison (its problem says why).
    """
    try:
        q = parse_quantity(row["stated"])
    except ParseError as exc:
        return False, f"stated {row['stated']!r} does not parse: {exc}"
    want = {
        "value": value,
        "upper": upper,
        "unit": row["unit"],
        "scale": scale,
        "decimals": decimals,
        "qualifier": row["qualifier"],
    }
    got = {
        "value": q.value,
        "upper": q.upper,
        "unit": q.unit.value,
        "scale": q.scale,
        "decimals": q.decimals,
        "qualifier": q.qualifier.value,
    }
    diffs = [
        f"{k} {want[k]!s} (stored) vs {got[k]!s} (parsed)"
        for k in want
        if want[k] != got[k] and not (k in ("scale", "upper") and want[k] is None and row[k])
    ]
    if diffs:
        return (
            False,
            f"stated {row['stated']!r} parses differently from the stored row: " + "; ".join(diffs),
        )
    return True, ""
