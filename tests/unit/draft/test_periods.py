"""Tests for checks.draft.periods: period words and the period a figure gets."""

from __future__ import annotations

import pytest

from checks.draft.figures import classify
from checks.draft.periods import AsOf, find_periods, parse_as_of, period_of

AS_OF = AsOf(2025, 9)


@pytest.mark.parametrize(
    ("words", "period"),
    [
        ("上半年", "2025H1"),
        ("下半年", "2025H2"),
        ("二季度", "2025Q2"),
        ("2024年第三季度", "2024Q3"),
        ("25Q2", "2025Q2"),
        ("225Q2", "2025Q2"),
        ("1H25", "2025H1"),
        ("6月末", "2025-06-30"),
        ("2024年末", "2024-12-31"),
        ("截至6月17日", "2025-06-17"),
        ("4月", "2025-04"),
        ("全年", "FY2025"),
        ("去年", "FY2024"),
        ("2025年上半年", "2025H1"),
        ("2025上半年", "2025H1"),
        ("2021年至2024年", "2021-2024"),
        ("未来三年", "2025-2027"),
        ("2025年", "FY2025"),
    ],
)
def test_period_words_resolve(words: str, period: str) -> None:
    [mention] = [m for m in find_periods(words, AS_OF) if m.period]
    assert mention.period == period


def test_without_as_of_a_bare_word_stays_open_and_a_dated_one_resolves() -> None:
    assert [m.period for m in find_periods("上半年,2025年上半年", None)] == ["", "2025H1"]


def test_a_word_inside_a_figure_is_no_period() -> None:
    text = "认购约6937.5万股"
    assert find_periods(text, AS_OF, [(2, len(text))]) == []


def _period(text: str, figure: str) -> str:
    """The period of `figure`, with every figure of the text known (as the draft knows them)."""
    figures, _ = classify(text)
    spans = [(f.token.start, f.token.end) for f in figures]
    at = text.index(figure)
    mentions = find_periods(text, AS_OF, spans)
    return period_of(text, at, at + len(figure), mentions, [lo for lo, _ in spans])


def test_the_clause_period_wins() -> None:
    text = "截至6月末,负债率达71.6%,较2024年末的68.7%明显上升。"
    assert _period(text, "71.6%") == "2025-06-30"
    assert _period(text, "68.7%") == "2024-12-31"


def test_a_compared_period_does_not_date_the_next_figure() -> None:
    text = "二季度收入增长24%,远超上半年整体水平;其中AI收入7.29亿元。"
    assert _period(text, "7.29亿元") == "2025Q2"


def test_a_compared_period_dates_only_the_figure_right_after_it() -> None:
    text = "2025年市场规模预计将从去年的208.3亿元翻倍增至518亿元。"
    assert _period(text, "208.3亿元") == "FY2024"
    assert _period(text, "518亿元") == "FY2025"


def test_same_period_takes_the_period_before() -> None:
    text = "25Q2阿里资本支出达386亿元,未来三年计划投入超3800亿元;字节同期投入85亿美元。"
    assert _period(text, "85亿美元") == "2025Q2"


def test_periods_are_not_carried_across_paragraphs() -> None:
    assert _period("上半年营收12亿元。\n\n利润3亿元。", "3亿元") == ""


@pytest.mark.parametrize("bad", ["2025-13", "25-09", "2025/09", ""])
def test_a_bad_as_of_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="must be YYYY or YYYY-MM"):
        parse_as_of(bad)


def test_a_good_as_of_is_read() -> None:
    assert parse_as_of("2025-09") == AsOf(2025, 9)
    assert parse_as_of("2025") == AsOf(2025, 12)
