"""Round float64 arrays in a chosen direction: the primitives that make intervals sound.

IEEE 754 +, −, ×, ÷ are correctly rounded to nearest, so the exact result of one operation
lies within one ulp of the float it returns: stepping the float one ulp down (`down`) gives
a lower bound and one ulp up (`up`) an upper bound. Everything here is pure numpy and works
elementwise on arrays of any shape; `checks.numbers.interval` builds on it.

Exact decimals (stated figures) become floats through `decimal_down`/`decimal_up` (one
value) or `scaled_bounds` (arrays of ``mantissa × 10**exponent``), which return the
*tightest* floats below and above the exact value, so 7.285e8 stays 7.285e8 and 44.75 stays
44.75 while 44.85 (not a binary fraction) becomes the float just below or just above it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "BoolArray",
    "FloatArray",
    "IntArray",
    "Quad",
    "add_down",
    "add_up",
    "checked_floats",
    "decimal_arrays",
    "decimal_down",
    "decimal_up",
    "down",
    "format_bound",
    "format_interval",
    "mul_down",
    "mul_up",
    "pow_down",
    "pow_up",
    "scaled_arrays",
    "scaled_bounds",
    "up",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
Quad = tuple[FloatArray, FloatArray, BoolArray, BoolArray]  # lo, hi, lo_open, hi_open

_INF = np.inf
_SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's constant for splitting a double in halves
_POW10 = np.array([10.0**i for i in range(23)])  # 10**0 .. 10**22: all exact doubles
_MAX_EXACT_INT = 2**53  # every integer of magnitude up to this is an exact double


def _step(x: ArrayLike, toward: float, where: BoolArray | None = None) -> FloatArray:
    """Return np.nextafter(x, toward) (x itself where `where` is false), bit for bit.

    np.nextafter costs a library call per element; stepping the bits as integers costs a few
    array passes. The doubles of one sign are ordered like their bit patterns, so a step away
    from zero adds one to the pattern and a step toward it subtracts one. The step is wrong
    only at ±0 and at the infinity it leaves, where the stepped pattern is a NaN, and at NaN
    itself: those elements are redone by np.nextafter, so the result is np.nextafter's.
    """
    x = np.asarray(x, dtype=np.float64)
    shape, x = x.shape, x.reshape(-1)
    bits = x.view(np.int64)
    # in place: one new array a call (more large temporaries cost page faults at scale)
    step = bits >> 63
    step |= 1  # +1 for a positive double, −1 for a negative one
    if toward < 0:
        np.negative(step, out=step)
    mask = None if where is None else np.broadcast_to(where, shape).reshape(-1)
    if mask is not None:
        np.multiply(step, mask, out=step)
    step += bits
    out = step.view(np.float64)
    bad = np.isnan(out)
    bad |= np.isnan(x)
    if bad.any():
        at = np.flatnonzero(bad)
        was = x[at]
        redo = np.nextafter(was, toward)
        out[at] = redo if mask is None else np.where(mask[at], redo, was)
    return out.reshape(shape)


def down(x: FloatArray) -> FloatArray:
    """Step every element one ulp toward −inf (−inf stays, +inf becomes the largest float)."""
    return _step(x, -_INF)


def up(x: FloatArray) -> FloatArray:
    """Step every element one ulp toward +inf (+inf stays, −inf becomes the lowest float)."""
    return _step(x, _INF)


def _two_sum_error(a: FloatArray, b: FloatArray, s: FloatArray) -> FloatArray:
    """Return the exact rounding error a + b − s of s = fl(a + b) (Knuth; finite s)."""
    b_virtual = np.asarray(s - a)
    a_virtual = np.asarray(s - b_virtual)
    np.subtract(a, a_virtual, out=a_virtual)  # in place: fewer large temporaries
    np.subtract(b, b_virtual, out=b_virtual)
    a_virtual += b_virtual
    return a_virtual


def add_down(a: FloatArray, b: FloatArray) -> FloatArray:
    """Return the largest float ≤ a + b: exact sums are kept, others stepped one ulp down.

    TwoSum recovers the exact rounding error, so 2025 − 2012 stays 13 and integer sums of
    money stay exact; on overflow the sum is stepped like any inexact one.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        s = np.asarray(a + b)
        err = _two_sum_error(a, b, s)
        inexact = ~np.isfinite(err)
        inexact |= err < 0
    return _step(s, -_INF, inexact)


