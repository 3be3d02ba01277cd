"""Every claim kind has a known-pass and a known-fail fixture, run through the real pipeline.

Each fixture is a row of FIXTURES, in the shape of a Great Expectations test definition:
`{"kind", "facts": [...], "claim": {...}, "out": {"internal": ..., "external": ...}}`. The
test writes a case folder for it (casekit: source text, facts.csv, reference.csv,
claims.csv, concepts, case.json), runs `checks.pipeline.run_case` and asserts the result
row of each scenario:

- `out[scenario]` is a verdict, or a dict with `verdict` and optional `grade`, `missing`,
  `implied_role`, `implied` (a hand-computed value that must lie in [implied_lo,
  implied_hi]), `computed` (a hand-computed value that must lie in [computed_lo,
  computed_hi]) and `used` (the operands_used column, showing substitutions);
- every `fails` must name its grade (`decision` for directional kinds and sign reversals,
  else `magnitude`) and a distance > 0; a `holds` has distance 0 and no grade.

Facts are written compactly: an article fact is `{"id", "stated"}` (value, unit, decimals
and qualifier come from parsing `stated`, which is what the pipeline checks them against);
a reference fact has `value`, `unit`, `decimals`; `like` gives a reference fact the concept,
entity and period of an article fact, making it that fact's filed counterpart. The source
text puts each stated figure on its own labelled line, so every quote is unique.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from casekit import claim, write_case

from checks.claims.kinds import DIRECTIONAL_KINDS, KINDS
from checks.inputs.concepts import UNIT_KINDS
from checks.pipeline import run_case
from checks.text.parse import parse_quantity

CASE = "kinds-case"
CLAIM_QUOTE = "本文论断如上"
LABELS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
UNIT_KIND = {unit: kind for kind, units in UNIT_KINDS.items() for unit in units}

Fixture = dict[str, Any]


def fx(
    name: str,
    kind: str,
    facts: list[dict[str, Any]],
    stated: str,
    operands: str,
    params: str = "",
    **out: Any,
) -> Fixture:
    """Build one fixture row; `out` holds the expectations of `internal` and `external`."""
    return {
        "name": name,
        "kind": kind,
        "facts": facts,
        "claim": {"stated": stated, "operands": operands, "params": params},
        "out": out,
    }


def art(fid: str, stated: str, period: str = "2025H1") -> dict[str, Any]:
    """An article fact: what the source states."""
    return {"id": fid, "stated": stated, "period": period}


def ref(fid: str, value: str, unit: str, decimals: int, like: str | None = None) -> dict[str, Any]:
    """A reference (filed) fact; `like` makes it the counterpart of that article fact."""
    return {"id": fid, "value": value, "unit": unit, "decimals": decimals, "like": like}


def fails(grade: str, **more: Any) -> dict[str, Any]:
    return {"verdict": "fails", "grade": grade, **more}


def holds(**more: Any) -> dict[str, Any]:
    return {"verdict": "holds", **more}


def unverifiable(missing: str, **more: Any) -> dict[str, Any]:
    return {"verdict": "unverifiable", "missing": missing, **more}


# Hand computations (centre values of the stated figures).
AI_SHARE = 7.29 / 16.253 * 100  # 44.853: holds against 44.8% only as intervals
REV_GROWTH = (12.5 / 10.4 - 1) * 100  # 20.19
LOSS_GROWTH = (7.7 / 7.14 - 1) * 100  # 7.84: a widening loss, magnitude basis
NARROWED = (6.5 / 7.14 - 1) * 100  # -8.96: the loss narrowed
FELL = (7.86 / 10 - 1) * 100  # -21.4: revenue fell
CAPEX_VS_Q2 = 155 / 24  # 6.46: 近7倍 holds
CAPEX_VS_H1 = 155 / 17.8  # 8.71: 近7倍 fails
SUBSCRIPTION = 5.83 * 69_375_000  # 4.04亿港元
OMDIA_CAGR = ((1700 / 518) ** (1 / 5) - 1) * 100  # 26.83

PRICE, SHARES, GROSS = (
    art("price", "5.83港元"),
    art("shares", "约6937.5万股"),
    art("gross", "超20亿港元"),
)
LOSSES = ("15.9亿元", "26.9亿元", "21.8亿元", "19.8亿元")  # filed 2021-2024: rose, then narrowed
RISING = ("15.9亿元", "19.8亿元", "21.8亿元", "26.9亿元")


def items(values: tuple[str, ...]) -> list[dict[str, Any]]:
    return [art(f"y{2021 + i}", v, f"FY{2021 + i}") for i, v in enumerate(values)]


ITEMS = "items=y2021,y2022,y2023,y2024"

# fmt: off
FIXTURES: list[Fixture] = [
    # --- share ------------------------------------------------------------------------------
    fx("share-pass", "share", [art("p", "7.29亿元"), art("w", "16.253亿元"), art("s", "44.8%")],
       "s", "part=p;whole=w",
       internal=holds(computed=AI_SHARE), external=holds(computed=AI_SHARE)),
    fx("share-fail", "share", [art("p", "7.29亿元"), art("w", "16.253亿元"), art("s", "46.0%")],
       "s", "part=p;whole=w",
       internal=fails("magnitude", computed=AI_SHARE), external=fails("magnitude")),
    # the whole only a filing gives: internal unverifiable (implied whole), external evaluated
    fx("share-missing-whole", "share",
       [art("p", "7.29亿元"), art("s", "44.8%"), ref("w_filed", "1625300000", "CNY", -5)],
       "s", "part=p;whole=w_filed",
       internal=unverifiable("w_filed", implied_role="whole", implied=7.29e8 / 0.448),
       external=holds(computed=AI_SHARE, used="p,w_filed")),
    # --- growth -----------------------------------------------------------------------------
    fx("growth-pass", "growth", [art("new", "12.5亿元"), art("old", "10.4亿元", "2024H1"), art("g", "20%")],
       "g", "new=new;old=old",
       internal=holds(computed=REV_GROWTH), external="holds"),
    fx("growth-fail", "growth", [art("new", "12.5亿元"), art("old", "10.4亿元", "2024H1"), art("g", "25%")],
       "g", "new=new;old=old",
       internal=fails("magnitude"), external=fails("magnitude")),
    # 增长1.2倍: a ratio figure read as growth of 120 %
    fx("growth-bei-pass", "growth", [art("new", "7.29亿元"), art("old", "3.31亿元", "2024Q2"), art("g", "1.2倍")],
       "g", "new=new;old=old",
       internal=holds(computed=(7.29 / 3.31 - 1) * 100), external="holds"),
    fx("growth-bei-fail", "growth", [art("new", "7.29亿元"), art("old", "3.31亿元", "2024Q2"), art("g", "2.2倍")],
       "g", "new=new;old=old",
       internal=fails("magnitude"), external=fails("magnitude")),
    # 净亏损扩大7.81%至7.7亿元: losses stored positive, growth of the magnitude
    fx("growth-loss-pass", "growth", [art("loss", "7.7亿元"), art("loss_prev", "7.14亿元", "2024H1"), art("g", "7.81%")],
       "g", "new=loss;old=loss_prev", "basis=magnitude",
       internal=holds(computed=LOSS_GROWTH), external="holds"),
    # the loss narrowed while the text says it widened: a sign reversal is a decision failure
    fx("growth-loss-reversed", "growth", [art("loss", "6.5亿元"), art("loss_prev", "7.14亿元", "2024H1"), art("g", "7.81%")],
       "g", "new=loss;old=loss_prev", "basis=magnitude",
       internal=fails("decision", computed=NARROWED), external=fails("decision")),
    fx("growth-missing-old", "growth", [art("new", "12.5亿元"), art("g", "20%")],
       "g", "new=new;old=?",
       internal=unverifiable("?", implied_role="old", implied=12.5e8 / 1.2),
       external=unverifiable("?", implied_role="old", implied=12.5e8 / 1.2)),
    fx("growth-filed-old", "growth",
       [art("new", "12.5亿元"), art("g", "20%"), ref("old_filed", "1042000000", "CNY", -6)],
       "g", "new=new;old=old_filed",
       internal=unverifiable("old_filed", implied_role="old", implied=12.5e8 / 1.2),
       external=holds(computed=(12.5 / 10.42 - 1) * 100)),
    # 同比下滑21.4%至7.86亿元: a fall, stated as its magnitude with direction=down
    fx("growth-fall-pass", "growth", [art("new", "7.86亿元"), art("old", "10亿元", "2024H1"), art("g", "21.4%")],
       "g", "new=new;old=old", "direction=down",
       internal=holds(computed=FELL), external="holds"),
    fx("growth-fall-fail", "growth", [art("new", "7.86亿元"), art("old", "10亿元", "2024H1"), art("g", "12.0%")],
       "g", "new=new;old=old", "direction=down",
       internal=fails("magnitude", computed=FELL), external=fails("magnitude")),
    # the old workaround: the fall read as a rise is a sign reversal, a decision failure
    fx("growth-fall-read-as-rise", "growth", [art("new", "7.86亿元"), art("old", "10亿元", "2024H1"), art("g", "21.4%")],
       "g", "new=new;old=old", "direction=up",
       internal=fails("decision", computed=FELL), external=fails("decision")),
    # the prior-year value a fall implies lies above the level: 7.86 / (1 − 0.214) = 10亿
    fx("growth-fall-implied-old", "growth", [art("new", "7.86亿元"), art("g", "21.4%")],
       "g", "new=new;old=?", "direction=down",
       internal=unverifiable("?", implied_role="old", implied=10e8),
       external=unverifiable("?", implied_role="old", implied=10e8)),
    # 亏损同比收窄8.9%: the loss (stored positive) narrowed, magnitude growth below zero
    fx("growth-narrowing-pass", "growth", [art("loss", "6.5亿元"), art("loss_prev", "7.14亿元", "2024H1"), art("g", "8.9%")],
       "g", "new=loss;old=loss_prev", "basis=magnitude;direction=down",
       internal=holds(computed=NARROWED), external="holds"),
    fx("growth-narrowing-fail", "growth", [art("loss", "6.5亿元"), art("loss_prev", "7.14亿元", "2024H1"), art("g", "15%")],
       "g", "new=loss;old=loss_prev", "basis=magnitude;direction=down",
       internal=fails("magnitude", computed=NARROWED), external=fails("magnitude")),
    # a profit written with a sign (归母净利润为-3.08亿元) against its filing
    fx("signed-figure-agrees", "agrees", [art("ni", "-3.08亿元"), ref("ni_filed", "-308100000", "CNY", -5, like="ni")],
       "ni", "reference=ni_filed",
       internal=unverifiable("ni_filed"), external=holds(computed=-3.081e8)),
    fx("signed-figure-disagrees", "agrees", [art("ni", "-3.08亿元"), ref("ni_filed", "308100000", "CNY", -5, like="ni")],
       "ni", "reference=ni_filed",
       internal=unverifiable("ni_filed"), external=fails("decision", computed=3.081e8)),
    # 归母净利润由2亿元转为-3.08亿元: no growth rate crosses a change of sign
    fx("growth-sign-change", "growth", [art("ni", "-3.08亿元"), art("ni_prev", "2亿元", "2024H1"), art("g", "254%")],
       "g", "new=ni;old=ni_prev", "basis=signed",
       internal="not_computable", external="not_computable"),
    fx("cagr-sign-change", "cagr", [art("s0", "2亿元", "FY2020"), art("s5", "-3.08亿元", "FY2025"), art("r", "12%")],
       "r", "start=s0;end=s5", "years=5",
       internal="not_computable", external="not_computable"),
    # --- change -----------------------------------------------------------------------------
    # 营收减少3亿元至9.5亿元: a fall by an amount, in the operands' unit
    fx("change-pass", "change", [art("new", "9.5亿元"), art("old", "12.5亿元", "2024H1"), art("d", "3亿元")],
       "d", "new=new;old=old", "direction=down",
       internal=holds(computed=-3e8), external="holds"),
    fx("change-fail", "change", [art("new", "9.5亿元"), art("old", "12.5亿元", "2024H1"), art("d", "5亿元")],
       "d", "new=new;old=old", "direction=down",
       internal=fails("magnitude", computed=-3e8), external=fails("magnitude")),
    fx("change-rise-pass", "change", [art("new", "12.5亿元"), art("old", "9.5亿元", "2024H1"), art("d", "3亿元")],
       "d", "new=new;old=old", "direction=up",
       internal=holds(computed=3e8), external="holds"),
    fx("change-implied-old", "change", [art("new", "9.5亿元"), art("d", "3亿元")],
       "d", "new=new;old=?", "direction=down",
       internal=unverifiable("?", implied_role="old", implied=12.5e8),
       external=unverifiable("?", implied_role="old", implied=12.5e8)),
    # --- pp_change --------------------------------------------------------------------------
    fx("pp-up-pass", "pp_change", [art("m", "35.2%"), art("m_prev", "33.0%", "2024H1")],
       "", "new=m;old=m_prev", "direction=up",
       internal=holds(computed=2.2), external="holds"),
    fx("pp-up-fail", "pp_change", [art("m", "31.0%"), art("m_prev", "33.0%", "2024H1")],
       "", "new=m;old=m_prev", "direction=up",
       internal=fails("decision", computed=-2.0), external=fails("decision")),
    fx("pp-down-pass", "pp_change", [art("m", "31.0%"), art("m_prev", "33.0%", "2024H1")],
       "", "new=m;old=m_prev", "direction=down",
       internal=holds(computed=-2.0), external="holds"),
    fx("pp-down-fail", "pp_change", [art("m", "35.2%"), art("m_prev", "33.0%", "2024H1")],
       "", "new=m;old=m_prev", "direction=down",
       internal=fails("decision"), external=fails("decision")),
    # 明显上升 (markedly): the move must reach min_pp
    fx("pp-markedly-pass", "pp_change", [art("m", "35.2%"), art("m_prev", "33.0%", "2024H1")],
       "", "new=m;old=m_prev", "direction=up;min_pp=1",
       internal="holds", external="holds"),
    fx("pp-markedly-fail", "pp_change", [art("m", "35.2%"), art("m_prev", "33.0%", "2024H1")],
       "", "new=m;old=m_prev", "direction=up;min_pp=3",
       internal=fails("decision", computed=2.2), external=fails("decision")),
    fx("pp-stated-pass", "pp_change", [art("m", "35.2%"), art("m_prev", "33.0%", "2024H1"), art("d", "2.2个百分点")],
       "d", "new=m;old=m_prev", "direction=up",
       internal="holds", external="holds"),
    # 毛利率下降2个百分点: a drop in points, stated as its magnitude with direction=down
    fx("pp-drop-stated-pass", "pp_change", [art("m", "31.0%"), art("m_prev", "33.0%", "2024H1"), art("d", "2个百分点")],
       "d", "new=m;old=m_prev", "direction=down",
       internal=holds(computed=-2.0), external="holds"),
    fx("pp-drop-stated-fail", "pp_change", [art("m", "31.0%"), art("m_prev", "33.0%", "2024H1"), art("d", "3个百分点")],
       "d", "new=m;old=m_prev", "direction=down",
       internal=fails("decision", computed=-2.0), external=fails("decision")),
    fx("pp-stated-fail", "pp_change", [art("m", "35.2%"), art("m_prev", "33.0%", "2024H1"), art("d", "3.2个百分点")],
       "d", "new=m;old=m_prev", "direction=up",
       internal=fails("decision"), external=fails("decision")),
    # --- multiple ---------------------------------------------------------------------------
    fx("multiple-pass", "multiple", [art("a", "约155%"), art("b", "24%", "2025Q2"), art("x", "近7倍")],
       "x", "a=a;b=b",
       internal=holds(computed=CAPEX_VS_Q2), external="holds"),
    fx("multiple-fail", "multiple", [art("a", "约155%"), art("b", "17.8%"), art("x", "近7倍")],
       "x", "a=a;b=b",
       internal=fails("magnitude", computed=CAPEX_VS_H1), external=fails("magnitude")),
    fx("multiple-missing-b", "multiple", [art("a", "38亿元"), art("x", "2倍")],
       "x", "a=a;b=?",
       internal=unverifiable("?", implied_role="b", implied=19e8),
       external=unverifiable("?", implied_role="b", implied=19e8)),
    # --- ordering ---------------------------------------------------------------------------
    fx("ordering-gt-pass", "ordering", [art("a", "24%", "2025Q2"), art("b", "17.8%")],
       "", "a=a;b=b", "relation=gt",
       internal=holds(computed=24 - 17.8), external="holds"),
    fx("ordering-gt-fail", "ordering", [art("a", "17.8%"), art("b", "24%", "2025Q2")],
       "", "a=a;b=b", "relation=gt",
       internal=fails("decision"), external=fails("decision")),
    fx("ordering-lt-pass", "ordering", [art("a", "17.8%"), art("b", "24%", "2025Q2")],
       "", "a=a;b=b", "relation=lt",
       internal="holds", external="holds"),
    fx("ordering-lt-fail", "ordering", [art("a", "24%", "2025Q2"), art("b", "17.8%")],
       "", "a=a;b=b", "relation=lt",
       internal=fails("decision"), external=fails("decision")),
    # 远超 (far above): a/b must reach min_ratio
    fx("ordering-gt-ratio-pass", "ordering", [art("a", "24%", "2025Q2"), art("b", "17.8%")],
       "", "a=a;b=b", "relation=gt;min_ratio=1.25",
       internal=holds(computed=24 / 17.8), external="holds"),
    fx("ordering-gt-ratio-fail", "ordering", [art("a", "24%", "2025Q2"), art("b", "17.8%")],
       "", "a=a;b=b", "relation=gt;min_ratio=1.5",
       internal=fails("decision", computed=24 / 17.8), external=fails("decision")),
    fx("ordering-lt-ratio-pass", "ordering", [art("a", "17.8%"), art("b", "24%", "2025Q2")],
       "", "a=a;b=b", "relation=lt;min_ratio=1.25",
       internal=holds(computed=17.8 / 24), external="holds"),
    fx("ordering-lt-ratio-fail", "ordering", [art("a", "17.8%"), art("b", "24%", "2025Q2")],
       "", "a=a;b=b", "relation=lt;min_ratio=1.5",
       internal=fails("decision"), external=fails("decision")),
    # an expression operand: the subscription (price × shares) is part of the round
    fx("ordering-expression-pass", "ordering", [PRICE, SHARES, GROSS],
       "", "a=price*shares;b=gross", "relation=lt",
       internal=holds(computed=SUBSCRIPTION - 21e8, used="price,shares,gross"), external="holds"),
    fx("ordering-expression-fail", "ordering", [PRICE, SHARES, GROSS],
       "", "a=price*shares;b=gross", "relation=gt",
       internal=fails("decision"), external=fails("decision")),
    # --- within -----------------------------------------------------------------------------
    fx("within-at-most-pass", "within", [art("v", "11.3亿元"), art("cap", "40.35亿元", "FY2025")],
       "", "value=v;cap=cap",
       internal=holds(computed=11.3e8), external="holds"),
    fx("within-at-most-fail", "within", [art("v", "45亿元"), art("cap", "40.35亿元", "FY2025")],
       "", "value=v;cap=cap", "mode=at_most",
       internal=fails("decision"), external=fails("decision")),
    fx("within-in-range-pass", "within", [art("v", "30亿元"), art("cap", "23.10亿元-40.35亿元", "FY2025")],
       "", "value=v;cap=cap", "mode=in_range",
       internal="holds", external="holds"),
    fx("within-in-range-fail", "within", [art("v", "45亿元"), art("cap", "23.10亿元-40.35亿元", "FY2025")],
       "", "value=v;cap=cap", "mode=in_range",
       internal=fails("decision"), external=fails("decision")),
    # --- total ------------------------------------------------------------------------------
    fx("total-pass", "total", [*items(LOSSES), art("sum", "约84亿元", "2021-2024")],
       "sum", ITEMS,
       internal=holds(computed=84.4e8), external="holds"),
    fx("total-fail", "total", [*items(LOSSES), art("sum", "约90亿元", "2021-2024")],
       "sum", ITEMS,
       internal=fails("magnitude", computed=84.4e8), external=fails("magnitude")),
    # --- trend ------------------------------------------------------------------------------
    fx("trend-increasing-pass", "trend", items(RISING), "", ITEMS, "direction=increasing",
       internal="holds", external="holds"),
    # 亏损持续扩大, but the losses narrowed after 2022: the smallest step is 21.8 - 26.9
    fx("trend-increasing-fail", "trend", items(LOSSES), "", ITEMS, "direction=increasing",
       internal=fails("decision", computed=-5.1e8), external=fails("decision")),
    fx("trend-decreasing-pass", "trend", items(RISING[::-1]), "", ITEMS, "direction=decreasing",
       internal="holds", external="holds"),
    fx("trend-decreasing-fail", "trend", items(LOSSES), "", ITEMS, "direction=decreasing",
       internal=fails("decision", computed=11.0e8), external=fails("decision")),
    # --- cagr -------------------------------------------------------------------------------
    fx("cagr-pass", "cagr", [art("m25", "518亿元", "FY2025"), art("m30", "1700亿元", "FY2030"), art("r", "26.8%", "2025-2030")],
       "r", "start=m25;end=m30", "years=5",
       internal=holds(computed=OMDIA_CAGR), external="holds"),
    fx("cagr-fail", "cagr", [art("m25", "518亿元", "FY2025"), art("m30", "1700亿元", "FY2030"), art("r", "30%", "2025-2030")],
       "r", "start=m25;end=m30", "years=5",
       internal=fails("magnitude", computed=OMDIA_CAGR), external=fails("magnitude")),
    fx("cagr-missing-end", "cagr", [art("m25", "518亿元", "FY2025"), art("r", "26.8%", "2025-2030")],
       "r", "start=m25;end=?", "years=5",
       internal=unverifiable("?", implied_role="end", implied=518e8 * 1.268**5),
       external=unverifiable("?", implied_role="end", implied=518e8 * 1.268**5)),
    # --- product ----------------------------------------------------------------------------
    fx("product-pass", "product", [PRICE, SHARES, art("gross", "约4.04亿港元")],
       "gross", "a=price;b=shares",
       internal=holds(computed=SUBSCRIPTION), external="holds"),
    fx("product-fail", "product", [PRICE, SHARES, art("gross", "5亿港元")],
       "gross", "a=price;b=shares",
       internal=fails("magnitude", computed=SUBSCRIPTION), external=fails("magnitude")),
    fx("product-filed-price", "product",
       [SHARES, art("gross", "约4.04亿港元"), ref("price_filed", "5.83", "HKD", 2)],
       "gross", "a=price_filed;b=shares",
       internal=unverifiable("price_filed", implied_role="a", implied=4.04e8 / 69_375_000),
       external=holds(computed=SUBSCRIPTION)),
    fx("product-missing-b", "product", [PRICE, art("gross", "约4.04亿港元")],
       "gross", "a=price;b=?",
       internal=unverifiable("?", implied_role="b", implied=4.04e8 / 5.83),
       external=unverifiable("?", implied_role="b", implied=4.04e8 / 5.83)),
    # --- elapsed_years (as_of 2025) ---------------------------------------------------------
    fx("elapsed-pass", "elapsed_years", [art("founded", "2012年", "2012"), art("age", "十三年", "2012-2025")],
       "age", "start=founded",
       internal=holds(computed=13), external="holds"),
    fx("elapsed-fail", "elapsed_years", [art("founded", "2012年", "2012"), art("age", "十年", "2012-2025")],
       "age", "start=founded",
       internal=fails("magnitude", computed=13), external=fails("magnitude")),
    # --- agrees -----------------------------------------------------------------------------
    fx("agrees-pass", "agrees", [art("rev", "12.5亿元"), ref("rev_filed", "1251000000", "CNY", -6, like="rev")],
       "rev", "reference=rev_filed",
       internal=unverifiable("rev_filed"), external=holds(computed=12.51e8)),
    fx("agrees-fail", "agrees", [art("rev", "12.5亿元"), ref("rev_filed", "1300000000", "CNY", -7, like="rev")],
       "rev", "reference=rev_filed",
       internal=unverifiable("rev_filed"), external=fails("magnitude", computed=13e8)),
    # --- scenarios: substitution by the filed counterpart, and none across currencies --------
    fx("substitution", "growth",
       [art("rev", "12.5亿元"), art("prev", "10.4亿元", "2024H1"), art("g", "20%"),
        ref("rev_filed", "1300000000", "CNY", -7, like="rev")],
       "g", "new=rev;old=prev",
       internal=holds(computed=REV_GROWTH, used="rev,prev"),
       external=fails("magnitude", computed=(13 / 10.4 - 1) * 100, used="rev->rev_filed,prev")),
    # USD 260.7m filed for the HKD round: no exchange rate is guessed, so no substitution
    # (substituted, 4.04亿 HKD would exceed 2.607亿 "HKD" and the claim would fail)
    fx("no-substitution-across-currencies", "ordering",
       [PRICE, SHARES, GROSS, ref("gross_usd", "260700000", "USD", -5, like="gross")],
       "", "a=price*shares;b=gross", "relation=lt",
       # the USD filing is no counterpart of the HKD figure: no filing, no external verdict
       internal=holds(used="price,shares,gross"),
       external=unverifiable("no filing", used="price,shares,gross")),
]
# fmt: on


# --- building a case from a fixture ---------------------------------------------------------


def _article_row(f: Mapping[str, Any], label: str, entity: str) -> dict[str, str]:
    q = parse_quantity(f["stated"])
    return {
        "fact_id": f["id"],
        "concept": f["id"],
        "entity": entity,
        "period": f["period"],
        "stated": f["stated"],
        "value": str(q.value),
        "upper": "" if q.upper is None else str(q.upper),
        "unit": q.unit.value,
        "scale": str(q.scale),
        "decimals": str(q.decimals),
        "qualifier": q.qualifier.value,
        "quote": f"{label}为{f['stated']}",
        "note": "",
    }


def write_fixture(datasets: Path, fixture: Fixture) -> Path:
    """Write the fixture's case folder; filed counterparts get the agrees claims the pipeline requires."""
    entity = "Yunfan Tech (fictional)"
    facts = [f for f in fixture["facts"] if "stated" in f]
    refs = [f for f in fixture["facts"] if "stated" not in f]
    fact_rows = [_article_row(f, LABELS[i], entity) for i, f in enumerate(facts)]
    by_id = {r["fact_id"]: r for r in fact_rows}
    ref_rows = []
    for f in refs:
        twin = by_id.get(f["like"] or "")
        ref_rows.append(
            {
                "fact_id": f["id"],
                "concept": twin["concept"] if twin else f["id"],
                "entity": entity,
                "period": twin["period"] if twin else "2025H1",
                "value": f["value"],
                "unit": f["unit"],
                "decimals": str(f["decimals"]),
                "qualifier": "none",
                "source_kind": "filing",
                "source_url": "https://example.com/filing",
                "note": "",
            }
        )
    units = {r["fact_id"]: r["unit"] for r in [*fact_rows, *ref_rows]}
    concepts = [
        {
            "concept": r["fact_id"],
            "unit_kind": UNIT_KIND[units[r["fact_id"]]],
            "non_negative": "false",
            "definition": "A figure of the fixture.",
            "labels_zh": "数",
        }
        for r in [*fact_rows, *ref_rows]
        if r["concept"] == r["fact_id"]
    ]
    source = "".join(f"{r['quote']}。\n" for r in fact_rows) + CLAIM_QUOTE + "。\n"
    c = fixture["claim"]
    verdicts = {s: _expected(fixture, s)["verdict"] for s in ("internal", "external")}
    claims = [
        claim(
            "c",
            fixture["kind"],
            c["stated"],
            c["operands"],
            params=c["params"],
            quote=CLAIM_QUOTE,
            reviewed_internal=verdicts["internal"],
            reviewed_external=verdicts["external"],
        )
    ]
    for r in ref_rows:  # every filed counterpart must be checked by an agrees claim
        twin = by_id.get(next(f["like"] for f in refs if f["id"] == r["fact_id"]) or "")
        if twin is not None and twin["unit"] == r["unit"]:
            claims.append(
                claim(
                    f"agrees_{twin['fact_id']}",
                    "agrees",
                    twin["fact_id"],
                    f"reference={r['fact_id']}",
                    quote=CLAIM_QUOTE,
                    reviewed_internal="unverifiable",
                )
            )
    return write_case(
        datasets,
        CASE,
        source=source,
        concepts=concepts,
        facts=fact_rows,
        reference=ref_rows,
        excluded=[],
        claims=claims,
        config={"as_of": "2025-09"},
    )


