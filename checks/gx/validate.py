"""Run the project's GX suites over each case's check tables (suite files: `suite_files`).

`checks.inputs.facts` and `checks.claims.evaluate` decide every verdict; GX asserts their columns, stores
validation results and renders Data Docs. The two must agree: a GX failure with no matching
problem (or the reverse) means the suite and the code drifted, and is reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from checks.claims.verdicts import Scenario
from checks.gx import api as gxa
from checks.gx.corpus import CASE_ID, ROW_ID, corpus_tables, row_ids, run_corpus_suites
from checks.gx.run import EngineFrames, SuiteResult, run_suite
from checks.gx.suites import claim_suite_name
from checks.model import CaseResult, SuiteFailure, SuiteOutcome, review_text
from checks.problems import Problem, ProblemCode

__all__ = [
    "claims_table",
    "corpus_claims_table",
    "run_claim_suite",
    "run_corpus_table_suites",
    "suite_outcome",
]


_CLAIM_COLUMNS = ["claim_id", "kind", "line"] + [
    f"{s}_{c}" for s in Scenario for c in ("verdict", "reviewed", "ok")
]


def _claim_rows(result: CaseResult) -> list[tuple[object, ...]]:
    """One row per claim of an evaluated case, in `_CLAIM_COLUMNS` order."""
    rows: list[tuple[object, ...]] = []
    for claim in result.claims if result.evaluated else ():
        row: list[object] = [claim.claim_id, claim.kind, claim.line]
        for scenario in Scenario:
            o = claim.outcomes[scenario]
            row += [o.verdict.value, review_text(o.reviewed), not o.differs]
        rows.append(tuple(row))
    return rows


def claims_table(result: CaseResult) -> pd.DataFrame:
    """Render the model's claims as the table the claims suites assert, one row per claim.

    Columns: claim_id, kind, line, and per scenario `<scenario>_verdict`, `_reviewed` (a
    review left empty shows as `NO_REVIEW`) and `_ok` (the verdict matches the review).
    Empty when the case was not evaluated.
    """
    return pd.DataFrame(_claim_rows(result), columns=_CLAIM_COLUMNS)


def corpus_claims_table(results: Sequence[CaseResult]) -> pd.DataFrame:
    """Stack every case's claims table as `corpus_tables` would, built once for the corpus."""
    rows = [(r.case_id, *row) for r in results for row in _claim_rows(r)]
    if not rows:
        return pd.DataFrame(columns=[CASE_ID, ROW_ID])
    frame = pd.DataFrame(rows, columns=[CASE_ID, *_CLAIM_COLUMNS])
    frame.insert(1, ROW_ID, row_ids(frame[CASE_ID], frame["claim_id"]))
    return frame


def run_corpus_table_suites(
    context: gxa.FileDataContext,
    cases: Sequence[tuple[Mapping[str, pd.DataFrame], CaseResult]],
    engine: EngineFrames | None = None,
) -> tuple[dict[str, list[SuiteResult]], list[Problem]]:
    """Validate the check tables of every case at once: one GX run per table suite.

    Each case is its input check tables by name (facts, reference, excluded, coverage; see
    `FinishedCase.tables`) and its results model. Returns each case's suite
    outcomes (as if its tables had run alone) and every disagreement: a GX error, or a GX
    failure for a case whose checks found no problem (the suite and the checks have
    drifted).
    """
    tables = corpus_tables((r.case_id, checks) for checks, r in cases)
    tables["claims"] = corpus_claims_table([r for _, r in cases])
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
    for _, result in cases:
        for got in run.by_case.get(result.case_id, []):
            if got.suite_name != "claims" and not got.success and not result.problems:
                failing = ", ".join(o.name for o in got.failures)
                problems.append(
                    Problem(
                        f"expectations/{got.suite_name}.json",
                        None,
                        None,
                        ProblemCode.GX_DISAGREES,
                        f"GX reports failures ({failing}) for case {result.case_id!r} that the checks did not; the suite and checks/facts.py have drifted",
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
