"""Findings: every failing claim and misattributed figure in plain language, shown first.

The real case's report, printed table and results.json open (or end) with the same list:
the sentence, what the figures give, by how much, the likely explanation and the filed
figure with its link.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from checks.gate import render_findings, render_table
from checks.model import CaseResult
from checks.output.report import case_page
from checks.output.results import case_payload
from checks.pipeline import run_case

REPO = Path(__file__).resolve().parents[3]


@functools.cache
def real() -> CaseResult:
    return run_case(REPO / "datasets", "kingsoft-cloud-ai-strategy")


def test_every_failing_claim_is_a_finding_then_the_misattributed_figures() -> None:
    result = real()
    failing = [
        r["claim_id"]
        for r in result.summary.to_dict("records")
        if "fails" in (r["internal_verdict"], r["external_verdict"])
    ]
    subjects = [f.subject for f in result.findings]
    assert subjects[: len(failing)] == failing
    assert [f.kind for f in result.findings] == ["fails"] * len(failing) + ["misattributed"]
    for f in result.findings:
        assert f.quote and f.quote in result.case.source
        assert f.stated and f.computed and f.by and f.text.startswith(f"「{f.quote}」")


def test_nearly_seven_times_is_explained_by_the_second_quarter() -> None:
    by = {f.subject: f for f in real().findings}
    finding = by["capex_growth_vs_revenue_growth"]
    assert finding.scenario == "external"
    assert finding.explanation.startswith(
        "b taken from 2025Q2 (kc_rev_yoy_q2_2025) instead of 2025H1"
    )
    assert "kc_rev_yoy_h1_2025" in finding.filed and finding.url.startswith("https://")
    trend = by["annual_losses_kept_widening"]
    assert "items[2] (kc_netloss_fy2023) would have to be" in trend.text


def test_the_table_ends_with_the_findings_and_the_report_opens_with_them() -> None:
    result = real()
    printed = render_table(result)
    assert printed.endswith(render_findings(result))
    assert all(f.line() in printed for f in result.findings)
    page = case_page(result)
    h1 = page.index("<h1>")
    assert page.index('<section id="findings">') > h1
    assert page.index('<section id="findings">') < page.index('<dl class="meta">')
    assert page.index('<section id="findings">') < page.index('id="article"')
    assert f"Findings ({len(result.findings)})" in page
    payload = json.loads(json.dumps(case_payload(result), ensure_ascii=False))
    assert [f["text"] for f in payload["findings"]] == [f.text for f in result.findings]


def test_a_case_without_findings_says_so() -> None:
    result = real()
    empty = CaseResult(**{**result.__dict__, "findings": []})
    assert render_findings(empty).endswith(": none")
    assert "No claim fails and no figure is misattributed." in case_page(empty)
