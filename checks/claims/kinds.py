"""Declare the claim kinds: their operand roles, what they state, and their parameters.

This module is declaration only (what a claim of each kind must name); `checks.claims.evaluate`
holds the arithmetic. Adding a kind means a row here and a formula there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DIRECTIONAL_KINDS", "KINDS", "Kind", "Param"]


@dataclass(frozen=True)
class Param:
    """A claim parameter: its allowed values (a tuple of words) or a number type."""

    name: str
    choices: tuple[str, ...] = ()
    number: bool = False
    integer: bool = False  # a whole number (compounding years)
    minimum: str | None = None  # the smallest value allowed, inclusive
    default: str | None = None
    help: str = ""


@dataclass(frozen=True)
class Kind:
    """One kind of stated relationship."""

    name: str
    summary: str
    roles: tuple[str, ...]
    list_roles: tuple[str, ...] = ()
    stated: str = "required"  # required, optional or none
    stated_units: tuple[str, ...] = ()  # allowed units of the stated fact; () = same as operands
    params: tuple[Param, ...] = field(default_factory=tuple)
    directional: bool = False  # a failure reverses a direction, order or limit

    @property
    def all_roles(self) -> tuple[str, ...]:
        return self.roles + self.list_roles


_BASIS = Param(
    "basis",
    choices=("magnitude", "signed"),
    default="magnitude",
    help="magnitude: growth of |value| (a loss that widens grows); signed: plain (new-old)/|old|",
)
_DIRECTION = Param("direction", choices=("up", "down"), help="the stated direction of the change")

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "share", "part is the stated percent of whole", ("part", "whole"), stated_units=("pct",)
        ),
        Kind(
            "growth",
            "new grew by the stated percent over old (a 倍 figure X means X*100 %)",
            ("new", "old"),
            stated_units=("pct", "ratio"),
            params=(_BASIS,),
        ),
        Kind(
            "pp_change",
            "a percentage moved from old to new in the stated direction (by at least min_pp)",
            ("new", "old"),
            stated="optional",
            stated_units=("pp",),
            params=(
                _DIRECTION,
                Param(
                    "min_pp",
                    number=True,
                    default="0",
                    help="'markedly': the smallest move that counts",
                ),
            ),
            directional=True,
        ),
        Kind("multiple", "a is the stated multiple of b", ("a", "b"), stated_units=("ratio",)),
        Kind(
            "ordering",
            "a is above (or below) b, by at least min_ratio times when stated 'far above'",
            ("a", "b"),
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
            stated="none",
            params=(Param("mode", choices=("at_most", "in_range"), default="at_most"),),
            directional=True,
        ),
        Kind("total", "the items sum to the stated total", (), list_roles=("items",)),
        Kind(
            "trend",
            "the items, in period order, keep rising (or falling)",
            (),
            list_roles=("items",),
            stated="none",
            params=(Param("direction", choices=("increasing", "decreasing")),),
            directional=True,
        ),
        Kind(
            "cagr",
            "start grows to end at the stated compound annual rate over `years`",
            ("start", "end"),
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
        Kind("product", "a times b is the stated figure (price x quantity)", ("a", "b")),
        Kind(
            "elapsed_years",
            "the stated number of years passed from the start year to the case's as_of year",
            ("start",),
            stated_units=("years",),
        ),
        Kind(
            "agrees",
            "the stated article figure agrees with the reference (filed) figure",
            ("reference",),
        ),
    )
}

DIRECTIONAL_KINDS = frozenset(k.name for k in KINDS.values() if k.directional)
