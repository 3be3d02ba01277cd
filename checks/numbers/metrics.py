"""Compute derived metrics of stated figures: pure, vectorized functions over Intervals.

Each function is interval arithmetic (`checks.numbers.interval`), so its result contains the exact
metric of every combination of true values the operands allow: 7.29亿 / 16.253亿 is
[44.82, 44.89]%, which meets the company's 44.8% ([44.75, 44.85)) although the point
quotient 44.85% would round to 44.9%. Where a formula needs a variable twice, it is
rewritten to use it once (growth as new/old − 1, not (new − old)/old), which keeps the
result tight. A divisor that may be zero gives an unbounded result, never a finite lie.

Percent in, percent out: shares, growth rates and CAGRs are percent (44.8 means 44.8%).

Losses. `growth(new, old, basis=...)` must be told what a sign means:

- basis="magnitude": growth of |value|, (|new| − |old|) / |old|. Use it when a loss is
  stored negative (net income −7.7亿) and the text speaks of the loss: "亏损扩大7.81%至7.7亿元"
  is growth(−7.7亿, −7.14亿, basis="magnitude") ≈ +7.81; a narrowing loss comes out negative.
- basis="signed": (new − old) / |old|, the change of the signed figure relative to the
  size of the base; for a positive base this is new/old − 1. Use it for figures that are
  positive (revenue, a loss stored as a positive net_loss figure, where both bases agree)
  and for "净利润下降X%" when net income may cross zero.
- A change of sign (扭亏为盈, 由盈转亏) is not a growth rate: where the level and the base
  surely have opposite signs, `growth` and `cagr` give the unbounded interval, which the
  claims report as "not computable" with `SIGN_CHANGE` as the reason (`crosses_zero` finds
  those rows); state such a sentence as an ordering or a level claim instead.

Declines. A fall is a negative change: "同比下滑21.4%" is growth −21.4, "亏损收窄8.9%" is
magnitude growth −8.9 of a loss, "下降2个百分点" is pp_change −2 and "减少3亿元" is change
−3亿. The inverses take the signed figure, so the base a fall implies is above the level:
implied_base(7.86亿, −21.4) = 10亿 (reading the fall as a rise would give 6.47亿).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from checks.numbers.interval import Interval
from checks.numbers.rounding import add_down, add_up

__all__ = [
    "BASES",
    "SIGN_CHANGE",
    "cagr",
    "cagr_end",
    "change",
    "crosses_zero",
    "elapsed_years",
    "growth",
    "implied_base",
    "implied_change_base",
    "implied_whole",
    "multiple",
    "pp_change",
    "product",
    "relative_change",
    "share",
    "total",
]

BASES = ("magnitude", "signed")
SIGN_CHANGE = (
    "the level and the base have opposite signs (a profit against a loss): "
    "a growth rate across a change of sign is not computable"
)


def crosses_zero(a: Interval, b: Interval) -> np.ndarray:
    """Tell, per row, whether a and b surely lie on opposite sides of zero (−3.08亿 vs 2亿).

    Rows that only may differ in sign (an interval touching or containing 0) are not
    flagged: their rate is already unbounded on the side a zero base opens.
    """
    return np.asarray(((a.lo > 0) & (b.hi < 0)) | ((a.hi < 0) & (b.lo > 0)))


def _unbounded_where(mask: np.ndarray, result: Interval) -> Interval:
    """Replace the masked rows by (−inf, inf): nothing can be said of them."""
    if not np.any(mask):
        return result
    shape = np.shape(mask)
    wide = Interval(np.full(shape, -np.inf), np.full(shape, np.inf))
    return Interval.where(mask, wide, result)


def share(part: Interval, whole: Interval) -> Interval:
    """Return part as a percent of whole: share(7.29亿, 16.253亿) ∋ 44.8."""
    return part / whole * 100.0


def implied_whole(part: Interval, share_pct: Interval) -> Interval:
    """Return the whole that part would be share_pct percent of (the inverse of `share`)."""
    return part / share_pct * 100.0


def growth(new: Interval, old: Interval, *, basis: str) -> Interval:
    """Return the percent growth from old to new; basis is "magnitude" or "signed".

    See the module docstring for which basis a claim should use. With old possibly zero
    the growth is unbounded (a rate from nothing says nothing), and so it is where new and
    old surely have opposite signs (`crosses_zero`: a rate across a change of sign).
    """
    if basis == "magnitude":
        return _unbounded_where(crosses_zero(new, old), (abs(new) / abs(old) - 1.0) * 100.0)
    if basis != "signed":
        raise ValueError(f"growth: basis={basis!r} is not valid; use one of {', '.join(BASES)}")
    ratio = new / old
    # (new − old) / |old| is ratio − 1 for old ≥ 0 and 1 − ratio for old ≤ 0 (a zero base
    # has no rate: division makes it unbounded): old is used once, so the result is tight.
    above, below = old.lo >= 0, old.hi <= 0
    flip = crosses_zero(new, old)
    if above.all():
        return _unbounded_where(flip, (ratio - 1.0) * 100.0)
    if below.all():
        return _unbounded_where(flip, (1.0 - ratio) * 100.0)
    around = (new - old) / abs(old) * 100.0
    return _unbounded_where(
        flip,
        Interval.where(
            above, (ratio - 1.0) * 100.0, Interval.where(below, (1.0 - ratio) * 100.0, around)
        ),
    )


def implied_base(level: Interval, growth_pct: Interval) -> Interval:
    """Return the base that growth_pct percent growth would have turned into level.

    Inverse of `growth` for a positive base (basis "signed"), or for a base of the same
    sign as level (basis "magnitude": a loss that widened stays a loss): level / (1 + g/100).
    A fall is a negative rate, so its base lies above the level: 7.86亿 after "下滑21.4%"
    implies a base of 10亿.
    """
    return level / (1.0 + growth_pct / 100.0)


def change(new: Interval, old: Interval) -> Interval:
    """Return the change of a level in its own unit: "减少3亿元" is change −3亿 (new − old)."""
    return new - old


def implied_change_base(level: Interval, change_amount: Interval) -> Interval:
    """Return the base a signed change led from: level − change (the inverse of `change`)."""
    return level - change_amount


def pp_change(new_pct: Interval, old_pct: Interval) -> Interval:
    """Return the change in percentage points: pp_change(71.6%, 68.7%) ∋ 2.9; a fall is negative."""
    return new_pct - old_pct


def relative_change(new_pct: Interval, old_pct: Interval) -> Interval:
    """Return the relative change of a percentage, in percent (71.6% vs 68.7% → +4.2%)."""
    return growth(new_pct, old_pct, basis="signed")


def multiple(a: Interval, b: Interval) -> Interval:
    """Return the ratio a / b ("a is X times b"): multiple(155%, 24%) ∋ 6.46."""
    return a / b


def cagr(start: Interval, end: Interval, years: int | ArrayLike) -> Interval:
    """Return the compound annual growth rate in percent over an integer number of years.

    ((end / start) ** (1 / years) − 1) · 100, with a provably sound root. Defined for a
    start and end of the same sign; where they surely differ (a profit against a loss) the
    row is unbounded, reported as "not computable" (`SIGN_CHANGE`) rather than "fails".
    """
    _check_years(years)
    return _unbounded_where(crosses_zero(end, start), ((end / start).root(years) - 1.0) * 100.0)


def cagr_end(start: Interval, rate_pct: Interval, years: int | ArrayLike) -> Interval:
    """Return the value reached from start after `years` years of rate_pct percent growth."""
    _check_years(years)
    return start * (1.0 + rate_pct / 100.0).pow_int(years)


def total(*intervals: Interval) -> Interval:
    """Return the sum of the intervals ("2021年至2024年累计亏损约84亿元")."""
    if not intervals:
        raise ValueError("total: give at least one interval")
    result = intervals[0]
    for item in intervals[1:]:
        result = result + item
    return result


def product(a: Interval, b: Interval) -> Interval:
    """Return a × b (price × quantity: 5.83港元 × 6937.5万股 ∋ 4.04亿港元)."""
    return a * b


def elapsed_years(start_year: Interval, end_year: Interval) -> Interval:
    """Return the time in years from some moment of start_year to some moment of end_year.

    Pass calendar years as exact points (Interval.point(2012)): a year is a label, not a
    rounded measurement. It names a whole year, though, so the time between a moment of one
    and a moment of the other lies strictly between (end − start − 1) and (end − start + 1):
    "自2012年成立至今十三年" observed in 2025 is (12, 14), which 十三年 ([12.5, 13.5)) meets and
    十五年 does not. An unknown year ((−inf, inf)) gives (−inf, inf).
    """
    span = end_year - start_year
    empty = span.is_empty
    lo = np.where(empty, 0.0, add_down(span.lo, np.full(span.shape, -1.0)))
    hi = np.where(empty, 0.0, add_up(span.hi, np.full(span.shape, 1.0)))
    return Interval.where(empty, span, Interval(lo, hi, True, True))


def _check_years(years: int | ArrayLike) -> None:
    arr = np.asarray(years)
    if arr.dtype.kind not in "iu" or (arr < 1).any():
        raise ValueError(f"years={years!r} is not valid; use an integer ≥ 1 (or an array of them)")
