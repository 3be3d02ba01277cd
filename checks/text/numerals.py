"""Read the number of a figure: Arabic digits or a Chinese numeral, with its stated precision.

A Chinese numeral is read by `cn2an` (strict mode) after the spellings it rejects (两, 〇, a
leading 百 or 千). Its precision is the place of its last written digit when it reaches 万 or
亿, because a Chinese numeral never writes trailing zeros: 六亿三千万 is 6.3亿, known to 10^7,
not to the unit. Below 万 a Chinese numeral is exact (十三年, 二十家, 两千人), as its Arabic
spelling would be. A Chinese year (二〇二四) is read digit by digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import cn2an

from checks.text.words import CHINESE_DIGITS

__all__ = ["Number", "last_nonzero_place", "read_arabic", "read_chinese", "read_chinese_year"]

_PLACES = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}
_NONZERO = set(CHINESE_DIGITS) - {"零", "〇"}
_SEPARATORS = str.maketrans("", "", ",， \u00a0\u2009\u202f")  # thousands separators


@dataclass(frozen=True)
class Number:
    """Hold a number as written: its value, the power of its last stated digit, its scale.

    `place` is the power of ten of the last stated digit (7.29 → -2; 六亿三千万 → 7);
    `scale` is the power of ten of the scale word a Chinese numeral carries (千亿 → 11).
    `rounded` tells that trailing zeros are not stated (a Chinese numeral from 万 up).
    """

    value: Decimal
    place: int
    scale: int = 0
    rounded: bool = False


def read_arabic(digits: str) -> Number:
    """Read ASCII digits with optional thousands groups (1,234 or 1 234) and a decimal point."""
    plain = digits.translate(_SEPARATORS)
    fraction = plain.partition(".")[2]
    return Number(Decimal(plain), -len(fraction))


def last_nonzero_place(value: Decimal) -> int:
    """Give the power of ten of the last nonzero digit of an integer (4200 → 2; 0 → 0)."""
    integer = int(value)
    place = 0
    while integer and integer % 10 == 0:
        integer //= 10
        place += 1
    return place


def _cn2an(spelled: str) -> Decimal | None:
    spelled = spelled.replace("两", "二").replace("〇", "零")
    if spelled[:1] in ("百", "千"):
        spelled = "一" + spelled
    try:
        value = cn2an.cn2an(spelled, "strict")
    except ValueError:
        return None
    return Decimal(str(value))


def read_chinese(numeral: str) -> Number | None:
    """Read a Chinese numeral (十三, 六亿三千万, 三点五, 千亿); None if it is not one."""
    whole, point, fraction = numeral.partition("点")
    if point and (not fraction or any(ch not in CHINESE_DIGITS for ch in fraction)):
        return None
    value = _cn2an(whole) if whole else None
    if value is None:
        return None
    if fraction:
        digits = "".join(str(CHINESE_DIGITS[ch]) for ch in fraction)
        return Number(Decimal(f"{int(value)}.{digits}"), -len(fraction))
    last = max((i for i, ch in enumerate(whole) if ch in _NONZERO), default=-1)
    place = sum(_PLACES.get(ch, 0) for ch in whole[last + 1 :])
    if last == -1 and whole[0] not in _PLACES:
        return Number(value, 0)  # 零
    if "万" not in whole and "亿" not in whole:
        return Number(value, 0)
    nonzero = sum(ch in _NONZERO for ch in whole)
    if nonzero <= 1:
        scale = place
    else:
        groups = [_PLACES[ch] for ch in whole if ch in ("万", "亿")]
        scale = 12 if whole.endswith("万亿") and len(groups) >= 2 else max(groups)
    return Number(value, place, scale, rounded=True)


def read_chinese_year(numeral: str) -> Number | None:
    """Read a year written digit by digit (二〇二四 → 2024); None unless it is four digits."""
    if len(numeral) != 4 or any(ch not in CHINESE_DIGITS for ch in numeral):
        return None
    return Number(Decimal("".join(str(CHINESE_DIGITS[ch]) for ch in numeral)), 0)
