"""Sort the scanner's tokens into figures and labels, and find each one a short unique quote.

A heuristic, stated rule by rule so that a reviewer knows what to check. A token is a label,
not a figure, when it is:

- a period label: a date (4月, 6月末, 6月17日, 2024年末), a quarter (二季度, 25Q2, 1H25),
  a calendar year that dates something (2025年上半年, 2021年至2024年, 24年), or a span of
  years that dates a figure (未来三年, 三年累计);
- a product or model name: letters and digits glued together (X9a), or a generation (第九代);
- page furniture: an image or page counter (第1张);
- a group name: a count of at most four written in characters with 家, 大 or 线 (两家,
  北美四大, 二三线), which names a group already mentioned rather than measuring anything;
- a token the parser cannot read as one quantity.

A calendar year is a figure (a founding year, a first year, the year of an agreement) when an
event word follows it in its clause (成立, 续签, 上市 ...) or 元年 precedes it. What this
trades away: a year that is a figure without such a word is proposed as a label, and a count
of four or fewer companies written in characters is never a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.numbers.quantity import Direction, Quantity, Unit
from checks.text.parse import ParseError, parse_quantity
from checks.text.scan import Token, number_tokens

__all__ = ["EVENT_WORDS", "Figure", "Label", "classify", "clause_bounds", "shortest_quote"]

#: Words that make a calendar year in front of them a figure: the year of an event.
EVENT_WORDS = ("成立", "创立", "创办", "上市", "续签", "签署", "签订", "挂牌", "成立于")
_YEAR_BEFORE = ("元年", "成立于", "始于", "创立于")
_CLAUSE_END = "，,；;。！？!?\n：:（）()"
_PERIOD_CODE = re.compile(r"^\d{0,2}\d{2}Q[1-4]$|^[1-4]Q\d{2}$|^[12]H\d{2}$|^\d{2}H[12]$")
_DATE_TAIL = re.compile(r"(月|日|月末|月底|月初|年末|年底|年初|季度)$")
_CN_SMALL = "一二两三四"


@dataclass(frozen=True)
class Figure:
    """A token proposed as a fact: where it is and what it states."""

    token: Token
    quantity: Quantity


@dataclass(frozen=True)
class Label:
    """A token proposed as an exclusion, with the reason a reviewer reads."""

    token: Token
    reason: str
    kind: str  # period, product, furniture, group, unreadable


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Give the span of the clause around [start, end): between punctuation marks."""
    left = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    rights = [i for c in _CLAUSE_END if (i := text.find(c, end)) != -1]
    return left, min(rights, default=len(text))


def shortest_quote(text: str, start: int, end: int) -> str:
    """Give the shortest span around [start, end) found exactly once in the text.

    Windows grow one character at a time and never cross a line break; of the unique windows
    of one length, one without punctuation is preferred, then the one with more left context; the token must be the first occurrence of itself inside the
    quote (the checks place a stated figure by its first occurrence in its quote).
    """
    token = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    for extra in range(0, line_end - line_start + 1):
        found: list[tuple[bool, int, str]] = []
        for left in range(extra, -1, -1):
            lo, hi = start - left, end + (extra - left)
            if lo < line_start or hi > line_end:
                continue
            quote = text[lo:hi]
            if quote.index(token) != start - lo or text.find(quote, text.find(quote) + 1) != -1:
                continue
            found.append((any(c in _CLAUSE_END for c in quote), -left, quote))
        if found:  # of the unique windows of this length, one without punctuation first
            return min(found)[2]
    return text[line_start:line_end]


def _year_reason(text: str, tok: Token) -> str | None:
    """Say why a calendar-year token is a label, or None when it is the year of an event."""
    left, right = clause_bounds(text, tok.start, tok.end)
    after = text[tok.end : right]
    before = text[max(left, tok.start - 4) : tok.start]
    if any(w in after for w in EVENT_WORDS) or any(before.endswith(w) for w in _YEAR_BEFORE):
        return None
    return "period label: the year dates the figures of its sentence"


def _label_reason(text: str, tok: Token, q: Quantity | None) -> tuple[str, str] | None:
    """Say why a token is not a figure (reason, kind), or None for a figure."""
    t = tok.text
    nxt = text[tok.end : tok.end + 2]
    prev = text[max(0, tok.start - 2) : tok.start]
    if _PERIOD_CODE.match(t):
        return "period label: a quarter or half-year code, not a figure", "period"
    if re.fullmatch(r"[A-Za-z0-9]+", t) and re.search("[A-Za-z]", t):
        return "product or model name, not a figure", "product"
    if t.startswith("第"):
        if t[-1:] in "张页幅图" or nxt[:1] in "张页幅图":
            return "page furniture: an image or page counter", "furniture"
        if t.endswith("代"):
            return "product name: a generation number", "product"
        return "an ordinal, not a figure", "product"
    if _DATE_TAIL.search(t) or re.fullmatch(r"\d{4}年?(?:[-–至]\d{4}年?)", t):
        return "period label: a date or span that dates the figures near it", "period"
    if re.fullmatch(r"\d{4}", t) and nxt[:1] in "上下全年前":
        return "period label: the year dates the figures of its sentence", "period"
    if re.fullmatch(r"\d{2}年", t):
        return "period label: a two-digit calendar year", "period"
    if re.fullmatch(rf"[{_CN_SMALL}]+[家大线]", t):
        return "group name: a small count that names a group, not a measured figure", "group"
    if q is None:
        return (
            "not read as one quantity by the parser; record it as a fact by hand if it is one",
            "unreadable",
        )
    if q.unit is Unit.YEAR:
        why = _year_reason(text, tok)
        return (why, "period") if why else None
    if q.unit is Unit.YEARS and (
        prev.endswith(("未来", "过去")) or prev[-1:] == "近" or nxt == "累计"
    ):
        return "period label: a span of years that dates the figure near it", "period"
    return None


def _core(tok: Token, q: Quantity) -> tuple[Token, Quantity]:
    """Drop a rise word or 每股 written before a figure: 同比增长17.8% states 17.8%.

    The scanner reads 同比增长, 激增 and 每股 as part of the figure; a rise is also what a
    figure without a direction word means, so the shortest tail that states the same value,
    unit, precision, hedge and range is the stated figure (the form the case files use). A
    fall word (下滑21.4%) is kept: it gives the figure its sign.
    """
    if q.direction is Direction.DOWN:
        return tok, q
    best = (tok, q)
    for cut in range(1, len(tok.text)):
        tail = tok.text[cut:]
        try:
            t = parse_quantity(tail)
        except ParseError:
            continue
        same = (t.value, t.unit, t.decimals, t.qualifier, t.upper) == (
            q.value, q.unit, q.decimals, q.qualifier, q.upper,
        )  # fmt: skip
        if same and t.direction is Direction.NONE:
            best = (Token(tok.start + cut, tok.end, tail), t)
    return best


def classify(text: str) -> tuple[list[Figure], list[Label]]:
    """Split the text's number-like tokens into proposed figures and labels, in text order."""
    figures: list[Figure] = []
    labels: list[Label] = []
    for tok in number_tokens(text):
        try:
            q: Quantity | None = parse_quantity(tok.text)
        except ParseError:
            q = None
        why = _label_reason(text, tok, q)
        if why is None and q is not None:
            figures.append(Figure(*_core(tok, q)))
        else:
            reason, kind = why if why is not None else ("unreadable", "unreadable")
            labels.append(Label(tok, reason, kind))
    return figures, labels
