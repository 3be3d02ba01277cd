"""Write validation results as JSON, JUnit XML and CSV, atomically and deterministically.

Results hold no wall-clock time: the run timestamp goes to a separate `run.json`, so two
runs over the same inputs write byte-identical `results.json`, `cases/*.json`, `junit.xml`
and `claims.csv`. One pass over the cases writes each case's document and collects its
summary row, JUnit suite and CSV rows; each case is serialized once.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from checks.claims.verdicts import Scenario, Verdict
from checks.model import CaseResult, case_document, review_text
from checks.model.documents import CASES_DIR, dumps, summary_document
from checks.model.summary import summarize
from checks.numbers.formatting import format_interval
from checks.numbers.interval import Bounds

__all__ = [
    "CLAIMS_CSV_COLUMNS",
    "atomic_dir",
    "claims_csv",
    "replace_dir",
    "write_results",
]

CLAIMS_CSV_COLUMNS = (
    "case", "claim_id", "kind", "scenario", "verdict", "reviewed", "stated", "computed",
    "quote", "reason",
)  # fmt: skip
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _junit_suite(root: ET.Element, result: CaseResult) -> None:
    suite = ET.SubElement(root, "testsuite", name=result.case_id)
    tests = failures = errors = skipped = 0
    for p in result.problems:
        tests += 1
        errors += 1
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{result.case_id}.data",
            name=f"{p.file}:{p.line or 0}:{p.code}",
        )
        ET.SubElement(case, "error", type=p.code, message=str(p))
    for claim in result.claims:
        for scenario, outcome in claim.outcomes.items():
            tests += 1
            case = ET.SubElement(
                suite, "testcase", classname=f"{result.case_id}.{scenario}", name=claim.claim_id
            )
            if outcome.differs:
                failures += 1
                msg = f"{scenario} verdict {outcome.verdict.value!r} differs from the reviewed {review_text(outcome.reviewed)!r}"
                ET.SubElement(case, "failure", type="verdict-changed", message=msg)
            elif outcome.verdict == Verdict.NOT_COMPUTABLE:
                # counted apart from passes: a reviewed not_computable is no evidence
                skipped += 1
                why = outcome.not_computable or "not computable"
                ET.SubElement(case, "skipped", message=why)
    suite.set("tests", str(tests))
    suite.set("skipped", str(skipped))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))


def _junit_root() -> ET.Element:
    return ET.Element("testsuites", name="claim-validation")


def _junit_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _cell(value: object) -> str:
    """Make a CSV cell that a spreadsheet shows as text: prefix a would-be formula with '.

    Quotes and reasons are text pasted from web pages, so `=HYPERLINK(...)` or `@SUM(...)`
    in one would otherwise run when an analyst opens claims.csv; this follows OWASP's
    CSV-injection advice, which also costs a negative number its sign's leading place.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _interval(bounds: Bounds | None, unit: str, open_ends: bool) -> str:
    if bounds is None:
        return "—"
    lo_open = bounds.lo_open if open_ends else False
    hi_open = bounds.hi_open if open_ends else False
    return format_interval(bounds.lo, bounds.hi, lo_open, hi_open, unit)


def _csv_rows(writer: Any, result: CaseResult) -> None:
    for claim in result.claims:
        for scenario in Scenario:
            outcome = claim.outcome(scenario)
            cells = (
                result.case_id,
                claim.claim_id,
                claim.kind,
                scenario.value,
                outcome.verdict.value if outcome is not None else "",
                review_text(claim.reviewed[scenario]),
                _interval(outcome.stated if outcome else None, claim.unit, True),
                _interval(outcome.computed if outcome else None, claim.unit, False),
                claim.quote,
                claim.reason,
            )
            writer.writerow([_cell(c) for c in cells])


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


def write_results(
    results: Iterable[CaseResult], out: Path, run_info: dict[str, Any], engine: str = "pandas"
) -> None:
    """Write results.json, cases/<case>.json, junit.xml, claims.csv and run.json into `out`.

    One pass over `results` (any iterable, so a caller may hand over one case at a time):
    each case's document is written as it comes, its summary row kept for results.json,
    its rows streamed into claims.csv. The folder is replaced atomically. `run_info` (which
    may hold a timestamp) goes to run.json alone, so everything else is byte-identical
    between runs over the same inputs.
    """
    summary_document([], engine)  # refuse an unknown engine before writing anything
    with atomic_dir(out) as stage:
        (stage / CASES_DIR).mkdir()
        rows = []
        junit = _junit_root()
        with (stage / "claims.csv").open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(CLAIMS_CSV_COLUMNS)
            for r in results:
                row = summarize(r)
                (stage / row.document).write_text(dumps(case_document(r)), encoding="utf-8")
                rows.append(row)
                _junit_suite(junit, r)
                _csv_rows(writer, r)
        (stage / "results.json").write_text(dumps(summary_document(rows, engine)), encoding="utf-8")
        (stage / "junit.xml").write_bytes(_junit_bytes(junit))
        (stage / "run.json").write_text(
            json.dumps(run_info, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
