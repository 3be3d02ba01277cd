"""Propose claims from the sentence patterns of Chinese financial writing.

Each pattern is a heuristic over the proposed figures (in text order) and the words between
them; what it proposes is a draft a reviewer confirms, corrects or deletes. Patterns:

| words | kind | operands |
| --- | --- | --- |
| 增长/激增/扩大 X% (or X倍) 至 Y | growth | new=Y, old=? (or the 从 A before it) |
| Y, 同比增长/增速 X% | growth | new=Y, old=? |
| 从A 翻倍增至 B; 增长翻倍至 B | multiple (翻倍) | a=B, b=A or ? |
| 占…的 X%; 占比…X%; 完成…额度的 X% | share | part = the money figure before; whole = ? or the figure the label names |
| 达A%, 较…的B% (明显)上升/下降; 由A%升至B% | pp_change | new, old; direction; min_pp=1 for 明显/大幅 |
| 是…的 X倍; 前者的 X倍 | multiple | a = the growth figure before; b = the one before it of the same period |
| 远超/远高于 (period or figure); 远低于 | ordering | relation gt/lt, min_ratio=1.25 |
| 从A 大幅提升至 B (money) | ordering | a=B, b=A, gt, min_ratio=2 (1 without 大幅) |
| 其中 … 贡献 X | ordering | the part X below the total before it |
| N年累计 X | product | the annual figure before × the N-years figure |
| A、B 合计/共计 X (in one sentence) | total | items A, B |
| 年均复合增长率/复合年增长率 X (Y1年至Y2年) | cagr | start = the figure of Y1, end = of Y2 or ?; years |
| 每股 P 认购 N股 (…合计 T) | ordering (part of T) / product (= T) | a=P*N |
| 自 YYYY年 … 至今 N年 | elapsed_years | start = the year |
| a heading repeats a figure a claim states | the same claim | stated = the heading's figure |

What the patterns do not do: read relationships across paragraphs (except a heading's
repeat), resolve 前者/后者 beyond "the figure before of the same period", or choose between
two readings (which revenue growth 近7倍 compares with); the reviewer does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from checks.numbers.quantity import Qualifier, Unit

__all__ = ["DraftClaim", "FigureInfo", "propose_claims"]

_RISE = ("增长", "激增", "增加", "扩大", "提升", "上升", "增", "攀升", "上涨", "大增")
_FALL = ("下降", "下滑", "减少", "收窄", "下跌", "回落", "降")


@dataclass(frozen=True)
class FigureInfo:
    """What the patterns need to know about one proposed figure."""

    index: int
    start: int
    end: int
    unit: Unit
    qualifier: Qualifier
    value: str
    concept: str
    period: str


@dataclass
class DraftClaim:
    """A proposed claim: figure indices stand for fact ids until the case is written."""

    kind: str
    stated: int | None
    operands: dict[str, str]  # role -> expression over '#<index>' placeholders and '?'
    params: dict[str, str] = field(default_factory=dict)
    span: tuple[int, int] = (0, 0)  # the words the claim rests on
    why: str = ""


def _ref(f: FigureInfo | None) -> str:
    return "?" if f is None else f"#{f.index}"


class _Proposer:
    def __init__(
        self, text: str, figures: Sequence[FigureInfo], concept_labels: dict[str, str]
    ) -> None:
        self.text, self.figs = text, list(figures)
        self.concept_labels = concept_labels
        self.claims: list[DraftClaim] = []

    # --- helpers -------------------------------------------------------------------------
    def between(self, a: FigureInfo, b: FigureInfo) -> str:
        return self.text[a.end : b.start]

    def before(self, f: FigureInfo, n: int = 8) -> str:
        return self.text[max(0, f.start - n) : f.start]

    def after(self, f: FigureInfo, n: int = 8) -> str:
        return self.text[f.end : f.end + n]

    def sentence(self, f: FigureInfo) -> tuple[int, int]:
        lo = max(self.text.rfind(c, 0, f.start) for c in "。！？!?；;\n") + 1
        his = [i for c in "。！？!?；;\n" if (i := self.text.find(c, f.end)) != -1]
        return lo, min(his, default=len(self.text))

    def prev(
        self, f: FigureInfo, *, same_sentence: bool = True, money: bool = False
    ) -> FigureInfo | None:
        lo = self.sentence(f)[0] if same_sentence else self.text.rfind("\n\n", 0, f.start) + 1
        for g in reversed(self.figs[: f.index]):
            if g.start < lo:
                return None
            if not money or g.unit.is_money:
                return g
        return None

    def add(self, claim: DraftClaim) -> None:
        self.claims.append(claim)

    # --- patterns ------------------------------------------------------------------------
    def growth_to_level(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if f.unit not in (Unit.PCT, Unit.RATIO) or nxt is None or not nxt.unit.is_money:
            return False
        gap = self.between(f, nxt)
        if not re.fullmatch(r"(?:增|降|减)?至", gap):
            return False
        words = self.before(f, 6)
        if f.qualifier is Qualifier.DOUBLED:
            src = self.prev(f, money=True)
            old = src if src is not None and "从" in self.before(src, 6) else None
            self.add(
                DraftClaim(
                    "multiple",
                    f.index,
                    {"a": _ref(nxt), "b": _ref(old)},
                    span=(old.start if old else f.start, nxt.end),
                    why="翻倍…至",
                )
            )
            return True
        if not any(w in words for w in (*_RISE, *_FALL)):
            return False
        src = self.prev(f, money=True)
        old = (
            src
            if src is not None and "从" in self.before(src, 6) and src.unit == nxt.unit
            else None
        )
        params = (
            {"basis": "magnitude"} if "亏损" in self.text[self.sentence(f)[0] : f.start] else {}
        )
        self.add(
            DraftClaim(
                "growth",
                f.index,
                {"new": _ref(nxt), "old": _ref(old)},
                params,
                (old.start if old else max(0, f.start - 4), nxt.end),
                "增长X至Y",
            )
        )
        return True

    def growth_after_level(self, f: FigureInfo) -> bool:
        if f.unit is not Unit.PCT:
            return False
        words = self.before(f, 5)
        if (
            not re.search(
                r"(同比增长|同比增加|增速|同比激增|同比下降|同比下滑)(?:约|近|超)?$",
                words.rstrip("达为约近超"),
            )
            and "增速" not in words
        ):
            return False
        level = self.prev(f, money=True)
        if level is None:
            return False
        if any(g.unit is Unit.PCT for g in self.figs[level.index + 1 : f.index]):
            return False
        self.add(
            DraftClaim(
                "growth",
                f.index,
                {"new": _ref(level), "old": "?"},
                {},
                (level.start, f.end),
                "Y，同比增长X",
            )
        )
        return True

    def growth_then_level(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if f.unit is not Unit.PCT or nxt is None or not nxt.unit.is_money:
            return False
        if not self.after(f, 2).startswith("增长") or self.sentence(f) != self.sentence(nxt):
            return False
        self.add(
            DraftClaim(
                "growth",
                f.index,
                {"new": _ref(nxt), "old": "?"},
                {},
                (f.start, nxt.end),
                "X增长，收入Y",
            )
        )
        return True

    def both_growths(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        """Y, 同比、环比分别增长 X1、X2: the first rate is the year-on-year growth of Y."""
        if nxt is None or f.unit is not Unit.PCT or nxt.unit is not Unit.PCT:
            return False
        if "分别增长" not in self.before(f, 6) or self.between(f, nxt) != "、":
            return False
        level = self.prev(f, money=True)
        if level is None:
            return False
        self.add(
            DraftClaim(
                "growth",
                f.index,
                {"new": _ref(level), "old": "?"},
                {},
                (level.start, f.end),
                "Y，同比、环比分别增长X1、X2",
            )
        )
        return True

    def share(self, f: FigureInfo) -> bool:
        if f.unit is not Unit.PCT:
            return False
        lo = self.sentence(f)[0]
        clause = self.text[lo : f.start]
        m = re.search(r"(占|完成|完成了)([^，,。；;]*?)的?$", clause)
        m2 = re.search(r"占比[^，,。；;]{0,6}$", clause)
        if m is None and m2 is None:
            return False
        if m2 is not None:
            m = None
        part = self.prev(f, money=True)
        if part is None:
            return False
        whole: FigureInfo | None = None
        named = (m.group(2) if m else "").rstrip("的")
        if named:
            whole = self.named_whole(named, part)
        self.add(
            DraftClaim(
                "share",
                f.index,
                {"part": _ref(part), "whole": _ref(whole)},
                {},
                (part.start, f.end),
                "占…的X%",
            )
        )
        return True

    def named_whole(self, named: str, part: FigureInfo) -> FigureInfo | None:
        """The latest figure of the concept whose label ends the words naming the whole."""
        labels = [(label, c) for label, c in self.concept_labels.items() if named.endswith(label)]
        if not labels:
            return None
        concept = max(labels, key=lambda lc: len(lc[0]))[1]
        found = None
        for g in self.figs:
            if g.index != part.index and g.unit == part.unit and g.concept == concept:
                found = g
        return found

    def pp_change(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if nxt is None or f.unit is not Unit.PCT or nxt.unit is not Unit.PCT:
            return False
        gap = self.between(f, nxt)
        tail = self.after(nxt, 8)
        up = re.match(r"(明显|显著|大幅)?(上升|提升|提高|增加)", tail)
        down = re.match(r"(明显|显著|大幅)?(下降|下滑|回落|降低)", tail)
        if re.match(r"[，,]较", gap) and (up or down):
            new, old, move = f, nxt, up or down
        elif re.search(r"(由|从)$", self.before(f, 2)) and re.fullmatch(
            r"(升|提升|上升|增|降|下降|回落)至", gap
        ):
            new, old = nxt, f
            move = re.match(r"(大幅)?(\S)", gap)
            down = re.match("(降|下降|回落)", gap)
        else:
            return False
        params = {"direction": "down" if down else "up"}
        if move is not None and move.group(1):
            params["min_pp"] = "1"
        self.add(
            DraftClaim(
                "pp_change",
                None,
                {"new": _ref(new), "old": _ref(old)},
                params,
                (f.start, nxt.end + (move.end() if move and new is f else 0)),
                "较…的B%上升",
            )
        )
        return True

    def multiple(self, f: FigureInfo) -> bool:
        if f.unit is not Unit.RATIO or f.qualifier is Qualifier.DOUBLED:
            return False
        words = self.before(f, 8)
        if not re.search(r"(是|为)[^，,。]*的(约|近|超)?$", words) and "前者的" not in words:
            return False
        inner = [g for g in self.figs[: f.index] if g.start >= self.sentence(f)[0]]
        a: FigureInfo | None
        b: FigureInfo | None
        if len(inner) >= 2:
            a, b = inner[-2], inner[-1]
        else:
            a = next((g for g in reversed(self.figs[: f.index]) if g.unit is Unit.PCT), None)
            if a is None:
                return False
            b = next(
                (
                    g
                    for g in reversed(self.figs[: a.index])
                    if g.unit is a.unit and g.period == a.period and g.concept != a.concept
                ),
                None,
            )
        self.add(
            DraftClaim(
                "multiple",
                f.index,
                {"a": _ref(a), "b": _ref(b)},
                {},
                (max(0, f.start - 10), f.end),
                "是…的X倍",
            )
        )
        return True

    def far(self, f: FigureInfo) -> bool:
        m = re.match(r"[，,]?(远超|远高于|远低于|大幅高于|大幅低于)", self.after(f, 6))
        if m is None:
            return False
        relation = "lt" if "低于" in m.group(1) else "gt"
        at = f.end + m.end()
        nxt = self.figs[f.index + 1] if f.index + 1 < len(self.figs) else None
        if nxt is not None and nxt.start - at <= 4 and nxt.unit == f.unit:
            b: FigureInfo | None = nxt
        else:
            named = re.match(
                r"(上半年|下半年|去年|上年|全年|一季度|二季度|三季度|四季度)",
                self.text[at : at + 4],
            )
            b = None
            if named is not None:
                b = next(
                    (
                        g
                        for g in reversed(self.figs[: f.index])
                        if g.unit == f.unit
                        and g.period.endswith(
                            {"上半年": "H1", "下半年": "H2"}.get(named.group(1), "~")
                        )
                    ),
                    None,
                )
        if b is None:
            return False
        self.add(
            DraftClaim(
                "ordering",
                None,
                {"a": _ref(f), "b": _ref(b)},
                {"relation": relation, "min_ratio": "1.25"},
                (f.start, at + 6),
                "远超",
            )
        )
        return True

    def raised(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if nxt is None or not f.unit.is_money or nxt.unit != f.unit:
            return False
        gap = self.between(f, nxt)
        m = re.fullmatch(r"(大幅)?(提升|提高|增加|上调|下调|降低|减少)至", gap)
        if m is None or "从" not in self.before(f, 6):
            return False
        down = m.group(2) in ("下调", "降低", "减少")
        params = {"relation": "lt" if down else "gt"}
        if m.group(1):
            params["min_ratio"] = "0.5" if down else "2"
        if down and m.group(1):
            return False  # 'sharply down' has no min_ratio below 1 in the ordering kind
        self.add(
            DraftClaim(
                "ordering",
                None,
                {"a": _ref(nxt), "b": _ref(f)},
                params,
                (max(0, f.start - 3), nxt.end),
                "从A大幅提升至B",
            )
        )
        return True

    def part_of(self, f: FigureInfo) -> bool:
        if not f.unit.is_money:
            return False
        lo = self.sentence(f)[0]
        if "其中" not in self.text[lo : f.start] or "贡献" not in self.before(f, 6):
            return False
        total = self.prev(f, same_sentence=False, money=True)
        if total is None or total.unit != f.unit:
            return False
        self.add(
            DraftClaim(
                "ordering",
                None,
                {"a": _ref(f), "b": _ref(total)},
                {"relation": "lt"},
                (max(lo, f.start - 6), f.end),
                "其中…贡献X",
            )
        )
        return True

    def years_total(self, f: FigureInfo) -> bool:
        m = re.search(r"([一二两三四五六七八九十\d]+)年累计$", self.before(f, 6))
        if m is None or not f.unit.is_money:
            return False
        n = m.group(1)
        years = next(
            (
                g
                for g in reversed(self.figs[: f.index])
                if g.unit is Unit.YEARS and self.text[g.start : g.end].startswith(n)
            ),
            None,
        )
        annual = next((g for g in reversed(self.figs[: f.index]) if g.unit == f.unit), None)
        if years is None or annual is None or annual.unit != f.unit:
            return False
        self.add(
            DraftClaim(
                "product",
                f.index,
                {"a": _ref(annual), "b": _ref(years)},
                {},
                (f.start - len(m.group()), f.end),
                "N年累计X",
            )
        )
        return True

    def combined(self, f: FigureInfo) -> bool:
        if "合计" not in self.before(f, 4) and "共计" not in self.before(f, 4):
            return False
        items: list[FigureInfo] = []
        right = f.start
        lo = self.sentence(f)[0]
        for g in reversed(self.figs[: f.index]):
            gap = self.text[g.end : right].replace("合计", "").replace("共计", "")
            if (
                g.unit != f.unit
                or g.start < lo
                or not re.fullmatch(r"[、，,和与及]?[^。；;]{0,8}", gap)
            ):
                break
            items.append(g)
            right = g.start
        if len(items) < 2:
            return False
        items.reverse()
        self.add(
            DraftClaim(
                "total",
                f.index,
                {"items": ",".join(_ref(i) for i in items)},
                {},
                (items[0].start, f.end),
                "A、B合计X",
            )
        )
        return True

    def cagr(self, f: FigureInfo) -> bool:
        if f.unit is not Unit.PCT:
            return False
        lo = self.sentence(f)[0]
        clause = self.text[lo : f.start]
        if not re.search(r"(年均复合增长率|复合年增长率|年复合增长率|CAGR)", clause):
            return False
        span = re.search(r"(\d{4})年?(?:[-–至到])(\d{4})年", clause)
        if span is None:
            return False
        y1, y2 = span.group(1), span.group(2)
        start = next(
            (
                g
                for g in reversed(self.figs[: f.index])
                if g.unit.is_money and g.period in (f"FY{y1}", y1)
            ),
            None,
        )
        end = next((g for g in self.figs if g.unit.is_money and g.period in (f"FY{y2}", y2)), None)
        if start is None:
            return False
        self.add(
            DraftClaim(
                "cagr",
                f.index,
                {"start": _ref(start), "end": _ref(end)},
                {"years": str(int(y2) - int(y1))},
                (lo + span.start(), f.end),
                "复合增长率",
            )
        )
        return True

    def price_times_shares(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if nxt is None or not f.unit.is_money or nxt.unit is not Unit.SHARES:
            return False
        if "每股" not in self.before(f, 3):
            return False
        _, s_hi = self.sentence(f)
        total = next(
            (g for g in self.figs[nxt.index + 1 :] if g.start < s_hi and g.unit == f.unit), None
        )
        if total is None:
            return False
        expr = f"#{f.index}*#{nxt.index}"
        if "合计" in self.text[nxt.end : total.start]:
            self.add(
                DraftClaim(
                    "ordering",
                    None,
                    {"a": expr, "b": _ref(total)},
                    {"relation": "lt"},
                    (f.start - 2, total.end),
                    "每股P认购N股，合计T",
                )
            )
        else:
            self.add(
                DraftClaim(
                    "product",
                    total.index,
                    {"a": _ref(f), "b": _ref(nxt)},
                    {},
                    (f.start - 2, total.end),
                    "每股P×N股=T",
                )
            )
        return True

    def elapsed(self, f: FigureInfo) -> bool:
        if f.unit is not Unit.YEARS:
            return False
        lo = self.sentence(f)[0]
        start = next(
            (g for g in reversed(self.figs[: f.index]) if g.unit is Unit.YEAR and g.start >= lo),
            None,
        )
        if (
            start is None
            or "至今" not in self.text[start.end : f.start]
            or "自" not in self.before(start, 2)
        ):
            return False
        self.add(
            DraftClaim(
                "elapsed_years",
                f.index,
                {"start": _ref(start)},
                {},
                (start.start - 1, f.end),
                "自YYYY年…至今N年",
            )
        )
        return True

    def headings(self) -> None:
        """A heading (a line without 。) repeating a figure a later claim states gets that claim."""
        stated = {c.stated: c for c in self.claims if c.stated is not None}
        used = {c.stated for c in self.claims} | {
            int(x)
            for c in self.claims
            for e in c.operands.values()
            for x in re.findall(r"#(\d+)", e)
        }
        for f in self.figs:
            if f.index in used:
                continue
            line_lo = self.text.rfind("\n", 0, f.start) + 1
            line_hi = self.text.find("\n", f.end)
            if "。" in self.text[line_lo : line_hi if line_hi != -1 else None]:
                continue
            for g in self.figs[f.index + 1 :]:
                c = stated.get(g.index)
                if c is not None and (g.value, g.unit, g.qualifier) == (
                    f.value,
                    f.unit,
                    f.qualifier,
                ):
                    self.add(
                        DraftClaim(
                            c.kind,
                            f.index,
                            dict(c.operands),
                            dict(c.params),
                            (f.start, f.end),
                            "a heading repeats a claim's figure",
                        )
                    )
                    break

    def exclusive_rules(self) -> list[Callable[[FigureInfo, FigureInfo | None], bool]]:
        """The patterns of which at most one applies to a figure, most specific first."""
        return [
            self.growth_to_level,
            self.both_growths,
            lambda f, _: self.growth_after_level(f),
            self.growth_then_level,
            self.pp_change,
            lambda f, _: self.share(f),
            lambda f, _: self.multiple(f),
            lambda f, _: self.cagr(f),
            lambda f, _: self.elapsed(f),
            lambda f, _: self.years_total(f),
            lambda f, _: self.combined(f),
        ]

    def run(self) -> list[DraftClaim]:
        for f in self.figs:
            nxt = self.figs[f.index + 1] if f.index + 1 < len(self.figs) else None
            for rule in self.exclusive_rules():
                if rule(f, nxt):
                    break
            self.far(f)
            self.raised(f, nxt)
            self.part_of(f)
            self.price_times_shares(f, nxt)
        self.headings()
        return self.claims


def propose_claims(
    text: str, figures: Sequence[FigureInfo], concept_labels: dict[str, str] | None = None
) -> list[DraftClaim]:
    """Propose the claims the text's sentence patterns state, in the order found.

    `concept_labels` maps a Chinese label to its concept, to find a whole named in words.
    """
    return _Proposer(text, figures, concept_labels or {}).run()