def _expected(fixture: Fixture, scenario: str) -> dict[str, Any]:
    """Return a scenario's expectation; without any filed fact there is no external verdict.

    A fixture with no reference fact has no filing for its operands, so its external row
    says "no filing" (`checks.claims.filings`) whatever `out["external"]` records.
    """
    if scenario == "external" and all("stated" in f for f in fixture["facts"]):
        return {"verdict": "unverifiable", "missing": "no filing"}
    want = fixture["out"][scenario]
    return {"verdict": want} if isinstance(want, str) else dict(want)


def run_fixture(tmp_path: Path, fixture: Fixture) -> dict[str, dict[str, Any]]:
    """Run the fixture's case through the pipeline; return claim c's row per scenario."""
    write_fixture(tmp_path, fixture)
    result = run_case(tmp_path, CASE)
    assert result.problems == [], [p.message for p in result.problems]
    rows = result.evaluation[result.evaluation["claim_id"] == "c"].to_dict("records")
    assert [r["scenario"] for r in rows] == ["internal", "external"]
    return {r["scenario"]: r for r in rows}


def check_row(row: Mapping[str, Any], want: Mapping[str, Any], kind: str) -> None:
    """Assert one result row against its expectation (see the module docstring)."""
    verdict = want["verdict"]
    assert row["verdict"] == verdict
    if verdict == "fails":
        assert "grade" in want, "a failing fixture must name its grade"
        assert row["grade"] == want["grade"]
        assert row["distance"] > 0
        # every failure, of every kind, says which value would have been consistent
        assert row["consistent_role"], "a failing claim must report the consistent value"
        assert row["consistent_lo"] <= row["consistent_hi"]
    else:
        assert row["consistent_role"] == "" and row["explanation"] == ""
    if verdict == "fails":
        if kind in DIRECTIONAL_KINDS:
            assert row["grade"] == "decision"
    else:
        assert row["grade"] == ""
        assert row["distance"] == 0
    if verdict == "unverifiable":
        assert row["missing"] == want["missing"]
        assert row["computed_lo"] != row["computed_lo"]  # NaN: nothing was computed
    else:
        assert row["missing"] == ""
    if "computed" in want:
        assert row["computed_lo"] <= want["computed"] <= row["computed_hi"], (
            row["computed_lo"],
            row["computed_hi"],
        )
    if "implied_role" in want:
        assert row["implied_role"] == want["implied_role"]
        assert row["implied_lo"] <= want["implied"] <= row["implied_hi"], (
            row["implied_lo"],
            row["implied_hi"],
        )
    elif verdict == "unverifiable":
        assert row["implied_role"] == ""
    if "used" in want:
        assert row["operands_used"] == want["used"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f["name"] for f in FIXTURES])
