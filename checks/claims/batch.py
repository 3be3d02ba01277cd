"""Compile one case's claims into arrays, so a whole corpus evaluates as array operations.

Everything about a claim that does not depend on numbers is settled here, once per case:
which fact each operand reads in each scenario (a position in the case's fact array, or
-1 where the scenario lacks it), which ids are missing, the role an implied value is
reported for, the result unit and the operands used. An operand written as an expression
(`a=price*shares`) is computed here and appended to the fact array as one more interval
per scenario, so the evaluator only ever gathers by position. `checks.claims.evaluate`
then stacks the compiled cases of a corpus (positions shifted by each case's offset) and
runs one formula per group of claims that share a kind and parameters.

Compiling reads each claim once (its kind, parameters, fact ids and operands, a few
attribute look-ups) and then works per group and per operand role with array operations:
fact ids become positions by one mapped look-up, the scenarios' positions come from
per-fact arrays (`FactIntervals.article`, `.external`), and the missing ids, implied
roles and `operands_used` strings are gathered or joined over whole arrays. Only operands
written as expressions, and claims missing two or more ids, are settled one at a time.
It runs in the per-case stage, next to reading claims.csv, spread over the worker processes.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter, methodcaller

import numpy as np

from checks.claims.fact_arrays import FactIntervals, fact_intervals
from checks.claims.kinds import KINDS
from checks.claims.operands import Expr, Lit, Missing, Op, Ref
from checks.claims.specs import ClaimSpec, unit_of
from checks.claims.used import blank, operands_used, strings
from checks.claims.verdicts import Scenario
from checks.numbers.interval import Interval

__all__ = [
    "ROLES",
    "SCENARIOS",
    "CompiledClaims",
    "FactIntervals",
    "GroupBlock",
    "GroupKey",
    "compile_claims",
    "fact_intervals",
    "scenario_values",
]

SCENARIOS = tuple(s.value for s in Scenario)  # plain strings: they fill frame columns
ROLES = ("", *sorted({role for kind in KINDS.values() for role in kind.roles}))
"""Every single operand role, "" first: a group block names implied roles by code here."""
_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}

_POSITION = np.int64  # the dtype of fact positions

GroupKey = tuple[str, tuple[tuple[str, str], ...], int, bool]
"""Claims sharing one formula: kind, sorted params, list width, whether a figure is stated."""


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
    implied_role: np.ndarray  # shape (2, m): the one missing role per scenario, by ROLES code


@dataclass
class CompiledClaims:
    """One case's claims as arrays: fact intervals, per-claim columns, and group blocks."""

    case_id: str
    as_of: int
    facts: Interval  # the case's facts, then the operands computed from expressions
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
        self.extra: list[Interval] = []  # computed operands, after the case's facts

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
        self.extra.append(got)
        return len(self.fx.ids) + len(self.extra) - 1, []

    def missing_ids(self, spec: ClaimSpec, scenario: int) -> str:
        """Name the ids a claim misses in a scenario, in operand order, each once."""
        ids: list[str] = []
        for exprs in spec.operands.values():
            for expr in exprs:
                ids += self.value(expr, scenario)[1]
        return ",".join(dict.fromkeys(ids))

    def facts(self) -> Interval:
        """Return the case's fact intervals with the computed operands appended (a copy)."""
        iv, extra = self.fx.interval, self.extra

        def column(name: str, dtype: type) -> np.ndarray:
            more: np.ndarray = np.array([dtype(getattr(e, name)) for e in extra], dtype=dtype)
            return np.concatenate([np.asarray(getattr(iv, name), dtype=dtype), more])

        return Interval(
            column("lo", float),
            column("hi", float),
            column("lo_open", bool),
            column("hi_open", bool),
        )


