"""Compile one case's claims into arrays, so a whole corpus evaluates as array operations.

Everything about a claim that does not depend on numbers is settled here, once per case:
which fact each operand reads in each scenario (a position in the case's fact array, or
-1 where the scenario lacks it), which ids are missing, the role an implied value is
reported for, the result unit and the operands used. An operand written as an expression
(`a=price*shares`) is computed here and appended to the fact array as one more interval
per scenario, so the evaluator only ever gathers by position. `checks.claims.evaluate`
then stacks the compiled cases of a corpus (positions shifted by each case's offset) and
runs one formula per group of claims that share a kind and parameters.

Compiling costs Python per claim (dictionary look-ups, a few strings); it runs in the
per-case stage, next to reading claims.csv, so it is spread over the worker processes.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from checks.claims.kinds import KINDS
from checks.claims.operands import Expr, Lit, Missing, Op, Ref
from checks.claims.specs import ClaimSpec, unit_of
from checks.claims.verdicts import Scenario
from checks.inputs.facts import FactRecord, counterparts
from checks.numbers.hedge import HedgePolicy
from checks.numbers.interval import Interval

__all__ = [
    "SCENARIOS",
    "CompiledClaims",
    "FactIntervals",
    "GroupBlock",
    "GroupKey",
    "compile_claims",
    "fact_intervals",
    "group_key",
    "scenario_values",
]

SCENARIOS = tuple(s.value for s in Scenario)  # plain strings: they fill frame columns
_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}

GroupKey = tuple[str, tuple[tuple[str, str], ...], int, bool]
"""Claims sharing one formula: kind, sorted params, list width, whether a figure is stated."""


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


@dataclass
class GroupBlock:
    """One case's claims of one group: their rows and the positions their operands read.

    `slots[role]` has shape (2, m): row 0 the internal positions, row 1 the external ones;
    `items` holds one such array per item of a list role; -1 marks a missing operand.
    """

    rows: np.ndarray
    slots: dict[str, np.ndarray]
    items: list[np.ndarray]
    stated: np.ndarray | None
    stated_unit: np.ndarray
    implied_role: np.ndarray  # shape (2, m): the one missing role per scenario, or ""


@dataclass
class CompiledClaims:
    """One case's claims as arrays: fact intervals, per-claim columns, and group blocks."""

    case_id: str
    as_of: int
    lo: np.ndarray
    hi: np.ndarray
    lo_open: np.ndarray
    hi_open: np.ndarray
    claim_ids: np.ndarray
    units: np.ndarray
    missing: np.ndarray  # shape (2, n): comma-joined missing ids per scenario
    used: np.ndarray  # shape (2, n): operands used per scenario, `a->ref` for substitutions
    groups: dict[GroupKey, GroupBlock] = field(default_factory=dict)

    @property
    def claims(self) -> int:
        return len(self.claim_ids)


class _Compiler:
    """Resolve operands to positions for one case, appending computed expressions."""

    def __init__(self, fx: FactIntervals) -> None:
        self.fx = fx
        iv = fx.interval
        self.lo: list[float] = iv.lo.tolist()
        self.hi: list[float] = iv.hi.tolist()
        self.lo_open: list[bool] = iv.lo_open.tolist()
        self.hi_open: list[bool] = iv.hi_open.tolist()

    def resolve(self, fid: str, scenario: int) -> str | None:
        if scenario == 0:
            return fid if self.fx.records[fid].origin == "article" else None
        return self.fx.counterpart.get(fid, fid)

    def value(self, expr: Expr, scenario: int) -> tuple[Interval | None, list[str]]:
        """Evaluate an expression; None with the missing fact ids if any is missing."""
        if isinstance(expr, Lit):
            return Interval.from_decimals(expr.value, expr.value), []
        if isinstance(expr, Missing):
            return None, ["?"]
        if isinstance(expr, Ref):
            fid = self.resolve(expr.fact_id, scenario)
            if fid is None:
                return None, [expr.fact_id]
            return self.fx.interval[self.fx.index[fid]], []
        assert isinstance(expr, Op)
        left, m1 = self.value(expr.left, scenario)
        right, m2 = self.value(expr.right, scenario)
        if left is None or right is None:
            return None, m1 + m2
        return _OPS[expr.op](left, right), []

    def position(self, expr: Expr, scenario: int) -> tuple[int, list[str]]:
        """Return the fact position an operand reads (appending a computed one), or -1."""
        if isinstance(expr, Ref):
            fid = self.resolve(expr.fact_id, scenario)
            return (-1, [expr.fact_id]) if fid is None else (self.fx.index[fid], [])
        got, missing = self.value(expr, scenario)
        if got is None:
            return -1, missing
        self.lo.append(float(got.lo))
        self.hi.append(float(got.hi))
        self.lo_open.append(bool(got.lo_open))
        self.hi_open.append(bool(got.hi_open))
        return len(self.lo) - 1, []

    def used(self, spec: ClaimSpec, scenario: int) -> str:
        out = []
        for fid in spec.fact_ids:
            if fid == spec.stated:
                continue
            got = self.resolve(fid, scenario)
            out.append(fid if got == fid else f"{fid}->{got or 'missing'}")
        return ",".join(out)


