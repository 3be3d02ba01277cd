"""Test checks.numbers.interval: soundness against exact Fractions, open ends, vectorized == scalar."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import Boxed, boxed, boxed_rows, exact, floats, inside, rows_interval

from checks.numbers.interval import Bounds, Interval

OPS: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
}


def _same_rows(result: Interval, parts: list[Interval]) -> None:
    """Assert a vectorized result equals the row-by-row scalar results, bit for bit."""
    for i, part in enumerate(parts):
        assert result[i].item() == part.item(), (i, result[i], part)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(OPS))
@given(rows=st.lists(st.tuples(boxed(), boxed()), min_size=1, max_size=6))
def test_arithmetic_is_sound_and_vectorized(name: str, rows: list[tuple[Boxed, Boxed]]) -> None:
    op = OPS[name]
    a, b = rows_interval([r[0] for r in rows]), rows_interval([r[1] for r in rows])
    result = op(a, b)
    assert isinstance(result, Interval)
    for i, (x, y) in enumerate(rows):
        if name == "div" and y.true == 0:
            continue  # no quotient exists
        assert inside(result, i, op(x.true, y.true)), (x, y, result[i])
    _same_rows(result, [op(Interval(x.lo, x.hi), Interval(y.lo, y.hi)) for x, y in rows])


_POSITIVE = boxed(floats(min_value=1e-300, max_value=1e300))
_NONZERO = st.one_of(_POSITIVE, _POSITIVE.map(lambda b: Boxed(-b.hi, -b.lo, -b.true)))


@pytest.mark.slow
@given(rows=st.lists(st.tuples(boxed(), _NONZERO), min_size=1, max_size=6))
def test_division_by_nonzero_divisors_is_sound_and_finite(rows: list[tuple[Boxed, Boxed]]) -> None:
    a, b = rows_interval([r[0] for r in rows]), rows_interval([r[1] for r in rows])
    result = a / b
    for i, (x, y) in enumerate(rows):
        assert inside(result, i, x.true / y.true)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((1, 2), (0, 4), (0.25, math.inf)),
        ((1, 2), (-4, 0), (-math.inf, -0.25)),
        ((-2, -1), (0, 4), (-math.inf, -0.25)),
        ((-2, -1), (-4, 0), (0.25, math.inf)),
        ((0, 2), (0, 4), (0, math.inf)),
        ((-1, 2), (0, 4), (-math.inf, math.inf)),
        ((1, 2), (-1, 1), (-math.inf, math.inf)),
        ((0, 0), (-1, 1), (0, 0)),
        ((0, 0), (0, 4), (0, 0)),
        ((1, 2), (0, 0), (-math.inf, math.inf)),
        ((0, 0), (0, 0), (-math.inf, math.inf)),
    ],
)
def test_division_by_intervals_with_zero(
    a: tuple[float, float], b: tuple[float, float], expected: tuple[float, float]
) -> None:
    got = (Interval(*a) / Interval(*b)).item()
    for end, want in zip((got.lo, got.hi), expected, strict=True):
        assert end == want or (math.isfinite(want) and abs(end - want) <= 1e-15 * max(1, abs(want)))
    assert got.lo <= expected[0] and got.hi >= expected[1]


def test_zero_times_unbounded_is_zero_not_nan() -> None:
    assert (Interval(0, 0) * Interval.unbounded()).item()[:2] == (-5e-324, 5e-324)
    got = (Interval(0, 1) * Interval(1, math.inf)).item()
    assert got.lo <= 0 and got.hi == math.inf


@pytest.mark.slow
@given(rows=boxed_rows())
def test_negation_and_abs_are_exact(rows: list[Boxed]) -> None:
    iv = rows_interval(rows)
    neg, mag = -iv, abs(iv)
    for i, r in enumerate(rows):
        assert inside(neg, i, -r.true) and inside(mag, i, abs(r.true))
        assert neg[i].item()[:2] == (-r.hi, -r.lo)
        assert mag.lo[i] == (0.0 if r.lo <= 0 <= r.hi else min(abs(r.lo), abs(r.hi)))


def test_abs_keeps_open_ends() -> None:
    assert repr(abs(Interval(-3, 2, True, False))) == "[0, 3)"
    assert repr(abs(Interval(-2, 2, False, True))) == "[0, 2]"
    assert repr(abs(Interval(-3, -1, True, False))) == "[1, 3)"


@given(rows=boxed_rows(), n=st.integers(-4, 9))
def test_pow_int_is_sound(rows: list[Boxed], n: int) -> None:
    result = rows_interval(rows).pow_int(n)
    for i, r in enumerate(rows):
        if n < 0 and r.true == 0:
            continue
        assert inside(result, i, r.true**n), (r, n, result[i])


@pytest.mark.slow
@given(rows=boxed_rows(floats(min_value=0.0)), n=st.integers(1, 7))  # built once per test
def test_root_is_sound(rows: list[Boxed], n: int) -> None:
    result = rows_interval(rows).root(n)
    for i, r in enumerate(rows):
        lo, hi = exact(float(result.lo[i])), float(result.hi[i])
        assert lo >= 0 and lo**n <= r.true
        assert hi == math.inf or exact(hi) ** n >= r.true


@given(base=st.integers(0, 2**17), n=st.integers(1, 7), scale=st.integers(-30, 30))
def test_root_of_exact_powers_is_sound_and_tight(base: int, n: int, scale: int) -> None:
    """Perfect powers are where an uncorrected numpy.power candidate lands on the wrong side."""
    root = Fraction(base) * Fraction(2) ** scale
    x = root**n
    if x != exact(float(x)):
        return  # not a double
    got = Interval(float(x), float(x)).root(n).item()
    assert exact(got.lo) <= root <= exact(got.hi)
    assert got.hi - got.lo <= 64 * math.ulp(float(root))  # tight: a few ulps each side


@pytest.mark.slow
@given(rows=boxed_rows(floats(min_value=1e-300)), n=st.integers(1, 4))
def test_root_of_negative_rows_is_empty(rows: list[Boxed], n: int) -> None:
    assert (-rows_interval(rows)).root(n).is_empty.all()


def test_root_clamps_a_negative_lower_end() -> None:
    got = Interval(-1, 8).root(3).item()
    assert got.lo == 0 and 2 <= got.hi <= 2 + 1e-15


# ------------------------------------------------------------------ construction
@given(
    d=st.decimals(allow_nan=False, allow_infinity=False, places=None),
    e=st.integers(-30, 30),
)
def test_from_decimals_rounds_outward_tightly(d: Decimal, e: int) -> None:
    d = d.scaleb(e)
    iv = Interval.from_decimals(d, d)
    lo, hi = float(iv.lo), float(iv.hi)
    assert exact(lo) <= exact(d) <= exact(hi) if math.isfinite(lo) and math.isfinite(hi) else True
    if math.isfinite(lo):
        assert exact(lo) <= exact(d) and (
            np.nextafter(lo, math.inf) == math.inf or exact(np.nextafter(lo, math.inf)) > exact(d)
        )
    if math.isfinite(hi):
        assert exact(hi) >= exact(d) and (
            np.nextafter(hi, -math.inf) == -math.inf
            or exact(np.nextafter(hi, -math.inf)) < exact(d)
        )


def test_from_decimals_examples() -> None:
    iv = Interval.from_decimals(Decimal("7.285e8"), Decimal("7.295e8"), hi_open=True)
    assert repr(iv) == "[7.285e8, 7.295e8)"
    pct = Interval.from_decimals(Decimal("44.75"), Decimal("44.85"))
    assert pct.lo == 44.75 and exact(float(pct.hi)) > Fraction("44.85") > exact(44.85 - 1e-14)
    assert Interval.from_decimals(Decimal("0.1"), Decimal("0.1"), lo_open=True).is_empty
    with pytest.raises(
        ValueError, match=r"Interval: lo > hi \(lo=Decimal\('2'\), hi=Decimal\('1'\)\)"
    ):
        Interval.from_decimals(Decimal(2), Decimal(1))


def test_from_arrays_mixes_decimals_strings_and_ints() -> None:
    iv = Interval.from_arrays(
        np.array([Decimal("0.1"), "44.75", 3], dtype=object),
        np.array([Decimal("0.2"), "44.85", 4], dtype=object),
        hi_open=[True, True, False],
    )
    assert iv.shape == (3,)
    assert exact(float(iv.lo[0])) < Fraction(1, 10) and exact(float(iv.hi[0])) > Fraction(1, 5)
    assert iv.lo[1] == 44.75 and iv.lo[2] == 3.0


def test_nan_and_bad_order_are_refused_with_the_index() -> None:
    with pytest.raises(
        ValueError, match=r"Interval: hi is NaN at index \(1,\); bounds must be numbers"
    ):
        Interval([1.0, 2.0], [1.0, math.nan])
    with pytest.raises(ValueError, match=r"Interval: lo > hi at index \(0,\)"):
        Interval([3.0], [1.0])
    with pytest.raises(ValueError, match="lo is \\+inf"):
        Interval(math.inf, math.inf)
    with pytest.raises(ValueError, match="NaN"):
        Interval.point(1.0) + math.nan
    with pytest.raises(TypeError, match="from_arrays"):
        Interval(np.array(["1"]), np.array(["2"]))


def test_scalar_helpers() -> None:
    iv = Interval([1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [False, True, False], False)
    assert len(iv) == 3 and iv.shape == (3,) and iv.size == 3
    assert iv[1].item() == Bounds(2.0, 5.0, True, False)
    assert repr(iv) == "Interval(shape=(3,): [1, 4], (2, 5], [3, 6])"
    assert repr(iv[iv.lo > 1]) == "Interval(shape=(2,): (2, 5], [3, 6])"
    with pytest.raises(TypeError, match="ambiguous"):
        bool(iv[0])
    with pytest.raises(TypeError, match="scalar"):
        len(iv[0])
    assert repr(Interval.empty()) == "∅" and repr(Interval.unbounded()) == "[-inf, inf]"
    assert repr(Interval(2, 2, True, False)) == "∅"


def test_numbers_mix_in_as_exact_points() -> None:
    iv = Interval(1.0, 2.0)
    assert (2 * iv).item()[:2] == (np.nextafter(2.0, 0), np.nextafter(4.0, 5))  # × always steps
    assert (iv + 1).item()[:2] == (2.0, 3.0)  # an exact sum stays exact (TwoSum)
    assert isinstance(np.float64(2.0) * iv, Interval)
    assert isinstance(Decimal("0.1") + iv, Interval)
    assert (1 - iv).lo <= -1 and (1 / iv).hi >= 1


def test_broadcasting_a_scalar_against_rows() -> None:
    rows = Interval(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    assert (rows + Interval(1, 1)).shape == (2,)
    assert (Interval(1, 1) / rows).shape == (2,)


def test_empty_rows_stay_empty() -> None:
    e = Interval.empty((2,))
    for result in (e + 1.0, e * Interval.unbounded(), e / Interval(0, 0), -e, abs(e), e.pow_int(2)):
        assert result.is_empty.all()
    assert not e.intersects(Interval.unbounded()).any()
    assert (e.distance(Interval(0, 1)) == math.inf).all()


# ------------------------------------------------------------------ set operations
ENDS = st.integers(0, 4).map(float)


@st.composite
def small_intervals(draw: st.DrawFn) -> Interval:
    a, b = sorted((draw(ENDS), draw(ENDS)))
    return Interval(a, b, draw(st.booleans()), draw(st.booleans()))


def _members(iv: Interval) -> set[float]:
    """Return which candidate points (quarter steps around the ends) lie in iv."""
    return {p / 4 for p in range(-2, 20) if bool(iv.contains(p / 4))}


@given(a=small_intervals(), b=small_intervals())
def test_set_operations_match_a_point_oracle(a: Interval, b: Interval) -> None:
    """Ends are integers, so quarter points witness every meeting; open ends decide touches."""
    common = _members(a) & _members(b)
    assert bool(a.intersects(b)) == bool(common) == bool(b.intersects(a))
    assert _members(a.intersection(b)) == common
    hull = a.hull(b)
    assert _members(a) | _members(b) <= _members(hull)
    for end in (float(hull.lo), float(hull.hi)):
        if math.isfinite(end):
            assert bool(hull.contains(end)) == (bool(a.contains(end)) or bool(b.contains(end)))
    gap = float(a.distance(b))
    if common:
        assert gap == 0
    elif not (a.is_empty or b.is_empty):
        assert gap == max(float(b.lo) - float(a.hi), float(a.lo) - float(b.hi), 0.0)


def test_open_ends_decide_touching_intervals() -> None:
    assert not Interval(1, 2, False, True).intersects(Interval(2, 3))
    assert not Interval(1, 2).intersects(Interval(2, 3, True, False))
    assert Interval(1, 2).intersects(Interval(2, 3))
    assert float(Interval(1, 2, False, True).distance(Interval(2, 3))) == 0.0
    assert float(Interval(1, 2).distance(Interval(5, 6))) == 3.0
    assert repr(Interval(1, 3, True, False).intersection(Interval(0, 2, False, True))) == "(1, 2)"
    assert repr(Interval(1, 3, True, False).hull(Interval(1, 2))) == "[1, 3]"


def test_where_selects_rows() -> None:
    a, b = Interval([1.0, 1.0], [2.0, 2.0]), Interval([5.0, 5.0], [6.0, 6.0], True)
    assert (
        repr(Interval.where(np.array([True, False]), a, b))
        == "Interval(shape=(2,): [1, 2], (5, 6])"
    )