def add_up(a: FloatArray, b: FloatArray) -> FloatArray:
    """Return the smallest float ≥ a + b (see `add_down`)."""
    with np.errstate(over="ignore", invalid="ignore"):
        s = np.asarray(a + b)
        err = _two_sum_error(a, b, s)
        inexact = ~np.isfinite(err)
        inexact |= err > 0
    return _step(s, _INF, inexact)


def mul_down(x: FloatArray, y: FloatArray) -> FloatArray:
    """Return a lower bound of x·y for non-negative x, y (never below 0, the exact floor)."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return np.maximum(down(x * y), 0.0)


def mul_up(x: FloatArray, y: FloatArray) -> FloatArray:
    """Return an upper bound of x·y for non-negative x, y (an exact zero factor gives 0)."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return np.where((x == 0) | (y == 0), 0.0, up(x * y))


def _pow(
    x: FloatArray, n: IntArray, mul: Callable[[FloatArray, FloatArray], FloatArray]
) -> FloatArray:
    """Raise non-negative x to the integer powers n ≥ 0 by squaring, rounding with `mul`."""
    x, n = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(n, dtype=np.int64))
    result = np.ones(x.shape)  # x**0 == 1, exact
    started = np.zeros(x.shape, dtype=bool)  # the first factor is taken as is: no rounding
    base = x.copy()
    e = n.copy()
    while (e > 0).any():
        odd = (e & 1) == 1
        result = np.where(odd, np.where(started, mul(result, base), base), result)
        started |= odd
        e = e >> 1
        base = np.where(e > 0, mul(base, base), base)
    return np.asarray(result, dtype=np.float64)


def pow_down(x: FloatArray, n: IntArray) -> FloatArray:
    """Return a lower bound of x**n for x ≥ 0 and integer n ≥ 0 (0**0 is 1).

    Binary exponentiation with every product rounded down: each partial product is a lower
    bound of the exact one and multiplication of non-negative numbers is monotone, so the
    result is provably ≤ x**n (about log2(n) + popcount(n) ulps below it).
    """
    return _pow(x, n, mul_down)


def pow_up(x: FloatArray, n: IntArray) -> FloatArray:
    """Return an upper bound of x**n for x ≥ 0 and integer n ≥ 0 (0**0 is 1)."""
    return _pow(x, n, mul_up)


