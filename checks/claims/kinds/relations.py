"""Register the directional kinds: a direction, order or limit, with an optional figure.

pp_change, ordering, within and trend: the region comes from the claim's words (up,
above, at most, increasing), so a failure reverses a decision and is graded `decision`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise

import numpy as np

from checks.claims.kinds.base import Kind, Operands, Param, const, no_implied, same_unit
from checks.numbers import metrics as M
from checks.numbers.interval import Interval

__all__ = ["RELATION_KINDS"]

_INF = np.inf


def _pp_region(stated: Interval | None, o: Operands) -> Interval:
    """Moved in the stated direction by at least min_pp, and by the stated points if given."""
    floor = float(o.params["min_pp"])
    up = o.params["direction"] == "up"
    region = (
        const(o.n, floor, _INF, floor == 0, False)
        if up
        else const(o.n, -_INF, -floor, False, floor == 0)
    )
    if stated is not None:
        region = region.intersection(stated if up else -stated)
    return region


def _far(params: Mapping[str, str]) -> bool:
    return Decimal(params["min_ratio"]) != 1


def _ordering(o: Operands) -> Interval:
    """Compare by ratio when 'far above' sets min_ratio, else by difference."""
    if _far(o.params):
        return M.multiple(o.ops["a"], o.ops["b"])
    return o.ops["a"] - o.ops["b"]


def _ordering_region(stated: Interval | None, o: Operands) -> Interval:
    gt = o.params["relation"] == "gt"
    if _far(o.params):
        ratio = float(o.params["min_ratio"])
        return const(o.n, ratio, _INF) if gt else const(o.n, -_INF, 1 / ratio)
    return const(o.n, 0.0, _INF, True) if gt else const(o.n, -_INF, 0.0, False, True)


def _ordering_unit(stated: str | None, operand: str | None, params: Mapping[str, str]) -> str:
    """Write a 'far above' ratio as a ratio, a plain ordering in the operands' unit."""
    return "ratio" if _far(params) else same_unit(stated, operand, params)


def _within_region(stated: Interval | None, o: Operands) -> Interval:
    cap = o.ops["cap"]
    if o.params["mode"] == "in_range":
        return cap
    return Interval(np.full(o.n, -_INF), cap.hi, np.zeros(o.n, dtype=bool), cap.hi_open)


def _trend(o: Operands) -> Interval:
    """Bound the smallest rise (or, decreasing, the largest change) between consecutive items."""
    steps = [b - a for a, b in pairwise(o.items)]
    pick = np.max if o.params["direction"] == "decreasing" else np.min
    return Interval(pick([s.lo for s in steps], axis=0), pick([s.hi for s in steps], axis=0))


def _trend_region(stated: Interval | None, o: Operands) -> Interval:
    if o.params["direction"] == "increasing":
        return const(o.n, 0.0, _INF, True)
    return const(o.n, -_INF, 0.0, False, True)


def _pp_unit(stated: str | None, operand: str | None, params: Mapping[str, str]) -> str:
    """Write percentage-point changes in pp."""
    return "pp"


RELATION_KINDS: tuple[Kind, ...] = (
    Kind(
        "pp_change",
        "a percentage moved from old to new in the stated direction (by at least min_pp)",
        ("new", "old"),
        computed=lambda o: M.pp_change(o.ops["new"], o.ops["old"]),
        region=_pp_region,
        implied=no_implied,
        unit=_pp_unit,
        stated="optional",
        stated_units=("pp",),
        params=(
            Param("direction", choices=("up", "down"), help="the stated direction of the change"),
            Param(
                "min_pp", number=True, default="0", help="'markedly': the smallest move that counts"
            ),
        ),
        directional=True,
    ),
    Kind(
        "ordering",
        "a is above (or below) b, by at least min_ratio times when stated 'far above'",
        ("a", "b"),
        computed=_ordering,
        region=_ordering_region,
        implied=no_implied,
        unit=_ordering_unit,
        stated="none",
        params=(
            Param("relation", choices=("gt", "lt")),
            Param(
                "min_ratio",
                number=True,
                minimum="1",
                default="1",
                help="a/b must reach this for 'far above'",
            ),
        ),
        directional=True,
    ),
    Kind(
        "within",
        "value lies at or under cap (mode at_most) or inside the range cap (mode in_range)",
        ("value", "cap"),
        computed=lambda o: o.ops["value"],
        region=_within_region,
        implied=no_implied,
        unit=same_unit,
        stated="none",
        params=(Param("mode", choices=("at_most", "in_range"), default="at_most"),),
        directional=True,
    ),
    Kind(
        "trend",
        "the items, in period order, keep rising (or falling)",
        (),
        computed=_trend,
        region=_trend_region,
        implied=no_implied,
        unit=same_unit,
        list_roles=("items",),
        stated="none",
        params=(Param("direction", choices=("increasing", "decreasing")),),
        directional=True,
    ),
)
