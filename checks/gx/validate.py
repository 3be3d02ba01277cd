"""Run the project's GX suites over each case's check tables, and keep the suite JSON honest.

`checks.inputs.facts` and `checks.claims.evaluate` decide every verdict; GX asserts their columns, stores
validation results and renders Data Docs. The two must agree: a GX failure with no matching
problem (or the reverse) means the suite and the code drifted, and is reported as such.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from checks.claims.verdicts import Scenario
from checks.gx import api as gxa
from checks.gx.context import expectations_dir
from checks.gx.corpus import CASE_ID, ROW_ID, corpus_tables, row_ids, run_corpus_suites
from checks.gx.expectations import save_suite
from checks.gx.run import EngineFrames, SuiteResult, run_suite
from checks.gx.suites import TABLE_SUITES, claim_suite, claim_suite_name
from checks.inputs.json_files import JsonProblem, loads_strict
from checks.model import CaseResult, SuiteFailure, SuiteOutcome, review_text
from checks.problems import Problem, ProblemCode

__all__ = [
    "SUITES_FIX",
    "claims_table",
    "corpus_claims_table",
    "declared_suites",
    "run_claim_suite",
    "run_corpus_table_suites",
    "stale_suites",
    "suite_outcome",
    "write_suites",
]

SUITES_FIX = (
    "regenerate it with `nox -s suites` or a `python -m checks validate` without --frozen, "
    "and commit it"
)


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


def declared_suites(
    results: Sequence[CaseResult], docs_cases: Collection[str] | None = None
) -> list[gxa.ExpectationSuite]:
    """Build every suite the code declares: the table suites and one claims suite per case.

    `docs_cases` limits the per-claim docs suites to those cases (None: every case); a run
    without docs needs none of them, and a large corpus builds them only for named cases.
    """
    suites = [s.build() for s in TABLE_SUITES]
    for r in sorted(results, key=lambda r: r.case_id):
        if r.claims and (docs_cases is None or r.case_id in docs_cases):
            suites.append(claim_suite(r.case_id, r.claims, r.hedge_policy))
    return suites


def _canonical(data: dict[str, Any]) -> str:
    """Serialize a suite without the ids GX mints, for comparing declarations with files."""
    clean = json.loads(json.dumps(data, default=str))
    clean.pop("id", None)
    for e in clean.get("expectations", []):
        e.pop("id", None)
    return json.dumps(clean, sort_keys=True)


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _json_message(exc: ValueError) -> str:
    """Word a JSON refusal with its column (the line goes to the problem's place)."""
    if isinstance(exc, JsonProblem):
        return exc.message + (f" (column {exc.column})" if exc.column is not None else "")
    return f"is not valid JSON ({exc})"


def _line_of(text: str, needle: str, nth: int = 0) -> int | None:
    at = -1
    for _ in range(nth + 1):
        at = text.find(needle, at + 1)
        if at == -1:
            return None
    return text.count("\n", 0, at) + 1


def _shape_problems(stored: Any, text: str, shown: str, fix: str) -> list[Problem]:
    """Check a suite file's shape before GX reads it: an object whose expectations are objects
    with unique UUID ids (GX fails on a list, a bad id or a repeated one with a traceback)."""
    if not isinstance(stored, dict):
        return [
            Problem(
                shown,
                1,
                None,
                ProblemCode.BAD_SUITE,
                f"must hold a JSON object (a GX suite), not {type(stored).__name__}; {fix}",
            )
        ]
    expectations = stored.get("expectations")
    if not isinstance(expectations, list) or not all(isinstance(e, dict) for e in expectations):
        return [
            Problem(
                shown,
                _line_of(text, '"expectations"'),
                None,
                ProblemCode.BAD_SUITE,
                f"'expectations' must be a list of objects; {fix}",
            )
        ]
    problems = []
    seen: dict[str, int] = {}
    for number, expectation in enumerate(expectations, 1):
        eid = expectation.get("id")
        if eid is None:
            continue
        if not isinstance(eid, str) or not _UUID.fullmatch(eid):
            shown_id = repr(eid)[:60]
            problems.append(
                Problem(
                    shown,
                    _line_of(text, json.dumps(eid)) if isinstance(eid, str) else None,
                    None,
                    ProblemCode.BAD_SUITE,
                    f"expectation {number} has the id {shown_id}, which is not a UUID like 'c0ffee00-0000-4000-8000-000000000000'; {fix}",
                )
            )
        elif eid in seen:
            problems.append(
                Problem(
                    shown,
                    _line_of(text, json.dumps(eid), 1),
                    None,
                    ProblemCode.BAD_SUITE,
                    f"expectations {seen[eid]} and {number} have the same id {eid!r}; ids must be unique: {fix}",
                )
            )
        else:
            seen[eid] = number
    return problems


def stale_suites(
    context: gxa.FileDataContext,
    results: Sequence[CaseResult],
    docs_cases: Collection[str] | None = None,
) -> list[Problem]:
    """Report every suite whose committed JSON differs from what the code and claims declare.

    A per-claim docs suite must exist for the cases in `docs_cases` (None: every case);
    for the others it is checked when committed, so a stale review is still caught, and
    a large corpus needs no suite file per case.
    """
    folder = expectations_dir(context)
    committed = {
        r.case_id for r in results if (folder / f"{claim_suite_name(r.case_id)}.json").is_file()
    }
    wanted = committed if docs_cases is None else committed | set(docs_cases)
    problems = []
    for suite in declared_suites(results, None if docs_cases is None else wanted):
        path = folder / f"{suite.name}.json"
        shown = f"expectations/{path.name}"
        fix = SUITES_FIX
        if not path.is_file():
            problems.append(
                Problem(shown, None, None, ProblemCode.SUITE_MISSING, f"does not exist; {fix}")
            )
            continue
        try:
            text = path.read_text(encoding="utf-8")
            stored = loads_strict(text)
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    shown, None, None, ProblemCode.NOT_UTF8, f"is not UTF-8 ({exc.reason}); {fix}"
                )
            )
            continue
        except ValueError as exc:
            line = getattr(exc, "line", None)
            problems.append(
                Problem(shown, line, None, ProblemCode.BAD_JSON, f"{_json_message(exc)}; {fix}")
            )
            continue
        shape = _shape_problems(stored, text, shown, fix)
        if shape:
            problems.extend(shape)
            continue
        if _canonical(stored) != _canonical(suite.to_json_dict()):
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    ProblemCode.SUITE_STALE,
                    f"differs from the declarations in checks/suites.py and the case's claims.csv; {fix}",
                )
            )
    return problems


def write_suites(
    context: gxa.FileDataContext,
    results: Sequence[CaseResult],
    target: Path,
    names: Collection[str] | None = None,
) -> list[Path]:
    """Regenerate declared suites into ``target``; return the files whose bytes changed.

    Each suite (all declared, or those in ``names``) is saved through ``context``'s own
    store (a run's private copy: ids of unchanged expectations are kept), and a file that
    differs from ``target``'s is written beside it and renamed over it, so a reader or a
    killed run never sees a partly written suite. Unchanged files are not touched.
    """
    folder = expectations_dir(context)
    written = []
    for suite in declared_suites(results):
        if names is not None and suite.name not in names:
            continue
        scratch = folder / f"{suite.name}.json"
        if scratch.is_file() and not _is_json(scratch):
            scratch.unlink()  # malformed: nothing to keep ids from
        save_suite(context, suite)
        data = scratch.read_bytes()
        dest = target / scratch.name
        if dest.is_file() and dest.read_bytes() == data:
            continue
        _replace_file(dest, data)
        written.append(dest)
    return written


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def _replace_file(dest: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``dest``, then rename it over ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
