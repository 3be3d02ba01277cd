"""Write the results model as JSON documents: the versioned results contract.

`checks.model.reading` reads them back (and checks them against the schema).

Two documents, both described by the JSON Schema shipped beside this module
(`results.schema.json`, loaded by `schema()`):

- `results.json`: the corpus summary: the engine that ran and one small row per case
  (`checks.model.summary`: claim and verdict counts, findings, claims differing from
  review, problems, kinds, and the path of the case's document); what CI, the index page
  and other programs read about a whole corpus;
- `cases/<case>.json`: one case in full (claims with both scenarios' intervals and
  verdicts, the reviewed verdicts, the facts they name, every fact's interval and place in
  the source, reference facts, exclusions, problems, GX suite outcomes, provenance), from
  which `python -m checks docs --from` rebuilds the report without evaluating again.

Each case is serialized once, into its own file (schema 2.0; up to 1.x results.json held
every case's claims again, so it grew with the corpus, about 100 kB a case, and no reader
could take it without holding the whole corpus in memory).

Numbers are JSON numbers. JSON has no infinity, so an interval end that is infinite is
written as null: null in a `lo` is −∞, null in a `hi` is +∞. The empty interval is written
lo = 1, hi = 0 (any lo above hi reads as empty). A computed interval is null on both ends
when nothing was computed (the verdict is `unverifiable`); an implied, consistent or
explanation interval when its role or name is empty. A failure's distance is null when
infinite. A reviewed external verdict is null where claims.csv leaves it empty (no operand
has a filed figure; schema 2.1).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from checks.model.results import (
    CaseResult,
    ClaimResult,
    FactResult,
    Outcome,
    ReferenceFact,
    SuiteOutcome,
)
from checks.model.summary import CASES_DIR, CaseSummary, summarize
from checks.numbers.interval import Bounds
from checks.problems import Problem

__all__ = [
    "CASES_DIR",
    "CASE_ROWS_IN_KEY_ORDER",
    "ENGINES",
    "SCHEMA_FILE",
    "SCHEMA_VERSION",
    "case_document",
    "case_json",
    "dumps",
    "results_document",
    "schema",
    "summary_document",
]

SCHEMA_VERSION = "2.1"  # major: a reader must change; minor: fields or values were added
SCHEMA_FILE = "results.schema.json"


@cache
def _schema_text() -> str:
    return resources.files("checks.model").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema(document: str | None = None) -> dict[str, Any]:
    """Return the JSON Schema (a fresh copy; callers may change it).

    With no argument it accepts either document; `document="results"` or `"case"` gives the
    schema of that one document, whose errors name the field at fault.
    """
    data: dict[str, Any] = json.loads(_schema_text())
    if document is not None:
        if document not in data["$defs"] or document not in ("results", "case"):
            raise ValueError(f"no document {document!r}; use 'results' or 'case'")
        del data["oneOf"]
        data["$ref"] = f"#/$defs/{document}"
    return data


def dumps(document: Mapping[str, Any], in_key_order: Collection[str] = ()) -> str:
    """Serialize a document deterministically: sorted keys, UTF-8 text, a final newline.

    Laid out one top-level key a line, and a list one item a line (a claim, a fact, a case
    row), each written compactly. That reads and diffs line by line like indented JSON, yet
    every line comes from the standard library's C encoder, which indentation turns off:
    about six times faster on a case document, which matters at ten thousand cases. The
    lists under the top-level keys `in_key_order` are written without sorting their dicts'
    keys again: the caller built every one in sorted order (`case_json`), so the bytes are
    the same.
    """
    lines = ["{"]
    keys = sorted(document)
    for n, key in enumerate(keys):
        value = document[key]
        comma = "," if n < len(keys) - 1 else ""
        head = f"  {_compact(key)}: "
        if isinstance(value, list) and value:
            encode = _as_built if key in in_key_order else _compact
            items = ",\n".join(f"    {encode(item)}" for item in value)
            lines.append(f"{head}[\n{items}\n  ]{comma}")
        else:
            lines.append(f"{head}{_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# One encoder for every line: json.dumps with options builds a new one per call. Documents
# are trees built here, never cyclic, so the encoder skips its check for cycles (a dict
# entry per list and dict written).
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":"),
    check_circular=False,
)  # fmt: skip
_compact = _ENCODER.encode
# For rows built with their keys in sorted order (`in_key_order`): sorting every dict again
# was about a third of the time to write a case document as JSON.
_as_built = json.JSONEncoder(
    ensure_ascii=False, sort_keys=False, allow_nan=False, separators=(",", ":"),
    check_circular=False,
).encode  # fmt: skip


CASE_ROWS_IN_KEY_ORDER = ("claims", "fact_rows", "reference_rows")
"""The rows of a case document built with every dict's keys in sorted order (`case_json`).

