"""Hypothesis strategies shared by the interval, hedge and metric tests.

Truths are exact (Fraction) and biased toward interval ENDS: a missing outward rounding
only shows when the true value sits exactly on an end, so about two draws in three put it
there. `rounded_figures` works like the writer did: draw a true value, round it with the
rule (an independent Fraction implementation), and build the interval from the figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.numbers.hedge import DEFAULT_POLICY, DoubledReading, HedgePolicy, RoundingRule
from checks.numbers.interval import Interval
from checks.numbers.quantity import Quantity, Unit

__all__ = [
    "Boxed",
    "Figure",
    "boxed",
    "boxed_rows",
    "exact",
    "floats",
    "inside",
    "policies",
    "round_figure",
    "rounded_figures",
    "rows_interval",
]


def exact(x: float | Decimal | int) -> Fraction:
    """Return the exact rational value of a finite float, Decimal or int."""
    return Fraction(x)


def inside(iv: Interval, i: int | tuple[int, ...], x: Fraction) -> bool:
    """Tell exactly whether the rational x lies in row i of iv, open ends respected."""
    lo, hi = float(iv.lo[i]), float(iv.hi[i])
    lo_open, hi_open = bool(iv.lo_open[i]), bool(iv.hi_open[i])
    above = lo == -math.inf or exact(lo) < x or (exact(lo) == x and not lo_open)
    below = hi == math.inf or x < exact(hi) or (x == exact(hi) and not hi_open)
    return lo <= hi and above and below


def floats(
    *, min_value: float | None = None, max_value: float | None = None
) -> st.SearchStrategy[float]:
    """Draw finite floats from a mix of scales: integers, decimals, any double, specials."""
    lo = -1e300 if min_value is None else min_value
    hi = 1e300 if max_value is None else max_value
    return st.one_of(
        st.integers(-1000, 1000).map(float),
        st.floats(-1e6, 1e6),
        st.decimals(-1000, 1000, places=3, allow_nan=False, allow_infinity=False).map(float),
        st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True),
        st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 0.1, 1.0, -1.0, 1e300, -1e300, 1e-300]),
    ).filter(lambda x: lo <= x <= hi)


_FLOATS = floats()


@dataclass(frozen=True)
class Boxed:
    """Float interval ends and one exact true value between them."""

    lo: float
    hi: float
    true: Fraction


@st.composite
def boxed(draw: st.DrawFn, elements: st.SearchStrategy[float] | None = None) -> Boxed:
    """Draw [lo, hi] and a true value: at lo or hi two times in three, else inside."""
    source = elements if elements is not None else _FLOATS
    a, b = draw(source), draw(source)
    lo, hi = min(a, b), max(a, b)
    where = draw(st.sampled_from(["lo", "hi", "lo", "hi", "between", "float"]))
    if where == "lo":
        true = exact(lo)
    elif where == "hi":
        true = exact(hi)
    elif where == "between":
        true = exact(lo) + (exact(hi) - exact(lo)) * Fraction(draw(st.integers(0, 2**30)), 2**30)
    else:  # a float strictly between, when there is one
        true = exact(min(max(0.5 * lo + 0.5 * hi, lo), hi))
    return Boxed(lo, hi, true)


def boxed_rows(elements: st.SearchStrategy[float] | None = None) -> st.SearchStrategy[list[Boxed]]:
    """Draw 1-6 rows, to be evaluated as one vectorized call."""
    return st.lists(boxed(elements), min_size=1, max_size=6)


def rows_interval(rows: list[Boxed]) -> Interval:
    """Build the closed float intervals of the rows, as one array."""
    return Interval(np.array([r.lo for r in rows]), np.array([r.hi for r in rows]))


def round_figure(t: Fraction, decimals: int, rule: str = "half_up") -> Decimal:
    """Round t to `decimals` places like a writer (independent of checks.numbers.hedge)."""
    n = t * Fraction(10) ** decimals
    sign, m = (1 if n >= 0 else -1), abs(n)
    floor = math.floor(m)
    rest = m - floor
    if rule == "truncate":
        q = floor
    elif rule == "half_up":
        q = floor + (1 if rest >= Fraction(1, 2) else 0)
    else:  # half_even
        q = floor + (1 if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2) else 0)
    return Decimal(sign * q).scaleb(-decimals)


@dataclass(frozen=True)
class Figure:
    """A true value, the figure a writer stated for it, and that figure's interval."""

    true: Fraction
    value: Decimal
    decimals: int
    interval: Interval

    def scaled(self, power: int) -> Figure:
        """Return the same figure in a unit 10**power times smaller (亿元 → 元: power 8)."""
        value = self.value.scaleb(power)
        q = Quantity(str(value), value, Unit.CNY, self.decimals - power)
        return Figure(
            self.true * Fraction(10) ** power, value, q.decimals, DEFAULT_POLICY.interval(q)
        )


@st.composite
def rounded_figures(
    draw: st.DrawFn,
    decimals: st.SearchStrategy[int] | None = None,
    digits: st.SearchStrategy[int] | None = None,
    sign: int = 1,
    policy: HedgePolicy = DEFAULT_POLICY,
) -> Figure:
    """Draw a true value with 1..digits significant figures' worth of k, round it, build its interval.

    Truths fall on the writer's rounding boundaries ((k ± 1/2)·10**-d, or just inside the
    open end) two times in three; sign is +1, -1, or 0 for either.
    """
    d = draw(decimals if decimals is not None else st.integers(-8, 3))
    k = draw(digits if digits is not None else st.integers(1, 10**6))
    if sign == 0:
        k *= draw(st.sampled_from([1, -1]))
    else:
        k *= sign
    where = draw(st.sampled_from(["half", "-half", "below_half", "any", "half", "-half"]))
    tiny = Fraction(1, 2**40)
    offset = {
        "half": Fraction(1, 2),
        "-half": Fraction(-1, 2),
        "below_half": Fraction(1, 2) - tiny,
    }.get(where) or Fraction(draw(st.integers(-(2**30), 2**30)), 2**31)
    true = (k + offset) * Fraction(10) ** -d
    value = round_figure(true, d, policy.rounding.value)
    q = Quantity(str(value), value, Unit.CNY, d)
    return Figure(true, value, d, policy.interval(q))


_RELS = st.integers(0, 300).map(lambda n: Decimal(n).scaleb(-3))


@st.composite
def policies(draw: st.DrawFn) -> HedgePolicy:
    """Draw any valid policy: each rule, margins in [0, 0.3] with 3 places, both doubled readings."""
    return HedgePolicy(
        name="drawn",
        rounding=draw(st.sampled_from(list(RoundingRule))),
        about_rel=draw(_RELS),
        more_than_rel=draw(_RELS),
        nearly_rel=draw(_RELS),
        under_rel=draw(_RELS),
        doubled=draw(st.sampled_from(list(DoubledReading))),
    )