def test_fixture(tmp_path: Path, fixture: Fixture) -> None:
    rows = run_fixture(tmp_path, fixture)
    for scenario in ("internal", "external"):
        check_row(rows[scenario], _expected(fixture, scenario), fixture["kind"])


# --- the table itself covers what it must ---------------------------------------------------


def _verdicts(kind: str) -> set[str]:
    return {
        _expected(f, s)["verdict"]
        for f in FIXTURES
        if f["kind"] == kind
        for s in ("internal", "external")
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_known_pass_and_a_known_fail(kind: str) -> None:
    assert {"holds", "fails"} <= _verdicts(kind)


def test_fixture_names_are_unique_and_kinds_known() -> None:
    names = [f["name"] for f in FIXTURES]
    assert len(names) == len(set(names))
    assert {f["kind"] for f in FIXTURES} == set(KINDS)


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("growth", "basis=magnitude"),
        ("pp_change", "direction=down"),
        ("pp_change", "min_pp="),
        ("ordering", "relation=gt;min_ratio"),
        ("ordering", "relation=lt;min_ratio"),
        ("ordering", "relation=gt"),
        ("ordering", "relation=lt"),
        ("within", "mode=in_range"),
        ("within", "mode=at_most"),
        ("trend", "direction=increasing"),
        ("trend", "direction=decreasing"),
    ],
)
def test_named_variants_have_both_outcomes(kind: str, params: str) -> None:
    rows = [f for f in FIXTURES if f["kind"] == kind and params in f["claim"]["params"]]
    if params == "mode=at_most":  # the default mode, also written out
        rows += [f for f in FIXTURES if f["kind"] == kind and not f["claim"]["params"]]
    verdicts = {_expected(f, "internal")["verdict"] for f in rows}
    assert {"holds", "fails"} <= verdicts, (kind, params)


