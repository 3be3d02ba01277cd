"""Findings: every failing claim and misattributed figure in plain language, shown first.

The real case's report, printed table and results.json open (or end) with the same list:
the sentence, what the figures give, by how much, the likely explanation and the filed
figure with its link.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

from checks.claims.verdicts import Verdict
from checks.model import CaseResult, case_document, results_document
from checks.output import report
from checks.output.console import render_findings, render_table
from checks.pipeline import CaseRun, run_case

REPO = Path(__file__).resolve().parents[3]


@functools.cache
def real_run() -> CaseRun:
    return run_case(REPO / "datasets", "kingsoft-cloud-ai-strategy")


def real() -> CaseResult:
    return real_run().result


def case_page(result: CaseResult) -> str:
    return report.case_page(result, real_run().case.source)


def test_every_failing_claim_is_a_finding_then_the_misattributed_figures() -> None:
    result = real()
    failing = [
        c.claim_id
        for c in result.claims
        if any(o.verdict == Verdict.FAILS for o in c.outcomes.values())
    ]
    subjects = [f.subject for f in result.findings]
    assert subjects[: len(failing)] == failing
    assert [f.kind for f in result.findings] == ["fails"] * len(failing) + ["misattributed"]
    for f in result.findings:
        assert f.quote and f.quote in real_run().case.source
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
    payload = json.loads(json.dumps(case_document(result), ensure_ascii=False))
    texts = [f["text"] for f in payload["findings"]]
    assert results_document([result])["cases"][0]["findings"] == len(texts)
    assert texts == [f.text for f in result.findings]


def test_a_case_without_findings_says_so() -> None:
    result = real()
    empty = dataclasses.replace(result, findings=())
    assert render_findings(empty).endswith(": none")
    assert "No claim fails and no figure is misattributed." in case_page(empty)
