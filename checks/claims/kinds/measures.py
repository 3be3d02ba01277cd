"""Register the kinds that state a figure computed from the operands.

share, growth, change, multiple, total, cagr, product, elapsed_years and agrees: each
computes one interval from its operands and holds when it overlaps the stated figure's
interval. growth and change read a figure stated with a fall word (下滑21.4%, 收窄8.9%,
减少3亿元: `direction=down`) as negative, so the base a fall implies lies above the level.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from checks.claims.kinds.base import (
    Kind,
    Operands,
    Param,
    Unit,
    no_implied,
    same_unit,
    stated_region,
)
from checks.numbers import metrics as M
from checks.numbers.interval import Interval

__all__ = ["MEASURE_KINDS"]


def _unit(name: str) -> Unit:
    def unit(stated: str | None, operand: str | None, params: Mapping[str, str]) -> str:
        return name

    unit.__doc__ = f"Write results in {name}."
    return unit


def _share_implied(role: str, stated: Interval, o: Operands) -> Interval | None:
    if role == "whole":
        return M.implied_whole(o.ops["part"], stated)
    return o.ops["whole"] * stated / 100


def _signed(stated: Interval, o: Operands) -> Interval:
    """Read the stated magnitude with the claim's direction: 下滑21.4% is −21.4."""
    return -stated if o.params.get("direction", "up") == "down" else stated


def _growth_region(stated: Interval | None, o: Operands) -> Interval:
    """Read a 倍 figure X under a growth concept as growth of X × 100 % ("增长1.2倍"), signed."""
    assert stated is not None
    ratio = o.stated_unit == "ratio"
    if ratio.any():  # most growth figures are percents: no product to compute for them
        stated = Interval.where(ratio, stated * 100, stated)
    return _signed(stated, o)


def _change_region(stated: Interval | None, o: Operands) -> Interval:
    """Read "减少3亿元" as a change of −3亿 (direction down), "增加3亿元" as +3亿."""
    assert stated is not None
    return _signed(stated, o)


def _change_implied(role: str, stated: Interval, o: Operands) -> Interval | None:
    if role == "old":
        return M.implied_change_base(o.ops["new"], stated)
    return o.ops["old"] + stated


def _growth_implied(role: str, stated: Interval, o: Operands) -> Interval | None:
    if role == "old":
        return M.implied_base(o.ops["new"], stated)
    return o.ops["old"] * (1 + stated / 100)


def _multiple_implied(role: str, stated: Interval, o: Operands) -> Interval | None:
    return o.ops["a"] / stated if role == "b" else o.ops["b"] * stated


def _cagr(o: Operands) -> Interval:
    return M.cagr(o.ops["start"], o.ops["end"], int(o.number("years")))


def _cagr_implied(role: str, stated: Interval, o: Operands) -> Interval | None:
    years = int(o.number("years"))
    if role == "end":
        return M.cagr_end(o.ops["start"], stated, years)
    return o.ops["end"] / (1 + stated / 100).pow_int(years)


def _product_implied(role: str, stated: Interval, o: Operands) -> Interval | None:
    return stated / o.ops["b"] if role == "a" else stated / o.ops["a"]


def _elapsed(o: Operands) -> Interval:
    """Bound the years from a start year to the case's as_of year, both known to the year.

    Founded some time in the start year, observed some time in the as_of year: the elapsed
    time lies strictly between (as_of - start - 1) and (as_of - start + 1).
    """
    return M.elapsed_years(o.ops["start"], Interval.point(o.as_of.astype(np.float64)))


_DIRECTION = Param(
    "direction",
    choices=("up", "down"),
    default="up",
    help="the direction word stated with the figure: down for 下滑, 下降, 减少, 收窄 (the figure is its magnitude)",
)

MEASURE_KINDS: tuple[Kind, ...] = (
    Kind(
        "share",
        "part is the stated percent of whole",
        ("part", "whole"),
        computed=lambda o: M.share(o.ops["part"], o.ops["whole"]),
        region=stated_region,
        implied=_share_implied,
        unit=_unit("pct"),
        stated_units=("pct",),
    ),
    Kind(
        "growth",
        "new grew by the stated percent over old (a 倍 figure X means X*100 %)",
        ("new", "old"),
        computed=lambda o: M.growth(o.ops["new"], o.ops["old"], basis=o.params["basis"]),
        region=_growth_region,
        implied=_growth_implied,
        unit=_unit("pct"),
        stated_units=("pct", "ratio"),
        params=(
            Param(
                "basis",
                choices=("magnitude", "signed"),
                default="magnitude",
                help="magnitude: growth of |value| (a loss that widens grows); signed: plain (new-old)/|old|",
            ),
            _DIRECTION,
        ),
    ),
    Kind(
        "change",
        "new differs from old by the stated amount, in their unit (减少3亿元: direction=down)",
        ("new", "old"),
        computed=lambda o: M.change(o.ops["new"], o.ops["old"]),
        region=_change_region,
        implied=_change_implied,
        unit=same_unit,
        params=(_DIRECTION,),
    ),
    Kind(
        "multiple",
        "a is the stated multiple of b",
        ("a", "b"),
        computed=lambda o: M.multiple(o.ops["a"], o.ops["b"]),
        region=stated_region,
        implied=_multiple_implied,
        unit=_unit("ratio"),
        stated_units=("ratio",),
    ),
    Kind(
        "total",
        "the items sum to the stated total",
        (),
        computed=lambda o: M.total(*o.items),
        region=stated_region,
        implied=no_implied,
        unit=same_unit,
        list_roles=("items",),
    ),
    Kind(
        "cagr",
        "start grows to end at the stated compound annual rate over `years`",
        ("start", "end"),
        computed=_cagr,
        region=stated_region,
        implied=_cagr_implied,
        unit=_unit("pct"),
        stated_units=("pct",),
        params=(
            Param(
                "years",
                number=True,
                integer=True,
                minimum="1",
                help="number of compounding years, e.g. 5 for 2025-2030",
            ),
        ),
    ),
    Kind(
        "product",
        "a times b is the stated figure (price x quantity)",
        ("a", "b"),
        computed=lambda o: M.product(o.ops["a"], o.ops["b"]),
        region=stated_region,
        implied=_product_implied,
        unit=same_unit,
    ),
    Kind(
        "elapsed_years",
        "the stated number of years passed from the start year to the case's as_of year",
        ("start",),
        computed=_elapsed,
        region=stated_region,
        implied=no_implied,
        unit=_unit("years"),
        stated_units=("years",),
    ),
    Kind(
        "agrees",
        "the stated article figure agrees with the reference (filed) figure",
        ("reference",),
        computed=lambda o: o.ops["reference"],
        region=stated_region,
        implied=no_implied,
        unit=same_unit,
    ),
)
