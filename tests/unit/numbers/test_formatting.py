"""Tests for checks.numbers.formatting: figures and intervals as a reader of the article would write them."""

from __future__ import annotations

import math

import pytest

from checks.numbers.formatting import format_interval, format_number

INF = math.inf
NAN = math.nan


@pytest.mark.parametrize(
    ("value", "unit", "digits", "shown"),
    [
        # money: 亿 from 10^8, 万 from 10^4, the currency word after the scale word
        (729_000_000, "CNY", 4, "7.29亿元"),
        (2_000_000_000, "HKD", 4, "20亿港元"),
        (87_400_000_000, "USD", 4, "874亿美元"),
        (10_000, "CNY", 4, "1万元"),
        (9_999, "CNY", 4, "9999元"),
        (5.83, "HKD", 4, "5.83港元"),
        (-504_740_000, "CNY", 4, "-5.047亿元"),  # the scale follows the magnitude
        (100_000_000, "CNY", 4, "1亿元"),  # exactly 10^8 is 亿, not 10000万
        # shares and counts scale the same way
        (69_375_000, "shares", 4, "6938万股"),
        (100_000_000_000, "count", 4, "1000亿"),  # 超千亿 (an industry chain size)
        (300, "count", 4, "300"),
        # percents, points, ratios, years
        (44.83, "pct", 4, "44.83%"),
        (44.834, "pct", 4, "44.83%"),  # `digits` significant digits
        (44.834, "pct", 5, "44.834%"),
        (2.2, "pp", 4, "2.2 pp"),
        (2.5, "ratio", 4, "2.5×"),
        (13, "years", 4, "13 years"),
        (2015, "year", 4, "2015"),
        (3, "kg", 4, "3 kg"),  # an unknown unit is written after the number
        # no value, infinities
        (NAN, "CNY", 4, "—"),
        (INF, "pct", 4, "∞"),
        (-INF, "ratio", 4, "−∞"),
    ],
)
def test_format_number(value: float, unit: str, digits: int, shown: str) -> None:
    assert format_number(value, unit, digits) == shown


def test_large_counts_are_never_written_in_exponent_notation() -> None:
    for value in (1.2e4, 3e8, 1e11, 123_456_789):
        assert "e+" not in format_number(value, "count")
        assert "e+" not in format_interval(value, value * 1.1, False, False, "count")


@pytest.mark.parametrize(
    ("lo", "hi", "lo_open", "hi_open", "unit", "shown"),
    [
        # the README's worked example: 7.29亿元 is [7.285, 7.295) × 10^8 CNY
        (728_500_000, 729_500_000, False, True, "CNY", "[7.285, 7.295)亿元"),
        (44.75, 44.85, False, True, "pct", "[44.75, 44.85)%"),
        (6.3, 7.5, False, True, "ratio", "[6.3, 7.5)×"),  # 近7倍
        (27e8, 29.7e8, True, False, "HKD", "(27, 29.7]亿港元"),  # 逾27亿港元
        (9, 10, False, True, "pct", "[9, 10)%"),  # 不足10%
        (2.8, 3.0, False, False, "pp", "[2.8, 3] pp"),
        (12.5, 13.5, False, True, "years", "[12.5, 13.5) years"),
        (67_988_000, 70_762_000, False, False, "shares", "[6798.8, 7076.2]万股"),
        (12_000, 13_000, False, False, "count", "[1.2, 1.3]万"),
        # both ends scale by the larger magnitude, so they read on one scale
        (-1_804_000_000, -1_587_100_000, False, False, "HKD", "[-18.04, -15.871]亿港元"),
        # infinite ends are always open, whatever the flags say; the finite end sets the scale
        (0, INF, True, False, "CNY", "(0, ∞)元"),
        (1.25, INF, False, False, "ratio", "[1.25, ∞)×"),
        (-INF, 0, False, True, "HKD", "(−∞, 0)港元"),
        (-INF, 5e8, False, False, "CNY", "(−∞, 5]亿元"),
        (-INF, INF, False, False, "pct", "(−∞, ∞)%"),
        # a point is one number; a missing end is a dash
        (44.8, 44.8, False, False, "pct", "44.8%"),
        (2_802_000_000, 2_802_000_000, False, False, "HKD", "28.02亿港元"),
        (NAN, 1.0, False, False, "pct", "—"),
        (1.0, NAN, False, False, "pct", "—"),
        (NAN, NAN, False, False, "CNY", "—"),
    ],
)
def test_format_interval(
    lo: float, hi: float, lo_open: bool, hi_open: bool, unit: str, shown: str
) -> None:
    assert format_interval(lo, hi, lo_open, hi_open, unit) == shown


def test_format_interval_digits() -> None:
    assert format_interval(44.830344, 44.839255, False, False, "pct") == "[44.83, 44.839]%"
    assert format_interval(44.830344, 44.839255, False, False, "pct", 7) == "[44.83034, 44.83926]%"
