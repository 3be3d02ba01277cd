"""Turn one case's run into the results model: the one place evaluation becomes values.

Everything a writer shows is settled here: each claim's outcomes (read from the
evaluation frame), each figure's place in the source and its colour, each fact's interval
under the hedge policy, counterparts, and the units intervals are written in.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from checks.claims.evaluate import FactIntervals, fact_intervals
from checks.claims.findings import Finding
from checks.claims.specs import ClaimSpec, unit_of
from checks.claims.verdicts import Grade, Scenario, Verdict
from checks.inputs.case import Case
from checks.inputs.facts import FactCheck, FactRecord
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
    is_empty,
    report_order,
    worst,
)
from checks.numbers.hedge import HedgePolicy
from checks.numbers.interval import Bounds
from checks.problems import Problem

__all__ = ["build_result", "source_digest"]

_NOT_EVALUATED_UNIT = "count"
_VERDICT = {v.value: v for v in Verdict}  # a dict lookup costs less than Verdict(word)
_GRADE = {g.value: g for g in Grade}


def source_digest(source: str) -> str:
    """Return the SHA-256 of the source text as UTF-8: what figure spans index into."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _bounds(lo: Any, hi: Any, lo_open: Any = False, hi_open: Any = False) -> Bounds:
    """Build bounds from frame cells; an empty interval takes the one form EMPTY.

    A NaN end (which sound interval arithmetic does not produce) is read as unbounded:
    nothing is known on that side.
    """
    flo = -math.inf if lo is None or math.isnan(float(lo)) else float(lo)
    fhi = math.inf if hi is None or math.isnan(float(hi)) else float(hi)
    got = Bounds(flo, fhi, bool(lo_open), bool(hi_open))
    return EMPTY if is_empty(got) else got


def _implied_unit(spec: ClaimSpec, role: str, records: Mapping[str, FactRecord]) -> str:
    """Guess the unit of an implied operand: its own if known, else its sibling operands'.

    A heuristic: every kind that reports an implied value relates operands of one unit,
    except `product` (price × quantity), whose implied operand is left without a unit.
    """
    if not role or role not in spec.operands:
        return _NOT_EVALUATED_UNIT
    units: list[str | None] = []
    for name in [role, *sorted(r for r in spec.operands if r != role)]:
        if name != role and spec.kind == "product":
            break
        try:
            units.extend(unit_of(e, dict(records)) for e in spec.operands[name])
        except ValueError:
            continue
    return next((u for u in units if u), _NOT_EVALUATED_UNIT)


class _Row:
    """One row of the evaluation frame, read from its columns as Python lists.

    Reading columns once (`Series.tolist`) and rows by position costs a fraction of
    `DataFrame.to_dict("records")`, which builds a dict per row: this conversion runs once
    per claim and scenario, so at corpus scale it must stay cheap next to the evaluation.
    """

    __slots__ = ("cols", "i")

    def __init__(self, cols: Mapping[str, Sequence[Any]], i: int) -> None:
        self.cols, self.i = cols, i

    def __getitem__(self, key: str) -> Any:
        return self.cols[key][self.i]

    def get(self, key: str, default: Any = None) -> Any:
        col = self.cols.get(key)
        return default if col is None else col[self.i]


def _optional(row: _Row, key: str, prefix: str) -> Bounds | None:
    """Read `<prefix>_lo/_hi` when the row names `key` (a role or a name) and both are numbers."""
    if not row.get(key):
        return None
    lo, hi = row.get(f"{prefix}_lo"), row.get(f"{prefix}_hi")
    if lo is None or hi is None or math.isnan(float(lo)) or math.isnan(float(hi)):
        return None
    return _bounds(lo, hi)