def scenario_values(
    fx: FactIntervals,
) -> tuple[Callable[[Expr, int], Interval | None], Callable[[str, int], str | None]]:
    """Return how a scenario (0 internal, 1 external) evaluates an expression and resolves an id.

    For the few rows that need a claim's operands one at a time (checks.claims.computable
    names the operand that leaves a result unbounded); None means the operand is missing.
    """
    compiler = _Compiler(fx)
    return (lambda expr, s: compiler.value(expr, s)[0]), compiler.resolve


def _unit(spec: ClaimSpec, fx: FactIntervals) -> str:
    """Name the unit the stated and computed intervals are written in (the kind's rule)."""
    stated = fx.records[spec.stated].unit if spec.stated else None
    first = next(iter(spec.operands.values()))[0]
    try:
        operand = unit_of(first, fx.records)
    except ValueError:
        operand = None
    return KINDS[spec.kind].unit(stated, operand, spec.params)


def group_key(spec: ClaimSpec) -> GroupKey:
    """Group claims that share one formula: kind, params, list width and a stated figure.

    A kind whose stated figure is optional (pp_change) must not mix claims with and without
    one in a group: the group gathers one stated array, and a claim without a figure would
    borrow another fact's interval.
    """
    width = len(spec.operands.get("items", []))
    return (spec.kind, tuple(sorted(spec.params.items())), width, bool(spec.stated))


def compile_claims(
    case_id: str, specs: Sequence[ClaimSpec], fx: FactIntervals, as_of: int
) -> CompiledClaims:
    """Settle every claim's operand positions, strings and group, for array evaluation."""
    c = _Compiler(fx)
    n = len(specs)
    missing = np.empty((2, n), dtype=object)
    used = np.empty((2, n), dtype=object)
    by_group: dict[GroupKey, list[int]] = defaultdict(list)
    positions: list[dict[str, list[list[int]]]] = []
    implied: list[list[str]] = []
    for i, spec in enumerate(specs):
        by_group[group_key(spec)].append(i)
        slots: dict[str, list[list[int]]] = {}
        roles_missing: list[str] = ["", ""]
        for s in (0, 1):
            miss_ids: list[str] = []
            miss_roles: list[str] = []
            for role, exprs in spec.operands.items():
                for k, expr in enumerate(exprs):
                    pos, ids = c.position(expr, s)
                    slot = f"{role}.{k}" if role in KINDS[spec.kind].list_roles else role
                    slots.setdefault(slot, [[-1], [-1]])[s][0] = pos
                    if pos < 0:
                        miss_ids += ids
                        if slot == role:
                            miss_roles.append(role)
            missing[s, i] = ",".join(dict.fromkeys(miss_ids))
            roles_missing[s] = miss_roles[0] if len(miss_roles) == 1 else ""
            used[s, i] = c.used(spec, s)
        positions.append(slots)
        implied.append(roles_missing)
    groups: dict[GroupKey, GroupBlock] = {}
    for key, rows in sorted(by_group.items()):
        first = specs[rows[0]]
        width = key[2]
        singles = [r for r in first.operands if r not in KINDS[first.kind].list_roles]
        stated = (
            np.array([fx.index[str(specs[r].stated)] for r in rows], dtype=np.int64)
            if key[3]
            else None
        )
        groups[key] = GroupBlock(
            rows=np.array(rows, dtype=np.int64),
            slots={
                role: np.array([[positions[r][role][s][0] for r in rows] for s in (0, 1)])
                for role in singles
            },
            items=[
                np.array([[positions[r][f"items.{k}"][s][0] for r in rows] for s in (0, 1)])
                for k in range(width)
            ],
            stated=stated,
            stated_unit=np.array(
                [fx.records[str(specs[r].stated)].unit if key[3] else "" for r in rows],
                dtype=object,
            ),
            implied_role=np.array([[implied[r][s] for r in rows] for s in (0, 1)], dtype=object),
        )
    return CompiledClaims(
        case_id=case_id,
        as_of=as_of,
        lo=np.array(c.lo, dtype=float),
        hi=np.array(c.hi, dtype=float),
        lo_open=np.array(c.lo_open, dtype=bool),
        hi_open=np.array(c.hi_open, dtype=bool),
        claim_ids=np.array([s.claim_id for s in specs], dtype=object),
        units=np.array([_unit(s, fx) for s in specs], dtype=object),
        missing=missing,
        used=used,
        groups=groups,
    )
