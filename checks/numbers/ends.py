"""Compute the ends of interval products, quotients, powers, roots, meets and gaps over float64 arrays.

These are the formulas behind `checks.numbers.interval.Interval`, on plain arrays of ends so they
read like the textbook case analysis. `mul_ends` and `div_ends` return ends rounded to
nearest (the caller steps them outward); `pow_ends` and `root_ends` return ends already
rounded outward, because their soundness needs rounding at every intermediate step.
Empty rows (lo > hi) give meaningless ends here; the caller masks them.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from checks.numbers.rounding import (
    BoolArray,
    FloatArray,
    IntArray,
    Quad,
    add_down,
    down,
    pow_down,
    pow_up,
    up,
)

__all__ = [
    "HasEnds",
    "abs_ends",
    "closed_ends",
    "div_ends",
    "gap_between",
    "hull_ends",
    "intersecting",
    "meet_ends",
    "meets",
    "mul_ends",
    "pow_ends",
    "root_ends",
]

_INF = np.inf
_ROOT_STEPS = 16  # outward steps tried when a root candidate fails its exact check
_EPS = 2.0**-52  # step k moves a candidate by about 2**k ulps, so 16 steps span 65536 ulps

_Ends = tuple[FloatArray, FloatArray]


class HasEnds(Protocol):
    """Describe anything with interval ends and open flags, like `checks.numbers.interval.Interval`."""

    lo: FloatArray
    hi: FloatArray
    lo_open: BoolArray
    hi_open: BoolArray


def meet_ends(a: HasEnds, b: HasEnds) -> Quad:
    """Return the ends of a ∩ b (lo > hi when they miss) with exact open flags.

    The larger lower end is open if the interval it comes from is open there (either one,
    on a tie); likewise the smaller upper end.
    """
    lo, hi = np.maximum(a.lo, b.lo), np.minimum(a.hi, b.hi)
    lo_open = np.where(
        a.lo > b.lo, a.lo_open, np.where(b.lo > a.lo, b.lo_open, a.lo_open | b.lo_open)
    )
    hi_open = np.where(
        a.hi < b.hi, a.hi_open, np.where(b.hi < a.hi, b.hi_open, a.hi_open | b.hi_open)
    )
    return lo, hi, lo_open, hi_open


def intersecting(a: HasEnds, b: HasEnds) -> BoolArray:
    """Tell, per row, whether some number lies in both a and b (open ends respected).

    Open flags only matter where the common part would be a single point (lo == hi); when
    no row is, the ends decide alone and the flags are not looked at.
    """
    lo, hi = np.maximum(a.lo, b.lo), np.minimum(a.hi, b.hi)
    if not (lo == hi).any():
        return np.asarray(lo < hi)
    return meets(*meet_ends(a, b))


def meets(lo: FloatArray, hi: FloatArray, lo_open: BoolArray, hi_open: BoolArray) -> BoolArray:
    """Tell, per row, whether the ends of a `meet_ends` result hold a number ([1, 2) ∩ [2, 3] do not)."""
    return np.asarray((lo < hi) | ((lo == hi) & ~lo_open & ~hi_open))


def closed_ends(lo: FloatArray, hi: FloatArray, empty: BoolArray) -> Quad:
    """Return closed ends, with the `empty` rows (broadcast to the ends' shape) made empty."""
    empty = np.broadcast_to(empty, lo.shape)
    if empty.any():
        lo, hi = np.where(empty, _INF, lo), np.where(empty, -_INF, hi)
    closed = np.zeros(lo.shape, dtype=bool)
    return np.asarray(lo), np.asarray(hi), closed, closed


def gap_between(a: HasEnds, b: HasEnds, meet: BoolArray) -> FloatArray:
    """Return the gap between rows, rounded down: 0 where they `meet`, +inf if one is empty."""
    with np.errstate(invalid="ignore"):
        gap = np.maximum(add_down(b.lo, -a.hi), add_down(a.lo, -b.hi))
    gap = np.where(meet, 0.0, np.maximum(gap, 0.0))
    return np.asarray(np.where((a.lo > a.hi) | (b.lo > b.hi), _INF, gap))


def hull_ends(a: HasEnds, b: HasEnds) -> Quad:
    """Return the ends of the smallest interval holding a and b (on a tie, open if both are).

    An empty row (+inf, −inf) loses every comparison, so the other row comes out unchanged.
    """
    lo_open = np.where(
        a.lo < b.lo, a.lo_open, np.where(b.lo < a.lo, b.lo_open, a.lo_open & b.lo_open)
    )
    hi_open = np.where(
        a.hi > b.hi, a.hi_open, np.where(b.hi > a.hi, b.hi_open, a.hi_open & b.hi_open)
    )
    return np.minimum(a.lo, b.lo), np.maximum(a.hi, b.hi), lo_open, hi_open


def abs_ends(a: HasEnds) -> Quad:
    """Return the ends of |a|: exact, open flags kept; an interval around 0 starts at 0.

    |(−3, 2]| = [0, 3); |[−2, 2)| = [0, 2] (2 is reached from −2).
    """
    lo, hi = a.lo, a.hi
    pos, neg = lo >= 0, hi <= 0
    if pos.all():  # nothing below 0 (the common case: amounts): |a| is a
        return lo, hi, a.lo_open, a.hi_open
    span_open = np.where(-lo > hi, a.lo_open, np.where(hi > -lo, a.hi_open, a.lo_open & a.hi_open))
    return (
        np.where(pos, lo, np.where(neg, -hi, 0.0)),
        np.where(pos, hi, np.where(neg, -lo, np.maximum(-lo, hi))),
        np.where(pos, a.lo_open, np.where(neg, a.hi_open, False)),
        np.where(pos, a.hi_open, np.where(neg, a.lo_open, span_open)),
    )


def _ends_of(products: FloatArray) -> _Ends:
    return np.asarray(products.min(axis=0)), np.asarray(products.max(axis=0))


def _point(blo: FloatArray, bhi: FloatArray) -> float | None:
    """Return the number of a one-number operand (x * 100, x / 100) if finite and not 0."""
    if np.ndim(blo) or np.ndim(bhi) or blo != bhi or blo == 0 or not np.isfinite(blo):
        return None
    return float(blo)


def _four(p1: FloatArray, p2: FloatArray, p3: FloatArray, p4: FloatArray) -> _Ends | None:
    """Return the least and greatest of four arrays, elementwise; None if any holds a NaN.

    The ends are rounded outward afterwards, which also makes −0 and +0 alike.
    """
    lo = np.minimum(np.minimum(p1, p2), np.minimum(p3, p4))  # a NaN anywhere comes out NaN
    if np.isnan(lo).any():
        return None
    return lo, np.maximum(np.maximum(p1, p2), np.maximum(p3, p4))


def _by_point(lo: FloatArray, hi: FloatArray, c: float) -> _Ends:
    """Order the ends of a monotone map by one number c: increasing if c > 0."""
    return (np.asarray(lo), np.asarray(hi)) if c > 0 else (np.asarray(hi), np.asarray(lo))


def mul_ends(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> _Ends:
    """Return min and max of the four products of ends (0 × ±inf counts as 0).

    An inf end means "unbounded", not a number, and 0 times any real is 0, so the NaN that
    IEEE gives for 0 × inf is the product 0: [0, 1] × [1, inf] = [0, inf]. Times one
    finite non-zero number c the map is monotone (rounding keeps order): two products.
    """
    c = _point(blo, bhi)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        if c is not None:
            return _by_point(alo * c, ahi * c, c)
        got = _four(alo * blo, alo * bhi, ahi * blo, ahi * bhi)
    if got is not None:
        return got
    alo, ahi, blo, bhi = np.broadcast_arrays(alo, ahi, blo, bhi)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        p = np.stack([alo * blo, alo * bhi, ahi * blo, ahi * bhi])
    nan = np.isnan(p)
    if nan.any():
        p[nan] = 0.0
    return _ends_of(p)


def div_ends(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> _Ends:
    """Return the ends of a / b; a divisor containing zero gives unbounded ends, never finite.

    Cases on the divisor b: zero outside b → the four quotients of ends; zero the lower end
    ([0, d], open or not) → [a.lo/d, inf) if a ≥ 0, (−inf, a.hi/d] if a ≤ 0, else unbounded;
    zero the upper end → the mirror; zero inside → (−inf, inf) unless a is exactly 0 (then 0);
    b exactly [0, 0] → (−inf, inf): no quotient exists, so no information.
    inf / inf (unbounded ends only) is bounded by its sign: it can be any size.
    a ≥ 0 over b > 0 everywhere (amounts, most claims): rounding keeps the quotient monotone,
    so a.lo / b.hi and a.hi / b.lo are the least and the greatest of the four (equal ones
    may differ in the sign of a zero, which the caller's outward step makes alike).
    """
    c = _point(blo, bhi)
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        if c is not None:  # by one finite non-zero number: monotone, no zero in b
            return _by_point(alo / c, ahi / c, c)
        if np.size(blo) and np.size(alo) and np.min(blo) > 0 and np.min(alo) >= 0:
            lo, hi = np.asarray(alo / bhi), np.asarray(ahi / blo)
            nan = np.isnan(np.min(lo)) or np.isnan(np.max(hi))  # inf / inf: as below
            if lo.shape == hi.shape and not nan:
                return lo, hi
        got = _four(alo / blo, alo / bhi, ahi / blo, ahi / bhi)
        alo, ahi, blo, bhi = np.broadcast_arrays(alo, ahi, blo, bhi)
        if got is not None:
            lo, hi = got
        else:  # inf / inf
            nums, dens = np.stack([alo, alo, ahi, ahi]), np.stack([blo, bhi, blo, bhi])
            q = nums / dens
            nan = np.isnan(q)
            same = np.signbit(nums) == np.signbit(dens)
            q_lo, q_hi = q.copy(), q
            q_lo[nan] = np.where(same, 0.0, -_INF)[nan]
            q_hi[nan] = np.where(same, _INF, 0.0)[nan]
            lo, hi = np.asarray(q_lo.min(axis=0)), np.asarray(q_hi.max(axis=0))
        if not ((blo <= 0) & (bhi >= 0)).any():
            return lo, hi
        zero_at_lo = (blo == 0) & (bhi > 0)
        zero_at_hi = (bhi == 0) & (blo < 0)
        straddles = (blo < 0) & (bhi > 0)
        zero_b = (blo == 0) & (bhi == 0)
        zero_a = (alo == 0) & (ahi == 0)
        cases = [zero_at_lo, zero_at_hi, straddles & zero_a, straddles | zero_b]
        lo = np.select(
            cases,
            [
                np.where(alo >= 0, alo / bhi, -_INF),
                np.where(ahi <= 0, ahi / blo, -_INF),
                0.0,
                -_INF,
            ],
            lo,
        )
        hi = np.select(
            cases,
            [np.where(ahi <= 0, ahi / bhi, _INF), np.where(alo >= 0, alo / blo, _INF), 0.0, _INF],
            hi,
        )
    return np.asarray(lo), np.asarray(hi)


def pow_ends(lo: FloatArray, hi: FloatArray, n: IntArray) -> _Ends:
    """Return outward-rounded ends of [lo, hi]**n for integers n ≥ 0 (x**0 is 1).

    Odd n is monotone: lo**n and hi**n, signs kept. Even n depends on the magnitude: an
    interval around zero starts at 0 ([−2, 1]**2 = [0, 4]). Magnitudes are raised by
    `pow_down`/`pow_up`, which round every partial product outward: provably sound.
    """
    a_lo, a_hi = np.abs(lo), np.abs(hi)
    around_zero = (lo < 0) & (hi > 0)
    mag_lo = np.where(around_zero, 0.0, np.minimum(a_lo, a_hi))
    mag_hi = np.maximum(a_lo, a_hi)
    even = (n % 2) == 0
    with np.errstate(invalid="ignore", over="ignore"):
        out_lo = np.where(
            even,
            pow_down(mag_lo, n),
            np.where(lo >= 0, pow_down(a_lo, n), -pow_up(a_lo, n)),
        )
        out_hi = np.where(
            even,
            pow_up(mag_hi, n),
            np.where(hi >= 0, pow_up(a_hi, n), -pow_down(a_hi, n)),
        )
    return np.asarray(out_lo), np.asarray(out_hi)


def root_ends(lo: FloatArray, hi: FloatArray, n: IntArray) -> _Ends:
    """Return outward-rounded ends of the n-th root of [lo, hi] for 0 ≤ lo ≤ hi, n ≥ 1.

    numpy.power is not correctly rounded, so its result is only a candidate: the lower end
    r is accepted when an upward-rounded r**n is ≤ lo (then r ≤ lo**(1/n) exactly), else it
    steps down (by 1, 2, 4, ... ulps) and is checked again; numpy's candidate can be off by
    several ulps because 1/n is itself rounded. After 16 steps it falls back to 0. The upper
    end mirrors this with a downward-rounded r**n ≥ hi and the fallback max(1, hi), which
    bounds x**(1/n) for every x ≥ 0.
    """
    lo, hi, n = np.broadcast_arrays(lo, hi, n)
    with np.errstate(over="ignore", under="ignore"):
        inv = 1.0 / n.astype(np.float64)
        r_lo, r_hi = np.power(lo, inv), np.power(hi, inv)
        for k, f in ((2, np.sqrt), (3, np.cbrt)):  # better candidates: 1/2, 1/3 are not rounded
            r_lo, r_hi = np.where(n == k, f(lo), r_lo), np.where(n == k, f(hi), r_hi)
        for step in range(_ROOT_STEPS):
            bad = (r_lo > 0) & (pow_up(r_lo, n) > lo)
            if not bad.any():
                break
            r_lo = np.where(bad, np.maximum(down(r_lo - r_lo * _EPS * 2.0**step), 0.0), r_lo)
        else:
            r_lo = np.where(pow_up(r_lo, n) > lo, 0.0, r_lo)
        for step in range(_ROOT_STEPS):
            bad = (r_hi < _INF) & (pow_down(r_hi, n) < hi)
            if not bad.any():
                break
            r_hi = np.where(bad, up(r_hi + r_hi * _EPS * 2.0**step), r_hi)
        else:
            r_hi = np.where(pow_down(r_hi, n) < hi, np.maximum(hi, 1.0), r_hi)
    return np.asarray(r_lo), np.asarray(r_hi)
