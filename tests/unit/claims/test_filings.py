"""No filings, no external verdict: the external row says "no filing" instead of repeating.

Known pass: a claim with a filed operand is evaluated externally. Known fail: a claim whose
operands have no filed figure is `unverifiable` externally with `missing` "no filing".
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from casekit import record

from checks.claims.batch import fact_intervals
from checks.claims.evaluate import evaluate
from checks.claims.filings import (
    NO_FILING,
    empty_reviews,
    filed_operands,
    has_filing,
    mark_no_filing,
)
from checks.claims.operands import parse_expr
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Scenario, Verdict
from checks.numbers.hedge import DEFAULT_POLICY
from checks.pipeline import run_case
from checks.problems import ProblemCode

REPO = Path(__file__).resolve().parents[3]
FACTS = {
    f.fact_id: f
    for f in (
        record("m", "pct", "35.2", decimals=1, concept="margin"),
        record("m_prev", "pct", "33.0", decimals=1, concept="margin", period="2024H1"),
        record("m_filed", "pct", "35.21", decimals=2, concept="margin", origin="reference"),
    )
}


def spec(operands: dict[str, str]) -> ClaimSpec:
    ops = {role: [parse_expr(text)] for role, text in operands.items()}
    ids = tuple(operands.values())
    return ClaimSpec("c", "pp_change", None, ops, {"direction": "up", "min_pp": "0"}, "q",
                     dict.fromkeys(Scenario, Verdict.HOLDS), "r", 2, fact_ids=ids)  # fmt: skip


def rows(s: ClaimSpec) -> dict[str, dict[str, object]]:
    fx = fact_intervals(FACTS, DEFAULT_POLICY)
    frame = mark_no_filing(evaluate([s], fx, 2025), [s], fx)
    return {str(r["scenario"]): r for r in frame.to_dict("records")}


def test_a_claim_with_a_filed_operand_is_evaluated_externally() -> None:
    s = spec({"new": "m", "old": "m_prev"})
    assert has_filing(s, fact_intervals(FACTS, DEFAULT_POLICY))
    got = rows(s)
    assert got["external"]["verdict"] == "holds" and got["external"]["missing"] == ""
    assert got["external"]["operands_used"] == "m->m_filed,m_prev"


def test_a_claim_without_a_filing_says_so_externally() -> None:
    facts = {k: v for k, v in FACTS.items() if k != "m_filed"}
    s = spec({"new": "m", "old": "m_prev"})
    assert not has_filing(s, fact_intervals(facts, DEFAULT_POLICY))
    fx = fact_intervals(facts, DEFAULT_POLICY)
    assert set(evaluate([s], fx, 2025)["verdict"]) == {"holds"}  # evaluate alone repeats it
    frame = mark_no_filing(evaluate([s], fx, 2025), [s], fx)
    internal, external = frame.to_dict("records")
    assert internal["verdict"] == "holds"
    assert external["verdict"] == "unverifiable" and external["missing"] == NO_FILING
    assert external["computed_lo"] != external["computed_lo"]  # NaN: nothing compared
    assert external["explanation"] == "" and external["grade"] == ""


def test_the_real_case_reviews_unfiled_external_rows_as_unverifiable() -> None:
    result = run_case(REPO / "datasets", "kingsoft-cloud-ai-strategy")
    assert result.problems == []
    ev = result.evaluation[result.evaluation["scenario"] == "external"]
    unfiled = set(ev.loc[ev["missing"] == NO_FILING, "claim_id"])
    assert {
        "debt_ratio_rose_markedly",
        "years_since_founding",
        "cap_raised_substantially",
    } <= unfiled
    for s in result.specs:
        if s.claim_id in unfiled:
            assert s.reviewed[Scenario.EXTERNAL] is Verdict.UNVERIFIABLE, s.claim_id
    assert result.result.mismatches == ()


def unreviewed(operands: dict[str, str]) -> ClaimSpec:
    """The claim of `spec`, its external review left empty in claims.csv (line 2)."""
    s = spec(operands)
    return replace(s, reviewed={Scenario.INTERNAL: Verdict.HOLDS, Scenario.EXTERNAL: None})


def test_an_empty_review_is_refused_where_an_operand_has_a_filing() -> None:
    s = unreviewed({"new": "m", "old": "m_prev"})
    fx = fact_intervals(FACTS, DEFAULT_POLICY)
    assert filed_operands(s, fx) == ["'m' has the filed counterpart 'm_filed'"]
    (got,) = empty_reviews([s], fx, "datasets/x/claims.csv")
    assert (got.file, got.line, got.column, got.code) == (
        "datasets/x/claims.csv", 2, "reviewed_external", ProblemCode.EMPTY_REVIEW,
    )  # fmt: skip
    assert got.message == (
        "reviewed_external '' is empty, but claim 'c' has a filing: operand 'm' has the filed "
        "counterpart 'm_filed'; give the verdict the filed figures give (holds, fails, "
        "unverifiable, not_computable); leave it empty only where no operand has a filed figure"
    )


def test_a_filed_figure_named_as_an_operand_is_a_filing_too() -> None:
    s = unreviewed({"new": "m_filed", "old": "m_prev"})
    fx = fact_intervals(FACTS, DEFAULT_POLICY)
    assert filed_operands(s, fx) == ["'m_filed' is a filed figure (reference.csv line 2)"]
    assert [p.code for p in empty_reviews([s], fx, "claims.csv")] == [ProblemCode.EMPTY_REVIEW]


def test_an_empty_review_without_a_filing_or_a_given_review_is_accepted() -> None:
    facts = {k: v for k, v in FACTS.items() if k != "m_filed"}
    unfiled = fact_intervals(facts, DEFAULT_POLICY)
    assert empty_reviews([unreviewed({"new": "m", "old": "m_prev"})], unfiled, "claims.csv") == []
    filed = fact_intervals(FACTS, DEFAULT_POLICY)
    assert empty_reviews([spec({"new": "m", "old": "m_prev"})], filed, "claims.csv") == []