def test_unverifiable_fixtures_report_the_implied_value() -> None:
    kinds = {
        f["kind"]
        for f in FIXTURES
        for s in ("internal", "external")
        if _expected(f, s)["verdict"] == "unverifiable" and "implied_role" in _expected(f, s)
    }
    assert {"share", "growth", "multiple", "cagr", "product"} <= kinds


# --- the checks themselves can fail ----------------------------------------------------------


def test_check_row_rejects_a_wrong_expectation(tmp_path: Path) -> None:
    """A fixture whose expectation is wrong is caught: verdict, grade, implied value, usage."""
    fixture = next(f for f in FIXTURES if f["name"] == "substitution")
    rows = run_fixture(tmp_path, fixture)
    wrong: list[tuple[str, dict[str, Any]]] = [
        ("internal", {"verdict": "fails", "grade": "magnitude"}),
        ("external", {"verdict": "fails", "grade": "decision"}),
        ("external", {"verdict": "fails", "grade": "magnitude", "computed": REV_GROWTH}),
        ("external", {"verdict": "fails", "grade": "magnitude", "used": "rev,prev"}),
    ]
    for scenario, want in wrong:
        with pytest.raises(AssertionError):
            check_row(rows[scenario], want, "growth")
    missing = run_fixture(tmp_path, next(f for f in FIXTURES if f["name"] == "growth-missing-old"))
    with pytest.raises(AssertionError):  # the implied base is 1.04亿, not 1.25亿
        check_row(
            missing["internal"],
            {"verdict": "unverifiable", "missing": "?", "implied_role": "old", "implied": 12.5e8},
            "growth",
        )


