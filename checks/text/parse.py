"""Turn one number expression of a Chinese financial article into an exact Quantity, and back.

Facts are stored with the expression exactly as the article states it (`约49.76亿元`); the
parser is the single place that decides what such an expression means (value in base units,
stated precision, hedge), so datasets, the scanner and the claim checks cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from checks.numbers.quantity import Qualifier, Quantity, Unit

__all__ = [
    "CHINESE_NUMERALS",
    "PREFIX_HEDGES",
    "RANGE_SEPARATORS",
    "SCALE_WORDS",
    "SUFFIX_HEDGES",
    "UNIT_WORDS",
    "ParseError",
    "format_quantity",
    "parse_quantity",
]

#: Scale words and their power of ten, longest first so that 千亿 wins over 亿.
SCALE_WORDS: dict[str, int] = {
    "万亿": 12,
    "千亿": 11,
    "百亿": 10,
    "十亿": 9,
    "千万": 7,
    "百万": 6,
    "万": 4,
    "亿": 8,
}
#: Unit words, longest first. 年 is resolved to YEAR or YEARS by the number in front of it;
#: 成 is a tenth, so it is stored as pct with one extra power of ten (八成 = 80 pct).
UNIT_WORDS: dict[str, Unit] = {
    "个百分点": Unit.PP,
    "人民币": Unit.CNY,
    "港元": Unit.HKD,
    "港币": Unit.HKD,
    "美元": Unit.USD,
    "元": Unit.CNY,
    "股": Unit.SHARES,
    "%": Unit.PCT,
    "倍": Unit.RATIO,
    "成": Unit.PCT,
    "年": Unit.YEARS,
    "家": Unit.COUNT,
    "个": Unit.COUNT,
}
#: Hedge words written before the number, longest first (不低于 before 低于).
PREFIX_HEDGES: dict[str, Qualifier] = {
    "不低于": Qualifier.AT_LEAST,
    "不少于": Qualifier.AT_LEAST,
    "至少": Qualifier.AT_LEAST,
    "不足": Qualifier.UNDER,
    "低于": Qualifier.UNDER,
    "大约": Qualifier.ABOUT,
    "约为": Qualifier.ABOUT,
    "约": Qualifier.ABOUT,
    "超过": Qualifier.MORE_THAN,
    "超": Qualifier.MORE_THAN,
    "逾": Qualifier.MORE_THAN,
    "接近": Qualifier.NEARLY,
    "将近": Qualifier.NEARLY,
    "近": Qualifier.NEARLY,
}
#: Hedge words written after the number.
SUFFIX_HEDGES: dict[str, Qualifier] = {"左右": Qualifier.ABOUT, "以上": Qualifier.MORE_THAN}
#: Characters that join the two ends of a range (after NFKC: full-width － and ～ become - and ~).
RANGE_SEPARATORS = "-–~〜至"
#: Characters of a Chinese numeral.
CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万亿"

_DOUBLINGS = ("翻倍", "翻番")
_EXPECTED = (
    "expected a number with an optional scale word (万, 亿, 百万, 千亿) "
    "and unit (元, 港元, 美元, %, 倍, 股, 年, 个百分点)"
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _end_pattern(tag: str) -> str:
    return (
        rf"(?P<{tag}sign>[-−])?"
        rf"(?P<{tag}num>(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
        rf"|[{CHINESE_NUMERALS}]+)"
        rf"\s*(?P<{tag}scale>{_alternation(SCALE_WORDS)})?"
        rf"\s*(?P<{tag}unit>{_alternation(UNIT_WORDS)})?"
    )


_EXPRESSION_RE = re.compile(
    rf"{_end_pattern('lo')}(?:\s*(?P<sep>[{RANGE_SEPARATORS}])\s*{_end_pattern('hi')})?"
)


class ParseError(ValueError):
    """Report a number expression that cannot be made exact, naming the text and the fix."""

    def __init__(self, text: str, expected: str = _EXPECTED) -> None:
        super().__init__(f"cannot parse {text!r}: {expected}")
        self.text = text


@dataclass
class _End:
    """Hold one end of an expression as written, before the other end lends it words."""

    mantissa: Decimal
    fraction_digits: int
    scale: int | None
    unit_word: str | None
    four_digits: bool  # unsigned, ungrouped, no point: a calendar year if nothing scales it


def _chinese_int(numeral: str) -> int | None:
    """Read a Chinese integer with cn2an's strict mode, after the spellings it rejects."""
    spelled = numeral.replace("两", "二").replace("〇", "零")
    if spelled[:1] in ("百", "千"):
        spelled = "一" + spelled
    try:
        value = cn2an.cn2an(spelled, "strict")
    except ValueError:
        return None
    return int(value)


def _chinese(text: str, numeral: str) -> tuple[int, int | None]:
    """Split a Chinese numeral into an integer and the longest scale word that ends it.

    The scale word is split off so that 超千亿 keeps scale 11 and precision 10^11, exactly
    as 超1千亿 would; a scale word of two characters also stands alone (千亿 = one 千亿).
    """
    for word, power in SCALE_WORDS.items():
        if not numeral.endswith(word):
            continue
        head = numeral[: -len(word)]
        if not head:
            if len(word) > 1:
                return 1, power
            continue
        number = _chinese_int(head)
        if number is not None:
            return number, power
    number = _chinese_int(numeral)
    if number is None:
        raise ParseError(
            text, f"expected a Chinese numeral such as 十三, 两千 or 八, got {numeral!r}"
        )
    return number, None


