"""Work out, for failing claims, the value that would have been consistent: pure and vectorized.

For a kind that states a figure (share, growth, change, multiple, total, CAGR, product,
elapsed years, agrees, pp_change with a figure) it is the figure the operands give: a CAGR
stated as 31.6% where the figures give 41.0% would have been consistent at 41.0%. For a kind
that states only a direction or an order it is the operand the claim is about: how high `a`
would have to be to stand "far above" `b`, the cap that `value` would fit under, the level an
item of a trend would have to pass. Half-lines have an infinite end.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from checks.numbers.interval import Interval

__all__ = ["Consistent", "consistent"]

_INF = np.inf


@dataclass(frozen=True)
class Consistent:
    """Per row: which value (`stated`, or an operand role) and the interval that would hold."""

    role: list[str]
    value: Interval


def _half(n: int, lo: np.ndarray, hi: np.ndarray, lo_open: bool, hi_open: bool) -> Interval:
    return Interval(lo, hi, np.full(n, lo_open), np.full(n, hi_open))


def consistent(
    kind: str,
    params: dict[str, str],
    ops: dict[str, Interval],
    items: list[Interval],
    computed: Interval,
    has_stated: bool,
) -> Consistent:
    """Return the value that would make each claim of one group hold (see the module doc)."""
    n = int(np.shape(computed.lo)[0])
    inf, ninf = np.full(n, _INF), np.full(n, -_INF)
    if kind == "pp_change" and not has_stated:
        floor = float(params["min_pp"])
        old = ops["old"]
        if params["direction"] == "up":
            value = _half(n, old.lo + floor, inf, floor == 0, False)
        else:
            value = _half(n, ninf, old.hi - floor, False, floor == 0)
        return Consistent(["new"] * n, value)
    if kind == "ordering":
        ratio = float(params["min_ratio"])
        b = ops["b"]
        if params["relation"] == "gt":
            value = _half(n, b.lo * ratio, inf, ratio == 1, False)
        else:
            value = _half(n, ninf, b.hi / ratio, False, ratio == 1)
        return Consistent(["a"] * n, value)
    if kind == "within":
        value_iv = ops["value"]
        if params.get("mode", "at_most") == "at_most":
            return Consistent(["cap"] * n, _half(n, value_iv.lo, inf, False, False))
        return Consistent(["cap"] * n, value_iv)
    if kind == "trend":
        return _trend(n, items, params["direction"] == "increasing")
    return Consistent(["stated"] * n, computed)


def _trend(n: int, items: list[Interval], increasing: bool) -> Consistent:
    """Name the first item that breaks the trend and the level it would have to pass."""
    steps = [b - a for a, b in pairwise(items)]
    broken = np.array([(s.hi <= 0) if increasing else (s.lo >= 0) for s in steps])  # (k, n)
    first = np.where(broken.any(axis=0), broken.argmax(axis=0), 0)
    at = first[None, :]
    prev_lo = np.take_along_axis(np.stack([it.lo for it in items[:-1]]), at, 0)[0]
    prev_hi = np.take_along_axis(np.stack([it.hi for it in items[:-1]]), at, 0)[0]
    inf = np.full(n, _INF)
    value = (
        _half(n, prev_lo, inf, True, False) if increasing else _half(n, -inf, prev_hi, False, True)
    )
    return Consistent([f"items[{int(k) + 1}]" for k in first], value)