def scenario_values(
    fx: FactIntervals,
) -> tuple[Callable[[Expr, int], Interval | None], Callable[[str, int], str | None]]:
    """Return how a scenario (0 internal, 1 external) evaluates an expression and resolves an id.

    For the few rows that need a claim's operands one at a time (checks.claims.computable
    names the operand that leaves a result unbounded); None means the operand is missing.
    """
    compiler = _Compiler(fx)
    return (lambda expr, s: compiler.value(expr, s)[0]), compiler.resolve


def _operand_unit(expr: Expr, fx: FactIntervals) -> str | None:
    try:  # an expression whose units do not combine has none
        return unit_of(expr, fx.records)
    except ValueError:
        return None


def _first_units(operands: list[dict[str, list[Expr]]], fx: FactIntervals) -> list[str | None]:
    """Return the unit of each claim's first operand (None where its units do not combine)."""
    firsts = list(map(_FIRST, map(next, map(iter, map(_VALUES, operands)))))
    if set(map(type, firsts)) == {Ref}:
        units: list[str | None] = fx.units[
            fx.positions(map(_FACT_ID, firsts), len(firsts))
        ].tolist()
        return units
    return [_operand_unit(e, fx) for e in firsts]


def _units(
    kind: str,
    params: dict[str, str],
    stated: np.ndarray | None,
    ops: list[str | None],
    fx: FactIntervals,
) -> list[str]:
    """Name each claim's result unit by the kind's rule, once per distinct pair of units
    (the stated fact's unit and the first operand's, None where there is none)."""
    got = [None] * len(ops) if stated is None else fx.units[stated].tolist()
    rule = KINDS[kind].unit
    pairs = list(zip(got, ops, strict=True))
    named = {pair: rule(*pair, params) for pair in set(pairs)}
    return list(map(named.__getitem__, pairs))


