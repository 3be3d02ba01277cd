"""Find every figure of three articles whole, in three house styles, and take no non-figure.

The articles in `tests/data/articles/` are written for these tests: a Hong Kong results story
in traditional characters, a wire story with numerals written out in Chinese, and an A-share
results brief with spaced figures. The lists below are the whole truth of each article: every
figure with its quantity (value, unit, decimals, qualifier, direction, noun, per, upper), and
every number-like span that is not a figure (dates, stock codes, 80后) with its kind.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from checks.text.parse import parse_quantity
from checks.text.scan import TokenKind, number_tokens

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"


class F(NamedTuple):
    """A figure: its token and the quantity it states."""

    text: str
    value: str
    unit: str
    decimals: int
    qualifier: str = "none"
    direction: str = "none"
    noun: str = ""
    per: str = ""
    upper: str | None = None


class N(NamedTuple):
    """A number-like span that is not a figure, and its kind."""

    text: str
    kind: str


EXPECTED: dict[str, list[F | N]] = {
    "ashare-spaced": [
        N("600519", "code"),
        N("2025-036", "code"),
        F("2025 年", "2025", "year", 0),
        F("1,234.56 亿元", "123456000000", "CNY", -6),
        F("同比增长 15.6 %", "15.6", "pct", 1, direction="up"),
        F("612.3 亿元", "61230000000", "CNY", -7),
        F("同比增长 14.8%", "14.8", "pct", 1, direction="up"),
        F("609.8 亿元", "60980000000", "CNY", -7),
        F("同比下降 0.5 %", "0.5", "pct", 1, direction="down"),
        F("48.70 元/股", "48.70", "CNY", 2, per="share"),
        F("18.9%", "18.9", "pct", 1),
        F("减少 1.2 个百分点", "1.2", "pp", 1, direction="down"),
        F("约 560 亿元", "56000000000", "CNY", -8, qualifier="about"),
        F("同比减少 3.2 亿元", "320000000", "CNY", -7, direction="down"),
        F("2,987.4 亿元", "298740000000", "CNY", -7),
        F("19.3%", "19.3", "pct", 1),
        F("3.5 万吨", "35000", "count", -3, noun="吨"),
        F("同比增长 8.2%", "8.2", "pct", 1, direction="up"),
        F("532.1 亿元", "53210000000", "CNY", -7),
        F("43.1%", "43.1", "pct", 1),
        F("提升 2.3 个百分点", "2.3", "pp", 1, direction="up"),
        F("2,093 家", "2093", "count", 0, noun="家"),
        F("减少 45 家", "45", "count", 0, direction="down", noun="家"),
        F("10 股", "10", "shares", 0),
        F("276.73 元", "276.73", "CNY", 2),
        F("347.6 亿元", "34760000000", "CNY", -7),
        F("56.8%", "56.8", "pct", 1),
    ],
    "hk-traditional": [
        N("00700.HK", "code"),
        N("2025年6月30日", "date"),
        N("六個月", "date"),
        F("按年增長12.5%", "12.5", "pct", 1, direction="up"),
        F("1,845.3億港元", "184530000000", "HKD", -7),
        F("約為412億港元", "41200000000", "HKD", -8, qualifier="about"),
        F("按年上升逾兩成", "20", "pct", -1, qualifier="more_than", direction="up"),
        F("52.3%", "52.3", "pct", 1),
        F("擴大1.8個百分點", "1.8", "pp", 1, direction="up"),
        F("按年跌3%", "3", "pct", 0, direction="down"),
        F("約98億港元", "9800000000", "HKD", -8, qualifier="about"),
        F("近 360 億港元", "36000000000", "HKD", -8, qualifier="nearly"),
        F("接近兩成", "20", "pct", -1, qualifier="nearly"),
        F("按年增加二十餘家", "20", "count", -1, qualifier="plus", direction="up", noun="家"),
        F("一千二百家", "1200", "count", 0, noun="家"),
        F("過半", "50", "pct", 0, qualifier="majority"),
        F("下滑 4.6%", "4.6", "pct", 1, direction="down"),
        F("收窄 2 個百分點", "2", "pp", 0, direction="down"),
        F("每股2.40港元", "2.40", "HKD", 2, per="share"),
        F("三成五左右", "35", "pct", 0, qualifier="about"),
        N("2025年4月", "date"),
        F("每股HK$5.83", "5.83", "HKD", 2, per="share"),
        F("約6937.5萬股", "69375000", "shares", -3, qualifier="about"),
        F("逾27億港元", "2700000000", "HKD", -8, qualifier="more_than"),
        F("近八成", "80", "pct", -1, qualifier="nearly"),
        F("約10.8萬名", "108000", "count", -3, qualifier="about", noun="名"),
        F("逾半數", "50", "pct", 0, qualifier="majority"),
        N("80後", "label"),
        N("90後", "label"),
        F("近 170 萬港元", "1700000", "HKD", -4, qualifier="nearly"),
        N("第二季度", "date"),
        F("2.6億戶", "260000000", "count", -7, noun="户"),
        F(
            "按年增長數十萬戶",
            "100000",
            "count",
            -5,
            qualifier="several",
            direction="up",
            noun="户",
        ),
        F("一成七", "17", "pct", 0),
        F("兩成二", "22", "pct", 0),
        F("按年大升逾一倍三", "1.3", "ratio", 1, qualifier="more_than", direction="up"),
    ],
    "wire-chinese-numerals": [
        F("二〇二四年", "2024", "year", 0),
        F("一千二百八十八万辆", "12880000", "count", -4, noun="辆"),
        F("同比增长三成四", "34", "pct", 0, direction="up"),
        F("十年", "10", "years", 0),
        F("八十五万台", "850000", "count", -4, noun="台"),
        F("超过三百万台", "3000000", "count", -6, qualifier="more_than", noun="台"),
        F("翻了一番", "2", "ratio", 0, qualifier="doubled"),
        F("二十余家", "20", "count", -1, qualifier="plus", noun="家"),
        F("超过十万辆", "100000", "count", -5, qualifier="more_than", noun="辆"),
        F("近一半", "50", "pct", 0, qualifier="nearly"),
        F("百分之二十三点五", "23.5", "pct", 1),
        F("约合人民币三千六百亿元", "360000000000", "CNY", -10, qualifier="about"),
        F("增长百分之十二", "12", "pct", 0, direction="up"),
        F("五百四十八", "548", "count", 0),
        F("同比提高零点五个百分点以上", "0.5", "pp", 1, qualifier="more_than", direction="up"),
        F("三家", "3", "count", 0, noun="家"),
        F("数十家", "10", "count", -1, qualifier="several", noun="家"),
        F("七成三", "73", "pct", 0),
        F("六亿三千万户", "630000000", "count", -7, noun="户"),
        F("两倍多", "2", "ratio", 0, qualifier="plus"),
        F("二〇二五年至二〇二七年", "2025", "year", 0, upper="2027"),
        F("增长一成半", "15", "pct", 0, direction="up"),
    ],
}


def _read(name: str) -> str:
    return (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")


def test_every_article_is_listed() -> None:
    assert sorted(p.stem for p in ARTICLES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_figure_is_found_whole_with_its_quantity(name: str) -> None:
    source = _read(name)
    found: list[F | N] = []
    for token in number_tokens(source):
        assert source[token.start : token.end] == token.text
        if token.kind is not TokenKind.FIGURE:
            found.append(N(token.text, token.kind.value))
            continue
        q = parse_quantity(token.text)
        upper = None if q.upper is None else str(q.upper)
        fields = (q.qualifier.value, q.direction.value, q.noun, q.per, upper)
        found.append(F(token.text, str(q.value), q.unit.value, q.decimals, *fields))
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_figure_token_is_a_fragment_of_a_longer_figure(name: str) -> None:
    """Widening a figure token by one character either side never gives another figure."""
    source = _read(name)
    for token in number_tokens(source):
        if token.kind is not TokenKind.FIGURE:
            continue
        q = parse_quantity(token.text)
        for start, end in ((token.start - 1, token.end), (token.start, token.end + 1)):
            if start < 0 or end > len(source) or not source[start:end].strip():
                continue
            try:
                wider = parse_quantity(source[start:end])
            except ValueError:
                continue
            assert wider.value == q.value and wider.unit is q.unit, (token, source[start:end])


NON_FIGURES = [
    ("证券代码：600519", "600519", "code"),
    ("腾讯控股（00700.HK）", "00700.HK", "code"),
    ("公告编号：2025-036", "2025-036", "code"),
    ("其中逾半數為80後", "80後", "label"),
    ("九零后创业者", "九零后", "label"),
    ("截至2025年6月30日", "2025年6月30日", "date"),
    ("截至6月17日", "6月17日", "date"),
    ("二季度总收入", "二季度", "date"),
    ("第二季度付费用户", "第二季度", "date"),
    ("过去三个月", "三个月", "date"),
    ("推出第九代服务器", "第九代", "label"),
    ("列表①②", "①②", "unread"),
    ("金额壹佰万元整", "壹佰万元", "unread"),
]


@pytest.mark.parametrize(("text", "token", "kind"), NON_FIGURES)
def test_non_figures_are_found_but_not_taken_as_figures(text: str, token: str, kind: str) -> None:
    tokens = [t for t in number_tokens(text) if t.text == token]
    assert len(tokens) == 1
    assert tokens[0].kind.value == kind


def test_values_are_exact_decimals() -> None:
    assert parse_quantity("1,845.3億港元").value == Decimal("184530000000")
