"""Claim patterns about relations between levels: shares, orderings, totals, products."""

from __future__ import annotations

import re

from checks.draft.pattern_reader import DraftClaim, FigureInfo, Reader, ref
from checks.numbers.quantity import MONEY_UNITS, Unit

__all__ = ["RelationPatterns"]


class RelationPatterns(Reader):
    """Propose share, ordering, total, product and elapsed_years claims."""

    def share(self, f: FigureInfo) -> bool:
        if f.unit is not Unit.PCT:
            return False
        lo = self.sentence(f)[0]
        clause = self.text[lo : f.start]
        m = re.search(r"(占|完成了?)([^，,。；;的]*)的[^，,。；;的]{0,8}$", clause)
        m2 = re.search(r"占比[^，,。；;]{0,6}$", clause)
        if m is None and m2 is None:
            return False
        if m2 is not None:
            m = None
        part = self.prev(f, money=True)
        if part is None:
            return False
        whole: FigureInfo | None = None
        named = (m.group(2) if m else "").strip()
        if named:
            whole = self.named_whole(named, part)
        self.add(
            DraftClaim(
                "share",
                f.index,
                {"part": ref(part), "whole": ref(whole)},
                {},
                (part.start, f.end),
                "占…的X%",
            )
        )
        return True

    def named_whole(self, named: str, part: FigureInfo) -> FigureInfo | None:
        """The figure of the concept whose label ends the words naming the whole.

        The nearest such figure before the part (营业收入 stated before 直销渠道收入), else
        the last one after it (the latest level of the annual cap the text goes on to give).
        """
        labels = [label for label in self.concept_labels if named.endswith(label)]
        if not labels:
            return None
        concepts = set(self.concept_labels[max(labels, key=len)])
        fits = [
            g
            for g in self.figs
            if g.index != part.index and g.unit == part.unit and g.concept in concepts
        ]
        before = [g for g in fits if g.index < part.index]
        return before[-1] if before else (fits[-1] if fits else None)

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
                {"a": ref(f), "b": ref(b)},
                {"relation": relation, "min_ratio": "1.25"},
                (f.start, at + 6),
                "远超",
            )
        )
        return True

    def raised(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if nxt is None or f.unit not in MONEY_UNITS or nxt.unit != f.unit:
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
                {"a": ref(nxt), "b": ref(f)},
                params,
                (max(0, f.start - 3), nxt.end),
                "从A大幅提升至B",
            )
        )
        return True

    def part_of(self, f: FigureInfo) -> bool:
        if f.unit not in MONEY_UNITS:
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
                {"a": ref(f), "b": ref(total)},
                {"relation": "lt"},
                (max(lo, f.start - 6), f.end),
                "其中…贡献X",
            )
        )
        return True

    def years_total(self, f: FigureInfo) -> bool:
        m = re.search(r"([一二两三四五六七八九十\d]+)年累计$", self.before(f, 6))
        if m is None or f.unit not in MONEY_UNITS:
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
                {"a": ref(annual), "b": ref(years)},
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
                {"items": ",".join(ref(i) for i in items)},
                {},
                (items[0].start, f.end),
                "A、B合计X",
            )
        )
        return True

    def price_times_shares(self, f: FigureInfo, nxt: FigureInfo | None) -> bool:
        if nxt is None or f.unit not in MONEY_UNITS or nxt.unit is not Unit.SHARES:
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
                    {"a": expr, "b": ref(total)},
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
                    {"a": ref(f), "b": ref(nxt)},
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
                {"start": ref(start)},
                {},
                (start.start - 1, f.end),
                "自YYYY年…至今N年",
            )
        )
        return True
