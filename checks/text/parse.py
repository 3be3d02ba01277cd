"""Turn one number expression of a Chinese financial article into an exact Quantity, and back.

Facts are stored with the expression exactly as the article states it (`约49.76亿元`); the
parser is the single place that decides what such an expression means (value in base units,
stated precision, unit, hedge, direction), so datasets, the scanner and the claim checks
cannot disagree. The text is folded first (`checks.text.fold`: traditional characters to
simplified with OpenCC, any digits to ASCII), so 約49.76億元 and 约49.76亿元 mean the same.

An expression is [direction] [hedge] [currency] number [多/余] [scale] [unit or noun] [/股]
[hedge after], or a range of two such ends, or a whole word (翻番, 过半, 一半). What the
parser cannot make exact it refuses with a ParseError naming the text and what would be valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from checks.numbers.quantity import MONEY_UNITS, Direction, Qualifier, Quantity, Unit
from checks.text.fold import fold
from checks.text.numerals import (
    Number,
    last_nonzero_place,
    read_arabic,
    read_chinese,
    read_chinese_year,
)
from checks.text.words import (
    CHINESE_DIGITS,
    CHINESE_NUMERALS,
    COUNT_NOUNS,
    CURRENCY_PREFIXES,
    DIRECTION_LEADS,
    DIRECTION_WORDS,
    ENGLISH_SCALES,
    HALF_WORDS,
    MAJORITY_WORDS,
    PREFIX_HEDGES,
    RANGE_SEPARATORS,
    SCALE_WORDS,
    SUFFIX_HEDGES,
    UNIT_WORDS,
    alternation,
)
from checks.text.writing import format_quantity

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

_EXPECTED = (
    "expected a number with an optional scale word (万, 亿, 百万, 千亿) "
    "and unit (元, 港元, 美元, %, 倍, 股, 年, 个百分点, or a counted noun such as 家, 辆)"
)
_SP = r"[ \t\u00a0\u2009\u202f\u3000]*"
_ARABIC = r"[0-9]{1,3}(?:(?:[,，][ ]?|[ \u00a0\u2009\u202f])[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_CN = f"[{CHINESE_NUMERALS}]"
_TAIL = "[一二三四五六七八九半]"


def _end(tag: str) -> str:
    """Write the pattern of one end of an expression; groups are prefixed with `tag`."""
    return (
        rf"(?P<{tag}per>每股)?{_SP}(?P<{tag}cur>{alternation(CURRENCY_PREFIXES)})?{_SP}"
        rf"(?P<{tag}sign>[-−])?"
        rf"(?P<{tag}num>{_ARABIC}|[数几]?{_CN}+(?:点[{''.join(CHINESE_DIGITS)}]+)?|[几数])"
        rf"(?P<{tag}vague>[多余几])?{_SP}"
        rf"(?P<{tag}scale>个亿|{alternation(SCALE_WORDS)}"
        rf"|(?:{alternation(ENGLISH_SCALES)})(?![A-Za-z]))?"
        rf"(?P<{tag}vague2>[多余])?{_SP}"
        rf"(?P<{tag}unit>个多百分点|{alternation([*UNIT_WORDS, *COUNT_NOUNS])})?"
        rf"(?P<{tag}tail>{_TAIL}|多)?"
        rf"(?P<{tag}pershare>/股|每股|{_SP}per share)?"
    )


_EXPRESSION_RE = re.compile(
    rf"{_end('lo')}(?:{_SP}(?P<sep>[{RANGE_SEPARATORS}]){_SP}{_end('hi')})?"
)
_DIRECTION_RE = re.compile(
    rf"(?:{alternation(DIRECTION_LEADS)})?(?P<word>{alternation(DIRECTION_WORDS)})了?{_SP}"
)
_HEDGE_RE = re.compile(rf"(?P<word>{alternation(PREFIX_HEDGES)}){_SP}")
_SUFFIX_RE = re.compile(rf"{_SP}(?P<word>{alternation(SUFFIX_HEDGES)})$")
_DOUBLING_RE = re.compile(r"翻了?一?(?:番|倍)|翻了?(?P<n>[两二三四])番")
_WHOLE_PCT: dict[str, Qualifier] = {
    **dict.fromkeys(MAJORITY_WORDS, Qualifier.MAJORITY),
    **dict.fromkeys(HALF_WORDS, Qualifier.NONE),
}


class ParseError(ValueError):
    """Report a number expression that cannot be made exact, naming the text and the fix."""

    def __init__(self, text: str, expected: str = _EXPECTED) -> None:
        super().__init__(f"cannot parse {text!r}: {expected}")
        self.text = text


@dataclass
class _End:
    """Hold one end of an expression as read, before the other end lends it words."""

    number: Number
    scale: int | None
    unit_word: str | None
    currency: Unit | None
    english: bool  # written with an English currency sign: HK$, US$, RMB
    vague: Qualifier
    four_digits: bool  # unsigned, ungrouped, no point: a calendar year if nothing scales it
    per_share: bool


def _head(text: str, body: str) -> tuple[Direction, Qualifier, str]:
    """Strip the direction word and the hedge word that lead a figure, in either order."""
    direction, qualifier = Direction.NONE, Qualifier.NONE
    for _ in range(2):
        if direction is Direction.NONE and (m := _DIRECTION_RE.match(body)):
            direction = DIRECTION_WORDS[m["word"]]
            body = body[m.end() :]
            if body[:1] in ("至", "到"):
                raise ParseError(
                    text,
                    f"{m['word']}{body[0]} states the level reached, not a change; "
                    "give the level alone",
                )
        if qualifier is Qualifier.NONE and (m := _HEDGE_RE.match(body)):
            qualifier = PREFIX_HEDGES[m["word"]]
            body = body[m.end() :]
    return direction, qualifier, body


def _number(text: str, match: re.Match[str], tag: str) -> tuple[Number, Qualifier]:
    """Read the number of one end, with the vague word written inside or after it."""
    numeral = match[f"{tag}num"]
    vague = match[f"{tag}vague"] or match[f"{tag}vague2"] or ""
    if numeral[0].isdigit():
        number = read_arabic(numeral)
        if vague and number.place == 0:  # 4200多: the 多 stands after the last nonzero digit
            number = replace(number, place=last_nonzero_place(number.value))
        return number, Qualifier.PLUS if vague else Qualifier.NONE
    if numeral in ("几", "数"):
        return Number(Decimal(1), 0), Qualifier.SEVERAL
    several = numeral[0] in "几数"
    if several:
        numeral = numeral[1:] if numeral[1] not in "万亿" else "一" + numeral[1:]
        if numeral[0] not in "十百千一":
            raise ParseError(
                text, f"expected 数 or 几 before 十, 百, 千, 万 or 亿, got {numeral!r}"
            )
    if vague == "几" and numeral[-1:] not in ("十", "百", "千"):
        raise ParseError(text, f"expected 几 after 十, 百 or 千 (十几, 二十几), got {numeral!r}")
    read = read_chinese(numeral)
    if read is None:
        raise ParseError(
            text, f"expected a Chinese numeral such as 十三, 两千 or 八, got {numeral!r}"
        )
    number = read
    if vague or several:
        number = replace(number, place=max(number.place, last_nonzero_place(number.value)))
    if several:
        return number, Qualifier.SEVERAL
    return number, Qualifier.PLUS if vague else Qualifier.NONE


def _read_end(text: str, match: re.Match[str], tag: str) -> _End:
    numeral = match[f"{tag}num"]
    year = read_chinese_year(numeral) if match[f"{tag}unit"] == "年" else None
    number, vague = (year, Qualifier.NONE) if year is not None else _number(text, match, tag)
    scale_word = match[f"{tag}scale"]
    scale: int | None = None
    currency_word = match[f"{tag}cur"]
    english = currency_word is not None and currency_word.isascii()
    if scale_word in ENGLISH_SCALES:
        if not english:
            raise ParseError(text, f"an English scale word ({scale_word!r}) needs HK$, US$ or RMB")
        scale = ENGLISH_SCALES[scale_word]
    elif scale_word is not None:
        scale = 8 if scale_word == "个亿" else SCALE_WORDS[scale_word]
    elif number.rounded:
        scale = number.scale
    if number.rounded and scale_word is not None:
        raise ParseError(text, f"expected one scale, got {match[f'{tag}num']!r} and {scale_word!r}")
    if number.rounded:  # 六亿三千万: 6.3 at scale 亿, known to 10^7
        scale = number.scale
        number = replace(number, value=number.value.scaleb(-scale), place=number.place - scale)
    if match[f"{tag}sign"]:
        number = replace(number, value=-number.value)
    unit_word = match[f"{tag}unit"]
    if unit_word == "个多百分点":
        unit_word, vague = "个百分点", Qualifier.PLUS
    tail = match[f"{tag}tail"]
    if tail is not None:
        number, vague = _tail(text, number, unit_word, tail, vague)
    if tail == "半" and unit_word == "年" and (year is not None or len(numeral) == 4):
        raise ParseError(text, "expected 半 after a duration (一年半), not after a calendar year")
    four = year is not None or (len(numeral) == 4 and numeral.isdigit() and not match[f"{tag}sign"])
    per_share = bool(match[f"{tag}per"] or match[f"{tag}pershare"])
    currency = CURRENCY_PREFIXES[currency_word] if currency_word else None
    return _End(number, scale, unit_word, currency, english, vague, four, per_share)


def _tail(
    text: str, number: Number, unit_word: str | None, tail: str, vague: Qualifier
) -> tuple[Number, Qualifier]:
    """Read what follows 成, 倍 or 年: 七成三 (73%), 四成半 (45%), 一倍三 (1.3×), 两倍多, 一年半."""
    if tail == "多":
        if vague is not Qualifier.NONE or unit_word is None:
            raise ParseError(text, "expected one 多 after a number with a unit (两倍多, 三年多)")
        return number, Qualifier.PLUS  # 十年多 is (10, 11) years, 十多年 (10, 20)
    if unit_word not in ("成", "倍") and not (unit_word == "年" and tail == "半"):
        raise ParseError(
            text, f"expected {tail!r} only after 成 or 倍 (七成三, 一倍半), or 半 after 年"
        )
    if vague is not Qualifier.NONE or number.place != 0 or number.value % 1:
        raise ParseError(text, f"expected a whole number before {unit_word}{tail}")
    tenths = 5 if tail == "半" else CHINESE_DIGITS[tail]
    return Number(number.value + Decimal(tenths) / 10, -1), vague


def _resolve(text: str, end: _End) -> tuple[Decimal, Unit, int, int, str]:
    """Give an end's value in base units, its unit, its decimals, its scale and its noun."""
    scale = end.scale or 0
    plain = end.four_digits and end.scale is None
    word = end.unit_word
    noun = word if word in COUNT_NOUNS else ""
    if word == "成":
        scale += 1
    if end.currency is not None:
        if word is not None and word != "元" and UNIT_WORDS.get(word) is not end.currency:
            raise ParseError(text, f"expected one currency, got {end.currency} and {word!r}")
        unit = end.currency
    elif word is None or noun:
        unit = Unit.YEAR if plain and 1900 <= end.number.value <= 2099 else Unit.COUNT
        if noun:
            unit = Unit.COUNT
    elif word == "年" and plain:
        unit = Unit.YEAR
    else:
        unit = UNIT_WORDS[word]
    if end.per_share and unit.value not in MONEY_UNITS:
        raise ParseError(text, "expected a currency with a per-share figure (元/股, 每股5.83港元)")
    return end.number.value.scaleb(scale), unit, -end.number.place - scale, scale, noun