def test_flipped_fixture_is_caught(tmp_path: Path) -> None:
    """Swap a known-pass fixture's stated figure for a known-fail's: its own expectation breaks."""
    good = next(f for f in FIXTURES if f["name"] == "share-pass")
    bad = {**good, "facts": [*good["facts"][:2], art("s", "46.0%")]}
    rows = run_fixture(tmp_path, bad)
    with pytest.raises(AssertionError):
        check_row(rows["internal"], _expected(good, "internal"), "share")


# --- bugs found while writing the fixtures (see the report) -----------------------------------


def test_elapsed_years_from_a_filed_year_is_unverifiable_internally(tmp_path: Path) -> None:
    """A founding year only a filing gives: internal unverifiable, external evaluated.

    BUG: evaluate computes `as_of - start.lo` for the missing row (start.lo = -inf), builds
    Interval(inf, inf) and raises "lo is +inf" — the whole case run crashes.
    """
    fixture = fx(
        "elapsed-filed-start",
        "elapsed_years",
        [art("age", "十三年", "2012-2025"), ref("founded_filed", "2012", "year", 0)],
        "age",
        "start=founded_filed",
        internal=unverifiable("founded_filed"),
        external=holds(computed=13),
    )
    rows = run_fixture(tmp_path, fixture)
    for scenario in ("internal", "external"):
        check_row(rows[scenario], _expected(fixture, scenario), "elapsed_years")


