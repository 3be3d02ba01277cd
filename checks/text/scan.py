"""Find the number-like tokens of a text, whole, so that every figure of a source is accounted for.

A case is complete when each token is covered by a fact or by an exclusion; this module finds
the tokens and says what kind each is. The text is read folded (`checks.text.fold`: simplified
characters, ASCII digits), one character for one, so offsets and `Token.text` are those of
the original, traditional characters and full-width digits included.

The rule that defines correctness: a `figure` token is the whole figure, with everything that
changes its quantity (the words `checks.text.parse` reads): a direction word (同比增长, 按年跌,
收窄) and a hedge (约, 超过, 近; 左右, 以上 after), also when spaces stand between them and the
number (近 3600 亿元); a currency before it (人民币, HK$, US$); the number (digits with thousands
groups, a Chinese numeral, 百分之…); a vague word (多, 余, 几, 数); a scale (亿, 千万, 个亿,
bn after an English currency); a unit or a counted noun (元, %, 倍, 个百分点, 辆, 家 …); what
follows 成 or 倍 (七成三, 一倍三, 两倍多); a per-share mark (/股, 每股); and the second end of a
range. Whole words state figures too: 翻番 idioms, 过半, 一半.

Other kinds are found so that coverage sees them, and are not figures: `date` (6月17日,
2024年末, 二季度), `code` (X9a, 1H25, 00700.HK, 股票代码600519), `label` (第九代, 二三线,
四大, 80后) and `unread`: numerals of a system the parser does not read (①, Ⅳ, ½, 壹佰),
reported rather than skipped.

What it trades away, for a short and predictable rule set (heuristics, said as such):

- a range joins only when its left end has no unit or the same unit as its right end, and
  not with 至 after a direction word, so `增长69.5%至6.3亿元` and `增加20家至1200家` stay two
  tokens (至 there means "to reach", not "to");
- a Chinese numeral is a token only with a unit, a counted noun, a measure word or a 万/亿
  ending (七牛, 百度 and 十字路口 are names and words), or when it is three characters or more
  with a place word that cn2an reads (五百四十八, not 一五一十), so a bare 三 or 三十 goes
  unnoticed; a lone 一 with a counted noun (一家, 一次) is the article "a", not a figure;
- measure words and nouns also begin ordinary words: MEASURE_COMPOUNDS keeps 成 in 成本 and
  家 in 家庭 from counting; STOP_PHRASES drops a token lying wholly inside an idiom (下一代,
  一成不变, 万国数据);
- a direction word is part of a figure only when the number follows it (增长15%), never
  before 至 (增长至6.3亿元 states the level reached), and never before a date or a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from checks.text.fold import fold
from checks.text.numerals import read_chinese
from checks.text.words import (
    CHINESE_NUMERALS,
    COUNT_NOUNS,
    CURRENCY_PREFIXES,
    DIRECTION_LEADS,
    DIRECTION_WORDS,
    ENGLISH_SCALES,
    HALF_WORDS,
    MAJORITY_WORDS,
    PREFIX_HEDGES,
    SCALE_WORDS,
    SUFFIX_HEDGES,
    UNIT_WORDS,
)

__all__ = [
    "MEASURE_COMPOUNDS",
    "MEASURE_WORDS",
    "STOP_PHRASES",
    "Token",
    "TokenKind",
    "number_tokens",
]


class TokenKind(StrEnum):
    """Say what a token is: a figure to parse, or a number-like span that is not one."""

    FIGURE = "figure"
    DATE = "date"
    CODE = "code"
    LABEL = "label"
    UNREAD = "unread"  # a numeral system the parser does not read: reported, never skipped


#: Measure words that make a Chinese numeral a token without being a unit: 二季度, 第九代.
MEASURE_WORDS: tuple[str, ...] = ("个季度", "个月", "季度", "代", "大", "线")
#: Words that begin with a measure word, unit or noun, which then is none: 这一成绩 is "this
#: result", not 10 %; 唯一代表 is "sole representative"; 3家庭 is not three companies.
MEASURE_COMPOUNDS: tuple[str, ...] = (
    *("成绩", "成为", "成本", "成果", "成功", "成立", "成长", "成熟", "成员", "成交", "成就"),
    *("代表", "代码", "代价", "代理", "代替", "人民", "名称", "名单", "项目", "所有", "所以"),
    *("间接", "单位", "位于", "家庭", "家电", "家族", "台湾", "只有", "只是", "次年", "次日"),
    *("部分", "部件", "例如", "架构", "套餐", "个别", "个性", "个体", "大型", "大规模"),
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
    "一半以下",
)


@dataclass(frozen=True)
class Token:
    """Hold one number-like span of a text; `text` is always `source[start:end]`."""

    start: int
    end: int
    text: str
    kind: TokenKind = TokenKind.FIGURE


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    """Match any of the words, longest first, none of them as the start of a compound."""
    branches = []
    for word in sorted(set(words), key=len, reverse=True):
        rests = [c[len(word) :] for c in MEASURE_COMPOUNDS if c.startswith(word)]
        guard = f"(?!{'|'.join(map(re.escape, rests))})" if rests else ""
        branches.append(re.escape(word) + guard)
    return "|".join(branches)


_SP = r"[ \t\u00a0\u2009\u202f\u3000]*"
_D = "[0-9]"
_NUM = (
    rf"(?:{_D}{{1,3}}(?:(?:[,，][ ]?|[ \u00a0\u2009\u202f]){_D}{{3}})+(?!{_D})|{_D}+)(?:\.{_D}+)?"
)
_CODE = (
    rf"(?P<code>(?!RMB|CNY|HKD|USD|HK\$|US\$)[A-Za-z]+{_NUM}(?:[A-Za-z]+(?:{_NUM})?)*"
    rf"|(?>{_D}+(?:\.{_D}+)?)[A-Za-z](?:[A-Za-z]*(?:{_NUM})?)*"
    rf"|{_D}{{4,6}}\.(?:HK|SH|SZ|SS|BJ)\b|(?<=[(（]){_D}{{5,6}}(?=[)）])"
    rf"|(?:(?<=代码)|(?<=代码[:：])|(?<=代码[:：] )|(?<=代码[:：]  )){_D}{{6}}(?!{_D})"
    rf"|{_D}{{4}}-0{_D}{{2,3}}(?!{_D}))"
)
_GENERATION = (
    rf"(?P<generation>(?<![0-9.]){_D}{{2}}后|[零〇一二三四五六七八九]{{2}}后)(?![续期来者面台端])"
)
_SCALE = _alternation(list(SCALE_WORDS))
_EN_SCALE = rf"(?:{'|'.join(sorted(ENGLISH_SCALES, key=len, reverse=True))})(?![A-Za-z])"
_UNIT = _alternation([w for w in UNIT_WORDS if w != "年"] + list(COUNT_NOUNS))
_DATE = (
    rf"年(?:{_D}+月(?:{_D}+日)?)?(?:末|底|初)|年{_D}+月(?:{_D}+日)?|年代"
    rf"|个?月(?:{_D}+日)?(?:末|底|初)?|日|个?季度"
)
_YEAR = "年"
_SIGN = "(?<![0-9A-Za-z%])[-−]"
_CN = f"[{CHINESE_NUMERALS}]"
_SEP = "[-–~〜至]"
_VAGUE = "(?:多(?!元化|样|数)|余(?![额下量]))"
_TAIL = "(?:[一二三四五六七八九](?![线季年月日代家个位级类种批轮次期])|半(?![年月天数])|多)"
_PER = rf"(?:/股|每股|{_SP}per share)"
_CUR = "|".join(re.escape(w) for w in sorted(CURRENCY_PREFIXES, key=len, reverse=True))
_HEAD = (
    rf"(?:(?:{'|'.join(DIRECTION_LEADS)})?(?P<direction>{_alternation(list(DIRECTION_WORDS))})"
    rf"(?<!新增)了?{_SP}(?![0-9]{{4}}年|[0-9]{{1,2}}月|[至到]))?"
    rf"(?:(?P<hedge>{_alternation(list(PREFIX_HEDGES))}){_SP})?"
)
_MONEY_HEAD = rf"(?:每股{_SP})?(?:(?P<cur>{_CUR}){_SP})?"
_DIGIT_END = (
    rf"{_SIGN}?(?P<num>(?>{_NUM}))(?:{_SP}(?P<en>{_EN_SCALE})(?(cur)|(?!))|(?![A-Za-z0-9]))"
    rf"{_VAGUE}?(?:{_SP}(?P<scale>个亿|{_SCALE}))?{_VAGUE}?"
    rf"(?:{_SP}(?P<unit>个多百分点|{_UNIT}|{_DATE}|{_YEAR}))?(?(unit){_TAIL}?)(?:{_PER})?"
)
_CN_END = (
    rf"(?:(?P<cnlow>{_CN}+){_SEP})?(?![万亿])(?P<cn>[数几]?{_CN}+(?:点[零〇一二三四五六七八九]+)?)(?:{_VAGUE}|几)?[万亿]*"
    rf"(?:(?P<cnunit>个多百分点|{_alternation([*MEASURE_WORDS, *UNIT_WORDS, *COUNT_NOUNS])})"
    rf"{_TAIL}?(?:{_PER})?|(?<=[万亿]))"
    rf"|(?P<bare>[一二两三四五六七八九][十百千]{_CN}+)(?![{CHINESE_NUMERALS}])"
    rf"|(?P<few>(?<![多少总人指基参系函分变读点])[数几])(?={_alternation(list(COUNT_NOUNS))})"
    rf"(?P<fewnoun>{_alternation(list(COUNT_NOUNS))})"
)
_DOUBLING = "(?P<doubling>翻了?一?(?:番|倍)|翻了?[两二三四]番)"
_WHOLE = rf"(?P<whole>{'|'.join(MAJORITY_WORDS)}|{'|'.join(HALF_WORDS)})"
_UNREAD = (
    "(?P<unread>[\u2150-\u218b\u2460-\u24ff\u2776-\u2793\u00bc-\u00be]+"
    "|[壹贰叁肆伍陆柒捌玖拾佰仟]{2,}[万亿元圆]*|[壹贰叁肆伍陆柒捌玖拾佰仟][万亿元圆]+)"
)
_FIRST = "".join(
    sorted(
        {w[0] for w in (*DIRECTION_LEADS, *DIRECTION_WORDS, *PREFIX_HEDGES, *MAJORITY_WORDS)}
        | {w[0] for w in (*HALF_WORDS, *CURRENCY_PREFIXES)}
        | set(CHINESE_NUMERALS + "数几翻第百每-−壹贰叁肆伍陆柒捌玖拾佰仟")
    )
)
# A token starts with one of these characters: the lookahead lets every other position of
# the text fail at once instead of trying each alternative (most characters start nothing).
_START = rf"(?=[0-9A-Za-z{re.escape(_FIRST)}\u2150-\u218b\u2460-\u24ff\u2776-\u2793\u00bc-\u00be])"
_TOKEN_RE = re.compile(
    rf"{_START}(?:{_CODE}|{_GENERATION}|{_UNREAD}|{_DOUBLING}|{_HEAD}(?:{_WHOLE}|(?:(?P<ordinal>第){_SP})?"
    rf"(?:百分之(?P<pct>{_CN}+(?:点[零〇一二三四五六七八九]+)?|{_NUM})"
    rf"|{_MONEY_HEAD}(?:{_DIGIT_END}|{_CN_END}))))"
)
_RANGE_END_RE = re.compile(
    rf"{_SP}{_SEP}{_SP}(?:{_MONEY_HEAD}[-−]?(?P<num>(?>{_NUM}))(?![A-Za-z0-9])"
    rf"(?:{_SP}(?P<scale>{_SCALE}))?(?:{_SP}(?P<unit>{_UNIT}|{_DATE}|{_YEAR}))?"
    rf"|(?P<cn>{_CN}+)(?P<cnunit>{_alternation([*MEASURE_WORDS, *UNIT_WORDS, *COUNT_NOUNS])}))"
)
_SUFFIX_RE = re.compile(rf"{_SP}(?:{'|'.join(SUFFIX_HEDGES)})")
_SPACES = " \t\u00a0\u2009\u202f\u3000"
_RANGE_STARTS = frozenset("-–~〜至" + _SPACES)
_SUFFIX_STARTS = frozenset({w[0] for w in SUFFIX_HEDGES} | set(_SPACES))
_UNIT_KIND = {"人民币": "元", "港币": "港元", "个百分点": "百分点"}
_LABEL_WORDS = ("代", "大", "线")


def _unit_kind(unit: str | None) -> str | None:
    """Name what a unit measures, so that 23.10亿元-40.35亿元 joins and 5%-10亿元 does not."""
    if unit is None:
        return None
    if unit[0] in "年月日":
        return unit[0]
    return _UNIT_KIND.get(unit, unit)


def _range_end(text: str, match: re.Match[str]) -> int:
    """Extend a token over the second end of a range, when the two ends agree."""
    if text[match.end() : match.end() + 1] not in _RANGE_STARTS:
        return match.end()
    second = _RANGE_END_RE.match(text, match.end())
    if second is None or match["ordinal"] or match["whole"] or match["doubling"]:
        return match.end()
    if match["num"] is None and match["cn"] is None:
        return match.end()
    if match["direction"] and second.group().lstrip(" \t\u00a0\u2009\u202f\u3000")[0] == "至":
        return match.end()  # 增加20家至1200家: after a change, 至 means "to reach"
    left = _unit_kind(match["unit"] or match["cnunit"])
    if left is not None and left != _unit_kind(second["unit"] or second["cnunit"]):
        return match.end()
    return second.end()


def _kind(match: re.Match[str]) -> TokenKind:
    """Say what a matched token is."""
    if match["code"] is not None:
        return TokenKind.CODE
    if match["unread"] is not None:
        return TokenKind.UNREAD
    unit = match["unit"] or match["cnunit"] or ""
    if unit.startswith(("月", "日", "季度", "个月", "个季度")) or (
        unit.startswith("年") and len(unit) > 1
    ):
        return TokenKind.DATE
    if match["generation"] is not None or match["ordinal"] or unit in _LABEL_WORDS:
        return TokenKind.LABEL
    return TokenKind.FIGURE


def _stop_ends(text: str) -> dict[int, int]:
    """Map each position inside an idiom of STOP_PHRASES to where that idiom ends."""
    ends: dict[int, int] = {}
    for phrase in STOP_PHRASES:
        if phrase[0] not in text:
            continue
        for found in re.finditer(re.escape(phrase), text):
            for position in range(found.start(), found.end()):
                ends[position] = max(ends.get(position, 0), found.end())
    return ends


def _is_article(match: re.Match[str]) -> bool:
    """Tell a lone 一 with a counted noun (一家, 一次): the article "a", not a figure; or a 零."""
    if match["bare"] is not None:  # 五百四十八 without a unit: a count when it reads as one
        return read_chinese(match["bare"]) is None
    numeral = match["cn"] or ""
    if numeral and not numeral.strip("零〇"):  # 零部件, 〇号: a zero is no count
        return True
    return numeral == "一" and (match["cnunit"] or "") in COUNT_NOUNS and not match["hedge"]


def number_tokens(text: str) -> list[Token]:
    """List the number-like tokens of a text, sorted by start; see the module docstring."""
    folded = fold(text)
    stops = _stop_ends(folded)
    tokens: list[Token] = []
    position = 0
    while (match := _TOKEN_RE.search(folded, position)) is not None:
        start, end = match.start(), _range_end(folded, match)
        kind = _kind(match)
        if (
            kind is TokenKind.FIGURE
            and folded[end : end + 1] in _SUFFIX_STARTS
            and (suffix := _SUFFIX_RE.match(folded, end)) is not None
        ):
            end = suffix.end()
        if _is_article(match) or stops.get(start, -1) >= end:
            position = start + 1
            continue
        if kind is not TokenKind.FIGURE and (match["direction"] or match["hedge"]):
            start = match.start("ordinal") if match["ordinal"] else _body_start(match)
        tokens.append(Token(start, end, text[start:end], kind))
        position = end
    return tokens


def _body_start(match: re.Match[str]) -> int:
    """Give where the number of a non-figure starts, leaving out a direction or hedge word."""
    for group in ("cur", "num", "cn", "code"):
        if match[group] is not None:
            return match.start(group)
    return match.start()