def _outcome(
    spec: ClaimSpec, scenario: Scenario, row: _Row, records: Mapping[str, FactRecord]
) -> Outcome:
    verdict = _VERDICT[row["verdict"]]
    role = str(row.get("implied_role") or "")
    implied = _optional(row, "implied_role", "implied")
    return Outcome(
        scenario=scenario,
        verdict=verdict,
        reviewed=spec.reviewed[scenario],
        stated=_bounds(
            row["stated_lo"], row["stated_hi"], row["stated_lo_open"], row["stated_hi_open"]
        ),
        computed=None
        if verdict == Verdict.UNVERIFIABLE
        else _bounds(row["computed_lo"], row["computed_hi"]),
        distance=float(row["distance"]),
        grade=_GRADE[row["grade"]] if row.get("grade") else None,
        missing=tuple(filter(None, str(row.get("missing") or "").split(","))),
        implied_role=role or None,
        implied=implied,
        implied_unit=_implied_unit(spec, role, records),
        operands_used=OperandUse.parse_list(str(row.get("operands_used") or "")),
        consistent_role=str(row.get("consistent_role") or "") or None,
        consistent=_optional(row, "consistent_role", "consistent"),
        explanation=str(row.get("explanation") or "") or None,
        explanation_detail=str(row.get("explanation_detail") or ""),
        explanation_value=_optional(row, "explanation", "explanation"),
        explanations=tuple(filter(None, str(row.get("explanations") or "").split(","))),
        not_computable=str(row.get("not_computable") or ""),
    )


def _claims(
    specs: Sequence[ClaimSpec],
    cols: Mapping[str, Sequence[Any]],
    fc: FactCheck,
    drafts: frozenset[str],
) -> tuple[ClaimResult, ...]:
    rows: dict[tuple[str, str], _Row] = {}
    if cols and len(cols.get("claim_id", ())):
        for i, key in enumerate(zip(cols["claim_id"], cols["scenario"], strict=True)):
            rows[(str(key[0]), str(key[1]))] = _Row(cols, i)
    out = []
    for spec in specs:
        got = {
            s: rows[(spec.claim_id, s.value)] for s in Scenario if (spec.claim_id, s.value) in rows
        }
        unit = next((str(r["unit"]) for r in got.values() if r.get("unit")), _NOT_EVALUATED_UNIT)
        refs: set[str] = set()
        for fid in spec.fact_ids:
            rec = fc.records.get(fid)
            if rec is not None and rec.origin == "reference":
                refs.add(fid)
            counterpart = fc.counterpart(fid)
            if counterpart is not None:
                refs.add(counterpart.fact_id)
        out.append(
            ClaimResult(
                claim_id=spec.claim_id,
                kind=spec.kind,
                line=spec.line,
                stated_fact=spec.stated,
                quote=spec.quote,
                reason=spec.reason,
                note=spec.note,
                fact_ids=spec.fact_ids,
                reference_ids=tuple(sorted(refs)),
                unit=unit,
                reviewed=dict(spec.reviewed),
                rests_on_draft=spec.claim_id in drafts,
                outcomes={s: _outcome(spec, s, r, fc.records) for s, r in got.items()},
            )
        )
    return tuple(out)


def _spans(case: Case) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """Place every fact's stated text in the source: its quote's only place, then inside it."""
    source = case.source
    found: list[tuple[int, int, str]] = []
    unplaced: dict[str, str] = {}
    for row in case.facts:
        fid, quote, stated = row["fact_id"], row["quote"], row["stated"]
        if not quote or source.count(quote) != 1:
            unplaced[fid] = "its quote is not found exactly once in the source"
        elif not stated or stated not in quote:
            unplaced[fid] = "its stated text is not inside its quote"
        else:
            start = source.index(quote) + quote.index(stated)
            found.append((start, start + len(stated), fid))
    spans: dict[str, tuple[int, int]] = {}
    last: tuple[int, int, str] | None = None
    for start, end, fid in sorted(found):
        if last is not None and start < last[1]:
            unplaced[fid] = f"its text overlaps the figure of {last[2]!r}"
        else:
            spans[fid] = (start, end)
            last = (start, end, fid)
    return spans, unplaced