CAGR_FACTS = [art("m25", "518亿元", "FY2025"), art("m30", "1700亿元", "FY2030"), art("r", "26.8%")]
RATIO_FACTS = [art("a", "17.8%"), art("b", "24%", "2025Q2")]


@pytest.mark.parametrize(
    ("kind", "facts", "stated", "operands", "params"),
    [
        # years=0: metrics.cagr raises ValueError inside run_case (the run crashes)
        ("cagr", CAGR_FACTS, "r", "start=m25;end=m30", "years=0"),
        # years=2.5: int(Decimal("2.5")) silently compounds over 2 years (81 %, not 26.8 %)
        ("cagr", CAGR_FACTS, "r", "start=m25;end=m30", "years=2.5"),
        # min_ratio=0 with relation=lt: 1 / 0 raises ZeroDivisionError inside run_case
        ("ordering", RATIO_FACTS, "", "a=a;b=b", "relation=lt;min_ratio=0"),
    ],
    ids=["cagr-years-0", "cagr-years-2.5", "ordering-min-ratio-0"],
)
def test_params_the_formula_cannot_take_are_data_errors(
    tmp_path: Path, kind: str, facts: list[dict[str, Any]], stated: str, operands: str, params: str
) -> None:
    """BUG: a number param is checked only as a non-negative decimal (claims._is_number).

    A claim row the formula cannot evaluate must be a data problem naming the column
    (exit 2, nothing written), not a crash of the run or a silently different claim.
    """
    fixture = fx(
        "bad-param", kind, facts, stated, operands, params, internal="holds", external="holds"
    )
    write_fixture(tmp_path, fixture)
    result = run_case(tmp_path, CASE)
    assert [(p.column, p.code) for p in result.problems] == [("params", "bad-param")]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_registers_every_rule(name: str) -> None:
    """A kind is one registration: declaration, formula, region, implied value and unit."""
    assert KINDS[name].missing_rules() == []


def test_a_kind_without_a_rule_is_caught() -> None:
    """The registration check can fail: a kind stating no figure needs its own region."""
    from dataclasses import replace

    from checks.claims.kinds.base import stated_region

    broken = replace(KINDS["ordering"], region=stated_region, unit=None)  # type: ignore[arg-type]
    assert broken.missing_rules() == ["unit", "region (the kind may state no figure)"]