def _two_product_error(a: FloatArray, b: FloatArray, p: FloatArray) -> FloatArray:
    """Return the exact rounding error a·b − p of p = fl(a·b) (Dekker; no over/underflow)."""
    ca = _SPLITTER * a
    a_hi = ca - (ca - a)
    a_lo = a - a_hi
    cb = _SPLITTER * b
    b_hi = cb - (cb - b)
    b_lo = b - b_hi
    return np.asarray(((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo)


def decimal_down(d: Decimal) -> float:
    """Return the largest float ≤ d (±Infinity pass through; NaN is refused)."""
    if d.is_nan():
        raise ValueError(f"{d!r} is not a number; an interval bound must be a number or ±Infinity")
    if d.is_infinite():
        return float(d)
    f = float(d)  # correctly rounded to nearest; beyond the float range it is ±inf
    if Decimal(f) > d:  # Decimal(float) is exact, so this comparison is exact
        f = float(np.nextafter(f, -_INF))
    return f


def decimal_up(d: Decimal) -> float:
    """Return the smallest float ≥ d (±Infinity pass through; NaN is refused)."""
    return -decimal_down(-d)


def scaled_bounds(mantissa: IntArray, exponent: IntArray) -> tuple[FloatArray, FloatArray]:
    """Return the tightest floats below and above mantissa × 10**exponent, elementwise.

    Vectorized and exact: for |mantissa| ≤ 2**53 and |exponent| ≤ 22 both factors are exact
    doubles, the product or quotient is rounded once, and its exact error is recovered with
    Dekker's two-product, so we know on which side of the float the exact value lies and
    step only when it lies outside. Other elements go through `decimal_down`/`decimal_up`
    one by one (exact, slower; rare for financial figures).
    """
    m, e = np.broadcast_arrays(
        np.asarray(mantissa, dtype=np.int64), np.asarray(exponent, dtype=np.int64)
    )
    fast = (np.abs(m) <= _MAX_EXACT_INT) & (np.abs(e) <= 22)
    mf = np.where(fast, m, 0).astype(np.float64)
    pw = _POW10[np.where(fast, np.abs(e), 0)]
    scale_up = e >= 0
    prod = mf * pw
    quot = mf / pw
    # exact − float has the sign of `side`: for a product the two-product error; for a
    # quotient the residual mf − quot·pw, where mf − p is exact (Sterbenz: p is within a
    # factor 2 of mf) and one more subtraction keeps the sign of an exact difference.
    p = quot * pw
    side = np.where(
        scale_up,
        _two_product_error(mf, pw, prod),
        (mf - p) - _two_product_error(quot, pw, p),
    )
    x = np.where(scale_up, prod, quot)
    lo = np.where(side < 0, down(x), x)
    hi = np.where(side > 0, up(x), x)
    for row in np.argwhere(~fast):
        idx = tuple(int(i) for i in row)
        exact = Decimal(int(m[idx])).scaleb(int(e[idx]))
        lo[idx] = decimal_down(exact)
        hi[idx] = decimal_up(exact)
    return lo, hi


def _as_decimal(x: object) -> Decimal:
    """Read one bound exactly: Decimal, int, str, or float (its exact binary value)."""
    if isinstance(x, bool | np.bool_):
        raise TypeError(f"Interval: bound {x!r} is a bool, not a number")
    if isinstance(x, Decimal | str):
        return Decimal(x)
    if isinstance(x, int | np.integer):
        return Decimal(int(x))
    if isinstance(x, float | np.floating):
        return Decimal(float(x))
    raise TypeError(f"Interval: bound {x!r} is not a number")


def _empty_where(
    empty: BoolArray, lo: FloatArray, hi: FloatArray, lo_open: BoolArray, hi_open: BoolArray
) -> Quad:
    return (
        np.where(empty, _INF, lo),
        np.where(empty, -_INF, hi),
        lo_open & ~empty,
        hi_open & ~empty,
    )


def decimal_arrays(lo: ArrayLike, hi: ArrayLike, lo_open: ArrayLike, hi_open: ArrayLike) -> Quad:
    """Round exact decimal bounds outward, element by element, into float ends and flags.

    Bounds may be Decimals, ints, strings or floats (a float is its exact binary value).
    Order and emptiness are judged on the exact values: lo > hi is refused, and [x, x)
    is empty even when x is no double (its float ends would differ).
    """
    lo_a, hi_a, lo_o, hi_o = np.broadcast_arrays(
        np.asarray(lo, dtype=object),
        np.asarray(hi, dtype=object),
        np.asarray(lo_open, dtype=bool),
        np.asarray(hi_open, dtype=bool),
    )
    out_lo, out_hi = np.empty(lo_a.shape), np.empty(lo_a.shape)
    empty = np.zeros(lo_a.shape, dtype=bool)
    for idx in np.ndindex(lo_a.shape):
        d_lo, d_hi = _as_decimal(lo_a[idx]), _as_decimal(hi_a[idx])
        if d_lo.is_nan() or d_hi.is_nan():
            at = f" at index {idx}" if idx else ""
            raise ValueError(f"Interval: bound is NaN{at} (lo={d_lo!r}, hi={d_hi!r})")
        if d_lo > d_hi:
            at = f" at index {idx}" if idx else ""
            raise ValueError(f"Interval: lo > hi{at} (lo={d_lo!r}, hi={d_hi!r})")
        out_lo[idx], out_hi[idx] = decimal_down(d_lo), decimal_up(d_hi)
        empty[idx] = d_lo == d_hi and bool(lo_o[idx] or hi_o[idx])
    return _empty_where(empty, out_lo, out_hi, lo_o, hi_o)


def scaled_arrays(
    lo_mantissa: ArrayLike,
    hi_mantissa: ArrayLike,
    exponent: ArrayLike,
    lo_open: ArrayLike,
    hi_open: ArrayLike,
) -> Quad:
    """Round exact bounds lo_mantissa·10**exponent, hi_mantissa·10**exponent outward, vectorized."""
    lo_m = np.asarray(lo_mantissa, dtype=np.int64)
    hi_m = np.asarray(hi_mantissa, dtype=np.int64)
    if (lo_m > hi_m).any():
        at = tuple(int(i) for i in np.argwhere(lo_m > hi_m)[0])
        raise ValueError(f"Interval: lo mantissa > hi mantissa at index {at}")
    e = np.asarray(exponent, dtype=np.int64)
    lo_f, _ = scaled_bounds(lo_m, e)
    _, hi_f = scaled_bounds(hi_m, e)
    lo_o, hi_o = np.asarray(lo_open, dtype=bool), np.asarray(hi_open, dtype=bool)
    empty = (lo_m == hi_m) & (lo_o | hi_o)
    lo_f, hi_f, lo_o, hi_o, empty = np.broadcast_arrays(lo_f, hi_f, lo_o, hi_o, empty)
    return _empty_where(empty, lo_f, hi_f, lo_o, hi_o)


def format_bound(x: float) -> str:
    """Format a bound in its shortest exact form: 44.75, 7.285e8, -inf."""
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 or 1e-4 <= abs(x) < 1e6:
        return np.format_float_positional(x, trim="-")
    return np.format_float_scientific(x, trim="-", exp_digits=1).replace("e+", "e")


def format_interval(lo: float, hi: float, lo_open: bool, hi_open: bool) -> str:
    """Write one interval as people read it: [7.285e8, 7.295e8), (−inf, 2], or ∅ when empty."""
    if lo > hi:
        return "∅"
    return (
        f"{'(' if lo_open else '['}{format_bound(lo)}, {format_bound(hi)}{')' if hi_open else ']'}"
    )


def _exact_floats(v: ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(v)
    if arr.dtype.kind in "iu" and (np.abs(arr.astype(np.float64)) > 2.0**53).any():
        raise ValueError(f"Interval: {name} has integers beyond 2**53; use from_arrays")
    if arr.dtype.kind not in "fiub":
        raise TypeError(
            f"Interval: {name} has dtype {arr.dtype}; pass floats, or decimals to from_arrays"
        )
    return arr.astype(np.float64)


def checked_floats(lo: ArrayLike, hi: ArrayLike, lo_open: ArrayLike, hi_open: ArrayLike) -> Quad:
    """Check float bounds (taken as exact) and broadcast them with their flags.

    Refuses NaN, lo > hi, lo = +inf and hi = −inf, naming the first bad index; the empty
    set is written lo = +inf, hi = −inf, and [x, x) or (x, x] is turned into it.
    """
    lo_f, hi_f, lo_o, hi_o = np.broadcast_arrays(
        _exact_floats(lo, "lo"),
        _exact_floats(hi, "hi"),
        np.asarray(lo_open, dtype=bool),
        np.asarray(hi_open, dtype=bool),
    )
    for arr, name in ((lo_f, "lo"), (hi_f, "hi")):
        if np.isnan(arr).any():
            at = tuple(int(i) for i in np.argwhere(np.isnan(arr))[0])
            raise ValueError(f"Interval: {name} is NaN at index {at}; bounds must be numbers")
    canonical_empty = (lo_f == _INF) & (hi_f == -_INF)
    for bad, what in (
        ((lo_f > hi_f) & ~canonical_empty, "lo > hi"),
        ((lo_f == _INF) & ~canonical_empty, "lo is +inf (a set of reals cannot start there)"),
        ((hi_f == -_INF) & ~canonical_empty, "hi is -inf (a set of reals cannot end there)"),
    ):
        if bad.any():
            at = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ValueError(
                f"Interval: {what} at index {at}: lo={lo_f[at]!r}, hi={hi_f[at]!r}; "
                "use Interval.empty() for an empty set"
            )
    empty = canonical_empty | ((lo_f == hi_f) & (lo_o | hi_o))
    return _empty_where(empty, lo_f, hi_f, lo_o, hi_o)
