"""Pin down the number-like tokens of the Kingsoft article and each rule of the scanner."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from checks.text.scan import STOP_PHRASES, Token, number_tokens

ARTICLE = (Path(__file__).resolve().parents[2] / "data" / "kingsoft_article.txt").read_text(
    encoding="utf-8"
)

ARTICLE_TOKENS = [
    "2022年", "2032年", "提升10倍", "超千亿", "逾27亿港元", "十三年", "近七倍", "同比增长17.8%", "二季度", "同比增长24%",
    "激增超1.2倍", "7.29亿元", "44.8%", "2025年", "约49.76亿元", "同比增长约155%", "近7倍", "4月", "每股5.83港元",
    "约6937.5万股", "超20亿港元", "9月", "约1.67亿美元", "2012年", "十三年", "2021年至2024年", "约84亿元", "2025",
    "同比扩大7.81%", "7.7亿元", "6月末", "71.6%", "2024年末", "68.7%", "二三线", "第1张", "1H25", "四大",
    "225Q2", "874亿美元", "增长69%", "23%", "约3170亿美元", "2025年", "208.3亿元", "翻倍", "518亿元",
    "2025年至2030年", "26.8%", "25Q2", "386亿元", "三年", "超3800亿元", "85亿美元", "同比激增120%", "48亿美元",
    "翻倍", "191亿元", "38亿元", "近80%", "二三线", "24年", "二三线", "6月17日", "35.59%", "11.12%", "两家",
    "25Q2", "同比增长69.5%", "6.3亿元", "26.8%", "11.3亿元", "40%", "2024年", "三年", "8.68亿元",
    "23.10亿元-40.35亿元", "三年", "超94亿元", "三年", "2025年", "60%", "约20亿元", "4–5亿元", "78%", "超90%",
    "近八成", "二季度", "第九代", "X9a", "C9a",
]  # fmt: skip


def texts(text: str) -> list[str]:
    return [token.text for token in number_tokens(text)]


def test_article_tokens() -> None:
    assert texts(ARTICLE) == ARTICLE_TOKENS
    assert len(ARTICLE_TOKENS) == 91


def test_tokens_are_spans_sorted_by_start_and_disjoint() -> None:
    tokens = number_tokens(ARTICLE)
    assert all(ARTICLE[t.start : t.end] == t.text for t in tokens)
    assert all(a.end <= b.start for a, b in itertools.pairwise(tokens))


def test_token_is_frozen() -> None:
    token = Token(0, 2, "3年")
    with pytest.raises(dataclasses.FrozenInstanceError):
        token.start = 1  # type: ignore[misc]


STATED = [
    "超1.2倍", "约49.76亿元", "近八成", "翻倍", "4–5亿元", "23.10亿元-40.35亿元", "近七倍",
    "超千亿", "十三年", "2012年", "6937.5万股", "1.67亿美元", "3170亿美元", "逾27亿港元",
    "超3800亿元", "近80%", "超90%", "两家", "三年", "10倍",
]  # fmt: skip


@pytest.mark.parametrize("stated", STATED)
def test_every_occurrence_of_a_stated_figure_lies_within_a_token(stated: str) -> None:
    tokens = number_tokens(ARTICLE)
    start = ARTICLE.find(stated)
    assert start >= 0
    while start >= 0:
        end = start + len(stated)
        assert any(t.start <= start and end <= t.end for t in tokens), (stated, start)
        start = ARTICLE.find(stated, start + 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (a) digits with their point, scale word, unit, hedge
        ("毛收入激增超1.2倍至7.29亿元,占", ["激增超1.2倍", "7.29亿元"]),
        ("合计约49.76亿元,同比", ["约49.76亿元"]),
        ("认购约6937.5万股新股", ["约6937.5万股"]),
        ("下降3个百分点", ["下降3个百分点"]),
        ("5亿人民币", ["5亿人民币"]),
        ("超过5亿元,不低于3%,将近2倍", ["超过5亿元", "不低于3%", "将近2倍"]),
        ("占比90%以上,约5亿元左右", ["90%以上", "约5亿元左右"]),
        ("７．２９亿元与４４．８％", ["７．２９亿元", "４４．８％"]),
        # other digit systems are read whole, never skipped
        ("收入𝟕.𝟐𝟗亿元，占比٤٤%", ["𝟕.𝟐𝟗亿元", "٤٤%"]),
        ("營收７．２９億元", ["７．２９億元"]),
        # traditional characters: the whole figure, 億元 and 萬股 included
        ("收入約49.76億元，配售約6937.5萬股", ["約49.76億元", "約6937.5萬股"]),
        ("按年增長12.5%至1,845.3億港元", ["按年增長12.5%", "1,845.3億港元"]),
        ("佔比七成三，逾一倍三", ["七成三", "逾一倍三"]),
        # spaced hedges and directions belong to the figure
        ("近 3600 亿元，超过 900 亿元", ["近 3600 亿元", "超过 900 亿元"]),
        ("同比增长 15.6 %", ["同比增长 15.6 %"]),
        # vague, colloquial, currency first, per share, counted
        ("两倍多，3个亿，4200多亿元，二十余家", ["两倍多", "3个亿", "4200多亿元", "二十余家"]),
        ("人民币18.6亿元，HK$5.83 per share", ["人民币18.6亿元", "HK$5.83 per share"]),
        ("5.83港元/股，3万辆，过半", ["5.83港元/股", "3万辆", "过半"]),
        ("二〇二四年，百分之二十三点五", ["二〇二四年", "百分之二十三点五"]),
        ("共1,234.5万元", ["1,234.5万元"]),
        ("1,23", ["1", "23"]),
        ("2022年,到2032年", ["2022年", "2032年"]),
        ("7.29 亿元", ["7.29 亿元"]),
        ("第1张", ["第1张"]),
        # ranges: one token when the ends agree
        ("贡献4–5亿元。", ["4–5亿元"]),
        ("提升至23.10亿元-40.35亿元,", ["23.10亿元-40.35亿元"]),
        ("4至5亿元", ["4至5亿元"]),
        ("4~5亿元与4～5亿元", ["4~5亿元", "4～5亿元"]),
        ("2021年至2024年累计", ["2021年至2024年"]),
        ("增长69.5%至6.3亿元", ["增长69.5%", "6.3亿元"]),
        ("扩大7.81%至7.7亿元", ["扩大7.81%", "7.7亿元"]),
        ("5%-10亿元", ["5%", "10亿元"]),
        ("4-5G", ["4", "5G"]),
        # signs
        ("同比-5%", ["-5%"]),
        ("-5%--3%", ["-5%--3%"]),
        # codes
        ("X9a/C9a", ["X9a", "C9a"]),
        ("《中国AI云市场,1H25》", ["1H25"]),
        ("25Q2与225Q2", ["25Q2", "225Q2"]),
        # dates
        ("截至6月17日,", ["6月17日"]),
        ("4月,9月,6月末", ["4月", "9月", "6月末"]),
        ("较2024年末的68.7%", ["2024年末", "68.7%"]),
        ("2025年6月17日", ["2025年6月17日"]),
        ("2012年成立", ["2012年"]),
        ("2025上半年", ["2025"]),
        # (b) Chinese numerals with a measure word or a 万/亿 ending
        ("自2012年成立至今十三年来", ["2012年", "十三年"]),
        ("增速反超营收近七倍!", ["近七倍"]),
        ("再融资近八成配售所得", ["近八成"]),
        ("推出第九代云服务器", ["第九代"]),
        ("撑起一个超千亿产业链", ["超千亿"]),
        ("二季度总收入", ["二季度"]),
        ("两家持股", ["两家"]),
        ("北美四大云厂商", ["四大"]),
        ("二三线云商", ["二三线"]),
        ("三至五年", ["三至五年"]),
        ("一个百分点", ["一个百分点"]),
        ("三千亿元", ["三千亿元"]),
        ("增长两成", ["增长两成"]),
        # (b) not tokens: no measure word, or the measure word starts another word
        ("七牛智能", []),
        ("百度资本开支", []),
        ("黄金十字路口", []),
        ("第三方融资", []),
        ("万一", []),
        ("这一成绩", []),
        ("唯一代表", []),
        # (c) doubling
        ("翻倍增至518亿元", ["翻倍", "518亿元"]),
        ("翻番", ["翻番"]),
    ],
)
def test_rule(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    ["一波接一波的产业", "一云多芯", "唯一战略云平台", "进一步印证", "万国数据", "一成不变"],
)
def test_idioms_are_not_tokens(text: str) -> None:
    assert texts(text) == []


def test_stop_phrases_drop_tokens_that_the_rules_would_find() -> None:
    # 一代 and 一个 match rule (b); only the stop list keeps them out
    assert "下一代" in STOP_PHRASES
    assert "一个" in STOP_PHRASES
    assert texts("大模型是下一代操作系统") == []
    assert texts("一代") == ["一代"]
    assert texts("一个") == []
    assert texts("第一代") == ["第一代"]


def test_token_positions() -> None:
    assert number_tokens("收入约20亿元。") == [Token(2, 7, "约20亿元")]
