"""Define what a claim kind is: its declaration and its rules, bundled in one registration.

A `Kind` holds everything the harness knows about one kind of stated relationship: the
operand roles and parameters claims.csv must give (read by `checks.claims.specs`), the
formula that computes what the operands give (`computed`), the region the claim says that
value lies in (`region`, by default the stated figure's interval), the value a single
missing operand would need (`implied`), and the unit results are written in (`unit`).
`checks.claims.evaluate` calls these rules over whole arrays of claims; it holds no
kind-specific arithmetic of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from checks.numbers.interval import Interval

__all__ = [
    "RULES",
    "Computed",
    "Implied",
    "Kind",
    "Operands",
    "Param",
    "Region",
    "Unit",
    "const",
    "no_implied",
    "same_unit",
    "stated_region",
]

_INF = np.inf


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
class Operands:
    """The operands of a group of n claims sharing one kind and one set of parameters.

    `ops` maps each single role to one interval per claim, `items` holds a list role's items
    in order, `as_of` is each claim's case year (0 where the case gives none).
    """

    ops: Mapping[str, Interval]
    items: list[Interval]
    params: Mapping[str, str]
    as_of: np.ndarray
    n: int
    stated_unit: np.ndarray  # the stated fact's unit per claim ("" where none is stated)

    def number(self, name: str) -> Decimal:
        """Return a numeric parameter exactly."""
        return Decimal(self.params[name])


def const(n: int, lo: float, hi: float, lo_open: bool = False, hi_open: bool = False) -> Interval:
    """Return n copies of one interval (a region fixed by the claim's words)."""
    return Interval(np.full(n, lo), np.full(n, hi), np.full(n, lo_open), np.full(n, hi_open))


def stated_region(stated: Interval | None, o: Operands) -> Interval:
    """Return the stated figure's interval: the region of every kind that states a figure."""
    assert stated is not None, "a kind that states no figure must declare its own region"
    return stated


Computed = Callable[[Operands], Interval]
Region = Callable[[Interval | None, Operands], Interval]
Implied = Callable[[str, Interval, Operands], Interval | None]
Unit = Callable[[str | None, str | None, Mapping[str, str]], str]


def same_unit(stated: str | None, operand: str | None, params: Mapping[str, str]) -> str:
    """Write results in the stated figure's unit, else the first operand's (a plain count)."""
    return stated or operand or "count"


def no_implied(role: str, stated: Interval, o: Operands) -> Interval | None:
    """Report no implied value: the kind states no figure that an operand could be solved for."""
    return None


RULES = ("computed", "region", "implied", "unit")
"""The rules every kind registers next to its declaration."""


@dataclass(frozen=True)
class Kind:
    """One kind of stated relationship: what a claim names, and how it is evaluated.

    `unit(stated_unit, first_operand_unit, params)` names the unit the stated and computed
    intervals are written in; `implied(role, stated, operands)` returns what the one missing
    operand `role` would have to be for the stated figure to hold (None: not defined).
    """

    name: str
    summary: str
    roles: tuple[str, ...]
    computed: Computed
    region: Region
    implied: Implied
    unit: Unit
    list_roles: tuple[str, ...] = ()
    stated: str = "required"  # required, optional or none
    stated_units: tuple[str, ...] = ()  # allowed units of the stated fact; () = same as operands
    params: tuple[Param, ...] = field(default_factory=tuple)
    directional: bool = False  # a failure reverses a direction, order or limit

    @property
    def all_roles(self) -> tuple[str, ...]:
        return self.roles + self.list_roles

    def missing_rules(self) -> list[str]:
        """Name the rules this kind lacks; a kind stating no figure needs its own region."""
        lacking = [rule for rule in RULES if not callable(getattr(self, rule, None))]
        if self.stated != "required" and self.region is stated_region:
            lacking.append("region (the kind may state no figure)")
        return lacking
