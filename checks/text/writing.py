"""Write the canonical Chinese expression of a Quantity, which `parse_quantity` reads back equal.

The inverse of `checks.text.parse`: value, unit, decimals, qualifier, upper, direction, noun
and per survive the round trip; the scale survives when it can carry the precision. A
quantity that no expression states (a 翻倍 of 3, a 多 whose last digit is a zero) raises
ValueError instead of being written as something else.
"""

from __future__ import annotations

from decimal import Decimal

from checks.numbers.quantity import Direction, Qualifier, Quantity, Unit
from checks.text.numerals import last_nonzero_place
from checks.text.words import SCALE_WORDS

__all__ = ["format_quantity"]

_PREFIX_OF: dict[Qualifier, str] = {
    Qualifier.NONE: "",
    Qualifier.ABOUT: "约",
    Qualifier.MORE_THAN: "超",
    Qualifier.NEARLY: "近",
    Qualifier.UNDER: "不足",
    Qualifier.AT_LEAST: "至少",
    Qualifier.PLUS: "",
    Qualifier.SEVERAL: "",
}
_DIRECTION_OF: dict[Direction, str] = {
    Direction.NONE: "",
    Direction.UP: "增长",
    Direction.DOWN: "下降",
}
_SUFFIX_OF: dict[Unit, str] = {
    Unit.CNY: "元",
    Unit.HKD: "港元",
    Unit.USD: "美元",
    Unit.PCT: "%",
    Unit.PP: "个百分点",
    Unit.RATIO: "倍",
    Unit.SHARES: "股",
    Unit.YEARS: "年",
    Unit.YEAR: "年",
    Unit.COUNT: "",
}
_SCALE_OF: dict[int, str] = {power: word for word, power in SCALE_WORDS.items()}
_SEVERAL_OF: dict[int, str] = {
    0: "几",
    1: "数十",
    2: "数百",
    3: "数千",
    4: "数万",
    5: "数十万",
    6: "数百万",
    7: "数千万",
    8: "数亿",
    9: "数十亿",
    10: "数百亿",
    11: "数千亿",
    12: "数万亿",
}


def _writable_scale(q: Quantity) -> int:
    """Pick the scale to write: the stated one if it can carry the precision, else the least."""
    if q.unit is Unit.YEAR:
        bounds = [q.value] if q.upper is None else [q.value, q.upper]
        if q.decimals != 0 or any(not 1000 <= v <= 9999 for v in bounds):
            raise ValueError(f"cannot format {q!r}: a calendar year is a 4-digit integer")
        return 0
    scales = sorted({0, *_SCALE_OF, *([1] if q.unit is Unit.PCT else [])})
    if q.scale in scales and q.decimals + q.scale >= 0:
        return q.scale
    for scale in scales:
        if q.decimals + scale >= 0:
            return scale
    raise ValueError(f"cannot format {q!r}: no scale word carries decimals {q.decimals}")


def _unit_word(q: Quantity) -> str:
    word = q.noun if q.unit is Unit.COUNT and q.noun else _SUFFIX_OF[q.unit]
    return word + ("/股" if q.per == "share" else "")


def _format_end(q: Quantity, value: Decimal, scale: int, plus_after: bool = False) -> str:
    mantissa = value.scaleb(-scale)
    written = mantissa.quantize(Decimal(1).scaleb(-(q.decimals + scale)))
    if written != mantissa:
        raise ValueError(f"cannot format {q!r}: {value} has digits finer than decimals")
    # Grouping keeps a 4-digit count or duration from reading back as a calendar year.
    grouped = q.unit in (Unit.COUNT, Unit.YEARS) and scale == 0 and not q.noun
    number = format(written, ",f" if grouped else "f")
    plus = "多" if q.qualifier is Qualifier.PLUS else ""
    before, after = ("", plus) if plus_after else (plus, "")
    if scale == 1:
        return f"{number}成{plus}"
    return f"{number}{before}{_SCALE_OF.get(scale, '')}{_unit_word(q)}{after}"


def _format_plus(q: Quantity, lead: str) -> str:
    """Write a 多 figure where it reads back at its place: 4200多亿元, 20多家, 2倍多, 3成多.

    A 多 after a number stands after its last nonzero digit (20多 is 20 to 30); after 倍, 年
    or 成 it adds less than one of the unit (2倍多 is 2 to 3, 10年多 is 10 to 11). A spelling
    is taken only when the parser's rule gives back the same decimals.
    """
    scales = sorted(
        {0, *_SCALE_OF, *([1] if q.unit is Unit.PCT else [])}, key=lambda s: s != q.scale
    )
    for scale in scales:
        places = q.decimals + scale  # fraction digits the mantissa is written with
        mantissa = q.value.scaleb(-scale)
        if mantissa != mantissa.quantize(Decimal(1).scaleb(-max(places, 0))):
            continue
        for after in (True, False):
            if after and q.unit not in (Unit.RATIO, Unit.YEARS) and scale != 1:
                continue
            if places > 0 or ((after or scale == 1) and places == 0):
                return lead + _format_end(q, q.value, scale, after)
            before = places <= 0 and not after and scale != 1 and mantissa
            if before and last_nonzero_place(mantissa) == -places:
                return lead + _format_end(q, q.value, scale, after)
    raise ValueError(
        f"cannot format {q!r}: 多 follows the last nonzero digit, so no spelling reads back"
    )


def _special(q: Quantity) -> str | None:
    """Write the qualifiers that are words of their own: 翻倍, 过半, 数十亿."""
    if q.qualifier is Qualifier.DOUBLED:
        if q.value != 2 or q.unit is not Unit.RATIO or q.decimals != 0 or q.upper is not None:
            raise ValueError(f"cannot format {q!r}: 翻倍 states exactly a ratio of 2")
        return "翻倍"
    if q.qualifier is Qualifier.MAJORITY:
        if q.value != 50 or q.unit is not Unit.PCT or q.decimals != 0 or q.upper is not None:
            raise ValueError(f"cannot format {q!r}: 过半 states more than 50%")
        return _DIRECTION_OF[q.direction] + "过半"
    if q.qualifier is Qualifier.SEVERAL:
        power = -q.decimals
        if q.value != Decimal(1).scaleb(power) or power not in _SEVERAL_OF or q.upper is not None:
            raise ValueError(f"cannot format {q!r}: 数/几 state a power of ten (数十, 数百万)")
        if q.unit in (Unit.YEAR, Unit.PCT) and power == 0:
            raise ValueError(f"cannot format {q!r}: 几 needs a counted noun or unit")
        return _DIRECTION_OF[q.direction] + _SEVERAL_OF[power] + _unit_word(q)
    return None


def format_quantity(q: Quantity) -> str:
    """Write the canonical expression of a quantity, which parse_quantity reads back equal.

    Value, unit, decimals, qualifier, upper, direction, noun and per survive the round trip;
    the scale survives when it can carry the precision. Raises ValueError for a quantity no
    expression states.
    """
    special = _special(q)
    if special is not None:
        return special
    lead = _DIRECTION_OF[q.direction] + _PREFIX_OF[q.qualifier]
    if q.qualifier is Qualifier.PLUS:
        if q.upper is not None or q.unit is Unit.YEAR:
            raise ValueError(f"cannot format {q!r}: 多 and 余 have no range and no calendar year")
        return _format_plus(q, lead)
    scale = _writable_scale(q)
    body = _format_end(q, q.value, scale)
    if q.upper is not None:
        body = f"{body}–{_format_end(q, q.upper, scale)}"
    return lead + body
