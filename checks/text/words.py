"""Name the words of Chinese financial figures once, for the parser and the scanner alike.

Every list is in simplified characters: text is folded (`checks.text.fold`) before it is read,
so 億元, 萬輛 and 個百分點 are matched as 亿元, 万辆 and 个百分点. Lists are longest-first where a
word is the start of another (个百分点 before 个, 同比增长 before 增长).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from checks.numbers.quantity import Direction, Qualifier, Unit

__all__ = [
    "CHINESE_DIGITS",
    "CHINESE_NUMERALS",
    "COUNT_NOUNS",
    "CURRENCY_PREFIXES",
    "DIRECTION_LEADS",
    "DIRECTION_WORDS",
    "ENGLISH_SCALES",
    "HALF_WORDS",
    "MAJORITY_WORDS",
    "PREFIX_HEDGES",
    "RANGE_SEPARATORS",
    "SCALE_WORDS",
    "SUFFIX_HEDGES",
    "UNIT_WORDS",
    "alternation",
]

#: Scale words and their power of ten, longest first so that 千亿 wins over 亿.
SCALE_WORDS: dict[str, int] = {
    "万亿": 12,
    "千亿": 11,
    "百亿": 10,
    "十亿": 9,
    "千万": 7,
    "百万": 6,
    "十万": 5,
    "万": 4,
    "亿": 8,
}
#: English scale words, read only after an English currency sign (US$1.2bn, RMB3.2 million).
ENGLISH_SCALES: dict[str, int] = {
    "trillion": 12,
    "billion": 9,
    "million": 6,
    "thousand": 3,
    "tn": 12,
    "bn": 9,
    "mn": 6,
    "m": 6,
    "k": 3,
}
#: Unit words written after the number. 年 is resolved to YEAR or YEARS by the number in front
#: of it; 成 is a tenth, so it is stored as pct with one extra power of ten (八成 = 80 pct).
UNIT_WORDS: dict[str, Unit] = {
    "个百分点": Unit.PP,
    "百分点": Unit.PP,
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
}
#: Measure words of counted things: the figure is a count and keeps the word as its noun.
COUNT_NOUNS: tuple[str, ...] = (
    *("人次", "家", "个", "辆", "台", "次", "户", "人", "名", "款", "座", "项", "件", "套"),
    *("部", "份", "张", "位", "架", "艘", "所", "间", "颗", "笔", "宗", "单", "吨", "例"),
)
#: Currency words and signs written before the number: 人民币18.6亿元, HK$27亿, US$1.2bn.
CURRENCY_PREFIXES: dict[str, Unit] = {
    "人民币": Unit.CNY,
    "港币": Unit.HKD,
    "港元": Unit.HKD,
    "美元": Unit.USD,
    "RMB": Unit.CNY,
    "CNY": Unit.CNY,
    "HK$": Unit.HKD,
    "HKD": Unit.HKD,
    "US$": Unit.USD,
    "USD": Unit.USD,
    "¥": Unit.CNY,
}
#: Hedge words written before the number, longest first (不低于 before 低于).
PREFIX_HEDGES: dict[str, Qualifier] = {
    "不低于": Qualifier.AT_LEAST,
    "不少于": Qualifier.AT_LEAST,
    "至少": Qualifier.AT_LEAST,
    "不足": Qualifier.UNDER,
    "低于": Qualifier.UNDER,
    "少于": Qualifier.UNDER,
    "不到": Qualifier.UNDER,
    "大约": Qualifier.ABOUT,
    "约为": Qualifier.ABOUT,
    "约合": Qualifier.ABOUT,
    "约": Qualifier.ABOUT,
    "超过": Qualifier.MORE_THAN,
    "超": Qualifier.MORE_THAN,
    "逾": Qualifier.MORE_THAN,
    "高于": Qualifier.MORE_THAN,
    "接近": Qualifier.NEARLY,
    "将近": Qualifier.NEARLY,
    "近": Qualifier.NEARLY,
}
#: Hedge words written after the number.
SUFFIX_HEDGES: dict[str, Qualifier] = {
    "左右": Qualifier.ABOUT,
    "上下": Qualifier.ABOUT,
    "以上": Qualifier.MORE_THAN,
    "以下": Qualifier.UNDER,
}
#: Direction words written before the figure (a period word such as 同比 may lead them).
DIRECTION_WORDS: dict[str, Direction] = {
    **dict.fromkeys(
        ("增长", "上升", "上涨", "增加", "提升", "提高", "扩大", "攀升", "大升", "大增"),
        Direction.UP,
    ),
    **dict.fromkeys(
        ("激增", "飙升", "急升", "猛增", "劲升", "上扬", "增", "升", "涨"), Direction.UP
    ),
    **dict.fromkeys(
        ("下降", "下滑", "下跌", "减少", "收窄", "缩小", "回落", "大跌", "大降", "急跌"),
        Direction.DOWN,
    ),
    **dict.fromkeys(("萎缩", "缩减", "降低", "跌", "降", "减"), Direction.DOWN),
}
#: Words that may lead a direction word: 同比增长, 按年跌, 环比下降.
DIRECTION_LEADS: tuple[str, ...] = ("同比", "环比", "按年", "按季", "按月", "较上年", "较去年")
#: Words for "more than half" (a whole of 100%): 过半 is (50, 100]%.
MAJORITY_WORDS: tuple[str, ...] = (
    *("超过半数", "超过一半", "一半以上", "半数以上", "过半数", "超半数", "逾半数"),
    *("过半", "超半", "逾半", "大半"),
)
#: Words for one half, 50%, which hedges may lead (近一半, 约半数).
HALF_WORDS: tuple[str, ...] = ("一半", "半数")
#: Characters that join the two ends of a range (after folding, － and ～ are - and ~).
RANGE_SEPARATORS = "-–~〜至"
#: Characters of a Chinese numeral (digits and the place words).
CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
#: Chinese digits with their values (两 is 2; 〇 and 零 are 0).
CHINESE_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def alternation(words: Iterable[str]) -> str:
    """Match any of the words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
