"""Unit tests of checks.claims.evaluate.evaluate: vectorization, row order, columns, unbounded results.

evaluate groups claims by (kind, params, width) and runs one interval formula per group, so a
claim's row must not depend on which other claims share its group, nor on their order:
hypothesis draws subsets of the real case's claims (and of a synthetic pool covering every
kind and its variants) in random orders and compares each row with the claim evaluated
alone. Division by an interval containing zero gives an unbounded result; the soundness
test below draws true values in such intervals, states their exact metric as a writer would
round it, and requires `holds`: an unbounded result must never turn into a wrong `fails`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from casekit import claim_spec as spec
from casekit import record
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import round_figure

from checks.claims.evaluate import SCENARIOS, FactIntervals, evaluate, fact_intervals
from checks.claims.kinds import KINDS
from checks.claims.specs import ClaimSpec
from checks.inputs.facts import FactRecord
from checks.numbers.hedge import DEFAULT_POLICY
from checks.pipeline import run_case

REPO = Path(__file__).resolve().parents[3]
REAL = "kingsoft-cloud-ai-strategy"
COLUMNS = [
    "claim_id",
    "scenario",
    "verdict",
    "stated_lo",
    "stated_hi",
    "stated_lo_open",
    "stated_hi_open",
    "computed_lo",
    "computed_hi",
    "distance",
    "grade",
    "missing",
    "implied_role",
    "implied_lo",
    "implied_hi",
    "unit",
    "operands_used",
    "consistent_role",
    "consistent_lo",
    "consistent_hi",
    "explanation",
    "explanation_detail",
    "explanation_lo",
    "explanation_hi",
    "explanations",
    "not_computable",
]
AS_OF = 2025


def alone_rows(specs: list[ClaimSpec], fx: FactIntervals) -> dict[str, pd.DataFrame]:
    return {s.claim_id: evaluate([s], fx, AS_OF) for s in specs}


def expected_frame(order: list[ClaimSpec], alone: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return pd.concat([alone[s.claim_id] for s in order], ignore_index=True)


# --- the real case --------------------------------------------------------------------------


@functools.cache
def real() -> tuple[list[ClaimSpec], FactIntervals, int, dict[str, pd.DataFrame]]:
    result = run_case(REPO / "datasets", REAL)
    assert result.problems == []
    fx = fact_intervals(result.checks.records, result.policy)
    as_of = result.as_of or 0
    alone = {s.claim_id: evaluate([s], fx, as_of) for s in result.specs}
    return result.specs, fx, as_of, alone


def test_columns_are_present_in_order() -> None:
    specs, fx, as_of, _ = real()
    frame = evaluate(specs, fx, as_of)
    assert list(frame.columns) == COLUMNS
    assert set(frame["verdict"]) <= {"holds", "fails", "unverifiable"}
    assert set(frame["not_computable"]) == {""}
    assert set(frame["grade"]) <= {"", "magnitude", "decision"}


def test_rows_follow_the_claims_order_then_the_scenarios() -> None:
    specs, fx, as_of, _ = real()
    for order in (specs, specs[::-1], sorted(specs, key=lambda s: (s.kind, s.claim_id))):
        frame = evaluate(order, fx, as_of)
        assert list(frame["claim_id"]) == [s.claim_id for s in order for _ in SCENARIOS]
        assert list(frame["scenario"]) == list(SCENARIOS) * len(order)
        assert list(frame.index) == list(range(2 * len(order)))


def test_no_claims_give_an_empty_frame() -> None:
    _, fx, as_of, _ = real()
    assert evaluate([], fx, as_of).empty


def test_the_real_case_has_groups_of_several_claims() -> None:
    """The vectorization tests mean something only if groups hold several claims."""
    specs, _, _, _ = real()
    kinds = pd.Series([s.kind for s in specs]).value_counts()
    assert kinds["agrees"] > 10 and kinds["growth"] > 5 and kinds["share"] >= 3


@pytest.mark.slow
@settings(max_examples=60)
@given(st.data())
def test_real_claims_vectorize_like_one_at_a_time(data: st.DataObject) -> None:
    """Any subset of the real claims, in any order, gives each claim the row it gets alone."""
    specs, fx, as_of, alone = real()
    picked = data.draw(
        st.lists(st.sampled_from(range(len(specs))), unique=True, min_size=1, max_size=len(specs))
    )
    order = [specs[i] for i in picked]
    got = evaluate(order, fx, as_of)
    pd.testing.assert_frame_equal(got, expected_frame(order, alone))


def test_all_real_claims_at_once_equal_one_at_a_time() -> None:
    specs, fx, as_of, alone = real()
    pd.testing.assert_frame_equal(evaluate(specs, fx, as_of), expected_frame(specs, alone))


def test_the_comparison_can_fail() -> None:
    """Mutation: a row of another claim in the expected frame is noticed."""
    specs, fx, as_of, alone = real()
    order = specs[:3]
    wrong = expected_frame([order[0], order[2], order[1]], alone)
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(evaluate(order, fx, as_of), wrong)


# --- a synthetic pool: every kind, with the variants that share a group ----------------------

RECORDS: dict[str, FactRecord] = {
    r.fact_id: r
    for r in (
        record("a_first", "pp", "0.5", decimals=1),  # sorts first: index 0 of the fact array
        record("rev", "CNY", "1250000000", decimals=-7),
        record("rev_prev", "CNY", "1040000000", decimals=-7, period="2024H1"),
        record("rev_filed", "CNY", "1300000000", origin="reference", concept="rev", decimals=-7),
        record("prev_filed", "CNY", "1042000000", origin="reference", decimals=-6),
        record("g20", "pct", "20"),
        record("g_bei", "ratio", "1.2", decimals=1),
        record("ai", "CNY", "729000000", decimals=-6),
        record("ai_prev", "CNY", "331000000", decimals=-6, period="2024H1"),
        record("pubcloud", "CNY", "1625300000", decimals=-5),
        record("ai_share", "pct", "44.8", decimals=1),
        record("m", "pct", "35.2", decimals=1),
        record("m_prev", "pct", "33.0", decimals=1, period="2024H1"),
        record("d_pp", "pp", "2.2", decimals=1),
        record("g24", "pct", "24"),
        record("g178", "pct", "17.8", decimals=1),
        record("x7", "ratio", "7"),
        record("price", "HKD", "5.83", decimals=2),
        record("shares", "shares", "69375000", decimals=-3),
        record("gross", "HKD", "404000000", decimals=-6),
        record("cap", "CNY", "4035000000", decimals=-6),
        record("y1", "CNY", "1590000000", decimals=-7),
        record("y2", "CNY", "2690000000", decimals=-7),
        record("y3", "CNY", "2180000000", decimals=-7),
        record("y4", "CNY", "1980000000", decimals=-7),
        record("sum3", "CNY", "6500000000", decimals=-8),
        record("sum4", "CNY", "8400000000", decimals=-8),
        record("m25", "CNY", "51800000000", decimals=-8),
        record("m30", "CNY", "170000000000", decimals=-8),
        record("r268", "pct", "26.8", decimals=1),
        record("founded", "year", "2012"),
        record("age", "years", "13"),
        record("less", "CNY", "200000000", decimals=-8),
    )
}

POOL: list[ClaimSpec] = [
    spec("share", "share", "ai_share", "part=ai;whole=pubcloud"),
    spec("share_missing", "share", "ai_share", "part=ai;whole=?"),
    spec("growth", "growth", "g20", "new=rev;old=rev_prev"),
    spec("growth_bei", "growth", "g_bei", "new=ai;old=ai_prev"),
    spec("growth_q", "growth", "g20", "new=rev;old=?"),
    spec("growth_filed", "growth", "g20", "new=rev;old=prev_filed"),
    spec("growth_signed", "growth", "g20", "new=rev;old=rev_prev", "basis=signed"),
    spec("growth_fall", "growth", "g20", "new=rev_prev;old=rev", "direction=down"),
    spec("change_down", "change", "less", "new=rev_prev;old=rev", "direction=down"),
    spec("change_q", "change", "less", "new=rev;old=?", "direction=down"),
    spec("pp_stated", "pp_change", "d_pp", "new=m;old=m_prev", "direction=up"),
    spec("pp_plain", "pp_change", None, "new=m;old=m_prev", "direction=up"),
    spec("pp_down", "pp_change", None, "new=m;old=m_prev", "direction=down"),
    spec("pp_marked", "pp_change", None, "new=m;old=m_prev", "direction=up;min_pp=1"),
    spec("multiple_q2", "multiple", "x7", "a=g20;b=g24"),
    spec("multiple_h1", "multiple", "x7", "a=g24;b=g178"),
    spec("ord_gt", "ordering", None, "a=g24;b=g178", "relation=gt"),
    spec("ord_lt", "ordering", None, "a=g24;b=g178", "relation=lt"),
    spec("ord_ratio", "ordering", None, "a=g24;b=g178", "relation=gt;min_ratio=1.25"),
    spec("ord_expr", "ordering", None, "a=price*shares;b=cap", "relation=lt"),
    spec("within", "within", None, "value=rev;cap=cap"),
    spec("within_range", "within", None, "value=rev;cap=cap", "mode=in_range"),
    spec("total3", "total", "sum3", "items=y1,y2,y3"),
    spec("total4", "total", "sum4", "items=y1,y2,y3,y4"),
    spec("trend_up", "trend", None, "items=y1,y2,y3,y4", "direction=increasing"),
    spec("trend_up3", "trend", None, "items=y1,y2,y3", "direction=increasing"),
    spec("trend_down", "trend", None, "items=y1,y2,y3,y4", "direction=decreasing"),
    spec("cagr", "cagr", "r268", "start=m25;end=m30", "years=5"),
    spec("cagr_q", "cagr", "r268", "start=m25;end=?", "years=5"),
    spec("product", "product", "gross", "a=price;b=shares"),
    spec("product_q", "product", "gross", "a=price;b=?"),
    spec("elapsed", "elapsed_years", "age", "start=founded"),
    spec("agrees", "agrees", "rev", "reference=rev_filed"),
]
POOL_FX = fact_intervals(RECORDS, DEFAULT_POLICY)


@functools.cache
def pool_alone() -> dict[str, pd.DataFrame]:
    return alone_rows(POOL, POOL_FX)


def test_the_pool_covers_every_kind() -> None:
    assert {s.kind for s in POOL} == set(KINDS)


@pytest.mark.slow
@settings(max_examples=60)
@given(st.lists(st.sampled_from(range(len(POOL))), unique=True, min_size=1))
def test_pool_vectorizes_like_one_at_a_time(picked: list[int]) -> None:
    order = [POOL[i] for i in picked]
    pd.testing.assert_frame_equal(
        evaluate(order, POOL_FX, AS_OF), expected_frame(order, pool_alone())
    )


def test_pp_change_without_a_stated_figure_keeps_its_region_in_a_mixed_group() -> None:
    """BUG: a pp_change claim without a stated figure, grouped with one that has one.

    `_evaluate_group` builds `stated` for the whole group when any claim states a figure,
    taking fact 0 of the array for the others (`fx.index[s.stated] if s.stated else 0`);
    `_region` then intersects every row's direction region with it. Here fact 0 is
    a_first (0.5 pp): "the margin rose" (35.2% vs 33.0%, +2.2 pp) holds alone but
    comes out `fails` next to a claim that states "rose 2.2个百分点".
    """
    plain = next(s for s in POOL if s.claim_id == "pp_plain")
    stated = next(s for s in POOL if s.claim_id == "pp_stated")
    alone = evaluate([plain], POOL_FX, AS_OF)
    assert set(alone["verdict"]) == {"holds"}
    together = evaluate([stated, plain], POOL_FX, AS_OF)
    row = together[together["claim_id"] == "pp_plain"].reset_index(drop=True)
    pd.testing.assert_frame_equal(row, alone)


# --- unbounded results are never a wrong `fails` ---------------------------------------------


def _fig(fid: str, unit: str, value: Decimal, decimals: int) -> FactRecord:
    return record(fid, unit, str(value), decimals=decimals)


@st.composite
def true_in_rounding(draw: st.DrawFn, value: Decimal, decimals: int) -> Fraction:
    """Draw a true value a writer would round (half-up) to `value`, closed ends included.

    Half-up rounds halves away from zero: 7.29 stands for [7.285, 7.295), -7.29 for
    (-7.295, -7.285] and 0 for (-0.005, 0.005).
    """
    h = Fraction(1, 2) * Fraction(10) ** -decimals
    v = Fraction(value)
    n = 2**20
    k = draw(st.integers(-n + (v <= 0), n - (v >= 0)))
    t = v + h * Fraction(k, n)
    assert round_figure(t, decimals) == value
    return t


def _truth(kind: str, basis: str, num: Fraction, div: Fraction, years: int) -> Fraction | None:
    """The exact metric of true values (None where it is not a real number)."""
    if kind == "share":
        return num / div * 100
    if kind == "multiple":
        return num / div
    if kind == "growth":
        if basis == "magnitude":
            return (abs(num) / abs(div) - 1) * 100
        return (num - div) / abs(div) * 100
    ratio = num / div  # cagr: start = div, end = num
    if ratio <= 0:
        return None
    root = Fraction(float(ratio) ** (1 / years))  # a float root, then checked exactly below
    return (root - 1) * 100


@pytest.mark.slow
@settings(max_examples=200)
@given(
    st.sampled_from(["share", "multiple", "growth-magnitude", "growth-signed", "cagr"]),
    st.integers(-3, 2),  # decimals of the divisor, whose stated value is 0: (-h, h) holds 0
    st.integers(-50, 50),
    st.integers(-2, 1),
    st.integers(0, 3),
    st.integers(1, 6),
    st.data(),
)
def test_a_divisor_around_zero_never_gives_a_wrong_fails(
    kind_basis: str,
    div_decimals: int,
    num_units: int,
    num_decimals: int,
    stated_decimals: int,
    years: int,
    data: st.DataObject,
) -> None:
    kind, _, basis = kind_basis.partition("-")
    div_value = Decimal(0).scaleb(-div_decimals)
    num_value = Decimal(num_units).scaleb(-num_decimals)
    div_true = data.draw(true_in_rounding(div_value, div_decimals).filter(lambda t: t != 0))
    num_true = data.draw(true_in_rounding(num_value, num_decimals))
    truth = _truth(kind, basis, num_true, div_true, years)
    if truth is None:
        return
    if kind == "cagr":  # the float root is near the exact one: widen the figure to hold it
        stated_decimals = 0
    stated_value = round_figure(truth, stated_decimals)
    unit = {"share": "pct", "multiple": "ratio", "growth": "pct", "cagr": "pct"}[kind]
    records = {
        r.fact_id: r
        for r in (
            _fig("num", "CNY", num_value, num_decimals),
            _fig("div", "CNY", div_value, div_decimals),
            _fig("stated", unit, stated_value, stated_decimals),
        )
    }
    operands = {
        "share": "part=num;whole=div",
        "multiple": "a=num;b=div",
        "growth": "new=num;old=div",
        "cagr": "start=div;end=num",
    }[kind]
    params = {"growth": f"basis={basis}", "cagr": f"years={years}"}.get(kind, "")
    claim = spec("c", kind, "stated", operands, params)
    if kind == "cagr":
        exact_root = Fraction(truth) / 100 + 1  # the drawn root must be within the figure
        lo, hi = (
            (Fraction(stated_value) - Fraction(1, 2)) / 100 + 1,
            (Fraction(stated_value) + Fraction(1, 2)) / 100 + 1,
        )
        if not lo < exact_root < hi or not math.isclose(
            float(exact_root) ** years, float(num_true / div_true), rel_tol=1e-9
        ):
            return
    frame = evaluate([claim], fact_intervals(records, DEFAULT_POLICY), AS_OF)
    # a reachable figure is never failed: the result is not computable, or (a zero
    # numerator) a point that holds
    assert set(frame["verdict"]) <= {"holds", "not_computable"}, frame.to_dict("records")


@pytest.mark.parametrize(
    ("kind", "operands", "stated", "params"),
    [
        ("share", "part=num;whole=div", ("pct", "5000", 0), ""),
        ("multiple", "a=num;b=div", ("ratio", "50", 0), ""),
        ("growth", "new=num;old=div", ("pct", "4900", 0), "basis=magnitude"),
        ("growth", "new=num;old=div", ("pct", "4900", 0), "basis=signed"),
        ("cagr", "start=div;end=num", ("pct", "118.7", 1), "years=5"),
        ("ordering", "a=num;b=div", None, "relation=gt;min_ratio=1.25"),
    ],
)
def test_division_by_zero_is_unbounded_and_not_computable(
    kind: str, operands: str, stated: tuple[str, str, int] | None, params: str
) -> None:
    """A base of 0亿 ((-0.5, 0.5)亿): the result is unbounded, so no verdict can be given.

    12.5亿 over a true base of 0.25亿 is 50 times, 5000 %, growth of 4900 %, and a
    five-year CAGR of 118.7 %: each is reachable, so none may fail; and as any other
    figure would be reachable too, `holds` would say nothing: the claim is not computable.
    """
    records = {
        "num": record("num", "CNY", "1250000000", decimals=-7),
        "div": record("div", "CNY", "0", decimals=-8),
    }
    if stated is not None:
        records["stated"] = record("stated", stated[0], stated[1], decimals=stated[2])
    claim = spec("c", kind, "stated" if stated else None, operands, params)
    frame = evaluate([claim], fact_intervals(records, DEFAULT_POLICY), AS_OF)
    assert list(frame["verdict"]) == ["not_computable", "not_computable"]
    assert (frame["computed_hi"] == math.inf).all()
    divisor = {"share": "whole", "growth": "old", "cagr": "start"}.get(kind, "b")
    for scenario, why in zip(SCENARIOS, frame["not_computable"], strict=True):
        assert why.startswith(f"not computable ({scenario}): {divisor} 'div' is (-5000, 5000)万元")


@pytest.mark.parametrize("basis", ["magnitude", "signed"])
def test_growth_from_a_base_around_zero_fails_only_what_it_cannot_reach(basis: str) -> None:
    """From a base in (-0.5, 0.5)亿 to 12.5亿 the growth is at least 2390 %: 20 % fails."""
    records = {
        "num": record("num", "CNY", "1250000000", decimals=-7),
        "div": record("div", "CNY", "0", decimals=-8),
        "stated": record("stated", "pct", "20"),
    }
    claim = spec("c", "growth", "stated", "new=num;old=div", f"basis={basis}")
    frame = evaluate([claim], fact_intervals(records, DEFAULT_POLICY), AS_OF)
    assert list(frame["verdict"]) == ["fails", "fails"]
    assert list(frame["grade"]) == ["magnitude", "magnitude"]
    assert (frame["distance"] > 0).all()
    assert (frame["computed_hi"] == math.inf).all()
    assert (frame["computed_lo"] <= (12.45 / 0.5 - 1) * 100).all()  # 2390 %: still sound


def test_a_half_line_still_fails_what_it_excludes() -> None:
    """[1, 2] / [0, 4]-style: a divisor with 0 at an end bounds the quotient from below."""
    records = {
        "num": record("num", "CNY", "1250000000", decimals=-7),  # [12.45, 12.55)亿
        "div": FactRecord(
            "div", "article", "div", "E", "2025H1", "CNY", Decimal(0), Decimal(4), 0, "none", 2
        ),  # [-0.5, 4.5)
        "stated": record("stated", "ratio", "1", decimals=1),  # [0.95, 1.05)
    }
    fx = fact_intervals(records, DEFAULT_POLICY)
    frame = evaluate([spec("c", "multiple", "stated", "a=num;b=div")], fx, AS_OF)
    assert frame["computed_lo"].iloc[0] == -math.inf  # the divisor holds 0 inside: unbounded
    # a divisor with 0 as its low end only: [12.45亿, ...) / (0, 4.5) is above 12.45亿 / 4.5
    records["div"] = replace(records["div"], value=Decimal(1), upper=Decimal(4))  # [0.5, 4.5)
    fx = fact_intervals(records, DEFAULT_POLICY)
    frame = evaluate([spec("c", "multiple", "stated", "a=num;b=div")], fx, AS_OF)
    assert list(frame["verdict"]) == ["fails", "fails"]
    assert (frame["computed_lo"] > 1e8).all()
