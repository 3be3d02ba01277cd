"""Test checks.numbers.rounding: every rounding is on the promised side, and as tight as promised."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import exact, floats

from checks.numbers.rounding import (
    add_down,
    add_up,
    checked_floats,
    decimal_down,
    decimal_up,
    down,
    format_bound,
    format_interval,
    mul_down,
    mul_up,
    pow_down,
    pow_up,
    scaled_bounds,
    up,
)


def _tightest_below(f: float, x: Fraction) -> bool:
    """Tell whether f is the largest float ≤ x."""
    above = float(np.nextafter(f, math.inf))
    return exact(f) <= x and (above == math.inf or exact(above) > x)


def _tightest_above(f: float, x: Fraction) -> bool:
    below = float(np.nextafter(f, -math.inf))
    return exact(f) >= x and (below == -math.inf or exact(below) < x)


@given(
    mantissa=st.one_of(st.integers(-(10**9), 10**9), st.integers(-(2**63) + 1, 2**63 - 1)),
    exponent=st.integers(-30, 30),
)
def test_scaled_bounds_are_the_tightest_floats_around_the_decimal(
    mantissa: int, exponent: int
) -> None:
    lo, hi = scaled_bounds(np.array([mantissa]), np.array([exponent]))
    x = Fraction(mantissa) * Fraction(10) ** exponent
    assert lo[0] == decimal_down(Decimal(mantissa).scaleb(exponent))
    if math.isfinite(lo[0]):
        assert _tightest_below(float(lo[0]), x)
    if math.isfinite(hi[0]):
        assert _tightest_above(float(hi[0]), x)


_SPECIAL = [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, -5e-324, 2.2250738585072014e-308]
_SPECIAL += [1.7976931348623157e308, -1.7976931348623157e308, 1.0, -1.0, 0.1, -13.0]


def _same_doubles(got: np.ndarray, want: np.ndarray) -> bool:
    """Tell whether two arrays hold the same doubles, signed zeros told apart (NaN is NaN)."""
    nan = np.isnan(want)
    return bool(
        np.array_equal(np.isnan(got), nan)
        and np.array_equal(got[~nan].view(np.int64), want[~nan].view(np.int64))
    )


@given(
    xs=st.lists(st.one_of(st.floats(), st.sampled_from(_SPECIAL)), min_size=1, max_size=20),
    mask=st.lists(st.booleans(), min_size=20, max_size=20),
)
def test_steps_are_nextafter_bit_for_bit(xs: list[float], mask: list[bool]) -> None:
    """down/up step the bits as integers; they must still be np.nextafter exactly."""
    x = np.array(xs)
    with np.errstate(over="ignore", invalid="ignore"):
        below, above = np.nextafter(x, -math.inf), np.nextafter(x, math.inf)
    assert _same_doubles(down(x), below) and _same_doubles(up(x), above)
    assert _same_doubles(down(x.reshape(1, -1)).ravel(), below)
    # a sum's step is taken only where the sum is inexact: the rows the mask leaves are kept
    where = np.array(mask[: len(xs)])
    got = add_down(x, np.where(where, -(2.0**-80), 0.0))  # rounds to x, exact only at 0
    finite = np.isfinite(x) & (np.abs(x) >= 1.0)
    assert _same_doubles(got[finite], np.where(where, below, x)[finite])


def test_steps_of_one_double() -> None:
    assert float(down(np.float64(1.0))) == 1.0 - 2.0**-53
    assert float(up(np.array(-0.0))) == 5e-324 and float(down(np.array(0.0))) == -5e-324
    assert float(up(np.array(math.inf))) == math.inf and float(down(np.array(math.inf))) > 1e308


@given(a=floats(), b=floats())
def test_sums_are_rounded_outward_and_exact_when_exact(a: float, b: float) -> None:
    x = exact(a) + exact(b)
    lo, hi = float(add_down(np.array(a), np.array(b))), float(add_up(np.array(a), np.array(b)))
    assert lo == -math.inf or _tightest_below(lo, x) or (math.isinf(a + b) and exact(lo) <= x)
    assert hi == math.inf or _tightest_above(hi, x) or (math.isinf(a + b) and exact(hi) >= x)


@given(a=floats(min_value=0.0), b=floats(min_value=0.0))
def test_products_of_non_negatives_are_rounded_outward(a: float, b: float) -> None:
    x = exact(a) * exact(b)
    lo, hi = float(mul_down(np.array(a), np.array(b))), float(mul_up(np.array(a), np.array(b)))
    assert 0 <= exact(lo) <= x
    assert hi == math.inf or exact(hi) >= x


@given(x=floats(min_value=0.0, max_value=1e30), n=st.integers(0, 12))
def test_powers_are_rounded_outward(x: float, n: int) -> None:
    lo, hi = float(pow_down(np.array(x), np.array(n))), float(pow_up(np.array(x), np.array(n)))
    assert exact(lo) <= exact(x) ** n
    assert hi == math.inf or exact(hi) >= exact(x) ** n
    if n == 1:
        assert lo == hi == x  # the first factor is taken as is


def test_decimal_ends() -> None:
    assert decimal_down(Decimal("0.1")) < 0.1 == decimal_up(Decimal("0.1"))
    assert decimal_down(Decimal("-Infinity")) == -math.inf
    assert (
        decimal_up(Decimal("1e400")) == math.inf
        and decimal_down(Decimal("1e400")) == 1.7976931348623157e308
    )
    with pytest.raises(ValueError, match="is not a number"):
        decimal_down(Decimal("NaN"))


def test_checked_floats_turns_touching_open_ends_into_the_empty_set() -> None:
    lo, hi, lo_open, hi_open = checked_floats([1.0, 1.0], [1.0, 1.0], [True, False], False)
    assert list(lo) == [math.inf, 1.0] and list(hi) == [-math.inf, 1.0]
    assert not lo_open.any() and not hi_open.any()
    with pytest.raises(ValueError, match=r"hi is -inf"):
        checked_floats(-math.inf, -math.inf, False, False)


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (44.75, "44.75"),
        (7.285e8, "7.285e8"),
        (-math.inf, "-inf"),
        (0.0, "0"),
        (1e-7, "1e-7"),
        (13.0, "13"),
    ],
)
def test_format_bound(x: float, text: str) -> None:
    assert format_bound(x) == text


@pytest.mark.parametrize(
    ("ends", "text"),
    [
        ((1.0, 2.0, False, True), "[1, 2)"),
        ((-math.inf, 0.5, True, False), "(-inf, 0.5]"),
        ((math.inf, -math.inf, False, False), "∅"),
    ],
)
def test_format_interval(ends: tuple[float, float, bool, bool], text: str) -> None:
    assert format_interval(*ends) == text
