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

from checks.draft.pattern_rates import RatePatterns
from checks.draft.pattern_reader import DraftClaim, FigureInfo
from checks.draft.pattern_relations import RelationPatterns

__all__ = ["DraftClaim", "FigureInfo", "propose_claims"]


class _Proposer(RatePatterns, RelationPatterns):
    """Run every pattern over the figures, then give headings their repeated claims."""

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
    text: str,
    figures: Sequence[FigureInfo],
    concept_labels: dict[str, tuple[str, ...]] | None = None,
) -> list[DraftClaim]:
    """Propose the claims the text's sentence patterns state, in the order found.

    `concept_labels` maps a Chinese label to the concepts it names, to find a whole named in words.
    """
    return _Proposer(text, figures, concept_labels or {}).run()
