"""Tests for checks.draft.patterns: each sentence pattern proposes its claim, a near miss none.

Operands are shown as the figures' stated text, so each case reads like the sentence.
"""

from __future__ import annotations

import re

import pytest

from checks.draft.drafting import draft_rows
from checks.draft.labels import Lexicon
from checks.draft.periods import AsOf

CONCEPTS = Lexicon.from_rows(
    [
        ("revenue_growth_yoy", "percent", "营收同比增长;收入增长"),
        ("capex_growth_yoy", "percent", "资本开支同比增长"),
        ("related_party_annual_cap", "money", "年度关联交易额度;年度关联交易上限"),
        ("revenue", "money", "营业收入;收入"),
    ]
)
NO_ENTITIES = Lexicon.from_rows([])


def claims_of(text: str) -> list[tuple[str, str, dict[str, str], dict[str, str]]]:
    """Propose claims for `text`: (kind, stated, operands, params), figures by their text."""
    draft = draft_rows(text, CONCEPTS, NO_ENTITIES, AsOf(2025, 9))
    stated = {row["fact_id"]: row["stated"] for row in draft.facts}

    def show(expr: str) -> str:
        return re.sub(r"[a-z0-9_]+", lambda m: stated.get(m.group(), m.group()), expr)

    out = []
    for c in draft.claims:
        operands = dict(p.split("=", 1) for p in c["operands"].split(";"))
        params = dict(p.split("=", 1) for p in c["params"].split(";") if p)
        out.append(
            (
                c["kind"],
                stated.get(c["stated"], ""),
                {r: show(e) for r, e in operands.items()},
                params,
            )
        )
    return out


PASS = [
    ("营收同比增长20%至12亿元。", ("growth", "20%", {"new": "12亿元", "old": "?"}, {})),
    ("AI收入激增超1.2倍至7.29亿元。", ("growth", "超1.2倍", {"new": "7.29亿元", "old": "?"}, {})),
    (
        "净亏损同比扩大7.81%至7.7亿元。",
        ("growth", "7.81%", {"new": "7.7亿元", "old": "?"}, {"basis": "magnitude"}),
    ),
    (
        "资本开支约49.76亿元,同比增长约155%。",
        ("growth", "约155%", {"new": "约49.76亿元", "old": "?"}, {}),
    ),
    ("百度资本开支达38亿元,增速近80%。", ("growth", "近80%", {"new": "38亿元", "old": "?"}, {})),
    (
        "市场规模将从去年的208.3亿元翻倍增至518亿元。",
        ("multiple", "翻倍", {"a": "518亿元", "b": "208.3亿元"}, {}),
    ),
    ("资本开支同比增长翻倍至191亿元。", ("multiple", "翻倍", {"a": "191亿元", "b": "?"}, {})),
    (
        "AI收入7.29亿元,占公有云服务收入的44.8%。",
        ("share", "44.8%", {"part": "7.29亿元", "whole": "?"}, {}),
    ),
    (
        "生态收入6.3亿元,占比提升至26.8%。",
        ("share", "26.8%", {"part": "6.3亿元", "whole": "?"}, {}),
    ),
    (
        "公司实现营业收入 1,234.56 亿元。直销渠道收入 532.1 亿元，占营业收入的比重为 43.1%。",
        ("share", "43.1%", {"part": "532.1 亿元", "whole": "1,234.56 亿元"}, {}),
    ),
    (
        "相关收入达11.3亿元,已完成年度关联交易额度的40%。年度关联交易上限提升至23.1亿元。",
        ("share", "40%", {"part": "11.3亿元", "whole": "23.1亿元"}, {}),
    ),
    (
        "负债率达71.6%,较2024年末的68.7%明显上升。",
        ("pp_change", "", {"new": "71.6%", "old": "68.7%"}, {"direction": "up", "min_pp": "1"}),
    ),
    (
        "毛利率由35.2%降至33.0%。",
        ("pp_change", "", {"new": "33.0%", "old": "35.2%"}, {"direction": "down"}),
    ),
    (
        "上半年营收同比增长17.8%。上半年资本开支同比增长155%,增速是前者的近7倍。",
        ("multiple", "近7倍", {"a": "155%", "b": "17.8%"}, {}),
    ),
    (
        "上半年营收同比增长17.8%。二季度营收同比增长24%,远超上半年整体水平。",
        ("ordering", "", {"a": "24%", "b": "17.8%"}, {"relation": "gt", "min_ratio": "1.25"}),
    ),
    (
        "上限从过去的8.68亿元大幅提升至23.10亿元。",
        ("ordering", "", {"a": "23.10亿元", "b": "8.68亿元"}, {"relation": "gt", "min_ratio": "2"}),
    ),
    (
        "收入约20亿元。其中小米需求预计贡献4–5亿元。",
        ("ordering", "", {"a": "4–5亿元", "b": "约20亿元"}, {"relation": "lt"}),
    ),
    (
        "续签三年协议,年度上限23亿元。\n\n三年累计超69亿元。",
        ("product", "超69亿元", {"a": "23亿元", "b": "三年"}, {}),
    ),
    ("甲收入3亿元、乙收入4亿元,合计7亿元。", ("total", "7亿元", {"items": "3亿元,4亿元"}, {})),
    (
        "2025年市场规模518亿元,并预计2025年至2030年复合年增长率达26.8%。",
        ("cagr", "26.8%", {"start": "518亿元", "end": "?"}, {"years": "5"}),
    ),
    (
        "以每股5.83港元认购约6937.5万股新股,该轮合计筹资超20亿港元。",
        ("ordering", "", {"a": "5.83港元*约6937.5万股", "b": "超20亿港元"}, {"relation": "lt"}),
    ),
    (
        "以每股2港元认购1亿股,筹资2亿港元。",
        ("product", "2亿港元", {"a": "2港元", "b": "1亿股"}, {}),
    ),
    ("自2012年成立至今十三年来,仍未盈利。", ("elapsed_years", "十三年", {"start": "2012年"}, {})),
]


@pytest.mark.parametrize(("text", "claim"), PASS, ids=[p[1][0] + ":" + p[0][:12] for p in PASS])
def test_a_pattern_proposes_its_claim(text: str, claim: tuple[object, ...]) -> None:
    assert claim in claims_of(text)


MISS = [
    "营收12亿元,同比下降的原因是需求放缓。",  # no rate
    "营收同比增长20%,达到预期。",  # no level
    "毛利率35.2%,去年为33.0%。",  # no direction word
    "二季度营收同比增长24%,远超预期。",  # far above, but above nothing stated
    "上限8.68亿元,大幅提升。",  # a raise without the new level
    "收入约20亿元。小米需求预计贡献4–5亿元。",  # no 其中: not said to be a part
    "两家公司各有12亿元收入。",  # no relationship
    "2025年市场规模518亿元,复合年增长率达26.8%。",  # no span of years
    "十三年来仍未盈利。",  # no start year
]


@pytest.mark.parametrize("text", MISS)
def test_a_near_miss_proposes_nothing(text: str) -> None:
    assert claims_of(text) == []


def test_a_heading_repeating_a_figure_gets_the_same_claim() -> None:
    text = "十三年未盈利?\n\n自2012年成立至今十三年来,仍未盈利。"
    got = [c for c in claims_of(text) if c[0] == "elapsed_years"]
    assert len(got) == 2
    assert {c[2]["start"] for c in got} == {"2012年"}
