"""Read results documents back into the results model, checking them against the schema.

`python -m checks docs --from build/results` renders the reports from what a run wrote
(results.json and cases/<case>.json) plus each case's source text, evaluating nothing.
`read_results` reads the corpus summary (results.json) alone; `ResultsFolder.cases` then
reads one case file at a time, so a reader of ten thousand cases never holds more than one.
Every problem is collected: a missing or invalid file, an unsupported schema version, a case
file that does not match its row in the summary, a source text not the one the results used.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from checks.claims.findings import Finding
from checks.claims.verdicts import Grade, Scenario, Verdict
from checks.inputs.csv_tables import display_path, read_text
from checks.model.build import source_digest
from checks.model.documents import SCHEMA_VERSION, schema
from checks.model.quick_schema import Check, compile_schema
from checks.model.results import (
    EMPTY,
    CaseResult,
    ClaimResult,
    Exclusion,
    FactResult,
    OperandUse,
    Outcome,
    Provenance,
    ReferenceFact,
    SuiteFailure,
    SuiteOutcome,
)
from checks.model.summary import CaseSummary, summarize
from checks.numbers.interval import Bounds
from checks.problems import DataError, Problem, ProblemCode

__all__ = ["ResultsFolder", "case_from_document", "read_results"]

_SHOWN_ERRORS = 10


def _read_bounds(
    lo: float | None, hi: float | None, lo_open: bool = False, hi_open: bool = False
) -> Bounds:
    got = Bounds(
        -math.inf if lo is None else float(lo),
        math.inf if hi is None else float(hi),
        bool(lo_open),
        bool(hi_open),
    )
    return EMPTY if got.lo > got.hi else got


def _read_interval(data: Mapping[str, Any] | None) -> Bounds | None:
    if data is None:
        return None
    return _read_bounds(data["lo"], data["hi"], data["lo_open"], data["hi_open"])


def _read_outcome(scenario: Scenario, reviewed: Verdict | None, d: Mapping[str, Any]) -> Outcome:
    verdict = Verdict(d["verdict"])
    role = d["implied_role"] or None
    return Outcome(
        scenario=scenario,
        verdict=verdict,
        reviewed=reviewed,
        stated=_read_bounds(
            d["stated_lo"], d["stated_hi"], d["stated_lo_open"], d["stated_hi_open"]
        ),
        computed=None
        if verdict == Verdict.UNVERIFIABLE
        else _read_bounds(d["computed_lo"], d["computed_hi"]),
        distance=math.inf if d["distance"] is None else float(d["distance"]),
        grade=Grade(d["grade"]) if d["grade"] else None,
        missing=tuple(filter(None, d["missing"].split(","))),
        implied_role=role,
        implied=_read_bounds(d["implied_lo"], d["implied_hi"]) if role else None,
        implied_unit=d["implied_unit"],
        operands_used=OperandUse.parse_list(d["operands_used"]),
        consistent_role=d["consistent_role"] or None,
        consistent=_read_bounds(d["consistent_lo"], d["consistent_hi"])
        if d["consistent_role"]
        else None,
        explanation=d["explanation"] or None,
        explanation_detail=d["explanation_detail"],
        explanation_value=_read_bounds(d["explanation_lo"], d["explanation_hi"])
        if d["explanation"]
        else None,
        explanations=tuple(filter(None, d["explanations"].split(","))),
        not_computable=d["not_computable"],
    )


def _read_claim(d: Mapping[str, Any]) -> ClaimResult:
    reviewed = {
        Scenario(s): None if v is None else Verdict(v)
        for s, v in sorted(d["reviewed"].items(), key=_scenario_order)
    }
    outcomes = {
        Scenario(s): _read_outcome(Scenario(s), reviewed[Scenario(s)], o)
        for s, o in sorted(d["results"].items(), key=_scenario_order)
    }
    return ClaimResult(
        claim_id=d["claim_id"],
        kind=d["kind"],
        line=d["line"],
        stated_fact=d["stated"],
        quote=d["quote"],
        reason=d["reason"],
        note=d["note"],
        fact_ids=tuple(d["fact_ids"]),
        reference_ids=tuple(d["reference_ids"]),
        unit=d["unit"],
        reviewed=reviewed,
        outcomes=outcomes,
        rests_on_draft=d["rests_on_draft"],
    )


def _scenario_order(item: tuple[str, Any]) -> int:
    return list(Scenario).index(Scenario(item[0]))


def _read_fact(d: Mapping[str, Any]) -> FactResult:
    return FactResult(
        fact_id=d["fact_id"],
        concept=d["concept"],
        entity=d["entity"],
        period=d["period"],
        stated=d["stated"],
        value=d["value"],
        upper=d["upper"],
        unit=d["unit"],
        decimals=d["decimals"],
        qualifier=d["qualifier"],
        quote=d["quote"],
        note=d["note"],
        interval=_read_interval(d["interval"]),
        counterpart=d["counterpart"],
        span=(d["span"][0], d["span"][1]) if d["span"] is not None else None,
        unplaced=d["unplaced"],
        used_by=tuple(d["used_by"]),
        verdict=Verdict(d["verdict"]) if d["verdict"] is not None else None,
        differs=d["differs"],
    )


def case_from_document(d: Mapping[str, Any]) -> CaseResult:
    """Read one case back from its cases/<case>.json document (already schema-valid)."""
    p = d["provenance"]
    return CaseResult(
        case_id=d["case"],
        hedge_policy=d["hedge_policy"],
        as_of=d["as_of"],
        provenance=Provenance(
            title=p["title"],
            urls=tuple(p["urls"]),
            sha256=p["sha256"],
            language=p["language"],
            retrieved=p["retrieved"],
            note=p["note"],
            as_of=p["as_of"],
        ),
        sha256=d["source_sha256"],
        facts=tuple(_read_fact(f) for f in d["fact_rows"]),
        reference=tuple(
            ReferenceFact(
                **{k: v for k, v in f.items() if k != "interval"},
                interval=_read_interval(f["interval"]),
            )
            for f in d["reference_rows"]
        ),
        exclusions=tuple(Exclusion(e["token"], e["quote"], e["reason"]) for e in d["exclusions"]),
        claims=tuple(_read_claim(c) for c in d["claims"]),
        coverage_tokens=d["coverage"]["tokens"],
        coverage_covered=d["coverage"]["covered"],
        fact_checks=d["facts"],
        reference_checks=d["reference_facts"],
        problems=tuple(
            Problem(p["file"], p["line"], p["column"], ProblemCode.of(p["code"]), p["message"])
            for p in d["problems"]
        ),
        suites=tuple(
            SuiteOutcome(
                s["suite"],
                s["rows"],
                s["success"],
                tuple(
                    SuiteFailure(f["name"], tuple(f["failing_ids"]), f["failing_count"])
                    for f in s["failures"]
                ),
            )
            for s in d["gx_suites"]
        ),
        findings=tuple(Finding(**f) for f in d["findings"]),
    )


def _load(path: Path, problems: list[Problem]) -> Any:
    shown = display_path(path)
    if not path.is_file():
        problems.append(
            Problem(
                shown,
                None,
                None,
                ProblemCode.MISSING_FILE,
                "does not exist; run `python -m checks validate` first to write the results",
            )
        )
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        problems.append(
            Problem(shown, None, None, ProblemCode.BAD_JSON, f"is not valid JSON ({exc})")
        )
        return None


@cache
def _quick_check(which: str) -> Check:
    return compile_schema(schema(which))


@cache
def _validator(which: str) -> Any:
    return jsonschema.Draft202012Validator(schema(which))


def _valid(document: Any, path: Path, which: str, problems: list[Problem]) -> bool:
    """Check a document against the schema; report its version first, as the likeliest cause."""
    shown = display_path(path)
    version = document.get("schema_version") if isinstance(document, Mapping) else None
    major = SCHEMA_VERSION.split(".")[0]
    if not isinstance(version, str) or version.split(".")[0] != major:
        problems.append(
            Problem(
                shown,
                None,
                "schema_version",
                ProblemCode.SCHEMA_VERSION,
                f"schema_version {version!r} cannot be read by this version of claimcheck, "
                f"which reads {major}.x; re-run `python -m checks validate` to rewrite the results",
            )
        )
        return False
    if _quick_check(which)(document):
        return True
    errors = sorted(
        _validator(which).iter_errors(document),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    for e in errors[:_SHOWN_ERRORS]:
        where = "/".join(map(str, e.absolute_path)) or None
        problems.append(
            Problem(
                shown,
                None,
                where,
                ProblemCode.BAD_RESULTS,
                f"does not fit results.schema.json: {e.message[:200]}",
            )
        )
    return not errors


@dataclass(frozen=True)
class ResultsFolder:
    """A results folder whose summary has been read: its rows, and its cases on demand."""

    folder: Path
    datasets: Path
    engine: str
    rows: tuple[CaseSummary, ...]  # in results.json order

    def cases(self, wanted: Collection[str] = ()) -> Iterator[tuple[CaseResult, str, CaseSummary]]:
        """Yield each case (those in `wanted`, or all) with its source text and summary row.

        The row is the one results.json holds, checked equal to the case file's summary.

        Reads one case file per step, so memory holds one case whatever the corpus. A
        broken case is skipped and iteration goes on; at the end every problem met is
        raised at once as a DataError, so a caller that wrote pages meanwhile discards them.
        """
        problems: list[Problem] = []
        for row in self.rows:
            if wanted and row.case not in wanted:
                continue
            got = self._case(row, problems)
            if got is not None:
                yield got
        if problems:
            raise DataError(problems)

    def _case(
        self, row: CaseSummary, problems: list[Problem]
    ) -> tuple[CaseResult, str, CaseSummary] | None:
        path = self.folder / row.document
        document = _load(path, problems)
        if document is None or not _valid(document, path, "case", problems):
            return None
        result = case_from_document(document)
        differs = _row_differences(row, summarize(result))
        if differs:
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    differs[0],
                    ProblemCode.BAD_RESULTS,
                    f"does not match its row in {display_path(self.folder / 'results.json')} "
                    f"({'; '.join(differs[1:])}); the files come from different runs: re-run "
                    "`python -m checks validate`",
                )
            )
            return None
        source = self._source(result, path, problems)
        return None if source is None else (result, source, row)

    def _source(self, result: CaseResult, path: Path, problems: list[Problem]) -> str | None:
        source_path = self.datasets / result.case_id / "source.txt"
        if not source_path.is_file():
            problems.append(
                Problem(
                    display_path(source_path),
                    None,
                    None,
                    ProblemCode.MISSING_FILE,
                    "does not exist; name the datasets folder the results were computed from (--datasets)",
                )
            )
            return None
        try:
            source = read_text(source_path)
        except DataError as exc:
            problems.extend(exc.problems)
            return None
        if source_digest(source) != result.sha256:
            problems.append(
                Problem(
                    display_path(source_path),
                    None,
                    None,
                    ProblemCode.SOURCE_CHANGED,
                    f"is not the text {display_path(path)} was computed from (SHA-256 "
                    f"{source_digest(source)} is not {result.sha256}); re-run "
                    "`python -m checks validate --docs`",
                )
            )
            return None
        return source


def _row_differences(row: CaseSummary, actual: CaseSummary) -> list[str]:
    """Name the first field where a summary row and its case file disagree, then each value."""
    expected, got = row.row(), actual.row()
    fields = [k for k in expected if expected[k] != got[k]]
    if not fields:
        return []
    return [fields[0]] + [f"{k} is {got[k]!r} here, {expected[k]!r} there" for k in fields[:3]]


def read_results(folder: Path, datasets: Path) -> ResultsFolder:
    """Read the summary of a results folder (results.json), checked against the schema.

    Case files are read later, one at a time, by `ResultsFolder.cases`; their source texts
    come from `datasets/<case>/`. Raises DataError with every problem of the summary.
    """
    problems: list[Problem] = []
    path = folder / "results.json"
    index = _load(path, problems)
    if index is None or not _valid(index, path, "results", problems):
        raise DataError(problems)
    rows = tuple(CaseSummary.from_row(r) for r in index["cases"])
    seen: set[str] = set()
    for row in rows:
        if row.case in seen:
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    "cases",
                    ProblemCode.BAD_RESULTS,
                    f"lists case {row.case!r} twice; re-run `python -m checks validate`",
                )
            )
        seen.add(row.case)
    if problems:
        raise DataError(problems)
    return ResultsFolder(folder, datasets, index["engine"], rows)
