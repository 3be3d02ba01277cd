"""Test checks.numbers.ends directly: the root check survives a bad candidate, flags are exact."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import exact

from checks.numbers import ends as endpoints
from checks.numbers.ends import (
    abs_ends,
    closed_ends,
    gap_between,
    hull_ends,
    meet_ends,
    meets,
    pow_ends,
    root_ends,
)
from checks.numbers.interval import Interval
from checks.numbers.rounding import down as rounding_down
from checks.numbers.rounding import up as rounding_up


@pytest.mark.parametrize("error", [1e-9, -1e-9, 0.5, -0.5])
def test_root_is_sound_even_when_numpy_power_is_wrong(
    monkeypatch: pytest.MonkeyPatch, error: float
) -> None:
    """The candidate from numpy.power is only trusted after an exact check."""
    real = np.power
    monkeypatch.setattr(endpoints.np, "power", lambda x, y: real(x, y) * (1 + error))
    x = np.array([2.0, 27.0, 1e10, 0.5])
    lo, hi = root_ends(x, x, np.array(5))
    for i, v in enumerate(x):
        assert exact(float(lo[i])) ** 5 <= exact(float(v)) <= exact(float(hi[i])) ** 5


@given(lo=st.integers(-50, 50), width=st.integers(0, 50), n=st.integers(0, 6))
def test_pow_ends_of_integer_intervals(lo: int, width: int, n: int) -> None:
    hi = lo + width
    got_lo, got_hi = pow_ends(np.array(float(lo)), np.array(float(hi)), np.array(n))
    values = [Fraction(x) ** n for x in range(lo, hi + 1)]
    assert exact(float(got_lo)) <= min(values) and exact(float(got_hi)) >= max(values)
    if lo < 0 < hi and n % 2 == 0 and n > 0:
        assert float(got_lo) == 0.0


def test_flag_formulas() -> None:
    a, b = Interval(1, 3, True, False), Interval(1, 2, False, True)
    assert [bool(f) for f in meet_ends(a, b)[2:]] == [True, True]
    assert [bool(f) for f in hull_ends(a, b)[2:]] == [False, False]
    lo, hi, lo_open, hi_open = abs_ends(Interval(-3, 2, True, False))
    assert (float(lo), float(hi), bool(lo_open), bool(hi_open)) == (0.0, 3.0, False, True)
    assert math.isinf(float(Interval(-1, 1).pow_int(-1).hi))


def test_meets_respects_open_ends() -> None:
    lo, hi = np.array([1.0, 2.0, 2.0, 3.0]), np.array([2.0, 2.0, 2.0, 1.0])
    lo_open, hi_open = np.array([False, False, True, False]), np.zeros(4, dtype=bool)
    assert meets(lo, hi, lo_open, hi_open).tolist() == [True, True, False, False]


def test_closed_ends_empties_the_masked_rows_and_closes_the_rest() -> None:
    lo, hi, lo_open, hi_open = closed_ends(
        np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.array([False, True])
    )
    assert lo.tolist() == [1.0, math.inf] and hi.tolist() == [3.0, -math.inf]
    assert not lo_open.any() and not hi_open.any()


def test_gap_between_is_zero_where_rows_meet_and_inf_when_one_is_empty() -> None:
    a = Interval([1.0, 1.0, math.inf], [2.0, 2.0, -math.inf])
    b = Interval([5.0, 1.5, 0.0], [6.0, 3.0, 1.0])
    gap = gap_between(a, b, a.intersects(b))
    assert gap.tolist() == [3.0, 0.0, math.inf]


_NONNEG = st.sampled_from([0.0, -0.0, 5e-324, 1e-300, 0.1, 1.0, 3.0, 7.29e8, 1e300, math.inf])
_POSITIVE = st.sampled_from([5e-324, 1e-300, 0.1, 1.0, 3.0, 1.6253e9, 1e300, math.inf])


def _four_quotients(alo: float, ahi: float, blo: float, bhi: float) -> tuple[float, float]:
    """The ends of a / b for b > 0 as the general rule gives them: all four quotients, and
    inf / inf bounded by its sign (0 as a least end, inf as a greatest)."""
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        qs = [np.float64(n) / np.float64(d) for n in (alo, ahi) for d in (blo, bhi)]
    return min(0.0 if math.isnan(q) else q for q in qs), max(
        math.inf if math.isnan(q) else q for q in qs
    )


def _rows(ends: st.SearchStrategy[float]) -> st.SearchStrategy[list[tuple[float, float]]]:
    pair = st.tuples(ends, ends).map(sorted).filter(lambda p: p[0] < math.inf)
    return st.lists(pair.map(tuple), min_size=1, max_size=6)  # type: ignore[arg-type]


@given(st.data())
def test_dividing_amounts_by_positive_amounts_takes_two_quotients_bit_for_bit(
    data: st.DataObject,
) -> None:
    """a ≥ 0 over b > 0 takes a.lo / b.hi and a.hi / b.lo: after the outward step every end
    is the one the four quotients give, bit for bit (−0 and +0 step alike)."""
    a = data.draw(_rows(_NONNEG))
    b = data.draw(_rows(_POSITIVE).filter(lambda rows: len(rows) >= len(a)))[: len(a)]
    got = Interval(*map(np.array, zip(*a, strict=True))) / Interval(
        *map(np.array, zip(*b, strict=True))
    )
    want = [_four_quotients(*x, *y) for x, y in zip(a, b, strict=True)]
    lo, hi = (np.array([w[k] for w in want]) for k in (0, 1))
    assert got.lo.view(np.int64).tolist() == rounding_down(lo).view(np.int64).tolist()
    assert got.hi.view(np.int64).tolist() == rounding_up(hi).view(np.int64).tolist()
