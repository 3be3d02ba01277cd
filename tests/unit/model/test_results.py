"""Tests for checks.model.results and the result enums: one list of words, orders, combinations."""

from __future__ import annotations

import math

import pytest

from checks.claims.verdicts import Grade, Scenario, Verdict
from checks.model import combined_verdict, schema, worst
from checks.model.results import EMPTY, OperandUse, is_empty
from checks.numbers.interval import Bounds


def test_every_verdict_has_a_severity_and_the_worst_comes_first() -> None:
    assert [v.value for v in Verdict.worst_first()] == [
        "fails",
        "not_computable",
        "unverifiable",
        "holds",
    ]
    assert len({v.severity for v in Verdict}) == len(Verdict)  # a new member needs its own rank


def test_the_schema_lists_exactly_the_enum_words() -> None:
    """The schema documents the verdicts, scenarios and grades the enums declare, no more."""
    defs = schema()["$defs"]
    assert defs["verdict"]["enum"] == [v.value for v in Verdict]
    assert defs["scenario"]["enum"] == [s.value for s in Scenario]
    assert defs["outcome"]["properties"]["grade"]["enum"] == ["", *(g.value for g in Grade)]


@pytest.mark.parametrize(
    ("verdicts", "worst_one", "combined"),
    [
        ([Verdict.UNVERIFIABLE, Verdict.HOLDS], Verdict.UNVERIFIABLE, Verdict.HOLDS),
        ([Verdict.HOLDS, Verdict.FAILS], Verdict.FAILS, Verdict.FAILS),
        ([Verdict.HOLDS, Verdict.NOT_COMPUTABLE], Verdict.NOT_COMPUTABLE, Verdict.NOT_COMPUTABLE),
        (
            [Verdict.UNVERIFIABLE, Verdict.NOT_COMPUTABLE],
            Verdict.NOT_COMPUTABLE,
            Verdict.NOT_COMPUTABLE,
        ),
        ([Verdict.UNVERIFIABLE, Verdict.UNVERIFIABLE], Verdict.UNVERIFIABLE, Verdict.UNVERIFIABLE),
        ([Verdict.HOLDS, None], Verdict.HOLDS, Verdict.HOLDS),
        ([None, None], None, None),
        ([], None, None),
    ],
)
def test_worst_and_combined_verdicts(
    verdicts: list[Verdict | None], worst_one: Verdict | None, combined: Verdict | None
) -> None:
    assert worst(verdicts) == worst_one
    assert combined_verdict(verdicts) == combined


def test_empty_intervals_are_recognised() -> None:
    assert is_empty(EMPTY)
    assert is_empty(Bounds(2.0, 1.0, False, False))
    assert is_empty(Bounds(2.0, 2.0, True, False))
    assert not is_empty(Bounds(2.0, 2.0, False, False))  # a point
    assert not is_empty(Bounds(-math.inf, math.inf, False, False))


def test_operand_uses_read_back_what_they_write() -> None:
    uses = (OperandUse("a", "a"), OperandUse("b", "b_filed"), OperandUse("c", None))
    text = ",".join(str(u) for u in uses)
    assert text == "a,b->b_filed,c->missing"
    assert OperandUse.parse_list(text) == uses
    assert OperandUse.parse_list("") == ()
