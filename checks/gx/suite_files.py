"""Keep the suite JSON in expectations/ honest: check it against the declarations, regenerate it.

The suites are generated files that work like a lock file: the table suites from
`checks/gx/suites.py`, one per-claim docs suite per case from its claims.csv. A run checks
the committed ones, regenerates stale ones when asked (never with --frozen), and builds a
per-claim suite that is not committed inside its private GX context only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from checks.gx import api as gxa
from checks.gx.context import expectations_dir
from checks.gx.expectations import save_suite
from checks.gx.suites import TABLE_SUITES, claim_suite, claim_suite_name
from checks.inputs.json_files import JsonProblem, loads_strict
from checks.model import CaseResult
from checks.problems import Problem, ProblemCode

__all__ = [
    "REGENERABLE",
    "SUITES_FIX",
    "build_uncommitted_claim_suites",
    "declared_suites",
    "settle_suites",
    "stale_suites",
    "write_suites",
]

SUITES_FIX = (
    "regenerate it with `nox -s suites` or a `python -m checks validate` without --frozen, "
    "and commit it"
)


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


def stale_suites(context: gxa.FileDataContext, results: Sequence[CaseResult]) -> list[Problem]:
    """Report every suite whose committed JSON differs from what the code and claims declare.

    The table suites must exist. A case's per-claim docs suite is checked when it is
    committed, so a stale review is still caught; one not committed is no problem (a run
    that needs it builds it privately: `build_uncommitted_claim_suites`), so a case added
    with data files only validates, and a large corpus needs no suite file per case.
    """
    folder = expectations_dir(context)
    committed = {
        r.case_id for r in results if (folder / f"{claim_suite_name(r.case_id)}.json").is_file()
    }
    problems = []
    for suite in declared_suites(results, committed):
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


def build_uncommitted_claim_suites(
    context: gxa.FileDataContext, results: Sequence[CaseResult], docs_cases: Collection[str]
) -> list[str]:
    """Build the per-claim docs suites of `docs_cases` that are not committed; return their names.

    Each is saved in the run's private context only (`open_run_context`), never into the
    project's expectations/: the suite is derived from claims.csv alone, so a run can build
    it as well as `nox -s suites` can, and committing it is a person's choice (a lock file
    whose diff shows a changed review).
    """
    folder = expectations_dir(context)
    built = []
    for r in sorted(results, key=lambda r: r.case_id):
        name = claim_suite_name(r.case_id)
        if r.claims and r.case_id in docs_cases and not (folder / f"{name}.json").is_file():
            save_suite(context, claim_suite(r.case_id, r.claims, r.hedge_policy))
            built.append(name)
    return built


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


REGENERABLE = frozenset({ProblemCode.SUITE_MISSING, ProblemCode.SUITE_STALE, ProblemCode.BAD_JSON})
"""The suite problems a run without --frozen mends by regenerating the file."""


def settle_suites(
    context: gxa.FileDataContext,
    results: Sequence[CaseResult],
    docs_cases: Collection[str],
    regenerate_into: Path | None,
    say: Callable[[str], None],
) -> list[Problem]:
    """Make the run's suites ready: check the committed ones, mend or refuse, build the rest.

    Stale, missing or malformed generated suites are rewritten into `regenerate_into` (the
    project's expectations/; None under --frozen, which refuses them instead) when those
    are the only problems. The per-claim docs suites of `docs_cases` that are not
    committed are then built in the run's private context. `say` is told what was done.
    Returns the problems that stop the run.
    """
    problems = stale_suites(context, results)
    if problems and regenerate_into is not None and all(p.code in REGENERABLE for p in problems):
        names = {Path(p.file).stem for p in problems}
        for path in write_suites(context, results, regenerate_into, names):
            say(
                f"wrote expectations/{path.name}: generated suite regenerated (it was stale or missing)"
            )
        problems = stale_suites(context, results)
    if problems:
        return problems
    built = build_uncommitted_claim_suites(context, results, docs_cases)
    if built:
        shown = ", ".join(built[:5]) + (f" and {len(built) - 5} more" if len(built) > 5 else "")
        say(
            f"expectations/: {len(built)} per-claim docs suite(s) not committed, built for "
            f"this run only ({shown}); `nox -s suites` writes them for committing"
        )
    return []
