"""Declare the project's GX suites: what must hold of every case's check tables.

The table suites run over the corpus tables of `checks.gx.corpus` (every case's rows, with
`case_id` and `row_id` in front), once per run.

The pure checks in `checks.inputs.facts` and `checks.claims.evaluate` compute one boolean or verdict
column per check; these suites assert those columns over whole tables (a few expectations
per table whatever its length, so cost grows with rows, not with claims). The suite JSON in
`expectations/` is generated from these declarations by `python -m checks suites` and
committed; a test fails when the committed JSON is stale.

The per-claim suites (`claims-<case>`) are the exception: one expectation per claim, so
each stated relationship appears in GX Data Docs by name with its quote. They are built
from claims.csv and run only when docs are built, never by the gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checks.claims.verdicts import Scenario, Verdict
from checks.gx import api as gxa
from checks.gx.expectations import (
    ColumnCheck,
    build_suite,
    must_be_in_set,
    must_be_true,
    must_be_unique,
)
from checks.model import ClaimResult, review_text

__all__ = ["TABLE_SUITES", "TableSuite", "claim_suite", "claim_suite_name"]


@dataclass(frozen=True)
class TableSuite:
    """A suite over one check table: its name, the table's id column and its checks."""

    name: str
    table: str  # facts, reference, excluded, coverage, claims
    id_column: str  # unique within a case; the corpus table's row_id is `<case_id>/<id>`
    checks: tuple[ColumnCheck, ...]
    notes: str

    def build(self) -> gxa.ExpectationSuite:
        return build_suite(self.name, self.checks, notes=self.notes)


def _true(column: str, text: str) -> ColumnCheck:
    return must_be_true(column, column, text)


_FACTS = (
    must_be_unique("fact_id_unique", "row_id", "Every fact id is unique within its case."),
    _true("id_valid", "Every fact id is 1-80 of a-z, 0-9 and underscore."),
    _true("id_unique", "No fact id is used twice across facts.csv and reference.csv."),
    _true("concept_known", "Every concept is registered in concepts.csv."),
    _true(
        "unit_known",
        "Every unit is one of CNY, HKD, USD, pct, pp, ratio, shares, years, year, count.",
    ),
    _true("unit_fits_concept", "Every unit fits its concept's unit kind (money, percent, ...)."),
    _true("value_valid", "Every value is a finite decimal number in base units."),
    _true("sign_ok", "No value is negative where its concept forbids it."),
    _true(
        "decimals_valid", "Every decimals entry is a whole number from -20 to 20 (XBRL precision)."
    ),
    _true("precision_ok", "No value has digits finer than its decimals allow."),
    _true("qualifier_known", "Every qualifier is a known hedge (none, about, more_than, ...)."),
    _true("quote_found_once", "Every quote appears verbatim, exactly once, in the source text."),
    _true("stated_in_quote", "Every stated figure occurs inside its quote."),
    _true(
        "upper_valid", "Every upper is empty (one figure) or a number above the value (a range)."
    ),
    _true("scale_valid", "Every scale is the power of ten of a scale word (8 for 亿, 0 for none)."),
    _true(
        "parses_back",
        "Every stated figure parses back to its stored value, upper, unit, scale, decimals and "
        "qualifier.",
    ),
)
_REFERENCE = (
    must_be_unique(
        "fact_id_unique", "row_id", "Every reference fact id is unique within its case."
    ),
    _true("id_valid", "Every reference fact id is 1-80 of a-z, 0-9 and underscore."),
    _true("id_unique", "No reference fact id is used twice across facts.csv and reference.csv."),
    _true("key_unique", "Concept, entity and period identify at most one reference figure."),
    _true("concept_known", "Every concept is registered in concepts.csv."),
    _true("unit_known", "Every unit is a known unit."),
    _true("unit_fits_concept", "Every unit fits its concept's unit kind."),
    _true("value_valid", "Every value is a finite decimal number in base units."),
    _true("sign_ok", "No value is negative where its concept forbids it."),
    _true(
        "decimals_valid",
        "Every decimals entry is a whole number from -20 to 20 (precision as filed).",
    ),
    _true("precision_ok", "No value has digits finer than its decimals allow."),
    _true("qualifier_known", "Every qualifier is a known hedge."),
    _true("source_kind_known", "Every source kind is company_release, filing, media or computed."),
    _true("has_url", "Every reference figure carries the http(s) URL it was read at."),
)
_EXCLUDED = (
    _true(
        "quote_found_once", "Every exclusion's quote appears verbatim, exactly once, in the source."
    ),
    _true("token_in_quote", "Every excluded token occurs inside its quote."),
    _true("reason_given", "Every exclusion says why the number is not a fact."),
)
_COVERAGE = (
    _true("covered", "Every number-like token of the source is a fact or a documented exclusion."),
)
_VERDICTS = [v.value for v in Verdict]
_CLAIMS = (
    must_be_unique("claim_id_unique", "row_id", "Every claim id is unique within its case."),
    must_be_in_set(
        "internal_verdict_known",
        "internal_verdict",
        _VERDICTS,
        "Every internal verdict is holds, fails, unverifiable or not_computable.",
    ),
    must_be_in_set(
        "external_verdict_known",
        "external_verdict",
        _VERDICTS,
        "Every external verdict is holds, fails, unverifiable or not_computable.",
    ),
    _true(
        "internal_ok",
        "Every claim's internal verdict (article figures only) equals its reviewed verdict.",
    ),
    _true(
        "external_ok",
        "Every claim's external verdict (against filed figures) equals its reviewed verdict.",
    ),
)

