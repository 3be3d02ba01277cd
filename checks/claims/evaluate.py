"""Evaluate claims, vectorized over the claims table, internally and against reference facts.

Cost grows with rows: claims are grouped by (kind, params), each group's operands are
gathered from one array of fact intervals by index, and one interval formula runs per group.
Two scenarios run on the same specs:

- internal: only the article's own facts; an operand that only a filing gives is missing,
  so the claim is `unverifiable` and the value it implies is reported instead;
- external: each article fact is replaced by its reference counterpart (same concept,
  entity and period) where one exists, and reference facts fill operands the article lacks.
  The stated figure stays the article's: the question is whether what it says holds up.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from checks.claims.kinds import DIRECTIONAL_KINDS
from checks.claims.operands import Expr, Lit, Missing, Op, Ref
from checks.claims.specs import ClaimSpec, unit_of
from checks.inputs.facts import FactRecord, counterparts
from checks.numbers import metrics as M
from checks.numbers.hedge import HedgePolicy
from checks.numbers.interval import Interval

__all__ = ["SCENARIOS", "FactIntervals", "evaluate", "fact_intervals"]

SCENARIOS = ("internal", "external")
_INF = np.inf
_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


@dataclass
class FactIntervals:
    """The interval of every valid fact, in one array, with an index by fact id."""

    ids: list[str]
    index: dict[str, int]
    interval: Interval
    records: dict[str, FactRecord]
    counterpart: dict[str, str]  # article fact id -> reference fact id

    def take(self, positions: np.ndarray) -> Interval:
        return self.interval[positions]


def fact_intervals(records: dict[str, FactRecord], policy: HedgePolicy) -> FactIntervals:
    """Turn every fact into its interval under `policy` (calendar years stay exact points)."""
    ids = sorted(records)
    recs = [records[i] for i in ids]
    values = np.array([str(r.value) for r in recs], dtype=object)
    uppers = np.array([str(r.upper) if r.upper is not None else "" for r in recs], dtype=object)
    decimals = np.array([r.decimals for r in recs], dtype=np.int64)
    qualifiers = np.array([r.qualifier for r in recs], dtype=object)
    iv = policy.intervals(values, decimals, qualifiers, uppers)
    is_year = np.array([r.unit == "year" for r in recs], dtype=bool)
    if is_year.any():
        exact = np.array([float(r.value) for r in recs])
        iv = Interval.where(is_year, Interval(exact, exact), iv)
    return FactIntervals(ids, {f: i for i, f in enumerate(ids)}, iv, records, counterparts(records))


def _resolve(fid: str, scenario: str, fx: FactIntervals) -> str | None:
    rec = fx.records[fid]
    if scenario == "internal":
        return fid if rec.origin == "article" else None
    return fx.counterpart.get(fid, fid)


def _eval_expr(expr: Expr, scenario: str, fx: FactIntervals) -> tuple[Interval | None, list[str]]:
    """Evaluate one operand expression; return None with the missing fact ids if any is missing."""
    if isinstance(expr, Lit):
        return Interval.from_decimals(expr.value, expr.value), []
    if isinstance(expr, Missing):
        return None, ["?"]
    if isinstance(expr, Ref):
        fid = _resolve(expr.fact_id, scenario, fx)
        if fid is None:
            return None, [expr.fact_id]
        return fx.interval[fx.index[fid]], []
    assert isinstance(expr, Op)
    left, m1 = _eval_expr(expr.left, scenario, fx)
    right, m2 = _eval_expr(expr.right, scenario, fx)
    if left is None or right is None:
        return None, m1 + m2
    return _OPS[expr.op](left, right), []


def _gather(
    exprs: Sequence[Expr], scenario: str, fx: FactIntervals
) -> tuple[Interval, np.ndarray, list[list[str]]]:
    """Gather one operand for a group of claims: intervals, a missing mask, missing ids per claim."""
    n = len(exprs)
    lo = np.full(n, -_INF)
    hi = np.full(n, _INF)
    lo_open = np.zeros(n, dtype=bool)
    hi_open = np.zeros(n, dtype=bool)
    missing = np.zeros(n, dtype=bool)
    missing_ids: list[list[str]] = [[] for _ in range(n)]
    simple = np.array([isinstance(e, Ref) for e in exprs], dtype=bool)
    if simple.any():
        pos = np.full(n, -1, dtype=np.int64)
        for i in np.flatnonzero(simple).tolist():
            expr = exprs[i]
            assert isinstance(expr, Ref)
            fid = _resolve(expr.fact_id, scenario, fx)
            if fid is None:
                missing[i] = True
                missing_ids[i] = [expr.fact_id]
            else:
                pos[i] = fx.index[fid]
        found = pos >= 0
        got = fx.take(pos[found])
        lo[found], hi[found] = got.lo, got.hi
        lo_open[found], hi_open[found] = got.lo_open, got.hi_open
    for i in np.flatnonzero(~simple).tolist():
        value, miss = _eval_expr(exprs[i], scenario, fx)
        if value is None:
            missing[i] = True
            missing_ids[i] = miss
        else:
            lo[i], hi[i] = float(value.lo), float(value.hi)
            lo_open[i], hi_open[i] = bool(value.lo_open), bool(value.hi_open)
    return Interval(lo, hi, lo_open, hi_open), missing, missing_ids


def _const(n: int, lo: float, hi: float, lo_open: bool = False, hi_open: bool = False) -> Interval:
    return Interval(np.full(n, lo), np.full(n, hi), np.full(n, lo_open), np.full(n, hi_open))


def _min_steps(items: list[Interval], decreasing: bool) -> Interval:
    """Bound the smallest rise (or, decreasing, the largest change) between consecutive items."""
    steps = [b - a for a, b in pairwise(items)]
    pick = np.max if decreasing else np.min
    return Interval(pick([s.lo for s in steps], axis=0), pick([s.hi for s in steps], axis=0))


def _computed(
    kind: str,
    params: dict[str, str],
    ops: dict[str, Interval],
    items: list[Interval],
    as_of: int,
    n: int,
) -> Interval:
    """Compute what the operands give, in the unit of the stated figure or region."""
    if kind == "share":
        return M.share(ops["part"], ops["whole"])
    if kind == "growth":
        return M.growth(ops["new"], ops["old"], basis=params["basis"])
    if kind == "pp_change":
        return M.pp_change(ops["new"], ops["old"])
    if kind == "multiple":
        return M.multiple(ops["a"], ops["b"])
    if kind == "ordering":
        if Decimal(params["min_ratio"]) != 1:
            return M.multiple(ops["a"], ops["b"])
        return ops["a"] - ops["b"]
    if kind == "within":
        return ops["value"]
    if kind == "total":
        return M.total(*items)
    if kind == "trend":
        return _min_steps(items, params["direction"] == "decreasing")
    if kind == "cagr":
        return M.cagr(ops["start"], ops["end"], int(Decimal(params["years"])))
    if kind == "product":
        return M.product(ops["a"], ops["b"])
    if kind == "elapsed_years":
        # Founded some time in the start year, observed some time in the as_of year: the
        # elapsed time lies strictly between (as_of - start - 1) and (as_of - start + 1).
        start = ops["start"].lo
        gap = as_of - np.where(np.isfinite(start), start, as_of)  # a missing start: masked later
        return Interval(gap - 1, gap + 1, np.ones(n, dtype=bool), np.ones(n, dtype=bool))
    if kind == "agrees":
        return ops["reference"]
    raise AssertionError(f"no formula for kind {kind!r}")


def _region(
    kind: str, params: dict[str, str], stated: Interval | None, ops: dict[str, Interval], n: int
) -> Interval:
    """Build the interval the claim says the computed value lies in."""
    if kind == "pp_change":
        floor = float(params["min_pp"])
        region = (
            _const(n, floor, _INF, floor == 0, False)
            if params["direction"] == "up"
            else _const(n, -_INF, -floor, False, floor == 0)
        )
        if stated is not None:
            signed = stated if params["direction"] == "up" else -stated
            region = region.intersection(signed)
        return region
    if kind == "ordering":
        ratio = float(params["min_ratio"])
        if ratio != 1:
            return (
                _const(n, ratio, _INF)
                if params["relation"] == "gt"
                else _const(n, -_INF, 1 / ratio)
            )
        return (
            _const(n, 0.0, _INF, True)
            if params["relation"] == "gt"
            else _const(n, -_INF, 0.0, False, True)
        )
    if kind == "within":
        cap = ops["cap"]
        if params["mode"] == "in_range":
            return cap
        return Interval(np.full(n, -_INF), cap.hi, np.zeros(n, dtype=bool), cap.hi_open)
    if kind == "trend":
        return (
            _const(n, 0.0, _INF, True)
            if params["direction"] == "increasing"
            else _const(n, -_INF, 0.0, False, True)
        )
    assert stated is not None
    return stated


def _implied(
    kind: str, params: dict[str, str], stated: Interval, ops: dict[str, Interval], role: str
) -> Interval | None:
    """Return what a missing operand would have to be for the stated figure to hold."""
    if kind == "share":
        return (
            M.implied_whole(ops["part"], stated) if role == "whole" else ops["whole"] * stated / 100
        )
    if kind == "growth":
        return (
            M.implied_base(ops["new"], stated) if role == "old" else ops["old"] * (1 + stated / 100)
        )
    if kind == "multiple":
        return ops["a"] / stated if role == "b" else ops["b"] * stated
    if kind == "cagr":
        years = int(Decimal(params["years"]))
        if role == "end":
            return M.cagr_end(ops["start"], stated, years)
        return ops["end"] / (1 + stated / 100).pow_int(years)
    if kind == "product":
        return stated / ops["b"] if role == "a" else stated / ops["a"]
    return None


@dataclass
class _Group:
    kind: str
    params: dict[str, str]
    specs: list[ClaimSpec]


def _groups(specs: Sequence[ClaimSpec]) -> list[_Group]:
    """Group claims that share one formula: kind, params, list width and whether one is stated.

    A kind whose stated figure is optional (pp_change) must not mix claims with and without
    one in a group: the group gathers one stated array, and a claim without a figure would
    borrow another fact's interval.
    """
    by: dict[tuple[str, tuple[tuple[str, str], ...], int, bool], list[ClaimSpec]] = defaultdict(
        list
    )
    for spec in specs:
        width = len(spec.operands.get("items", []))
        by[(spec.kind, tuple(sorted(spec.params.items())), width, bool(spec.stated))].append(spec)
    return [_Group(kind, dict(params), group) for (kind, params, _, _), group in sorted(by.items())]


def _evaluate_group(group: _Group, scenario: str, fx: FactIntervals, as_of: int) -> dict[str, Any]:
    """Evaluate one group in one scenario; return its result columns."""
    n = len(group.specs)
    ops: dict[str, Interval] = {}
    items: list[Interval] = []
    missing = np.zeros(n, dtype=bool)
    missing_ids: list[list[str]] = [[] for _ in range(n)]
    missing_role: list[list[str]] = [[] for _ in range(n)]
    roles = list(group.specs[0].operands)
    for role in roles:
        if role == "items":
            for k in range(len(group.specs[0].operands["items"])):  # one width per group
                col = [s.operands["items"][k] for s in group.specs]
                iv, miss, ids = _gather(col, scenario, fx)
                items.append(iv)
                missing |= miss
                for i in np.flatnonzero(miss).tolist():
                    missing_ids[i] += ids[i]
            continue
        iv, miss, ids = _gather([s.operands[role][0] for s in group.specs], scenario, fx)
        ops[role] = iv
        missing |= miss
        for i in np.flatnonzero(miss).tolist():
            missing_ids[i] += ids[i]
            missing_role[i].append(role)
    stated: Interval | None = None
    if group.specs[0].stated:  # all or none in a group (see _groups)
        pos = np.array([fx.index[str(s.stated)] for s in group.specs], dtype=np.int64)
        stated = fx.take(pos)
        if group.kind == "growth":
            as_ratio = np.array([fx.records[str(s.stated)].unit == "ratio" for s in group.specs])
            stated = Interval.where(as_ratio, stated * 100, stated)
    computed = _computed(group.kind, group.params, ops, items, as_of, n)
    region = _region(group.kind, group.params, stated, ops, n)
    holds = region.intersects(computed)
    distance = region.distance(computed)
    opposite = (region.hi <= 0) & (computed.lo > 0) | (region.lo >= 0) & (computed.hi < 0)
    verdict = np.where(missing, "unverifiable", np.where(holds, "holds", "fails"))
    fails = verdict == "fails"
    decision = group.kind in DIRECTIONAL_KINDS
    grade = np.where(fails, np.where(decision | opposite, "decision", "magnitude"), "")
    implied_role = np.array([r[0] if len(r) == 1 else "" for r in missing_role], dtype=object)
    implied_lo = np.full(n, np.nan)
    implied_hi = np.full(n, np.nan)
    if stated is not None:
        for role in sorted(set(implied_role.tolist()) - {""}):
            got = _implied(group.kind, group.params, stated, ops, role)
            if got is None:
                implied_role[implied_role == role] = ""
                continue
            mask = implied_role == role
            implied_lo[mask], implied_hi[mask] = got.lo[mask], got.hi[mask]
    return {
        "claim_id": [spec.claim_id for spec in group.specs],
        "scenario": [scenario] * n,
        "verdict": verdict,
        "stated_lo": region.lo,
        "stated_hi": region.hi,
        "stated_lo_open": region.lo_open,
        "stated_hi_open": region.hi_open,
        "computed_lo": np.where(missing, np.nan, computed.lo),
        "computed_hi": np.where(missing, np.nan, computed.hi),
        "distance": np.where(fails, distance, 0.0),
        "grade": grade,
        "missing": [",".join(dict.fromkeys(ids)) for ids in missing_ids],
        "implied_role": implied_role,
        "implied_lo": implied_lo,
        "implied_hi": implied_hi,
        "unit": [_result_unit(spec, fx) for spec in group.specs],
        "operands_used": [_used(spec, scenario, fx) for spec in group.specs],
    }


def _result_unit(spec: ClaimSpec, fx: FactIntervals) -> str:
    """Name the unit the stated and computed intervals are written in."""
    if spec.kind in ("share", "growth", "cagr"):
        return "pct"
    if spec.kind == "pp_change":
        return "pp"
    if spec.kind in ("multiple", "elapsed_years"):
        return "ratio" if spec.kind == "multiple" else "years"
    if spec.kind == "ordering" and Decimal(spec.params["min_ratio"]) != 1:
        return "ratio"
    if spec.stated:
        return fx.records[spec.stated].unit
    first = next(iter(spec.operands.values()))[0]
    return unit_of(first, fx.records) or "count"


def _used(spec: ClaimSpec, scenario: str, fx: FactIntervals) -> str:
    """Name the facts a scenario actually used, showing substitutions (`a->ref`)."""
    out = []
    for fid in spec.fact_ids:
        if fid == spec.stated:
            continue
        got = _resolve(fid, scenario, fx)
        out.append(fid if got == fid else f"{fid}->{got or 'missing'}")
    return ",".join(out)


def evaluate(specs: Sequence[ClaimSpec], fx: FactIntervals, as_of: int) -> pd.DataFrame:
    """Evaluate every claim in both scenarios; one row per (claim, scenario), in claim order."""
    frames = [
        pd.DataFrame(_evaluate_group(group, scenario, fx, as_of))
        for group in _groups(specs)
        for scenario in SCENARIOS
    ]
    if not frames:
        return pd.DataFrame()
    frame = pd.concat(frames, ignore_index=True)
    order = {s.claim_id: i for i, s in enumerate(specs)}
    frame["_o"] = frame["claim_id"].map(order)
    frame["_s"] = frame["scenario"].map({s: i for i, s in enumerate(SCENARIOS)})
    return frame.sort_values(["_o", "_s"]).drop(columns=["_o", "_s"]).reset_index(drop=True)
