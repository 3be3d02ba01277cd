"""Run one case end to end: load, check facts, read claims, evaluate, compare with review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from checks.claims.batch import CompiledClaims, compile_claims
from checks.claims.claims_csv import read_claims
from checks.claims.computable import NOT_COMPUTABLE
from checks.claims.evaluate import (
    COLUMNS,
    FactIntervals,
    complete,
    evaluate_columns,
    fact_intervals,
)
from checks.claims.explain import EXPLAIN_COLUMNS
from checks.claims.fact_arrays import fact_intervals_of
from checks.claims.filings import blank_unfiled, empty_reviews, unfiled_rows
from checks.claims.findings import case_findings
from checks.claims.operands import refs
from checks.claims.specs import ClaimSpec
from checks.inputs.case import Case, load_case
from checks.inputs.config import check_config
from checks.inputs.csv_tables import display_path
from checks.inputs.drafts import DraftRows, draft_rows
from checks.inputs.facts import FactCheck, check_facts
from checks.model import CaseResult, build_result
from checks.numbers.hedge import HedgePolicy
from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "CaseRun",
    "FinishedCase",
    "PreparedCase",
    "finish_cases",
    "prepare_case",
    "prepare_cases",
    "run_case",
]


@dataclass(frozen=True)
class CaseRun:
    """One case's inputs, their check tables and evaluation, and the results model built once.

    Writers take `result` alone; GX also asserts the check tables in `checks` (data quality
    of the inputs), and `specs` declare the per-claim docs suite.
    """

    case: Case
    policy: HedgePolicy
    as_of: int | None
    checks: FactCheck
    specs: list[ClaimSpec]
    evaluation: pd.DataFrame  # one row per (claim, scenario); empty when not evaluated
    problems: list[Problem]  # non-empty: the data is broken and nothing was evaluated
    drafts: frozenset[str]  # claims that are drafts or rest on a draft fact
    result: CaseResult

    def finished(self) -> FinishedCase:
        """Keep what the gate needs after evaluation; drop the frames and records it used."""
        checks = self.checks
        tables = {
            "facts": checks.facts,
            "reference": checks.reference,
            "excluded": checks.excluded,
            "coverage": checks.coverage,
        }
        claims_file = self.case.claims.file if self.case.claims is not None else None
        return FinishedCase(self.result, tables, self.case.source, claims_file)


@dataclass(frozen=True)
class FinishedCase:
    """What a corpus run keeps of one case once it is evaluated: a fraction of a `CaseRun`.

    The results model, the input check tables GX asserts, the source text (the report
    shows it) and where its claims.csv is (for messages), and nothing else: no evaluation
    frame, no fact records, no raw CSV tables. A worker process (or a Spark executor) packs
    it into the gate's `KeptCase` (`checks.gate`) and sends that back.
    """

    result: CaseResult
    tables: dict[str, pd.DataFrame]  # the input check tables by name (facts, reference, ...)
    source: str
    claims_file: str | None  # the claims.csv path as messages show it; None without one


def _unchecked_counterparts(
    case: Case, fc: FactCheck, specs: list[ClaimSpec], claim_problems: list[Problem]
) -> list[Problem]:
    """Require an `agrees` claim for every article fact that has a reference counterpart.

    Without this an article figure could disagree with the filing and no verdict would say so.
    Skipped while claims.csv has problems of its own, to avoid reporting the same row twice,
    and when it holds only its header: the author asked to check the facts alone for now.
    """
    if claim_problems or case.claims is None or len(case.claims) == 0:  # header only: facts only
        return []
    checked = {
        (s.stated, refs(s.operands["reference"][0])[0] if refs(s.operands["reference"][0]) else "")
        for s in specs
        if s.kind == "agrees"
    }
    out = []
    for rec in sorted(fc.records.values(), key=lambda r: r.line):
        ref = fc.counterpart(rec.fact_id)
        if (
            rec.origin == "article"
            and ref is not None
            and ref.unit == rec.unit
            and (rec.fact_id, ref.fact_id) not in checked
        ):
            out.append(
                Problem(
                    case.claims.file,
                    None,
                    "claim_id",
                    ProblemCode.UNCHECKED_COUNTERPART,
                    f"fact {rec.fact_id!r} (facts.csv line {rec.line}) has the reference counterpart {ref.fact_id!r} but no agrees claim checks them; add a row: agrees_{rec.fact_id},agrees,{rec.fact_id},reference={ref.fact_id},,<quote>,unverifiable,<verdict>,<reason>",
                )
            )
    return out


def _rests_on_drafts(specs: list[ClaimSpec], drafts: DraftRows) -> frozenset[str]:
    """Name the claims that are drafts or use a draft fact (stated or operand)."""
    return frozenset(
        s.claim_id
        for s in specs
        if s.claim_id in drafts.claim_ids or any(f in drafts.fact_ids for f in s.fact_ids)
    )


@dataclass(frozen=True)
class PreparedCase:
    """One case read, checked and compiled: everything but the corpus-wide evaluation.

    Built per case (in a worker process for a large corpus); `finish_cases` evaluates the
    compiled claims of many cases at once and builds each case's results model.
    """

    case: Case
    policy: HedgePolicy
    as_of: int | None
    checks: FactCheck
    specs: list[ClaimSpec]
    problems: list[Problem]
    drafts: frozenset[str]
    fx: FactIntervals | None
    compiled: CompiledClaims | None  # None when the case is not evaluated (problems, no claims)


def prepare_case(
    datasets: Path, case_id: str, *, allow_drafts: bool = False, today: date | None = None
) -> PreparedCase:
    """Load, check and compile one case; file-level breakage raises DataError.

    A row marked `status=draft` is a problem (the gate refuses it) unless `allow_drafts`;
    then the case is evaluated and the claims resting on drafts are named in the result.
    `today` (default: the UTC date) bounds case.json's as_of; it never enters a result.
    """
    read = _read_case(datasets, case_id, allow_drafts, today)
    records = read.checks.records
    return read.compiled(fact_intervals(records, read.policy) if records else None)


def prepare_cases(
    jobs: Sequence[tuple[Path, str, bool]], *, today: date | None = None
) -> list[PreparedCase | list[Problem]]:
    """Prepare each job (datasets, case id, allow drafts) as `prepare_case` does, in order.

    A case whose files are broken gives its problems instead. The fact intervals of the
    cases that share a hedge policy are computed as one array (`fact_intervals_of`): the
    same intervals, for a fraction of numpy's fixed cost per case.
    """
    read: list[_ReadCase | list[Problem]] = []
    for datasets, case_id, allow_drafts in jobs:
        try:
            read.append(_read_case(datasets, case_id, allow_drafts, today))
        except DataError as exc:
            read.append(list(exc.problems))
    by_policy: dict[HedgePolicy, list[_ReadCase]] = {}
    for r in read:
        if isinstance(r, _ReadCase) and r.checks.records:
            by_policy.setdefault(r.policy, []).append(r)
    fx: dict[int, FactIntervals] = {}
    for policy, group in by_policy.items():
        try:
            done = fact_intervals_of([r.checks.records for r in group], policy)
        except ValueError:  # one case's figure: let that case's own call name its row
            done = [fact_intervals(r.checks.records, policy) for r in group]
        fx.update((id(r), f) for r, f in zip(group, done, strict=True))
    return [r.compiled(fx.get(id(r))) if isinstance(r, _ReadCase) else r for r in read]


@dataclass(frozen=True)
class _ReadCase:
    """One case read and checked, its claims read: a `PreparedCase` but for its fact intervals."""

    case: Case
    policy: HedgePolicy
    as_of: int | None
    checks: FactCheck
    specs: list[ClaimSpec]
    problems: list[Problem]
    drafts: frozenset[str]

    def compiled(self, fx: FactIntervals | None) -> PreparedCase:
        """Check the reviews against the filings and compile the claims, given the intervals."""
        case, specs, problems = self.case, self.specs, list(self.problems)
        if fx is not None and case.claims is not None:  # an empty review where a filing exists
            problems.extend(empty_reviews(specs, fx, case.claims.file))
        compiled = None
        if specs and not problems and fx is not None:
            compiled = compile_claims(case.case_id, specs, fx, self.as_of or 0)
        return PreparedCase(
            case, self.policy, self.as_of, self.checks, specs, problems, self.drafts, fx, compiled
        )


def _read_case(datasets: Path, case_id: str, allow_drafts: bool, today: date | None) -> _ReadCase:
    """Load and check one case and read its claims (`prepare_case` up to the intervals)."""
    case = load_case(datasets, case_id)
    policy, as_of, problems = check_config(case, today or datetime.now(UTC).date())
    drafts = draft_rows([(case.facts, "fact_id"), (case.excluded, ""), (case.claims, "claim_id")])
    problems.extend(drafts.bad_status)
    if not allow_drafts:
        problems.extend(drafts.problems)
    fc = check_facts(case)
    problems.extend(fc.problems)
    specs: list[ClaimSpec] = []
    if case.claims is not None:
        all_ids = {r["fact_id"] for r in case.facts} | {r["fact_id"] for r in case.reference}
        specs, claim_problems = read_claims(case.claims, fc.records, all_ids, case.source)
        problems.extend(claim_problems)
        problems.extend(_unchecked_counterparts(case, fc, specs, claim_problems))
        if (
            as_of is None
            and "as_of" not in case.config
            and any(s.kind == "elapsed_years" for s in specs)
        ):  # a bad as_of has its own problem
            problems.append(
                Problem(
                    display_path(case.root / "case.json"),
                    None,
                    "as_of",
                    ProblemCode.MISSING_CONFIG,
                    'an elapsed_years claim needs as_of in case.json (e.g. "as_of": "2025-09")',
                )
            )
    return _ReadCase(case, policy, as_of, fc, specs, problems, _rests_on_drafts(specs, drafts))


def finish_cases(prepared: Sequence[PreparedCase]) -> list[CaseRun]:
    """Evaluate the compiled claims of every case at once, then build each case's results.

    Evaluation is one pass over the corpus (`evaluate_columns`, in case order). The columns
    explanations fill start empty for the whole corpus; only a case with a failing or not
    computable row runs the explanation search (`complete`) on its slice. External rows
    without a filing are marked for the whole corpus at once. Each case then takes its
    slice of the columns (as lists, converted once) for its findings and results model.
    """
    ready = [p for p in prepared if p.compiled is not None]
    columns = evaluate_columns([p.compiled for p in ready if p.compiled is not None])
    n = len(columns["verdict"])
    for name in (*EXPLAIN_COLUMNS, "not_computable"):
        columns[name] = np.full(n, np.nan) if name.endswith(("_lo", "_hi")) else _blank(n)
    bounds = np.cumsum([0, *(2 * len(p.specs) for p in ready)]).tolist()
    slices = {id(p): (a, b) for p, a, b in zip(ready, bounds[:-1], bounds[1:], strict=True)}
    verdicts, no_filing = columns["verdict"], np.zeros(n, dtype=bool)
    for p in ready:
        a, b = slices[id(p)]
        assert p.fx is not None  # compiled cases have their fact intervals
        if ((verdicts[a:b] == "fails") | (verdicts[a:b] == NOT_COMPUTABLE)).any():
            frame = pd.DataFrame({name: columns[name][a:b] for name in COLUMNS})
            done = complete(frame, p.specs, p.fx, p.as_of or 0)
            for name in done.columns:
                columns[str(name)][a:b] = done[name].to_numpy()
        # no filed figure for any operand: the external row says so (checks.claims.filings)
        no_filing[a:b] = unfiled_rows(
            columns["claim_id"][a:b], columns["scenario"][a:b], p.specs, p.fx
        )
    blank_unfiled(columns, no_filing)
    full = pd.DataFrame(columns)
    lists = {name: values.tolist() for name, values in columns.items()}
    runs = []
    for p in prepared:
        evaluation, findings = pd.DataFrame(), []
        rows: dict[str, list[Any]] = {}
        if id(p) in slices and p.fx is not None:
            a, b = slices[id(p)]
            evaluation = full.iloc[a:b].reset_index(drop=True)
            rows = {name: values[a:b] for name, values in lists.items()}
            findings = case_findings(p.case, p.specs, evaluation, p.fx)
        result = build_result(
            p.case, p.policy, p.as_of, p.checks, p.specs, rows, p.problems, p.fx,
            p.drafts, findings,
        )  # fmt: skip
        runs.append(
            CaseRun(
                p.case,
                p.policy,
                p.as_of,
                p.checks,
                p.specs,
                evaluation,
                p.problems,
                p.drafts,
                result,
            )
        )
    return runs


def _blank(n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = ""
    return out


def run_case(
    datasets: Path, case_id: str, *, allow_drafts: bool = False, today: date | None = None
) -> CaseRun:
    """Run one case; file-level breakage raises DataError, row-level problems are collected.

    A row marked `status=draft` is a problem (the gate refuses it) unless `allow_drafts`;
    then the case is evaluated and the claims resting on drafts are named in the result.
    `today` (default: the UTC date) bounds case.json's as_of.
    """
    prepared = prepare_case(datasets, case_id, allow_drafts=allow_drafts, today=today)
    return finish_cases([prepared])[0]
