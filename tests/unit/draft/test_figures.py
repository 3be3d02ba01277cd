"""Tests for checks.draft.figures: which tokens are figures, and their unique quotes."""

from __future__ import annotations

import pytest

from checks.draft.figures import classify, clause_bounds, shortest_quote


def _kinds(text: str) -> dict[str, str]:
    figures, labels = classify(text)
    out = {f.token.text: "figure" for f in figures}
    out.update({lab.token.text: lab.kind for lab in labels})
    return out


@pytest.mark.parametrize(
    ("text", "token", "kind"),
    [
        ("公司营收12.5亿元。", "12.5亿元", "figure"),
        ("二季度营收增长24%。", "二季度", "period"),
        ("二季度营收增长24%。", "24%", "figure"),
        ("25Q2资本开支386亿元。", "25Q2", "period"),
        ("《中国AI云市场,1H25》报告", "1H25", "period"),
        ("截至6月末,负债率71.6%。", "6月末", "period"),
        ("较2024年末的68.7%。", "2024年末", "period"),
        ("2025年上半年收入。", "2025年", "period"),
        ("2021年至2024年累计亏损约84亿元。", "2021年至2024年", "period"),
        ("易点云(24年开始扭亏为盈)", "24年", "period"),
        ("推出云服务器X9a。", "X9a", "product"),
        ("推出第九代云服务器。", "第九代", "product"),
        ("图集 第1张", "第1张", "furniture"),
        ("本次配售后,两家持股略有稀释。", "两家", "group"),
        ("北美四大云厂商", "四大", "group"),
        ("自2012年成立至今十三年来。", "2012年", "figure"),
        ("自2012年成立至今十三年来。", "十三年", "figure"),
        ("生成式AI元年2022年,", "2022年", "figure"),
        ("根据2024年小米与金山云续签的三年战略协议", "2024年", "figure"),
        ("根据2024年小米与金山云续签的三年战略协议", "三年", "figure"),
        ("未来三年计划投入超3800亿元。", "三年", "period"),
        ("三年累计超94亿元。", "三年", "period"),
        ("到2032年阿里云的能耗将提升10倍。", "2032年", "period"),
    ],
)
def test_tokens_are_sorted_into_figures_and_labels(text: str, token: str, kind: str) -> None:
    assert _kinds(text)[token] == kind


def test_the_shortest_quote_is_unique_and_places_the_token() -> None:
    text = "营收增长24%。利润增长24%,远超预期。"
    second = text.rindex("24%")
    quote = shortest_quote(text, second, second + 3)
    assert text.count(quote) == 1
    assert text.index(quote) + quote.index("24%") == second
    assert quote == "24%,"  # as short as unique gets, though it ends in a comma


def test_a_quote_prefers_words_to_punctuation() -> None:
    text = "甲24%。乙24%,丙"
    at = text.rindex("24%")
    assert shortest_quote(text, at, at + 3) == "乙24%"


def test_a_quote_never_crosses_a_line() -> None:
    text = "24%\n24%"
    assert shortest_quote(text, 4, 7) == "24%"  # not unique in the line either: the line


def test_clause_bounds_stop_at_punctuation() -> None:
    text = "甲,乙增长24%;丙"
    lo, hi = clause_bounds(text, text.index("24"), text.index("%") + 1)
    assert text[lo:hi] == "乙增长24%"
