"""Render a case's results as text for the terminal: its claims table, findings and mismatches.

`validate` prints these (the table unless `--quiet`; the mismatch lines always, on stderr),
and the gate keeps each case's mismatch lines with it.
"""

from __future__ import annotations

import pandas as pd

from checks.claims.verdicts import Scenario, Verdict
from checks.model import CaseResult, ClaimResult, review_text
from checks.numbers.formatting import format_interval

__all__ = ["mismatch_lines", "not_computable_lines", "render_findings", "render_table"]


def _rank(claim: ClaimResult) -> int:
    """Rank a claim for the table: differs from review (0), fails or not computable (1), the rest."""
    if claim.differs:
        return 0
    bad = {Verdict.FAILS, Verdict.NOT_COMPUTABLE}
    return 1 if any(o.verdict in bad for o in claim.outcomes.values()) else 2


def render_table(result: CaseResult, width: int = 44) -> str:
    """Render a case's claims as a text table, mismatches first, then failures, then the rest."""
    if not result.evaluated:
        return f"{result.case_id}: no claims evaluated"
    rows = []
    for claim in result.claims:
        draft = " (draft)" if claim.rests_on_draft else ""
        cells = [claim.claim_id[:width] + draft, claim.kind]
        for scenario in Scenario:
            o = claim.outcomes[scenario]
            if scenario == Scenario.INTERNAL:
                s = o.stated
                cells.append(format_interval(s.lo, s.hi, s.lo_open, s.hi_open, claim.unit))
            c = o.computed
            cells.append(
                format_interval(c.lo, c.hi, False, False, claim.unit) if c is not None else "—"
            )
            mark = f" ≠ reviewed {review_text(o.reviewed)}" if o.differs else ""
            cells.append(o.verdict.value + mark + draft)
        cells.append(" / ".join(review_text(claim.reviewed[s]) for s in Scenario))
        rows.append((_rank(claim), claim.line, cells))
    rows.sort(key=lambda r: (r[0], r[1]))
    header = [
        "claim",
        "kind",
        "stated",
        *(f"{what} ({s})" for s in Scenario for what in ("computed", "verdict")),
        "reviewed (" + " / ".join(Scenario) + ")",
    ]
    table = pd.DataFrame([r[2] for r in rows], columns=header)
    text = f"== {result.case_id} ({result.hedge_policy})\n" + table.to_string(index=False)
    text += "".join(f"\n{line}" for line in not_computable_lines(result))
    return text + "\n\n" + render_findings(result)


def not_computable_lines(result: CaseResult) -> list[str]:
    """List each claim and scenario that is not computable, with the operand to blame."""
    return [
        f"{claim.claim_id}: {o.not_computable}"
        for claim in result.claims
        for o in claim.outcomes.values()
        if o.not_computable
    ]


def mismatch_lines(result: CaseResult, where: str) -> list[str]:
    """Describe each computed verdict that differs from its review, at its line of `where`.

    `where` names the case's claims.csv. A `not_computable` verdict carries the operand to
    blame, so the line says what to fix.
    """
    lines = []
    for m in result.mismatches:
        reason = m.claim.outcomes[m.scenario].not_computable
        lines.append(
            f"{where}:{m.claim.line}: claim {m.claim.claim_id!r}: {m.scenario} verdict is "
            f"{m.verdict.value!r} but the reviewed verdict is {review_text(m.reviewed)!r}"
            + (f"; {reason}" if reason else "")
        )
    return lines


def render_findings(result: CaseResult) -> str:
    """List a case's findings in plain language, numbered, as the report opens with them."""
    if not result.findings:
        return f"Findings ({result.case_id}): none"
    lines = [f"Findings ({result.case_id}): {len(result.findings)}"]
    lines += [f"{i}. {f.line()}" for i, f in enumerate(result.findings, 1)]
    return "\n".join(lines)