The builders below keep their keys sorted by hand; tests/unit/model/test_documents.py
checks every dict of these rows is.
"""


_INFINITE = (math.inf, -math.inf)


def _end(x: float) -> float | None:
    return None if x in _INFINITE else x


def _pair(bounds: Bounds | None) -> tuple[float | None, float | None]:
    """Write an interval's ends: None for an infinite end (and for no interval).

    Runs a few hundred times a case, so `is_empty` and `_end` are written out here.
    """
    if bounds is None:
        return None, None
    lo, hi, lo_open, hi_open = bounds
    if lo > hi or (lo == hi and (lo_open or hi_open)):
        return 1.0, 0.0
    return (None if lo in _INFINITE else lo), (None if hi in _INFINITE else hi)


# The dicts of claims, facts and reference facts are built with their keys in sorted order
# (`CASE_ROWS_IN_KEY_ORDER`).


def _interval(bounds: Bounds | None) -> dict[str, Any] | None:
    if bounds is None:
        return None
    lo, hi = _pair(bounds)
    return {"hi": hi, "hi_open": bounds.hi_open, "lo": lo, "lo_open": bounds.lo_open}


def _outcome(o: Outcome, unit: str) -> dict[str, Any]:
    stated_lo, stated_hi = _pair(o.stated)
    computed_lo, computed_hi = _pair(o.computed)
    implied_lo, implied_hi = _pair(o.implied)
    consistent_lo, consistent_hi = _pair(o.consistent)
    explanation_lo, explanation_hi = _pair(o.explanation_value)
    return {
        "computed_hi": computed_hi,
        "computed_lo": computed_lo,
        "consistent_hi": consistent_hi,
        "consistent_lo": consistent_lo,
        "consistent_role": o.consistent_role or "",
        "distance": _end(o.distance),
        "explanation": o.explanation or "",
        "explanation_detail": o.explanation_detail,
        "explanation_hi": explanation_hi,
        "explanation_lo": explanation_lo,
        "explanations": ",".join(o.explanations),
        "grade": o.grade.value if o.grade is not None else "",
        "implied_hi": implied_hi,
        "implied_lo": implied_lo,
        "implied_role": o.implied_role or "",
        "implied_unit": o.implied_unit,
        "missing": ",".join(o.missing),
        "not_computable": o.not_computable,
        "operands_used": ",".join([str(u) for u in o.operands_used]),
        "stated_hi": stated_hi,
        "stated_hi_open": o.stated.hi_open,
        "stated_lo": stated_lo,
        "stated_lo_open": o.stated.lo_open,
        "unit": unit,
        "verdict": o.verdict.value,
    }


def _claim(c: ClaimResult) -> dict[str, Any]:
    results = sorted((s.value, _outcome(o, c.unit)) for s, o in c.outcomes.items())
    reviewed = sorted((s.value, v.value if v is not None else None) for s, v in c.reviewed.items())
    return {
        "claim_id": c.claim_id,
        "fact_ids": list(c.fact_ids),
        "kind": c.kind,
        "line": c.line,
        "note": c.note,
        "quote": c.quote,
        "reason": c.reason,
        "reference_ids": list(c.reference_ids),
        "rests_on_draft": c.rests_on_draft,
        "results": dict(results),
        "reviewed": dict(reviewed),
        "stated": c.stated_fact,
        "unit": c.unit,
    }


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "code": p.code,
        "message": p.message,
    }


def _suite(s: SuiteOutcome) -> dict[str, Any]:
    return {
        "suite": s.suite,
        "rows": s.rows,
        "success": s.success,
        "failures": [
            {"name": f.name, "failing_ids": list(f.failing_ids), "failing_count": f.failing_count}
            for f in s.failures
        ],
    }


def _case_outcome(r: CaseResult) -> dict[str, Any]:
    return {
        "case": r.case_id,
        "hedge_policy": r.hedge_policy,
        "as_of": r.as_of,
        "facts": r.fact_checks,
        "reference_facts": r.reference_checks,
        "coverage": {"tokens": r.coverage_tokens, "covered": r.coverage_covered},
        "problems": [_problem(p) for p in r.problems],
        "claims": [_claim(c) for c in r.claims],
        "gx_suites": [_suite(s) for s in r.suites],
        "findings": [f.payload() for f in r.findings],
    }


ENGINES = ("pandas", "spark")
"""The engines a run may use; results.json names its own and is otherwise the same."""


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")


def summary_document(rows: Sequence[CaseSummary], engine: str = "pandas") -> dict[str, Any]:
    """Describe the corpus in brief: the content of results.json, naming the engine that ran."""
    _check_engine(engine)
    return {
        "schema_version": SCHEMA_VERSION,
        "engine": engine,
        "cases": [r.row() for r in rows],
    }


def results_document(results: Sequence[CaseResult], engine: str = "pandas") -> dict[str, Any]:
    """Summarize every case: the content of results.json (see `summary_document`)."""
    return summary_document([summarize(r) for r in results], engine)


def _fact(f: FactResult) -> dict[str, Any]:
    return {
        "concept": f.concept,
        "counterpart": f.counterpart,
        "decimals": f.decimals,
        "differs": f.differs,
        "entity": f.entity,
        "fact_id": f.fact_id,
        "interval": _interval(f.interval),
        "note": f.note,
        "period": f.period,
        "qualifier": f.qualifier,
        "quote": f.quote,
        "span": list(f.span) if f.span is not None else None,
        "stated": f.stated,
        "unit": f.unit,
        "unplaced": f.unplaced,
        "upper": f.upper,
        "used_by": list(f.used_by),
        "value": f.value,
        "verdict": f.verdict.value if f.verdict is not None else None,
    }


def _reference(f: ReferenceFact) -> dict[str, Any]:
    return {
        "concept": f.concept,
        "entity": f.entity,
        "fact_id": f.fact_id,
        "interval": _interval(f.interval),
        "note": f.note,
        "period": f.period,
        "qualifier": f.qualifier,
        "source_kind": f.source_kind,
        "source_url": f.source_url,
        "unit": f.unit,
        "value": f.value,
    }


def case_document(r: CaseResult) -> dict[str, Any]:
    """Describe one case in full: the content of cases/<case>.json."""
    p = r.provenance
    return {
        "schema_version": SCHEMA_VERSION,
        **_case_outcome(r),
        "source_sha256": r.sha256,
        "provenance": {
            "title": p.title,
            "urls": list(p.urls),
            "sha256": p.sha256,
            "language": p.language,
            "retrieved": p.retrieved,
            "note": p.note,
            "as_of": p.as_of,
        },
        "fact_rows": [_fact(f) for f in r.facts],
        "reference_rows": [_reference(f) for f in r.reference],
        "exclusions": [
            {"token": e.token, "quote": e.quote, "reason": e.reason} for e in r.exclusions
        ],
    }


def case_json(r: CaseResult) -> str:
    """Write one case's document as cases/<case>.json holds it: `dumps(case_document(r))`."""
    return dumps(case_document(r), CASE_ROWS_IN_KEY_ORDER)
