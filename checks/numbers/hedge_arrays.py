"""Apply a hedge policy to arrays of figures with numpy integer arithmetic (no Python loop).

`checks.numbers.hedge.HedgePolicy.exact_bounds` is the specification, in Decimal, one figure at a
time. Here every bound of a figure with value k·10**-d is an integer multiple of
10**(-d-1-P), where P is the number of decimal places of the policy's margins (0.02 → 2):
the value is k·10·S units (S = 10**P), half a last digit 5·S, a margin rel·|v| is
|k|·10·(rel·S). So the policy is exact int64 arithmetic, and `Interval.from_scaled` rounds
the results outward to the tightest floats. Figures outside that fast path (huge mantissas,
|decimals| > 22) or with a problem go through the specification one by one, which also
words every problem; all problems are raised together.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from checks.numbers.interval import Interval
from checks.numbers.quantity import Qualifier
from checks.numbers.rounding import BoolArray, FloatArray, IntArray, scaled_bounds

__all__ = ["OneFigure", "PolicySpec", "policy_intervals"]

_QUALS = [q.value for q in Qualifier]
_INT_ROOM = 2.0**59  # |k|·10**(P+1) below this keeps every bound (≤ 10×, 数十) inside int64
_POW10 = np.array([10.0**i for i in range(23)])
_SHOWN = 20  # problems listed in one error
_SCALING_CODES = [_QUALS.index(q) for q in ("several", "majority", "doubled")]
_RANGE_CODES = [_QUALS.index("none"), _QUALS.index("about")]  # the hedges defined on a range

_Ends = tuple[IntArray, IntArray, BoolArray, BoolArray]


class OneFigure(Protocol):
    """Describe the exact interval of one figure, as the specification returns it."""

    @property
    def lo(self) -> Decimal: ...
    @property
    def hi(self) -> Decimal: ...
    @property
    def lo_open(self) -> bool: ...
    @property
    def hi_open(self) -> bool: ...


class PolicySpec(Protocol):
    """Describe what the array path needs of a hedge policy: its parameters and its exact spec.

    `checks.numbers.hedge.HedgePolicy` is one; this module names it by shape, not by import,
    so the policy can call this module without the two importing each other.
    """

    @property
    def rounding(self) -> StrEnum: ...
    @property
    def doubled(self) -> StrEnum: ...
    @property
    def about_rel(self) -> Decimal: ...
    @property
    def more_than_rel(self) -> Decimal: ...
    @property
    def nearly_rel(self) -> Decimal: ...
    @property
    def under_rel(self) -> Decimal: ...

    def exact_bounds(
        self, value: Decimal, decimals: int, qualifier: str, upper: Decimal | None
    ) -> OneFigure:
        """Return the exact interval of one figure; raise ValueError("hedge: ...") if unusable."""
        ...


def _floats(a: ArrayLike, what: str) -> tuple[FloatArray, BoolArray]:
    """Read numbers as float64 and mark missing ones ("", None, NaN)."""
    arr = np.asarray(a)
    if arr.dtype.kind in "fiu":
        f = arr.astype(np.float64)
        return f, np.isnan(f)
    obj = arr.astype(object)
    missing = np.asarray(pd.isna(obj), dtype=bool) | np.asarray(obj == "", dtype=bool)
    try:
        return np.where(missing, np.nan, obj).astype(np.float64), missing
    except (TypeError, ValueError):
        for idx in np.ndindex(obj.shape):
            try:
                float(obj[idx])
            except (TypeError, ValueError):
                raise ValueError(
                    f"hedge: {what} {obj[idx]!r} at row {_row(idx)} is not a number"
                ) from None
        raise


def _row(idx: tuple[int, ...]) -> str:
    return str(idx[0]) if len(idx) == 1 else str(idx)


def _decimal(x: object) -> Decimal:
    """Read one raw value exactly as stated (a float by its shortest repr)."""
    if isinstance(x, float | np.floating):
        return Decimal(repr(float(x)))
    return Decimal(str(x).strip() if isinstance(x, str) else x)  # type: ignore[arg-type]


def _mantissa(v: FloatArray, d: IntArray) -> tuple[IntArray, BoolArray]:
    """Recover k = v·10**d as int64 where that is exact; mark where it is not."""
    p = _POW10[np.minimum(np.abs(d), 22)]
    with np.errstate(over="ignore", invalid="ignore"):
        k = np.rint(np.where(d >= 0, v * p, v / p))
    lo, hi = scaled_bounds(
        np.where(np.isfinite(k) & (np.abs(k) < 2.0**62), k, 0).astype(np.int64), -d
    )
    ok = np.isfinite(k) & (np.abs(d) <= 22) & (lo <= v) & (v <= hi)
    return np.where(ok, k, 0).astype(np.int64), ok


def _single(policy: PolicySpec, k: IntArray, code: IntArray, scale: int) -> _Ends:
    """Return the integer ends (units 10**(-d-1-P)) and open flags of each figure k."""
    s = 10**scale
    big_k = np.abs(k)
    v, h, u = big_k * 10 * s, 5 * s, 10 * s

    def margin(rel: Decimal) -> IntArray:
        return np.asarray(big_k * 10 * int(rel * s), dtype=np.int64)

    zero = big_k == 0
    yes, no = np.ones(k.shape, dtype=bool), np.zeros(k.shape, dtype=bool)
    rule = policy.rounding.value
    if rule == "half_even":
        odd = (big_k % 2) == 1
        r = (v - h, v + h, odd, odd)
    elif rule == "half_up":
        r = (np.where(zero, -h, v - h), v + h, zero, yes)
    else:
        r = (np.where(zero, -u, v), v + u, zero, yes)
    about, more, near, under = (
        margin(policy.about_rel),
        margin(policy.more_than_rel),
        margin(policy.nearly_rel),
        margin(policy.under_rel),
    )
    top = v + np.maximum(more, u)
    doubled = {
        "below_triple": (v, (v * 3) // 2, no, yes),  # 翻倍 is the ratio 2: v is even on any grid
        "at_least": (v, v + more, no, no),
        "about": (v - about, v + about, no, no),
    }[policy.doubled.value]
    cases: dict[str, Callable[[], _Ends]] = {
        "none": lambda: r,
        "about": lambda: (
            np.minimum(r[0], v - about),
            np.maximum(r[1], v + about),
            r[2] & (r[0] < v - about),
            r[3] & (r[1] > v + about),
        ),
        "more_than": lambda: (v, top, yes, no),
        "at_least": lambda: (v, top, no, no),
        "nearly": lambda: (v - near, np.minimum(r[1], v + near), no, r[3] & (r[1] <= v + near)),
        "under": lambda: (v - np.maximum(under, u), v, no, yes),
        "doubled": lambda: doubled,
        "plus": lambda: (v, v + u, yes, yes),
        "several": lambda: (2 * v, 10 * v, no, yes),
        "majority": lambda: (v, 2 * v, yes, no),
    }
    # only the qualifiers present: a case uses a few, and each costs a dozen array operations
    present = set(np.unique(code).tolist())
    used = [
        (code == _QUALS.index(name), ends())
        for name, ends in cases.items()
        if _QUALS.index(name) in present
    ]
    conds = [c for c, _ in used]
    lo, hi, lo_open, hi_open = (
        np.select(conds, [np.broadcast_to(e[i], k.shape) for _, e in used]).astype(dtype)
        if used
        else np.zeros(k.shape, dtype=dtype)
        for i, dtype in enumerate((np.int64, np.int64, bool, bool))
    )
    neg = k < 0
    return (
        np.where(neg, -hi, lo),
        np.where(neg, -lo, hi),
        np.where(neg, hi_open, lo_open),
        np.where(neg, lo_open, hi_open),
    )


def policy_intervals(
    policy: PolicySpec,
    values: ArrayLike,
    decimals: ArrayLike,
    qualifiers: ArrayLike,
    uppers: ArrayLike | None,
) -> Interval:
    """Return the intervals of many figures under `policy` (see HedgePolicy.intervals)."""
    v, v_missing = _floats(values, "value")
    u, u_missing = (
        _floats(uppers, "upper") if uppers is not None else (np.array(np.nan), np.array(True))
    )
    d_arr = np.asarray(decimals)
    if d_arr.dtype.kind not in "iu":
        raise ValueError(f"hedge: decimals must be integers, got dtype {d_arr.dtype}")
    q = np.asarray(qualifiers, dtype=object).astype(str)
    v, v_missing, u, u_missing, d, q = np.broadcast_arrays(
        v, v_missing, u, u_missing, d_arr.astype(np.int64), q
    )
    shape = v.shape
    code = np.full(shape, -1, dtype=np.int64)
    for i, name in enumerate(_QUALS):
        code[q == name] = i
    rels = (policy.about_rel, policy.more_than_rel, policy.nearly_rel, policy.under_rel)
    scale = max(max(-int(r.normalize().as_tuple().exponent), 0) for r in rels)
    k, ok = _mantissa(v, d)
    k2, ok2 = _mantissa(np.where(u_missing, 0.0, u), d)
    room = _INT_ROOM / 10.0 ** (scale + 1)
    ranged = ~u_missing
    fast = (
        ok
        & ~v_missing
        & (code >= 0)
        & (np.abs(k) < room)
        & ~((code == _QUALS.index(Qualifier.DOUBLED.value)) & (k <= 0))  # refused by the spec,
        & ~(np.isin(code, _SCALING_CODES) & (k == 0))  # which words why
        & (u_missing | (ok2 & (np.abs(k2) < room) & (k2 >= k) & np.isin(code, _RANGE_CODES)))
    )
    lo1, hi1, lo_o1, hi_o1 = _single(policy, np.where(fast, k, 0), code, scale)
    # the high ends of ranges; with no range among the figures they are the single ends
    _, hi2, _, hi_o2 = (
        _single(policy, np.where(fast & ranged, k2, 0), code, scale)
        if ranged.any()
        else (lo1, hi1, lo_o1, hi_o1)
    )
    result = Interval.from_scaled(
        lo1,
        np.where(ranged, hi2, hi1),
        -d - 1 - scale,
        lo_o1,
        np.where(ranged, hi_o2, hi_o1),
    )
    lo, hi = result.lo.copy(), result.hi.copy()
    lo_open, hi_open = result.lo_open.copy(), result.hi_open.copy()
    problems: list[str] = []
    raw_v = np.broadcast_to(np.asarray(values, dtype=object), shape)
    raw_u = np.broadcast_to(np.asarray(uppers if uppers is not None else None, dtype=object), shape)
    for idx in map(tuple, np.argwhere(~fast)):
        where = f"row {_row(idx)}"
        if v_missing[idx]:
            problems.append(f"{where}: value is missing")
            continue
        upper = None if u_missing[idx] else _decimal(raw_u[idx])
        try:
            b = policy.exact_bounds(_decimal(raw_v[idx]), int(d[idx]), str(q[idx]), upper)
        except ValueError as err:
            problems.append(f"{where}: {str(err).removeprefix('hedge: ')}")
            continue
        one = Interval.from_decimals(b.lo, b.hi, b.lo_open, b.hi_open)
        lo[idx], hi[idx], lo_open[idx], hi_open[idx] = one.lo, one.hi, one.lo_open, one.hi_open
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems[:_SHOWN])
        more = f"\n  ... and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        raise ValueError(f"hedge: {len(problems)} of {v.size} figures unusable:\n{listed}{more}")
    return Interval(lo, hi, lo_open, hi_open)