def _intervals(fc: FactCheck, policy: HedgePolicy, fx: FactIntervals | None) -> dict[str, Bounds]:
    if fx is None:
        if not fc.records:
            return {}
        fx = fact_intervals(fc.records, policy)
    return {fid: _bounds(*fx.interval[i].item()) for fid, i in fx.index.items()}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _provenance(case: Case) -> Provenance:
    prov = case.provenance
    urls = prov.get("urls") or []
    if not isinstance(urls, list):
        urls = [urls]  # a lone string: still show it, escaped, rather than drop it
    as_of = case.config.get("as_of")
    return Provenance(
        title=_text(prov.get("title")) or None,
        urls=tuple(str(u) for u in urls),
        sha256=_text(prov.get("sha256")),
        language=_text(prov.get("language")),
        retrieved=_text(prov.get("retrieved")),
        note=_text(prov.get("note")),
        as_of=_text(as_of),
    )


def build_result(
    case: Case,
    policy: HedgePolicy,
    as_of: int | None,
    fc: FactCheck,
    specs: Sequence[ClaimSpec],
    evaluation: Mapping[str, Sequence[Any]],
    problems: Sequence[Problem],
    fx: FactIntervals | None = None,
    drafts: frozenset[str] = frozenset(),
    findings: Sequence[Finding] = (),
) -> CaseResult:
    """Convert one case's checks and evaluation (one row per claim and scenario).

    `evaluation` is the case's evaluation columns as lists (one entry per row).
    `drafts` names the claims that are drafts or rest on a draft fact.
    """
    claims = _claims(specs, evaluation, fc, drafts)
    used_by: dict[str, list[str]] = defaultdict(list)  # claim ids in report order
    verdict_of = {c.claim_id: c.verdict for c in claims}  # each combined once, not per fact
    differs_of = {c.claim_id: c.differs for c in claims}
    for claim in report_order(claims):
        for fid in claim.fact_ids:
            used_by[fid].append(claim.claim_id)
    intervals = _intervals(fc, policy, fx)
    spans, unplaced = _spans(case)
    facts = tuple(
        FactResult(
            fact_id=(fid := r["fact_id"]),
            concept=r["concept"],
            entity=r["entity"],
            period=r["period"],
            stated=r["stated"],
            value=r["value"],
            upper=r["upper"],
            unit=r["unit"],
            decimals=r["decimals"],
            qualifier=r["qualifier"],
            quote=r["quote"],
            note=r["note"],
            interval=intervals.get(fid),
            counterpart=(ref.fact_id if (ref := fc.counterpart(fid)) is not None else None),
            span=spans.get(fid),
            unplaced=unplaced.get(fid),
            used_by=tuple(used_by.get(fid, ())),
            verdict=worst(verdict_of[c] for c in used_by.get(fid, ())),
            differs=any(differs_of[c] for c in used_by.get(fid, ())),
        )
        for r in case.facts
    )
    reference = tuple(
        ReferenceFact(
            fact_id=r["fact_id"],
            concept=r["concept"],
            entity=r["entity"],
            period=r["period"],
            value=r["value"],
            unit=r["unit"],
            qualifier=r["qualifier"],
            source_kind=r["source_kind"],
            source_url=r["source_url"],
            note=r["note"],
            interval=intervals.get(r["fact_id"]),
        )
        for r in case.reference
    )
    coverage = fc.coverage
    return CaseResult(
        case_id=case.case_id,
        hedge_policy=policy.describe(),
        as_of=as_of,
        provenance=_provenance(case),
        sha256=source_digest(case.source),
        facts=facts,
        reference=reference,
        exclusions=tuple(Exclusion(r["token"], r["quote"], r["reason"]) for r in case.excluded),
        claims=claims,
        coverage_tokens=len(coverage),
        coverage_covered=int(coverage["covered"].sum()) if len(coverage) else 0,
        fact_checks=len(fc.facts),
        reference_checks=len(fc.reference),
        problems=tuple(problems),
        findings=tuple(findings),
    )
