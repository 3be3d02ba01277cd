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

import numpy as np

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
    report_order,
    worst,
)
from checks.numbers.hedge import HedgePolicy
from checks.numbers.interval import Bounds
from checks.problems import Problem

__all__ = ["build_result", "source_digest"]

_NOT_EVALUATED_UNIT = "count"
_SCENARIOS = tuple((s, s.value) for s in Scenario)  # an enum's .value is a property call
_VERDICT = {v.value: v for v in Verdict}  # a dict lookup costs less than Verdict(word)
_GRADE = {g.value: g for g in Grade}


def source_digest(source: str) -> str:
    """Return the SHA-256 of the source text as UTF-8: what figure spans index into."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


_new_bounds = tuple.__new__  # what Bounds(...) does, without its Python-level __new__


def _bounds(lo: Any, hi: Any, lo_open: Any = False, hi_open: Any = False) -> Bounds:
    """Build bounds from frame cells; an empty interval takes the one form EMPTY.

    A NaN end (which sound interval arithmetic does not produce) is read as unbounded:
    nothing is known on that side. (Runs a few hundred times a case: hence `x != x` for
    NaN and the inlined emptiness test of `is_empty`.)
    """
    flo = -math.inf if lo is None else float(lo)
    fhi = math.inf if hi is None else float(hi)
    if flo != flo:
        flo = -math.inf
    if fhi != fhi:
        fhi = math.inf
    if flo > fhi or (flo == fhi and (lo_open or hi_open)):
        return EMPTY
    return _new_bounds(Bounds, (flo, fhi, bool(lo_open), bool(hi_open)))


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


_OUTCOME_COLUMNS = (
    "verdict", "implied_role", "implied_lo", "implied_hi", "stated_lo", "stated_hi",
    "stated_lo_open", "stated_hi_open", "computed_lo", "computed_hi", "distance", "grade",
    "missing", "operands_used", "consistent_role", "consistent_lo", "consistent_hi",
    "explanation", "explanation_detail", "explanation_lo", "explanation_hi", "explanations",
    "not_computable", "unit",
)  # fmt: skip


def _rows(cols: Mapping[str, Sequence[Any]], n: int) -> list[tuple[Any, ...]]:
    """Take the evaluation columns an outcome reads as one tuple a row (`_OUTCOME_COLUMNS`).

    The columns are Python lists (`Series.tolist`, once per corpus); an absent column reads
    `None` on every row. One `zip` turns them into rows, each unpacked by position: a
    fraction of a dict per row (`DataFrame.to_dict("records")`) or of a column lookup per
    cell. This runs once per claim and scenario, so at corpus scale it must stay cheap
    next to the evaluation.
    """
    absent = [None] * n
    return list(zip(*[cols.get(name, absent) for name in _OUTCOME_COLUMNS], strict=True))


def _optional(key: Any, lo: Any, hi: Any) -> Bounds | None:
    """Read `lo`, `hi` as bounds when the row names `key` (a role or a name) and both are numbers."""
    if not key or lo is None or hi is None or math.isnan(float(lo)) or math.isnan(float(hi)):
        return None
    return _bounds(lo, hi)


def _words(text: Any) -> tuple[str, ...]:
    """Split a comma-joined cell into its words ('' and None: none)."""
    return tuple(filter(None, str(text).split(","))) if text else ()


def _outcome(
    spec: ClaimSpec,
    scenario: Scenario,
    row: tuple[Any, ...],
    records: Mapping[str, FactRecord],
) -> Outcome:
    (
        verdict_word, role, implied_lo, implied_hi, stated_lo, stated_hi, stated_lo_open,
        stated_hi_open, computed_lo, computed_hi, distance, grade, missing, operands,
        consistent_role, consistent_lo, consistent_hi, explanation, explanation_detail,
        explanation_lo, explanation_hi, explanations, not_computable, _unit,
    ) = row  # fmt: skip
    verdict = _VERDICT[verdict_word]
    role = str(role or "")
    operands = str(operands or "")
    uses = _USES.get(operands)
    if uses is None:
        uses = OperandUse.parse_list(operands)
        if len(_USES) >= 65_536:
            _USES.clear()  # bounded: a corpus of generated ids would otherwise grow it forever
        _USES[operands] = uses
    return Outcome(
        scenario=scenario,
        verdict=verdict,
        reviewed=spec.reviewed[scenario],
        stated=_bounds(stated_lo, stated_hi, stated_lo_open, stated_hi_open),
        computed=None if verdict == Verdict.UNVERIFIABLE else _bounds(computed_lo, computed_hi),
        distance=float(distance),
        grade=_GRADE[grade] if grade else None,
        missing=_words(missing),
        implied_role=role or None,
        implied=_optional(role, implied_lo, implied_hi) if role else None,
        implied_unit=_implied_unit(spec, role, records) if role else _NOT_EVALUATED_UNIT,
        operands_used=uses,
        consistent_role=str(consistent_role or "") or None,
        consistent=_optional(consistent_role, consistent_lo, consistent_hi),
        explanation=str(explanation or "") or None,
        explanation_detail=str(explanation_detail or ""),
        explanation_value=_optional(explanation, explanation_lo, explanation_hi),
        explanations=_words(explanations),
        not_computable=str(not_computable or ""),
    )


_USES: dict[str, tuple[OperandUse, ...]] = {}
"""Operand uses read before, by text: immutable, so shared. A corpus repeats few lists (79
texts in 5,632 outcomes of 64 generated cases), so reading each once per process, not once
per case, spares most of the reads."""


def _claims(
    specs: Sequence[ClaimSpec],
    cols: Mapping[str, Sequence[Any]],
    fc: FactCheck,
    drafts: frozenset[str],
) -> tuple[ClaimResult, ...]:
    at: dict[tuple[str, str], int] = {}
    n = len(cols.get("claim_id", ())) if cols else 0
    if n:
        for i, key in enumerate(zip(cols["claim_id"], cols["scenario"], strict=True)):
            at[(str(key[0]), str(key[1]))] = i
    rows = _rows(cols, n)
    records, counterpart = fc.records, fc.counterpart
    out = []
    for spec in specs:
        got = {
            s: rows[j] for s, word in _SCENARIOS if (j := at.get((spec.claim_id, word))) is not None
        }
        unit = next((str(r[-1]) for r in got.values() if r[-1]), _NOT_EVALUATED_UNIT)
        refs: set[str] = set()
        for fid in spec.fact_ids:
            rec = records.get(fid)
            if rec is not None and rec.origin == "reference":
                refs.add(fid)
            ref = counterpart(fid)
            if ref is not None:
                refs.add(ref.fact_id)
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
                outcomes={s: _outcome(spec, s, r, records) for s, r in got.items()},
            )
        )
    return tuple(out)


def _spans(case: Case) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """Place every fact's stated text in the source: its quote's only place, then inside it."""
    source = case.source
    found: list[tuple[int, int, str]] = []
    unplaced: dict[str, str] = {}
    for row in case.facts:
        get = row.cells.get  # as row[column], without a method call per cell
        fid, quote, stated = get("fact_id", ""), get("quote", ""), get("stated", "")
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
    iv = fx.interval  # each end as a Python list, once, rather than one Interval per fact
    ends = [
        np.broadcast_to(e, iv.lo.shape).tolist() for e in (iv.lo, iv.hi, iv.lo_open, iv.hi_open)
    ]
    lo, hi, lo_open, hi_open = ends
    return {fid: _bounds(lo[i], hi[i], lo_open[i], hi_open[i]) for fid, i in fx.index.items()}


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
            fact_id=(fid := (get := r.cells.get)("fact_id", "")),  # as r[column], no call per cell
            concept=get("concept", ""),
            entity=get("entity", ""),
            period=get("period", ""),
            stated=get("stated", ""),
            value=get("value", ""),
            upper=get("upper", ""),
            unit=get("unit", ""),
            decimals=get("decimals", ""),
            qualifier=get("qualifier", ""),
            quote=get("quote", ""),
            note=get("note", ""),
            interval=intervals.get(fid),
            counterpart=(ref.fact_id if (ref := fc.counterpart(fid)) is not None else None),
            span=spans.get(fid),
            unplaced=unplaced.get(fid),
            used_by=tuple(users := used_by.get(fid, ())),
            verdict=worst(verdict_of[c] for c in users) if users else None,
            differs=any(differs_of[c] for c in users),
        )
        for r in case.facts
    )
    reference = tuple(
        ReferenceFact(
            fact_id=(fid := (get := r.cells.get)("fact_id", "")),
            concept=get("concept", ""),
            entity=get("entity", ""),
            period=get("period", ""),
            value=get("value", ""),
            unit=get("unit", ""),
            qualifier=get("qualifier", ""),
            source_kind=get("source_kind", ""),
            source_url=get("source_url", ""),
            note=get("note", ""),
            interval=intervals.get(fid),
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