class _Case:
    """One case's compilation under way: its compiler and the per-claim missing ids."""

    def __init__(self, fx: FactIntervals, n: int) -> None:
        self.c = _Compiler(fx)
        self.missing = blank((2, n))
        self.lost = np.zeros((2, n), dtype=np.int64)  # ids missing per claim and scenario

    def slot(self, exprs: list[Expr], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Return the positions one operand of each claim reads, shape (2, m); -1 if missing.

        Also the fact ids' own positions when every operand is a plain fact id, else None."""
        fx, m = self.c.fx, len(exprs)
        if set(map(type, exprs)) == {Ref}:  # plain fact ids: gathered, not looked at one by one
            at = fx.positions(map(_FACT_ID, exprs), m)
            lost = ~fx.article[at]
            self.missing[0, rows[lost]] = fx.names[at[lost]]
            self.lost[0, rows] += lost
            return np.stack([np.where(lost, -1, at), fx.external[at]]), at
        pos = np.empty((2, m), dtype=_POSITION)
        for j, expr in enumerate(exprs):  # expressions, literals, `?`: one at a time
            for s in (0, 1):
                pos[s, j], ids = self.c.position(expr, s)
                self.lost[s, rows[j]] += len(ids)
                if ids:
                    self.missing[s, rows[j]] = ids[0]
        return pos, None

    def block(
        self, key: GroupKey, specs: list[ClaimSpec], rows: np.ndarray, stated_at: np.ndarray
    ) -> tuple[GroupBlock, list[str]]:
        """Compile one group's claims: the block the evaluator reads and each claim's unit.

        `stated_at` holds the stated fact's position of every claim of the case."""
        kind, fx, m = KINDS[key[0]], self.c.fx, len(rows)
        operands = list(map(_OPERANDS, specs))
        singles = [r for r in specs[0].operands if r not in kind.list_roles]
        slots, ids = {}, {}
        for role in singles:
            slots[role], ids[role] = self.slot([o[role][0] for o in operands], rows)
        items = [self.slot([o["items"][k] for o in operands], rows)[0] for k in range(key[2])]
        stated = stated_at[rows] if key[3] else None
        implied = np.zeros((2, m), dtype=np.int8)
        if singles:
            codes = np.array([ROLES.index(r) for r in singles], dtype=np.int8)
            for s in (0, 1):
                lost = np.stack([slots[r][s] < 0 for r in singles])
                implied[s] = np.where(lost.sum(axis=0) == 1, codes[lost.argmax(axis=0)], 0)
        first = ids.get(singles[0]) if singles else None
        if first is not None and set(map(next, map(iter, operands))) == {singles[0]}:
            ops = fx.units[first].tolist()  # each claim names that role first: ids known
        else:
            ops = _first_units(operands, fx)
        block = GroupBlock(
            rows=rows,
            slots=slots,
            items=items,
            stated=stated,
            stated_unit=fx.units[stated] if stated is not None else blank(m),
            implied_role=implied,
        )
        return block, _units(key[0], specs[0].params, stated, ops, fx)


_FACT_ID = attrgetter("fact_id")
_OPERANDS = attrgetter("operands")
_STATED = attrgetter("stated")
_FIRST = itemgetter(0)
_VALUES = methodcaller("values")


@dataclass
class _Read:
    """What one pass over a case's claims collects, for the array stages after it."""

    groups: dict[GroupKey, np.ndarray]  # each group's rows, groups in key order
    stated: np.ndarray  # the stated fact's position per claim, -1 where none is stated
    claim_ids: list[str]
    fact_ids: list[tuple[str, ...]]


def _read(specs: Sequence[ClaimSpec], index: dict[str, int]) -> _Read:
    """Group claims that share one formula: kind, params, list width and a stated figure.

    A kind whose stated figure is optional (pp_change) must not mix claims with and without
    one in a group: the group gathers one stated array, and a claim without a figure would
    borrow another fact's interval. One key per claim in a dict: a case has tens of claims,
    for which a hashed tuple costs far less than factorizing each column as an array. Rows
    in claims.csv order, groups in key order. The same pass looks up the stated id and
    keeps the claim and fact ids: at 100,000 claims a claim's attributes are far apart in
    memory, and each further pass over them costs tens of milliseconds in cache misses.
    """
    groups: dict[GroupKey, list[int]] = {}
    stated, claim_ids, fact_ids = [], [], []
    for i, spec in enumerate(specs):
        key = (
            spec.kind,
            tuple(sorted(spec.params.items())),
            len(spec.operands.get("items", ())),
            bool(spec.stated),
        )
        got = groups.get(key)
        if got is None:
            groups[key] = [i]
        else:
            got.append(i)
        stated.append(index.get(spec.stated, -1))  # type: ignore[arg-type]
        claim_ids.append(spec.claim_id)
        fact_ids.append(spec.fact_ids)
    return _Read(
        {key: np.array(rows, dtype=_POSITION) for key, rows in sorted(groups.items())},
        np.array(stated, dtype=_POSITION),
        claim_ids,
        fact_ids,
    )


def compile_claims(
    case_id: str, specs: Sequence[ClaimSpec], fx: FactIntervals, as_of: int
) -> CompiledClaims:
    """Settle every claim's operand positions, strings and group, for array evaluation."""
    n = len(specs)
    case = _Case(fx, n)
    units = np.empty(n, dtype=object)
    groups: dict[GroupKey, GroupBlock] = {}
    read = _read(specs, fx.index)
    for key, rows in read.groups.items():
        groups[key], units[rows] = case.block(
            key, [specs[r] for r in rows.tolist()], rows, read.stated
        )
    for s in (0, 1):  # two or more missing ids: joined in operand order, one claim at a time
        for i in np.flatnonzero(case.lost[s] > 1).tolist():
            case.missing[s, i] = case.c.missing_ids(specs[i], s)
    return CompiledClaims(
        case_id=case_id,
        as_of=as_of,
        facts=case.c.facts(),
        claim_ids=strings(read.claim_ids),
        units=units,
        missing=case.missing,
        used=operands_used(read.fact_ids, fx, read.stated),
        groups=groups,
    )
