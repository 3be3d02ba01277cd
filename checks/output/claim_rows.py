"""Render the claims table: one line per claim, its scenarios side by side with the review.

The results model holds one outcome per claim and scenario; a reader wants one line per
claim with the internal and external verdicts side by side, next to what the reviewer
recorded. The chart, the figure cards and this table all read `ClaimResult`s in report
order (failures first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checks.claims.verdicts import Scenario, Verdict
from checks.model import ClaimResult, Outcome, review_text
from checks.numbers.formatting import format_number
from checks.output.html import anchor, badge, breakable, esc, interval_text, table

__all__ = ["Side", "claims_table", "distance_text", "side_html", "sides"]


@dataclass(frozen=True)
class Side:
    """One scenario of one claim as shown: its outcome (None if not evaluated) and review."""

    scenario: Scenario
    outcome: Outcome | None
    reviewed: Verdict | None  # None: left empty, for want of a filing

    @property
    def verdict(self) -> str:
        """The computed verdict's word, or '' when the case was not evaluated."""
        return self.outcome.verdict.value if self.outcome is not None else ""

    @property
    def differs(self) -> bool:
        return self.outcome is not None and self.outcome.differs


def sides(claim: ClaimResult) -> tuple[Side, ...]:
    """Return the claim's scenarios in order, each with its outcome and review."""
    return tuple(Side(s, claim.outcome(s), claim.reviewed[s]) for s in Scenario)


def distance_text(o: Outcome, unit: str) -> str:
    """Say how far a failure is off, and its grade ('' for anything but a failure)."""
    if o.verdict != Verdict.FAILS:
        return ""
    shown = format_number(o.distance, "pp" if unit == "pct" else unit)
    grade = o.grade.value if o.grade is not None else "ungraded"
    return f"{o.scenario}: off by {shown} ({grade})"


def _implied_text(o: Outcome) -> str:
    if o.verdict != Verdict.UNVERIFIABLE:
        return ""
    missing = f"missing {esc(', '.join(o.missing) or '?')}"
    if o.implied is None or not o.implied_role:
        return f"{esc(o.scenario)}: {missing}"
    value = interval_text(o.implied, o.implied_unit)
    return f"{esc(o.scenario)}: {missing}; implied {esc(o.implied_role)} {esc(value)}"


def side_html(side: Side) -> str:
    """Show one scenario's computed verdict over the reviewed one, flagging a difference."""
    mark = (
        '<strong class="differs" title="computed verdict differs from the reviewed one">'
        "≠ reviewed</strong>"
        if side.differs
        else ""
    )
    return (
        f"{badge(side.verdict)} {mark}"
        f'<div class="reviewed">reviewed: {esc(review_text(side.reviewed))}</div>'
    )


def claims_table(claims: Sequence[ClaimResult]) -> str:
    """Render one row per claim: verdicts, intervals, failure distance, implied values, review."""
    rows = []
    for spec in claims:
        outcomes = [o for o in (spec.outcome(s) for s in Scenario) if o is not None]
        notes = [esc(t) for t in (distance_text(o, spec.unit) for o in outcomes) if t]
        notes += [esc(o.not_computable) for o in outcomes if o.not_computable]
        implied = [t for t in (_implied_text(o) for o in outcomes) if t]
        differs = (
            '<div class="differs-row">⚠ computed verdict differs from review</div>'
            if spec.differs
            else ""
        )
        stated = {interval_text(o.stated, spec.unit) for o in outcomes}
        if spec.rests_on_draft:
            differs += (
                '<div class="differs-row">draft: the claim or a fact it uses is not yet '
                "confirmed</div>"
            )
        internal, external = (spec.outcome(s) for s in Scenario)
        cells = [
            f'<a class="claim-id" href="#{anchor("claim", spec.claim_id)}">{breakable(spec.claim_id)}</a>'
            f'<div class="kind">{esc(spec.kind)}</div>{differs}'
            f'<div class="quote">「{esc(spec.quote)}」</div>',
            *(side_html(side) for side in sides(spec)),
            "<br>".join(esc(t) for t in sorted(stated)) or "—",
            *(
                esc(interval_text(o.computed if o else None, spec.unit))
                for o in (internal, external)
            ),
            "<br>".join(notes),
            "<br>".join(implied),
            esc(spec.reason) + (f'<div class="note">{esc(spec.note)}</div>' if spec.note else ""),
        ]
        verdict = spec.verdict.value if spec.verdict is not None else ""
        cls = f"v-row-{verdict or 'none'}" + (" mismatch" if spec.differs else "")
        attrs = (
            f' id="{anchor("claim", spec.claim_id)}" class="{esc(cls)}"'
            f' data-claim="{esc(spec.claim_id)}" data-verdict="{esc(verdict)}"'
        )
        rows.append((attrs, cells))
    head = (
        "claim",
        "internal",
        "external",
        "stated",
        "computed (internal)",
        "computed (external)",
        "failure: distance, grade; not computable: why",
        "unverifiable: implied value",
        "reviewer's reason",
    )
    return table(head, rows, "data claims")
