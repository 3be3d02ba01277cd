"""Find the number-like tokens of a text, so that every figure of a source can be accounted for.

A case is complete when each token is covered by a fact or by an exclusion; this module only
finds the tokens. It is a heuristic, not a parser. What it finds:

(a) every run containing an ASCII or full-width digit, with what is attached to it: a
    decimal point, thousands groups (1,234), a scale word and unit as `checks.text.parse` knows
    them (亿元, 万股, %, 倍, 个百分点), a date tail (6月17日, 2024年末, 二季度-style 2季度),
    a hedge (超, 约, 近, 逾, ... before; 左右, 以上 after), an ordinal 第, a sign, and the
    second end of a range (4–5亿元, 23.10亿元-40.35亿元 and 2021年至2024年 are one token
    each). Letters glued to digits make a code token (X9a, 1H25, 25Q2), which takes no unit;
(b) Chinese-numeral runs followed by a measure word of MEASURE_WORDS (十三年, 近七倍, 近八成,
    第九代, 二季度), or of two or more characters ending in 万/亿 (超千亿), with their hedge,
    第 and a range's left end (三至五年);
(c) 翻倍 and 翻番, which state a ratio of 2 without a digit.

What it trades away, for a short and predictable rule set:

- a range joins only when its left end has no unit or the same unit as its right end, so
  `增长69.5%至6.3亿元` stays two tokens (至 there means "to reach", not "to");
- a Chinese numeral without a measure word or 万/亿 ending is not a token (七牛, 百度 and
  十字路口 are names and words), so a bare 三 in running text goes unnoticed;
- measure words also occur in ordinary words and idioms. MEASURE_COMPOUNDS keeps 成 and 代
  from counting when they start a word (这一成绩, 唯一代表); STOP_PHRASES drops a token lying
  wholly inside an idiom met so far (下一代 "next generation", 一个 the article "a",
  一成不变), and lists idioms the brief names so that a widened rule cannot start catching
  them (一波接一波, 一云多芯, 唯一, 进一步, 万国数据). 一个百分点 is still found, but a
  real 一个 (一个季度) is lost;
- units are matched only when glued to the number (or after one ASCII space), so a figure
  split by punctuation or a line break yields its digits without the unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.text.parse import (
    CHINESE_NUMERALS,
    PREFIX_HEDGES,
    SCALE_WORDS,
    SUFFIX_HEDGES,
    UNIT_WORDS,
)

__all__ = ["MEASURE_COMPOUNDS", "MEASURE_WORDS", "STOP_PHRASES", "Token", "number_tokens"]

#: Words that make a preceding Chinese numeral a count; 个百分点 is the unit, not 个 + text.
MEASURE_WORDS: tuple[str, ...] = (
    "个百分点",
    "季度",
    "年",
    "倍",
    "成",
    "代",
    "家",
    "大",
    "线",
    "个",
)
#: Words that begin with a measure word or unit, which then is none: 这一成绩 is "this
#: result", not 10 %; 唯一代表 is "sole representative", not a generation.
MEASURE_COMPOUNDS: tuple[str, ...] = (
    *("成绩", "成为", "成本", "成果", "成功", "成立", "成长", "成熟", "成员", "成交", "成就"),
    *("代表", "代码", "代价", "代理", "代替"),
)
#: Idioms whose numerals are not figures; a token lying wholly inside one is dropped.
STOP_PHRASES: tuple[str, ...] = (
    "下一代",
    "一个",
    "一成不变",
    "一波接一波",
    "一云多芯",
    "唯一",
    "进一步",
    "万国数据",
)


@dataclass(frozen=True)
class Token:
    """Hold one number-like span of a text; `text` is always `source[start:end]`."""

    start: int
    end: int
    text: str


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    """Match any of the words, longest first, none of them as the start of a compound."""
    branches = []
    for word in sorted(words, key=len, reverse=True):
        rests = [c[len(word) :] for c in MEASURE_COMPOUNDS if c.startswith(word)]
        guard = f"(?!{'|'.join(map(re.escape, rests))})" if rests else ""
        branches.append(re.escape(word) + guard)
    return "|".join(branches)


_D = "[0-9０-９]"
_NUM = rf"(?:{_D}{{1,3}}(?:[,，]{_D}{{3}})+(?!{_D})|{_D}+)(?:[.．]{_D}+)?"
_CODE = rf"[A-Za-z]+{_NUM}(?:[A-Za-z]+(?:{_NUM})?)*|{_NUM}(?:[A-Za-z]+(?:{_NUM})?)+"
_SCALE = _alternation(list(SCALE_WORDS))
_UNIT = _alternation([w for w in UNIT_WORDS if w != "年"] + ["％"])
_DATE = rf"年(?:{_D}+月(?:{_D}+日)?)?(?:末|底|初)?|月(?:{_D}+日)?(?:末|底|初)?|日|季度"
_SIGN = "(?<![0-9０-９A-Za-z%％])[-−－]"
_CN = f"[{CHINESE_NUMERALS}]"
_SEP = "[-－–~～〜至]"
_PREFIX = rf"(?P<hedge>{_alternation(list(PREFIX_HEDGES))})?第?"
_NUMBER_END = (
    rf"(?P<num>(?>{_NUM}))(?![A-Za-z])(?: ?(?P<scale>{_SCALE}))?(?: ?(?P<unit>{_UNIT}|{_DATE}))?"
)
_CHINESE = (
    rf"(?:{_CN}+{_SEP})?{_CN}+(?:{_alternation(MEASURE_WORDS)})"
    rf"|(?:{_CN}+{_SEP})?{_CN}+[万亿](?:{_UNIT})?"
)

_TOKEN_RE = re.compile(
    rf"翻倍|翻番|{_PREFIX}(?:(?P<code>{_CODE})|{_SIGN}?{_NUMBER_END}|(?P<cn>{_CHINESE}))"
)
_RANGE_END_RE = re.compile(rf"{_SEP}(?:[-−－])?{_NUMBER_END}")
_SUFFIX_RE = re.compile(_alternation(list(SUFFIX_HEDGES)))

_UNIT_KIND = {"人民币": "元", "港币": "港元", "％": "%"}


def _unit_kind(unit: str | None) -> str | None:
    """Name what a unit measures, so that 23.10亿元-40.35亿元 joins and 5%-10亿元 does not."""
    if unit is None:
        return None
    if unit[0] in "年月日":
        return unit[0]
    return _UNIT_KIND.get(unit, unit)


def _range_end(text: str, match: re.Match[str]) -> int:
    """Extend a number token over the second end of a range, when the two ends agree."""
    if match["num"] is None:
        return match.end()
    second = _RANGE_END_RE.match(text, match.end())
    if second is None:
        return match.end()
    left = _unit_kind(match["unit"])
    if left is not None and left != _unit_kind(second["unit"]):
        return match.end()
    return second.end()


def _stop_spans(text: str) -> list[tuple[int, int]]:
    return [
        (found.start(), found.end())
        for phrase in STOP_PHRASES
        for found in re.finditer(re.escape(phrase), text)
    ]


def number_tokens(text: str) -> list[Token]:
    """List the number-like tokens of a text, sorted by start; see the module docstring."""
    stops = _stop_spans(text)
    tokens: list[Token] = []
    position = 0
    while (match := _TOKEN_RE.search(text, position)) is not None:
        start, end = match.start(), _range_end(text, match)
        if match["code"] is None and (suffix := _SUFFIX_RE.match(text, end)) is not None:
            end = suffix.end()
        if any(low <= start and end <= high for low, high in stops):
            position = start + 1
            continue
        tokens.append(Token(start, end, text[start:end]))
        position = end
    return tokens
