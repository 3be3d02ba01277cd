"""Say why a claim's result cannot be computed: which operand leaves it unbounded or empty.

Interval arithmetic stays sound where a divisor may be zero: 12.5亿 / (−0.5亿, 0.5亿) is
(−∞, ∞). Such a result meets every stated figure, so comparing it would call any claim
`holds`: a vacuous verdict. The evaluation calls those claims `not_computable` instead and
this module names the operand to blame, in the words a reviewer needs to fix the data:

- an operand that is itself unbounded: an expression dividing by something around zero
  (`x/0`, `a/(b-b)`), named down to the division inside it;
- a divisor of the claim's own formula that contains zero: a share of a whole, a growth
  rate from a base, a multiple of b, a CAGR from a start that may be zero (a filed value
  of 0, an operand `x-x`);
- a CAGR or a growth rate between figures of opposite signs (a loss that turned into a
  profit): no rate joins them, so the result is unbounded (`checks.numbers.metrics.crosses_zero`);
- a result beyond the float range (a product of huge figures).

A half-unbounded result that still excludes the stated figure stays `fails`: the failure
is proven whatever the true value, so it is not vacuous.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np
import pandas as pd

from checks.claims.batch import SCENARIOS, FactIntervals, scenario_values
from checks.claims.operands import Expr, Lit, Missing, Op, Ref, format_expr
from checks.claims.specs import ClaimSpec, unit_of
from checks.claims.verdicts import Verdict
from checks.numbers.formatting import format_interval
from checks.numbers.interval import Bounds, Interval

__all__ = [
    "DIVISORS",
    "NOT_COMPUTABLE",
    "not_computable_reason",
    "not_computable_reasons",
    "vacuous_rows",
]

NOT_COMPUTABLE = Verdict.NOT_COMPUTABLE.value

#: The role each kind divides by (ordering only when it compares a ratio, min_ratio ≠ 1).
DIVISORS: dict[str, str] = {
    "share": "whole",
    "growth": "old",
    "multiple": "b",
    "ordering": "b",
    "cagr": "start",
}

_Evaluator = Callable[[Expr], Interval | None]


def _finite(b: Bounds) -> bool:
    return b.lo <= b.hi and math.isfinite(b.lo) and math.isfinite(b.hi)


def _holds_zero(b: Bounds) -> bool:
    above = b.lo < 0 or (b.lo == 0 and not b.lo_open)
    below = b.hi > 0 or (b.hi == 0 and not b.hi_open)
    return above and below


def _shown(b: Bounds, unit: str) -> str:
    if b.lo > b.hi:
        return "empty"
    return format_interval(b.lo, b.hi, b.lo_open, b.hi_open, unit)


def _bad_division(expr: Expr, value_of: _Evaluator) -> Op | None:
    """Find the innermost division in `expr` whose divisor may be zero or is unbounded."""
    if isinstance(expr, Ref | Lit | Missing):
        return None
    inner = _bad_division(expr.left, value_of) or _bad_division(expr.right, value_of)
    if inner is not None:
        return inner
    if expr.op == "/":
        got = value_of(expr.right)
        if got is not None:
            b = got.item()
            if not _finite(b) or _holds_zero(b):
                return expr
    return None


def not_computable_reason(
    spec: ClaimSpec,
    scenario: str,
    value_of: _Evaluator,
    unit_of_expr: Callable[[Expr], str | None],
    names: dict[str, str],
) -> str:
    """Explain why `spec`'s result is unbounded or empty in `scenario`, naming the operand.

    `value_of` evaluates an expression in the scenario (None when an operand is missing),
    `unit_of_expr` gives its unit, and `names` maps fact ids to how the scenario shows them
    (`x->x_filed` where a filed figure stands in).
    """
    where = f"({scenario})"
    for role, exprs in spec.operands.items():
        for expr in exprs:
            got = value_of(expr)
            if got is None or _finite(got.item()):
                continue
            text = format_expr(expr, names)
            division = _bad_division(expr, value_of)
            if division is not None:
                below = value_of(division.right)
                assert below is not None
                unit = unit_of_expr(division.right) or "count"
                return (
                    f"not computable {where}: operand {role} {text!r} divides by "
                    f"{format_expr(division.right, names)!r} = {_shown(below.item(), unit)}, "
                    "which may be 0, so the result is unbounded"
                )
            return f"not computable {where}: operand {role} {text!r} is {_shown(got.item(), unit_of_expr(expr) or 'count')}, beyond the float range"
    divisor = DIVISORS.get(spec.kind)
    if spec.kind == "ordering" and Decimal(spec.params.get("min_ratio", "1")) == 1:
        divisor = None  # a plain ordering subtracts
    if divisor is not None and divisor in spec.operands:
        expr = spec.operands[divisor][0]
        got = value_of(expr)
        if got is not None and _holds_zero(got.item()):
            unit = unit_of_expr(expr) or "count"
            return (
                f"not computable {where}: {divisor} {format_expr(expr, names)!r} is "
                f"{_shown(got.item(), unit)}, which contains 0; a {spec.kind} claim divides by "
                f"it, so the result is unbounded and would meet any stated figure"
            )
    pair = {"cagr": ("start", "end"), "growth": ("old", "new")}.get(spec.kind)
    if pair is not None:
        start, end = (value_of(spec.operands[r][0]) for r in pair)
        if start is not None and end is not None:
            s, e = start.item(), end.item()
            if (s.hi < 0 < e.lo) or (e.hi < 0 < s.lo):
                rate = "compound rate" if spec.kind == "cagr" else "growth rate"
                return (
                    f"not computable {where}: {pair[0]} and {pair[1]} have opposite signs "
                    f"({_shown(s, unit_of_expr(spec.operands[pair[0]][0]) or 'count')} and "
                    f"{_shown(e, unit_of_expr(spec.operands[pair[1]][0]) or 'count')}, a profit "
                    f"against a loss); no {rate} leads from one to the other"
                )
    return (
        f"not computable {where}: the operands give no finite result (beyond the float range); "
        "check the operands' values and scale"
    )


def vacuous_rows(computed: Interval, operands: list[Interval], holds: np.ndarray) -> np.ndarray:
    """Mark rows whose verdict would say nothing: an empty result, or an unbounded one that holds.

    An unbounded result (a divisor around zero) or an unbounded operand meets any stated
    figure, so its `holds` is vacuous; an empty one (a CAGR across a change of sign) has no
    value at all. A half-line that excludes the stated figure still proves a failure.
    """
    unbounded = np.zeros(np.broadcast_shapes(computed.shape, np.shape(holds)), dtype=bool)
    for iv in (computed, *operands):
        if not (_all_finite(iv.lo) and _all_finite(iv.hi)):  # most are: two reductions tell
            unbounded |= ~(np.isfinite(iv.lo) & np.isfinite(iv.hi))
    unbounded &= holds
    unbounded |= computed.is_empty
    return unbounded


def _all_finite(ends: np.ndarray) -> bool:
    """Tell whether every end is finite (ends are never NaN): the least and the greatest are."""
    return not ends.size or bool(ends.min() > -np.inf and ends.max() < np.inf)


def not_computable_reasons(
    frame: pd.DataFrame, specs: Sequence[ClaimSpec], fx: FactIntervals
) -> list[str]:
    """Return, per row of an evaluation frame, why it is not computable ('' for other rows)."""
    out = [""] * len(frame)
    rows = np.flatnonzero(frame["verdict"].to_numpy() == NOT_COMPUTABLE).tolist()
    if not rows:
        return out
    value, resolve = scenario_values(fx)
    by_id = {s.claim_id: s for s in specs}
    for i in rows:
        spec = by_id[str(frame["claim_id"].iat[i])]
        s = SCENARIOS.index(str(frame["scenario"].iat[i]))
        names = {}
        for fid in spec.fact_ids:
            got = resolve(fid, s)
            if got is not None and got != fid:
                names[fid] = got  # name the figure actually used: the filed one, externally
        out[i] = not_computable_reason(
            spec,
            SCENARIOS[s],
            _in_scenario(value, s),
            lambda e: unit_of(e, fx.records),
            names,
        )
    return out


def _in_scenario(value: Callable[[Expr, int], Interval | None], scenario: int) -> _Evaluator:
    return lambda expr: value(expr, scenario)
