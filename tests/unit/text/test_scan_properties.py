"""Embed generated figures of every family in running text: the scanner finds each one whole.

A figure is drawn with the quantity it states, written in one of the families the parser
reads (canonical digits, Chinese numerals, 百分之, 七成三, currency before the number, English
inside Chinese, spaced A-share style, vague words, direction words, per share), in simplified
or traditional characters, and set between ordinary words. The scanner must return exactly
the figure's span, and the parser must give back its quantity. New forms also round-trip
through `format_quantity`.
"""

from __future__ import annotations

from decimal import Decimal

import cn2an
import opencc
from hypothesis import given
from hypothesis import strategies as st

from checks.numbers.quantity import MONEY_UNITS, Direction, Qualifier, Quantity, Unit
from checks.text.parse import format_quantity, parse_quantity
from checks.text.scan import TokenKind, number_tokens

_TO_HK = opencc.OpenCC("s2hk.json")
Fields = tuple[Decimal, Unit, int, Qualifier, Direction, str, str]
FILLERS = ["报告期内", "公司表示", "其中", "分析师认为", "数据显示", "集团", "该业务", "市场方面"]
NOUNS = ["家", "辆", "台", "户", "款", "项", "名", "艘"]


def _fields(q: Quantity) -> Fields:
    return (q.value, q.unit, q.decimals, q.qualifier, q.direction, q.noun, q.per)


@st.composite
def canonical(draw: st.DrawFn) -> tuple[str, Fields]:
    """A quantity with every new field, written by format_quantity."""
    unit = draw(st.sampled_from([Unit.CNY, Unit.HKD, Unit.USD, Unit.PCT, Unit.PP, Unit.COUNT]))
    scale = draw(st.sampled_from([0, 4, 8]))
    decimals = draw(st.integers(-scale, 2))
    value = Decimal(draw(st.integers(1, 10**6))).scaleb(-decimals)
    qualifier = draw(
        st.sampled_from([Qualifier.NONE, Qualifier.ABOUT, Qualifier.MORE_THAN, Qualifier.NEARLY])
    )
    direction = draw(st.sampled_from(list(Direction)))
    noun = draw(st.sampled_from(NOUNS)) if unit is Unit.COUNT else ""
    per = "share" if unit.value in MONEY_UNITS and draw(st.booleans()) else ""
    q = Quantity("", value, unit, decimals, scale, qualifier, None, direction, noun, per)
    return format_quantity(q), _fields(q)


@st.composite
def chinese(draw: st.DrawFn) -> tuple[str, Fields]:
    """A number written out in Chinese: 一千二百八十八家, 十三年, 七倍."""
    n = draw(st.integers(2, 9999))
    word, unit, noun = draw(
        st.sampled_from([("家", Unit.COUNT, "家"), ("年", Unit.YEARS, ""), ("倍", Unit.RATIO, "")])
    )
    numeral = cn2an.an2cn(n)
    return numeral + word, (Decimal(n), unit, 0, Qualifier.NONE, Direction.NONE, noun, "")


@st.composite
def worded_percent(draw: st.DrawFn) -> tuple[str, Fields]:
    """百分之二十三点五, 七成三, 四成半."""
    kind = draw(st.sampled_from(["百分之", "成", "成半"]))
    none, up = Qualifier.NONE, Direction.NONE
    if kind == "百分之":
        whole, tenth = draw(st.integers(1, 99)), draw(st.none() | st.integers(1, 9))
        text = "百分之" + cn2an.an2cn(whole) + ("" if tenth is None else "点" + cn2an.an2cn(tenth))
        value = Decimal(whole) if tenth is None else Decimal(f"{whole}.{tenth}")
        return text, (value, Unit.PCT, 0 if tenth is None else 1, none, up, "", "")
    tens, ones = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    digits = "零一二三四五六七八九"
    if kind == "成半":
        return f"{digits[tens]}成半", (Decimal(tens * 10 + 5), Unit.PCT, 0, none, up, "", "")
    text = f"{digits[tens]}成{digits[ones]}"
    return text, (Decimal(tens * 10 + ones), Unit.PCT, 0, none, up, "", "")


