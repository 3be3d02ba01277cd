"""Tests for checks.model.results and the result enums: one list of words, orders, combinations."""

from __future__ import annotations

import math

import pytest

from checks.claims.filings import NO_FILING
from checks.claims.verdicts import Grade, Scenario, Verdict
from checks.model import NO_REVIEW, Outcome, combined_verdict, review_text, schema, worst
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


def _outcome(verdict: Verdict, missing: tuple[str, ...], reviewed: Verdict | None) -> Outcome:
    point = Bounds(1.0, 1.0, False, False)
    return Outcome(Scenario.EXTERNAL, verdict, reviewed, point, None, 0.0, None, missing, None,
                   None, "", ())  # fmt: skip


@pytest.mark.parametrize(
    ("verdict", "missing", "differs"),
    [
        (Verdict.UNVERIFIABLE, (NO_FILING,), False),  # the one row an empty review matches
        (Verdict.UNVERIFIABLE, ("m_prev",), True),  # unverifiable for another reason
        (Verdict.HOLDS, (), True),
        (Verdict.FAILS, (), True),
        (Verdict.NOT_COMPUTABLE, (), True),
    ],
)
def test_an_empty_review_matches_only_the_no_filing_row(
    verdict: Verdict, missing: tuple[str, ...], differs: bool
) -> None:
    assert _outcome(verdict, missing, None).differs is differs
    assert _outcome(verdict, missing, None).no_filing is not differs


def test_a_review_given_where_there_is_no_filing_still_counts() -> None:
    """A reviewer may still write unverifiable there (as before); holds would differ."""
    assert not _outcome(Verdict.UNVERIFIABLE, (NO_FILING,), Verdict.UNVERIFIABLE).differs
    assert _outcome(Verdict.UNVERIFIABLE, (NO_FILING,), Verdict.HOLDS).differs


def test_an_empty_review_is_shown_as_such_and_a_verdict_as_its_word() -> None:
    assert review_text(None) == NO_REVIEW == "— (no filing)"
    assert review_text(Verdict.FAILS) == "fails"
