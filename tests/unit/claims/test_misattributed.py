"""Misattributed figures: a figure that matches a filing of another concept or period.

Known pass (named) and known fail (not named) fixtures, and the real case's one finding:
过去的8.68亿元, presented as the previous annual cap, is Kingsoft Cloud's FY2023 revenue from
Xiaomi (868.3m); no filed cap matches it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from casekit import record

from checks.claims.batch import fact_intervals
from checks.claims.misattributed import MISATTRIBUTED_COLUMNS, misattributed, significant_digits
from checks.inputs.facts import FactRecord
from checks.numbers.hedge import DEFAULT_POLICY
from checks.pipeline import run_case

REPO = Path(__file__).resolve().parents[3]
CAP = record("cap", "CNY", "868000000", concept="annual_cap", period="2022-2024", decimals=-6)
REVENUE = record("rev23", "CNY", "868300000", origin="reference", concept="related_revenue",
                 period="FY2023", decimals=-5)  # fmt: skip


def found(*facts: FactRecord, linked: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    records = {f.fact_id: f for f in facts}
    fx = fact_intervals(records, DEFAULT_POLICY)
    got = misattributed(records, fx.ids, fx.interval, linked)
    assert list(got.columns) == list(MISATTRIBUTED_COLUMNS)
    return [f"{a}~{b}" for a, b in zip(got["fact_id"], got["matches"], strict=True)]


def test_a_figure_matching_another_concept_is_named() -> None:
    assert found(CAP, REVENUE) == ["cap~rev23"]


def test_a_figure_matching_another_period_of_its_concept_is_named() -> None:
    """A quarter's figure given as the half-year's: same concept, another period."""
    h1 = record("rev_h1", "CNY", "234900000", concept="revenue", period="2025H1", decimals=-5)
    q2 = record("rev_q2", "CNY", "234920000", origin="reference", concept="revenue",
                period="2025Q2", decimals=-4)  # fmt: skip
    h1_filed = record("rev_h1_f", "CNY", "431900000", origin="reference", concept="revenue",
                      period="2025H1", decimals=-5)  # fmt: skip
    assert found(h1, q2, h1_filed) == ["rev_h1~rev_q2"]


@pytest.mark.parametrize(
    ("why", "facts"),
    [
        ("nothing matches within rounding", (CAP, replace(REVENUE, value=REVENUE.value + 600000))),
        ("its own filed figure agrees", (CAP, REVENUE, replace(REVENUE, fact_id="cap_f",
                                        concept="annual_cap", period="2022-2024"))),
        ("two significant digits match by chance too easily",
         (replace(CAP, value=CAP.value - 8000000, decimals=-7), replace(REVENUE, value=REVENUE.value - 8300000))),
        ("a hedged figure states no exact value", (replace(CAP, qualifier="about"), REVENUE)),
        ("another entity", (CAP, replace(REVENUE, entity="Someone else"))),
        ("another unit", (CAP, replace(REVENUE, unit="HKD"))),
    ],
)  # fmt: skip
def test_a_figure_is_not_named(why: str, facts: tuple[FactRecord, ...]) -> None:
    assert found(*facts) == [], why


def test_a_pair_the_reviewer_linked_is_not_named() -> None:
    """An agrees claim already compares them (a holding filed six weeks later)."""
    assert found(CAP, REVENUE, linked=frozenset({("cap", "rev23")})) == []


def test_significant_digits() -> None:
    assert significant_digits(CAP) == 3
    assert significant_digits(replace(CAP, value=CAP.value - 8000000, decimals=-7)) == 2
    assert significant_digits(replace(CAP, value=CAP.value * 0, decimals=0)) == 1


def test_the_real_case_has_one_misattributed_figure() -> None:
    result = run_case(REPO / "datasets", "kingsoft-cloud-ai-strategy").result
    got = [f for f in result.findings if f.kind == "misattributed"]
    assert [(f.subject, f.filed.split()[0]) for f in got] == [
        ("xiaomi_cap_previous", "kc_xiaomi_rev_fy2023")
    ]
    [finding] = got
    assert finding.quote == "年度关联交易上限从过去的8.68亿元"
    assert "related_party_revenue for FY2023" in finding.text
    assert finding.url.startswith("https://www.sec.gov/")
