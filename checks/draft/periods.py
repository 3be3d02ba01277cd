"""Find the period words of a text and resolve them to the normalized periods of facts.csv.

上半年 → 2025H1, 二季度 → 2025Q2, 25Q2 → 2025Q2, 6月末 → 2025-06-30, 2024年末 → 2024-12-31,
全年/今年 → FY2025, 去年 → FY2024, 2021年至2024年 → 2021-2024, 截至6月17日 → 2025-06-17,
4月 → 2025-04, 未来三年 → 2025-2027, where the year a bare word leaves open is the year of
`as_of` (the date the article describes). A heuristic: the period a figure gets is the nearest
period word before it in its clause, else the nearest before it in its paragraph that does not
follow a comparison word (远超上半年 names what is compared with, not the figure's period).
A figure with neither gets no suggestion: periods are not carried across paragraphs.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checks.draft.figures import clause_bounds

__all__ = ["AsOf", "PeriodMention", "find_periods", "parse_as_of", "period_of"]

_CN_DIGIT = {
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
    "十": 10,
}
_COMPARE = (
    "到",
    "远超",
    "超过",
    "高于",
    "低于",
    "远高于",
    "远低于",
    "较",
    "比",
    "相较于",
    "相比",
    "从",
    "跑赢",
)


@dataclass(frozen=True)
class AsOf:
    """The year and month the article describes (case.json's as_of)."""

    year: int
    month: int = 12


@dataclass(frozen=True)
class PeriodMention:
    """A period word of the text and the period it resolves to ('' when as_of is needed)."""

    start: int
    end: int
    text: str
    period: str
    compared: bool  # follows a comparison word: the period of what a figure is compared with
    same_as_before: bool = False  # 同期: the period of the previous mention


def parse_as_of(text: str) -> AsOf:
    """Read YYYY or YYYY-MM; raise ValueError naming the accepted forms."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", text)
    if m is None or not 1 <= int(m.group(2) or 12) <= 12:
        raise ValueError(f"as_of {text!r} must be YYYY or YYYY-MM, e.g. 2025-09")
    return AsOf(int(m.group(1)), int(m.group(2) or 12))


def _num(text: str) -> int:
    return int(text) if text.isdigit() else _CN_DIGIT.get(text, 0)


def _year(two_or_four: str) -> int:
    y = int(two_or_four)
    return y if y >= 1000 else 2000 + y % 100


def _month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


_Resolver = Callable[[re.Match[str], AsOf | None], str]


def _rel(make: Callable[[re.Match[str], int], str]) -> _Resolver:
    """Resolve a word whose year is the as_of year; '' without as_of."""
    return lambda m, a: make(m, a.year) if a is not None else ""


_RULES: list[tuple[re.Pattern[str], _Resolver]] = [
    (re.compile(r"(\d{4})年?(?:[-–至到])(\d{4})年"), lambda m, a: f"{m[1]}-{m[2]}"),
    (re.compile(r"(\d{4})年?([上下])半年"), lambda m, a: f"{m[1]}H{1 if m[2] == '上' else 2}"),
    (re.compile(r"(\d{4})年(?:第)?([一二三四1-4])季度"), lambda m, a: f"{m[1]}Q{_num(m[2])}"),
    (re.compile(r"(\d{4})年(?:末|底)"), lambda m, a: f"{m[1]}-12-31"),
    (
        re.compile(r"(?<![0-9])(\d{1,2})月(\d{1,2})日"),
        _rel(lambda m, y: f"{y}-{int(m[1]):02d}-{int(m[2]):02d}"),
    ),
    (re.compile(r"(?<![0-9])(\d{1,2})月(?:末|底)"), _rel(lambda m, y: _month_end(y, int(m[1])))),
    (re.compile(r"(?<![0-9年])(\d{1,2})月(?![0-9日])"), _rel(lambda m, y: f"{y}-{int(m[1]):02d}")),
    (re.compile(r"(\d{2})Q([1-4])"), lambda m, a: f"{_year(m[1])}Q{m[2]}"),
    (re.compile(r"([1-4])Q(\d{2})"), lambda m, a: f"{_year(m[2])}Q{m[1]}"),
    (re.compile(r"([12])H(\d{2})"), lambda m, a: f"{_year(m[2])}H{m[1]}"),
    (re.compile(r"([上下])半年"), _rel(lambda m, y: f"{y}H{1 if m[1] == '上' else 2}")),
    (re.compile(r"(?<!单)(?:第)?([一二三四1-4])季度"), _rel(lambda m, y: f"{y}Q{_num(m[1])}")),
    (
        re.compile(r"未来([一二两三四五六七八九十\d]+)年"),
        _rel(lambda m, y: f"{y}-{y + _num(m[1]) - 1}"),
    ),
    (re.compile(r"(?:全年|今年|本年)"), _rel(lambda m, y: f"FY{y}")),
    (re.compile(r"去年|上年"), _rel(lambda m, y: f"FY{y - 1}")),
    (re.compile(r"(?<![0-9])(\d{4})年?(?![0-9])"), lambda m, a: f"FY{m[1]}"),
    (re.compile(r"(?<![0-9])(\d{2})年"), lambda m, a: f"FY{_year(m[1])}"),
]
_SAME = re.compile("同期")


def find_periods(
    text: str, as_of: AsOf | None, figures: Sequence[tuple[int, int]] = ()
) -> list[PeriodMention]:
    """List the period words of the text, leftmost-longest, in text order.

    Words overlapping a figure's span (6937 in 约6937.5万股, the founding year 2012年) are
    not period words.
    """
    found: list[tuple[int, int, str, bool]] = []
    for rule, resolve in _RULES:
        for m in rule.finditer(text):
            if any(lo < m.end() and m.start() < hi for lo, hi in figures):
                continue
            found.append((m.start(), m.end(), resolve(m, as_of), False))
    for m in _SAME.finditer(text):
        found.append((m.start(), m.end(), "", True))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[PeriodMention] = []
    taken = -1
    for start, end, period, same in found:
        if start < taken:
            continue
        before = text[max(0, start - 3) : start]
        compared = (
            any(before.endswith(w) for w in _COMPARE)
            or before.endswith(tuple(w + "的" for w in _COMPARE))
            or text.startswith("未来", start)  # 未来三年 dates a plan, not what follows
        )
        out.append(PeriodMention(start, end, text[start:end], period, compared, same))
        taken = end
    return out


def _paragraph_start(text: str, at: int) -> int:
    return text.rfind("\n\n", 0, at) + 1


def period_of(
    text: str,
    start: int,
    end: int,
    mentions: list[PeriodMention],
    figure_starts: Sequence[int] = (),
) -> str:
    """Suggest the period of the figure at [start, end); '' when nothing places it.

    A period after a comparison word (从去年的208.3亿元) dates only the figure right after
    it: a later figure of its clause (翻倍增至518亿元) does not take it.
    """
    left, _ = clause_bounds(text, start, end)
    before = [m for m in mentions if m.end <= start and not (m.start <= start < m.end)]
    resolved: list[tuple[PeriodMention, str]] = []
    last = ""
    for m in before:
        if m.same_as_before:
            resolved.append((m, last))
        else:
            resolved.append((m, m.period))
            if not m.compared and m.period:
                last = m.period
    in_clause = [
        (m, p)
        for m, p in resolved
        if m.start >= left
        and p
        and not (m.compared and any(m.end <= s < start for s in figure_starts))
    ]
    if in_clause:
        return in_clause[-1][1]
    paragraph = _paragraph_start(text, start)
    topical = [(m, p) for m, p in resolved if not m.compared and p]
    in_paragraph = [(m, p) for m, p in topical if m.start >= paragraph]
    return in_paragraph[-1][1] if in_paragraph else ""