@st.composite
def money_styles(draw: st.DrawFn) -> tuple[str, Fields]:
    """人民币18.6亿元, HK$27亿, US$1.2bn, RMB 3.2 million, 约 560 亿元 (spaced)."""
    mantissa = Decimal(draw(st.integers(10, 9999))).scaleb(-1)
    style = draw(st.sampled_from(["人民币", "HK$", "US$bn", "RMB million", "spaced"]))
    if style == "人民币":
        return f"人民币{mantissa}亿元", (
            mantissa.scaleb(8), Unit.CNY, -7, Qualifier.NONE, Direction.NONE, "", "",
        )  # fmt: skip
    if style == "HK$":
        return f"HK${mantissa}亿", (
            mantissa.scaleb(8), Unit.HKD, -7, Qualifier.NONE, Direction.NONE, "", "",
        )  # fmt: skip
    if style == "US$bn":
        return f"US${mantissa}bn", (
            mantissa.scaleb(9), Unit.USD, -8, Qualifier.NONE, Direction.NONE, "", "",
        )  # fmt: skip
    if style == "RMB million":
        return f"RMB {mantissa} million", (
            mantissa.scaleb(6), Unit.CNY, -5, Qualifier.NONE, Direction.NONE, "", "",
        )  # fmt: skip
    return f"同比增长 约 {mantissa} 亿元", (
        mantissa.scaleb(8), Unit.CNY, -7, Qualifier.ABOUT, Direction.UP, "", "",
    )  # fmt: skip


@st.composite
def vague(draw: st.DrawFn) -> tuple[str, Fields]:
    """4200多亿元, 二十余家, 数十亿元, 过半, 两倍多."""
    form = draw(st.sampled_from(["多亿", "余家", "数十亿", "过半", "倍多"]))
    plus, several = Qualifier.PLUS, Qualifier.SEVERAL
    if form == "多亿":
        k = draw(st.integers(1, 99)) * 100  # 100, 200, ... 9900: the last nonzero place is 2+
        place = 2 if k % 1000 else 3
        text = f"{k}多亿元"
        return text, (Decimal(k).scaleb(8), Unit.CNY, -(place + 8), plus, Direction.NONE, "", "")
    if form == "余家":
        tens = draw(st.integers(2, 9))
        text = f"{cn2an.an2cn(tens * 10)}余家"
        return text, (Decimal(tens * 10), Unit.COUNT, -1, plus, Direction.NONE, "家", "")
    if form == "数十亿":
        return "数十亿元", (Decimal(10**9), Unit.CNY, -9, several, Direction.NONE, "", "")
    if form == "过半":
        return "过半", (Decimal(50), Unit.PCT, 0, Qualifier.MAJORITY, Direction.NONE, "", "")
    n = draw(st.integers(2, 9))
    return f"{cn2an.an2cn(n)}倍多", (Decimal(n), Unit.RATIO, 0, plus, Direction.NONE, "", "")


FIGURES = st.one_of(canonical(), chinese(), worded_percent(), money_styles(), vague())


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[tuple[int, str, Fields]]]:
    """Running text with figures between ordinary words; each figure with its offset."""
    traditional = draw(st.booleans())
    text, placed = "", []
    for figure, fields in draw(st.lists(FIGURES, min_size=1, max_size=6)):
        written = _TO_HK.convert(figure) if traditional else figure
        text += draw(st.sampled_from(FILLERS)) + "："
        placed.append((len(text), written, fields))
        text += written + draw(st.sampled_from(["。", "；", "，"]))
    return (_TO_HK.convert(text) if traditional else text), placed


@given(articles())
def test_scanner_finds_each_embedded_figure_whole_with_its_value(
    article: tuple[str, list[tuple[int, str, Fields]]],
) -> None:
    text, placed = article
    figures = [t for t in number_tokens(text) if t.kind is TokenKind.FIGURE]
    assert [(t.start, t.text) for t in figures] == [(start, w) for start, w, _ in placed]
    for token, (_, _, fields) in zip(figures, placed, strict=True):
        assert _fields(parse_quantity(token.text)) == fields


@given(FIGURES)
def test_new_forms_round_trip_through_format(figure: tuple[str, Fields]) -> None:
    q = parse_quantity(figure[0])
    assert _fields(parse_quantity(format_quantity(q))) == _fields(q)


@given(
    k=st.integers(1, 10**6),
    d=st.integers(-8, 2),
    qual=st.sampled_from([Qualifier.PLUS, Qualifier.SEVERAL]),
    unit=st.sampled_from([Unit.CNY, Unit.COUNT, Unit.RATIO, Unit.YEARS, Unit.PCT]),
)
def test_vague_quantities_format_or_refuse(k: int, d: int, qual: Qualifier, unit: Unit) -> None:
    """A vague quantity is written so that it reads back equal, or refused: never another."""
    value = Decimal(k).scaleb(-d) if qual is Qualifier.PLUS else Decimal(1).scaleb(-d)
    q = Quantity("", value, unit, d, 0, qual)
    try:
        text = format_quantity(q)
    except ValueError as err:
        assert "cannot format" in str(err)
        return
    assert _fields(parse_quantity(text)) == _fields(q)
