"""Write validation results as JSON, JUnit XML and CSV, atomically and deterministically.

Results hold no wall-clock time: the run timestamp goes to a separate `run.json`, so two
runs over the same inputs write byte-identical `results.json`, `junit.xml` and `claims.csv`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import secrets
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from checks.claims.findings import finding_payload
from checks.model import CaseResult
from checks.numbers.formatting import format_interval

__all__ = [
    "CLAIMS_CSV_COLUMNS",
    "atomic_dir",
    "case_payload",
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


def _clean(value: Any) -> Any:
    """Make a value JSON-safe and stable: NaN becomes None, infinities become strings."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def case_payload(result: CaseResult) -> dict[str, Any]:
    """Describe one case's outcome as plain data (the JSON schema of results.json)."""
    claims = []
    evaluation = result.evaluation.to_dict("records") if not result.evaluation.empty else []
    by: dict[str, dict[str, Any]] = {}
    for row in evaluation:
        by.setdefault(row["claim_id"], {})[row["scenario"]] = {
            k: v for k, v in row.items() if k not in ("claim_id", "scenario")
        }
    for spec in result.claims:
        claims.append(
            {
                "claim_id": spec.claim_id,
                "kind": spec.kind,
                "quote": spec.quote,
                "stated": spec.stated,
                "reviewed": {
                    "internal": spec.reviewed_internal,
                    "external": spec.reviewed_external,
                },
                "reason": spec.reason,
                "rests_on_draft": spec.claim_id in result.drafts,
                "results": by.get(spec.claim_id, {}),
            }
        )
    payload: dict[str, Any] = _clean(
        {
            "case": result.case.case_id,
            "hedge_policy": result.policy.describe(),
            "as_of": result.as_of,
            "facts": len(result.facts.facts),
            "reference_facts": len(result.facts.reference),
            "coverage": {
                "tokens": len(result.facts.coverage),
                "covered": int(result.facts.coverage["covered"].sum())
                if len(result.facts.coverage)
                else 0,
            },
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "code": p.code,
                    "message": p.message,
                }
                for p in result.problems
            ],
            "claims": claims,
            "findings": finding_payload(result.findings),
        }
    )
    return payload


def _not_computable(result: CaseResult) -> dict[tuple[str, str], str]:
    """Map (claim_id, scenario) to why its result is not computable, for those that are not."""
    ev = result.evaluation
    if ev.empty or "not_computable" not in ev:
        return {}
    rows = ev[ev["not_computable"] != ""].to_dict("records")
    return {(str(r["claim_id"]), str(r["scenario"])): str(r["not_computable"]) for r in rows}


def _junit(results: Sequence[CaseResult]) -> bytes:
    root = ET.Element("testsuites", name="claim-validation")
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=result.case.case_id)
        not_computable = _not_computable(result)
        tests = failures = errors = skipped = 0
        for p in result.problems:
            tests += 1
            errors += 1
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{result.case.case_id}.data",
                name=f"{p.file}:{p.line or 0}:{p.code}",
            )
            ET.SubElement(case, "error", type=p.code, message=str(p))
        for row in result.summary.to_dict("records"):
            for scenario in ("internal", "external"):
                tests += 1
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=f"{result.case.case_id}.{scenario}",
                    name=row["claim_id"],
                )
                if not row[f"{scenario}_ok"]:
                    failures += 1
                    msg = f"{scenario} verdict {row[f'{scenario}_verdict']!r} differs from the reviewed {row[f'{scenario}_reviewed']!r}"
                    ET.SubElement(case, "failure", type="verdict-changed", message=msg)
                elif row[f"{scenario}_verdict"] == "not_computable":
                    # counted apart from passes: a reviewed not_computable is no evidence
                    skipped += 1
                    why = not_computable.get((row["claim_id"], scenario), "not computable")
                    ET.SubElement(case, "skipped", message=why)
        suite.set("tests", str(tests))
        suite.set("skipped", str(skipped))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
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


def _interval(row: Mapping[Any, Any], prefix: str, open_ends: bool) -> str:
    lo, hi = row.get(f"{prefix}_lo"), row.get(f"{prefix}_hi")
    if not isinstance(lo, int | float) or not isinstance(hi, int | float):
        return "—"
    lo_open = bool(row.get(f"{prefix}_lo_open")) if open_ends else False
    hi_open = bool(row.get(f"{prefix}_hi_open")) if open_ends else False
    return format_interval(float(lo), float(hi), lo_open, hi_open, str(row.get("unit", "")))


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
        evaluation = result.evaluation.to_dict("records") if not result.evaluation.empty else []
        by = {(r["claim_id"], r["scenario"]): r for r in evaluation}
        for spec in result.claims:
            for scenario in ("internal", "external"):
                row = by.get((spec.claim_id, scenario), {})
                cells = (
                    result.case.case_id,
                    spec.claim_id,
                    spec.kind,
                    scenario,
                    row.get("verdict", ""),
                    getattr(spec, f"reviewed_{scenario}"),
                    _interval(row, "stated", True),
                    _interval(row, "computed", False),
                    spec.quote,
                    spec.reason,
                )
                writer.writerow([_cell(c) for c in cells])
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
    results: Sequence[CaseResult],
    out: Path,
    run_info: dict[str, Any],
    suites: dict[str, list[dict[str, Any]]] | None = None,
) -> None:
    """Write results.json, junit.xml, claims.csv and run.json into `out`, replacing it atomically.

    `suites` holds the GX suite outcomes per case id; they go into results.json beside the
    claim results. `run_info` (which may hold a timestamp) goes to run.json alone.
    """
    cases = []
    for r in results:
        payload_case = case_payload(r)
        payload_case["gx_suites"] = (suites or {}).get(r.case.case_id, [])
        cases.append(payload_case)
    payload = {"cases": cases}
    with atomic_dir(out) as stage:
        (stage / "results.json").write_text(
            json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        (stage / "junit.xml").write_bytes(_junit(results))
        (stage / "claims.csv").write_text(claims_csv(results), encoding="utf-8-sig", newline="")
        (stage / "run.json").write_text(
            json.dumps(run_info, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