def _exact(value: Decimal, decimals: int) -> Decimal:
    """Write a value with as many places as it states: 729000000, not 7.29E+8."""
    return value.quantize(Decimal(1).scaleb(min(0, -decimals)))


def _whole_word(
    text: str, body: str, qualifier: Qualifier, direction: Direction
) -> Quantity | None:
    """Read the figures written as one word: 翻番 idioms, 过半, 一半."""
    if m := _DOUBLING_RE.fullmatch(body):  # the rise is the word itself: no direction kept
        if qualifier is not Qualifier.NONE:
            raise ParseError(text, "expected 翻倍 or 翻番 without a hedge")
        if m["n"] is None:
            return Quantity(text, Decimal(2), Unit.RATIO, 0, 0, Qualifier.DOUBLED)
        # 翻两番 is a multiple (4×, "quadrupled"), like 翻倍; the rise is in the word itself
        power = Decimal(2) ** {"两": 2, "二": 2, "三": 3, "四": 4}[m["n"]]
        return Quantity(text, power, Unit.RATIO, 0, 0, Qualifier.NONE)
    if body in _WHOLE_PCT:
        vague = _WHOLE_PCT[body]
        if vague is not Qualifier.NONE and qualifier is not Qualifier.NONE:
            raise ParseError(text, f"expected at most one hedge, got {qualifier} and {vague}")
        return Quantity(
            text,
            Decimal(50),
            Unit.PCT,
            0,
            0,
            vague if vague is not Qualifier.NONE else qualifier,
            None,
            direction,
        )
    return None


