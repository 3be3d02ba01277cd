"""Every misreading in the registry has a fixture where it is named and one where it is not.

Fixtures run through `checks.claims.evaluate.evaluate` (the real path): a claim whose stated
figure one misreading reproduces must fail, name that misreading first, and report the
recomputed value, which meets the stated figure; the paired fixture changes the stated figure
so that no reading reproduces it, and the misreading must not be named. Explanations never
change a verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from casekit import record

import checks.claims.explain as explain_module
from checks.claims.evaluate import evaluate, fact_intervals
from checks.claims.explain import EXPLAIN_COLUMNS
from checks.claims.kinds import KINDS
from checks.claims.misreadings import MISREADINGS, Explanation, Failed, search
from checks.claims.operands import parse_expr, refs
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Scenario, Verdict
from checks.inputs.facts import FactRecord
from checks.numbers.hedge import DEFAULT_POLICY

AS_OF = 2025


def fact(fid: str, unit: str, value: str, decimals: int, **kw: Any) -> FactRecord:
    return record(fid, unit, value, decimals=decimals, **kw)


def claim(kind: str, stated: str | None, operands: str, params: str = "") -> ClaimSpec:
    ops = {}
    for part in operands.split(";"):
        role, _, text = part.partition("=")
        parts = text.split(",") if role in KINDS[kind].list_roles else [text]
        ops[role] = [parse_expr(p) for p in parts]
    given = dict(p.split("=") for p in params.split(";") if p)
    defaults = {p.name: p.default for p in KINDS[kind].params if p.default is not None}
    used = [f for exprs in ops.values() for e in exprs for f in refs(e)]
    return ClaimSpec(
        "c", kind, stated, ops, {**defaults, **given}, "q", dict.fromkeys(Scenario, Verdict.FAILS),
        "r", 2,
        fact_ids=tuple(dict.fromkeys(used + ([stated] if stated else []))),
    )  # fmt: skip


def run(facts: list[FactRecord], spec: ClaimSpec) -> dict[str, Any]:
    fx = fact_intervals({f.fact_id: f for f in facts}, DEFAULT_POLICY)
    rows = evaluate([spec], fx, AS_OF)
    out: dict[str, Any] = rows[rows["scenario"] == "internal"].iloc[0].to_dict()
    return out


GROWTH_BASE = [fact("new", "CNY", "1177800000", 0), fact("old", "CNY", "1000000000", 0)]
PP = [fact("m", "pct", "35.2", 1), fact("m_prev", "pct", "33.0", 1, period="2024H1")]
TIMES = [fact("new", "CNY", "728700000", -5), fact("old", "CNY", "331200000", -5)]
CAGR = [fact("start", "CNY", "51800000000", -8), fact("end", "CNY", "170000000000", -9)]
ITEMS = [fact("a", "CNY", "300000000", -8), fact("b", "CNY", "200000000", -8)]
H1_Q2 = [
    fact("capex_g", "pct", "155", 0, concept="capex_growth"),
    fact("rev_g_h1", "pct", "17.8", 1, concept="revenue_growth"),
    fact("rev_g_q2", "pct", "24", 0, concept="revenue_growth", period="2025Q2"),
]


def stated(value: str, unit: str, decimals: int) -> FactRecord:
    return fact("s", unit, value, decimals)


# name, misreading, facts, claim, named?
CASES: list[tuple[str, str, list[FactRecord], ClaimSpec, bool]] = [
    # 1177.8 / 1000 − 1 = 17.78%: written 17.7% (cut), not 17.8% (rounded)
    ("truncation-named", "truncation", [*GROWTH_BASE, stated("17.7", "pct", 1)],
     claim("growth", "s", "new=new;old=old"), True),
    ("truncation-not-named", "truncation", [*GROWTH_BASE, stated("17.6", "pct", 1)],
     claim("growth", "s", "new=new;old=old"), False),
    # a rise of 17.78% stated as a fall (a minus sign, or a fall word)
    ("sign-named", "sign_slip", [*GROWTH_BASE, stated("-17.8", "pct", 1)],
     claim("growth", "s", "new=new;old=old"), True),
    ("sign-not-named", "sign_slip", [*GROWTH_BASE, stated("-30", "pct", 0)],
     claim("growth", "s", "new=new;old=old"), False),
    # 35.2% vs 33.0% is 2.2 pp but 6.7% relative: "上升6.7个百分点" mixes them up
    ("points-named", "percent_vs_points", [*PP, stated("6.7", "pp", 1)],
     claim("pp_change", "s", "new=m;old=m_prev", "direction=up"), True),
    ("points-not-named", "percent_vs_points", [*PP, stated("9.0", "pp", 1)],
     claim("pp_change", "s", "new=m;old=m_prev", "direction=up"), False),
    ("percent-named", "percent_vs_points", [*PP, stated("2.2", "pct", 1)],
     claim("growth", "s", "new=m;old=m_prev", "basis=signed"), True),
    ("percent-not-named", "percent_vs_points", [*PP, stated("3.5", "pct", 1)],
     claim("growth", "s", "new=m;old=m_prev", "basis=signed"), False),
    # 728.7 / 331.2 = 2.2: "增长2.2倍" where it is 2.2 times (grew by 1.2 times)
    ("times-more-named", "times_vs_times_more", [*TIMES, stated("2.2", "ratio", 1)],
     claim("growth", "s", "new=new;old=old"), True),
    ("times-more-not-named", "times_vs_times_more", [*TIMES, stated("3.5", "ratio", 1)],
     claim("growth", "s", "new=new;old=old"), False),
    ("times-named", "times_vs_times_more", [*TIMES, stated("1.2", "ratio", 1)],
     claim("multiple", "s", "a=new;b=old"), True),
    ("times-not-named", "times_vs_times_more", [*TIMES, stated("1.8", "ratio", 1)],
     claim("multiple", "s", "a=new;b=old"), False),
    # 518亿 → 1700亿 is 26.8% a year over 5 years; stated with years=6 it fails
    ("years-named", "years_off_by_one", [*CAGR, stated("26.8", "pct", 1)],
     claim("cagr", "s", "start=start;end=end", "years=6"), True),
    ("years-not-named", "years_off_by_one", [*CAGR, stated("40.0", "pct", 1)],
     claim("cagr", "s", "start=start;end=end", "years=6"), False),
    # 3亿 + 2亿 = 5亿, written 5万
    ("scale-named", "scale_slip", [*ITEMS, stated("50000", "CNY", 4)],
     claim("total", "s", "items=a,b"), True),
    ("scale-not-named", "scale_slip", [*ITEMS, stated("70000", "CNY", 4)],
     claim("total", "s", "items=a,b"), False),
    # 155% / 17.8% = 8.7; 6.5 is 155% / 24%, Q2's revenue growth
    ("period-named", "other_period", [*H1_Q2, stated("6.5", "ratio", 1)],
     claim("multiple", "s", "a=capex_g;b=rev_g_h1"), True),
    ("period-not-named", "other_period", [*H1_Q2, stated("5.0", "ratio", 1)],
     claim("multiple", "s", "a=capex_g;b=rev_g_h1"), False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "misreading", "facts", "spec", "named"), CASES, ids=[c[0] for c in CASES]
)
def test_misreading_fixture(
    name: str, misreading: str, facts: list[FactRecord], spec: ClaimSpec, named: bool
) -> None:
    row = run(facts, spec)
    assert row["verdict"] == "fails", (name, row)
    names = row["explanations"].split(",") if row["explanations"] else []
    assert (misreading in names) is named, (name, names, row["explanation_detail"])
    if named:
        assert row["explanation"] == misreading
        assert row["explanation_detail"]
        lo, hi = row["explanation_lo"], row["explanation_hi"]
        assert lo <= hi
        if misreading != "truncation":  # the recomputed value meets the stated figure
            assert lo <= row["stated_hi"] and hi >= row["stated_lo"]
        else:  # the value lies in the figure read as cut off: [17.7, 17.8)
            assert row["stated_lo"] < lo and hi < row["stated_hi"] + 0.1
    assert row["consistent_role"] == "stated"
    assert row["consistent_lo"] == row["computed_lo"] and row["consistent_hi"] == row["computed_hi"]


def test_every_misreading_has_a_named_and_an_unnamed_fixture() -> None:
    for m in MISREADINGS:
        assert {c[4] for c in CASES if c[1] == m.name} == {True, False}, m.name
    assert len({m.name for m in MISREADINGS}) == len(MISREADINGS)


def test_the_period_misreading_names_the_figure_it_used() -> None:
    row = run([*H1_Q2, stated("6.5", "ratio", 1)], claim("multiple", "s", "a=capex_g;b=rev_g_h1"))
    assert row["explanation_detail"] == "b taken from 2025Q2 (rev_g_q2) instead of 2025H1"
    assert row["explanation_lo"] <= 155 / 24 <= row["explanation_hi"]


def test_holds_and_unverifiable_rows_carry_no_explanation() -> None:
    ok = run([*GROWTH_BASE, stated("17.8", "pct", 1)], claim("growth", "s", "new=new;old=old"))
    assert ok["verdict"] == "holds"
    assert ok["explanation"] == ok["explanations"] == ok["consistent_role"] == ""
    assert np.isnan(ok["consistent_lo"]) and np.isnan(ok["explanation_lo"])
    missing = run(
        [fact("new", "CNY", "1", 0), stated("5", "pct", 0)], claim("growth", "s", "new=new;old=?")
    )
    assert missing["verdict"] == "unverifiable" and missing["explanation"] == ""


def test_explanations_never_change_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every misreading removed the verdicts, distances and grades are the same."""
    specs_facts = [(c[3], c[2]) for c in CASES]
    with_them = [run(f, s) for s, f in specs_facts]

    def nothing(failed: Failed) -> Explanation:
        return search(failed, ())

    monkeypatch.setattr(explain_module, "search", nothing)
    without = [run(f, s) for s, f in specs_facts]
    for a, b in zip(with_them, without, strict=True):
        assert (a["verdict"], a["distance"], a["grade"]) == (
            b["verdict"],
            b["distance"],
            b["grade"],
        )
        assert b["explanation"] == ""


