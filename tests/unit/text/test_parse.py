"""Pin down what every number expression of the Kingsoft article means, and the parser's errors."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.numbers.quantity import Qualifier, Quantity, Unit
from checks.text.parse import ParseError, format_quantity, parse_quantity

CNY, HKD, USD, PCT, RATIO = Unit.CNY, Unit.HKD, Unit.USD, Unit.PCT, Unit.RATIO
NONE, ABOUT, MORE, NEARLY = Qualifier.NONE, Qualifier.ABOUT, Qualifier.MORE_THAN, Qualifier.NEARLY

# text, value, unit, decimals, scale, qualifier, upper
ARTICLE: list[tuple[str, str, Unit, int, int, Qualifier, str | None]] = [
    ("7.29亿元", "729000000", CNY, -6, 8, NONE, None),
    ("44.8%", "44.8", PCT, 1, 0, NONE, None),
    ("超1.2倍", "1.2", RATIO, 1, 0, MORE, None),
    ("约49.76亿元", "4976000000", CNY, -6, 8, ABOUT, None),
    ("约155%", "155", PCT, 0, 0, ABOUT, None),
    ("近7倍", "7", RATIO, 0, 0, NEARLY, None),
    ("近七倍", "7", RATIO, 0, 0, NEARLY, None),
    ("6937.5万股", "69375000", Unit.SHARES, -3, 4, NONE, None),
    ("5.83港元", "5.83", HKD, 2, 0, NONE, None),
    ("超20亿港元", "2000000000", HKD, -8, 8, MORE, None),
    ("逾27亿港元", "2700000000", HKD, -8, 8, MORE, None),
    ("1.67亿美元", "167000000", USD, -6, 8, NONE, None),
    ("约84亿元", "8400000000", CNY, -8, 8, ABOUT, None),
    ("7.81%", "7.81", PCT, 2, 0, NONE, None),
    ("7.7亿元", "770000000", CNY, -7, 8, NONE, None),
    ("71.6%", "71.6", PCT, 1, 0, NONE, None),
    ("68.7%", "68.7", PCT, 1, 0, NONE, None),
    ("874亿美元", "87400000000", USD, -8, 8, NONE, None),
    ("69%", "69", PCT, 0, 0, NONE, None),
    ("23%", "23", PCT, 0, 0, NONE, None),
    ("3170亿美元", "317000000000", USD, -8, 8, NONE, None),
    ("208.3亿元", "20830000000", CNY, -7, 8, NONE, None),
    ("518亿元", "51800000000", CNY, -8, 8, NONE, None),
    ("26.8%", "26.8", PCT, 1, 0, NONE, None),
    ("386亿元", "38600000000", CNY, -8, 8, NONE, None),
    ("超3800亿元", "380000000000", CNY, -8, 8, MORE, None),
    ("85亿美元", "8500000000", USD, -8, 8, NONE, None),
    ("120%", "120", PCT, 0, 0, NONE, None),
    ("48亿美元", "4800000000", USD, -8, 8, NONE, None),
    ("191亿元", "19100000000", CNY, -8, 8, NONE, None),
    ("38亿元", "3800000000", CNY, -8, 8, NONE, None),
    ("近80%", "80", PCT, 0, 0, NEARLY, None),
    ("35.59%", "35.59", PCT, 2, 0, NONE, None),
    ("11.12%", "11.12", PCT, 2, 0, NONE, None),
    ("69.5%", "69.5", PCT, 1, 0, NONE, None),
    ("6.3亿元", "630000000", CNY, -7, 8, NONE, None),
    ("11.3亿元", "1130000000", CNY, -7, 8, NONE, None),
    ("40%", "40", PCT, 0, 0, NONE, None),
    ("8.68亿元", "868000000", CNY, -6, 8, NONE, None),
    ("23.10亿元-40.35亿元", "2310000000", CNY, -6, 8, NONE, "4035000000"),
    ("超94亿元", "9400000000", CNY, -8, 8, MORE, None),
    ("60%", "60", PCT, 0, 0, NONE, None),
    ("约20亿元", "2000000000", CNY, -8, 8, ABOUT, None),
    ("4–5亿元", "400000000", CNY, -8, 8, NONE, "500000000"),
    ("78%", "78", PCT, 0, 0, NONE, None),
    ("超90%", "90", PCT, 0, 0, MORE, None),
    ("近八成", "80", PCT, -1, 1, NEARLY, None),
    ("十三年", "13", Unit.YEARS, 0, 0, NONE, None),
    ("2012年", "2012", Unit.YEAR, 0, 0, NONE, None),
    ("10倍", "10", RATIO, 0, 0, NONE, None),
    ("超千亿", "100000000000", Unit.COUNT, -11, 11, MORE, None),
    ("翻倍", "2", RATIO, 0, 0, Qualifier.DOUBLED, None),
    ("17.8%", "17.8", PCT, 1, 0, NONE, None),
    ("24%", "24", PCT, 0, 0, NONE, None),
    ("三年", "3", Unit.YEARS, 0, 0, NONE, None),
    ("约3170亿美元", "317000000000", USD, -8, 8, ABOUT, None),
    ("约6937.5万股", "69375000", Unit.SHARES, -3, 4, ABOUT, None),
    ("约1.67亿美元", "167000000", USD, -6, 8, ABOUT, None),
    # the other number expressions of the article
    ("2022年", "2022", Unit.YEAR, 0, 0, NONE, None),
    ("2032年", "2032", Unit.YEAR, 0, 0, NONE, None),
    ("2025年", "2025", Unit.YEAR, 0, 0, NONE, None),
    ("2024年", "2024", Unit.YEAR, 0, 0, NONE, None),
    ("2025", "2025", Unit.YEAR, 0, 0, NONE, None),
    ("2021年至2024年", "2021", Unit.YEAR, 0, 0, NONE, "2024"),
    ("2025年至2030年", "2025", Unit.YEAR, 0, 0, NONE, "2030"),
    ("20亿港元", "2000000000", HKD, -8, 8, NONE, None),
    ("27亿港元", "2700000000", HKD, -8, 8, NONE, None),
    ("94亿元", "9400000000", CNY, -8, 8, NONE, None),
    ("两家", "2", Unit.COUNT, 0, 0, NONE, None),
    # "24年" in the article means 2024, but as written it is a 24-year duration
    ("24年", "24", Unit.YEARS, 0, 0, NONE, None),
]


def quantity(
    text: str,
    value: str,
    unit: Unit,
    decimals: int,
    scale: int,
    qualifier: Qualifier,
    upper: str | None,
) -> Quantity:
    return Quantity(
        text,
        Decimal(value),
        unit,
        decimals,
        scale,
        qualifier,
        None if upper is None else Decimal(upper),
        noun=NOUNS.get(text, ""),
    )


NOUNS = {"两家": "家", "三个": "个"}  # counted nouns kept with their count


@pytest.mark.parametrize("row", ARTICLE, ids=[row[0] for row in ARTICLE])
def test_article_expression(row: tuple[str, str, Unit, int, int, Qualifier, str | None]) -> None:
    parsed = parse_quantity(row[0])
    assert parsed == quantity(*row)
    assert str(parsed.value) == row[1]  # exact, not 7.29E+8
    assert (str(parsed.upper) if parsed.upper is not None else None) == row[6]


OTHER: list[tuple[str, str, Unit, int, int, Qualifier, str | None]] = [
    ("７．２９亿元", "729000000", CNY, -6, 8, NONE, None),
    ("４４．８％", "44.8", PCT, 1, 0, NONE, None),
    ("２０１２年", "2012", Unit.YEAR, 0, 0, NONE, None),
    ("４－５亿元", "400000000", CNY, -8, 8, NONE, "500000000"),
    ("４～５亿元", "400000000", CNY, -8, 8, NONE, "500000000"),
    ("4-5亿元", "400000000", CNY, -8, 8, NONE, "500000000"),
    ("4~5亿元", "400000000", CNY, -8, 8, NONE, "500000000"),
    ("4至5亿元", "400000000", CNY, -8, 8, NONE, "500000000"),
    ("4亿-5亿元", "400000000", CNY, -8, 8, NONE, "500000000"),
    ("4.5-5亿元", "450000000", CNY, -7, 8, NONE, "500000000"),
    ("5000万-1亿元", "50000000", CNY, -4, 8, NONE, "100000000"),
    ("3-5年", "3", Unit.YEARS, 0, 0, NONE, "5"),
    ("三至五年", "3", Unit.YEARS, 0, 0, NONE, "5"),
    ("约4-5亿元", "400000000", CNY, -8, 8, ABOUT, "500000000"),
    ("-5%", "-5", PCT, 0, 0, NONE, None),
    ("−3.5%", "-3.5", PCT, 1, 0, NONE, None),
    ("-4-5亿元", "-400000000", CNY, -8, 8, NONE, "500000000"),
    ("-5%--3%", "-5", PCT, 0, 0, NONE, "-3"),
    ("1,234.5万元", "12345000", CNY, -3, 4, NONE, None),
    ("2,012年", "2012", Unit.YEARS, 0, 0, NONE, None),
    ("2012.5年", "2012.5", Unit.YEARS, 1, 0, NONE, None),
    ("1999", "1999", Unit.YEAR, 0, 0, NONE, None),
    ("2100", "2100", Unit.COUNT, 0, 0, NONE, None),
    ("2025亿", "202500000000", Unit.COUNT, -8, 8, NONE, None),
    ("七倍", "7", RATIO, 0, 0, NONE, None),
    ("7倍", "7", RATIO, 0, 0, NONE, None),
    ("八成", "80", PCT, -1, 1, NONE, None),
    ("至少3成", "30", PCT, -1, 1, Qualifier.AT_LEAST, None),
    ("不低于5%", "5", PCT, 0, 0, Qualifier.AT_LEAST, None),
    ("不少于5%", "5", PCT, 0, 0, Qualifier.AT_LEAST, None),
    ("不足1个百分点", "1", Unit.PP, 0, 0, Qualifier.UNDER, None),
    ("低于0.5个百分点", "0.5", Unit.PP, 1, 0, Qualifier.UNDER, None),
    ("一个百分点", "1", Unit.PP, 0, 0, NONE, None),
    ("大约5亿元", "500000000", CNY, -8, 8, ABOUT, None),
    ("约为5亿元", "500000000", CNY, -8, 8, ABOUT, None),
    ("5亿元左右", "500000000", CNY, -8, 8, ABOUT, None),
    ("约5亿元左右", "500000000", CNY, -8, 8, ABOUT, None),
    ("90%以上", "90", PCT, 0, 0, MORE, None),
    ("超过5亿元", "500000000", CNY, -8, 8, MORE, None),
    ("接近5亿元", "500000000", CNY, -8, 8, NEARLY, None),
    ("将近5亿元", "500000000", CNY, -8, 8, NEARLY, None),
    ("翻番", "2", RATIO, 0, 0, Qualifier.DOUBLED, None),
    ("5亿人民币", "500000000", CNY, -8, 8, NONE, None),
    ("3万港币", "30000", HKD, -4, 4, NONE, None),
    ("7 亿元", "700000000", CNY, -8, 8, NONE, None),
    (" 7.29亿元 ", "729000000", CNY, -6, 8, NONE, None),
    ("两千万股", "20000000", Unit.SHARES, -7, 7, NONE, None),
    # a Chinese numeral from 万 up is known to its last written digit: 三千五百万 to 10^6
    ("三千五百万", "35000000", Unit.COUNT, -6, 4, NONE, None),
    ("一万亿元", "1000000000000", CNY, -12, 12, NONE, None),
    ("五十亿", "5000000000", Unit.COUNT, -9, 9, NONE, None),
    ("十三亿", "1300000000", Unit.COUNT, -8, 8, NONE, None),
    ("1.2百亿", "12000000000", Unit.COUNT, -9, 10, NONE, None),
    ("3千万", "30000000", Unit.COUNT, -7, 7, NONE, None),
    ("5百万美元", "5000000", USD, -6, 6, NONE, None),
    ("2十亿", "2000000000", Unit.COUNT, -9, 9, NONE, None),
    ("三个", "3", Unit.COUNT, 0, 0, NONE, None),
]


@pytest.mark.parametrize("row", OTHER, ids=[row[0] for row in OTHER])
def test_other_expression(row: tuple[str, str, Unit, int, int, Qualifier, str | None]) -> None:
    assert parse_quantity(row[0]) == quantity(*row)


def test_quantity_keeps_text_as_given() -> None:
    assert parse_quantity("４４．８％").text == "４４．８％"


EXPECTED = (
    "expected a number with an optional scale word (万, 亿, 百万, 千亿) "
    "and unit (元, 港元, 美元, %, 倍, 股, 年, 个百分点, or a counted noun such as 家, 辆)"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12abc", f"cannot parse '12abc': {EXPECTED}"),
        ("", f"cannot parse '': {EXPECTED}"),
        ("约", f"cannot parse '约': {EXPECTED}"),
        ("5-", f"cannot parse '5-': {EXPECTED}"),
        ("二季度", f"cannot parse '二季度': {EXPECTED}"),
        ("6月17日", f"cannot parse '6月17日': {EXPECTED}"),
        ("25Q2", f"cannot parse '25Q2': {EXPECTED}"),
        (
            "亿元",
            "cannot parse '亿元': expected a Chinese numeral such as 十三, 两千 or 八, got '亿'",
        ),
        (
            "二三年",
            "cannot parse '二三年': expected a Chinese numeral such as 十三, 两千 or 八, got '二三'",
        ),
        (
            "5%-10亿元",
            "cannot parse '5%-10亿元': expected both ends of a range in the same unit,"
            " got pct and CNY",
        ),
        (
            "1999-2100",
            "cannot parse '1999-2100': expected both ends of a range in the same unit,"
            " got year and count",
        ),
        ("5-4亿元", "cannot parse '5-4亿元': expected the low end of a range first"),
        ("4--5", "cannot parse '4--5': expected the low end of a range first"),
        (
            "约5亿元以上",
            "cannot parse '约5亿元以上': expected at most one hedge, got about and more_than",
        ),
        ("约翻倍", "cannot parse '约翻倍': expected 翻倍 or 翻番 without a hedge"),
    ],
)
def test_parse_error(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_quantity(text)
    assert str(caught.value) == message
    assert caught.value.text == text
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("7.29亿元", "7.29亿元"),
        ("23.10亿元-40.35亿元", "23.10亿元–40.35亿元"),
        ("4–5亿元", "4亿元–5亿元"),
        ("近八成", "近8成"),
        ("超千亿", "超1千亿"),
        ("十三年", "13年"),
        ("2,012年", "2,012年"),
        ("2012年", "2012年"),
        ("2100", "2,100"),
        ("翻倍", "翻倍"),
        ("90%以上", "超90%"),
        ("5亿元左右", "约5亿元"),
        ("不足1个百分点", "不足1个百分点"),
        ("至少3成", "至少3成"),
        ("约6937.5万股", "约6937.5万股"),
        ("5.83港元", "5.83港元"),
        ("-5%--3%", "-5%–-3%"),
    ],
)
def test_format_quantity(text: str, canonical: str) -> None:
    assert format_quantity(parse_quantity(text)) == canonical


def test_format_falls_back_to_a_scale_that_carries_the_precision() -> None:
    # stated scale 0 cannot carry decimals -3: 万 can
    assert format_quantity(Quantity("", Decimal(12000), Unit.COUNT, -3)) == "1.2万"
    assert format_quantity(Quantity("", Decimal(80), PCT, -1)) == "8成"
    assert format_quantity(Quantity("", Decimal(100), PCT, -2)) == "0.01万%"


@pytest.mark.parametrize(
    ("q", "message"),
    [
        (
            Quantity("", Decimal(3), RATIO, 0, qualifier=Qualifier.DOUBLED),
            "翻倍 states exactly a ratio of 2",
        ),
        (Quantity("", Decimal("2012.5"), Unit.YEAR, 1), "a calendar year is a 4-digit integer"),
        (Quantity("", Decimal(999), Unit.YEAR, 0), "a calendar year is a 4-digit integer"),
        (
            Quantity("", Decimal(2012), Unit.YEAR, 0, upper=Decimal(10000)),
            "a calendar year is a 4-digit integer",
        ),
        (Quantity("", Decimal(10) ** 13, Unit.COUNT, -13), "no scale word carries decimals -13"),
        (Quantity("", Decimal("7.295"), CNY, 2), "7.295 has digits finer than decimals"),
    ],
)
def test_format_error(q: Quantity, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        format_quantity(q)
    assert str(caught.value) == f"cannot format {q!r}: {message}"


WRITABLE_SCALES = [0, 4, 6, 7, 8, 9, 10, 11, 12]
# the vague qualifiers (plus, several, majority) have their own round trips in test_forms
HEDGES = [Qualifier.NONE, ABOUT, MORE, NEARLY, Qualifier.UNDER, Qualifier.AT_LEAST]


@st.composite
def quantities(draw: st.DrawFn, canonical: bool = False) -> Quantity:
    """Draw a quantity some expression states; canonical ones have a scale that is written."""
    unit = draw(st.sampled_from(list(Unit)))
    qualifier = draw(st.sampled_from(HEDGES))
    if unit is Unit.YEAR:
        low = draw(st.integers(1000, 9999))
        high = draw(st.none() | st.integers(low, 9999))
        upper = None if high is None else Decimal(high)
        return Quantity("", Decimal(low), unit, 0, 0, qualifier, upper)
    scale = draw(st.sampled_from(WRITABLE_SCALES + ([1] if unit is Unit.PCT else [])))
    decimals = draw(st.integers(-scale if canonical else -12, 4))
    value = Decimal(draw(st.integers(-(10**12), 10**12))).scaleb(-decimals)
    width = draw(st.none() | st.integers(0, 10**12))
    upper = None if width is None else value + Decimal(width).scaleb(-decimals)
    return Quantity("", value, unit, decimals, scale, qualifier, upper)


def fields(q: Quantity) -> tuple[object, ...]:
    return (q.value, q.unit, q.decimals, q.qualifier, q.upper)


@given(quantities())
def test_round_trip_keeps_value_unit_decimals_qualifier_upper(q: Quantity) -> None:
    assert fields(parse_quantity(format_quantity(q))) == fields(q)


@given(quantities(canonical=True) | st.just(parse_quantity("翻倍")))
def test_round_trip_is_exact_for_written_scales(q: Quantity) -> None:
    text = format_quantity(q)
    assert parse_quantity(text) == replace(q, text=text)
