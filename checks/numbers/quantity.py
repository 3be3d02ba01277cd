"""Value types shared by the parser, the hedge policy and the datasets: units, qualifiers, quantities."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = ["MONEY_UNITS", "Direction", "Qualifier", "Quantity", "Unit"]


class Unit(StrEnum):
    """The unit a fact's value is stored in (base units: CNY, not 亿元)."""

    CNY = "CNY"
    HKD = "HKD"
    USD = "USD"
    PCT = "pct"  # percent: 44.8 means 44.8 %
    PP = "pp"  # percentage points
    RATIO = "ratio"  # a multiple: 7 means "7 times"
    SHARES = "shares"
    YEARS = "years"  # a duration
    YEAR = "year"  # a calendar year, e.g. 2012
    COUNT = "count"


MONEY_UNITS: tuple[str, ...] = (Unit.CNY.value, Unit.HKD.value, Unit.USD.value)
"""The currencies: the one list every money rule (concepts, unit algebra, misreadings) reads."""


class Qualifier(StrEnum):
    """The hedge word attached to a figure; the hedge policy turns it into an interval."""

    NONE = "none"  # a plain rounded figure
    ABOUT = "about"  # 约, 大约, 左右
    MORE_THAN = "more_than"  # 超, 超过, 逾, 以上
    NEARLY = "nearly"  # 近, 接近, 将近
    UNDER = "under"  # 不足, 低于
    AT_LEAST = "at_least"  # 至少, 不低于, 不少于
    DOUBLED = "doubled"  # 翻倍, 翻番: a ratio of 2
    PLUS = "plus"  # 多, 余, a trailing 几: 二十余家, 4200多亿元, 十几年, 两倍多
    SEVERAL = "several"  # 几, 数 before a power of ten: 数十亿元, 几百家, 几家
    MAJORITY = "majority"  # 过半, 超半数, 大半: more than half


class Direction(StrEnum):
    """The direction a figure is stated to move in: 增长 15% is up, 下降 3个百分点 is down.

    The value stays the magnitude as written (下降3个百分点 has value 3, direction down); a
    signed reading belongs to the claim that uses the figure. 收窄 (narrowed) is down and 扩大
    (widened) is up: both speak of the magnitude of what they qualify (a loss, a gap).
    """

    NONE = "none"  # no direction word
    UP = "up"  # 增长, 上升, 增加, 扩大, 大升, 同比增长, 按年上升, ...
    DOWN = "down"  # 下降, 下滑, 减少, 收窄, 跌, 同比下降, 按年下跌, ...


@dataclass(frozen=True)
class Quantity:
    """A number expression as stated, made exact.

    `value` is in base units (7.29亿元 -> 729000000 CNY; 44.8% -> 44.8 pct). `decimals` follows
    XBRL: the stated precision relative to the base unit, so 7.29亿元 has decimals -6 (the
    figure is known to the nearest 10^6 CNY) and 44.8% has decimals 1. `scale` is the power of
    ten of the scale word as written (亿 -> 8, 万 -> 4, none -> 0), kept for formatting.
    A range ("4–5亿元") has `value` at its low end and `upper` at its high end.

    `direction` is the direction word stated with the figure (增长15% -> up). `noun` is the
    counted thing of a count (3万辆 -> 辆; empty when none is written). `per` is what a price
    is per: "share" for 5.83港元/股 and 每股5.83港元 (the unit stays HKD), else empty.
    """

    text: str
    value: Decimal
    unit: Unit
    decimals: int
    scale: int = 0
    qualifier: Qualifier = Qualifier.NONE
    upper: Decimal | None = None
    direction: Direction = Direction.NONE
    noun: str = ""
    per: str = ""
