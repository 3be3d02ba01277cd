"""No filings, no external verdict: the external row says "no filing" instead of repeating.

Known pass: a claim with a filed operand is evaluated externally. Known fail: a claim whose
operands have no filed figure is `unverifiable` externally with `missing` "no filing".
"""

from __future__ import annotations

from pathlib import Path

from casekit import record

from checks.claims.batch import fact_intervals
from checks.claims.evaluate import evaluate
from checks.claims.filings import NO_FILING, has_filing, mark_no_filing
from checks.claims.operands import parse_expr
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Scenario, Verdict
from checks.numbers.hedge import DEFAULT_POLICY
from checks.pipeline import run_case

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