def _end(text: str, match: re.Match[str], tag: str) -> _End:
    numeral = match[f"{tag}num"]
    scale = SCALE_WORDS.get(match[f"{tag}scale"] or "")
    if numeral[0] in CHINESE_NUMERALS:  # the numeral run has swallowed any scale word
        number, scale = _chinese(text, numeral)
        mantissa, fraction_digits = Decimal(number), 0
    else:
        mantissa = Decimal(numeral.replace(",", ""))
        fraction_digits = len(numeral.partition(".")[2])
    if match[f"{tag}sign"]:
        mantissa = -mantissa
    four_digits = bool(re.fullmatch("[0-9]{4}", numeral)) and not match[f"{tag}sign"]
    return _End(mantissa, fraction_digits, scale, match[f"{tag}unit"], four_digits)


def _resolve(end: _End) -> tuple[Decimal, Unit, int, int]:
    """Give an end's value in base units, its unit, its decimals and its scale."""
    scale = end.scale or 0
    plain = end.four_digits and end.scale is None
    if end.unit_word == "成":
        scale += 1
    if end.unit_word is None:
        unit = Unit.YEAR if plain and 1900 <= end.mantissa <= 2099 else Unit.COUNT
    elif end.unit_word == "年" and plain:
        unit = Unit.YEAR
    else:
        unit = UNIT_WORDS[end.unit_word]
    return end.mantissa.scaleb(scale), unit, end.fraction_digits - scale, scale


def _exact(value: Decimal, decimals: int) -> Decimal:
    """Write a value with as many places as it states: 729000000, not 7.29E+8."""
    return value.quantize(Decimal(1).scaleb(min(0, -decimals)))


def _strip_hedges(text: str, body: str) -> tuple[Qualifier, str]:
    found: list[Qualifier] = []
    for word, qualifier in PREFIX_HEDGES.items():
        if body.startswith(word):
            found.append(qualifier)
            body = body[len(word) :].lstrip()
            break
    for word, qualifier in SUFFIX_HEDGES.items():
        if body.endswith(word):
            found.append(qualifier)
            body = body[: -len(word)].rstrip()
            break
    if len(set(found)) > 1:
        raise ParseError(text, f"expected at most one hedge, got {found[0]} and {found[1]}")
    return (found[0] if found else Qualifier.NONE), body


def parse_quantity(text: str) -> Quantity:
    """Make one stated number expression exact: value in base units, precision, unit, hedge.

    Raises ParseError when the text is not a single number expression, so that a dataset
    row whose `stated` cannot be read fails loudly instead of being guessed at.
    """
    qualifier, body = _strip_hedges(text, unicodedata.normalize("NFKC", text).strip())
    if body in _DOUBLINGS:
        if qualifier is not Qualifier.NONE:
            raise ParseError(text, "expected 翻倍 or 翻番 without a hedge")
        return Quantity(text, Decimal(2), Unit.RATIO, 0, 0, Qualifier.DOUBLED)
    match = _EXPRESSION_RE.fullmatch(body)
    if match is None:
        raise ParseError(text)
    low = _end(text, match, "lo")
    if match["sep"] is None:
        value, unit, decimals, scale = _resolve(low)
        return Quantity(text, _exact(value, decimals), unit, decimals, scale, qualifier)
    high = _end(text, match, "hi")
    if low.unit_word is None:  # 4–5亿元: the right end's words apply to a bare left end
        low.unit_word = high.unit_word
        if low.scale is None:
            low.scale = high.scale
    low_value, low_unit, low_decimals, _ = _resolve(low)
    high_value, high_unit, high_decimals, scale = _resolve(high)
    if low_unit is not high_unit:
        raise ParseError(
            text, f"expected both ends of a range in the same unit, got {low_unit} and {high_unit}"
        )
    if low_value > high_value:
        raise ParseError(text, "expected the low end of a range first")
    decimals = max(low_decimals, high_decimals)
    return Quantity(
        text,
        _exact(low_value, decimals),
        low_unit,
        decimals,
        scale,
        qualifier,
        _exact(high_value, decimals),
    )


_PREFIX_OF: dict[Qualifier, str] = {
    Qualifier.NONE: "",
    Qualifier.ABOUT: "约",
    Qualifier.MORE_THAN: "超",
    Qualifier.NEARLY: "近",
    Qualifier.UNDER: "不足",
    Qualifier.AT_LEAST: "至少",
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


def _format_end(q: Quantity, value: Decimal, scale: int) -> str:
    mantissa = value.scaleb(-scale)
    written = mantissa.quantize(Decimal(1).scaleb(-(q.decimals + scale)))
    if written != mantissa:
        raise ValueError(f"cannot format {q!r}: {value} has digits finer than decimals")
    # Grouping keeps a 4-digit count or duration from reading back as a calendar year.
    grouped = q.unit in (Unit.COUNT, Unit.YEARS) and scale == 0
    number = format(written, ",f" if grouped else "f")
    if scale == 1:
        return f"{number}成"
    return f"{number}{_SCALE_OF.get(scale, '')}{_SUFFIX_OF[q.unit]}"


def format_quantity(q: Quantity) -> str:
    """Write the canonical expression of a quantity, which parse_quantity reads back equal.

    Value, unit, decimals, qualifier and upper survive the round trip; the scale survives
    when it can carry the precision. Raises ValueError for a quantity no expression states.
    """
    if q.qualifier is Qualifier.DOUBLED:
        if q.value != 2 or q.unit is not Unit.RATIO or q.decimals != 0 or q.upper is not None:
            raise ValueError(f"cannot format {q!r}: 翻倍 states exactly a ratio of 2")
        return "翻倍"
    scale = _writable_scale(q)
    body = _format_end(q, q.value, scale)
    if q.upper is not None:
        body = f"{body}–{_format_end(q, q.upper, scale)}"
    return _PREFIX_OF[q.qualifier] + body
