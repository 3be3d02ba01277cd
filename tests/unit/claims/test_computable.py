"""Fixtures for `not_computable`: every way an operand can leave a claim's result unbounded or empty.

Before this verdict existed, each of these claims came out `holds` (an unbounded interval
meets any stated figure) or, for a CAGR across a change of sign, `fails` by an infinite
distance. Each fixture asserts the verdict per scenario and the exact message naming the
operand; the known-pass twin of each (the same claim with a usable operand) holds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from casekit import claim_spec as spec
from casekit import record
from hypothesis import given
from hypothesis import strategies as st

from checks.claims.computable import vacuous_rows
from checks.claims.evaluate import evaluate, fact_intervals
from checks.inputs.facts import FactRecord
from checks.numbers.hedge import DEFAULT_POLICY
from checks.numbers.interval import Interval

AS_OF = 2025
NC = "not_computable"


def facts(*records: FactRecord) -> dict[str, FactRecord]:
    base = [
        record("rev", "CNY", "1250000000", decimals=-7),  # 12.5亿
        record("cost", "CNY", "400000000", decimals=-8),  # 4亿
        record("share", "pct", "32"),
        record("ratio", "ratio", "3.1", decimals=1),
        record("growth", "pct", "20"),
        record("loss", "CNY", "-300000000", decimals=-8),  # a loss of 3亿, signed
        record("steep", "pct", "4900"),  # reachable from a base near 0
    ]
    return {r.fact_id: r for r in (*base, *records)}


def run(kind: str, stated: str | None, operands: str, params: str = "", *extra: FactRecord) -> Any:
    fx = fact_intervals(facts(*extra), DEFAULT_POLICY)
    frame = evaluate([spec("c", kind, stated, operands, params)], fx, AS_OF)
    return list(frame["verdict"]), list(frame["not_computable"])


@pytest.mark.parametrize(
    ("kind", "stated", "operands", "params", "why"),
    [
        (
            "share",
            "share",
            "part=cost;whole=rev-rev",
            "",
            "whole 'rev-rev' is [-1000, 1000]万元, which contains 0; a share claim divides by it, "
            "so the result is unbounded and would meet any stated figure",
        ),
        (
            "multiple",
            "ratio",
            "a=rev/0;b=cost",
            "",
            "operand a 'rev/0' divides by '0' = 0, which may be 0, so the result is unbounded",
        ),
        (
            "growth",
            "steep",
            "new=rev;old=cost-cost",
            "",
            "old 'cost-cost' is [-1, 1]亿元, which contains 0; a growth claim divides by it, "
            "so the result is unbounded and would meet any stated figure",
        ),
        (
            "total",
            "rev",
            "items=cost,cost/(rev-rev)",
            "",
            "operand items 'cost/(rev-rev)' divides by 'rev-rev' = [-1000, 1000]万元, which may "
            "be 0, so the result is unbounded",
        ),
        (
            "within",
            None,
            "value=cost;cap=rev/(cost-cost)",
            "",
            "operand cap 'rev/(cost-cost)' divides by 'cost-cost' = [-1, 1]亿元, which may be 0, "
            "so the result is unbounded",
        ),
        (
            "ordering",
            None,
            "a=rev;b=cost-cost",
            "relation=gt;min_ratio=2",
            "b 'cost-cost' is [-1, 1]亿元, which contains 0; a ordering claim divides by it, so "
            "the result is unbounded and would meet any stated figure",
        ),
        (
            "cagr",
            "growth",
            "start=loss;end=rev",
            "years=3",
            "start and end have opposite signs ((-3.5, -2.5]亿元 and [12.45, 12.55)亿元, a "
            "profit against a loss); no compound rate leads from one to the other",
        ),
        (
            "growth",
            "growth",
            "new=rev;old=loss",
            "basis=signed",
            "old and new have opposite signs ((-3.5, -2.5]亿元 and [12.45, 12.55)亿元, a "
            "profit against a loss); no growth rate leads from one to the other",
        ),
        (
            "growth",
            "growth",
            "new=loss;old=rev",
            "basis=magnitude",
            "old and new have opposite signs ([12.45, 12.55)亿元 and (-3.5, -2.5]亿元, a "
            "profit against a loss); no growth rate leads from one to the other",
        ),
    ],
)
def test_an_operand_that_leaves_the_result_unbounded_is_named(
    kind: str, stated: str | None, operands: str, params: str, why: str
) -> None:
    verdicts, reasons = run(kind, stated, operands, params)
    assert verdicts == [NC, NC]
    assert reasons == [f"not computable ({s}): {why}" for s in ("internal", "external")]


@pytest.mark.parametrize(
    ("kind", "stated", "operands", "params"),
    [
        ("share", "share", "part=cost;whole=rev", ""),
        ("multiple", "ratio", "a=rev;b=cost", ""),
        ("within", None, "value=cost;cap=rev", ""),
        ("ordering", None, "a=rev;b=cost", "relation=gt;min_ratio=2"),
    ],
)
def test_the_same_claims_with_usable_operands_hold(
    kind: str, stated: str | None, operands: str, params: str
) -> None:
    assert run(kind, stated, operands, params) == (["holds", "holds"], ["", ""])


def test_a_filed_value_of_zero_is_not_computable_against_the_filing_only() -> None:
    """The article's whole is usable; the filing's whole is 0: only the external verdict changes."""
    whole = record("whole", "CNY", "1000000000", decimals=-8)
    filed = record("whole_filed", "CNY", "0", decimals=-6, origin="reference", concept="whole")
    verdicts, reasons = run("share", "share", "part=cost;whole=whole", "", whole, filed)
    assert verdicts == ["fails", NC]  # 4亿 of 10亿 is 40 %, not 32 %; the filing says nothing
    assert reasons == [
        "",
        "not computable (external): whole 'whole_filed' is (-50, 50)万元, which contains 0; a "
        "share claim divides by it, so the result is unbounded and would meet any stated figure",
    ]


def test_growth_from_a_filed_zero_base_fails_where_no_base_reaches_the_figure() -> None:
    """Magnitude growth from |old| in [0, 50万) to 12.5亿 is at least 248,900 %: 20 % is
    proven wrong whatever the true base, so the half-unbounded result still fails."""
    old = record("old", "CNY", "1000000000", decimals=-7)
    filed = record("old_filed", "CNY", "0", decimals=-6, origin="reference", concept="old")
    verdicts, reasons = run("growth", "growth", "new=rev;old=old", "", old, filed)
    assert verdicts == ["fails", "fails"]
    assert reasons == ["", ""]


def test_a_product_beyond_the_float_range_fails_soundly() -> None:
    """(10^20)^16 overflows a float: the bound stays sound, so a small figure fails, never holds."""
    huge = record("huge", "ratio", "9" * 20, decimals=0)
    factor = "*".join(["huge"] * 16)
    verdicts, reasons = run("product", "rev", f"a=rev;b={factor}", "", huge)
    assert verdicts == ["fails", "fails"]
    assert reasons == ["", ""]


def test_a_half_line_that_excludes_the_stated_figure_still_fails() -> None:
    """From a base in (-0.5, 0.5)亿 to 12.5亿 growth is at least 2390 %: 20 % is proven wrong."""
    zero = record("zero", "CNY", "0", decimals=-8)
    verdicts, reasons = run("growth", "growth", "new=rev;old=zero", "", zero)
    assert verdicts == ["fails", "fails"]
    assert reasons == ["", ""]


def test_a_missing_operand_stays_unverifiable() -> None:
    verdicts, reasons = run("share", "share", "part=?;whole=rev-rev", "")
    assert verdicts == ["unverifiable", "unverifiable"]
    assert reasons == ["", ""]


_ENDS = st.sampled_from([-np.inf, -1e300, -2.5, -0.0, 0.0, 1.0, 3.5, 1e300, np.inf])


@st.composite
def _rows(draw: st.DrawFn, m: int) -> Interval:
    """Draw m intervals: finite, half-lines, (−inf, inf) and empty rows (lo = +inf, hi = −inf)."""
    lo, hi = [], []
    for _ in range(m):
        if draw(st.booleans()) and draw(st.booleans()):
            lo.append(np.inf)
            hi.append(-np.inf)
        else:
            a, b = sorted((draw(_ENDS), draw(_ENDS)))
            lo.append(-np.inf if a == np.inf else a)  # no row is [inf, inf]
            hi.append(np.inf if b == -np.inf else b)
    return Interval._make(np.array(lo), np.array(hi), np.zeros(m, bool), np.zeros(m, bool))


@given(
    st.integers(1, 6).flatmap(
        lambda m: st.tuples(
            _rows(m),
            st.lists(_rows(m), max_size=3),
            st.lists(st.booleans(), min_size=m, max_size=m),
        )
    )
)
def test_vacuous_rows_match_the_elementwise_definition(drawn: Any) -> None:
    """The reductions that skip finite operands change no row: the plain formula agrees."""
    computed, operands, holds = drawn
    holds = np.array(holds)
    unbounded = ~(np.isfinite(computed.lo) & np.isfinite(computed.hi))
    for iv in operands:
        unbounded |= ~(np.isfinite(iv.lo) & np.isfinite(iv.hi))
    expected = computed.is_empty | (unbounded & holds)
    got = vacuous_rows(computed, operands, holds)
    assert got.dtype == bool
    assert got.tolist() == expected.tolist()