def test_explain_columns_are_in_the_evaluation() -> None:
    row = run([*GROWTH_BASE, stated("17.7", "pct", 1)], claim("growth", "s", "new=new;old=old"))
    assert set(EXPLAIN_COLUMNS) <= set(row)


@pytest.mark.parametrize(
    ("kind", "facts", "operands", "params", "role", "inside"),
    [
        # ordering: 17.8 is not far above 24; a would need to reach 1.25 × 24 = 30 (about)
        ("ordering", [fact("a", "pct", "17.8", 1), fact("b", "pct", "24", 0)], "a=a;b=b",
         "relation=gt;min_ratio=1.25", "a", 30.0),
        ("ordering", [fact("a", "pct", "30", 0), fact("b", "pct", "24", 0)], "a=a;b=b",
         "relation=lt", "a", 20.0),
        ("within", [fact("v", "CNY", "9", 0), fact("cap", "CNY", "8", 0)], "value=v;cap=cap",
         "mode=at_most", "cap", 9.0),
        ("pp_change", PP, "new=m;old=m_prev", "direction=down", "new", 30.0),
        ("trend", [fact("y1", "CNY", "15.9", 1), fact("y2", "CNY", "26.9", 1),
                   fact("y3", "CNY", "21.8", 1)], "items=y1,y2,y3", "direction=increasing",
         "items[2]", 27.0),
    ],
)  # fmt: skip
def test_directional_kinds_report_the_operand_value_that_would_hold(
    kind: str, facts: list[FactRecord], operands: str, params: str, role: str, inside: float
) -> None:
    row = run(facts, claim(kind, None, operands, params))
    assert row["verdict"] == "fails"
    assert row["consistent_role"] == role
    assert row["consistent_lo"] <= inside <= row["consistent_hi"]


def test_a_stated_cagr_that_fails_reports_the_rate_the_figures_give() -> None:
    """31.6% stated where the figures give 40.9%: the consistent rate is 40.9%."""
    facts = [
        fact("start", "CNY", "1000000000", -6),
        fact("end", "CNY", "5560000000", -7),
        stated("31.6", "pct", 1),
    ]
    row = run(facts, claim("cagr", "s", "start=start;end=end", "years=5"))
    assert row["verdict"] == "fails"
    rate = (5.56**0.2 - 1) * 100
    assert 40.8 < row["consistent_lo"] <= rate <= row["consistent_hi"] < 41.0


def test_search_keeps_registry_order() -> None:
    """Where several misreadings fit, the first in the registry is the explanation."""
    row = run([*ITEMS, stated("-500000000", "CNY", -8)], claim("total", "s", "items=a,b"))
    assert row["verdict"] == "fails"
    assert row["explanation"] == "sign_slip"
    order = [m.name for m in MISREADINGS]
    got = row["explanations"].split(",")
    assert got == sorted(got, key=order.index)