TABLE_SUITES: tuple[TableSuite, ...] = (
    TableSuite(
        "facts",
        "facts",
        "fact_id",
        _FACTS,
        "Data quality of every case's facts.csv: one column per check, computed by checks.inputs.facts.",
    ),
    TableSuite(
        "reference_facts",
        "reference",
        "fact_id",
        _REFERENCE,
        "Data quality of every case's reference.csv.",
    ),
    TableSuite(
        "exclusions",
        "excluded",
        "line",
        _EXCLUDED,
        "Every excluded number-like token is placed and justified.",
    ),
    TableSuite(
        "coverage",
        "coverage",
        "start",
        _COVERAGE,
        "No number of the source is left unaccounted for.",
    ),
    TableSuite(
        "claims",
        "claims",
        "claim_id",
        _CLAIMS,
        "The gate: every computed verdict equals its reviewed verdict (a few expectations over the whole claims table).",
    ),
)


def claim_suite_name(case_id: str) -> str:
    """Name the per-claim docs suite of a case."""
    return f"claims-{case_id}"


def claim_suite(case_id: str, claims: Sequence[ClaimResult], policy: str) -> gxa.ExpectationSuite:
    """Build one expectation per claim and scenario, for Data Docs: name, quote, reviewed verdict.

    Each expectation asserts that the claim's computed verdict (one row of the claims table,
    picked by row_condition) is its reviewed verdict; its description names the claim, its
    kind, the stated figure and the quote, and its notes the hedge policy and the reason.
    A review left empty (no operand is filed) expects `unverifiable`: the verdict for want
    of a filing, the one an empty review matches (the gate refuses it where one is filed).
    """
    expectations = []
    for claim in claims:
        for scenario in Scenario:
            reviewed = claim.reviewed[scenario]
            expected = (reviewed or Verdict.UNVERIFIABLE).value
            shown = review_text(reviewed) + ("" if reviewed else f", expected {expected}")
            stated = f" stated {claim.stated_fact}," if claim.stated_fact else ""
            description = _plain(
                f"{claim.claim_id} ({claim.kind}, {scenario}):{stated} quote: {claim.quote}; reviewed: {shown}"
            )
            expectations.append(
                gxa.ExpectColumnValuesToBeInSet(
                    column=f"{scenario}_verdict",
                    value_set=[expected],
                    row_condition=gxa.Column("claim_id") == claim.claim_id,
                    description=description,
                    notes=_plain(f"Hedge policy: {policy}. Reviewer: {claim.reason}"),
                    meta={"name": f"{claim.claim_id}.{scenario}"},
                )
            )
    return gxa.ExpectationSuite(
        name=claim_suite_name(case_id),
        expectations=expectations,
        notes=f"One expectation per claim of case {case_id}, for the docs.",
    )


def _plain(text: str) -> str:
    """Keep a description one plain line: GX inserts it into HTML verbatim, so no markup."""
    return " ".join(text.replace("<", "‹").replace(">", "›").replace("&", "＆").split())
