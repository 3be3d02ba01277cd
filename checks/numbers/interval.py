"""Compute soundly with intervals of real numbers, vectorized over float64 arrays.

A stated figure is a set of possible true values: "7.29亿元" is [7.285e8, 7.295e8), "24%" is
[23.5, 24.5). An `Interval` holds one such set per row — numpy arrays `lo`, `hi`,
`lo_open`, `hi_open` of any common shape — so one call evaluates a whole claims table.

Soundness: every result contains the exact result for every choice of exact operands in
the operand intervals. Each float operation is correctly rounded, so its lower bound is
stepped one ulp down and its upper bound one ulp up (`checks.numbers.rounding`; sums and
differences step only when TwoSum shows they are inexact, so 2025 − 2012 is 13); powers use
directed-rounding multiplication and roots verify their candidates exactly that way.

Conventions (each chosen so that no wrong finite number can come out):

- open ends are exact for the set operations (`intersects`, `intersection`, `hull`,
  `contains`, `abs`, negation); arithmetic returns *closed* intervals, a superset of the
  exact result (its ends are already pushed outward past the exact ones, so nothing
  reachable is lost by closing them);
- ±inf ends mean "unbounded"; dividing by an interval containing zero gives (−inf, inf),
  or a half-line when zero is an end of the divisor ([1, 2] / [0, 4] = [0.25, inf));
- an *empty* row (lo = +inf, hi = −inf) is the result of an empty `intersection` or of a
  root of a wholly negative interval; it intersects nothing and arithmetic keeps it empty;
- NaN is refused when an interval is built.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from checks.numbers.ends import (
    abs_ends,
    closed_ends,
    div_ends,
    gap_between,
    hull_ends,
    intersecting,
    meet_ends,
    meets,
    mul_ends,
    pow_ends,
    root_ends,
)
from checks.numbers.rounding import (
    BoolArray,
    FloatArray,
    IntArray,
    add_down,
    add_up,
    checked_floats,
    decimal_arrays,
    down,
    format_interval,
    scaled_arrays,
    up,
)

__all__ = ["Bounds", "Interval", "Operand"]

Operand: TypeAlias = "Interval | float | int | Decimal"

_INF = np.inf
_SHOWN = 6  # rows shown by repr
_ENDS = ("lo", "hi", "lo_open", "hi_open")


class Bounds(NamedTuple):
    """Hold one interval as plain Python values, for messages and per-claim docs."""

    lo: float
    hi: float
    lo_open: bool
    hi_open: bool


def _closed(shape: tuple[int, ...]) -> BoolArray:
    return np.zeros(shape, dtype=bool)


def _coerce(x: object) -> Interval | None:
    """Turn an operand into an Interval; numbers are exact points (ints and Decimals rounded
    outward if they are not doubles). Return None for what is not a number."""
    if isinstance(x, Interval):
        return x
    if isinstance(x, bool | np.bool_):
        return None
    if isinstance(x, int | np.integer):
        return Interval.from_decimals(Decimal(int(x)), Decimal(int(x)))
    if isinstance(x, Decimal):
        return Interval.from_decimals(x, x)
    if isinstance(x, float | np.floating):
        if math.isnan(x):
            raise ValueError("Interval: operand is NaN; bounds must be numbers")
        v = np.asarray(x, dtype=np.float64)
        return Interval._make(v, v, _closed(()), _closed(()))
    if isinstance(x, np.ndarray):
        return Interval(x, x)
    return None


class Interval:
    """Hold one interval of reals per array element; compute with them soundly.

    >>> Interval.from_decimals(Decimal("7.285e8"), Decimal("7.295e8"), hi_open=True)
    [7.285e8, 7.295e8)

    Build with `Interval(lo, hi, lo_open, hi_open)` from floats (taken as exact),
    `from_decimals`/`from_arrays` from exact decimals (rounded outward), or `point`.
    Treat instances as immutable.
    """

    __slots__ = ("hi", "hi_open", "lo", "lo_open")
    __array_ufunc__ = None  # numpy defers to our reflected operators: 2.0 * iv is an Interval

    lo: FloatArray
    hi: FloatArray
    lo_open: BoolArray
    hi_open: BoolArray

    def __init__(
        self, lo: ArrayLike, hi: ArrayLike, lo_open: ArrayLike = False, hi_open: ArrayLike = False
    ) -> None:
        """Build from float bounds, taken as exact; refuse NaN, lo > hi and ends at the wrong inf."""
        self.lo, self.hi, self.lo_open, self.hi_open = checked_floats(lo, hi, lo_open, hi_open)

    @classmethod
    def _make(
        cls, lo: FloatArray, hi: FloatArray, lo_open: BoolArray, hi_open: BoolArray
    ) -> Interval:
        """Build without checks: for results that are valid by construction."""
        obj = object.__new__(cls)
        obj.lo, obj.hi, obj.lo_open, obj.hi_open = lo, hi, lo_open, hi_open
        return obj

    # ----------------------------------------------------------------- constructors
    @classmethod
    def point(cls, x: ArrayLike) -> Interval:
        """Return the degenerate intervals [x, x] of exact floats x."""
        return cls(x, x)

    @classmethod
    def empty(cls, shape: tuple[int, ...] = ()) -> Interval:
        """Return empty intervals (lo = +inf, hi = −inf) of the given shape."""
        return cls._make(
            np.full(shape, _INF), np.full(shape, -_INF), _closed(shape), _closed(shape)
        )

    @classmethod
    def unbounded(cls, shape: tuple[int, ...] = ()) -> Interval:
        """Return (−inf, inf): no information."""
        return cls._make(
            np.full(shape, -_INF), np.full(shape, _INF), _closed(shape), _closed(shape)
        )

    @classmethod
    def from_decimals(
        cls,
        lo: Decimal | int | str,
        hi: Decimal | int | str,
        lo_open: bool = False,
        hi_open: bool = False,
    ) -> Interval:
        """Build one interval from exact decimal bounds, rounding lo down and hi up to floats.

        Example: from_decimals(Decimal("44.75"), Decimal("44.85")) has lo exactly 44.75 and
        hi the float just above 44.85 (44.85 is not a binary fraction).
        """
        return cls(
            *decimal_arrays(
                np.array(lo, dtype=object), np.array(hi, dtype=object), lo_open, hi_open
            )
        )

    @classmethod
    def from_arrays(
        cls, lo: ArrayLike, hi: ArrayLike, lo_open: ArrayLike = False, hi_open: ArrayLike = False
    ) -> Interval:
        """Build from arrays of bounds: floats are exact; Decimals, ints or strings are rounded
        outward element by element (exact, so slower than the float path)."""
        lo_a, hi_a = np.asarray(lo), np.asarray(hi)
        if lo_a.dtype.kind == "f" and hi_a.dtype.kind == "f":
            return cls(lo_a, hi_a, lo_open, hi_open)
        return cls(*decimal_arrays(lo_a, hi_a, lo_open, hi_open))

    @classmethod
    def from_scaled(
        cls,
        lo_mantissa: IntArray,
        hi_mantissa: IntArray,
        exponent: IntArray,
        lo_open: ArrayLike = False,
        hi_open: ArrayLike = False,
    ) -> Interval:
        """Build from exact bounds lo_mantissa·10**exponent and hi_mantissa·10**exponent.

        Vectorized and tight: each bound is the nearest float on its outward side.
        """
        return cls(*scaled_arrays(lo_mantissa, hi_mantissa, exponent, lo_open, hi_open))

    @staticmethod
    def where(cond: ArrayLike, a: Interval, b: Interval) -> Interval:
        """Take the rows of `a` where cond is true and of `b` elsewhere (numpy.where)."""
        c = np.asarray(cond, dtype=bool)
        return Interval._make(*(np.where(c, getattr(a, end), getattr(b, end)) for end in _ENDS))

    # ----------------------------------------------------------------- array protocol
    @property
    def shape(self) -> tuple[int, ...]:
        """Return the array shape of the rows (() for one interval)."""
        return tuple(self.lo.shape)

    @property
    def size(self) -> int:
        """Return the number of rows."""
        return int(self.lo.size)

    def __len__(self) -> int:
        if self.lo.ndim == 0:
            raise TypeError("len() of a scalar Interval")
        return len(self.lo)

    def __getitem__(self, key: Any) -> Interval:
        """Take rows like numpy does: iv[3] is a scalar Interval, iv[mask] a smaller array."""
        return Interval._make(*(np.asarray(getattr(self, end)[key]) for end in _ENDS))

    def take(self, positions: ArrayLike) -> Interval:
        """Take rows by integer positions of any shape, like numpy.take (−1 is the last row).

        Cheaper than indexing (`iv[positions]`): four gathers, and taken rows stay valid."""
        pos = np.asarray(positions)
        return Interval._make(*(getattr(self, end).take(pos) for end in _ENDS))

    @staticmethod
    def concatenate(parts: Sequence[Interval]) -> Interval:
        """Join the rows of one-dimensional Intervals in order (valid rows stay valid)."""
        return Interval._make(*(np.concatenate([getattr(p, end) for p in parts]) for end in _ENDS))

    def item(self) -> Bounds:
        """Return the single interval of a one-element Interval as Python values."""
        if self.size != 1:
            raise ValueError(f"Interval.item(): {self.size} elements, expected 1")
        lo, hi, lo_open, hi_open = (getattr(self, end).item() for end in _ENDS)
        return Bounds(float(lo), float(hi), bool(lo_open), bool(hi_open))

    def __bool__(self) -> bool:
        raise TypeError("the truth value of an Interval is ambiguous; use intersects/contains")

    @property
    def is_empty(self) -> BoolArray:
        """Mark the rows that contain no number."""
        return np.asarray(self.lo > self.hi)

    def __repr__(self) -> str:
        shown = self.take(np.arange(min(self.size, _SHOWN)))  # the first rows, flattened
        rows = [format_interval(*shown[i].item()) for i in range(shown.size)]
        if self.lo.ndim == 0:
            return rows[0]
        more = ", …" if self.size > _SHOWN else ""
        return f"Interval(shape={self.shape}: {', '.join(rows)}{more})"

    # ----------------------------------------------------------------- arithmetic
    @staticmethod
    def _finish(
        lo: FloatArray, hi: FloatArray, *operands: Interval, rounded: bool = False
    ) -> Interval:
        """Round lo down and hi up one ulp (unless already `rounded` outward), close both
        ends, and keep empty rows empty."""
        if not rounded:
            lo, hi = down(lo), up(hi)
        empty = np.zeros(np.shape(lo), dtype=bool)
        for op in operands:
            empty = empty | op.is_empty
        return Interval._make(*closed_ends(np.asarray(lo), np.asarray(hi), empty))

    def __neg__(self) -> Interval:
        return Interval._make(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __add__(self, other: Operand) -> Interval:
        b = _coerce(other)
        if b is None:
            return NotImplemented
        lo, hi = add_down(self.lo, b.lo), add_up(self.hi, b.hi)
        return self._finish(lo, hi, self, b, rounded=True)

    def __radd__(self, other: Operand) -> Interval:
        return self.__add__(other)

    def __sub__(self, other: Operand) -> Interval:
        b = _coerce(other)
        if b is None:
            return NotImplemented
        lo, hi = add_down(self.lo, -b.hi), add_up(self.hi, -b.lo)
        return self._finish(lo, hi, self, b, rounded=True)

    def __rsub__(self, other: Operand) -> Interval:
        a = _coerce(other)
        return NotImplemented if a is None else a.__sub__(self)

    def __mul__(self, other: Operand) -> Interval:
        b = _coerce(other)
        if b is None:
            return NotImplemented
        return self._finish(*mul_ends(self.lo, self.hi, b.lo, b.hi), self, b)

    def __rmul__(self, other: Operand) -> Interval:
        return self.__mul__(other)

    def __truediv__(self, other: Operand) -> Interval:
        """Divide; a divisor containing zero gives (−inf, inf) or a half-line, never a finite lie.

        [1, 2] / [0, 4] = [0.25, inf); [1, 2] / [−1, 1] = (−inf, inf); 0 / [0, 4] = 0.
        """
        b = _coerce(other)
        if b is None:
            return NotImplemented
        return self._finish(*div_ends(self.lo, self.hi, b.lo, b.hi), self, b)

    def __rtruediv__(self, other: Operand) -> Interval:
        a = _coerce(other)
        return NotImplemented if a is None else a.__truediv__(self)

    def __abs__(self) -> Interval:
        return Interval._make(*abs_ends(self))

    def pow_int(self, n: int | ArrayLike) -> Interval:
        """Raise to integer powers n, elementwise (n < 0 means 1 / x**|n|; x**0 is 1).

        Provably sound (`checks.numbers.ends.pow_ends`); [−2, 1].pow_int(2) is [0, 4].
        """
        n_arr = np.asarray(n)
        if n_arr.dtype.kind not in "iu":
            raise TypeError(f"pow_int: exponent must be an integer, got {n!r}")
        n_arr = n_arr.astype(np.int64)
        lo, hi = pow_ends(self.lo, self.hi, np.abs(n_arr))
        result = Interval._make(*closed_ends(lo, hi, self.is_empty))
        if (n_arr < 0).any():
            result = Interval.where(n_arr < 0, 1.0 / result, result)
        return result

    def root(self, n: int | ArrayLike) -> Interval:
        """Take the real n-th root (integer n ≥ 1, elementwise) of the non-negative part.

        The root is the image of the row's part in [0, inf): a negative lower end is
        clamped to 0 and a wholly negative row becomes empty. Provably sound: candidates
        are checked exactly (`checks.numbers.ends.root_ends`).
        """
        n_arr = np.asarray(n)
        if n_arr.dtype.kind not in "iu" or (n_arr < 1).any():
            raise ValueError(f"root: n must be an integer ≥ 1, got {n!r}")
        gone = self.is_empty | (self.hi < 0)
        lo, hi = root_ends(
            np.where(gone, 0.0, np.maximum(self.lo, 0.0)),
            np.where(gone, 0.0, self.hi),
            n_arr.astype(np.int64),
        )
        return Interval._make(*closed_ends(lo, hi, gone))

    # ----------------------------------------------------------------- set operations
    def intersects(self, other: Interval) -> BoolArray:
        """Tell, per row, whether some number lies in both ([1, 2) and [2, 3] do not meet)."""
        return intersecting(self, other)

    def intersection(self, other: Interval) -> Interval:
        """Return the rows' common parts (empty rows where they do not intersect)."""
        lo, hi, lo_open, hi_open = meet_ends(self, other)
        meet = meets(lo, hi, lo_open, hi_open)
        return Interval._make(
            np.where(meet, lo, _INF), np.where(meet, hi, -_INF), lo_open & meet, hi_open & meet
        )

    def hull(self, other: Interval) -> Interval:
        """Return the smallest intervals containing both (an empty row is ignored)."""
        return Interval._make(*hull_ends(self, other))

    def contains(self, x: ArrayLike) -> BoolArray:
        """Tell, per row, whether the float x lies in the interval (open ends respected)."""
        v = np.asarray(x, dtype=np.float64)
        above = (self.lo < v) | ((self.lo == v) & ~self.lo_open)
        below = (v < self.hi) | ((v == self.hi) & ~self.hi_open)
        return np.asarray(above & below)

    def distance(self, other: Interval) -> FloatArray:
        """Return the gap between the rows: 0 where they intersect, +inf if one is empty.

        The gap is rounded down (a "fails by at least" figure); touching rows with an open
        end, like [1, 2) and [2, 3], do not intersect yet have distance 0.
        """
        return gap_between(self, other, self.intersects(other))