def _percent_words(text: str, body: str) -> str:
    """Rewrite 百分之二十三点五 as 二十三点五% so that one grammar reads both."""
    if not body.startswith("百分之"):
        return body
    rest = body[3:]
    if not rest or rest[0] not in CHINESE_NUMERALS + "0123456789":
        raise ParseError(text, "expected a number after 百分之 (百分之二十三点五)")
    return rest + "%"


@lru_cache(maxsize=16_384)
def parse_quantity(text: str) -> Quantity:
    """Make one stated number expression exact: value in base units, precision, unit, hedge.

    Raises ParseError when the text is not a single number expression, so that a dataset
    row whose `stated` cannot be read fails loudly instead of being guessed at. Results are
    cached (a Quantity is immutable): a fact's stated text is read when its derived cells are
    filled and again when they are checked, and a corpus repeats many expressions.
    """
    folded = fold(text).strip()
    if foreign := [ch for ch in folded if not ch.isascii() and ch.isdigit()]:
        raise ParseError(text, f"expected digits that fold to 0-9, got {foreign[0]!r}")
    lead = _DIRECTION_RE.match(folded)
    if (folded[lead.end() :] if lead else folded) in MAJORITY_WORDS:  # 超半数, 逾半
        direction = DIRECTION_WORDS[lead["word"]] if lead else Direction.NONE
        return Quantity(text, Decimal(50), Unit.PCT, 0, 0, Qualifier.MAJORITY, None, direction)
    direction, qualifier, body = _head(text, folded)
    if (suffix := _SUFFIX_RE.search(body)) is not None and body not in _WHOLE_PCT:
        found = SUFFIX_HEDGES[suffix["word"]]
        if qualifier is not Qualifier.NONE and found is not qualifier:
            raise ParseError(text, f"expected at most one hedge, got {qualifier} and {found}")
        qualifier, body = found, body[: suffix.start()]
    whole = _whole_word(text, body, qualifier, direction)
    if whole is not None:
        return whole
    match = _EXPRESSION_RE.fullmatch(_percent_words(text, body))
    if match is None:
        raise ParseError(text)
    low = _read_end(text, match, "lo")
    vague = low.vague
    if vague is not Qualifier.NONE and qualifier is not Qualifier.NONE:
        raise ParseError(text, f"expected at most one hedge, got {qualifier} and {vague}")
    qualifier = vague if vague is not Qualifier.NONE else qualifier
    if match["sep"] is None:
        value, unit, decimals, scale, noun = _resolve(text, low)
        return Quantity(
            text, _exact(value, decimals), unit, decimals, scale, qualifier, None, direction,
            noun, "share" if low.per_share else "",
        )  # fmt: skip
    high = _read_end(text, match, "hi")
    if vague is not Qualifier.NONE or high.vague is not Qualifier.NONE:
        raise ParseError(text, "expected a range of plain figures; 多, 余 and 几 have no range")
    if low.unit_word is None and low.currency is None:  # 4–5亿元: the right end's words
        low.unit_word, low.currency, low.per_share = high.unit_word, high.currency, high.per_share
        if low.scale is None:
            low.scale = high.scale
    low_value, low_unit, low_decimals, _, noun = _resolve(text, low)
    high_value, high_unit, high_decimals, scale, _ = _resolve(text, high)
    if low_unit is not high_unit:
        raise ParseError(
            text, f"expected both ends of a range in the same unit, got {low_unit} and {high_unit}"
        )
    if low_value > high_value:
        raise ParseError(text, "expected the low end of a range first")
    decimals = max(low_decimals, high_decimals)
    return Quantity(
        text, _exact(low_value, decimals), low_unit, decimals, scale, qualifier,
        _exact(high_value, decimals), direction, noun, "share" if high.per_share else "",
    )  # fmt: skip
