"""Run the project's GX suites over each case's check tables (suite files: `suite_files`).

`checks.inputs.facts` and `checks.claims.evaluate` decide every verdict; GX asserts their columns, stores
validation results and renders Data Docs. The two must agree: a GX failure with no matching
problem (or the reverse) means the suite and the code drifted, and is reported as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import pandas as pd

from checks.gx import api as gxa
from checks.gx.corpus import CASE_ID, ROW_ID, corpus_tables, row_ids, run_corpus_suites
from checks.gx.run import EngineFrames, SuiteResult, run_suite
from checks.gx.suites import claim_suite_name
from checks.model import CaseResult, SuiteFailure, SuiteOutcome
from checks.model.summary import CLAIM_TABLE_COLUMNS, claim_rows
from checks.problems import Problem, ProblemCode

__all__ = [
    "CheckedCase",
    "claims_table",
    "corpus_claims_table",
    "run_claim_suite",
    "run_corpus_table_suites",
    "suite_outcome",
]


def claims_table(result: CaseResult) -> pd.DataFrame:
    """Render the model's claims as the table the claims suites assert, one row per claim.

    Columns (`CLAIM_TABLE_COLUMNS`): claim_id, kind, line, and per scenario
    `<scenario>_verdict`, `_reviewed` (a review left empty shows as `NO_REVIEW`) and `_ok`
    (the verdict matches the review). Empty when the case was not evaluated.
    """
    return pd.DataFrame(claim_rows(result), columns=list(CLAIM_TABLE_COLUMNS))


def corpus_claims_table(cases: Iterable[tuple[str, Sequence[tuple[object, ...]]]]) -> pd.DataFrame:
    """Stack every case's claims table as `corpus_tables` would, built once for the corpus.

    `cases` gives each case id with its claims table rows (`checks.model.summary.claim_rows`).
    """
    rows = [(case_id, *row) for case_id, got in cases for row in got]
    if not rows:
        return pd.DataFrame(columns=[CASE_ID, ROW_ID])
    frame = pd.DataFrame(rows, columns=[CASE_ID, *CLAIM_TABLE_COLUMNS])
    frame.insert(1, ROW_ID, row_ids(frame[CASE_ID], frame["claim_id"]))
    return frame


class CheckedCase(Protocol):
    """One case as the corpus table suites take it (the gate's `KeptCase` is one).

    `tables` are its input check tables by name (facts, reference, excluded, coverage; see
    `FinishedCase.tables`), `claim_rows` its claims table (`checks.model.summary.claim_rows`).
    """

    @property
    def case_id(self) -> str: ...

    @property
    def tables(self) -> Mapping[str, pd.DataFrame]: ...

    @property
    def claim_rows(self) -> Sequence[tuple[object, ...]]: ...

    @property
    def problems(self) -> Sequence[Problem]: ...


def run_corpus_table_suites(
    context: gxa.FileDataContext,
    cases: Sequence[CheckedCase],
    engine: EngineFrames | None = None,
) -> tuple[dict[str, list[SuiteResult]], list[Problem]]:
    """Validate the check tables of every case at once: one GX run per table suite.

    Returns each case's suite outcomes (as if its tables had run alone) and every
    disagreement: a GX error, or a GX failure for a case whose checks found no problem
    (the suite and the checks have drifted).
    """
    tables = corpus_tables((c.case_id, c.tables) for c in cases)
    tables["claims"] = corpus_claims_table((c.case_id, c.claim_rows) for c in cases)
    run = run_corpus_suites(context, tables, engine=engine)
    problems = [
        Problem(
            f"expectations/{name}.json",
            None,
            None,
            ProblemCode.GX_ERROR,
            f"could not validate the corpus tables: {'; '.join(why)}",
        )
        for name, why in sorted(run.errors.items())
    ]
    for case in cases:
        for got in run.by_case.get(case.case_id, []):
            if got.suite_name != "claims" and not got.success and not case.problems:
                failing = ", ".join(o.name for o in got.failures)
                problems.append(
                    Problem(
                        f"expectations/{got.suite_name}.json",
                        None,
                        None,
                        ProblemCode.GX_DISAGREES,
                        f"GX reports failures ({failing}) for case {case.case_id!r} that the checks did not; the suite and checks/facts.py have drifted",
                    )
                )
    return run.by_case, problems


def run_claim_suite(context: gxa.FileDataContext, result: CaseResult) -> SuiteResult | None:
    """Validate the per-claim docs suite of a case (one expectation per claim and scenario)."""
    table = claims_table(result)
    if table.empty:
        return None
    name = claim_suite_name(result.case_id)
    return run_suite(context, name, table, "claim_id", run_name=f"{result.case_id}.{name}")


def suite_outcome(s: SuiteResult) -> SuiteOutcome:
    """Convert one GX suite run into the results model's record of it."""
    return SuiteOutcome(
        suite=s.suite_name,
        rows=s.row_count,
        success=s.success,
        failures=tuple(
            SuiteFailure(o.name, tuple(o.failing_ids), o.failing_count) for o in s.failures
        ),
    )
