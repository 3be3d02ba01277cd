"""Write validation results as JSON, JUnit XML and CSV, atomically and deterministically.

Results hold no wall-clock time: the run timestamp goes to a separate `run.json`, so two
runs over the same inputs write byte-identical `results.json`, `cases/*.json`, `junit.xml`
and `claims.csv`. Each case is written on its own (`write_case`: its document, and its
summary row, CSV rows and JUnit suite as text), in this process or in a worker process;
one pass then joins the cases' rows and suites, in case order, into the corpus files.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.claims.verdicts import Scenario, Verdict
from checks.model import CaseResult, review_text
from checks.model.documents import CASES_DIR, case_json, dumps, summary_document
from checks.model.summary import CaseSummary, summarize
from checks.numbers.formatting import format_interval
from checks.numbers.interval import Bounds

__all__ = [
    "CLAIMS_CSV_COLUMNS",
    "CaseWritten",
    "atomic_dir",
    "claims_csv",
    "junit_suite_text",
    "replace_dir",
    "write_case",
    "write_results",
    "write_results_with",
]

CLAIMS_CSV_COLUMNS = (
    "case", "claim_id", "kind", "scenario", "verdict", "reviewed", "stated", "computed",
    "quote", "reason",
)  # fmt: skip
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
    ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"),
)  # fmt: skip


def _attr(text: str) -> str:
    """Escape an attribute value as ElementTree writes it (its escapes, in its order)."""
    for char, entity in _ATTRIBUTE_ESCAPES:
        if char in text:
            text = text.replace(char, entity)
    return text


def junit_suite_text(result: CaseResult) -> str:
    """Render a case's JUnit suite as it stands in junit.xml (indented one level, no tail).

    Written as text, in the bytes ElementTree gives for the suite inside `<testsuites>`
    indented by `ET.indent` (attributes in the order set, an empty element as `<x ... />`,
    its attribute escapes), where building and serializing a tree per suite cost several
    times as much. Indentation depends only on depth, so suites rendered one by one (in
    worker processes) and joined by `_junit_text` give the bytes ElementTree writes for
    the whole tree at once (tests/unit/output/test_results.py holds the two equal).
    """
    case_id = _attr(result.case_id)
    cases: list[str] = []
    failures = errors = skipped = 0
    for p in result.problems:
        errors += 1
        name = _attr(f"{p.file}:{p.line or 0}:{p.code}")
        cases.append(
            f'<testcase classname="{case_id}.data" name="{name}">\n      '
            f'<error type="{_attr(str(p.code))}" message="{_attr(str(p))}" />\n    </testcase>'
        )
    for claim in result.claims:
        name = _attr(claim.claim_id)
        for scenario, outcome in claim.outcomes.items():
            head = f'<testcase classname="{case_id}.{scenario}" name="{name}"'
            if outcome.differs:
                failures += 1
                msg = _attr(
                    f"{scenario} verdict {outcome.verdict.value!r} differs from the reviewed "
                    f"{review_text(outcome.reviewed)!r}"
                )
                child = f'<failure type="verdict-changed" message="{msg}" />'
            elif outcome.verdict == Verdict.NOT_COMPUTABLE:
                # counted apart from passes: a reviewed not_computable is no evidence
                skipped += 1
                why = _attr(outcome.not_computable or "not computable")
                child = f'<skipped message="{why}" />'
            else:
                cases.append(head + " />")
                continue
            cases.append(f"{head}>\n      {child}\n    </testcase>")
    suite = (
        f'<testsuite name="{case_id}" tests="{len(cases)}" skipped="{skipped}" '
        f'failures="{failures}" errors="{errors}"'
    )
    if not cases:
        return suite + " />"
    return suite + ">\n    " + "\n    ".join(cases) + "\n  </testsuite>"


_JUNIT_HEAD = "<?xml version='1.0' encoding='utf-8'?>\n"
_JUNIT_ROOT = '<testsuites name="claim-validation"'


def _junit_text(suites: Iterable[str]) -> Iterator[str]:
    """Yield junit.xml in pieces: the root around the suites, as ElementTree indents it."""
    yield _JUNIT_HEAD
    empty = True
    for suite in suites:
        yield (_JUNIT_ROOT + ">" if empty else "") + "\n  " + suite
        empty = False
    yield _JUNIT_ROOT + " />\n" if empty else "\n</testsuites>\n"


def _cell(value: object) -> str:
    """Make a CSV cell that a spreadsheet shows as text: prefix a would-be formula with '.

    Quotes and reasons are text pasted from web pages, so `=HYPERLINK(...)` or `@SUM(...)`
    in one would otherwise run when an analyst opens claims.csv; this follows OWASP's
    CSV-injection advice, which also costs a negative number its sign's leading place.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_rows(writer: Any, result: CaseResult) -> None:
    """Write a case's rows: one per claim and scenario, every cell made safe by `_cell`.

    The scenario, verdict and review cells are fixed words (`Scenario`, `Verdict`,
    `NO_REVIEW`), none starting as a formula, so they are written as they are; a claim's
    own cells are made safe once for both its rows, and an interval written once where
    both scenarios state the same one.
    """
    case_id = _cell(result.case_id)
    rows = []
    for claim in result.claims:
        head = (case_id, _cell(claim.claim_id), _cell(claim.kind))
        tail = (_cell(claim.quote), _cell(claim.reason))
        unit, outcomes, reviewed = claim.unit, claim.outcomes, claim.reviewed
        text: dict[tuple[Bounds, bool], str] = {}
        for scenario in Scenario:
            outcome = outcomes.get(scenario)
            review = review_text(reviewed[scenario])
            if outcome is None:
                rows.append((*head, scenario.value, "", review, "—", "—", *tail))
                continue
            stated, computed = outcome.stated, outcome.computed
            if (stated, True) not in text:
                text[stated, True] = _cell(
                    format_interval(stated.lo, stated.hi, stated.lo_open, stated.hi_open, unit)
                )
            if computed is None:
                shown = "—"
            elif (computed, False) in text:
                shown = text[computed, False]
            else:
                shown = text[computed, False] = _cell(
                    format_interval(computed.lo, computed.hi, False, False, unit)
                )
            verdict = outcome.verdict.value
            rows.append((*head, scenario.value, verdict, review, text[stated, True], shown, *tail))
    writer.writerows(rows)


