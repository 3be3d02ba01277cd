"""Format figures and intervals for people: 亿 for large yuan sums, % for percents."""

from __future__ import annotations

import math

__all__ = ["format_interval", "format_number"]

_SUFFIX = {
    "pct": "%",
    "pp": " pp",
    "ratio": "×",
    "years": " years",
    "year": "",
    "shares": " shares",
    "count": "",
}
_CURRENCY = {"CNY": "元", "HKD": "港元", "USD": "美元"}


def _scale(unit: str, magnitude: float) -> tuple[float, str]:
    """Pick the scale word a Chinese financial text would use for this magnitude.

    Counts are scaled like money and shares (超千亿 is 1000亿): unscaled, a large count would
    print in exponent notation (1e+11).
    """
    if unit in _CURRENCY or unit in ("shares", "count"):
        if magnitude >= 1e8:
            return 1e8, "亿"
        if magnitude >= 1e4:
            return 1e4, "万"
    return 1.0, ""


def format_number(value: float, unit: str, digits: int = 4) -> str:
    """Write one number with its unit, to `digits` significant digits: 7.29亿元, 44.83%."""
    if math.isnan(value):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    div, word = _scale(unit, abs(value))
    return _with_unit(f"{value / div:.{digits}g}", word, unit)


def format_interval(
    lo: float, hi: float, lo_open: bool, hi_open: bool, unit: str, digits: int = 5
) -> str:
    """Write an interval with its open or closed ends: [7.285, 7.295)亿元; a point as one number."""
    if math.isnan(lo) or math.isnan(hi):
        return "—"
    if lo == hi:
        return format_number(lo, unit, digits)
    lo_inf, hi_inf = math.isinf(lo), math.isinf(hi)
    if lo_inf or hi_inf:  # scaled by the finite end alone (by none when both are infinite)
        magnitude = 0.0 if lo_inf and hi_inf else abs(hi) if lo_inf else abs(lo)
    else:
        magnitude = max(abs(lo), abs(hi))
    div, word = _scale(unit, magnitude)
    left = "(" if lo_open or lo_inf else "["
    right = ")" if hi_open or hi_inf else "]"
    body = f"{left}{_end(lo, div, digits)}, {_end(hi, div, digits)}{right}"
    return _with_unit(body, word, unit)


def _end(x: float, div: float, digits: int) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x / div:.{digits}g}"


def _with_unit(body: str, word: str, unit: str) -> str:
    """Append the scale word and the unit as Chinese financial text writes them: 7.29亿元."""
    if unit in _CURRENCY:
        return f"{body}{word}{_CURRENCY[unit]}"
    if unit == "shares":
        return f"{body}{word}股"
    return body + word + _SUFFIX.get(unit, f" {unit}")
