"""Read every family of figure in both scripts, refuse what cannot be made exact, and write back.

The table (`tests/figure_forms.py`) is written by hand in the house styles of Chinese results
coverage; each simplified row is also checked in traditional characters (OpenCC `s2hk`), so
every family is asserted in both scripts.
"""

from __future__ import annotations

from decimal import Decimal

import opencc
import pytest
from figure_forms import REFUSED, ROWS, Row

from checks.numbers.quantity import Direction, Qualifier, Quantity, Unit
from checks.text.parse import ParseError, format_quantity, parse_quantity

_TO_HK = opencc.OpenCC("s2hk.json")


def _fields(q: Quantity) -> tuple[object, ...]:
    return (q.value, q.unit, q.decimals, q.qualifier, q.direction, q.noun, q.per, q.upper)


def _expected(row: Row) -> tuple[object, ...]:
    return (
        Decimal(row.value),
        Unit(row.unit),
        row.decimals,
        Qualifier(row.qualifier),
        Direction(row.direction),
        row.noun,
        row.per,
        None if row.upper is None else Decimal(row.upper),
    )


def test_the_table_is_large_and_has_no_duplicates() -> None:
    texts = [row.text for row in ROWS]
    assert len(texts) == len(set(texts))
    assert len(ROWS) + len(REFUSED) >= 300


@pytest.mark.parametrize("row", ROWS, ids=[row.text for row in ROWS])
def test_form(row: Row) -> None:
    parsed = parse_quantity(row.text)
    assert _fields(parsed) == _expected(row)
    assert parsed.text == row.text  # the quote stays as written
    assert str(parsed.value) == row.value  # exact, not 7.29E+8


TRADITIONAL = [
    row._replace(text=_TO_HK.convert(row.text))  # a noun is given in simplified characters
    for row in ROWS
    if _TO_HK.convert(row.text) != row.text
]


@pytest.mark.parametrize("row", TRADITIONAL, ids=[row.text for row in TRADITIONAL])
def test_form_in_traditional_characters(row: Row) -> None:
    assert _fields(parse_quantity(row.text)) == _expected(row)


def test_both_scripts_are_covered_by_many_rows() -> None:
    assert len(TRADITIONAL) >= 120


@pytest.mark.parametrize(("text", "why"), REFUSED, ids=[text for text, _ in REFUSED])
def test_refused(text: str, why: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_quantity(text)
    assert str(caught.value).startswith(f"cannot parse {text!r}: ")
    assert why  # every refusal says why it is refused


@pytest.mark.parametrize("row", ROWS, ids=[row.text for row in ROWS])
def test_format_reads_back(row: Row) -> None:
    q = parse_quantity(row.text)
    try:
        text = format_quantity(q)
    except ValueError as err:  # only the forms no canonical expression states
        assert "cannot format" in str(err)
        return
    assert _fields(parse_quantity(text)) == _fields(q)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("增长至6.3亿元", "增长至 states the level reached, not a change; give the level alone"),
        ("约二十余家", "expected at most one hedge, got about and plus"),
        ("人民币5亿港元", "expected one currency, got CNY and '港元'"),
        ("3.5 million", "an English scale word ('million') needs HK$, US$ or RMB"),
        ("5.83/股", "expected a currency with a per-share figure (元/股, 每股5.83港元)"),
        ("七家三", "expected '三' only after 成 or 倍 (七成三, 一倍半), or 半 after 年"),
        ("二十余-三十余家", "expected a range of plain figures; 多, 余 and 几 have no range"),
    ],
)
def test_refusal_message(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_quantity(text)
    assert str(caught.value) == f"cannot parse {text!r}: {message}"