def _csv_text(result: CaseResult) -> str:
    """Render a case's claims.csv rows (CRLF line ends, formula-escaped cells)."""
    buf = io.StringIO()
    _csv_rows(csv.writer(buf, lineterminator="\r\n"), result)
    return buf.getvalue()


def claims_csv(results: Sequence[CaseResult]) -> str:
    """Render one row per claim and scenario: verdicts, intervals, quote and reason.

    Written as RFC 4180 says (CRLF line ends, so a CR inside a cell is quoted too) with a
    UTF-8 byte-order mark, so that spreadsheet programs read the Chinese text correctly;
    every cell is escaped against formula injection.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CLAIMS_CSV_COLUMNS)
    for result in results:
        _csv_rows(writer, result)
    return buf.getvalue()


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a fresh staging folder that replaces `target` only if the block succeeds.

    A crash or error mid-write leaves the previous `target` exactly as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    # mkdir, not mkdtemp: the folder gets the usual permissions (umask), not mkdtemp's 0700.
    staging = target.parent / f".{target.name}-{secrets.token_hex(8)}"
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, target)


def replace_dir(new: Path, target: Path) -> None:
    """Replace `target` with `new` by renames, so readers never see a half-written folder."""
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.replace(old)
    new.replace(target)
    shutil.rmtree(old, ignore_errors=True)


@dataclass(frozen=True)
class CaseWritten:
    """One case once its document is written: the rest of its share of the corpus files."""

    row: CaseSummary  # its row of results.json (and of the docs index)
    csv: str  # its claims.csv rows
    junit: str  # its JUnit suite, indented as junit.xml holds it


def write_case(result: CaseResult, folder: Path) -> CaseWritten:
    """Write `folder/cases/<case>.json`; return the case's summary row, CSV rows and JUnit suite."""
    row = summarize(result)
    (folder / row.document).write_text(case_json(result), encoding="utf-8")
    return CaseWritten(row, _csv_text(result), junit_suite_text(result))


def write_results(
    results: Iterable[CaseResult], out: Path, run_info: dict[str, Any], engine: str = "pandas"
) -> list[CaseSummary]:
    """Write results.json, cases/<case>.json, junit.xml, claims.csv and run.json into `out`.

    One pass over `results` (any iterable, so a caller may hand over one case at a time):
    see `write_results_with`. Returns each case's summary row.
    """
    return write_results_with(
        lambda folder: (write_case(r, folder) for r in results), out, run_info, engine
    )


def write_results_with(
    cases: Callable[[Path], Iterable[CaseWritten]],
    out: Path,
    run_info: dict[str, Any],
    engine: str = "pandas",
    cases_dir: Path | None = None,
) -> list[CaseSummary]:
    """Write the results folder `out` from cases that `cases(folder)` writes into `folder`.

    `cases` is given the staging folder (with its `cases/` made) and yields each case, in
    case order, once its document is written there (by `write_case`, here or in worker
    processes); its summary row is kept for results.json and its CSV rows and JUnit suite
    are streamed into claims.csv and junit.xml. The folder is replaced atomically.
    `run_info` (which may hold a timestamp) goes to run.json alone, so everything else is
    byte-identical between runs over the same inputs. Returns each case's summary row.
    `cases_dir`, if given, is a `cases/` folder already holding case documents (written
    early, by the workers that evaluated them): it is moved in, and `cases` yields those
    cases' rows without writing them again.
    """
    summary_document([], engine)  # refuse an unknown engine before writing anything
    with atomic_dir(out) as stage:
        if cases_dir is not None:
            cases_dir.replace(stage / CASES_DIR)
        else:
            (stage / CASES_DIR).mkdir()
        rows = []

        def suites() -> Iterator[str]:
            for written in cases(stage):
                rows.append(written.row)
                table.write(written.csv)
                yield written.junit

        with (
            (stage / "claims.csv").open("w", encoding="utf-8-sig", newline="") as table,
            (stage / "junit.xml").open(
                "w", encoding="utf-8", errors="xmlcharrefreplace", newline=""
            ) as junit,
        ):
            csv.writer(table, lineterminator="\r\n").writerow(CLAIMS_CSV_COLUMNS)
            junit.writelines(_junit_text(suites()))
        (stage / "results.json").write_text(dumps(summary_document(rows, engine)), encoding="utf-8")
        (stage / "run.json").write_text(
            json.dumps(run_info, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    return rows
