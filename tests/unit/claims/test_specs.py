"""Pin down unit inference over operand expressions (the unit algebra of claim specs).

Known pass: every combination the harness accepts (sums of equal units, money times shares,
quotients of equal units); known fail: each combination it refuses, with its exact message.
"""

from __future__ import annotations

import pytest
from casekit import record

from checks.claims.operands import Missing, Op, Ref, parse_expr
from checks.claims.specs import UnitError, unit_of
from checks.inputs.facts import FactRecord

RECORDS: dict[str, FactRecord] = {
    r.fact_id: r
    for r in (
        record("rev", "CNY", "1250000000", decimals=-7),
        record("rev_prev", "CNY", "1042000000", period="2024H1"),
        record("usd", "USD"),
        record("growth", "pct", "20"),
        record("margin", "pct", "35.2"),
        record("mult", "ratio", "1.2"),
        record("price", "HKD", "5.83"),
        record("shares", "shares", "69375000"),
        record("gross", "HKD", "404000000"),
        record("age", "years", "10"),
        record("n", "count", "3"),
        record("cap", "CNY"),
        record("part", "CNY"),
    )
}


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("rev", "CNY"),
        ("100", None),
        ("?", None),
        ("rev+part", "CNY"),
        ("rev-part-cap", "CNY"),
        ("rev*100", "CNY"),
        ("price*shares", "HKD"),
        ("shares*price", "HKD"),
        ("mult*rev", "CNY"),
        ("rev*mult", "CNY"),
        ("cap*age", "CNY"),
        ("n*usd", "USD"),
        ("rev/rev_prev", "ratio"),
        ("growth/margin", "ratio"),
        ("gross/shares", "HKD"),
        ("rev/mult", "CNY"),
        ("rev/n", "CNY"),
        ("(rev+part)/cap", "ratio"),
    ],
)
def test_unit_of(text: str, unit: str | None) -> None:
    assert unit_of(parse_expr(text), RECORDS) == unit


def test_unit_of_missing_operand_takes_the_other_unit() -> None:
    assert unit_of(Op("*", Ref("rev"), Missing()), RECORDS) == "CNY"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rev+growth", "cannot add or subtract 'CNY' and 'pct'"),
        ("rev-usd", "cannot add or subtract 'CNY' and 'USD'"),
        ("rev*part", "cannot multiply 'CNY' by 'CNY'"),
        ("rev*usd", "cannot multiply 'CNY' by 'USD'"),
        ("growth*rev", "cannot multiply 'pct' by 'CNY'"),
        ("growth/rev", "cannot divide 'pct' by 'CNY'"),
        ("shares/price", "cannot divide 'shares' by 'HKD'"),
        ("rev/age", "cannot divide 'CNY' by 'years'"),
    ],
)
def test_unit_of_refuses(text: str, message: str) -> None:
    with pytest.raises(UnitError) as exc:
        unit_of(parse_expr(text), RECORDS)
    assert str(exc.value) == message
