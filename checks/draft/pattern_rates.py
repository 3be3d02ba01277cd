"""Claim patterns about rates: growth to a level, multiples, point moves, CAGR."""

from __future__ import annotations

import re

from checks.draft.pattern_reader import FALL, RISE, DraftClaim, FigureInfo, Reader, ref
from checks.numbers.quantity import MONEY_UNITS, Qualifier, Unit

__all__ = ["RatePatterns"]


class RatePatterns(Reader):
    """Propose growth, multiple, pp_change and cagr claims."""

    def growth_to_level(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if f.unit not in (Unit.PCT, Unit.RATIO) or nxt is None or nxt.unit not in MONEY_UNITS:
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
                    {"a": ref(nxt), "b": ref(old)},
                    span=(old.start if old else f.start, nxt.end),
                    why="翻倍…至",
                )
            )
            return True
        if not any(w in words for w in (*RISE, *FALL)):
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
                {"new": ref(nxt), "old": ref(old)},
                params,
                (old.start if old else max(0, f.start - 4), nxt.end),
                "增长X至Y",
            )
        )
        return True

    def growth_after_level(self, f: FigureInfo) -> bool:
        if f.unit is not Unit.PCT:
            return False
        words = self.before(f, 6).rstrip()
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
                {"new": ref(level), "old": "?"},
                {},
                (level.start, f.end),
                "Y，同比增长X",
            )
        )
        return True

    def growth_then_level(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if f.unit is not Unit.PCT or nxt is None or nxt.unit not in MONEY_UNITS:
            return False
        if not self.after(f, 2).startswith("增长") or self.sentence(f) != self.sentence(nxt):
            return False
        self.add(
            DraftClaim(
                "growth",
                f.index,
                {"new": ref(nxt), "old": "?"},
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
                {"new": ref(level), "old": "?"},
                {},
                (level.start, f.end),
                "Y，同比、环比分别增长X1、X2",
            )
        )
        return True

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
                {"new": ref(new), "old": ref(old)},
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
                {"a": ref(a), "b": ref(b)},
                {},
                (max(0, f.start - 10), f.end),
                "是…的X倍",
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
                if g.unit in MONEY_UNITS and g.period in (f"FY{y1}", y1)
            ),
            None,
        )
        end = next(
            (g for g in self.figs if g.unit in MONEY_UNITS and g.period in (f"FY{y2}", y2)), None
        )
        if start is None:
            return False
        self.add(
            DraftClaim(
                "cagr",
                f.index,
                {"start": ref(start), "end": ref(end)},
                {"years": str(int(y2) - int(y1))},
                (lo + span.start(), f.end),
                "复合增长率",
            )
        )
        return True
